"""Drafts of applications (ECHR, WGAD, HRC) read back: numbering, footnotes, fields, notes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.case.types import LocalizedText, PartialDate
from advocacy_docs.i18n import get_localizer
from tests.conftest import TODAY, flat, pdf_pages, recipient_for
from tests.programs import Office

KINDS = ("echr-application", "wgad-communication", "hrc-communication")
DISCLAIMER = "Draft to help complete the official form — not an application"


def _locales(renderer: Renderer, kind: str) -> tuple[str, ...]:
    return renderer.kinds()[kind].locales


@pytest.fixture(scope="module")
def drafts(case: Case, renderer: Renderer) -> dict[tuple[str, str, str], bytes]:
    """Every draft in every one of its locales, as docx and pdf."""
    return {
        (kind, lang, fmt): renderer.render(case, kind=kind, locale=lang, fmt=fmt, today=TODAY).data
        for kind in KINDS
        for lang in _locales(renderer, kind)
        for fmt in ("docx", "pdf")
    }


def test_each_draft_renders_in_each_of_its_locales(
    drafts: dict[tuple[str, str, str], bytes], renderer: Renderer
) -> None:
    assert set(_locales(renderer, "echr-application")) == {"en", "fr", "ru", "uk", "de", "pl"}
    for kind in ("wgad-communication", "hrc-communication"):
        assert set(_locales(renderer, kind)) == {"en", "fr", "ru", "uk"}
    for (kind, lang, fmt), data in drafts.items():
        if fmt != "pdf":
            continue
        first = flat(pdf_pages(data)[0])
        warning = get_localizer(lang).gettext(DISCLAIMER)
        assert flat(warning) in first, (kind, lang)
        notes = get_localizer(lang).gettext("Notes for the lawyer")
        assert flat(notes) in flat(" ".join(pdf_pages(data))), (kind, lang)


def test_echr_draft_sections_facts_and_notes(drafts: dict[tuple[str, str, str], bytes]) -> None:
    text = flat(" ".join(pdf_pages(drafts[("echr-application", "en", "pdf")])))
    order = [text.index(f"{letter}. ") for letter in "ABCEFGHI"]
    assert order == sorted(order)
    # Facts in date order, numbered paragraphs running through the document.
    assert (
        text.index("24 February 2022") < text.index("4 March 2022") < text.index("17 October 2022")
    )
    assert re.search(r"\b1\. ", text) and re.search(r"\b10\. ", text)
    # Warnings of the checks, and no verdict on admissibility.
    assert "2022-09-16" in text and "continues" in text
    assert "admissible" not in text.lower().replace("inadmissib", "").replace("admissibility", "")


def _numbered_paragraphs(docx_bytes: bytes) -> list[object]:
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    return [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]


@pytest.mark.parametrize("kind", KINDS)
def test_docx_numbering_footnotes_and_highlighted_fields(
    drafts: dict[tuple[str, str, str], bytes], kind: str
) -> None:
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    data = drafts[(kind, "en", "docx")]
    numbered = _numbered_paragraphs(data)
    assert len(numbered) >= 5
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}  # type: ignore[attr-defined]
    assert len(num_ids) == 1  # one Word list: 1., 2., 3. through the whole document
    document = docx.Document(io.BytesIO(data))
    highlighted = [
        r.text
        for p in [
            *document.paragraphs,
            *(p for t in document.tables for c in t._cells for p in c.paragraphs),
        ]
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert len(highlighted) >= 3 and all(t.strip() for t in highlighted)
    footnotes = [
        p for p in document.part.package.iter_parts() if p.partname == "/word/footnotes.xml"
    ]
    assert footnotes and b"Halya Coynash" in footnotes[0].blob


@pytest.mark.parametrize("kind", KINDS)
def test_libreoffice_renders_word_numbering_as_1_2_3(
    drafts: dict[tuple[str, str, str], bytes], kind: str, tmp_path: Path, office: Office
) -> None:
    src = tmp_path / "draft.docx"
    src.write_bytes(drafts[(kind, "en", "docx")])
    text = flat(" ".join(pdf_pages(office.to_pdf(src).read_bytes())))
    # Each numbered paragraph shows the number Word's list gives it: 1., 2., 3. … in order.
    for number, paragraph in enumerate(_numbered_paragraphs(drafts[(kind, "en", "docx")]), 1):
        start = " ".join(paragraph.text.split()[:3])  # type: ignore[attr-defined]
        assert re.search(rf"\b{number}\.\s*{re.escape(start)}", text), (number, start)
    assert "Halya Coynash" in text  # the footnotes made it through


def test_legal_contact_is_in_drafts_and_in_no_public_document(
    drafts: dict[tuple[str, str, str], bytes],
    case: Case,
    recipients: list[Recipient],
    sender: Sender,
    renderer: Renderer,
) -> None:
    legal = [c for c in case.contacts if c.sensitivity == "legal"]
    assert legal
    name = legal[0].name.resolve(("en",), case.language)[0]
    for kind in KINDS:
        assert name in flat(" ".join(pdf_pages(drafts[(kind, "en", "pdf")]))), kind
    for kind, extra in (
        ("letter", {"recipient": recipient_for(recipients, "en")}),
        ("briefing", {}),
    ):
        for fmt in ("txt", "html"):
            out = renderer.render(case, kind=kind, locale="en", fmt=fmt, sender=sender,
                                  today=TODAY, **extra)  # type: ignore[arg-type]  # fmt: skip
            assert name not in out.data.decode(), (kind, fmt)


def test_long_facts_overrun_section_e_and_the_lawyer_is_told(case: Case) -> None:
    from advocacy_docs.case import TimelineEvent

    long_text = LocalizedText(plain="A long account of what happened that day. " * 40)
    events = [
        TimelineEvent(date=PartialDate(2022, 3, day), kind="hearing", text=long_text)
        for day in range(1, 20)
    ]
    big = case.model_copy(update={"timeline": [*case.timeline, *events]})
    text = flat(" ".join(pdf_pages(Renderer().render(big, kind="echr-application", fmt="pdf",
                                                      today=TODAY).data)))  # fmt: skip
    assert re.search(
        r"Section E runs to about [\d.]+ pages as laid out here, more than the 3", text
    )
    assert "Section F runs" not in text
