"""Formatting of dates, durations, lists, numbers and names; locale.toml data and validation."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel import localedata

from advocacy_docs.case.types import Duration, PartialDate
from advocacy_docs.errors import InputError, TemplateError
from advocacy_docs.i18n import Fallback, Localizer, available_locales, get_localizer

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "locales"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NBSP = "\u00a0"  # our uk/ru patterns keep "2023 р." together with a no-break space


def loc(lang: str) -> Localizer:
    return get_localizer(lang, [BUNDLED])


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "value", "text", "short"),
    [
        ("en", PartialDate(2023, 5, 23), "23 May 2023", "23/05/2023"),
        ("en", PartialDate(2022, 10), "October 2022", "10/2022"),
        ("en", PartialDate(2022), "2022", "2022"),
        ("uk", PartialDate(2023, 5, 23), f"23 травня 2023{NBSP}р.", "23.05.2023"),
        ("uk", PartialDate(2022, 10), f"жовтень 2022{NBSP}р.", "10.2022"),
        ("uk", PartialDate(2022), f"2022{NBSP}р.", "2022"),
        ("ru", PartialDate(2023, 5, 23), f"23 мая 2023{NBSP}г.", "23.05.2023"),
        ("ru", PartialDate(2022, 10), f"октябрь 2022{NBSP}г.", "10.2022"),
        ("ru", PartialDate(2022), f"2022{NBSP}г.", "2022"),
    ],
)
def test_dates_by_precision_and_style(lang: str, value: PartialDate, text: str, short: str) -> None:
    assert loc(lang).date(value) == text
    assert loc(lang).date(value, style="text") == text
    assert loc(lang).date(value, style="short") == short


def test_day_takes_genitive_month_and_month_alone_nominative() -> None:
    uk = loc("uk")
    assert uk.date(PartialDate(2022, 10, 17)) == f"17 жовтня 2022{NBSP}р."
    assert uk.date(PartialDate(2022, 10)) == f"жовтень 2022{NBSP}р."
    assert loc("ru").date(PartialDate(2022, 3, 4)) == f"4 марта 2022{NBSP}г."
    assert loc("ru").date(PartialDate(2022, 3)) == f"март 2022{NBSP}г."


def test_date_accepts_date_and_datetime() -> None:
    assert loc("en").date(datetime.date(2023, 5, 23)) == "23 May 2023"
    assert loc("ru").date(datetime.datetime(2023, 5, 23, 14, 30), style="short") == "23.05.2023"


def test_unknown_date_style_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="long"):
        loc("en").date(PartialDate(2023), style="long")


# -- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "years", "expected"),
    [
        ("en", 1, "1 year"),
        ("en", 3, "3 years"),
        ("en", 14, "14 years"),
        ("en", 21, "21 years"),
        ("en", 5, "5 years"),
        ("uk", 1, "1 рік"),
        ("uk", 3, "3 роки"),
        ("uk", 14, "14 років"),
        ("uk", 21, "21 рік"),
        ("uk", 5, "5 років"),
        ("ru", 1, "1 год"),
        ("ru", 3, "3 года"),
        ("ru", 14, "14 лет"),
        ("ru", 21, "21 год"),
        ("ru", 5, "5 лет"),
    ],
)
def test_duration_years_take_plural_forms(lang: str, years: int, expected: str) -> None:
    assert loc(lang).duration(Duration(years=years)) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "3 years and 6 months"),
        ("uk", "3 роки і 6 місяців"),
        ("ru", "3 года и 6 месяцев"),
    ],
)
def test_duration_parts_are_joined_as_a_list(lang: str, expected: str) -> None:
    assert loc(lang).duration(Duration(years=3, months=6)) == expected


def test_duration_with_three_parts_and_zero() -> None:
    assert loc("en").duration(Duration(years=1, months=2, days=5)) == "1 year, 2 months and 5 days"
    assert loc("uk").duration(Duration(months=1, days=22)) == "1 місяць і 22 дні"
    assert loc("en").duration(Duration()) == "0 days"


# -- lists, numbers, names, plurals -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "standard", "alternatives", "pair"),
    [
        ("en", "a, b and c", "a, b or c", "a and b"),
        ("uk", "a, b і c", "a, b або c", "a і b"),
        ("ru", "a, b и c", "a, b или c", "a и b"),
    ],
)
def test_lists(lang: str, standard: str, alternatives: str, pair: str) -> None:
    localizer = loc(lang)
    assert localizer.list(["a", "b", "c"]) == standard
    assert localizer.list(["a", "b", "c"], style="or") == alternatives
    assert localizer.list(["a", "b"]) == pair
    assert localizer.list(["a"]) == "a"
    assert localizer.list([]) == ""


def test_unknown_list_style_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="oxford"):
        loc("en").list(["a", "b"], style="oxford")


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("en", 10000, "10,000"),
        ("uk", 10000, f"10{NBSP}000"),
        ("ru", 10000, f"10{NBSP}000"),
        ("en", 1234.5, "1,234.5"),
        ("uk", Decimal("1234.5"), f"1{NBSP}234,5"),
        ("ru", 7, "7"),
    ],
)
def test_numbers(lang: str, value: int | float | Decimal, expected: str) -> None:
    assert loc(lang).number(value) == expected


@pytest.mark.parametrize(
    ("lang", "russia", "ukraine", "ukrainian"),
    [
        ("en", "Russia", "Ukraine", "Ukrainian"),
        ("uk", "Росія", "Україна", "українська"),
        ("ru", "Россия", "Украина", "украинский"),
    ],
)
def test_country_and_language_names(lang: str, russia: str, ukraine: str, ukrainian: str) -> None:
    assert loc(lang).country("RU") == russia
    assert loc(lang).country("UA") == ukraine
    assert loc(lang).language_name("uk") == ukrainian


def test_unknown_country_code_shows_the_code_and_is_recorded() -> None:
    localizer = get_localizer("en", [FIXTURES / "locales"])
    assert localizer.country("QQ") == "QQ"
    assert Fallback("data", "countries.QQ") in localizer.missing()


def test_plural_index_and_category_follow_the_locale_rule() -> None:
    numbers = (1, 3, 5, 21, 11, 22)
    assert [loc("uk").plural_index(n) for n in numbers] == [0, 1, 2, 0, 2, 1]
    assert [loc("ru").plural_index(n) for n in numbers] == [0, 1, 2, 0, 2, 1]
    assert [loc("en").plural_index(n) for n in numbers] == [0, 1, 1, 1, 1, 1]
    assert [loc("ru").plural_category(n) for n in numbers] == [
        "one",
        "few",
        "many",
        "one",
        "many",
        "few",
    ]


# -- the localizer ----------------------------------------------------------------------------


def test_bundled_locales_chains_and_names() -> None:
    assert {"en", "uk", "ru"} <= set(available_locales([BUNDLED]))
    assert loc("uk").chain == ("uk", "en")
    assert loc("ru").chain == ("ru", "en")
    assert loc("en").chain == ("en",)
    assert loc("uk").name == "Українська"
    assert loc("uk").lang == "uk"


def test_localizers_are_cached_and_immutable() -> None:
    assert loc("uk") is loc("uk")
    with pytest.raises(dataclasses.FrozenInstanceError):
        loc("uk").lang = "ru"  # type: ignore[misc]


def test_unknown_locale_names_the_available_ones() -> None:
    with pytest.raises(InputError, match=r"'zz'") as err:
        get_localizer("zz", [BUNDLED])
    assert ", ".join(available_locales([BUNDLED])) in str(err.value)


def test_missing_locale_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        get_localizer("en", [tmp_path / "nowhere"])


def test_user_locale_toml_overrides_one_key_of_the_bundled_one() -> None:
    bundled = get_localizer("uk", [FIXTURES / "locales"])
    user = get_localizer("uk", [FIXTURES / "user_locales", FIXTURES / "locales"])
    assert bundled.list(["a", "b", "c"]) == "a, b і c"
    assert user.list(["a", "b", "c"]) == "a, b та c"  # lists.standard.end from the user file
    assert user.list(["a", "b"]) == "a і b"  # lists.standard."2" still from CLDR


# -- a locale CLDR does not know: everything from locale.toml ---------------------------------


def xx() -> Localizer:
    return get_localizer("xx", [FIXTURES / "locales"])


def test_fixture_locale_xx_is_unknown_to_babel() -> None:
    assert not localedata.exists("xx")
    assert xx().chain == ("xx", "en")
    assert xx().name == "Xx"


def test_xx_dates_use_its_month_names_and_patterns() -> None:
    assert xx().date(PartialDate(2023, 5, 23)) == "23 mayısnıñ 2023 yılı"
    assert xx().date(PartialDate(2022, 10)) == "oktâbr 2022"
    assert xx().date(PartialDate(2022)) == "2022 yılı"
    assert xx().date(PartialDate(2023, 5, 23), style="short") == "23.05.2023"
    assert xx().date(PartialDate(2022, 10), style="short") == "10.2022"


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (Duration(years=1), "1 yıl"),  # one
        (Duration(years=3), "3 yılı"),  # few
        (Duration(years=22), "22 yılı"),  # few
        (Duration(years=5), "5 yıllar"),  # other
        (Duration(years=12), "12 yıllar"),  # other: 12..14 are not few
        (Duration(years=3, months=1), "3 yılı ve 1 ay"),
        (Duration(days=3), "3 künler"),  # no "few" form for days: "other"
        (Duration(years=2, months=6, days=1), "2 yılı, 6 aylar ve 1 kün"),
    ],
)
def test_xx_durations_use_its_plural_rule_and_units(duration: Duration, expected: str) -> None:
    assert xx().duration(duration) == expected


def test_xx_lists_numbers_names_and_plural_index() -> None:
    localizer = xx()
    assert localizer.list(["a", "b", "c", "d"]) == "a, b, c ve d"
    assert localizer.list(["a", "b"]) == "a ve b"
    assert localizer.number(10000) == "10.000"
    assert localizer.number(-1234.5) == "-1.234,5"
    assert localizer.number(0.1 + 0.2) == "0,3"
    assert localizer.number(Decimal("2.0005")) == "2"  # at most three decimals, half to even
    assert localizer.duration(Duration(years=1000)) == "1.000 yıllar"
    assert localizer.country("RU") == "Rusiye"
    assert localizer.language_name("uk") == "ukrain tili"
    assert [localizer.plural_index(n) for n in (1, 3, 5, 22)] == [0, 1, 2, 1]
    assert localizer.plural_category(4) == "few"


def test_xx_borrows_what_it_lacks_from_its_chain_and_records_it() -> None:
    localizer = xx()
    assert localizer.country("UA") == "Ukraine"  # no name in xx: from en (CLDR)
    assert localizer.list(["a", "b", "c"], style="or") == "a, b or c"
    missing = localizer.missing()
    assert Fallback("data", "countries.UA", used="en") in missing
    assert Fallback("data", "lists.or.end", used="en") in missing
    assert not any(f.key == "countries.RU" for f in missing)


# -- locale.toml validation -------------------------------------------------------------------


def write_locale(tmp_path: Path, text: str, lang: str = "qq") -> Path:
    path = tmp_path / lang / "locale.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[dates]\ntext.dayy = "d MMMM y"\n', "dates.text.dayy"),
        ('colour = "red"\n', "colour"),
        ('fallback = "en"\n', "fallback"),
        ("name = 3\n", "name"),
        ('babel = "zz_QQ"\n', "babel"),
        ("babel = true\n", "babel"),
        ('plural = "one: n =="\n', "plural"),
        ('plural = "n = 1"\n', "plural"),
        ('[dates]\ntext.month = "d MMMM y"\n', "dates.text.month"),
        ('[dates]\ntext.day = "d MMMM EEEE y"\n', "dates.text.day"),
        ('[dates]\nshort.year = "y \'р."\n', "dates.short.year"),
        ('[months]\nformat.wide = ["a", "b"]\n', "months.format.wide"),
        ('[months]\ngenitive.wide = ["a"]\n', "months.genitive"),
        ('[units.year]\none = "{0} yıl"\n', "units.year"),
        ('[units.week]\nother = "{0} hafta"\n', "units.week"),
        ('[units.year]\nother = "yıl"\n', "units.year.other"),
        ('[lists.standard]\nend = "{0} ve"\n', 'lists.standard."end"'),
        ('[lists.standard]\nend = "{0} {x} {1}"\n', 'lists.standard."end"'),
        ("[numbers]\ndecimal = 1\n", "numbers.decimal"),
        ('[countries]\nrussia = "Rusiye"\n', "countries.russia"),
    ],
)
def test_bad_locale_toml_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write_locale(tmp_path, text)
    with pytest.raises(InputError) as info:
        get_localizer("qq", [tmp_path, BUNDLED])
    message = str(info.value)
    assert str(path) in message
    assert f" {key}:" in message


def test_every_problem_of_a_locale_toml_is_listed(tmp_path: Path) -> None:
    write_locale(tmp_path, 'name = 3\nfallback = "en"\n')
    with pytest.raises(InputError) as info:
        get_localizer("qq", [tmp_path, BUNDLED])
    assert " name:" in str(info.value)
    assert " fallback:" in str(info.value)


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write_locale(tmp_path, 'name = "Qq"\nfallback = [en]\n')
    with pytest.raises(InputError, match=re.escape(f"{path}:2:")):
        get_localizer("qq", [tmp_path, BUNDLED])


def test_unknown_fallback_locale_names_file_and_key(tmp_path: Path) -> None:
    path = write_locale(tmp_path, 'babel = false\nfallback = ["zz"]\n')
    with pytest.raises(InputError, match=re.escape(f"{path}: fallback: no locale 'zz'")):
        get_localizer("qq", [tmp_path, BUNDLED])


def test_fallback_chain_always_ends_in_english(tmp_path: Path) -> None:
    write_locale(tmp_path, 'babel = "be"\nfallback = ["en", "ru"]\n')
    localizer = get_localizer("qq", [tmp_path, BUNDLED])
    assert localizer.chain == ("qq", "ru", "en")
    assert localizer.date(PartialDate(2022, 10, 17), style="short") == "17.10.2022"


def test_edited_locale_toml_is_read_again(tmp_path: Path) -> None:
    path = write_locale(tmp_path, 'babel = "en_GB"\n[dates]\nshort.year = "y"\n')
    assert get_localizer("qq", [tmp_path, BUNDLED]).date(PartialDate(2022), style="short") == "2022"
    path.write_text('babel = "en_GB"\n[dates]\nshort.year = "\'year\' y"\n', encoding="utf-8")
    assert (
        get_localizer("qq", [tmp_path, BUNDLED]).date(PartialDate(2022), style="short")
        == "year 2022"
    )
