"""The DOCX writer, read back the way a person reads the document: paragraphs, styles, numbers."""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import io
import itertools
import re
import struct
import subprocess
import sys
import warnings
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Pt
from docx.text.run import Run
from lxml import etree

from advocacy_docs.errors import InputError, RenderError, ResourceError
from advocacy_docs.resources import ResourceFetcher
from advocacy_docs.writers.base import DocumentMeta, RenderedDocument
from advocacy_docs.writers.docx import bundled_reference, write_docx
from advocacy_docs.writers.docx_cache import ReferenceCache
from advocacy_docs.writers.docx_styles import (
    CHARACTER_STYLES,
    PARAGRAPH_STYLES,
    TABLE_STYLES,
    ReferenceStyleWarning,
    StyleSheet,
    word_language,
)
from tests.programs import Office, pandoc_markdown

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "templates" / "reference.docx"
DATE = dt.datetime(2024, 3, 1, 12, 30, tzinfo=dt.UTC)


# --- helpers -----------------------------------------------------------------------------------


def page(body: str, lang: str = "uk") -> str:
    """A full HTML document as a kind's template writes it."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Test</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def render(
    body: str,
    *,
    lang: str = "uk",
    fetcher: ResourceFetcher | None = None,
    reference: Path | None = REFERENCE,
    meta: DocumentMeta | None = None,
) -> bytes:
    """DOCX bytes; with the bundled reference, a missing style is a test failure."""
    doc = RenderedDocument(
        html=page(body, lang),
        meta=meta or DocumentMeta(title="Test", lang=lang, date=DATE),
        fetcher=fetcher or ResourceFetcher([]),
        reference_docx=reference,
    )
    with warnings.catch_warnings():
        if reference == REFERENCE:
            warnings.simplefilter("error", ReferenceStyleWarning)
        return write_docx(doc)


def read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def styled(document: Any) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph."""
    return [(p.style.name, p.text) for p in document.paragraphs]


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG of the given pixel size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x20\x40\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def xpath(element: Any, path: str) -> list[Any]:
    """XPath with the w: prefix on any element (python-docx's own xpath lacks it on some)."""
    return list(etree._Element.xpath(element, path, namespaces=NS))


def num_pr(paragraph: Any) -> tuple[int, int] | None:
    """(numId, ilvl) set on the paragraph itself."""
    ids = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    if not ids:
        return None
    return int(ids[0]), int(levels[0]) if levels else 0


def style_num_id(style: Any) -> int | None:
    while style is not None:
        ids = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
        if ids:
            return int(ids[0])
        style = style.base_style
    return None


def displayed_numbers(document: Any) -> list[tuple[str, str | None]]:
    """(text, number label) per paragraph, counted the way Word counts.

    Word keeps one counter per abstract numbering definition; a ``w:num`` restarts it only
    through ``w:lvlOverride/w:startOverride``, the first time that ``w:num`` is used. A level
    restarts after any item of a higher level.
    """
    numbering = document.part.numbering_part.element
    abstract_of = {
        num.get(qn("w:numId")): xpath(num, "w:abstractNumId/@w:val")[0]
        for num in numbering.findall(qn("w:num"))
    }
    counters: dict[str, list[int | None]] = {}
    pending: dict[tuple[str, int], int] = {}
    seen: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for paragraph in document.paragraphs:
        pr = num_pr(paragraph)
        if pr is None:
            style_id = style_num_id(paragraph.style)
            pr = (style_id, 0) if style_id is not None else None
        if pr is None or pr[0] == 0:
            out.append((paragraph.text, None))
            continue
        num_id, ilvl = str(pr[0]), pr[1]
        abstract = abstract_of[num_id]
        levels = counters.setdefault(abstract, [None] * 9)
        if num_id not in seen:
            seen.add(num_id)
            for override in xpath(numbering, f'w:num[@w:numId="{num_id}"]/w:lvlOverride'):
                for start in xpath(override, "w:startOverride/@w:val"):
                    level = int(override.get(qn("w:ilvl")))
                    pending[(abstract, level)] = int(start)
                    levels[level] = None
        (lvl,) = xpath(
            numbering, f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{ilvl}"]'
        )
        start = pending.pop((abstract, ilvl), None)
        if start is None:
            start = int((xpath(lvl, "w:start/@w:val") or ["0"])[0])
        current = levels[ilvl]
        levels[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            levels[deeper] = None
        text = xpath(lvl, "w:lvlText/@w:val")[0]
        if xpath(lvl, "w:numFmt/@w:val")[0] != "bullet":
            for n, value in enumerate(levels, 1):
                text = text.replace(f"%{n}", str(value))
        out.append((paragraph.text, text))
    return out


FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
BOOKMARK_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")


def footnotes_part(document: Any) -> Any:
    """The footnotes part the document part relates to (python-docx reads it as plain bytes)."""
    part = document.part.part_related_by(RT.FOOTNOTES)
    assert part.content_type == FOOTNOTES_CT
    return part


def notes(document: Any) -> list[Any]:
    """The w:footnote elements of the document, separators included, in order."""
    root = etree.fromstring(footnotes_part(document).blob)
    return xpath(root, "w:footnote")


def real_notes(document: Any) -> dict[str, Any]:
    """The notes (no separators) by their w:id."""
    return {n.get(qn("w:id")): n for n in notes(document) if n.get(qn("w:type")) is None}


def note_text(note: Any) -> str:
    return "".join(xpath(note, ".//w:t/text()"))


def note_refs(document: Any) -> list[str]:
    """The w:id of each footnote reference in the text, in order."""
    return [str(i) for i in xpath(document.element.body, ".//w:footnoteReference/@w:id")]


def zip_texts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def user_reference(tmp_path: Path, *, font: str = "Courier New") -> Path:
    """A reference made the way a user would: Word's defaults, a different body font, no
    custom styles, some sample content of its own."""
    document = docx.Document()
    document.styles["Normal"].font.name = font
    document.styles["Normal"].font.size = Pt(13)
    document.add_paragraph("Sample text the writer must remove.")
    path = tmp_path / "user-reference.docx"
    document.save(str(path))
    return path


LETTER = """
<div class="sender"><p>Олена Коваль<br>
    вул. Хрещатик, 1<br>
    Київ</p></div>
<p class="date">Київ, 1 березня 2024</p>
<div class="recipient"><p>Генеральному прокурору</p><p>вул. Різницька, 13/15</p></div>
<p class="subject">Щодо <strong>Бахрома Хамроєва</strong></p>
<p class="salutation">Шановний пане Генеральний прокуроре!</p>
<p>Я пишу вам щодо <em>Бахрома Хамроєва</em>,
   правозахисника.</p>
<p class="closing">З повагою,</p>
<div class="signature"><p>Олена Коваль</p></div>
"""


# --- paragraphs and styles -----------------------------------------------------------------------


def test_letter_blocks_get_their_role_styles() -> None:
    document = read(render(LETTER))
    assert styled(document) == [
        ("Sender", "Олена Коваль\nвул. Хрещатик, 1\nКиїв"),
        ("Date", "Київ, 1 березня 2024"),
        ("Recipient", "Генеральному прокурору"),
        ("Recipient", "вул. Різницька, 13/15"),
        ("Subject", "Щодо Бахрома Хамроєва"),
        ("Salutation", "Шановний пане Генеральний прокуроре!"),
        ("Body Text", "Я пишу вам щодо Бахрома Хамроєва, правозахисника."),
        ("Closing", "З повагою,"),
        ("Signature", "Олена Коваль"),
    ]


def test_line_breaks_are_word_line_breaks_in_one_paragraph() -> None:
    sender = read(render(LETTER)).paragraphs[0]
    assert len(sender._p.xpath(".//w:br")) == 2
    assert not sender._p.xpath(".//w:br[@w:type]")


def test_headings_title_and_block_styles() -> None:
    document = read(
        render(
            '<h1 class="title">Briefing</h1><h1>One</h1><h2>Two</h2><h3>Three</h3>'
            '<section class="summary"><h2>Summary</h2><p>In short.</p></section>'
            '<div class="timeline"><p>2022 — search</p></div>'
            '<p class="note">A note.</p><p class="lead">Lead.</p>'
            "<blockquote><p>Quoted.</p></blockquote>"
            "<div>Loose text in a div</div>"
        )
    )
    assert styled(document) == [
        ("Title", "Briefing"),
        ("Heading 1", "One"),
        ("Heading 2", "Two"),
        ("Heading 3", "Three"),
        ("Heading 2", "Summary"),
        ("Summary", "In short."),
        ("Timeline", "2022 — search"),
        ("Note", "A note."),
        ("Lead", "Lead."),
        ("Block Text", "Quoted."),
        ("Body Text", "Loose text in a div"),
    ]


def test_white_space_collapses_as_in_html() -> None:
    document = read(
        render(
            "<p>\n   one\n   <strong> two </strong>  three\n</p><p>  </p><p></p><p>a&nbsp; b</p>"
        )
    )
    assert [p.text for p in document.paragraphs] == ["one two three", "a\u00a0 b"]


def test_bold_and_italic_runs() -> None:
    paragraph = read(
        render("<p>plain <strong>bold <em>both</em></strong> <i>it</i> <b>b</b></p>")
    ).paragraphs[0]
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs]
    assert runs == [
        ("plain ", False, False),
        ("bold ", True, False),
        ("both", True, True),
        (" ", False, False),
        ("it", False, True),
        (" ", False, False),
        ("b", True, False),
    ]


def test_links_are_real_hyperlinks() -> None:
    paragraph = read(
        render(
            '<p>See <a href="https://khpg.org/en/1608812106">'
            "the report <strong>here</strong></a>.</p>"
        )
    ).paragraphs[0]
    (link,) = paragraph.hyperlinks
    assert link.address == "https://khpg.org/en/1608812106"
    assert link.text == "the report here"
    assert {run.style.name for run in link.runs} == {"Hyperlink"}
    assert [bool(run.bold) for run in link.runs] == [False, True]
    assert paragraph.text == "See the report here."


def test_links_to_scripts_and_files_are_refused() -> None:
    for href in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"):
        with pytest.raises(RenderError, match="link to"):
            render(f'<p><a href="{href}">x</a></p>')


def test_fragment_links_keep_their_text() -> None:
    paragraph = read(render('<p>see <a href="#sources">sources</a></p>')).paragraphs[0]
    assert paragraph.text == "see sources"
    assert paragraph.hyperlinks == []


def test_page_break() -> None:
    document = read(render('<p>one</p><div class="page-break"></div><p>two</p>'))
    assert [p.text for p in document.paragraphs] == ["one", "", "two"]
    assert document.paragraphs[1]._p.xpath('.//w:br[@w:type="page"]')


# --- fields: Word content controls ---------------------------------------------------------------

W_NS = NS["w"]
GLOSSARY_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml"
FIELDS = (
    '<h2>Applicant: <span class="field">surname</span></h2>'
    '<p>Filed on <span class="field">date of filing</span> by <span class="field"></span>.</p>'
    "<table><tr><th>Born</th><td>"
    '<span class="field">date of birth</span></td></tr></table>'
    '<ol><li>Decision of <span class="field">date of filing</span></li></ol>'
    '<p>Detained<span class="footnote">Order of <span class="field">court</span>.</span>.</p>'
)


def controls(element: Any) -> list[Any]:
    """The w:sdt elements under ``element``, in document order."""
    return xpath(element, ".//w:sdt")


def shown(element: Any) -> str:
    """The text ``element`` shows, content controls included (python-docx's text skips them)."""
    parts = xpath(element, ".//w:t/text() | .//w:br[not(@w:type)] | .//w:footnoteReference")
    return "".join(p if isinstance(p, str) else "\n" if p.tag == qn("w:br") else "¹" for p in parts)


def glossary(document: Any) -> Any:
    """The root of the document's glossary document (python-docx reads it as plain bytes)."""
    part = document.part.part_related_by(RT.GLOSSARY_DOCUMENT)
    assert part.content_type == GLOSSARY_CT
    return etree.fromstring(part.blob)


def footnotes_root(document: Any) -> Any:
    return etree.fromstring(footnotes_part(document).blob)


def test_a_field_is_a_plain_text_control_showing_its_placeholder() -> None:
    document = read(render(FIELDS, lang="en"))
    paragraph = document.paragraphs[1]
    assert shown(paragraph._p) == "Filed on [date of filing] by [_____]."
    filed, blank = controls(paragraph._p)
    for control, name in ((filed, "date of filing"), (blank, "_____")):
        assert xpath(control, "w:sdtPr/w:showingPlcHdr"), name
        assert xpath(control, "w:sdtPr/w:text"), name  # a plain-text control
        assert xpath(control, "w:sdtPr/w:tag/@w:val") == [name]
        assert xpath(control, "w:sdtPr/w:alias/@w:val") == [name]
        assert shown(control) == f"[{name}]"
        (run,) = xpath(control, "w:sdtContent/w:r")
        assert Run(run, paragraph).font.highlight_color == WD_COLOR_INDEX.YELLOW
        # What the lawyer types replaces the placeholder, and is not highlighted.
        assert not xpath(control, "w:sdtPr/w:rPr/w:highlight")


def test_fields_in_headings_cells_list_items_and_notes_are_controls() -> None:
    document = read(render(FIELDS, lang="en"))
    body = document.element.body
    heading = document.paragraphs[0]
    assert heading.style.name == "Heading 2"
    assert shown(heading._p) == "Applicant: [surname]"
    assert [shown(c) for c in controls(heading._p)] == ["[surname]"]
    (cell,) = xpath(body, ".//w:tc[.//w:sdt]")
    assert shown(cell) == "[date of birth]"
    (item,) = [p for p in document.paragraphs if p._p.pPr.numPr is not None]
    assert shown(item._p) == "Decision of [date of filing]"
    assert [shown(c) for c in controls(item._p)] == ["[date of filing]"]
    (note,) = real_notes(document).values()
    assert [shown(c) for c in controls(note)] == ["[court]"]
    ids = xpath(body, ".//w:sdtPr/w:id/@w:val") + xpath(
        footnotes_root(document), ".//w:sdtPr/w:id/@w:val"
    )
    assert len(ids) == 6 and len(set(ids)) == 6


def test_each_placeholder_is_a_building_block_of_the_glossary() -> None:
    document = read(render(FIELDS, lang="en"))
    found = controls(document.element.body) + controls(footnotes_root(document))
    root = glossary(document)
    by_name = {
        str(xpath(p, "w:docPartPr/w:name/@w:val")[0]): p for p in xpath(root, ".//w:docPart")
    }
    for control in found:
        (name,) = xpath(control, "w:sdtPr/w:placeholder/w:docPart/@w:val")
        block = by_name[str(name)]
        assert shown(block) == shown(control)
        assert xpath(block, "w:docPartPr/w:category/w:gallery/@w:val") == ["placeholder"]
        assert xpath(block, "w:docPartPr/w:types/w:type/@w:val") == ["bbPlcHdr"]
        assert xpath(block, "w:docPartPr/w:behaviors/w:behavior/@w:val") == ["content"]
    # "date of filing" twice, one building block for it.
    assert len(found) == 6 and len(by_name) == 5


def test_a_document_without_fields_has_no_glossary() -> None:
    document = read(render(LETTER))
    assert not controls(document.element.body)
    assert not [r for r in document.part.rels.values() if r.reltype == RT.GLOSSARY_DOCUMENT]


def test_spaces_stay_outside_the_brackets() -> None:
    paragraph = read(render('<p>on<span class="field"> 1 May </span>it</p>')).paragraphs[0]
    assert shown(paragraph._p) == "on [1 May] it"
    assert [shown(c) for c in controls(paragraph._p)] == ["[1 May]"]


def test_typed_text_gets_the_formatting_around_the_field() -> None:
    paragraph = read(
        render('<p><strong>By <span class="field" lang="en">name</span></strong></p>')
    ).paragraphs[0]
    (control,) = controls(paragraph._p)
    assert xpath(control, "w:sdtPr/w:rPr/w:b") and xpath(control, "w:sdtPr/w:rPr/w:lang")
    assert not xpath(control, "w:sdtPr/w:rPr/w:highlight")
    (run,) = xpath(control, "w:sdtContent/w:r")
    assert Run(run, paragraph).bold and Run(run, paragraph).font.highlight_color


def test_a_field_of_mixed_content_is_a_rich_text_control() -> None:
    body = (
        '<p><span class="field"><em>court</em> and date</span>, '
        '<span class="field">first<br>second</span>, '
        '<a href="https://example.org/f">see <span class="field">page</span></a>.</p>'
    )
    document = read(render(body, lang="en"))
    paragraph = document.paragraphs[0]
    assert shown(paragraph._p) == "[court and date], [first\nsecond], see [page]."
    mixed, lines, linked = controls(paragraph._p)
    for control in (mixed, lines, linked):
        assert xpath(control, "w:sdtPr/w:showingPlcHdr")
        assert not xpath(control, "w:sdtPr/w:text")  # rich text: Word's default control
    assert xpath(mixed, "w:sdtContent/w:r[w:rPr/w:i]")
    assert xpath(lines, "w:sdtPr/w:tag/@w:val") == ["first second"]
    (link,) = xpath(linked, "w:sdtContent/w:hyperlink")
    assert document.part.rels[link.get(qn("r:id"))].target_ref == "https://example.org/f"


def test_a_field_inside_a_field_is_one_control() -> None:
    paragraph = read(
        render('<p><span class="field">a <span class="field">b</span></span></p>')
    ).paragraphs[0]
    assert [shown(c) for c in controls(paragraph._p)] == ["[a b]"]


def test_a_block_that_is_a_field_is_one_control_per_paragraph() -> None:
    document = read(render('<div class="field"><p>first part</p><p>second part</p></div>'))
    found = [[shown(c) for c in controls(p._p)] for p in document.paragraphs]
    assert found == [["[first part]"], ["[second part]"]]


def test_a_footnote_in_a_field_stays_inside_its_control() -> None:
    document = read(
        render('<p><span class="field">court<span class="footnote">n</span></span></p>')
    )
    (control,) = controls(document.paragraphs[0]._p)
    assert shown(control) == "[court¹]"
    assert not xpath(control, "w:sdtPr/w:text")


def placeholder_reference(tmp_path: Path) -> Path:
    """A user's reference with Word's "Placeholder Text" style, and a header holding content
    controls of its own (ids 1 and 2)."""
    from docx.enum.style import WD_STYLE_TYPE

    path = user_reference(tmp_path)
    document = docx.Document(str(path))
    document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    header = document.sections[0].header.paragraphs[0]
    for control_id in (1, 2):
        header._p.append(
            etree.fromstring(
                f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:id w:val="{control_id}"/></w:sdtPr>'
                f"<w:sdtContent><w:r><w:t>Letterhead</w:t></w:r></w:sdtContent></w:sdt>"
            )
        )
    document.save(str(path))
    return path


def test_placeholder_text_style_and_ids_the_reference_has_not_used(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceStyleWarning)
        document = read(render(FIELDS, reference=placeholder_reference(tmp_path)))
    found = controls(document.element.body)
    styles = xpath(document.element.body, ".//w:sdtContent/w:r/w:rPr/w:rStyle/@w:val")
    assert styles == ["PlaceholderText"] * len(found)
    assert xpath(found[0], "w:sdtPr/w:id/@w:val") == ["3"]
    # The building blocks name no style: the glossary document has no style table.
    assert not xpath(glossary(document), ".//w:rStyle")


def glossary_reference(tmp_path: Path) -> Path:
    """A user's reference with a glossary document of its own: one building block, "Own"."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    path = user_reference(tmp_path)
    document = docx.Document(str(path))
    blob = (
        f'<w:glossaryDocument xmlns:w="{W_NS}"><w:docParts><w:docPart><w:docPartPr>'
        '<w:name w:val="Own"/></w:docPartPr><w:docPartBody><w:p><w:r><w:t>own block</w:t>'
        "</w:r></w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>"
    ).encode()
    package = document.part.package
    part = Part(PackURI("/word/glossary/document.xml"), CT.WML_DOCUMENT_GLOSSARY, blob, package)
    document.part.relate_to(part, RT.GLOSSARY_DOCUMENT)
    document.save(str(path))
    return path


def test_a_reference_glossary_is_dropped_and_each_document_has_its_own(
    tmp_path: Path,
) -> None:
    references = ReferenceCache()
    path = glossary_reference(tmp_path)

    def written(body: str) -> Any:
        doc = RenderedDocument(
            html=page(body, "en"),
            meta=DocumentMeta(title="Test", lang="en", date=DATE),
            fetcher=ResourceFetcher([]),
            reference_docx=path,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReferenceStyleWarning)
            return read(write_docx(doc, references=references))

    def names(body: str) -> list[str]:
        root = glossary(written(body))
        return [shown(block) for block in xpath(root, "w:docParts/w:docPart")]

    # The reference's Quick Parts are its author's text (a phone number, a signature), not
    # part of a style: no document carries them; each has a glossary of its own placeholders.
    assert names('<p><span class="field">alpha</span></p>') == ["[alpha]"]
    assert names('<p><span class="field">beta</span></p>') == ["[beta]"]
    plain = written("<p>no field</p>")
    assert RT.GLOSSARY_DOCUMENT not in {rel.reltype for rel in plain.part.rels.values()}


# --- footnotes -----------------------------------------------------------------------------------

CITED = (
    '<p>He was detained<span class="footnote" id="khpg-2023-05-30">KHPG, <em>30 May 2023</em>, '
    '<a href="https://khpg.org/en/1608812106">report</a></span> in Simferopol.</p>'
    '<p>He was sentenced<span class="footnote">Memorial, <span lang="ru">приговор</span>.</span> '
    'to 14 years<a class="noteref" href="#khpg-2023-05-30">1</a>.</p>'
)


def test_footnotes_are_word_footnotes_in_a_footnotes_part() -> None:
    document = read(render(CITED, lang="en"))
    part = footnotes_part(document)
    assert part.partname == "/word/footnotes.xml"
    kinds = [(n.get(qn("w:type")), n.get(qn("w:id"))) for n in notes(document)]
    # Word's two special notes first, then one note per <span class="footnote">, in order.
    assert kinds == [("separator", "-1"), ("continuationSeparator", "0"), (None, "1"), (None, "2")]
    assert note_refs(document) == ["1", "2"]
    texts = {note_id: note_text(note) for note_id, note in real_notes(document).items()}
    assert texts == {"1": " KHPG, 30 May 2023, report", "2": " Memorial, приговор."}
    for note in real_notes(document).values():
        (paragraph,) = xpath(note, "w:p")
        assert xpath(paragraph, "w:pPr/w:pStyle/@w:val") == ["FootnoteText"]
        first_run = xpath(paragraph, "w:r")[0]
        assert xpath(first_run, "w:rPr/w:rStyle/@w:val") == ["FootnoteReference"]
        assert xpath(first_run, "w:footnoteRef")
    # The text reads on where the notes were; their numbers are superscript marks.
    assert [p.text for p in document.paragraphs] == [
        "He was detained in Simferopol.",
        "He was sentenced to 14 years1.",
    ]
    for ref in xpath(document.element.body, ".//w:r[w:footnoteReference]"):
        assert xpath(ref, "w:rPr/w:rStyle/@w:val") == ["FootnoteReference"]
    styles = StyleSheet(document)
    from docx.enum.style import WD_STYLE_TYPE

    assert styles.find(WD_STYLE_TYPE.CHARACTER, "Footnote Reference").font.superscript
    assert styles.find(WD_STYLE_TYPE.PARAGRAPH, "Footnote Text") is not None
    settings = document.settings.element
    assert xpath(settings, "w:footnotePr/w:footnote/@w:id") == ["-1", "0"]


def test_formatting_and_links_inside_a_note_are_kept() -> None:
    data = render(CITED, lang="en")
    document = read(data)
    note = real_notes(document)["1"]
    italic = [note_text(r) for r in xpath(note, ".//w:r[w:rPr/w:i]")]
    assert italic == ["30 May 2023"]
    (link,) = xpath(note, ".//w:hyperlink")
    assert note_text(link) == "report"
    assert xpath(link, ".//w:rStyle/@w:val") == ["Hyperlink"]
    r_id = link.get(qn("r:id"))
    rel = footnotes_part(document).rels[r_id]  # the link's relationship is the notes part's own
    assert (rel.reltype, rel.target_ref, rel.is_external) == (
        RT.HYPERLINK,
        "https://khpg.org/en/1608812106",
        True,
    )
    assert "khpg.org" not in [r.target_ref for r in document.part.rels.values() if r.is_external]
    assert b"khpg.org" not in zip_texts(data)["word/_rels/document.xml.rels"]
    russian = xpath(real_notes(document)["2"], ".//w:r[w:rPr/w:lang/@w:val='ru-RU']")
    assert [note_text(r) for r in russian] == ["приговор"]


def test_a_source_cited_again_is_one_note_and_a_noteref_field_to_it() -> None:
    document = read(render(CITED, lang="en"))
    body = document.element.body
    # Two citations of the KHPG report, one note for it (and one for Memorial).
    assert len(real_notes(document)) == 2
    # A bookmark wraps the first citation's mark ...
    (start,) = xpath(body, ".//w:bookmarkStart")
    name = start.get(qn("w:name"))
    assert BOOKMARK_NAME.match(name) and name.startswith("_Ref"), name
    mark = start.getnext()
    assert xpath(mark, "w:footnoteReference/@w:id") == ["1"]
    end = mark.getnext()
    assert end.tag == qn("w:bookmarkEnd") and end.get(qn("w:id")) == start.get(qn("w:id"))
    # ... and the later citation is a NOTEREF field to it, showing the note's number.
    (instruction,) = xpath(body, ".//w:instrText")
    assert instruction.text.split() == ["NOTEREF", name, "\\f", "\\h"]
    paragraph = instruction.getparent().getparent()
    kinds = xpath(paragraph, "w:r/w:fldChar/@w:fldCharType")
    assert kinds == ["begin", "separate", "end"]
    (separate,) = xpath(paragraph, "w:r[w:fldChar/@w:fldCharType='separate']")
    result = separate.getnext()
    assert note_text(result) == "1"
    assert xpath(result, "w:rPr/w:rStyle/@w:val") == ["FootnoteReference"]


def test_noteref_before_its_note_and_inside_a_note() -> None:
    document = read(
        render(
            '<p>See<a class="noteref" href="#later">2</a>.</p>'
            '<p>First<span class="footnote">One.</span>, later'
            '<span class="footnote" id="later">Two.</span>, '
            'and<span class="footnote">As in note <a class="noteref" href="#later">2</a>.</span>'
            "</p>"
        )
    )
    results = [
        note_text(r.getnext())
        for r in xpath(document.element.body, ".//w:r[w:fldChar/@w:fldCharType='separate']")
    ]
    assert results == ["2"]
    third = real_notes(document)["3"]
    assert xpath(third, ".//w:instrText/text()")[0].split()[:2] == ["NOTEREF", "_Reflater"]
    assert note_text(third) == " As in note 2."


def test_noteref_to_an_unknown_id_is_a_render_error_naming_it() -> None:
    with pytest.raises(RenderError, match="khpg-2099"):
        render('<p>x<span class="footnote" id="a">A</span><a class="noteref" href="#khpg-2099">'
               "1</a></p>")  # fmt: skip
    with pytest.raises(RenderError, match="noteref"):
        render('<p>x<a class="noteref" href="https://example.org">1</a></p>')


def test_notes_inside_notes_and_repeated_ids_are_render_errors() -> None:
    with pytest.raises(RenderError, match="footnote inside a footnote"):
        render('<p>x<span class="footnote">A<span class="footnote">B</span></span></p>')
    with pytest.raises(RenderError, match="'src'"):
        render('<p>x<span class="footnote" id="src">A</span>'
               '<span class="footnote" id="src">B</span></p>')  # fmt: skip


def test_bookmark_names_are_valid_and_unique() -> None:
    from advocacy_docs.writers.docx_notes import bookmark_name

    taken: set[str] = set()
    ids = ["khpg-2023-05-30", "khpg_2023_05_30", "KHPG-2023-05-30", "джерело", "x" * 80,
           "x" * 80 + "y", "1st source"]  # fmt: skip
    names = [bookmark_name(anchor, taken) for anchor in ids]
    assert names[0] == "_Refkhpg_2023_05_30"
    assert all(BOOKMARK_NAME.match(name) for name in names), names
    assert len({name.lower() for name in names}) == len(names)


def test_notes_in_tables_lists_and_headings_are_numbered_in_reading_order() -> None:
    document = read(
        render(
            '<h2>Case<span class="footnote">n1</span></h2>'
            '<ol><li>item<span class="footnote">n2</span></li></ol>'
            '<table><tr><td>a<span class="footnote">n3</span></td>'
            '<td>b<span class="footnote">n4</span></td></tr></table>'
        )
    )
    assert note_refs(document) == ["1", "2", "3", "4"]
    assert [note_text(n).strip() for n in real_notes(document).values()] == ["n1", "n2", "n3", "n4"]


def test_reference_with_notes_of_its_own(tmp_path: Path) -> None:
    """A reference saved by Word has a footnotes part (often with separators 0 and 1): its
    separators stay, its notes and what they link to go."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    package = document.part.package
    xml = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:hyperlink r:id="rId1"><w:r>'
        "<w:t>Reference author's private note</w:t></w:r></w:hyperlink></w:p></w:footnote>"
        "</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), package)
    part.relate_to("https://private.example/notes", RT.HYPERLINK, is_external=True)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph = document.add_paragraph("Text")
    paragraph.add_run()._r.append(OxmlElement("w:footnoteReference", {qn("w:id"): "2"}))
    path = tmp_path / "with-notes.docx"
    document.save(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceStyleWarning)
        data = render('<p>x<span class="footnote">Mine.</span></p>', reference=path)
    result = read(data)
    kinds = [(n.get(qn("w:type")), n.get(qn("w:id"))) for n in notes(result)]
    assert kinds == [("separator", "0"), ("continuationSeparator", "1"), (None, "2")]
    assert note_text(real_notes(result)["2"]) == " Mine."
    assert note_refs(result) == ["2"]
    assert xpath(result.settings.element, "w:footnotePr/w:footnote/@w:id") == ["0", "1"]
    for name, blob in zip_texts(data).items():
        assert b"private" not in blob, name
    assert [n for n in zip_texts(data) if "footnotes" in n] == ["word/footnotes.xml"]


def test_reference_without_note_styles_or_part(tmp_path: Path) -> None:
    with pytest.warns(ReferenceStyleWarning) as caught:
        data = render(
            '<p>x<span class="footnote">A note.</span></p>', reference=user_reference(tmp_path)
        )
    missing = {str(w.message).split("'")[1] for w in caught}
    assert {"Footnote Text", "Footnote Reference"} <= missing
    document = read(data)
    assert footnotes_part(document).partname == "/word/footnotes.xml"
    (mark,) = xpath(document.element.body, ".//w:r[w:footnoteReference]")
    assert xpath(mark, "w:rPr/w:vertAlign/@w:val") == ["superscript"]  # formatted directly
    assert note_text(real_notes(document)["1"]) == " A note."


def test_without_notes_the_footnotes_part_holds_the_separators_only() -> None:
    document = read(render("<p>No notes.</p>"))
    assert real_notes(document) == {}
    assert len(notes(document)) == 2
    assert note_refs(document) == []


# --- language ----------------------------------------------------------------------------------


def test_document_language_is_the_default_for_spellchecking() -> None:
    document = read(render("<p>Текст</p>", lang="uk"))
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert defaults == ["uk-UA"]
    assert set(document.styles.element.xpath("//w:lang/@w:val")) == {"uk-UA"}
    assert document.settings.element.xpath("w:themeFontLang/@w:val") == ["uk-UA"]
    assert not document.settings.element.xpath("w:proofState")
    assert document.core_properties.language == "uk"
    # Text in the document language carries no language of its own.
    assert not document.element.body.xpath(".//w:lang")


def test_text_in_another_language_is_marked() -> None:
    paragraph = read(
        render(
            '<p>Вирок за статтею <span lang="ru">«205.2»</span>: <em lang="en-GB">Memorial</em></p>'
        )
    ).paragraphs[0]
    languages = {r.text: r._r.xpath("./w:rPr/w:lang/@w:val") for r in paragraph.runs}
    assert languages["«205.2»"] == ["ru-RU"]
    assert languages["Memorial"] == ["en-GB"]
    assert languages["Вирок за статтею "] == []


def test_word_language_tags() -> None:
    tags = {lang: getattr(word_language(lang), "tag", None) for lang in ("uk", "en_GB", "crh", "")}
    assert tags == {"uk": "uk-UA", "en_GB": "en-GB", "crh": "crh-UA", "": None}
    assert getattr(word_language("ar"), "right_to_left", False)


# --- lists and numbering -------------------------------------------------------------------------


def test_each_ordered_list_restarts_at_one() -> None:
    document = read(
        render(
            "<p>Demands:</p><ol><li>release</li><li>drop charges</li></ol>"
            "<p>And further:</p><ol><li>allow visits</li><li>medical care</li><li>reply</li></ol>"
        )
    )
    assert displayed_numbers(document) == [
        ("Demands:", None),
        ("release", "1."),
        ("drop charges", "2."),
        ("And further:", None),
        ("allow visits", "1."),
        ("medical care", "2."),
        ("reply", "3."),
    ]
    first, second = num_pr(document.paragraphs[1]), num_pr(document.paragraphs[4])
    assert first is not None and second is not None and first[0] != second[0]
    numbering = document.part.numbering_part.element
    for num_id in (first[0], second[0]):
        starts = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:lvlOverride/w:startOverride/@w:val')
        assert starts == ["1"]
    assert {p.style.name for p in document.paragraphs if num_pr(p)} == {"List Number"}


def test_ordered_list_start_is_honoured() -> None:
    document = read(render('<ol start="3"><li>third</li><li>fourth</li></ol>'))
    assert displayed_numbers(document) == [("third", "3."), ("fourth", "4.")]


def test_nested_lists_use_levels_and_the_outer_count_continues() -> None:
    document = read(
        render(
            "<ol><li>one<ol><li>one-a</li><li>one-b</li></ol></li>"
            "<li>two<ul><li>bullet</li></ul></li><li>three</li></ol>"
        )
    )
    assert displayed_numbers(document) == [
        ("one", "1."),
        ("one-a", "1."),
        ("one-b", "2."),
        ("two", "2."),
        ("bullet", "\u25e6"),  # a second-level bullet is a white bullet
        ("three", "3."),
    ]
    levels = [pr[1] for pr in map(num_pr, document.paragraphs) if pr is not None]
    assert levels == [0, 1, 1, 0, 1, 0]
    assert document.paragraphs[4].style.name == "List Bullet"


def test_bullet_list_items() -> None:
    document = read(render("<ul><li>a</li><li>b</li></ul>"))
    assert displayed_numbers(document) == [("a", "\u2022"), ("b", "\u2022")]


def test_later_paragraphs_of_an_item_are_indented_not_numbered() -> None:
    document = read(render("<ol><li><p>first</p><p>more of first</p></li><li>second</li></ol>"))
    assert displayed_numbers(document) == [
        ("first", "1."),
        ("more of first", None),
        ("second", "2."),
    ]
    assert document.paragraphs[1].paragraph_format.left_indent is not None


def test_an_item_that_starts_with_a_nested_list_still_shows_its_number() -> None:
    document = read(render("<ol><li><ul><li>inner</li></ul></li><li>next</li></ol>"))
    assert displayed_numbers(document) == [("", "1."), ("inner", "\u25e6"), ("next", "2.")]


def test_numbered_paragraphs_share_one_numbering_across_the_document() -> None:
    document = read(
        render(
            '<h2>Facts</h2><p class="numbered">First fact.</p><p class="numbered">Second.</p>'
            '<h2>Law</h2><div class="numbered"><p>Third.</p><p>Fourth.</p></div>'
            '<ol><li>own list</li></ol><p class="numbered">Fifth.</p>'
        )
    )
    numbered = [p for p in document.paragraphs if p.style.name == "Numbered Paragraph"]
    assert [p.text for p in numbered] == ["First fact.", "Second.", "Third.", "Fourth.", "Fifth."]
    assert len({num_pr(p) for p in numbered}) == 1
    labels = dict(displayed_numbers(document))
    assert [labels[p.text] for p in numbered] == ["1.", "2.", "3.", "4.", "5."]
    assert labels["own list"] == "1."


def test_text_directly_inside_a_list_is_an_error() -> None:
    with pytest.raises(RenderError, match="inside <ol>"):
        render("<ol>stray<li>a</li></ol>")


# --- tables --------------------------------------------------------------------------------------


def test_tables_with_header_rows_and_spans() -> None:
    document = read(
        render(
            "<table><thead><tr><th>Date</th><th>Event</th></tr></thead><tbody>"
            "<tr><td>2022-02-24</td><td>Detained <em>by FSB</em></td></tr>"
            '<tr><td colspan="2">Appeal pending</td></tr></tbody></table><p>after</p>'
        )
    )
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Date", "Event"],
        ["2022-02-24", "Detained by FSB"],
        ["Appeal pending", "Appeal pending"],  # one merged cell, seen from both grid columns
    ]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert not table.rows[1]._tr.xpath("./w:trPr/w:tblHeader")
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    assert table.rows[2]._tr.xpath("./w:tc/w:tcPr/w:gridSpan/@w:val") == ["2"]
    assert [p.text for p in document.paragraphs] == ["after"]


def test_a_leading_row_of_th_is_a_header_row_and_cells_hold_blocks() -> None:
    document = read(
        render(
            "<table><tr><th>Name</th></tr><tr><td><p>one</p><ul><li>two</li></ul></td></tr></table>"
        )
    )
    (table,) = document.tables
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    cell = table.rows[1].cells[0]
    assert [(p.style.name, p.text) for p in cell.paragraphs] == [
        ("Normal", "one"),
        ("List Bullet", "two"),
    ]


# --- pictures ------------------------------------------------------------------------------------


def test_picture_from_a_data_url_with_its_size_and_alt_text() -> None:
    document = read(render(f'<p><img src="{data_url(png(96, 48))}" alt="Bakhrom Khamroev"></p>'))
    (shape,) = document.inline_shapes
    assert (shape.width, shape.height) == (914400, 457200)  # 96 x 48 px at 96 px per inch
    assert document.element.body.xpath(".//wp:docPr/@descr") == ["Bakhrom Khamroev"]
    (image_part,) = [p for p in document.part.package.iter_parts() if "image" in p.content_type]
    assert image_part.blob == png(96, 48)


def test_picture_from_an_allowed_file_url(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(png(20, 10))
    document = read(
        render(
            f'<figure><img src="{photo.as_uri()}" alt="photo">'
            "<figcaption>The photo</figcaption></figure>",
            fetcher=ResourceFetcher([tmp_path]),
        )
    )
    assert len(document.inline_shapes) == 1
    picture, caption = document.paragraphs
    assert picture._p.xpath(".//w:drawing")
    assert picture.paragraph_format.keep_with_next
    assert (caption.style.name, caption.text) == ("Caption", "The photo")


def test_file_url_outside_the_allowed_folders_is_refused(tmp_path: Path) -> None:
    allowed = tmp_path / "case"
    allowed.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(2, 2))
    with pytest.raises(ResourceError):
        render(f'<img src="{secret.as_uri()}">', fetcher=ResourceFetcher([allowed]))
    with pytest.raises(ResourceError):
        render('<img src="https://example.org/x.png">', fetcher=ResourceFetcher([allowed]))


def test_wide_pictures_fit_the_text_width() -> None:
    document = read(render(f'<p><img src="{data_url(png(2000, 1000))}" alt=""></p>'))
    (shape,) = document.inline_shapes
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert shape.width == text_width
    assert shape.height == text_width // 2


def test_unsupported_image_format_is_an_input_error() -> None:
    svg = data_url(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")
    with pytest.raises(InputError, match="PNG"):
        render(f'<p><img src="{svg}"></p>')


# --- outside the vocabulary ----------------------------------------------------------------------


def test_script_is_a_render_error_naming_it() -> None:
    with pytest.raises(RenderError, match="<script>"):
        render("<p>x</p><script>alert(1)</script>")


def test_unknown_class_is_a_render_error_naming_it() -> None:
    with pytest.raises(RenderError, match='class "shout" on <p>'):
        render('<p class="shout">x</p>')


def test_style_only_classes_are_no_role() -> None:
    document = read(render('<p class="x-wide">x</p>'))
    assert styled(document) == [("Body Text", "x")]


# --- document-wide parts -----------------------------------------------------------------------


def test_core_properties() -> None:
    meta = DocumentMeta(
        title="Appeal for Bakhrom Khamroev",
        lang="en",
        author="Olena Koval",
        subject="Appeal letter",
        keywords=("Khamroev", "Memorial"),
        date=DATE,
    )
    props = read(render("<p>x</p>", lang="en", meta=meta)).core_properties
    assert props.title == "Appeal for Bakhrom Khamroev"
    assert props.author == "Olena Koval"
    assert props.subject == "Appeal letter"
    assert props.keywords == "Khamroev, Memorial"
    assert props.language == "en"
    assert props.last_modified_by == "advocacy-docs"
    assert props.revision == 1
    assert props.created == props.modified == DATE
    assert props.comments == ""


def test_author_defaults_to_advocacy_docs_and_python_docx_appears_nowhere() -> None:
    data = render(LETTER)
    assert read(data).core_properties.author == "advocacy-docs"
    for name, blob in zip_texts(data).items():
        assert b"python-docx" not in blob.lower(), name
    assert b"<Application>advocacy-docs</Application>" in zip_texts(data)["docProps/app.xml"]
    assert "docProps/thumbnail.jpeg" not in zip_texts(data)


def test_footer_has_a_centred_page_field() -> None:
    section = read(render("<p>x</p>")).sections[-1]
    (paragraph,) = section.footer.paragraphs
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.strip() for i in paragraph._p.xpath(".//w:fldSimple/@w:instr")] == ["PAGE"]


def test_page_setup_comes_from_the_reference() -> None:
    section = read(render("<p>x</p>")).sections[-1]
    sizes = (section.page_width, section.page_height, section.left_margin, section.right_margin,
             section.top_margin, section.bottom_margin)  # fmt: skip
    ref = docx.Document(str(bundled_reference())).sections[-1]
    expected = (ref.page_width, ref.page_height, ref.left_margin, ref.right_margin,
                ref.top_margin, ref.bottom_margin)  # fmt: skip
    assert [round(size.mm, 1) for size in sizes] == [round(size.mm, 1) for size in expected]
    assert [round(size.mm) for size in sizes[:2]] == [210, 297]  # A4


def test_same_input_same_bytes() -> None:
    photo = data_url(png(8, 8))
    body = (
        LETTER
        + f'<ol><li>a</li></ol><p><img src="{photo}" alt=""><a href="https://x.org">x</a></p>'
        + CITED
        + FIELDS
    )
    first, second = render(body), render(body)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_same_bytes_in_another_process(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "sys.path.insert(0, str(Path(sys.argv[1]) / 'tests'))\n"
        "from test_writer_docx import render, LETTER\n"
        "from test_writer_docx import CITED, FIELDS\n"
        "Path(sys.argv[2]).write_bytes(render(LETTER + '<ol><li>a</li></ol>' + CITED + FIELDS))\n"
    )
    out = tmp_path / "other.docx"
    subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(out)],
        check=True,
        cwd=tmp_path,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert out.read_bytes() == render(LETTER + "<ol><li>a</li></ol>" + CITED + FIELDS)


# --- reference documents -----------------------------------------------------------------------


def test_bundled_reference_defines_every_style_the_writer_uses() -> None:
    styles = StyleSheet(docx.Document(str(REFERENCE)))
    from docx.enum.style import WD_STYLE_TYPE

    for name in PARAGRAPH_STYLES:
        assert styles.find(WD_STYLE_TYPE.PARAGRAPH, name) is not None, name
    for name in CHARACTER_STYLES:
        assert styles.find(WD_STYLE_TYPE.CHARACTER, name) is not None, name
    for name in TABLE_STYLES:
        assert styles.find(WD_STYLE_TYPE.TABLE, name) is not None, name


def test_bundled_reference_is_what_the_script_generates() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", ROOT / "tools" / "make_reference_docx.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert module.build() == REFERENCE.read_bytes(), "run tools/make_reference_docx.py"


def test_bundled_reference_fonts_cover_cyrillic() -> None:
    styles = docx.Document(str(REFERENCE)).styles
    fonts = styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts")[0]
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "DejaVu Serif"
    assert styles["Heading 1"].font.name == "DejaVu Sans"


def test_user_reference_with_another_font_is_honoured_and_missing_styles_fall_back(
    tmp_path: Path,
) -> None:
    reference = user_reference(tmp_path)
    with pytest.warns(ReferenceStyleWarning) as caught:
        data = render(
            LETTER + "<blockquote><p>q</p></blockquote><p><a href='https://x.org'>x</a></p>",
            reference=reference,
        )
    missing = {str(w.message).split("'")[1] for w in caught}
    assert {"Sender", "Date", "Subject", "Salutation", "Block Text", "Hyperlink"} <= missing
    document = read(data)
    assert document.styles["Normal"].font.name == "Courier New"
    assert document.styles["Normal"].font.size == Pt(13)
    texts = [p.text for p in document.paragraphs]
    assert "Sample text the writer must remove." not in texts
    assert document.paragraphs[0].style.name == "Normal"  # Sender fell back
    assert document.paragraphs[-1].text == "x"
    link_run = document.paragraphs[-1].hyperlinks[0].runs[0]
    assert link_run.font.underline  # no Hyperlink style: formatted directly instead
    assert document.sections[-1].page_width == docx.Document(str(reference)).sections[-1].page_width


def test_user_reference_without_numbering_part(tmp_path: Path) -> None:
    document = docx.Document()
    rels = document.part.rels
    for r_id in [r for r, rel in rels.items() if rel.reltype.endswith("/numbering")]:
        del rels[r_id]
    path = tmp_path / "bare.docx"
    document.save(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceStyleWarning)
        result = read(render("<ol><li>a</li><li>b</li></ol>", reference=path))
    assert [label for _, label in displayed_numbers(result)] == ["1.", "2."]


def test_footer_with_a_page_field_in_the_reference_is_kept(tmp_path: Path) -> None:
    document = docx.Document()
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.text = "Page "
    for kind in ("begin", "instruction", "end"):
        run = paragraph.add_run()
        if kind == "instruction":
            instruction = OxmlElement("w:instrText")
            instruction.text = " PAGE "
            run._r.append(instruction)
        else:
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    path = tmp_path / "footer.docx"
    document.save(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceStyleWarning)
        result = read(render("<p>x</p>", reference=path))
    footer_paragraphs = result.sections[-1].footer.paragraphs
    assert [p.text for p in footer_paragraphs] == ["Page "]
    assert not result.sections[-1].footer._element.xpath(".//w:fldSimple")


def test_bundled_reference_is_the_default() -> None:
    assert render(LETTER, reference=None) == render(LETTER)


def test_nothing_of_the_reference_body_or_its_origin_is_carried_over(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Logo and link of the reference author: ")
    paragraph.add_run().add_picture(io.BytesIO(png(30, 30)))
    document.part.relate_to("https://private.example/intranet", RT.HYPERLINK, is_external=True)
    settings: Any = document.part.part_related_by(RT.SETTINGS)
    template = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
    )
    r_id = settings.relate_to("file:///C:/Users/someone/Normal.dotm", template, is_external=True)
    settings.element.insert(0, OxmlElement("w:attachedTemplate", {qn("r:id"): r_id}))
    path = tmp_path / "with-content.docx"
    document.save(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReferenceStyleWarning)
        data = render("<p>x</p>", reference=path)
    parts = zip_texts(data)
    assert not [name for name in parts if name.startswith("word/media/")]
    for name, blob in parts.items():
        assert b"private.example" not in blob, name
        assert b"someone" not in blob, name
    assert [p.text for p in read(data).paragraphs] == ["x"]


def test_unreadable_reference_is_an_input_error(tmp_path: Path) -> None:
    not_docx = tmp_path / "notes.docx"
    not_docx.write_text("not a zip")
    for path in (not_docx, tmp_path / "missing.docx"):
        with pytest.raises(InputError, match="reference document"):
            render("<p>x</p>", reference=path)


# --- reference documents prepared once, shared by documents and threads -----------------------

RICH = (
    CITED
    + '<ol><li>a<ol><li>b</li></ol></li></ol><p class="numbered">N.</p>'
    + "<table><tr><th>h</th></tr><tr><td>c</td></tr></table>"
    + f'<p><a href="https://example.org/r">r</a> <img src="{data_url(png(8, 8))}" alt="p"></p>'
    + '<p>Filed on <span class="field">date of filing</span>.</p>'
)


def render_shared(references: ReferenceCache, body: str, lang: str = "uk") -> bytes:
    """DOCX bytes written the way a Renderer writes them: with its cache of prepared references."""
    doc = RenderedDocument(
        html=page(body, lang),
        meta=DocumentMeta(title="Test", lang=lang, date=DATE),
        fetcher=ResourceFetcher([]),
        reference_docx=REFERENCE,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ReferenceStyleWarning)
        return write_docx(doc, references=references)


def test_documents_from_a_prepared_reference_are_those_written_alone() -> None:
    references = ReferenceCache()
    for body, lang in ((RICH, "uk"), (LETTER, "en"), (RICH, "de"), (LETTER, "uk"), (RICH, "en")):
        assert render_shared(references, body, lang) == render(body, lang=lang), (body[:20], lang)
    assert len(references) == 1
    # What a reader of the last letter sees owes nothing to the documents before it.
    letter = read(render_shared(references, LETTER, "en"))
    assert [p.text for p in letter.paragraphs][-2:] == ["З повагою,", "Олена Коваль"]
    assert real_notes(letter) == {}
    assert not [r for r in letter.part.rels.values() if r.reltype in (RT.HYPERLINK, RT.IMAGE)]
    styles = letter.styles.element
    assert xpath(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["en-US"]


def test_a_document_s_edits_never_reach_the_prepared_reference() -> None:
    references = ReferenceCache()
    prepared = references.get(REFERENCE)
    before = prepared.new_document(None)
    numbering = etree.tostring(before.part.numbering_part.element)
    render_shared(references, RICH)
    after = prepared.new_document(None)
    assert after.paragraphs == [] and after.tables == []
    assert real_notes(after) == {}
    assert etree.tostring(after.part.numbering_part.element) == numbering
    assert etree.tostring(after.element) == etree.tostring(before.element)
    assert references.get(REFERENCE) is prepared


def test_threads_share_a_cache_and_each_gets_its_own_document() -> None:
    references = ReferenceCache()
    jobs = [(body, lang) for body in (RICH, LETTER) for lang in ("uk", "en", "de")] * 4
    alone = {job: render(job[0], lang=job[1]) for job in set(jobs)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        written = list(pool.map(lambda job: render_shared(references, *job), jobs))
    assert written == [alone[job] for job in jobs]
    assert len(references) == 1


def test_a_reference_is_prepared_once_for_its_content(tmp_path: Path) -> None:
    references = ReferenceCache(size=2)
    path = user_reference(tmp_path, font="Courier New")
    prepared = references.get(path)
    assert references.get(path) is prepared
    same = tmp_path / "same.docx"
    same.write_bytes(path.read_bytes())
    assert references.get(same) is prepared
    user_reference(tmp_path, font="Liberation Serif")  # edited in place: same name, same second
    assert references.get(path) is not prepared
    references.get(REFERENCE)
    assert len(references) == 2  # the least recently used one went
    with pytest.raises(InputError, match="reference document"):
        references.get(tmp_path / "missing.docx")


def test_the_renderer_reads_an_edited_reference_again(tmp_path: Path) -> None:
    from advocacy_docs import Renderer, load_case, load_recipients, load_senders
    from advocacy_docs.paths import examples_dir

    examples = examples_dir()
    assert examples is not None
    case = load_case(examples / "cases" / "khamroev.yaml")
    recipient = load_recipients(examples / "recipients" / "officials.yaml")[0]
    sender = load_senders(examples / "senders" / "campaigner.yaml")[0]
    path = user_reference(tmp_path, font="Courier New")
    renderer = Renderer(reference_docx=path)

    def body_font() -> str:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReferenceStyleWarning)
            out = renderer.render(
                case, kind="letter", fmt="docx", recipient=recipient, sender=sender,
                today=dt.date(2024, 3, 1),
            )  # fmt: skip
        return str(read(out.data).styles["Normal"].font.name)

    assert body_font() == "Courier New"
    user_reference(tmp_path, font="Liberation Serif")
    assert body_font() == "Liberation Serif"


# --- other readers, where installed --------------------------------------------------------------

LISTS = (
    "<h1>Lists</h1><ol><li>Alpha one</li><li>Alpha two</li></ol>"
    "<p>Between the lists.</p><ol><li>Beta one</li><li>Beta two</li><li>Beta three</li></ol>"
    '<p class="numbered">Numbered one.</p><p class="numbered">Numbered two.</p>'
    '<p>A <a href="https://example.org/report">linked report</a>.</p>'
)


def test_libreoffice_opens_it_and_shows_restarting_numbers(tmp_path: Path, office: Office) -> None:
    from pypdf import PdfReader

    source = tmp_path / "lists.docx"
    source.write_bytes(render(LISTS, lang="en"))
    text = "\n".join(p.extract_text() for p in PdfReader(str(office.to_pdf(source))).pages)
    expected = (
        ("1.", "Alpha one"), ("2.", "Alpha two"), ("1.", "Beta one"), ("3.", "Beta three"),
        ("1.", "Numbered one."), ("2.", "Numbered two."),
    )  # fmt: skip
    for label, item in expected:
        assert re.search(re.escape(label) + r"\s*" + re.escape(item), text), (label, item, text)


def test_libreoffice_puts_the_notes_at_the_foot_of_the_page(tmp_path: Path, office: Office) -> None:
    from pypdf import PdfReader

    source = tmp_path / "notes.docx"
    source.write_bytes(render(CITED, lang="en"))
    (page,) = PdfReader(str(office.to_pdf(source))).pages
    height = float(page.mediabox.height)
    pieces: list[tuple[str, float, float]] = []  # (text, baseline height, font size)

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            pieces.append((text.strip(), float(tm[5]) * float(cm[3]) + float(cm[5]), size))

    page.extract_text(visitor_text=visit)
    texts = [text for text, _, _ in pieces]
    text = page.extract_text()
    assert re.search(r"detained\s*1\s*in Simferopol", text), text
    assert re.search(r"sentenced\s*2\s*to 14 years\s*1\s*\.", text), text  # the noteref: 1
    assert re.search(r"1\s*KHPG, 30 May 2023, report", text), text
    assert re.search(r"2\s*Memorial, приговор\.", text), text
    body_line = next(y for t, y, _ in pieces if t.startswith("He was detained"))
    note_line = next(y for t, y, _ in pieces if t.startswith("KHPG"))
    assert body_line > height * 0.75 and note_line < height * 0.25, pieces  # at the page foot
    # The marks in the text are raised above the text before them, and smaller: superscript.
    marks = [
        (y, size, before)
        for before, (t, y, size) in itertools.pairwise(pieces)
        if t in ("1", "2") and y > height / 2
    ]
    assert len(marks) == 3, texts
    assert all(y > before[1] and size < before[2] for y, size, before in marks), pieces


def test_pandoc_reads_the_notes_as_footnotes(tmp_path: Path) -> None:
    source = tmp_path / "notes.docx"
    source.write_bytes(render(CITED, lang="en"))
    markdown = pandoc_markdown(source)
    assert "He was detained[^1] in Simferopol." in markdown
    assert "He was sentenced[^2] to 14 years" in markdown
    assert re.search(
        r"^\[\^1\]: KHPG, \*30 May 2023\*, \[report\]\(https://khpg.org/en/1608812106\)$",
        markdown,
        re.M,
    ), markdown
    assert re.search(r"^\[\^2\]: Memorial, приговор\.$", markdown, re.M), markdown
    assert "[^3]" not in markdown  # the source cited again is no new note


def test_pandoc_reads_it(tmp_path: Path) -> None:
    source = tmp_path / "lists.docx"
    source.write_bytes(render(LISTS, lang="en"))
    markdown = pandoc_markdown(source)
    assert re.search(r"^# Lists", markdown, re.M)
    assert re.search(r"^1\.\s+Alpha one", markdown, re.M)
    assert re.search(r"^1\.\s+Beta one", markdown, re.M)
    assert "[linked report](https://example.org/report)" in markdown


def test_libreoffice_shows_each_placeholder_in_its_brackets(tmp_path: Path, office: Office) -> None:
    from pypdf import PdfReader

    source = tmp_path / "fields.docx"
    source.write_bytes(render(FIELDS, lang="en"))
    text = " ".join(p.extract_text() for p in PdfReader(str(office.to_pdf(source))).pages)
    text = " ".join(text.split())
    for line in (
        "Applicant: [surname]",
        "Filed on [date of filing] by [_____].",
        "Born [date of birth]",
        "Decision of [date of filing]",
        "Order of [court].",
    ):
        assert line in text, (line, text)


def test_pandoc_reads_the_placeholders(tmp_path: Path) -> None:
    source = tmp_path / "fields.docx"
    source.write_bytes(render(FIELDS, lang="en"))
    markdown = pandoc_markdown(source)
    assert r"Filed on \[date of filing\] by \[\_\_\_\_\_\]." in markdown
    assert re.search(r"\*\*Born\*\*\s+\\\[date of birth\\\]", markdown), markdown
    assert r"[^1]: Order of \[court\]." in markdown
