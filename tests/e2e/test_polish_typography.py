"""Polish letters and briefings: no line ends with a one-letter word (a, i, o, u, w, z) in PDF or
plain text, and the DOCX ties each to the next word with a no-break space (U+00A0)."""

from __future__ import annotations

import io
import re

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from tests.conftest import TODAY, recipient_for

KINDS = ("letter", "briefing")
# A line whose last word is one letter: "… zatrzymany w".
ORPHAN_AT_END = re.compile(r"(?:^|\s)[aiouwz]$", re.IGNORECASE)
# One of them followed by a breakable space: "w marcu".
BREAKABLE_AFTER = re.compile(r"(?:^|[\s(„«])[aiouwz][ \t\n]", re.IGNORECASE)
TIED_AFTER = re.compile(r"(?:^|[\s(„«])[aiouwz]\u00a0", re.IGNORECASE)


@pytest.fixture(scope="module")
def polish(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> dict[tuple[str, str], bytes]:
    """The Polish letter and briefing of the example, as pdf, txt and docx."""
    out = {}
    for kind in KINDS:
        reader = recipient_for(recipients, "pl") if kind == "letter" else None
        for fmt in ("pdf", "txt", "docx"):
            out[(kind, fmt)] = renderer.render(
                case, kind=kind, locale="pl", fmt=fmt, recipient=reader, sender=sender, today=TODAY
            ).data
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_no_pdf_line_ends_with_a_one_letter_word(
    polish: dict[tuple[str, str], bytes], kind: str
) -> None:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(polish[(kind, "pdf")])).pages
    lines = [
        line.rstrip()
        for page in pages
        for line in (page.extract_text(extraction_mode="layout") or "").splitlines()
    ]
    assert len([line for line in lines if line.strip()]) > 30
    assert [line for line in lines if ORPHAN_AT_END.search(line)] == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_text_line_ends_with_a_one_letter_word(
    polish: dict[tuple[str, str], bytes], kind: str
) -> None:
    lines = polish[(kind, "txt")].decode().splitlines()
    assert [line for line in lines if ORPHAN_AT_END.search(line.rstrip())] == []
    assert "\u00a0" in polish[(kind, "txt")].decode()


@pytest.mark.parametrize("kind", KINDS)
def test_docx_runs_tie_one_letter_words_to_the_next(
    polish: dict[tuple[str, str], bytes], kind: str
) -> None:
    import docx

    document = docx.Document(io.BytesIO(polish[(kind, "docx")]))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [*document.paragraphs, *(p for cell in cells for p in cell.paragraphs)]
    runs = [run.text for p in paragraphs for run in p.runs]
    assert [t for t in runs if BREAKABLE_AFTER.search(t)] == []
    assert sum(len(TIED_AFTER.findall(t)) for t in runs) >= 10
