"""Drafts of applications (ECHR, WGAD, HRC) read back: numbering, footnotes, fields, notes."""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.case.types import LocalizedText, PartialDate
from tests.conftest import TODAY, flat, pdf_pages, recipient_for, shown
from tests.programs import Office

KINDS = ("echr-application", "wgad-communication", "hrc-communication")
DISCLAIMER = "Draft to help complete the official form — not an application"
UN_DISCLAIMER = "Draft to help prepare a communication — not a communication"
"""The UN bodies receive communications on a model form they recommend, not applications (L4)."""


def _locales(renderer: Renderer, kind: str) -> tuple[str, ...]:
    return renderer.kinds()[kind].locales


@pytest.fixture(scope="module")
def drafts(case: Case, renderer: Renderer) -> dict[tuple[str, str, str], bytes]:
    """Every draft in every one of its locales, as docx, pdf, html and txt."""
    return {
        (kind, lang, fmt): renderer.render(case, kind=kind, locale=lang, fmt=fmt, today=TODAY).data
        for kind in KINDS
        for lang in _locales(renderer, kind)
        for fmt in ("docx", "pdf", "html", "txt")
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
        lead = DISCLAIMER if kind == "echr-application" else UN_DISCLAIMER
        assert shown(lang, lead) in first, (kind, lang)
        notes = shown(lang, "Notes for the lawyer")
        assert notes in flat(" ".join(pdf_pages(data))), (kind, lang)


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
    assert "16 September 2022" in text and "continued after" in text
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
    from docx.text.run import Run

    data = drafts[(kind, "en", "docx")]
    numbered = _numbered_paragraphs(data)
    assert len(numbered) >= 5
    num_ids = {p._p.pPr.numPr.numId.val for p in numbered}  # type: ignore[attr-defined]
    assert len(num_ids) == 1  # one Word list: 1., 2., 3. through the whole document
    document = docx.Document(io.BytesIO(data))
    # Fields are content controls whose placeholder text is highlighted.
    placeholders = [
        Run(r, document)
        for control in _controls(document)
        for r in _xpath(control, "w:sdtContent//w:r")
    ]
    assert len(placeholders) >= 3
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in placeholders)
    assert all(r.text.strip() for r in placeholders)
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
        start = " ".join(_shown(paragraph._p).split()[:3])  # type: ignore[attr-defined]
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


# --- fields: content controls in DOCX, brackets elsewhere --------------------------------------

W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _xpath(element: Any, path: str) -> list[Any]:
    from lxml import etree

    return list(etree._Element.xpath(element, path, namespaces=W))


def _shown(element: Any) -> str:
    """The text of ``element``, that of its content controls included."""
    return "".join(_xpath(element, ".//w:t/text()"))


def _controls(document: Any) -> list[Any]:
    """The content controls of a python-docx Document: in its body, then in its footnotes."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    notes = etree.fromstring(document.part.part_related_by(RT.FOOTNOTES).blob)
    return _xpath(document.element.body, ".//w:sdt") + _xpath(notes, ".//w:sdt")


def _field_labels(html: bytes) -> list[str]:
    """The text of each ``<span class="field">`` of an HTML draft."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    spans = tree.xpath('//span[contains(concat(" ", normalize-space(@class), " "), " field ")]')
    # HTML white space only: the no-break spaces translators put in ("1963 г.") are kept.
    return [re.sub(r"[ \t\n\r\f]+", " ", span.text_content()).strip() or "_____" for span in spans]


def _unspaced(text: str) -> str:
    """``text`` without white space: a PDF line may end at any space, or after a hyphen."""
    return "".join(text.split())


def _all_drafts(renderer: Renderer) -> list[tuple[str, str]]:
    return [(kind, lang) for kind in KINDS for lang in _locales(renderer, kind)]


def test_every_placeholder_of_every_docx_draft_is_a_content_control(
    drafts: dict[tuple[str, str, str], bytes], renderer: Renderer
) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    for kind, lang in _all_drafts(renderer):
        labels = _field_labels(drafts[(kind, lang, "html")])
        assert len(labels) >= 3, (kind, lang)
        document = docx.Document(io.BytesIO(drafts[(kind, lang, "docx")]))
        controls = _controls(document)
        placeholders = Counter(_shown(control) for control in controls)
        assert placeholders == Counter(f"[{label}]" for label in labels), (kind, lang)
        glossary = etree.fromstring(document.part.part_related_by(RT.GLOSSARY_DOCUMENT).blob)
        blocks = {
            str(_xpath(block, "w:docPartPr/w:name/@w:val")[0]): _shown(block)
            for block in _xpath(glossary, "w:docParts/w:docPart")
        }
        for control in controls:
            where = (kind, lang, _shown(control))
            assert _xpath(control, "w:sdtPr/w:showingPlcHdr"), where
            assert _xpath(control, "w:sdtPr/w:text"), where  # plain text: labels are text only
            (tag,) = _xpath(control, "w:sdtPr/w:tag/@w:val")  # the label, cut at 64 characters
            assert tag.strip() and _shown(control)[1:-1].startswith(tag.removesuffix("…")), where
            (block,) = _xpath(control, "w:sdtPr/w:placeholder/w:docPart/@w:val")
            assert blocks[str(block)] == _shown(control), where


def test_placeholders_keep_their_brackets_in_pdf_html_and_text(
    drafts: dict[tuple[str, str, str], bytes], renderer: Renderer
) -> None:
    for kind, lang in _all_drafts(renderer):
        html = drafts[(kind, lang, "html")]
        # The stand-alone HTML shows the brackets from the kind's CSS, inlined in it.
        assert re.search(rb'\.field::before\s*\{\s*content:\s*"\["', html), (kind, lang)
        assert re.search(rb'\.field::after\s*\{\s*content:\s*"\]"', html), (kind, lang)
        pdf = _unspaced(" ".join(pdf_pages(drafts[(kind, lang, "pdf")])))
        txt = flat(drafts[(kind, lang, "txt")].decode())
        for label in _field_labels(html):
            assert f"[{_unspaced(label)}]" in pdf, (kind, lang, label)
            assert f"[{flat(label)}]" in txt, (kind, lang, label)


def test_libreoffice_shows_every_placeholder_of_every_draft(
    drafts: dict[tuple[str, str, str], bytes],
    renderer: Renderer,
    tmp_path: Path,
    office: Office,
) -> None:
    sources = {}
    for kind, lang in _all_drafts(renderer):
        sources[(kind, lang)] = tmp_path / f"{kind}-{lang}.docx"
        sources[(kind, lang)].write_bytes(drafts[(kind, lang, "docx")])
    pdfs = dict(zip(sources, office.to_pdfs(list(sources.values())), strict=True))
    for (kind, lang), pdf in pdfs.items():
        pages = [_unspaced(page) for page in pdf_pages(pdf.read_bytes())]
        text = "".join(pages)
        for label in _field_labels(drafts[(kind, lang, "html")]):
            shown = f"[{_unspaced(label)}]"
            assert shown in text or _split_across_pages(shown, pages), (kind, lang, label)


def _split_across_pages(shown: str, pages: list[str]) -> bool:
    """True when a placeholder runs from the foot of one page onto the next (the first page's
    footnotes and footer are printed between its two halves)."""
    for before, after in itertools.pairwise(pages):
        for k in range(5, len(shown) - 4):
            head, tail = shown[:k], shown[k:]
            if head in before and tail in after[: len(tail) + 40]:
                return True
    return False


def test_pandoc_reads_every_placeholder_of_every_draft(
    drafts: dict[tuple[str, str, str], bytes], renderer: Renderer, tmp_path: Path
) -> None:
    import subprocess

    from tests.programs import program

    for kind, lang in _all_drafts(renderer):
        source = tmp_path / f"{kind}-{lang}.docx"
        source.write_bytes(drafts[(kind, lang, "docx")])
        text = subprocess.run(
            [program("pandoc"), "-f", "docx", "-t", "plain", "--wrap=none", str(source)],
            check=True, capture_output=True, text=True, timeout=120,
        ).stdout  # fmt: skip
        for label in _field_labels(drafts[(kind, lang, "html")]):
            assert f"[{flat(label)}]" in flat(text), (kind, lang, label)
