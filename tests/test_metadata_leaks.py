"""No output says where or by whom it was made: no local path, no user name, no host name.

Every input sits in a temporary folder (the case with its photo, a user template folder, a user
locale folder, a user stylesheet, a reference .docx), so that a path of any of them, of the
source tree or of the home folder would show in a leak. Every kind is rendered in two locales and
every format (and the PDF in the archival and accessible variants), and every view of
tests/hostile/outputs.py is searched: the raw bytes, the decompressed PDF streams and decoded PDF
strings (document info, XMP metadata), every DOCX part (core.xml, app.xml, settings.xml, the
relationships), every e-mail header and part.
"""

from __future__ import annotations

import datetime as dt
import getpass
import io
import re
import shutil
import socket
from pathlib import Path

import pytest

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import Case, Recipient, Sender
from tests.hostile.outputs import is_binary, strings_in, views

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "hostile" / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (30, 40), (90, 90, 90)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, Renderer], Case, Recipient, Sender]:
    """Inputs in a temporary folder and renderers that use every kind of user folder."""
    top = tmp_path_factory.mktemp("leak-check")
    folder = top / "case folder"
    folder.mkdir()
    (folder / "portrait.png").write_bytes(_png())
    text = (FIXTURE / "case.yaml").read_text(encoding="utf-8")
    (folder / "case.yaml").write_text(
        text.replace("  gender: female\n", "  gender: female\n  photo: portrait.png\n", 1),
        encoding="utf-8",
    )
    templates = top / "templates"
    (templates / "partials").mkdir(parents=True)  # a user folder that overrides nothing
    locales = top / "locales"
    shutil.copytree(ROOT / "tests" / "fixtures" / "user_locales", locales)
    css = top / "css" / "house.css"
    css.parent.mkdir()
    css.write_text("h1 { letter-spacing: 0.01em }\n", encoding="utf-8")
    reference = top / "reference.docx"
    shutil.copy(ROOT / "templates" / "reference.docx", reference)
    options = {
        "template_dirs": [templates],
        "locale_dirs": [locales],
        "reference_docx": reference,
        "stylesheets": [css],
    }
    renderers = {
        "": Renderer(**options),  # type: ignore[arg-type]
        "pdf/a-3u": Renderer(**options, pdf_variant="pdf/a-3u"),  # type: ignore[arg-type]
        "pdf/ua-1": Renderer(**options, pdf_variant="pdf/ua-1"),  # type: ignore[arg-type]
    }
    return (
        top,
        renderers,
        load_case(folder / "case.yaml"),
        load_recipients(FIXTURE / "recipients.yaml")[0],
        load_senders(FIXTURE / "senders.yaml")[0],
    )


def local_identifiers(top: Path) -> list[str]:
    """Paths that must never appear in an output, searched in every view."""
    return [str(ROOT), str(top), str(top.resolve()), "/tmp/", str(Path.home()) + "/", "file:/"]


def names_in(found: dict[str, str]) -> list[str]:
    """The text views that hold the user's login name or the machine's name as a word.

    These may be short common words ("root", "vm"), which turn up by chance in the bytes of a
    font or an image; they are searched in every view but those (see outputs.is_binary).
    """
    words = "|".join(re.escape(w) for w in {getpass.getuser(), socket.gethostname()} if w)
    pattern = re.compile(rf"(?<![A-Za-z0-9_.-])({words})(?![A-Za-z0-9_-])")
    return [name for name, text in found.items() if not is_binary(name) and pattern.search(text)]


KINDS = sorted(Renderer().kinds())


@pytest.mark.parametrize("kind", KINDS)
def test_no_local_path_user_or_host_name_in_any_output(
    kind: str, setup: tuple[Path, dict[str, Renderer], Case, Recipient, Sender]
) -> None:
    top, renderers, case, recipient, sender = setup
    renderer = renderers[""]
    spec = renderer.kinds()[kind]
    locales = [loc for loc in ("en", "uk") if not spec.locales or loc in spec.locales]
    needles = local_identifiers(top)
    searched = 0
    for locale in locales:
        for fmt in spec.formats:
            out = renderer.render(
                case,
                kind=kind,
                locale=locale,
                fmt=fmt,
                recipient=recipient,
                sender=sender,
                today=TODAY,
            )
            found = views(fmt, out.data)
            assert strings_in(found, needles) == {}, (locale, fmt)
            assert names_in(found) == [], (locale, fmt)
            searched += 1
    assert searched == len(locales) * len(spec.formats)


@pytest.mark.parametrize("variant", ["pdf/a-3u", "pdf/ua-1"])
def test_archival_and_accessible_pdfs_carry_no_local_names(
    variant: str, setup: tuple[Path, dict[str, Renderer], Case, Recipient, Sender]
) -> None:
    top, renderers, case, recipient, sender = setup
    for kind in ("letter", "briefing"):
        out = renderers[variant].render(
            case, kind=kind, fmt="pdf", recipient=recipient, sender=sender, today=TODAY
        )
        found = views("pdf", out.data)
        assert "xmpmeta" in found["streams"]  # the XMP metadata was searched too
        assert strings_in(found, local_identifiers(top)) == {}
        assert names_in(found) == []


def test_the_search_would_find_a_path_and_a_name() -> None:
    """The control: a path and the user's name written into the metadata are found."""
    from advocacy_docs.resources import ResourceFetcher
    from advocacy_docs.writers.base import DocumentMeta, RenderedDocument
    from advocacy_docs.writers.docx import write_docx
    from advocacy_docs.writers.pdf import write_pdf

    secret, user = str(ROOT / "secret"), getpass.getuser()
    doc = RenderedDocument(
        html=f"<!DOCTYPE html><html lang='en'><head><title>{secret}</title>"
        f"<meta name='author' content='{user}'></head><body><p>x</p></body></html>",
        meta=DocumentMeta(title=secret, lang="en", author=user),
        fetcher=ResourceFetcher([]),
    )
    for fmt, data in (("pdf", write_pdf(doc)), ("docx", write_docx(doc))):
        found = views(fmt, data)
        assert str(ROOT) in strings_in(found, [str(ROOT)]), fmt
        assert names_in(found), fmt
