"""The translators' workflow, end to end on a copy of the tree: extract, update, init, status,
check, and a new locale seen in a rendered letter."""

from __future__ import annotations

import gettext
import hashlib
import shutil
from pathlib import Path

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.cli import main
from advocacy_docs.errors import InputError
from advocacy_docs.i18n.audit import check, status
from advocacy_docs.i18n.workflow import (
    Project,
    extract,
    extract_catalog,
    init,
    read_catalog,
    update,
)
from tests.conftest import ROOT, TODAY, flat, pdf_pages, recipient_for


@pytest.fixture
def tree(tmp_path: Path) -> Project:
    """A copy of the translators' tree: babel.cfg, templates, locales."""
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return Project.at(tmp_path)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_extract_twice_changes_nothing(tree: Project) -> None:
    extract(tree)
    before = _digest(tree.root)
    result = extract(tree)
    assert not result.changed and _digest(tree.root) == before
    pot = read_catalog(result.path)
    genders = {m.context for m in pot if m.id == "%(when)s %(name)s was convicted."}
    assert genders == {"male", "female", "unspecified"}
    salutation = pot.get("Dear Sir or Madam,")
    assert salutation is not None and salutation.auto_comments  # translator comments kept


def test_shipped_pot_is_up_to_date() -> None:
    project = Project.at(ROOT)
    fresh = {(m.context, m.id) for m in extract_catalog(project) if m.id}
    shipped = {(m.context, m.id) for m in read_catalog(project.pot_path) if m.id}
    assert fresh == shipped, "the templates changed: run `advocacy-docs i18n extract` and `update`"
    result = extract(project, check=True)
    assert not result.changed, "\n".join(result.summary)


def test_update_keeps_translations_and_marks_changes_fuzzy(tree: Project) -> None:
    extract(tree)
    (before_edit,) = update(tree, ["uk"])
    doc = tree.root / "templates" / "letter" / "document.html.j2"
    doc.write_text(doc.read_text().replace("Dear Sir or Madam,", "Dear Sir or Madam:"))
    extract(tree)
    (result,) = update(tree, ["uk"])
    assert result.changed and result.fuzzy == before_edit.fuzzy + 1
    catalog = read_catalog(tree.catalog_path("uk"))
    changed = catalog.get("Dear Sir or Madam:")
    assert changed is not None and changed.fuzzy and changed.string == "Шановні панове!"
    assert catalog.get("Appeal letter").string == "Лист-звернення"
    before = _digest(tree.locales_dir)
    update(tree, ["uk"])
    assert _digest(tree.locales_dir) == before


def test_status_counts_and_strict_exit(tree: Project, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {(r.locale, r.kind): r for r in status(tree)}
    assert rows[("uk", "letter")].complete and rows[("uk", "letter")].percent == 100
    po = tree.catalog_path("uk")
    po.write_text(po.read_text().replace('msgstr "Шановні панове!"', 'msgstr ""'))
    row = {(r.locale, r.kind): r for r in status(tree)}[("uk", "letter")]
    assert row.untranslated == 1 and not row.complete and 98 < row.percent < 100
    assert main(["i18n", "--root", str(tree.root), "status"]) == 0
    assert main(["i18n", "--root", str(tree.root), "status", "--strict"]) == 1
    out = capsys.readouterr()
    assert "uk" in out.out and "incomplete: " in out.err and "uk" in out.err


MISTAKES = [
    # (how to break a copy of the uk catalog, what `check` must say)
    (('msgstr "%(place)s, %(today)s"', 'msgstr "%(place)s, %(tday)s"'), "placeholder"),
    (('msgstr "Шановні панове!"', 'msgstr "Шановні <b>панове</b>!"'), "markup <b>"),
    (('msgstr "Лист-звернення"', 'msgstr "Лист-звернення https://evil.example/x"'), "URL"),
    (('msgstr "Лист-звернення"', 'msgstr "Лист <img src=x>"'), "markup <img>"),
]
EXTRA_ENTRIES = {
    "brace": ('\n#, python-brace-format\nmsgid "Hello {name}"\nmsgstr "Привіт {nme}"\n',
              "placeholder"),
    "plurals": ('\n#, python-format\nmsgid "%(n)s year"\nmsgid_plural "%(n)s years"\n'
                'msgstr[0] "%(n)s рік"\nmsgstr[1] "%(n)s роки"\n', "plural form"),
    "msgfmt": ('\nmsgid "Line\\n"\nmsgstr "Рядок"\n', "msgfmt"),
}  # fmt: skip


@pytest.mark.parametrize(("edit", "expected"), MISTAKES)
def test_check_finds_each_seeded_mistake(
    tree: Project, edit: tuple[str, str], expected: str
) -> None:
    assert check(tree, ["uk"]) == []
    po = tree.catalog_path("uk")
    text = po.read_text()
    assert edit[0] in text
    po.write_text(text.replace(edit[0], edit[1], 1))
    findings = check(tree, ["uk"])
    assert len(findings) >= 1 and any(expected in str(f) for f in findings), findings
    assert all(f.line for f in findings if "msgfmt" not in str(f))


@pytest.mark.parametrize("name", sorted(EXTRA_ENTRIES))
def test_check_finds_seeded_entries(tree: Project, name: str) -> None:
    entry, expected = EXTRA_ENTRIES[name]
    po = tree.catalog_path("uk")
    po.write_text(po.read_text() + entry)
    findings = check(tree, ["uk"])
    assert any(expected in str(f) for f in findings), findings


def test_check_finds_wrong_plural_forms_header(tree: Project) -> None:
    po = tree.catalog_path("uk")
    text = po.read_text()
    head, sep, rest = text.partition('"Plural-Forms: ')
    end = rest.index('\\n"')
    po.write_text(head + sep + "nplurals=2; plural=(n != 1);" + rest[end:])
    assert any("nplurals=2" in str(f) and "needs 3" in str(f) for f in check(tree, ["uk"]))


def test_shipped_catalogs_pass_check_and_are_complete() -> None:
    project = Project.at(ROOT)
    assert [str(f) for f in check(project)] == []
    assert [r for r in status(project) if not r.complete] == []


def test_init_unknown_language_falls_back_along_its_chain(
    tree: Project, case: Case, recipients: list[Recipient], sender: Sender
) -> None:
    with pytest.raises(InputError, match="--plural"):
        init(tree, "xx")
    created = init(tree, "xx", name="Xish", plural="one: n = 1", fallback=["uk"])
    assert {p.name for p in created} == {"advocacy_docs.po", "locale.toml"}
    po = tree.catalog_path("xx")
    catalog = read_catalog(po)
    rule = gettext.c2py(catalog.plural_expr)
    assert catalog.num_plurals == 2 and [rule(n) for n in range(4)] == [1, 0, 1, 1]
    assert "Language: xx" in po.read_text()
    with pytest.raises(InputError, match="exists"):
        init(tree, "xx", plural="one: n = 1")
    # The translator translates one string.
    text = po.read_text()
    marker = 'msgid "Dear Sir or Madam,"\nmsgstr ""'
    assert marker in text
    po.write_text(text.replace(marker, 'msgid "Dear Sir or Madam,"\nmsgstr "Xish greetings,"'))
    renderer = Renderer(locale_dirs=[tree.locales_dir])
    assert "xx" in renderer.locales()
    ombudsman = recipient_for(recipients, "uk")
    out = renderer.render(case, locale="xx", fmt="pdf", recipient=ombudsman, sender=sender,
                          today=TODAY)  # fmt: skip
    text = flat(" ".join(pdf_pages(out.data)))
    assert "Xish greetings," in text
    assert "Шановні панове!" not in text
    assert "суд засудив його" in text and "27 листопада 2026" in text  # the rest: uk, then en
    assert "14 років" in text
