"""No document talks like software: no "generated", "case file", "field", no program's name.

Every kind, in every one of its locales, for the example and for a woman's case, read as the
reader reads it (the HTML's text and the plain text). The drafts of applications may say so on
their first page (the note that they are drafts and how they were prepared) and in their
placeholders (what the lawyer must fill); nowhere else. The checks' notes for the lawyer are the
checks' own sentences (advocacy_docs/checks/*_text.py) and are read by their own tests.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

from advocacy_docs import Renderer, load_case
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.checks import run
from advocacy_docs.i18n import available_locales, get_localizer
from tests.conftest import ROOT, TODAY, recipient_for

WOMAN_FILE = ROOT / "tests" / "fixtures" / "cases" / "hasanova-az.yaml"

# Words that name the machinery rather than the matter, per language.
SOFTWARE = {
    "en": r"generat|case file|\bfields?\b|software|\bprogram",
    "uk": r"згенер|генеру|файл|\bпол(е|я|ів)\b|програм",
    "ru": r"сгенер|генерир|файл|\bпол(е|я|ей)\b|программ",
    "de": r"generier|datei|\bfeld(er)?\b|software|programm",
    "fr": r"génér[ée]|fichier|\bchamps?\b|logiciel",
    "pl": r"generowa|wygener|\bplik|\bpol(e|a)\b|program",
    "crh": r"generat|fayl|program",
}
TOOL_NAME = "advocacy-docs"


KIND_SPECS = Renderer().kinds()
DOCUMENTS = [
    (name, lang, case_name)
    for name, spec in sorted(KIND_SPECS.items())
    for lang in spec.locales or tuple(available_locales())
    for case_name in ("example", "woman")
]
# The body whose checks a draft quotes (kind.toml ``checks``); None for letters and briefings.
CHECKS = {name: spec.data.get("checks") for name, spec in KIND_SPECS.items()}


@pytest.fixture(scope="module")
def woman() -> Case:
    """A woman's case: Azerbaijan, partial dates (its source's publisher, "advocacy-docs
    tests", is the fixture's data, not a document's words: left out)."""
    case = load_case(WOMAN_FILE)
    sources = [s.model_copy(update={"publisher": None}) for s in case.sources]
    return case.model_copy(update={"sources": sources})


def _flat(text: str) -> str:
    # As typography leaves it or not: no-break spaces, typographic apostrophes.
    return " ".join(text.replace("\u00a0", " ").replace("\u2019", "'").split())


def _reader_text(html: bytes, kind: str, case: Case, lang: str) -> str:
    """The text a reader reads, less what a draft may say about itself."""
    body = lxml.html.document_fromstring(html).body
    if kind.endswith(("-application", "-communication")):
        for field in body.find_class("field"):
            field.drop_tree()  # placeholders, with their tails kept
        first_section = next(body.iter("h2"))
        for el in list(first_section.itersiblings(preceding=True)):
            el.drop_tree()  # the first page's note: what the draft is and how it was made
    text = _flat(" ".join(body.itertext()))
    body_name = CHECKS[kind]
    if body_name:
        report = run(case, body_name, TODAY)
        loc = get_localizer(lang)
        for sentence in (*report.lawyer_notes(loc), *report.bar_notes(loc)):
            text = text.replace(_flat(sentence), " ")
    return text


@pytest.mark.parametrize(("kind", "lang", "case_name"), DOCUMENTS)
def test_no_document_sounds_like_software(
    kind: str,
    lang: str,
    case_name: str,
    case: Case,
    woman: Case,
    recipients: list[Recipient],
    sender: Sender,
    renderer: Renderer,
) -> None:
    subject = case if case_name == "example" else woman
    reader = recipient_for(recipients, lang) if kind == "letter" else None
    pattern = re.compile(f"{SOFTWARE[lang]}|{SOFTWARE['en']}", re.IGNORECASE)
    html = renderer.render(
        subject, kind=kind, locale=lang, fmt="html", recipient=reader, sender=sender, today=TODAY
    ).data
    text = _reader_text(html, kind, subject, lang)
    assert len(text) > 500
    assert TOOL_NAME not in text
    found = [text[max(0, m.start() - 60) : m.end() + 30] for m in pattern.finditer(text)]
    assert found == [], found
    if not CHECKS[kind]:
        plain = _flat(
            renderer.render(
                subject, kind=kind, locale=lang, fmt="txt", recipient=reader, sender=sender,
                today=TODAY,
            ).data.decode()
        )  # fmt: skip
        assert TOOL_NAME not in plain and not pattern.search(plain), lang
