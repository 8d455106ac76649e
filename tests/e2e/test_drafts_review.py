"""The drafts as the reviewing lawyer read them (the legal review's findings D1, D2, U1–U3, O2,
O3, F3, L1–L9): rendered text read back, over variants of the two test cases (the example, a
man with full dates in Russia; the fictional woman in Azerbaijan with partial dates)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from advocacy_docs import Renderer, load_case
from advocacy_docs.case import Case
from advocacy_docs.i18n import get_localizer
from tests.conftest import CASE_FILE, TODAY, flat, pdf_pages, shown
from tests.e2e.test_drafts_forms import WOMAN_FILE, variant

KINDS = ("echr-application", "wgad-communication", "hrc-communication")
UN_LOCALES = ("en", "fr", "ru", "uk")
ECHR_LOCALES = ("en", "fr", "ru", "uk", "de", "pl")


@pytest.fixture(scope="module")
def woman() -> Case:
    return load_case(WOMAN_FILE)


@pytest.fixture(scope="module")
def man() -> Case:
    return load_case(CASE_FILE)


def draft(
    renderer: Renderer, case: Case, kind: str, lang: str = "en", today: dt.date = TODAY
) -> str:
    """The draft as plain text, whitespace collapsed."""
    return flat(renderer.render(case, kind=kind, locale=lang, fmt="txt", today=today).data.decode())


def body_of(renderer: Renderer, case: Case, kind: str, lang: str = "en") -> str:
    """The draft before its notes for the lawyer (the checks' sentences are not the text)."""
    full = draft(renderer, case, kind, lang)
    return full[: full.rindex(shown(lang, "Notes for the lawyer"))]


def final_appeal(case: Case, day: str, **more: Any) -> Case:
    appeal = {"date": day, "outcome": "upheld", "final": True, "court": "Baku Court of Appeal"}
    return variant(case, proceedings__appeals=[appeal], **more)


# --- D1, D2: every time limit on the first page, and what it covers ---------------------------


@pytest.mark.parametrize(
    ("decided", "last", "summary"),
    [
        ("2026-10-20", "20 February 2027", "every time limit computed from the case file is still"),
        ("2026-11-20", "20 March 2027", "every time limit computed from the case file is still"),
        ("2024-10-08", "8 February 2025", "no time limit computed from the case file is still"),
    ],
)
def test_the_first_page_gives_every_time_limit_whatever_the_days_left(
    renderer: Renderer, woman: Case, decided: str, last: str, summary: str
) -> None:
    # Released long ago (its own limit passed): only the principal limit may run.
    case = final_appeal(
        woman, decided, as_of="2026-11-01",
        proceedings__verdict__date="2023-10-10",
    )  # fmt: skip
    pdf = renderer.render(case, kind="echr-application", locale="en", fmt="pdf", today=TODAY)
    first = flat(pdf_pages(pdf.data)[0])
    assert last in first
    full = draft(renderer, case, "echr-application")
    notes = full[full.rindex("Notes for the lawyer") :]
    assert last in notes
    assert "prevents the examination" not in first
    assert summary in first or "some complaints may be out of time" in first


def test_a_limit_passed_for_some_complaints_is_not_a_bar_of_the_whole(
    renderer: Renderer, woman: Case
) -> None:
    # v07: released on 10 September 2026; the decision marked final is of 8 October 2024.
    case = final_appeal(
        woman, "2024-10-08", status="released", as_of="2026-10-01",
        detention__until="2026-09-10",
    )  # fmt: skip
    first = flat(
        pdf_pages(
            renderer.render(case, kind="echr-application", locale="en", fmt="pdf", today=TODAY).data
        )[0]
    )
    assert "Time limits: some complaints may be out of time, others can still be lodged" in first
    assert "10 January 2027 (44 days left)" in first and "8 February 2025" in first
    assert "prevents the examination" not in first
    for lang in ECHR_LOCALES[1:]:
        loc = get_localizer(lang)
        text = draft(renderer, case, "echr-application", lang)
        assert shown(loc, "Still running") in text, lang
        assert shown(loc, "Appear to have passed") in text, lang


# --- U1: no "remained in custody" once the file records a release -----------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", ["until", "event", "both"])
def test_a_released_person_is_never_said_to_remain_in_custody(
    renderer: Renderer, woman: Case, kind: str, how: str
) -> None:
    changes: dict[str, Any] = {"as_of": "2026-10-01"}
    timeline = woman.model_dump(mode="json", by_alias=True)["timeline"]
    if how in ("until", "both"):
        changes["detention__until"] = "2025-03-02"
        changes["status"] = "released"
    if how in ("event", "both"):
        release = {"date": "2025-03-02", "kind": "release", "text": "She was pardoned."}
        changes["timeline"] = [*timeline, release]
    text = body_of(renderer, variant(woman, **changes), kind)
    assert "remained in custody" not in text
    facts = {
        "echr-application": ("E. Statement of the facts", "F. Statement"),
        "hrc-communication": ("5. Facts of the complaint", "How the facts violate"),
        "wgad-communication": ("IV. Circumstances", "Rights violated"),
    }[kind]
    told = text[text.index(facts[0]) : text.index(facts[1])]
    # Told once: the event, or the sentence for `until`, never both (the review's minor point).
    assert told.count("2 March 2025") == 1, told


# --- U2, O2: never deny an appeal, never state finality ----------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", UN_LOCALES)
def test_finality_and_appeals_are_the_lawyers_to_state(
    renderer: Renderer, man: Case, woman: Case, kind: str, lang: str
) -> None:
    loc = get_localizer(lang)
    field = shown(loc, "finality: check whether a cassation appeal or another effective remedy lay")
    for case in (man, woman, variant(woman, proceedings__verdict__final=True)):
        text = body_of(renderer, case, kind, lang)
        for said in ("This decision is final.", "The verdict is final."):
            assert shown(loc, said) not in text, (lang, said)
        assert "records no appeal" not in text
    assert field in body_of(renderer, woman, kind, lang)


# --- U3: a place of detention without a date is not the present whereabouts ---------------------


def test_an_undated_place_of_detention_is_never_the_present_whereabouts(
    renderer: Renderer, woman: Case
) -> None:
    hrc = body_of(renderer, woman, "hrc-communication")
    assert "Address or current whereabouts [present place of detention — the case file" in hrc
    assert "Present address or whereabouts" not in hrc
    wgad = body_of(renderer, woman, "wgad-communication")
    places = wgad[wgad.index("Places of detention") :]
    assert "[the case file gives this place without a date" in places[:400]


# --- O3, L4, L5: what each UN draft says about itself and about the other bodies ----------------


@pytest.mark.parametrize("lang", UN_LOCALES)
def test_the_un_drafts_are_communications_and_never_inadmissible(
    renderer: Renderer, man: Case, lang: str
) -> None:
    wgad = draft(renderer, man, "wgad-communication", lang).lower()
    hrc = draft(renderer, man, "hrc-communication", lang).lower()
    for text in (wgad, hrc):
        assert not re.search(r"неприемлем|неприйнятн|irrecevab|inadmissib", text)
    if lang == "en":
        assert "where the state has made a reservation to that effect" not in wgad
        assert "may not treat the working group as such a procedure" in wgad
        assert "do not decide whether the working group will take up the case" in wgad
        assert "not a communication" in wgad and "not a communication" in hrc
        assert "not an application" not in wgad and "not an application" not in hrc


@pytest.mark.parametrize("lang", ("ru", "uk"))
def test_the_echr_draft_never_calls_the_application_inadmissible(
    renderer: Renderer, man: Case, lang: str
) -> None:
    text = draft(renderer, man, "echr-application", lang).lower()
    assert not re.search(r"неприемлем|неприйнятн", text)
    never = variant(man, state="BY")
    first = flat(
        pdf_pages(
            renderer.render(
                never, kind="echr-application", locale=lang, fmt="pdf", today=TODAY
            ).data
        )[0]
    )
    box = get_localizer(lang).gettext(
        "Warning: the checks found something that prevents the examination of the whole "
        "application as the case file stands. Read the notes for the lawyer before doing "
        "anything else."
    )
    assert flat(box) in first
    assert "для юриста" in box and "для адвоката" not in box  # L6: the notes' own heading


# --- F3: the Committee's model complaint form, in its order ----------------------------------


def test_the_hrc_draft_follows_the_model_complaint_form(renderer: Renderer, man: Case) -> None:
    text = body_of(renderer, man, "hrc-communication")
    order = [
        "1. Author of the communication",
        "2. Victim",
        "3. State concerned and articles of the Covenant violated",
        "4. Exhaustion of domestic remedies and other international procedures",
        "5. Facts of the complaint",
        "6. Remedy sought",
        "7. Checklist of supporting documents",
    ]
    found = [text.index(heading) for heading in order]
    assert found == sorted(found)
    assert "Articles of the Covenant alleged to have been violated: 9, 19 and 22." in text


# --- L1, L7, L8, L9: the words of the other languages ----------------------------------------


ENGLISH = ("was sentenced to", "was charged under", "the appeal was dismissed", "was convicted")


@pytest.mark.parametrize("kind", KINDS)
def test_no_english_sentence_in_a_womans_month_dated_draft(
    renderer: Renderer, woman: Case, kind: str
) -> None:
    langs = ECHR_LOCALES if kind == "echr-application" else UN_LOCALES
    for lang in langs[1:]:
        text = body_of(renderer, woman, kind, lang)
        for words in ENGLISH:
            assert words not in text, (lang, words)


def test_an_unknown_code_is_a_field_never_printed_raw(renderer: Renderer, woman: Case) -> None:
    georgian = variant(
        woman, state="GE",
        charges=[{"code": "GE-CC", "article": "225", "added": "2025-01",
                  "summary": {"en": "organising group violence", "ru": "организация насилия"}}],
    )  # fmt: skip
    for kind in KINDS:
        for lang in ("en", "ru"):
            text = body_of(renderer, georgian, kind, lang)
            bare = re.sub(r"\[[^\]]*\]", "", text)
            assert "GE-CC" not in bare, (kind, lang)
            assert "GE-CC" in text, (kind, lang)  # the lawyer sees what to fill in


def test_nationality_is_a_country_under_a_label_that_takes_one(
    renderer: Renderer, woman: Case
) -> None:
    for lang, label in (("en", "Country of nationality"), ("fr", "Pays de nationalité")):
        text = body_of(renderer, woman, "echr-application", lang)
        assert label in text, lang
        assert re.search(r"Nationality Azerbaijan|Nationalité Azerbaïdjan", text) is None


@pytest.mark.parametrize("lang", ("ru", "uk"))
def test_a_person_of_unspecified_gender_is_not_said_to_be_accused_after_the_verdict(
    renderer: Renderer, woman: Case, lang: str
) -> None:
    neutral = variant(woman, person__gender="unspecified")
    text = body_of(renderer, neutral, "echr-application", lang)
    assert "обвиняется" not in text and "обвинувачується" not in text
    assert ("фигурантом" if lang == "ru" else "фігурантом") in text


def test_french_writes_the_first_of_the_month_as_an_ordinal() -> None:
    fr = get_localizer("fr")
    assert fr.date(dt.date(2024, 10, 1)) == "1er\u00a0octobre 2024"
    assert fr.date(dt.date(2024, 10, 1), style="when") == "le 1er\u00a0octobre 2024"
    assert fr.date(dt.date(2024, 10, 11)) == "11\u00a0octobre 2024"
    assert get_localizer("en").date(dt.date(2024, 10, 1)) == "1 October 2024"


# --- D5: the decisions on the detention orders, in the text and in the notes -----------------


def test_recorded_decisions_on_detention_orders_are_stated_and_timed(
    renderer: Renderer, woman: Case
) -> None:
    decisions = [
        {"date": "2023-05-10", "court": "Baku Court of Appeal", "text": "Extension upheld."},
        {"date": "2023-09", "final": False, "text": "Appeal against the second extension."},
    ]
    case = variant(woman, detention__decisions=decisions)
    echr = draft(renderer, case, "echr-application")
    g = echr[echr.index("G. Compliance") : echr.index("H. Information")]
    assert (
        "On 10 May 2023 the decision on a detention order became final (Baku Court of Appeal). "
        "Extension upheld." in g
    )
    assert "In September 2023 a decision was given on a detention order ([court])." in g
    notes = echr[echr.rindex("Notes for the lawyer") :]
    assert "decided finally on 10 May 2023" in notes and "10 September 2023" in notes
    for kind in ("wgad-communication", "hrc-communication"):
        assert "the decision on a detention order became final" in draft(renderer, case, kind)
