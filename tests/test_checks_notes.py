"""The lawyer's notes in the draft's language: every sentence from the catalogs, dates as the
locale writes them, no English left, the bars in the draft, and `i18n status` counting the
checks' sentences for the drafts that print them."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Message

from advocacy_docs import Renderer
from advocacy_docs.case import Case
from advocacy_docs.checks import bar_notes, lawyer_notes, run
from advocacy_docs.checks.rules import BODIES
from advocacy_docs.i18n import get_localizer
from advocacy_docs.i18n.audit import SHARED, _kinds_of, status
from advocacy_docs.i18n.workflow import Project, extract_catalog, read_catalog
from tests.conftest import ROOT, TODAY
from tests.test_checks_report import make_case, synthetic_cases

DRAFTS = {
    "echr": ("echr-application", ("fr", "ru", "uk", "de", "pl")),
    "hrc": ("hrc-communication", ("fr", "ru", "uk")),
    "wgad": ("wgad-communication", ("fr", "ru", "uk")),
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("body", BODIES)
def test_every_sentence_of_every_finding_is_translated(body: str, case: Case) -> None:
    _, langs = DRAFTS[body]
    cases = [case, *synthetic_cases().values()]
    for lang in langs:
        loc = get_localizer(lang)
        english = get_localizer("en")
        for c in cases:
            report = run(c, body, TODAY)
            for f in report.items:
                here, there = report.describe(f, loc), report.describe(f, english)
                assert here != there, (lang, f.code)
                assert "%(" not in here, (lang, f.code)
                assert ".." not in here, (lang, f.code)  # "2023 г." ending a sentence
    assert not [m for m in get_localizer("uk").missing() if "checks" in str(m)]


def test_dates_and_numbers_as_the_locale_writes_them(case: Case) -> None:
    report = run(case, "echr", TODAY)
    expected = {
        "uk": ("23 вересня 2023 р.", "4 місяці"),
        "ru": ("23 сентября 2023 г.", "4 месяца"),
        "pl": ("23 września 2023 r.", "4 miesięcy"),
        "de": ("23. September 2023", "4 Monaten"),
        "fr": ("23 septembre 2023", "4 mois"),
    }
    for lang, (day, months) in expected.items():
        notes = flat(" ".join(lawyer_notes(report, get_localizer(lang))))
        assert day in notes and months in notes, lang
        assert "2023-09-23" not in notes


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.mark.parametrize("body", BODIES)
def test_the_notes_in_each_draft_are_in_its_language(body: str, renderer: Renderer) -> None:
    kind, langs = DRAFTS[body]
    case = make_case(
        state="BY",
        as_of="2023-01-10",
        status="released",
        detention={"since": "2021-03-10", "until": "2022-08-01"},
        international=[{"body": "WGAD", "date": "2022-02-01", "status": "pending"}],
    )
    report = run(case, body, TODAY)
    english = [flat(n) for n in report.lawyer_notes(get_localizer("en"))]
    for lang in langs:
        out = renderer.render(case, kind=kind, locale=lang, fmt="txt", today=TODAY)
        text = flat(out.data.decode("utf-8"))
        loc = get_localizer(lang)
        for note in lawyer_notes(report, loc):
            # The draft prints the note with the language's typography (uk apostrophes).
            assert flat(loc.typeset(note)) in text, (lang, note)
        for sentence in english:
            assert sentence not in text, (lang, sentence)
        assert not re.search(r"\bchecks/data\b|\.toml\b", text)
        if body != "wgad":
            for bar in bar_notes(report, loc):
                assert flat(loc.typeset(bar)) in text


def test_the_pipeline_gives_the_drafts_their_status_and_bars(renderer: Renderer) -> None:
    from advocacy_docs.pipeline import _lawyer_notes

    spec = renderer.engine.kind("echr-application")
    context = _lawyer_notes(spec, make_case(state="BY"), TODAY, get_localizer("uk"))
    assert context["check_status"] == "barred"
    assert context["bars"] and "Білорусь" in context["bars"][0]
    assert context["lawyer_notes"][0] == context["bars"][0]
    letter = renderer.engine.kind("letter")
    assert _lawyer_notes(letter, make_case(), TODAY, get_localizer("uk")) == {
        "lawyer_notes": [],
        "bars": [],
        "deadlines": {},
        "time_summary": "none",
        "check_flags": [],
        "check_status": None,
    }


def test_status_counts_the_checks_sentences_for_the_drafts_only() -> None:
    files = {"letter": {"templates/letter/document.html.j2"}, "echr-application": set()}
    checked = {"echr-application": "echr", "hrc-communication": "hrc", "wgad-communication": "wgad"}

    def kinds(path: str) -> set[str]:
        return _kinds_of(Message("x", locations=[(path, 1)]), files, checked)

    assert kinds("advocacy_docs/checks/echr_text.py") == {"echr-application"}
    assert kinds("advocacy_docs/checks/hrc_text.py") == {"hrc-communication"}
    assert kinds("advocacy_docs/checks/values.py") == set(checked)
    assert kinds("advocacy_docs/pipeline.py") == {SHARED}
    # Every sentence of the checks is translated, for every draft that prints it.
    project = Project.at(ROOT)
    template = extract_catalog(project)
    mine = [m for m in template if m.id and m.locations[0][0].startswith("advocacy_docs/checks/")]
    assert len(mine) > 100
    for kind, langs in DRAFTS.values():
        for lang in langs:
            catalog = read_catalog(project.catalog_path(lang))
            for m in mine:
                if kind not in kinds(m.locations[0][0]):
                    continue
                found = catalog.get(m.id, context=m.context)
                assert found is not None and not found.fuzzy, (lang, m.id)
                strings = [found.string] if isinstance(found.string, str) else found.string
                assert all(strings), (lang, m.id)
    # Letters and briefings print no check sentence: they need none translated.
    rows = {(r.locale, r.kind): r for r in status(project)}
    assert rows[("crh", "letter")].total == rows[("en", "letter")].total
