"""Hostile paths: photos, template assets and user stylesheets that point at local files, at the
network, out of their folder (``../``, symlinks) or at things that are not files. Each is refused
with an error that names it, or rendered without it; no file outside the allowed folders is ever
opened and no connection is ever made (tests/hostile/guard.py watches every render).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest

from advocacy_docs import Renderer, load_case, load_senders
from advocacy_docs.case import Sender
from advocacy_docs.errors import AdvocacyError, InputError, RenderError, ResourceError
from tests.hostile.guard import allowed_roots, assert_contained, system_roots, watching

REDACTION = Path(__file__).parent / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buf, format="PNG")
    return buf.getvalue()


PNG = _png()


@pytest.fixture
def sender() -> Sender:
    return load_senders(REDACTION / "senders.yaml")[0]


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """A case folder, and beside it a secret image and a secret text nobody may read."""
    folder = tmp_path / "case"
    folder.mkdir()
    secret_png = tmp_path / "secret.png"
    secret_png.write_bytes(PNG)
    secret_txt = tmp_path / "secret.txt"
    secret_txt.write_text("the lawyer's phone number")
    return {"top": tmp_path, "case": folder, "png": secret_png, "txt": secret_txt}


def _write_case(folder: Path, photo: str | None) -> Path:
    text = (REDACTION / "case.yaml").read_text(encoding="utf-8")
    if photo is not None:
        quoted = photo.replace("'", "''")
        text = text.replace("  gender: female\n", f"  gender: female\n  photo: '{quoted}'\n", 1)
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- photos -----------------------------------------------------------------------------------

REFUSED_AT_LOAD = [
    "file:///etc/passwd",
    "http://127.0.0.1/p.png",
    "https://example.org/p.png",
    "data:image/png;base64,AAAA",
    "../secret.png",
    "sub/../../secret.png",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\p.png",
    "..\\secret.png",
    " ",
]


@pytest.mark.parametrize("photo", REFUSED_AT_LOAD)
def test_photo_outside_the_case_folder_is_refused_when_loading(
    photo: str, tree: dict[str, Path]
) -> None:
    path = _write_case(tree["case"], photo)
    with watching() as activity, pytest.raises(InputError) as caught:
        load_case(path)
    assert_contained(activity, [tree["case"], *system_roots()])
    assert str(path) in str(caught.value) and "person.photo" in str(caught.value)


def _symlink_out(tree: dict[str, Path]) -> str:
    (tree["case"] / "portrait.png").symlink_to(tree["png"])
    return "portrait.png"


def _symlinked_folder(tree: dict[str, Path]) -> str:
    (tree["case"] / "photos").symlink_to(tree["top"], target_is_directory=True)
    return "photos/secret.png"


def _fifo(tree: dict[str, Path]) -> str:
    os.mkfifo(tree["case"] / "pipe.png")  # reading it would wait for ever
    return "pipe.png"


def _folder(tree: dict[str, Path]) -> str:
    (tree["case"] / "folder.png").mkdir()
    return "folder.png"


def _device(tree: dict[str, Path]) -> str:
    (tree["case"] / "zero.png").symlink_to("/dev/zero")
    return "zero.png"


def _not_an_image(tree: dict[str, Path]) -> str:
    (tree["case"] / "notes.png").write_text("the lawyer's notes")
    return "notes.png"


def _encoded_traversal(tree: dict[str, Path]) -> str:
    return "..%2fsecret.png"


REFUSED_AT_RENDER = {
    "symlink out of the folder": (_symlink_out, "outside"),
    "symlinked folder": (_symlinked_folder, "outside"),
    "named pipe": (_fifo, "not a file"),
    "a folder": (_folder, "not a file"),
    "a device": (_device, "outside"),
    "not an image": (_not_an_image, "is not a JPEG, PNG or GIF"),
    "percent-encoded ../": (_encoded_traversal, "does not exist"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_AT_RENDER))
@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_photo_that_is_no_image_in_the_folder_is_refused_when_rendering(
    name: str, fmt: str, tree: dict[str, Path], sender: Sender
) -> None:
    make, expected = REFUSED_AT_RENDER[name]
    case = load_case(_write_case(tree["case"], make(tree)))
    renderer = Renderer()
    with watching() as activity, pytest.raises(InputError) as caught:
        renderer.render(case, kind="briefing", fmt=fmt, sender=sender, today=TODAY)
    assert_contained(activity, allowed_roots(renderer, [tree["case"]]))
    message = str(caught.value)
    assert "person.photo" in message and expected in message, message


def test_photo_beside_the_case_is_the_only_file_read_from_its_folder(
    tree: dict[str, Path], sender: Sender
) -> None:
    (tree["case"] / "portrait.png").write_bytes(PNG)
    case = load_case(_write_case(tree["case"], "portrait.png"))
    renderer = Renderer()
    for fmt in ("html", "pdf", "docx"):
        with watching() as activity:
            renderer.render(case, kind="briefing", fmt=fmt, sender=sender, today=TODAY)
        assert_contained(activity, allowed_roots(renderer, [tree["case"]]))
        read = {p for p, _ in activity.opened if tree["top"] in p.parents}
        assert read == {tree["case"] / "portrait.png"}, read


# -- assets in a user template ----------------------------------------------------------------

ASSETS = {
    "img file:///etc/passwd": '<img src="file:///etc/passwd">',
    "img http://127.0.0.1": '<img src="http://127.0.0.1/beacon.png">',
    "img ../ out of the folder": '<img src="../../secret.png">',
    "img symlinked out": '<img src="assets/link.png">',
    "attachment file:///etc/passwd": '<link rel="attachment" href="file:///etc/passwd">',
    "attachment ../": '<link rel="attachment" href="../../secret.txt">',
    "attachment symlinked out": '<a rel="attachment" href="assets/link.txt">x</a>',
    "stylesheet http://127.0.0.1": '<link rel="stylesheet" href="http://127.0.0.1/s.css">',
    "style attribute url()": '<p style="background: url(http://127.0.0.1/b.png)">x</p>',
}


def _evil_kind(top: Path, body: str, formats: Sequence[str] = ("pdf", "html")) -> Path:
    templates = top / "templates"
    kind = templates / "evil"
    (kind / "assets").mkdir(parents=True)
    listed = ", ".join(f'"{f}"' for f in formats)
    (kind / "kind.toml").write_text(f'title = "Evil"\nformats = [{listed}]\n')
    (kind / "style.css").write_text("p { margin: 0 }\n")
    (kind / "assets" / "link.png").symlink_to(top / "secret.png")
    (kind / "assets" / "link.txt").symlink_to(top / "secret.txt")
    (kind / "document.html.j2").write_text(
        '{% extends "partials/base.html.j2" %}{% block body %}<p>x</p>' + body + "{% endblock %}"
    )
    return templates


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_template_assets_outside_the_template_folders_are_refused(
    name: str, tree: dict[str, Path], sender: Sender
) -> None:
    renderer = Renderer(template_dirs=[_evil_kind(tree["top"], ASSETS[name])])
    case = load_case(_write_case(tree["case"], None))
    with watching() as activity, pytest.raises(ResourceError) as caught:
        renderer.render(case, kind="evil", fmt="pdf", today=TODAY)
    assert_contained(activity, allowed_roots(renderer, [tree["case"]]))
    assert "outside" in str(caught.value) or "network" in str(caught.value)
    if name.startswith("img"):
        with watching() as activity, pytest.raises(ResourceError):
            renderer.render(case, kind="evil", fmt="html", today=TODAY)
        assert_contained(activity, allowed_roots(renderer, [tree["case"]]))


# -- the case's folder: read by the pipeline alone ---------------------------------------------

# Each way a template or a stylesheet could name a file of the case's folder ({case}: its path):
# the case file itself (the unredacted record, legal contacts included) and the photo.
CASE_FOLDER_VECTORS = {
    "img the case file": '<img src="file://{case}/case.yaml">',
    "img the photo by path": '<img src="file://{case}/portrait.png">',
    "attachment the case file": '<link rel="attachment" href="file://{case}/case.yaml">',
    "a attachment the case file": '<a rel="attachment" href="file://{case}/case.yaml">x</a>',
    "stylesheet the case file": '<link rel="stylesheet" href="file://{case}/case.yaml">',
    "style attribute url()": '<p style="background: url(file://{case}/portrait.png)">x</p>',
    "css @import": '<style>@import "file://{case}/case.yaml";</style>',
}


@pytest.mark.parametrize("fmt", ["pdf", "html", "docx"])
@pytest.mark.parametrize("name", sorted(CASE_FOLDER_VECTORS))
def test_a_template_never_reads_the_cases_folder(
    name: str, fmt: str, tree: dict[str, Path]
) -> None:
    (tree["case"] / "portrait.png").write_bytes(PNG)
    case = load_case(_write_case(tree["case"], "portrait.png"))
    body = CASE_FOLDER_VECTORS[name].format(case=tree["case"])
    renderer = Renderer(template_dirs=[_evil_kind(tree["top"], body, formats=(fmt,))])
    with watching() as activity:
        try:
            out: bytes | None = renderer.render(case, kind="evil", fmt=fmt, today=TODAY).data
        except (ResourceError, RenderError) as exc:  # refused: outside, or not a web link
            assert "outside" in str(exc) or "link to" in str(exc), exc
            out = None
    # The pipeline read the photo (once); nothing else of the folder was opened.
    read = {p for p, _ in activity.opened if tree["case"] in p.parents}
    assert read <= {tree["case"] / "portrait.png"}, read
    if out is not None:
        # Rendered without fetching it (HTML keeps a template's links as written; WeasyPrint
        # drops a style it cannot load): nothing of the case file is in the document.
        assert b"LEGAL" not in out and b"ZQ1" not in out


def test_a_stylesheet_never_reads_the_cases_folder(tree: dict[str, Path], sender: Sender) -> None:
    case = load_case(_write_case(tree["case"], None))
    for css in (f'@import "file://{tree["case"]}/case.yaml";', '@import "../case/case.yaml";'):
        renderer = Renderer(stylesheets=[_stylesheet(tree["top"], css)])
        for fmt in ("pdf", "html"):
            with watching() as activity, pytest.raises(ResourceError):
                renderer.render(case, kind="briefing", fmt=fmt, sender=sender, today=TODAY)
            assert not [p for p, _ in activity.opened if tree["case"] in p.parents]


def test_the_photo_reaches_a_template_as_an_image_not_a_place(
    tree: dict[str, Path], sender: Sender
) -> None:
    (tree["case"] / "portrait.png").write_bytes(PNG)
    case = load_case(_write_case(tree["case"], "portrait.png"))
    renderer = Renderer(template_dirs=[_evil_kind(tree["top"], "<p>[{{ photo }}]</p>")])
    html = renderer.render(case, kind="evil", fmt="html", today=TODAY).data.decode()
    assert "[data:image/png;base64," in html
    assert str(tree["case"]) not in html and "portrait.png" not in html


# -- user stylesheets -------------------------------------------------------------------------

STYLESHEETS = {
    "url(http://127.0.0.1)": "body { background: url(http://127.0.0.1/beacon.png) }",
    "quoted url()": 'body { background: url("https://example.org/beacon.png") }',
    "@import url(file:)": "@import url(file:///etc/passwd);",
    "@import string": '@import "http://127.0.0.1/more.css";',
    "url(../) out of the folder": "body { background: url(../secret.png) }",
    "@font-face absolute path": '@font-face { font-family: X; src: url("/etc/passwd") }'
    " p { font-family: X }",
    "url() symlinked out": "body { background: url(link.png) }",
    "escaped url function": 'body { background: \\75 rl("http://127.0.0.1/b.png") }',
    "image-set": 'body { background-image: image-set("http://127.0.0.1/b.png" 1x) }',
}


def _stylesheet(top: Path, css: str) -> Path:
    folder = top / "css"
    folder.mkdir(exist_ok=True)
    link = folder / "link.png"
    if not link.is_symlink():
        link.symlink_to(top / "secret.png")
    sheet = folder / "house.css"
    sheet.write_text(css, encoding="utf-8")
    return sheet


@pytest.mark.parametrize("name", sorted(STYLESHEETS))
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_user_stylesheet_pointing_out_is_refused_or_harmless(
    name: str, fmt: str, tree: dict[str, Path], sender: Sender
) -> None:
    renderer = Renderer(stylesheets=[_stylesheet(tree["top"], STYLESHEETS[name])])
    case = load_case(_write_case(tree["case"], None))
    with watching() as activity:
        try:
            out = renderer.render(case, kind="briefing", fmt=fmt, sender=sender, today=TODAY)
        except ResourceError as exc:
            assert "network" in str(exc) or "outside" in str(exc) or "not exist" in str(exc)
            out = None
    assert_contained(activity, allowed_roots(renderer, [tree["case"]]))
    if out is not None:  # rendered: then nothing of what it pointed at is in the file
        data = out.data
        assert b"127.0.0.1" not in data and b"example.org/beacon" not in data
        assert b"/etc/passwd" not in data and b"secret" not in data
    if fmt == "html" and name in ("url(http://127.0.0.1)", "@import string", "image-set"):
        assert out is None  # the HTML would make the reader's browser fetch it


def test_a_stylesheet_cannot_close_the_style_element_in_html(
    tree: dict[str, Path], sender: Sender
) -> None:
    css = 'p::after { content: "</style><script>alert(1)</script>" }\n/* </style> */'
    renderer = Renderer(stylesheets=[_stylesheet(tree["top"], css)])
    case = load_case(_write_case(tree["case"], None))
    data = renderer.render(case, kind="briefing", fmt="html", sender=sender, today=TODAY).data
    html = lxml.html.document_fromstring(data)
    assert html.findall(".//script") == [] and html.findall(".//body//style") == []
    pdf = renderer.render(case, kind="briefing", fmt="pdf", sender=sender, today=TODAY)
    assert pdf.data.startswith(b"%PDF")


def test_bundled_stylesheets_are_inlined_whole_in_html(sender: Sender) -> None:
    """The drafts' style.css imports partials/application.css: the HTML carries its rules,
    not a reference to a file the reader does not have."""
    case = load_case(REDACTION / "case.yaml")
    data = Renderer().render(case, kind="echr-application", fmt="html", today=TODAY).data
    assert b"@import" not in data and b"url(" not in data.replace(b"url(data:", b"")
    css = (Path(__file__).parents[2] / "templates" / "partials" / "application.css").read_text()
    first_rule = next(line for line in css.splitlines() if "{" in line and "@" not in line)
    assert first_rule.split("{")[0].strip().encode() in data


# -- the guard itself -------------------------------------------------------------------------


def test_the_guard_sees_reads_writes_connections_and_processes(tmp_path: Path) -> None:
    with watching() as activity:
        Path("/etc/hostname").exists()
        with contextlib.suppress(OSError):
            open("/etc/passwd", "rb").close()
        (tmp_path / "written.txt").write_text("x")
        with pytest.raises(PermissionError):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        with pytest.raises(PermissionError):
            subprocess.run(["true"], check=False)
    outside = activity.outside(system_roots())
    assert "read /etc/passwd" in outside
    assert any(line.startswith("wrote ") and "written.txt" in line for line in outside)
    assert activity.network and activity.processes
    with pytest.raises(AssertionError):
        assert_contained(activity, system_roots())


def test_a_failed_render_is_an_advocacy_error_not_a_crash(
    tree: dict[str, Path], sender: Sender
) -> None:
    """A symlink loop as the photo: refused with a message, like any other bad path."""
    (tree["case"] / "loop.png").symlink_to(tree["case"] / "loop.png")
    case = load_case(_write_case(tree["case"], "loop.png"))
    with pytest.raises(AdvocacyError, match=r"person\.photo"):
        Renderer().render(case, kind="briefing", fmt="html", sender=sender, today=TODAY)
