"""The grammar layer as templates and translators meet it: date phrases by role and precision,
pronouns, noun phrases (a German court with its article), the filters of the environment, the
translators' check for prepositions before dates, and ``validate --explain-names``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advocacy_docs.case.types import PartialDate
from advocacy_docs.cli import main
from advocacy_docs.errors import TemplateError, ValidationFailed
from advocacy_docs.grammar_filters import sentence_filter
from advocacy_docs.i18n import get_localizer
from advocacy_docs.i18n.audit import check
from advocacy_docs.i18n.datewords import misplaced_words
from advocacy_docs.i18n.grammar import bare, phrase, pronoun
from advocacy_docs.i18n.workflow import Project
from advocacy_docs.templating import TemplateEngine
from tests.conftest import ROOT

DAY, MONTH, YEAR = PartialDate(2022, 2, 24), PartialDate(2023, 3), PartialDate(2022)

# locale -> role -> (day, month, year), as a native writes the phrase.
PHRASES = {
    "en": {
        "on": ("on 24 February 2022", "in March 2023", "in 2022"),
        "since": ("since 24 February 2022", "since March 2023", "since 2022"),
        "until": ("until 24 February 2022", "until March 2023", "until 2022"),
    },
    "uk": {
        "on": ("24 лютого 2022 р.", "у березні 2023 р.", "у 2022 р."),
        "since": ("з 24 лютого 2022 р.", "з березня 2023 р.", "з 2022 р."),
        "until": ("до 24 лютого 2022 р.", "до березня 2023 р.", "до 2022 р."),
    },
    "ru": {
        "on": ("24 февраля 2022 г.", "в марте 2023 г.", "в 2022 г."),
        "since": ("с 24 февраля 2022 г.", "с марта 2023 г.", "с 2022 г."),
        "until": ("до 24 февраля 2022 г.", "до марта 2023 г.", "до 2022 г."),
    },
    "de": {
        "on": ("am 24. Februar 2022", "im März 2023", "im Jahr 2022"),
        "since": ("seit dem 24. Februar 2022", "seit März 2023", "seit 2022"),
        "until": ("bis zum 24. Februar 2022", "bis März 2023", "bis 2022"),
    },
    "fr": {
        "on": ("le 24 février 2022", "en mars 2023", "en 2022"),
        "since": ("depuis le 24 février 2022", "depuis mars 2023", "depuis 2022"),
        "until": ("jusqu'au 24 février 2022", "jusqu'en mars 2023", "jusqu'en 2022"),
    },
    "pl": {
        "on": ("24 lutego 2022 r.", "w marcu 2023 r.", "w 2022 r."),
        "since": ("od 24 lutego 2022 r.", "od marca 2023 r.", "od 2022 r."),
        "until": ("do 24 lutego 2022 r.", "do marca 2023 r.", "do 2022 r."),
    },
    "crh": {
        "on": ("2022 senesi fevral 24 künü", "2023 senesi mart ayında", "2022 senesinde"),
        "since": (
            "2022 senesi fevral 24 kününden berli",
            "2023 senesi mart ayından berli",
            "2022 senesinden berli",
        ),
        "until": (
            "2022 senesi fevral 24 kününe qadar",
            "2023 senesi mart ayına qadar",
            "2022 senesine qadar",
        ),
    },
}


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.mark.parametrize("lang", sorted(PHRASES))
def test_a_date_is_the_phrase_of_its_role_and_precision(lang: str) -> None:
    localizer = get_localizer(lang)
    for role, expected in PHRASES[lang].items():
        got = tuple(_plain(localizer.date_phrase(d, role)) for d in (DAY, MONTH, YEAR))
        assert got == expected, role
    # "in" is the same role as "on": the precision chooses the word.
    assert localizer.date_phrase(MONTH, "in") == localizer.date_phrase(MONTH, "on")


def test_an_unknown_role_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="unknown date role 'during'"):
        get_localizer("en").date_phrase(DAY, "during")


def test_pronouns_by_gender_and_case_never_borrowed() -> None:
    assert pronoun("female", "dat", "uk") == "їй"
    assert pronoun("male", "acc", "ru") == "его"
    assert pronoun("female", "acc", "de") == "sie"
    assert pronoun("unspecified", "nom", "en") == "they"
    assert {pronoun(g, "acc", "crh") for g in ("male", "female", "unspecified")} == {"onı"}
    # No neutral personal pronoun: nothing, rather than another gender's.
    for lang in ("uk", "ru", "de", "fr", "pl"):
        assert pronoun("unspecified", "nom", lang) is None


@pytest.mark.parametrize(
    ("text", "case", "lang", "expected"),
    [
        ("Zweites Westliches Bezirksmilitärgericht", "nom", "de",
         "das Zweite Westliche Bezirksmilitärgericht"),
        ("Zweites Westliches Bezirksmilitärgericht", "dat", "de",
         "dem Zweiten Westlichen Bezirksmilitärgericht"),
        ("Zweites Westliches Bezirksmilitärgericht", "gen", "de",
         "des Zweiten Westlichen Bezirksmilitärgerichts"),
        ("Oberster Gerichtshof", "acc", "de", "den Obersten Gerichtshof"),
        ("Minsker Stadtgericht", "dat", "de", "dem Minsker Stadtgericht"),
        ("Polizei des Bezirks Chatai", "gen", "de", "der Polizei des Bezirks Chatai"),
        ("FSB", "gen", "de", "des FSB"),
        ("FSB", "gen", "fr", "du FSB"),
        ("Police du district de Khatai", "gen", "fr", "de la Police du district de Khatai"),
        ("le deuxième tribunal militaire", "gen", "fr", "du deuxième tribunal militaire"),
        ("l'Office central", "dat", "fr", "à l'Office central"),
        ("Tribunal de Moscou", "nom", "fr", "le Tribunal de Moscou"),
        ("Мінський міський суд", "nom", "uk", "Мінський міський суд"),
        ("ФСБ", "gen", "uk", "ФСБ"),
        ("FSB", "gen", "en", "FSB"),
    ],
)  # fmt: skip
def test_a_phrase_takes_the_form_its_sentence_needs(
    text: str, case: str, lang: str, expected: str
) -> None:
    form = phrase(text, case, lang)  # type: ignore[arg-type]
    assert form.decided and form.text == expected


@pytest.mark.parametrize(
    ("text", "case", "lang"),
    [
        ("Moskauer Gerichtshof", "nom", "de"),  # a city's name or an adjective: a person decides
        ("Memorial", "dat", "de"),  # no known head noun
        ("Поліція Хатаїнського району Баку", "gen", "uk"),  # no Ukrainian phrase rules
    ],
)
def test_a_phrase_no_rule_decides_is_undecided_and_kept(text: str, case: str, lang: str) -> None:
    form = phrase(text, case, lang)  # type: ignore[arg-type]
    assert not form.decided and form.text == text and form.note


def test_a_label_drops_the_article_its_phrase_is_written_with() -> None:
    assert bare("le deuxième tribunal militaire", "fr") == "deuxième tribunal militaire"
    assert bare("l'Office central", "fr") == "Office central"
    assert bare("Tribunal de Moscou", "fr") == "Tribunal de Moscou"
    assert bare("Другий західний окружний військовий суд", "uk").startswith("Другий")


def test_sentence_capitalises_its_first_letter_past_markup() -> None:
    from markupsafe import Markup

    assert sentence_filter("у березні 2023 р. її затримали") == "У березні 2023 р. її затримали"
    assert sentence_filter(Markup('<span lang="en">le 24</span>')) == Markup(
        '<span lang="en">Le 24</span>'
    )
    assert sentence_filter("24 лютого 2022 р. його") == "24 лютого 2022 р. його"
    assert sentence_filter("&laquo;x") == "&laquo;X"


def _render(source: str, lang: str, **context: object) -> str:
    engine = TemplateEngine()
    template = engine.env.from_string(source)
    sink: list[object] = []
    return template.render(localizer=get_localizer(lang), notice_sink=sink, **context) + (
        f"|{len(sink)}" if sink else ""
    )


def test_filters_in_a_template() -> None:
    out = _render('{{ d|date_phrase("since")|capfirst }}', "uk", d=MONTH)
    assert out == "З березня 2023\u00a0р."
    assert _render('{{ c|phrase("dat") }}', "de", c="Oberster Gerichtshof") == (
        "dem Obersten Gerichtshof"
    )
    assert _render('{{ n|case("gen") }}', "pl", n="Anna Nowak") == "Anna Nowak|1"  # gender?
    assert _render('{{ pronoun("dat", "female") }}', "ru") == "ей"
    with pytest.raises(TemplateError, match="unknown grammatical case 'abl'"):
        _render('{{ n|case("abl") }}', "pl", n="Anna Nowak")


def test_locale_data_for_pronouns_and_date_words_is_validated(tmp_path: Path) -> None:
    from advocacy_docs.i18n.localedata import read_locale_file

    bad = tmp_path / "locale.toml"
    bad.write_text(
        '[pronouns.male]\nabl = "x"\n[pronouns.other]\nnom = "x"\n'
        '[grammar]\ndate_prepositions = "on"\n'
    )
    with pytest.raises(ValidationFailed) as raised:
        read_locale_file(bad)
    text = str(raised.value)
    assert "pronouns.male.abl" in text and "pronouns.other" in text
    assert "grammar.date_prepositions" in text


# -- the translators' check ------------------------------------------------------------------


def test_misplaced_words_before_and_after_a_date() -> None:
    assert misplaced_words("Заарештований з %(date)s.", ["з"])
    assert misplaced_words("Détenu jusqu'au %(date)s.", ["jusqu'au"])
    assert misplaced_words("%(when)s berli apiste.", [], ["berli"])
    assert misplaced_words("%(date)s-ten berli apiste.", [], [])  # a glued suffix
    assert not misplaced_words("Заарештований %(when)s.", ["з"])
    assert not misplaced_words("Londres, le %(today)s", ["le"])  # always a whole date
    assert not misplaced_words("з %(name)s", ["з"])  # not a date


@pytest.fixture
def tree(tmp_path: Path) -> Project:
    """A copy of the translators' tree."""
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return Project.at(tmp_path)


@pytest.mark.parametrize(
    ("lang", "msgstr", "word"),
    [
        ("uk", "%(when)s її затримали, і з %(since)s вона під вартою.", "'з'"),
        ("pl", "Zatrzymana od %(date)s.", "'od'"),
        ("crh", "%(date)s berli apiste buluna.", "'berli'"),
    ],
)
def test_check_flags_a_preposition_seeded_before_a_date(
    tree: Project, lang: str, msgstr: str, word: str
) -> None:
    po = tree.catalog_path(lang)
    before = {str(f) for f in check(tree, [lang])}
    msgid = "Detained %(when)s %(since)s %(date)s."
    entry = f'\n#, python-format\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'
    po.write_text(po.read_text(encoding="utf-8") + entry, encoding="utf-8")
    new = [str(f) for f in check(tree, [lang]) if str(f) not in before]
    assert any(word in f and "date" in f for f in new), new


# -- validate --explain-names ------------------------------------------------------------------


def test_explain_names_prints_every_guessed_form(capsys: pytest.CaptureFixture[str]) -> None:
    woman = ROOT / "tests" / "fixtures" / "cases" / "lisouskaya-by.yaml"
    assert main(["validate", "--explain-names", str(woman)]) == 0
    out = capsys.readouterr().out
    assert "person.name (female):" in out
    assert "uk: Ірина Лісовська" in out and "gen  Ірини Лісовської  [guessed" in out
    assert "pl: Iryna Lisowska" in out and "gen  Iryny Lisowskiej" in out
    assert "ru: Ирина Лисовская" in out and "[guessed: pytrovich]" in out
    assert "de, en, fr: the name is written the same in every case" in out


def test_explain_names_marks_what_no_rule_decides(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "examples" / "cases" / "khamroev.yaml").read_text(encoding="utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("  gender: male\n", "  gender: unspecified\n"), encoding="utf-8")
    assert main(["validate", "--explain-names", str(case)]) == 0
    out = capsys.readouterr().out
    assert "gen  Bachrom Chamrojew  [UNDECIDED" in out
    assert "the form depends on the gender" in out


def test_ukrainian_text_gets_the_typographic_apostrophe() -> None:
    uk = get_localizer("uk")
    assert uk.typeset("у в'язниці, ім'я") == "у\u00a0в’язниці, ім’я"
    # A quotation mark is not an apostrophe: Ukrainian quotes; digits keep their mark.
    assert uk.typeset("'цитата' та 10'30") == "„цитата“ та 10'30"
    assert get_localizer("fr").typeset("l'article") == "l’article"  # French has it too
