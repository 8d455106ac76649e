"""The shipped catalogs open cleanly in the translators' tools (Poedit, Weblate): they parse
with Babel and with polib, their headers are right, and they hold no leftovers to review."""

from __future__ import annotations

import gettext
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po

from advocacy_docs.i18n.catalog import GENDER_CONTEXTS
from advocacy_docs.i18n.localedata import load_locale_spec
from advocacy_docs.i18n.workflow import gettext_plural_forms
from tests.conftest import ROOT

LOCALES = ROOT / "locales"
POT = LOCALES / "advocacy_docs.pot"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/advocacy_docs.po"))
SAMPLES = [*range(0, 250), 1000, 1001, 10**6, 10**6 + 1, 2 * 10**6]


def _lang(path: Path) -> str:
    return path.parents[1].name


def test_every_locale_with_a_catalog_is_tested() -> None:
    assert {_lang(p) for p in CATALOGS} >= {"crh", "de", "en", "fr", "pl", "ru", "uk"}


@pytest.mark.parametrize("path", [POT, *CATALOGS], ids=lambda p: p.parent.parent.name)
def test_parses_with_babel_and_polib(path: Path) -> None:
    with open(path, "rb") as fh:
        babel_catalog = read_po(fh, abort_invalid=True)
    po = polib.pofile(str(path), check_for_duplicates=True)
    assert po.encoding.lower() == "utf-8"
    babel_ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in babel_catalog}
    polib_ids = {(e.msgctxt, e.msgid) for e in po}
    assert polib_ids == {k for k in babel_ids if k[1]}


@pytest.mark.parametrize("path", CATALOGS, ids=_lang)
def test_no_fuzzy_and_no_obsolete_entries(path: Path) -> None:
    po = polib.pofile(str(path))
    assert po.obsolete_entries() == []
    assert "\n#~ " not in path.read_text(encoding="utf-8")
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert "fuzzy" not in po.metadata_is_fuzzy


@pytest.mark.parametrize("path", CATALOGS, ids=_lang)
def test_headers(path: Path) -> None:
    lang = _lang(path)
    meta = polib.pofile(str(path)).metadata
    assert meta["Language"] == lang
    assert meta["Content-Type"] == "text/plain; charset=utf-8"
    assert meta["MIME-Version"] == "1.0" and meta["Content-Transfer-Encoding"] == "8bit"
    assert meta.get("Language-Team") and meta.get("PO-Revision-Date")
    assert "POT-Creation-Date" not in meta and "Generated-By" not in meta  # no churn


@pytest.mark.parametrize("path", CATALOGS, ids=_lang)
def test_plural_forms_are_the_locales(path: Path) -> None:
    """Plural-Forms picks the same form for every number as CLDR's rule (or locale.toml's)."""
    lang = _lang(path)
    spec = load_locale_spec(lang, [LOCALES])
    expected = gettext_plural_forms(spec.babel_id or lang, spec.plural_text)
    header = polib.pofile(str(path)).metadata["Plural-Forms"]

    def parse(text: str) -> tuple[int, list[int]]:
        nplurals = int(text.split("nplurals=")[1].split(";")[0])
        rule = gettext.c2py(text.split("plural=", 1)[1].rstrip("; "))
        return nplurals, [rule(n) for n in SAMPLES]

    assert parse(header) == parse(expected)


def test_template_carries_comments_and_contexts() -> None:
    po = polib.pofile(str(POT))
    gendered = [e for e in po if e.msgctxt in GENDER_CONTEXTS]
    assert gendered and all(e.comment for e in gendered)  # #. comments: what to agree with
    assert any(e.msgid_plural for e in po)
    with_placeholders = [e for e in po if "%(" in e.msgid]
    assert all("python-format" in e.flags for e in with_placeholders)


@pytest.mark.parametrize("path", CATALOGS, ids=_lang)
def test_catalogs_carry_the_templates_comments(path: Path) -> None:
    """A translator in Poedit or Weblate reads the same #. comment as the template has."""
    template = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(POT))}
    for entry in polib.pofile(str(path)):
        source = template.get((entry.msgctxt, entry.msgid))
        assert source is not None, f"{path}: {entry.msgid!r} is not in the template"
        assert entry.comment == source.comment, entry.msgid
        assert entry.msgid_plural == source.msgid_plural
