"""The Python API does what the CLI does: personal paragraphs, warming up, paths as strings,
typed and exported names, saving only what changed, and configuration errors apart from input
errors (a broken catalog names its file and line)."""

from __future__ import annotations

import inspect
import os
import re
from pathlib import Path
from typing import get_args

import pytest

import advocacy_docs
from advocacy_docs import (
    ConfigurationError,
    Format,
    InputError,
    Renderer,
    Saved,
    render,
)
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.cli import main
from advocacy_docs.errors import AdvocacyError, shown_path
from advocacy_docs.i18n.catalog import _broken_placeholders
from advocacy_docs.paths import bundled_locales_dir
from advocacy_docs.templating import FORMATS

from .conftest import CASE_FILE, RECIPIENTS_FILE, SENDERS_FILE, TODAY, recipient_for

PERSONAL = "I met Bakhrom in 2019 <b>in Moscow</b> & I ask you to act."

# -- what a caller imports -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Problem", "TemplateError", "ResourceError", "Sensitivity", "ConfigurationError",
     "Format", "Notice", "Output", "Saved", "StrPath", "Renderer", "render"],
)  # fmt: skip
def test_a_caller_imports_it_from_the_package(name: str) -> None:
    assert name in advocacy_docs.__all__
    assert getattr(advocacy_docs, name) is not None


def test_every_exported_name_exists() -> None:
    missing = [n for n in advocacy_docs.__all__ if not hasattr(advocacy_docs, n)]
    assert missing == []


def test_the_format_type_lists_every_format() -> None:
    assert set(get_args(Format)) == set(FORMATS)


def test_renderer_init_documents_every_parameter() -> None:
    doc = inspect.getdoc(Renderer.__init__) or ""
    for name in inspect.signature(Renderer.__init__).parameters:
        if name != "self":
            assert f":param {name}:" in doc, name


def test_configuration_errors_are_not_input_errors() -> None:
    assert issubclass(ConfigurationError, AdvocacyError)
    assert not issubclass(ConfigurationError, InputError)
    assert ConfigurationError.exit_code == 1 and InputError.exit_code == 2
    module_doc = advocacy_docs.errors.__doc__ or ""
    assert "400" in module_doc and "500" in module_doc


# -- the personal paragraph ------------------------------------------------------------------


def _html(out_data: bytes) -> str:
    return out_data.decode("utf-8")


def test_render_prints_the_personal_paragraph_as_text(
    case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    rec = recipient_for(recipients, "en")
    out = render(case, kind="letter", locale="en", fmt="html", recipient=rec, sender=sender,
                 today=TODAY, personal=PERSONAL)  # fmt: skip
    html = _html(out.data)
    assert "I met Bakhrom in 2019 &lt;b&gt;in Moscow&lt;/b&gt; &amp; I ask you to act." in html
    without = render(case, kind="letter", locale="en", fmt="html", recipient=rec, sender=sender,
                     today=TODAY)  # fmt: skip
    assert "I met Bakhrom" not in _html(without.data)


def test_the_api_and_a_campaign_print_the_same_paragraph(
    renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    # A campaign calls Renderer.document(personal=...) per item: the same document.
    rec = recipient_for(recipients, "uk")
    out = renderer.render(case, kind="letter", locale="uk", fmt="html", recipient=rec,
                          sender=sender, today=TODAY, personal=PERSONAL)  # fmt: skip
    doc, _ = renderer.document(case, kind="letter", locale="uk", recipient=rec, sender=sender,
                               today=TODAY, personal=PERSONAL)  # fmt: skip
    from advocacy_docs.writers import get_writer

    assert out.data == get_writer("html")(doc)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_blank_paragraph_is_none(
    renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender, blank: str
) -> None:
    rec = recipient_for(recipients, "en")
    args = {"kind": "letter", "locale": "en", "fmt": "txt", "recipient": rec, "sender": sender,
            "today": TODAY}  # fmt: skip
    assert renderer.render(case, personal=blank, **args).data == renderer.render(case, **args).data  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("personal", "message"),
    [(42, "personal: expected the paragraph as text, got int"),
     ("a\x1bb", "personal: the paragraph contains U+001B")],
)  # fmt: skip
def test_a_bad_paragraph_is_an_input_error(
    renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender,
    personal: object, message: str,
) -> None:  # fmt: skip
    rec = recipient_for(recipients, "en")
    with pytest.raises(InputError, match=re.escape(message)):
        renderer.render(case, kind="letter", fmt="txt", recipient=rec, sender=sender,
                        personal=personal)  # type: ignore[arg-type]  # fmt: skip


# -- paths as strings, saving only what changed ------------------------------------------------


def test_paths_may_be_strings(
    tmp_path: Path, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    css = tmp_path / "extra.css"
    css.write_text("p { orphans: 3; }", encoding="utf-8")
    renderer = Renderer(template_dirs=[str(tmp_path)], locale_dirs=[str(tmp_path)],
                        stylesheets=[str(css)])  # fmt: skip
    out = renderer.render(case, kind="letter", fmt="txt", recipient=recipients[0], sender=sender,
                          today=TODAY)  # fmt: skip
    path = out.save(str(tmp_path / "out"))
    assert path == tmp_path / "out" / out.filename and path.read_bytes() == out.data


def test_save_leaves_an_identical_file_alone(
    tmp_path: Path, renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    out = renderer.render(case, kind="letter", fmt="txt", recipient=recipients[0], sender=sender,
                          today=TODAY)  # fmt: skip
    first = out.save(tmp_path, only_if_changed=True)
    assert first == Saved(tmp_path / out.filename, True)
    os.utime(first.path, ns=(1_000_000_000, 1_000_000_000))  # as if written long ago
    again = out.save(tmp_path, only_if_changed=True)
    assert again == Saved(tmp_path / out.filename, False)
    assert first.path.stat().st_mtime_ns == 1_000_000_000
    # Changed (longer, shorter, other bytes): written again.
    for data in (first.path.read_bytes() + b"x", first.path.read_bytes()[:-1], b"other"):
        first.path.write_bytes(data)
        assert out.save(tmp_path, only_if_changed=True).written
        assert first.path.read_bytes() == out.data
    # Without the option: written every time, the path as before.
    assert out.save(tmp_path) == tmp_path / out.filename


def test_save_if_changed_refuses_what_save_refuses(
    tmp_path: Path, renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    out = renderer.render(case, kind="letter", fmt="txt", recipient=recipients[0], sender=sender,
                          today=TODAY)  # fmt: skip
    (tmp_path / "elsewhere.txt").write_bytes(out.data)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "doc.txt").symlink_to(tmp_path / "elsewhere.txt")
    # The same bytes behind a link: not "unchanged", the link is replaced by the file.
    saved = out.save(tmp_path / "out", "doc.txt", only_if_changed=True)
    assert saved.written and not saved.path.is_symlink()
    with pytest.raises(OSError):
        out.save(tmp_path / "out", "../x.txt", only_if_changed=True)


# -- warming up ------------------------------------------------------------------------------


def test_warm_compiles_templates_and_loads_catalogs_and_fonts(tmp_path: Path) -> None:
    from jinja2 import meta

    from advocacy_docs.i18n import get_localizer
    from advocacy_docs.writers import pdf

    renderer = Renderer(template_dirs=[tmp_path])  # its own template cache
    pdf._parsed_stylesheet.cache_clear()
    env = renderer.engine.env
    assert not list(env.cache.keys())  # type: ignore[union-attr]
    renderer.warm(kinds=["letter"], locales=["uk"])
    compiled = {name for _, name in env.cache.keys()}  # type: ignore[union-attr]  # noqa: SIM118
    assert "letter/document.html.j2" in compiled
    source = env.loader.get_source(env, "letter/document.html.j2")[0]  # type: ignore[union-attr]
    named = {n for n in meta.find_referenced_templates(env.parse(source)) if n}
    assert named and named <= compiled  # the partials it extends and includes too
    assert "briefing/document.html.j2" not in compiled  # only the kinds asked for
    assert pdf._parsed_stylesheet.cache_info().currsize == 1  # the letter's style.css
    assert pdf.font_configuration.cache_info().currsize == 1
    localizer = get_localizer("uk", renderer.locale_dirs)
    assert localizer.etiquette() is localizer.etiquette()


def test_warm_finds_a_broken_template_at_start_up(tmp_path: Path) -> None:
    from advocacy_docs import TemplateError
    from advocacy_docs.paths import bundled_templates_dir

    kind = tmp_path / "memo"
    kind.mkdir()
    (kind / "kind.toml").write_text('title = "Memo"\nformats = ["html"]\n', encoding="utf-8")
    (kind / "document.html.j2").write_text('{% include "memo/part.html.j2" %}', encoding="utf-8")
    (kind / "part.html.j2").write_text("{% if %}", encoding="utf-8")
    assert bundled_templates_dir() != tmp_path
    with pytest.raises(TemplateError, match=r"part\.html\.j2:1: template syntax error"):
        Renderer(template_dirs=[tmp_path]).warm(kinds=["memo"], locales=[])


# -- a broken catalog is the deployment's fault ----------------------------------------------

PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def spanish(folder: Path, body: str) -> Path:
    """A user's locale folder with a Spanish catalog holding ``body``."""
    path = folder / "es" / "LC_MESSAGES" / "advocacy_docs.po"
    path.parent.mkdir(parents=True)
    path.write_text(PO_HEADER + body, encoding="utf-8")
    return path


def test_a_broken_placeholder_names_the_po_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case,
    recipients: list[Recipient], sender: Sender,
) -> None:  # fmt: skip
    spanish(tmp_path / "locales", 'msgid "Appeal letter"\nmsgstr "Carta"\n\n'
            'msgid "Appeal for the release of %(name_gen)s"\n'
            'msgstr "Llamamiento por la liberación de %(nombre)s"\n')  # fmt: skip
    monkeypatch.chdir(tmp_path)
    renderer = Renderer(locale_dirs=["locales"])
    with pytest.raises(ConfigurationError) as caught:
        renderer.render(case, kind="letter", locale="es", fmt="html", recipient=recipients[0],
                        sender=sender)  # fmt: skip
    message = str(caught.value)
    assert message.startswith("locales/es/LC_MESSAGES/advocacy_docs.po:10: the translation")
    assert "'%(nombre)s'" in message and "%(name_gen)s" in message
    assert "document.html.j2" not in message and str(tmp_path) not in message
    assert not isinstance(caught.value, InputError)


def test_the_cli_says_it_in_one_line_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spanish(tmp_path / "locales", 'msgid "Appeal for the release of %(name_gen)s"\n'
                                  'msgstr "Llamamiento %s"\n')  # fmt: skip
    monkeypatch.chdir(tmp_path)
    code = main(["render", str(CASE_FILE), "--recipient", f"{RECIPIENTS_FILE}",
                 "--sender", f"{SENDERS_FILE}#alex-morgan", "--locale", "es",
                 "--locales-dir", "locales", "--format", "txt", "-o", "out"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and "locales/es/LC_MESSAGES/advocacy_docs.po:7:" in err[0]
    assert "Traceback" not in err[0]


def test_a_bundled_catalog_is_named_without_where_the_package_lies() -> None:
    path = bundled_locales_dir() / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    assert shown_path(path) == "bundled:locales/uk/LC_MESSAGES/advocacy_docs.po"


@pytest.mark.parametrize(
    ("msgid", "msgstr", "problem"),
    [
        ("Free %(name)s", "Libertad para %(name)s", None),
        ("Free %(name)s", "Libertad", None),  # left out: not broken (i18n check says so)
        ("%(n)s year", ("%(n)s año", "%(n)s años"), None),
        (("%(n)s year", "%(n)s years"), ("un año", "%(n)s años"), None),
        ("Free %(name)s", "100%% libre: %(name)s", None),
        ("50%", "50 %", None),  # no placeholders: never formatted as a template sentence
        ("Free %(name)s", "Libertad para %(nombre)s", "'%(nombre)s' that the source lacks"),
        ("Free %(name)s", "Libertad para %s", "'%s' without a name"),
        ("Free %(name)s", "100 %, %(name)s", "is no placeholder"),
        ("Free %(name)s", "100 % libre %(name)s", "'% li' without a name"),
        ("Free %(name)s", "Libertad %(name)s %", "is no placeholder"),
        (("%(n)s year", "%(n)s years"), ("un año", "%(m)s años"), "'%(m)s'"),
    ],
)
def test_placeholders_a_translation_may_use(
    msgid: str | tuple[str, str], msgstr: str | tuple[str, str], problem: str | None
) -> None:
    found = _broken_placeholders(msgid, msgstr)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
        # What is refused is what would fail or print a wrong text when formatted.
        forms = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        names = {"name": "X", "n": 1}
        with pytest.raises((KeyError, ValueError, TypeError, AssertionError)):
            for form in forms:
                text = form % names
                assert "{" not in text  # a positional %s prints the whole mapping


def test_every_bundled_catalog_loads() -> None:
    from advocacy_docs.i18n import available_locales, get_localizer

    for lang in available_locales([bundled_locales_dir()]):
        assert get_localizer(lang).lang == lang


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_output_names_its_media_type(
    fmt: str, case: Case, recipients: list[Recipient], sender: Sender, tmp_path: Path
) -> None:
    import mimetypes

    out = advocacy_docs.render(case, kind="letter", fmt=fmt, recipient=recipients[0],
                               sender=sender, today=TODAY)  # fmt: skip
    # What the file's extension means to the system's own table (eml is not in every table).
    guessed = mimetypes.guess_type(out.filename)[0]
    assert out.media_type.split(";")[0] == (guessed or "message/rfc822")
    if fmt in {"html", "txt"}:
        assert out.media_type.endswith("; charset=utf-8")
        out.data.decode("utf-8")
