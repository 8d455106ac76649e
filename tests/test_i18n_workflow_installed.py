"""The translators' workflow as a translator has it: an installed package, no source tree, a
locale folder of their own (``--locales-dir``), the bundled ``.pot`` as the template."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import lxml.html
import pytest

from advocacy_docs.cli import main
from advocacy_docs.i18n import get_localizer
from advocacy_docs.i18n.localedata import available_locales, load_locale_spec
from advocacy_docs.i18n.preview import MARK_START, UNTRANSLATED_CLASS, mark_untranslated
from advocacy_docs.i18n.workflow import (
    Project,
    extract,
    gettext_plural_forms,
    init,
    read_catalog,
)
from advocacy_docs.paths import bundled_locales_dir
from tests.conftest import ROOT

BUNDLED = sorted(
    lang for lang in available_locales() if (bundled_locales_dir() / lang / "LC_MESSAGES").is_dir()
)


@pytest.fixture
def away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder that is no source tree: as after `pip install advocacy-docs`."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _spec_values(lang: str, dirs: list[Path]) -> dict[str, object]:
    spec = load_locale_spec(lang, dirs)
    values = dataclasses.asdict(spec)
    for where in ("files", "fallback_file"):
        values.pop(where)
    return values


def test_extract_says_it_is_for_developers(away: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "i18n", "extract")
    assert code == 2
    assert "developers' command" in err and "babel.cfg" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "i18n", "--locales-dir", str(away), "extract", "--check")
    assert code == 2 and "developers' command" in err


@pytest.mark.parametrize("command", [["update"], ["init", "es"], ["import-xliff", "x.xlf"]])
def test_writing_commands_ask_for_a_locale_folder(
    away: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, _, err = _run(capsys, "i18n", *command)
    assert code == 2 and "--locales-dir" in err, err
    assert not any(away.iterdir())


def test_help_documents_the_locale_folder(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["i18n"], ["i18n", "init"], ["i18n", "preview"], ["i18n", "status"]):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        assert "--locales-dir" in capsys.readouterr().out


def test_init_new_locale_sets_nothing_it_was_not_given(away: Path) -> None:
    folder = away / "my-locales"
    project = Project.user(folder, create=True)
    created = init(project, "es")
    assert {p.name for p in created} == {"advocacy_docs.po", "locale.toml"}
    toml = tomllib.loads((folder / "es" / "locale.toml").read_text(encoding="utf-8"))
    assert toml == {}
    localizer = get_localizer("es", [folder, bundled_locales_dir()])
    assert localizer.name == "español" and localizer.chain == ("es", "en")
    catalog = read_catalog(folder / "es" / "LC_MESSAGES" / "advocacy_docs.po")
    header = dict(catalog.mime_headers)
    assert header["Language"] == "es"
    assert header["Plural-Forms"] == gettext_plural_forms("es", None)
    pot = read_catalog(project.pot_path)
    assert {(m.context, m.id) for m in catalog if m.id} == {(m.context, m.id) for m in pot if m.id}


@pytest.mark.parametrize("lang", BUNDLED)
def test_init_of_a_bundled_locale_keeps_its_bundled_data(away: Path, lang: str) -> None:
    """The bug: `init uk` in a user folder overrode the bundled name ("uk  uk")."""
    folder = away / "my-locales"
    init(Project.user(folder, create=True), lang)
    both = [folder, bundled_locales_dir()]
    assert _spec_values(lang, both) == _spec_values(lang, [bundled_locales_dir()])
    ours = read_catalog(folder / lang / "LC_MESSAGES" / "advocacy_docs.po")
    shipped = read_catalog(bundled_locales_dir() / lang / "LC_MESSAGES" / "advocacy_docs.po")
    assert ours.num_plurals == shipped.num_plurals
    # Nothing translated yet in the user's folder: every message still comes from the bundle.
    for msgid in ("Dear Sir or Madam,", "Appeal letter"):
        bundled = get_localizer(lang, [bundled_locales_dir()]).gettext(msgid)
        assert get_localizer(lang, both).gettext(msgid) == bundled


def test_locales_lists_a_started_bundled_locale_by_its_name(
    away: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = away / "loc"
    assert _run(capsys, "i18n", "init", "uk", "--locales-dir", str(folder))[0] == 0
    code, out, _ = _run(capsys, "locales", "--locales-dir", str(folder))
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("uk "))
    assert "Українська" in line and "uk  uk" not in out


def test_init_writes_what_it_is_given(away: Path) -> None:
    folder = away / "loc"
    init(Project.user(folder, create=True), "es", name="Español", fallback=["fr"])
    toml = tomllib.loads((folder / "es" / "locale.toml").read_text(encoding="utf-8"))
    assert toml == {"name": "Español", "fallback": ["fr"]}
    init(Project.user(folder), "xq", name='Quote "q"', plural="one: n = 1")
    toml = tomllib.loads((folder / "xq" / "locale.toml").read_text(encoding="utf-8"))
    assert toml == {"name": 'Quote "q"', "babel": False, "plural": "one: n = 1"}


@pytest.mark.parametrize(("rule", "forms"), [("", 1), ("other:", 1), ("one: n = 1", 2)])
def test_init_takes_a_plural_rule_for_a_language_cldr_lacks(
    away: Path, rule: str, forms: int
) -> None:
    folder = away / "loc"
    init(Project.user(folder, create=True), "xq", plural=rule)
    catalog = read_catalog(folder / "xq" / "LC_MESSAGES" / "advocacy_docs.po")
    assert catalog.num_plurals == forms
    localizer = get_localizer("xq", [folder, bundled_locales_dir()])
    assert localizer.plural_forms().nplurals == forms
    assert {localizer.plural_index(n) for n in range(200)} == set(range(forms))


def _translate(po: Path, msgid: str, text: str) -> None:
    body = po.read_text(encoding="utf-8")
    entry = f'msgid "{msgid}"\nmsgstr ""'
    assert entry in body
    po.write_text(body.replace(entry, f'msgid "{msgid}"\nmsgstr "{text}"'), encoding="utf-8")


def test_whole_workflow_from_a_locale_folder(
    away: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = away / "loc"
    opt = ["--locales-dir", str(folder)]
    assert _run(capsys, "i18n", "init", "es", *opt)[0] == 0
    po = folder / "es" / "LC_MESSAGES" / "advocacy_docs.po"
    code, out, err = _run(capsys, "i18n", "status", *opt)
    assert code == 0 and "es " in out and "incomplete: es" in err
    assert _run(capsys, "i18n", "status", "--strict", *opt)[0] == 1
    _translate(po, "Dear Sir or Madam,", "Estimado señor o señora:")
    code, out, _ = _run(capsys, "i18n", "check", *opt)
    assert code == 0 and "no problems found" in out
    before = po.read_bytes()
    code, out, _ = _run(capsys, "i18n", "update", *opt)
    assert code == 0 and "unchanged" in out and po.read_bytes() == before
    # A broken placeholder is named by the user's file and line.
    _translate(po, "%(place)s, %(today)s", "%(lugar)s, %(today)s")
    code, out, _ = _run(capsys, "i18n", "check", *opt)
    assert code == 1 and f"{po}:" in out and "placeholder" in out
    assert "site-packages" not in out


def test_update_merges_the_bundled_template(away: Path) -> None:
    folder = away / "loc"
    project = Project.user(folder, create=True)
    init(project, "es")
    po = project.catalog_path("es")
    _translate(po, "Dear Sir or Madam,", "Estimado señor o señora:")
    body = po.read_text(encoding="utf-8")
    # An entry the template no longer has, and one the template has that the file lost.
    body = body.replace('msgid "Appeal letter"\nmsgstr ""', 'msgid "Old words"\nmsgstr "Viejo"')
    po.write_text(body, encoding="utf-8")
    main(["i18n", "update", "--locales-dir", str(folder)])
    text = po.read_text(encoding="utf-8")
    assert "#~" not in text and "Old words" not in text
    catalog = read_catalog(po)
    assert catalog.get("Appeal letter") is not None
    assert catalog.get("Dear Sir or Madam,").string == "Estimado señor o señora:"


def test_preview_marks_each_untranslated_text(away: Path) -> None:
    folder = away / "loc"
    init(Project.user(folder, create=True), "es")
    _translate(folder / "es/LC_MESSAGES/advocacy_docs.po", "Dear Sir or Madam,", "Estimado:")
    out = away / "preview"
    code = main(["i18n", "preview", "es", "--locales-dir", str(folder), "--format",
                 "html,txt,pdf", "-o", str(out), "--date", "2026-11-27"])  # fmt: skip
    assert code == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    marked = [el.text_content() for el in tree.find_class(UNTRANSLATED_CLASS)]
    assert any("Appeal for the release of" in text for text in marked)
    assert not any("Estimado:" in text for text in marked)
    assert "Estimado:" in tree.text_content() and MARK_START not in html
    assert "background" in html  # the highlight's stylesheet is in the document
    text = next(out.glob("*.txt")).read_text(encoding="utf-8")
    assert "⟦Appeal for the release of" in text and "⟦Estimado" not in text
    assert next(out.glob("*.pdf")).read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("lang", BUNDLED)
def test_preview_of_a_complete_locale_marks_nothing(lang: str) -> None:
    from advocacy_docs.i18n.preview import preview

    project = Project.bundled()
    result = preview(project, lang, formats=("html",))
    tree = lxml.html.document_fromstring(result.files[0].data.decode("utf-8"))
    assert result.marked == 0 and tree.find_class(UNTRANSLATED_CLASS) == []


@pytest.mark.parametrize(
    ("html", "marked", "element_marked"),
    [
        ("<p>⟦a⟧ b ⟦c⟧</p>", ["a", "c"], False),
        ("<p>x ⟦outer ⟦inner⟧ rest⟧ y</p>", ["outer inner rest"], False),
        ("<p>⟦a <a href='#n'>link</a> b⟧</p>", [], True),
        ("<p><b>x</b>⟦tail⟧ end</p>", ["tail"], False),
        ("<p title='⟦t⟧'>plain</p>", [], False),
    ],
)
def test_mark_untranslated(html: str, marked: list[str], element_marked: bool) -> None:
    doc = f"<!DOCTYPE html><html><head><title>⟦T⟧</title></head><body>{html}</body></html>"
    tree = lxml.html.document_fromstring(mark_untranslated(doc))
    spans = [el.text for el in tree.iter("span") if el.get("class") == UNTRANSLATED_CLASS]
    assert spans == marked
    p = tree.find(".//p")
    assert (UNTRANSLATED_CLASS in (p.get("class") or "")) == element_marked
    serialized = lxml.html.tostring(tree, encoding="unicode")
    assert "⟦" not in serialized and "⟧" not in serialized


def test_extract_check_fails_while_the_pot_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    project = Project.at(tmp_path)
    extract(project)
    pot = project.pot_path.read_bytes()
    assert b"POT-Creation-Date" not in pot and b"Generated-By" not in pot
    assert _run(capsys, "i18n", "--root", str(tmp_path), "extract", "--check")[0] == 0
    doc = tmp_path / "templates" / "letter" / "document.html.j2"
    doc.write_text(doc.read_text().replace("Dear Sir or Madam,", "Dear Madam or Sir,"))
    code, _, err = _run(capsys, "i18n", "--root", str(tmp_path), "extract", "--check")
    assert code == 1
    assert "added: 'Dear Madam or Sir,'" in err and "removed: 'Dear Sir or Madam,'" in err
    assert project.pot_path.read_bytes() == pot  # --check writes nothing
    assert extract(project).changed and not extract(project).changed


def test_spanish_example_runs_from_the_installed_package(tmp_path: Path) -> None:
    script = ROOT / "examples" / "integrations" / "spanish-locale" / "start_spanish.py"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, str(script), "--workdir", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = next((tmp_path / "preview").glob("*.letter.es.preview.html")).read_text("utf-8")
    tree = lxml.html.document_fromstring(html)
    assert "Estimado señor o señora:" in tree.text_content()
    assert tree.find_class(UNTRANSLATED_CLASS)
    assert not (tmp_path / "babel.cfg").exists()
