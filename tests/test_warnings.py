"""Warnings: only what a reader should know about, structured, and said once per kind.

The rule (advocacy_docs/view.py): a text printed in another language than the document's is
reported unless it reads the same in every language (no letters, an e-mail or web address), or
is a name its reader reads as it is. Tested over generated names, numbers and addresses in every
shipped locale's script, with the cases that must still warn.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls
from markupsafe import Markup

from advocacy_docs import load_case
from advocacy_docs.campaign import RendererOptions, run_campaign
from advocacy_docs.case.types import LocalizedText
from advocacy_docs.cli import main
from advocacy_docs.i18n import get_localizer
from advocacy_docs.notices import FALLBACK_ADDRESS, FALLBACK_TEXT, Notice, NoticeLog
from advocacy_docs.view import (
    LATIN,
    ViewBuilder,
    fallback_is_news,
    language_neutral,
    scripts,
)

from .conftest import CASE_FILE, EXAMPLES, LETTER_LOCALES, RECIPIENTS_FILE, ROOT, SENDERS_FILE
from .test_campaign import write_campaign

CYRILLIC = "Cyrl"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßàâçéèêëîïôûùœąćęłńóśźżığşñâü"
CYRILLIC_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъ"

# The notice for the example's facts (as of 30 May 2023), in documents dated 27 November 2026.
STALE = "as_of: the facts are stated as of 2023-05-30, more than 6 months before"


def words(letters: str) -> st.SearchStrategy[str]:
    """Names such as "Olena Koval-Petrenko" or "Дмитро Лубінець" from the given letters."""
    word = st.text(letters + letters.upper(), min_size=1, max_size=10)
    return st.lists(word, min_size=1, max_size=4).map(" ".join)


latin_names = words(LATIN_LETTERS)
cyrillic_names = words(CYRILLIC_LETTERS)
numbers = st.one_of(
    st.integers().map(str),
    st.from_regex(r"[0-9]{1,3}([.,][0-9]{1,2})?( [0-9]{1,3}/[0-9]{1,2})?", fullmatch=True),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
)


def builder(lang: str) -> ViewBuilder:
    """The localize stage for a document in ``lang`` over a case written in English."""
    return ViewBuilder(get_localizer(lang), "en")


def printed(vb: ViewBuilder, value: LocalizedText, path: str) -> str:
    """``value`` as the template prints it (reporting happens when a text is printed)."""
    return str(Markup(vb.text(value, path).__html__()))


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "script"),
    [("en", LATIN), ("de", LATIN), ("fr", LATIN), ("pl", LATIN), ("crh", LATIN),
     ("uk", CYRILLIC), ("ru", CYRILLIC)],
)  # fmt: skip
def test_each_locale_knows_its_script(lang: str, script: str) -> None:
    assert builder(lang).script == script


def test_every_shipped_letter_locale_has_a_script() -> None:
    assert {builder(lang).script for lang in LETTER_LOCALES} == {LATIN, CYRILLIC}


@given(numbers)
def test_numbers_read_the_same_in_every_language(text: str) -> None:
    assert language_neutral(text)
    assert not fallback_is_news(text, name=False, given_once=True, script=CYRILLIC)


@given(st.emails())
def test_email_addresses_read_the_same_in_every_language(text: str) -> None:
    assert language_neutral(text)


@given(urls())
def test_web_addresses_read_the_same_in_every_language(text: str) -> None:
    assert language_neutral(text)


@given(st.one_of(latin_names, cyrillic_names))
def test_words_are_not_neutral(text: str) -> None:
    assert not language_neutral(text)
    assert scripts(text) in ({LATIN}, {CYRILLIC})


@given(latin_names, st.sampled_from([LATIN, CYRILLIC]))
def test_a_latin_name_given_once_is_the_same_in_every_language(name: str, script: str) -> None:
    # "Alex Morgan" in a Ukrainian letter: how its bearer writes it, in a script readers read.
    assert not fallback_is_news(name, name=True, given_once=True, script=script)


@given(cyrillic_names)
def test_a_cyrillic_name_given_once(name: str) -> None:
    assert not fallback_is_news(name, name=True, given_once=True, script=CYRILLIC)
    # In a German letter it needs a transliteration.
    assert fallback_is_news(name, name=True, given_once=True, script=LATIN)


@given(latin_names)
def test_a_latin_form_of_a_name_in_a_latin_script_document(name: str) -> None:
    # "Dmytro Lubinets" (en) in a Polish letter that has no Polish form: fine.
    assert not fallback_is_news(name, name=True, given_once=False, script=LATIN)
    # In a Ukrainian letter the author gave forms per language and missed this one.
    assert fallback_is_news(name, name=True, given_once=False, script=CYRILLIC)


@given(cyrillic_names, st.sampled_from([LATIN, CYRILLIC]))
def test_another_languages_cyrillic_form_of_a_name_is_news(name: str, script: str) -> None:
    # "Дмитрий" (ru) for "Дмитро" in a Ukrainian letter is a mistake, not a spelling.
    assert fallback_is_news(name, name=True, given_once=False, script=script)


@given(
    st.one_of(latin_names, cyrillic_names),
    st.booleans(),
    st.sampled_from([LATIN, CYRILLIC]),
)
def test_prose_in_another_language_is_always_news(text: str, once: bool, script: str) -> None:
    assert fallback_is_news(text, name=False, given_once=once, script=script)


# --- the rule at work in the localize stage -----------------------------------------------


def test_a_cyrillic_only_occupation_in_a_german_letter_warns() -> None:
    vb = builder("de")
    html = printed(vb, LocalizedText(values={"uk": "правозахисник"}), "person.occupation")
    assert html == '<span lang="uk">правозахисник</span>'
    assert vb.warnings == [
        Notice(
            FALLBACK_TEXT,
            "person.occupation: no 'de' text, used the 'uk' one",
            "person.occupation",
            "de",
            "uk",
        )
    ]


def test_an_english_sentence_in_a_ukrainian_letter_warns() -> None:
    vb = builder("uk")
    printed(vb, LocalizedText(plain="Release him immediately."), "demands[0].text")
    (notice,) = vb.warnings
    assert (notice.code, notice.field, notice.locale, notice.used) == (
        FALLBACK_TEXT,
        "demands[0].text",
        "uk",
        "en",
    )
    assert str(notice) == "demands[0].text: no 'uk' text, used the 'en' one"


@pytest.mark.parametrize("lang", LETTER_LOCALES)
@pytest.mark.parametrize("text", ["205.2", "coordinator@example.org", "https://khpg.org/en/1"])
def test_neutral_texts_are_neither_marked_nor_reported(lang: str, text: str) -> None:
    vb = builder(lang)
    assert printed(vb, LocalizedText(values={"en": text}), "charges[0].article") == text
    assert vb.warnings == []


@pytest.mark.parametrize("lang", LETTER_LOCALES)
def test_a_plain_latin_name_is_marked_but_not_reported(lang: str) -> None:
    vb = builder(lang)
    html = printed(vb, LocalizedText(plain="Olena Koval"), "contacts[0].name")
    assert html == ("Olena Koval" if lang == "en" else '<span lang="en">Olena Koval</span>')
    assert vb.warnings == []


def test_names_only_in_name_fields() -> None:
    # The same Latin text is a name in contacts[0].name and prose in contacts[0].relation.
    vb = builder("uk")
    printed(vb, LocalizedText(plain="Olena Koval"), "contacts[0].name")
    printed(vb, LocalizedText(plain="wife"), "contacts[0].relation")
    assert [n.field for n in vb.warnings] == ["contacts[0].relation"]


def test_a_cyrillic_name_in_a_latin_script_document_warns() -> None:
    vb = builder("crh")  # Crimean Tatar falls back to Ukrainian: a Cyrillic form
    name = LocalizedText(values={"ru": "Дмитрий Лубинец", "uk": "Дмитро Лубінець"})
    assert "Дмитро" in printed(vb, name, "recipient.name")
    assert [n.field for n in vb.warnings] == ["recipient.name"]


def test_a_name_falls_back_to_the_documents_script_first() -> None:
    # The chain says Ukrainian before English; for a name, the Latin form a Crimean Tatar
    # reader reads comes first, and it is no news.
    vb = builder("crh")
    name = LocalizedText(values={"en": "Dmytro Lubinets", "uk": "Дмитро Лубінець"})
    assert printed(vb, name, "recipient.name") == '<span lang="en">Dmytro Lubinets</span>'
    assert vb.warnings == []


def test_an_unprinted_fallback_is_not_reported() -> None:
    vb = builder("de")
    vb.text(LocalizedText(values={"uk": "правозахисник"}), "person.occupation")
    assert vb.warnings == []


def test_address_in_the_recipients_own_language_is_right_in_any_letter() -> None:
    # A Crimean Tatar letter to the Ukrainian ombudsman: the address is for Ukrainian post.
    vb = builder("crh")
    address = {"uk": ["вул. Інститутська, 21/8", "Київ, 01008"], "en": ["21/8 Instytutska St."]}
    lines = vb.lines(address, "recipient.address", own="uk")
    assert [str(Markup(line.__html__())) for line in lines] == [
        '<span lang="uk">вул. Інститутська, 21/8</span>',
        '<span lang="uk">Київ, 01008</span>',
    ]
    assert vb.warnings == []


def test_address_in_a_third_language_warns() -> None:
    vb = builder("de")
    lines = vb.lines({"ru": ["Москва"], "en": ["Moscow"]}, "recipient.address", own="uk")
    assert [str(line) for line in lines] == ["Moscow"]  # along the chain: de -> en
    for line in lines:
        line.__html__()
    assert [(n.code, n.locale, n.used) for n in dict.fromkeys(vb.warnings)] == [
        (FALLBACK_ADDRESS, "de", "en")
    ]


# --- notices are structured, and said once per kind ---------------------------------------


def test_a_notice_is_its_sentence_and_survives_pickling() -> None:
    notice = Notice(FALLBACK_TEXT, "person.occupation: no 'de' text, used the 'uk' one",
                    "person.occupation", "de", "uk")  # fmt: skip
    assert str(notice) == notice.message
    assert pickle.loads(pickle.dumps(notice)) == notice
    assert len({notice, pickle.loads(pickle.dumps(notice))}) == 1
    with pytest.raises(AttributeError):
        notice.code = "other"  # type: ignore[misc]


def test_the_log_groups_by_kind_and_counts_documents() -> None:
    def text(field: str, lang: str) -> Notice:
        return Notice(FALLBACK_TEXT, f"{field}: ...", field, lang, "en")

    log = NoticeLog()
    assert not log and log.lines() == []
    for i in range(12):
        lang = "uk" if i % 2 else "ru"
        fields = [f"contacts[{j}].name" for j in (10, 2, 0, 1)] + ["person.occupation"]
        log.add(f"doc{i}", [text(f, lang) for f in fields] + [text(fields[0], lang)])
    log.add("doc3", [Notice("campaign-plan", "no locale 'es': written in 'en'")])
    assert log.lines() == [
        "60 texts printed in a fallback language (no 'ru' or 'uk' text for contacts[0].name, "
        "contacts[1].name, contacts[2].name and 2 more; in 12 documents)",
        "no locale 'es': written in 'en' (for doc3)",
    ]
    assert log.messages["person.occupation: ..."] == 12


# --- what a person sees -------------------------------------------------------------------


def user_case(folder: Path) -> Path:
    """The example case as a user might write it: some texts in English only."""
    data: dict[str, Any] = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
    data["person"]["name"] = {"en": "Bakhrom Khamroev"}
    data["person"]["occupation"] = "human rights defender"
    data["demands"] = ["Release Bakhrom Khamroev immediately and unconditionally."]
    path = folder / "case.yaml"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def test_render_says_each_kind_of_warning_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One letter to each example official, in their language (ru, en, uk, de, fr, pl).
    code = main(["render", str(user_case(tmp_path)), "--recipient", str(RECIPIENTS_FILE),
                 "--sender", f"{SENDERS_FILE}#alex-morgan", "--format", "html,txt",
                 "--date", "2026-11-27", "-o", str(tmp_path / "out")])  # fmt: skip
    assert code == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 12  # every file's path, as before
    # Five documents lack the demand and the occupation; the English (Latin) name is fine in
    # the German, French and Polish letters, news in the Russian and Ukrainian ones.
    fallback, stale = captured.err.splitlines()
    assert fallback == (
        "warning: 12 texts printed in a fallback language (no 'de', 'fr', 'pl', 'ru' or 'uk' "
        "text for demands[0].text, person.name, person.occupation; in 5 documents)"
    )
    # The example's facts are as of 30 May 2023, the letters of 27 November 2026: said once.
    assert stale.startswith(f"warning: {STALE}")


def test_campaign_summary_groups_warnings(tmp_path: Path) -> None:
    campaign = write_campaign(
        tmp_path,
        case=str(user_case(tmp_path)),
        recipients=str(RECIPIENTS_FILE),
        filter={"id": ["ombudsman-ua", "embassy-ru-de"]},
        kinds=["letter"],
        formats=["txt"],
    )
    summary = run_campaign(campaign, tmp_path / "out", workers=1, options=RendererOptions())
    assert summary.exit_code == 0, summary.text()
    warnings = [line for line in summary.text().splitlines() if "warning" in line]
    assert warnings[0] == (
        "  warning: 5 texts printed in a fallback language (no 'de' or 'uk' text for "
        "demands[0].text, person.name, person.occupation; in 2 documents)"
    )
    assert len(warnings) == 2 and warnings[1].startswith(f"  warning: {STALE}")
    assert summary.warnings["person.occupation: no 'uk' text, used the 'en' one"] == 1
    errors = json.loads((tmp_path / "out" / "errors.json").read_text(encoding="utf-8"))
    assert {w["message"]: w["count"] for w in errors["warnings"]} == dict(summary.warnings)


def _demo_date() -> str:
    """The date `make demo` writes on the example's documents (the Makefile's DEMO_DATE)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^DEMO_DATE \?= *(\S+)$", makefile, re.MULTILINE)
    assert found, "the Makefile sets DEMO_DATE"
    return found.group(1)


@pytest.mark.slow
def test_the_demo_shows_no_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `make demo`: every kind, locale and format of the example, then the example campaign,
    # dated as the Makefile and the campaign file date them: just after the example's facts.
    date = _demo_date()
    case = load_case(EXAMPLES / "cases" / "khamroev.yaml")
    assert case.as_of is not None and dt.date.fromisoformat(date) > case.as_of.latest
    assert main(["demo", "-o", str(tmp_path), "--date", date]) == 0
    campaign = EXAMPLES / "campaigns" / "khamroev-embassies.yaml"
    out = str(tmp_path / "campaign")
    assert main(["campaign", str(campaign), "-o", out, "--quiet", "--workers", "1"]) == 0
    captured = capsys.readouterr()
    assert "documents written to" in captured.err  # the demo ran and said so
    assert "rendered: 4 document(s)" in captured.err
    warnings = [line for line in (captured.out + captured.err).splitlines() if "warning:" in line]
    assert warnings == []
    # Dated today instead, the example's facts are old: the one thing the demo would say.
    assert main(["demo", "-o", str(tmp_path / "today"), "--date", "2026-11-27"]) == 0
    later = [line for line in capsys.readouterr().err.splitlines() if "warning:" in line]
    assert len(later) == 1 and STALE in later[0], later
