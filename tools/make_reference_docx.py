"""Generate templates/reference.docx, the default Word styles of every DOCX advocacy-docs writes.

Run from anywhere: ``.venv/bin/python tools/make_reference_docx.py [output]``. The output is the
same bytes on every run, so a regenerated file shows up in git only when this script changed.

Fonts: DejaVu Serif for text and DejaVu Sans for headings (Debian package fonts-dejavu-core,
installed with WeasyPrint's dependencies), so that the DOCX and the PDF cover Latin and Cyrillic
with the same faces. Word without DejaVu substitutes a serif or sans font (fontTable says which
family). To change the look, open the generated file in Word or LibreOffice, edit the styles, save
it under another name and pass it as the reference document; keep every style listed in
``advocacy_docs.writers.docx_styles.PARAGRAPH_STYLES``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advocacy_docs.writers.docx import deterministic_zip  # noqa: E402
from advocacy_docs.writers.docx_notes import Footnotes  # noqa: E402
from advocacy_docs.writers.docx_styles import (  # noqa: E402
    GENERATOR,
    StyleSheet,
    clean_settings,
    drop_thumbnail,
    ensure_page_numbers,
    replace_app_properties,
    set_core_properties,
)

OUTPUT = ROOT / "templates" / "reference.docx"
BODY_FONT = "DejaVu Serif"
HEADING_FONT = "DejaVu Sans"
BODY_SIZE = Pt(10)
TEXT_COLOR = RGBColor(0x1A, 0x1A, 0x1A)
MUTED_COLOR = RGBColor(0x40, 0x40, 0x40)
FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@dataclass(frozen=True)
class Spec:
    """One paragraph style: what it is based on and how it differs."""

    name: str
    sample: str
    based_on: str = "Normal"
    builtin: bool = False  # a style Word itself knows (it keeps Word's name and translations)
    font: str | None = None
    size: float | None = None
    bold: bool = False
    italic: bool = False
    color: RGBColor | None = None
    align: Any = None
    before: int | None = None  # spacing in points
    after: int | None = None
    left: int | None = None  # indents in twips
    right: int | None = None
    hanging: int | None = None
    keep_with_next: bool = False
    contextual: bool = False  # no spacing between consecutive paragraphs of this style
    shading: str | None = None
    next_style: str | None = None


SPECS = (
    Spec("Normal", "Normal: table cells and plain text."),
    Spec("Body Text", "Body Text: the running text of letters, briefings and applications.",
         after=6),
    Spec("Title", "Title", font=HEADING_FONT, size=20, bold=True, color=TEXT_COLOR, after=12,
         next_style="Body Text"),
    Spec("Heading 1", "Heading 1", font=HEADING_FONT, size=15, bold=True, color=TEXT_COLOR,
         before=18, after=6, keep_with_next=True, next_style="Body Text"),
    Spec("Heading 2", "Heading 2", font=HEADING_FONT, size=13, bold=True, color=TEXT_COLOR,
         before=12, after=4, keep_with_next=True, next_style="Body Text"),
    Spec("Heading 3", "Heading 3", font=HEADING_FONT, size=11, bold=True, color=TEXT_COLOR,
         before=10, after=3, keep_with_next=True, next_style="Body Text"),
    Spec("Sender", "Sender: the writer's name and address, one line each, right-aligned.",
         contextual=True, align=WD_ALIGN_PARAGRAPH.RIGHT, size=9, after=0),
    Spec("Date", "Date: place and date, right-aligned.", builtin=True,
         align=WD_ALIGN_PARAGRAPH.RIGHT, before=12, after=12, next_style="Recipient"),
    Spec("Recipient", "Recipient: the addressee's title and address.", contextual=True, after=0),
    Spec("Subject", "Subject: what the letter is about.", bold=True, before=14, after=10,
         keep_with_next=True, next_style="Salutation"),
    Spec("Salutation", "Salutation: Dear Sir or Madam,", builtin=True, after=6,
         keep_with_next=True, next_style="Body Text"),
    Spec("Closing", "Closing: Yours faithfully,", builtin=True, before=12, after=0,
         keep_with_next=True, contextual=True, next_style="Signature"),
    Spec("Signature", "Signature: the writer's name, below room for a handwritten signature.",
         builtin=True, before=26, after=0, contextual=True),
    Spec("Summary", "Summary: the case in a few lines, set apart at the top of a briefing.",
         based_on="Body Text", shading="F2F2F2", left=113, right=113),
    Spec("Timeline", "Timeline: 4 March 2022 — an event of the case.", based_on="Body Text",
         left=1701, hanging=1701, after=3),
    Spec("Numbered Paragraph", "Numbered Paragraph: 1. legal paragraphs numbered throughout.",
         based_on="Body Text", left=567, hanging=567),
    Spec("Note", "Note: a remark set in smaller type.", based_on="Body Text", size=9.5,
         color=MUTED_COLOR),
    Spec("Lead", "Lead: an opening paragraph in larger type.", based_on="Body Text", size=12.5),
    Spec("Block Text", "Block Text: a quotation, indented on both sides.", builtin=True,
         based_on="Body Text", italic=True, left=567, right=567),
    Spec("Caption", "Caption: the caption of a picture.", builtin=True, size=9, italic=True,
         color=MUTED_COLOR, before=3, after=9),
    Spec("footnote text", "Footnote Text: notes.", builtin=True, size=9, after=0),
    Spec("List Number", "List Number: a numbered list item.", builtin=True, after=3),
    Spec("List Bullet", "List Bullet: a bulleted list item.", builtin=True, after=3),
    Spec("Footer", "", builtin=True, size=9, color=MUTED_COLOR),
)  # fmt: skip

FONT_TABLE_ENTRIES = (
    f'<w:font {nsdecls("w")} w:name="{BODY_FONT}"><w:altName w:val="Times New Roman"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>',
    f'<w:font {nsdecls("w")} w:name="{HEADING_FONT}"><w:altName w:val="Arial"/>'
    '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>',
)


def build() -> bytes:
    """The bytes of reference.docx."""
    document = docx.Document()
    _page_setup(document)
    _document_defaults(document)
    for spec in SPECS:
        _add_if_missing(document, spec.name, WD_STYLE_TYPE.PARAGRAPH, spec.builtin)
    _add_if_missing(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)
    _add_if_missing(document, "footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
    styles = StyleSheet(document)
    for spec in SPECS:
        _apply(styles, spec)
    _hyperlink_style(styles)
    styles.find(WD_STYLE_TYPE.CHARACTER, "Footnote Reference").font.superscript = True
    _samples(document, styles)
    ensure_page_numbers(document.sections[-1], styles)
    _tidy_package(document)
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue())


def _page_setup(document: Any) -> None:
    section = document.sections[-1]
    section.page_width, section.page_height = Mm(210), Mm(297)
    # The margins of the PDF letter (templates/letter/style.css), so both fit the same page.
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin = section.bottom_margin = Mm(16)
    section.header_distance = section.footer_distance = Mm(10)


def _document_defaults(document: Any) -> None:
    r_pr = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    _set_fonts(r_pr, BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    spacing = document.styles.element.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:spacing")[0]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "264")  # 1.1 lines: readable, still compact in address blocks


def _add_if_missing(document: Any, name: str, style_type: Any, builtin: bool) -> None:
    if StyleSheet(document).find(style_type, name) is not None:
        return
    style = document.styles.add_style(name, style_type, builtin=builtin)
    # Word's own ids: "footnote text" is FootnoteText, "Numbered Paragraph" NumberedParagraph.
    style.style_id = "".join(word[:1].upper() + word[1:] for word in name.split())
    style.quick_style = True


def _apply(styles: StyleSheet, spec: Spec) -> None:
    style = styles.find(WD_STYLE_TYPE.PARAGRAPH, spec.name)
    if spec.name != "Normal":
        style.base_style = styles.paragraph(spec.based_on)
    if spec.font:
        _set_fonts(style.element.get_or_add_rPr(), spec.font)
    font = style.font
    if spec.size is not None:
        _set_size(style, spec.size)
    font.bold = spec.bold or None  # python-docx's template makes captions bold and blue
    font.italic = spec.italic or None
    if spec.color is not None:
        font.color.rgb = spec.color
    _apply_paragraph(style, spec)
    if spec.next_style:
        style.next_paragraph_style = styles.paragraph(spec.next_style)
    _copy_to_linked_character_style(styles, style)


def _set_size(style: Any, points: float) -> None:
    style.font.size = Pt(points)
    # The complex-script size (Arabic, Hebrew text) follows; else it keeps the template's.
    r_pr = style.element.get_or_add_rPr()
    for old in r_pr.findall(qn("w:szCs")):
        r_pr.remove(old)
    r_pr.find(qn("w:sz")).addnext(OxmlElement("w:szCs", {qn("w:val"): str(round(points * 2))}))


def _copy_to_linked_character_style(styles: StyleSheet, style: Any) -> None:
    """Word formats a partly selected paragraph with the linked "… Char" style: keep it equal."""
    link = style.element.find(qn("w:link"))
    if link is None:
        return
    linked = styles.find(WD_STYLE_TYPE.CHARACTER, link.get(qn("w:val")))
    if linked is None:
        return
    for old in linked.element.findall(qn("w:rPr")):
        linked.element.remove(old)
    r_pr = style.element.find(qn("w:rPr"))
    if r_pr is not None:
        linked.element.append(copy.deepcopy(r_pr))


def _apply_paragraph(style: Any, spec: Spec) -> None:
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.left is not None:
        fmt.left_indent = Twips(spec.left)
    if spec.right is not None:
        fmt.right_indent = Twips(spec.right)
    if spec.hanging is not None:
        fmt.first_line_indent = Twips(-spec.hanging)
    if spec.keep_with_next:
        fmt.keep_with_next = True
    p_pr = style.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):
        p_pr.remove(border)  # the template's Title has a blue rule under it
    if spec.contextual and p_pr.find(qn("w:contextualSpacing")) is None:
        p_pr.insert_element_before(OxmlElement("w:contextualSpacing"), *_AFTER_CONTEXTUAL)
    if spec.shading:
        shd = OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto",
                                    qn("w:fill"): spec.shading})  # fmt: skip
        p_pr.insert_element_before(shd, *_AFTER_SHADING)


_AFTER_SHADING = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_CONTEXTUAL = _AFTER_SHADING[_AFTER_SHADING.index("w:contextualSpacing") + 1 :]


def _hyperlink_style(styles: StyleSheet) -> None:
    style = styles.find(WD_STYLE_TYPE.CHARACTER, "Hyperlink")
    style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    style.font.underline = WD_UNDERLINE.SINGLE


def _set_fonts(r_pr: Any, name: str) -> None:
    """Name the font for every script slot; theme fonts (Calibri, Cambria) would win otherwise."""
    fonts = r_pr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _samples(document: Any, styles: StyleSheet) -> None:
    """One paragraph per style, so that someone editing the styles in Word sees each of them."""
    for spec in SPECS:
        if spec.sample:
            document.add_paragraph(spec.sample, style=styles.paragraph(spec.name))
    paragraph = document.add_paragraph("Body Text with a ", style=styles.paragraph("Body Text"))
    paragraph.add_run("Hyperlink").style = styles.character("Hyperlink")
    paragraph.add_run(" character style.")
    _footnote_sample(document, styles)
    table = document.add_table(rows=2, cols=2)
    table.style = styles.table("Table Grid")
    texts = ("Table Grid", "with a header row", "cell", "cell")
    for cell, text in zip(table._cells, texts, strict=True):
        cell.text = text


def _footnote_sample(document: Any, styles: StyleSheet) -> None:
    """A real footnote, so that the reference has a footnotes part with Word's separators and
    someone editing it in Word sees the note styles at work."""
    paragraph = document.add_paragraph(
        "Body Text with a footnote", style=styles.paragraph("Body Text")
    )
    footnotes = Footnotes(document, styles)
    note_id, note = footnotes.add_note()
    note.add_run("Footnote Text, numbered in the Footnote Reference character style.")
    footnotes.add_reference(paragraph.add_run(), note_id)
    paragraph.add_run(".")
    footnotes.finish()


def _tidy_package(document: Any) -> None:
    """Clean metadata, drop parts that describe python-docx's own template, open in Word's
    current mode instead of compatibility mode."""
    set_core_properties(
        document,
        title="advocacy-docs reference document",
        subject="Word styles for documents written by advocacy-docs",
        author=GENERATOR,
        keywords="",
        language="en-US",
        date=FIXED_DATE,
    )
    replace_app_properties(document)
    drop_thumbnail(document)
    clean_settings(document)
    rels = document.part.rels
    for r_id in [r for r, rel in rels.items() if rel.reltype == STYLES_WITH_EFFECTS]:
        del rels[r_id]
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    _declare_fonts(document)


def _declare_fonts(document: Any) -> None:
    """Give the DejaVu fonts a family in fontTable.xml, so Word without them picks a like font."""
    for part in document.part.package.iter_parts():
        if part.content_type == CT.WML_FONT_TABLE:
            fonts = parse_xml(part.blob)
            for entry in FONT_TABLE_ENTRIES:
                fonts.append(parse_xml(entry))
            part._blob = etree.tostring(
                fonts, xml_declaration=True, encoding="UTF-8", standalone=True
            )


def main(argv: list[str]) -> int:
    """Write reference.docx to the path given, or to templates/reference.docx."""
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
