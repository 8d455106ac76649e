"""Catalogs read from .po at run time: contexts, plural forms, fallbacks, errors; extraction."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from advocacy_docs.errors import ConfigurationError
from advocacy_docs.i18n import (
    GENDER_CONTEXTS,
    Fallback,
    Localizer,
    available_locales,
    get_localizer,
)
from advocacy_docs.i18n.catalog import load_catalog
from advocacy_docs.i18n.extract import GENDER_COMMENT, extract_jinja

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED = FIXTURES / "locales"  # plays the bundled folder: catalogs we control
USER = FIXTURES / "user_locales"

YEAR = ("%(num)d year", "%(num)d years")
SENTENCED = "%(name)s was sentenced"
SPENT = ("%(name)s spent %(num)d year in detention", "%(name)s spent %(num)d years in detention")

UK_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: uk\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
    'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


def uk() -> Localizer:
    return get_localizer("uk", [BUNDLED])


def test_available_fixture_locales() -> None:
    assert available_locales([BUNDLED]) == ["en", "ru", "uk", "xx"]


def test_gettext_and_context() -> None:
    assert uk().gettext("Dear Sir or Madam,") == "Шановні панове!"
    assert uk().pgettext("male", SENTENCED) == "%(name)s був засуджений"
    assert uk().pgettext("female", SENTENCED) == "%(name)s була засуджена"
    assert uk().pgettext("unspecified", SENTENCED) == "%(name)s — засуджена особа"
    # The context is part of the key: no context-less entry, no entry in another context.
    assert uk().gettext(SENTENCED) == SENTENCED
    assert uk().pgettext("male", "Dear Sir or Madam,") == "Dear Sir or Madam,"
    assert GENDER_CONTEXTS == ("male", "female", "unspecified")


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "рік"), (3, "роки"), (5, "років"), (21, "рік"), (11, "років"), (22, "роки")],
)
def test_plural_forms_follow_the_catalog_rule(n: int, expected: str) -> None:
    assert uk().ngettext(*YEAR, n) == f"%(num)d {expected}"


def test_npgettext_combines_context_and_plural() -> None:
    assert uk().npgettext("female", *SPENT, 3) == "%(name)s провела під вартою %(num)d роки"
    assert uk().npgettext("female", *SPENT, 21) == "%(name)s провела під вартою %(num)d рік"
    # No male translation: the English msgid with the English rule.
    assert uk().npgettext("male", *SPENT, 1) == SPENT[0]
    assert uk().npgettext("male", *SPENT, 3) == SPENT[1]


def test_fuzzy_empty_unfinished_and_obsolete_entries_fall_back() -> None:
    assert uk().gettext("Yours faithfully") == "Yours faithfully"  # fuzzy "З повагою"
    assert uk().gettext("Urgent appeal") == "Urgent appeal"  # empty msgstr
    assert uk().ngettext("%(num)d day", "%(num)d days", 5) == "%(num)d days"  # one form empty
    assert uk().ngettext("%(num)d day", "%(num)d days", 1) == "%(num)d day"
    assert uk().gettext("An obsolete message") == "An obsolete message"


def test_fallback_chain_reaches_english_catalog_then_msgid() -> None:
    localizer = uk()
    assert localizer.chain == ("uk", "en")
    assert localizer.pgettext("regime", "strict_regime_colony") == "strict-regime penal colony"
    assert localizer.gettext("Not translated anywhere") == "Not translated anywhere"
    missing = localizer.missing()
    assert Fallback("message", "strict_regime_colony", "regime", "en") in missing
    assert Fallback("message", "Not translated anywhere", "", "") in missing
    assert not any(f.key == "Dear Sir or Madam," and not f.context for f in missing)


def test_english_msgids_are_not_missing_in_english() -> None:
    en = get_localizer("en", [BUNDLED])
    assert en.gettext("Urgent appeal") == "Urgent appeal"
    assert not any(f.key == "Urgent appeal" for f in en.missing())


def test_catalog_without_header_uses_the_locale_plural_rule() -> None:
    ru = get_localizer("ru", [BUNDLED])
    forms = [ru.ngettext(*YEAR, n) for n in (1, 3, 5, 21, 12)]
    assert forms == ["%(num)d год", "%(num)d года", "%(num)d лет", "%(num)d год", "%(num)d лет"]


def test_locale_unknown_to_babel_uses_its_locale_toml_plural_rule() -> None:
    xx = get_localizer("xx", [BUNDLED])
    letters = [xx.ngettext("%(num)d letter", "%(num)d letters", n) for n in (1, 3, 5)]
    assert letters == ["%(num)d mektüp", "%(num)d mektüpi", "%(num)d mektüpler"]
    assert xx.gettext("Dear Sir or Madam,") == "Sayğılı efendiler!"
    assert xx.ngettext(*YEAR, 3) == YEAR[1]  # from the msgid, English rule


def test_fallback_locale_chooses_forms_by_its_own_rule(tmp_path: Path) -> None:
    # Japanese has one plural form; its fallback, Ukrainian, has three.
    (tmp_path / "qq").mkdir()
    (tmp_path / "qq" / "locale.toml").write_text('babel = "ja"\nfallback = ["uk"]\n')
    qq = get_localizer("qq", [tmp_path, BUNDLED])
    assert qq.chain == ("qq", "uk", "en")
    assert [qq.plural_index(n) for n in (1, 3, 5)] == [0, 0, 0]
    assert qq.ngettext(*YEAR, 5) == "%(num)d років"
    assert qq.ngettext(*YEAR, 3) == "%(num)d роки"
    assert qq.gettext("Dear Sir or Madam,") == "Шановні панове!"


def test_user_folder_overrides_bundled_message_by_message() -> None:
    localizer = get_localizer("uk", [USER, BUNDLED])
    assert localizer.gettext("Dear Sir or Madam,") == "Шановні пані та панове!"
    assert localizer.pgettext("female", SENTENCED) == "%(name)s була засуджена"  # bundled
    assert get_localizer("uk", [BUNDLED, USER]).gettext("Dear Sir or Madam,") == "Шановні панове!"


def write_po(folder: Path, text: str, lang: str = "uk") -> Path:
    path = folder / lang / "LC_MESSAGES" / "advocacy_docs.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_po_names_file_and_line(tmp_path: Path) -> None:
    # Lines 1-5 header, 6 blank, 7-8 a message, 9 blank, 10 the bad line.
    path = write_po(tmp_path, UK_HEADER + 'msgid "a"\nmsgstr "b"\n\nthis is not po\n')
    with pytest.raises(ConfigurationError, match=re.escape(f"{path}:10:")):
        get_localizer("uk", [tmp_path, BUNDLED])


def test_bad_plural_forms_header_names_file(tmp_path: Path) -> None:
    path = write_po(
        tmp_path,
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n ==== 1);\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n',
    )
    with pytest.raises(ConfigurationError, match=re.escape(str(path))):
        get_localizer("uk", [tmp_path, BUNDLED])


def test_more_forms_than_the_rule_allows_is_an_error(tmp_path: Path) -> None:
    path = write_po(
        tmp_path,
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
    )
    with pytest.raises(ConfigurationError, match=re.escape(str(path))):
        get_localizer("uk", [tmp_path, BUNDLED])


def test_catalogs_are_cached_until_the_file_changes(tmp_path: Path) -> None:
    path = write_po(tmp_path, UK_HEADER + 'msgid "Release him"\nmsgstr "Звільніть його"\n')
    first = get_localizer("uk", [tmp_path, BUNDLED])
    assert first.gettext("Release him") == "Звільніть його"
    assert load_catalog(path) is load_catalog(path)
    assert get_localizer("uk", [tmp_path, BUNDLED]) is first
    path.write_text(UK_HEADER + 'msgid "Release him"\nmsgstr "Негайно звільніть його"\n')
    second = get_localizer("uk", [tmp_path, BUNDLED])
    assert second is not first
    assert second.gettext("Release him") == "Негайно звільніть його"


def test_folder_with_only_a_catalog_uses_babel_locale_of_its_name(tmp_path: Path) -> None:
    write_po(tmp_path, UK_HEADER, lang="pl")
    pl = get_localizer("pl", [tmp_path, BUNDLED])
    assert pl.chain == ("pl", "en")
    assert pl.list(["a", "b"]) == "a i b"
    assert "pl" in available_locales([tmp_path])


# -- extraction -------------------------------------------------------------------------------

TEMPLATE_DIR = FIXTURES / "extract"


def test_extract_jinja_expands_variable_contexts() -> None:
    source = (
        b'{{ pgettext(person.gender, "%(name)s was sentenced", name=n) }}'
        b'{{ pgettext("closing", "Yours faithfully") }}{{ _("Hello") }}'
    )
    results = list(
        extract_jinja(
            io.BytesIO(source),
            ["_", "gettext", "pgettext", "npgettext"],
            [],
            {"trimmed": "true", "newstyle_gettext": "true"},
        )
    )
    messages = [message for _, _, message, _ in results]
    assert messages == [
        ("male", SENTENCED, None),
        ("female", SENTENCED, None),
        ("unspecified", SENTENCED, None),
        ("closing", "Yours faithfully"),
        "Hello",
    ]
    assert results[0][3] == [GENDER_COMMENT]


def test_pybabel_extract_with_babel_cfg(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    env = dict(os.environ)
    # The extractor is imported by pybabel from this source tree.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(ROOT)) if p)
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-o",
            str(pot),
            ".",
        ],
        cwd=TEMPLATE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        catalog = read_po(f)

    for gender in GENDER_CONTEXTS:
        sentenced = catalog.get(SENTENCED, context=gender)
        assert sentenced is not None, gender
        assert any("the verb agrees" in c for c in sentenced.auto_comments)  # Translators:
        assert any("grammatical gender" in c for c in sentenced.auto_comments)
        spent = catalog.get(SPENT[0], context=gender)
        assert spent is not None and spent.id == SPENT, gender
    assert catalog.get(SENTENCED) is None  # the stock extractor's context-less entry is gone

    closing = catalog.get("Yours faithfully", context="letter closing")
    assert closing is not None
    assert all(catalog.get("Yours faithfully", context=g) is None for g in GENDER_CONTEXTS)
    assert catalog.get("Dear Sir or Madam,") is not None
    days = catalog.get("%(num)d day")
    assert days is not None and days.id == ("%(num)d day", "%(num)d days")
    demands = catalog.get("One demand")  # a trimmed {% trans %} block
    assert demands is not None and demands.id == ("One demand", "%(count)s demands")
