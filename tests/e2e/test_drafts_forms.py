"""The drafts follow the real forms and say nothing the case file does not (issue 11 §2, §3).

Read back as a lawyer reads them: text of the txt and PDF outputs, rows of the DOCX tables. Two
cases: the example (a man, full dates, Russia) and a fictional woman's case
(tests/fixtures/cases/hasanova-az.yaml: Azerbaijan, dates to the month and to the year, an
appeal decided and recorded as final, grounds under the European Convention only).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest

from advocacy_docs import Renderer, load_case
from advocacy_docs.case import Case
from advocacy_docs.i18n import get_localizer
from tests.conftest import ROOT, TODAY, flat, pdf_pages, shown

WOMAN_FILE = ROOT / "tests" / "fixtures" / "cases" / "hasanova-az.yaml"
KINDS = ("echr-application", "wgad-communication", "hrc-communication")


@pytest.fixture(scope="module")
def woman() -> Case:
    """A woman's case: Azerbaijan, partial dates, an appeal recorded as final, ECHR grounds."""
    return load_case(WOMAN_FILE)


Render = Callable[..., bytes]


@pytest.fixture(scope="module")
def render(renderer: Renderer) -> Render:
    """Renders a draft once per case, kind, locale and format (the case by identity)."""
    done: dict[tuple[int, str, str, str], bytes] = {}
    keep: list[Case] = []  # the cases stay alive, so their ids stay theirs

    def run(case: Case, kind: str, lang: str = "en", fmt: str = "txt") -> bytes:
        key = (id(case), kind, lang, fmt)
        if key not in done:
            keep.append(case)
            done[key] = renderer.render(case, kind=kind, locale=lang, fmt=fmt, today=TODAY).data
        return done[key]

    return run


def text(render: Render, case: Case, kind: str, lang: str = "en") -> str:
    """The draft as plain text, whitespace collapsed."""
    return flat(render(case, kind, lang).decode())


def between(text: str, start: str, end: str) -> str:
    """The part of ``text`` from ``start`` up to ``end``."""
    head = text.index(start)
    return text[head : text.index(end, head + len(start))]


def body(render: Render, case: Case, kind: str, lang: str) -> str:
    """The draft's text before the notes for the lawyer (the checks' sentences are not ours)."""
    full = text(render, case, kind, lang)
    return full[: full.rindex(shown(lang, "Notes for the lawyer"))]


def rows(data: bytes) -> dict[str, str]:
    """Label → value of every two-cell row of the DOCX's tables (the first row of each label),
    placeholders (Word content controls) included, without the brackets a field may keep."""
    import docx
    from docx.oxml.ns import qn

    def cell_text(cell: Any) -> str:
        # Every run's text, those inside content controls too (python-docx's .text skips them).
        words = "".join(t.text or "" for t in cell._tc.iter(qn("w:t")))
        return flat(words).replace("[", "").replace("]", "")

    out: dict[str, str] = {}
    for table in docx.Document(io.BytesIO(data)).tables:
        for row in table.rows:
            cells = [cell_text(c) for c in row.cells]
            if len(cells) == 2:
                out.setdefault(cells[0], cells[1])
    return out


def variant(case: Case, **changes: Any) -> Case:
    """``case`` with fields replaced, validated again as a case file would be."""
    data = case.model_dump(mode="json", by_alias=True)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for name in parents:
            target = target[name]
        target[last] = value
    return Case.model_validate(data)


# --- the European Court's form ---------------------------------------------------------------


def test_echr_form_has_every_section_in_the_forms_order(render: Render, case: Case) -> None:
    pdf = flat(" ".join(pdf_pages(render(case, "echr-application", "en", "pdf"))))
    headings = [
        "A. The applicant",
        "B. State(s) against which the application is made",
        "C. Representative(s) of the applicant",
        "C.1. Non-lawyer",
        "C.2. Lawyer",
        "C.3. Authority",
        "E. Statement of the facts",
        "F. Statement of alleged violations",
        "G. Compliance with the admissibility criteria",
        "H. Information concerning other international proceedings",
        "I. List of accompanying documents",
        "Any other comments",
        "Declaration and signature",
        "Confirmation of correspondent",
        "Notes for the lawyer",
    ]
    positions = [pdf.index(h) for h in headings]
    assert positions == sorted(positions)
    # Section H asks the form's two questions.
    h = between(pdf, headings[9], headings[10])
    assert "Have you raised any of these complaints in another procedure" in h
    assert "any other applications before the Court?" in h


@pytest.mark.parametrize(
    ("which", "lang", "surname", "given"),
    [
        ("example", "en", "Khamroev", "Bakhrom"),
        ("example", "ru", "Хамроев", "Бахром"),
        ("woman", "en", "Hasanova", "Aynur"),
        ("woman", "uk", "Гасанова", "Айнур"),
    ],
)
def test_surname_and_first_names_in_their_own_fields(
    render: Render, case: Case, woman: Case, which: str, lang: str, surname: str, given: str
) -> None:
    subject = case if which == "example" else woman
    loc = get_localizer(lang)
    echr = rows(render(subject, "echr-application", lang, "docx"))
    assert echr[shown(loc, "Surname")] == surname
    assert echr[shown(loc, "First name(s)")] == given
    for kind in ("wgad-communication", "hrc-communication"):
        un = rows(render(subject, kind, lang, "docx"))
        assert un[shown(loc, "Family name")] == surname, kind
        assert un[shown(loc, "First name(s)")] == given, kind


def test_a_fact_the_timeline_tells_is_not_told_again(render: Render, case: Case) -> None:
    facts = between(text(render, case, "echr-application"), "E. Statement", "F. Statement")
    # The arrest event tells the 205.2 charge of the same day; the charge is not a second ¶.
    assert facts.count("205.2") == 1
    assert "was charged under" not in facts


def test_article_18_is_pleaded_with_the_article_it_is_joined_to(render: Render, case: Case) -> None:
    joined = "Article 18 of the Convention, taken together with Article 5"
    full = text(render, case, "echr-application")
    assert full.count(joined) == 2  # in F, and its entry in G
    alone = [
        {**r, "together_with": []} if r["article"] == "18" else r
        for r in case.model_dump(mode="json", by_alias=True)["rights"]
    ]
    bare = text(render, variant(case, rights=alone), "echr-application")
    assert "Article 18 of the Convention, taken together with Article [the Article it is" in bare


def test_section_g_has_one_final_decision_entry_per_complaint(
    render: Render, case: Case, woman: Case
) -> None:
    for subject in (case, woman):
        g = between(text(render, subject, "echr-application"), "G. Compliance", "H. Information")
        complaints = [r for r in subject.rights if r.instrument == "ECHR"]
        assert g.count("Final decision: [court], [date of the decision], served on [date") == len(
            complaints
        )
    g = between(text(render, woman, "echr-application"), "G. Compliance", "H. Information")
    final = (
        "Decisions recorded as final: the appeal decision (Baku Court of Appeal, 8 October 2024)"
    )
    assert final in g


def test_other_procedures_answer_section_h(render: Render, woman: Case) -> None:
    filed = variant(
        woman,
        international=[
            {"body": "WGAD", "date": "2024-02-01", "reference": "WGAD/AZ/7", "status": "pending"},
            {"body": "ECHR", "reference": "12345/24", "status": "decided"},
        ],
    )
    echr = rows(render(filed, "echr-application", "en", "docx"))
    elsewhere = next(v for k, v in echr.items() if k.startswith("Have you raised"))
    assert elsewhere == (
        "Yes: The UN Working Group on Arbitrary Detention, 1 February 2024, WGAD/AZ/7 (pending)"
    )
    before = next(v for k, v in echr.items() if "other applications before the Court" in k)
    assert before == "Yes: The European Court of Human Rights, 12345/24 (decided)"
    hrc = text(render, filed, "hrc-communication")
    assert "Other international procedures concerning the case: The UN Working Group" in hrc


@pytest.mark.parametrize(
    ("kind", "warning"),
    [
        ("echr-application", "Article 35 § 2 (b) of the Convention: the Court does not deal"),
        ("hrc-communication", "Article 5 (2) (a) of the Optional Protocol: the Committee does not"),
        ("wgad-communication", "Filing the same matter with the Working Group can bar an"),
    ],
)
def test_every_draft_warns_that_another_procedure_can_bar_it(
    render: Render, case: Case, kind: str, warning: str
) -> None:
    assert warning in text(render, case, kind)


# --- nothing the case file does not say ---------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_facts_are_stated_as_of_the_case_files_date(render: Render, case: Case, kind: str) -> None:
    full = text(render, case, kind)
    first = flat(pdf_pages(render(case, kind, "en", "pdf"))[0])
    assert "Draft prepared on 27 November 2026. The facts are stated as of 30 May 2023" in first
    assert "As of 30 May 2023, Bakhrom Khamroev remained in custody." in full
    for stale in ("ever since", "is appealing", "has been in custody"):
        assert stale not in full, stale


def test_a_release_is_stated_and_custody_is_not(render: Render, case: Case) -> None:
    released = variant(case, detention__until="2022-08-01")
    full = text(render, released, "wgad-communication")
    assert "On 1 August 2022 Bakhrom Khamroev was released." in full
    assert "remained in custody" not in full
    assert "5 months and 8 days, until release on 1 August 2022" in full


def test_wgad_duration_of_detention_as_of_the_case_files_date(render: Render, case: Case) -> None:
    wgad = rows(render(case, "wgad-communication", "en", "docx"))
    assert wgad["Duration of detention"] == (
        "1 year, 3 months and 6 days as of 30 May 2023; the detention was continuing"
    )


def test_an_appeal_is_pending_only_when_the_file_says_so(
    render: Render, case: Case, woman: Case
) -> None:
    for kind in KINDS:
        example = body(render, case, kind, "en")
        assert "pending" not in example, kind
        # The file tells of an appeal in its texts ("He denied the charges and appealed"): the
        # field asks for the details and never says there was none (U2).
        assert "records no appeal" not in example, kind
        assert "[any appeal against the verdict: when, to which court, and with what" in example
        decided = body(render, woman, kind, "en")
        assert "is pending" not in decided, kind
        # Finality is the lawyer's conclusion: a field in the text, the file's mark in the
        # notes (O2).
        assert (
            "On 8 October 2024 the appeal was dismissed and the verdict upheld "
            "(Baku Court of Appeal). [finality: check whether a cassation appeal or another "
            "effective remedy lay]" in decided
        ), kind
        assert "This decision is final" not in decided, kind
    appealing = variant(case, proceedings__appeals=[{"outcome": "pending"}])
    assert "An appeal against the verdict is pending ([court])." in text(
        render, appealing, "hrc-communication"
    )


def test_wgad_names_only_the_authority_the_file_says_ordered_the_detention(
    render: Render, case: Case
) -> None:
    label = "Authorities that ordered the detention"
    unknown = rows(render(case, "wgad-communication", "en", "docx"))[label]
    assert unknown == "the authority or court that ordered the detention, and when"
    ordered = variant(case, detention__ordered_by="Lefortovo District Court of Moscow")
    given = rows(render(ordered, "wgad-communication", "en", "docx"))[label]
    assert given.startswith("Lefortovo District Court of Moscow")
    for value in (unknown, given):
        assert "Military Court" not in value


@pytest.mark.parametrize(
    ("lang", "cited"),
    [
        ("en", "Art. 205.2 part 2 of the Criminal Code of the Russian Federation"),
        ("ru", "ч. 2 ст. 205.2 УК РФ"),
        ("uk", "ч. 2 ст. 205.2 КК РФ"),
        ("fr", "Article 205.2, partie 2, du Code pénal de la Fédération de Russie"),
    ],
)
def test_wgad_legal_basis_as_the_law_cites_it_and_as_of_the_day(
    render: Render, case: Case, lang: str, cited: str
) -> None:
    loc = get_localizer(lang)
    wgad = rows(render(case, "wgad-communication", lang, "docx"))
    # The questionnaire's two items, apart (F1): the reasons given, and the legal basis.
    for what in ("arrest", "detention"):
        reasons = wgad[shown(loc, f"Reasons for the {what} imputed by the authorities")]
        assert reasons == shown(loc, f"the reasons the authorities gave for the {what}")
    arrest = wgad[
        shown(loc, "Legal basis for the arrest, including the relevant legislation applied")
    ]
    detention = wgad[
        shown(loc, "Legal basis for the detention, including the relevant legislation applied")
    ]
    assert arrest.startswith(cited)
    assert "205.5" not in arrest  # brought on 17 October 2022, not a basis for the arrest
    assert cited in detention and "205.5" in detention


def test_un_drafts_cite_their_own_instrument(render: Render, case: Case, woman: Case) -> None:
    how = "How the facts violate the rights of the Covenant"
    rights = between(text(render, case, "hrc-communication"), how, "6. Remedy sought")
    assert "Article 9 of the Covenant. Arbitrarily detained" in rights
    assert "Convention" not in rights and "ECHR" not in rights
    mapped = between(text(render, woman, "hrc-communication"), how, "6. Remedy sought")
    assert "given here under the corresponding articles of the International Covenant" in mapped
    assert (
        "Article 9 of the Covenant (stated as Article 5 of the European Convention on "
        "Human Rights). Held since March 2023" in mapped
    )
    assert "Article 18 of the European Convention on Human Rights [no corresponding article" in (
        mapped
    )
    wgad = text(render, woman, "wgad-communication")
    assert (
        "Article 19 of the Universal Declaration of Human Rights and article 19 of the Covenant"
        in wgad
    )
    remedy = between(text(render, woman, "hrc-communication"), "6. Remedy", "7. Checklist")
    assert "violated the rights of Aynur Hasanova under articles 9 and 19 of the Covenant" in remedy


def test_wgad_categories_rest_only_on_the_facts_the_file_ties_to_them(
    render: Render, case: Case, woman: Case
) -> None:
    none = "[the facts that support this category, if it is invoked; the case file ties none"
    categories = between(text(render, case, "wgad-communication"), "Categories of", "V. Domestic")
    parts = re.split(r"Category (?:I|II|III|IV|V): ", categories)[1:]
    assert len(parts) == 5
    assert [none in p for p in parts] == [True, False, True, True, True]
    assert parts[1].count("of the Covenant.") == 3  # articles 9, 19 and 22, tagged II
    # A recognition by an organisation is no fact for a category.
    assert "political prisoner" not in categories and "recognises" not in categories
    hers = between(text(render, woman, "wgad-communication"), "Categories of", "V. Domestic")
    parts = re.split(r"Category (?:I|II|III|IV|V): ", hers)[1:]
    assert "March 2023 — Police officers detained her" in parts[0]
    assert "2022 — She published" in parts[1] and "Article 19 of the Universal" in parts[1]
    assert "May 2024 — The court refused" in parts[2]
    assert none in parts[3] and none in parts[4]


def test_hrc_victim_exhaustion_and_remedy_sought(render: Render, case: Case, woman: Case) -> None:
    victim = rows(render(woman, "hrc-communication", "en", "docx"))
    assert victim["Sex"] == "female"
    assert victim["Identity document (passport or identity card number)"] == (
        "type and number of the identity document"
    )
    assert victim["Profession or occupation"] == "Investigative journalist"
    remedy = between(text(render, case, "hrc-communication"), "6. Remedy", "7. Checklist")
    assert "The author requests the Committee to find that Russia has violated" in remedy
    assert "to ask the State party to provide the victim with an effective remedy" in remedy
    # The campaign's demands to the State are not what the Committee is asked for.
    assert "immediately and unconditionally" not in text(render, case, "hrc-communication")


@pytest.mark.parametrize(
    ("kind", "lang", "noted"),
    [
        ("hrc-communication", "uk", True),
        ("hrc-communication", "ru", False),
        ("hrc-communication", "fr", False),
        ("wgad-communication", "ru", True),
        ("wgad-communication", "uk", True),
        ("wgad-communication", "en", False),
    ],
)
def test_a_draft_says_when_its_language_cannot_be_filed(
    render: Render, case: Case, kind: str, lang: str, noted: bool
) -> None:
    first = flat(pdf_pages(render(case, kind, lang, "pdf"))[0])
    marker = {
        "en": "accepts communications in",
        "fr": "n'accepte les communications",
        "ru": "только на следующих языках",
        "uk": "лише такими мовами",
    }[lang]
    assert (marker in first) is noted


# --- the person: gender, partial dates, another State ---------------------------------------

FEMININE = {
    "fr": ("A. La requérante", "adresse de la requérante (lieu de détention si elle est détenue)"),
    "de": ("A. Beschwerdeführerin", "Anschrift der Beschwerdeführerin"),
    "pl": ("A. Skarżąca", "adres skarżącej"),
    "ru": ("A. Заявительница", "адрес заявительницы (место содержания под стражей, если она"),
    "uk": ("A. Заявниця", "адреса заявниці (місце тримання під вартою, якщо її затримано)"),
}
MASCULINE = {
    "fr": ("Le requérant", "du requérant"),
    "de": ("Beschwerdeführer ", "des Beschwerdeführers"),
    "pl": ("Skarżący", "skarżącego"),
    "ru": ("Заявитель ", "заявителя"),
    "uk": ("Заявник ", "заявника"),
}


@pytest.mark.parametrize("lang", sorted(FEMININE))
def test_the_application_agrees_with_the_applicants_gender(
    render: Render, case: Case, woman: Case, lang: str
) -> None:
    loc = get_localizer(lang)

    def form(subject: Case, gender: str) -> str:
        # Sections A to the signature: the checks' sentences (first page, notes) are not ours.
        draft = body(render, subject, "echr-application", lang)
        return draft[draft.index(shown(loc, "A. The applicant", gender)) :]

    hers = form(woman, "female")
    for words in FEMININE[lang]:
        assert words in hers, words
    for words in MASCULINE[lang]:
        assert words not in hers, words
    his = form(case, "male")
    for words in MASCULINE[lang]:
        assert words in his, words


def test_partial_dates_and_another_state(render: Render, woman: Case) -> None:
    echr = text(render, woman, "echr-application")
    assert "2022 — She published" in echr and "March 2023 — Police officers" in echr
    assert (
        "In March 2023 Aynur Hasanova was charged under Article 206.3.2 of the Criminal Code"
        in echr
    )
    assert "Judgment of June 2024" in echr
    assert rows(render(woman, "echr-application", "en", "docx"))["Date of birth"] == (
        "1988 — full date of birth"
    )
    assert "Azerbaijan" in between(echr, "B. State(s)", "C. Representative")
    ru = text(render, woman, "wgad-communication", "ru")
    assert "Март 2023 г. — Сотрудники полиции" in ru  # a line begins with a capital
    assert "ст. 206.3.2 УК Азербайджанской Республики" in ru


def test_a_bar_the_checks_find_is_on_the_first_page(render: Render, woman: Case) -> None:
    never_bound = variant(woman, state="BY")  # Belarus was never bound by the Convention
    for lang in ("en", "fr", "de", "pl", "ru", "uk"):
        first = flat(pdf_pages(render(never_bound, "echr-application", lang, "pdf"))[0])
        box = shown(
            lang,
            "Warning: the checks found something that prevents the examination of the whole "
            "application as the case file stands. Read the notes for the lawyer before doing "
            "anything else.",
        )
        assert box in first, lang
    wgad = flat(pdf_pages(render(woman, "wgad-communication", "en", "pdf"))[0])
    assert "prevents the examination" not in wgad  # the Working Group needs no treaty
    # A time limit that has passed is no bar: the box says what each limit covers (D2, O1).
    passed = flat(pdf_pages(render(woman, "echr-application", "en", "pdf"))[0])
    assert "prevents the examination" not in passed
    assert "Time limits: no time limit computed from the case file is still running" in passed
    assert "ended on 8 February 2025" in passed


@pytest.mark.parametrize("kind", KINDS)
def test_no_draft_says_admissible(render: Render, case: Case, woman: Case, kind: str) -> None:
    for subject in (case, woman):
        for lang in ("en", "fr"):
            words = text(render, subject, kind, lang).lower()
            assert "admissible" not in words.replace("inadmissib", "").replace("admissibility", "")
