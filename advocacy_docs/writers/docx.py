"""DOCX writer: the shared HTML vocabulary mapped onto the styles of a reference .docx.

Each element becomes a paragraph, run, list, table or picture in a Word style taken from the
reference document (``templates/reference.docx`` unless the user gives one), so that letterhead,
fonts and margins are the reference's. Lists are real Word numbering, links real hyperlinks,
footnotes real Word footnotes (``docx_notes``), fields to fill real Word content controls showing
their placeholder text (``docx_controls``), and the same input always gives the same bytes.

Styles the reference document should define are listed in ``docx_styles.PARAGRAPH_STYLES``,
``CHARACTER_STYLES`` and ``TABLE_STYLES``; a missing one falls back with a warning.

The reference is read and prepared once (``docx_reference``; a Renderer keeps it in its
``docx_cache``), each document is written into a fresh copy of it, and the zip is written once.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from docx.enum.text import WD_BREAK, WD_COLOR_INDEX
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Emu, Pt, RGBColor, Twips
from docx.text.run import Run
from lxml.html import HtmlElement

from ..errors import InputError, RenderError
from ..resources import ResourceFetcher
from .base import DocumentMeta, RenderedDocument
from .docx_cache import ReferenceCache
from .docx_controls import Controls
from .docx_notes import Footnotes, bookmark_name, noteref_field
from .docx_numbering import ListLevel, Numbering, set_num_pr
from .docx_reference import PreparedReference
from .docx_styles import (
    StyleSheet,
    WordLanguage,
    clean_settings,
    drop_thumbnail,
    ensure_page_numbers,
    replace_app_properties,
    set_core_properties,
    set_run_language,
    set_settings_language,
    word_language,
)
from .vocabulary import (
    BLOCK_TAGS,
    block_role,
    classes,
    collapse_whitespace,
    is_element,
    noteref_target,
    parse_document,
    require_vocabulary,
)

ROLE_STYLES = {
    "sender": "Sender",
    "recipient": "Recipient",
    "date": "Date",
    "subject": "Subject",
    "salutation": "Salutation",
    "closing": "Closing",
    "signature": "Signature",
    "summary": "Summary",
    "timeline": "Timeline",
    "numbered": "Numbered Paragraph",
    "note": "Note",
    "lead": "Lead",
    "footnote": "Footnote Text",
}
"""Paragraph style for each block role class."""

HEADING_STYLES = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3"}
TITLE_STYLE = "Title"
BODY_STYLE = "Body Text"
CELL_STYLE = "Normal"
QUOTE_STYLE = "Block Text"
FIGURE_STYLE = "Normal"
CAPTION_STYLE = "Caption"
BREAK_STYLE = "Normal"
LIST_STYLES = {"ol": "List Number", "ul": "List Bullet"}
TABLE_STYLE = "Table Grid"
HYPERLINK_STYLE = "Hyperlink"
PLACEHOLDER_STYLE = "Placeholder Text"  # Word's; used when the reference document has it

LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
FIELD_BLANK = "_____"  # an empty placeholder must still show, highlighted, where to write
FIELD_BRACKETS = ("[", "]")  # a placeholder printed in black and white, or by LibreOffice 7.4
# (which drops the highlight), must still read as one
SMALL_SCALE = 0.85
MUTED_COLOR = RGBColor(0x59, 0x59, 0x59)
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
EMU_PER_CSS_PX = 9525  # HTML and the PDF size images at 96 px per inch; so does the DOCX
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

_HIDDEN_TAGS = frozenset({"head", "meta", "title", "link", "style"})
_BOLD_TAGS = frozenset({"strong", "b", "th"})
_ITALIC_TAGS = frozenset({"em", "i"})
_RUN_FLAGS = ("small", "muted")


def write_docx(doc: RenderedDocument, references: ReferenceCache | None = None) -> bytes:
    """The document as DOCX bytes in the reference document's styles; same input, same bytes.

    ``references`` keeps reference documents prepared between calls (a Renderer passes its
    own); without it the reference is read and prepared for this document alone.
    """
    body = parse_document(doc.html)
    root = body.getroottree().getroot()
    require_vocabulary(root)
    path = doc.reference_docx or bundled_reference()
    reference = references.get(path) if references is not None else PreparedReference.read(path)
    lang = (root.get("lang") or doc.meta.lang or "").strip()
    language = word_language(lang)
    document = reference.new_document(language)
    styles = StyleSheet(document, reference.styles)
    footnotes = Footnotes(document, styles)
    numbering = Numbering(document.part)
    controls = Controls(document, reference.control_ids)
    converter = _Converter(
        document, styles, numbering, footnotes, controls, doc.fetcher, language, reference
    )
    converter.convert(body)
    footnotes.finish()
    controls.finish()
    _finish(document, styles, replace(doc.meta, lang=lang), language)
    return _save(document.part.package)


def bundled_reference() -> Path:
    """The reference.docx shipped with advocacy-docs."""
    from ..paths import bundled_templates_dir

    return bundled_templates_dir() / "reference.docx"


def deterministic_zip(data: bytes) -> bytes:
    """``data`` (a zip) rewritten with sorted members, fixed dates, compression and attributes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _zip({name: source.read(name) for name in source.namelist()})


def _zip(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` (name: bytes), sorted, with fixed dates, compression and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        # [Content_Types].xml first: some readers sniff for it at the start of the file.
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, members[name], compresslevel=6)
    return out.getvalue()


class _Members:
    """Stands in for python-docx's zip writer: keeps each member's bytes, compresses nothing."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def _save(package: Any) -> bytes:
    """The package as a deterministic zip, written once.

    The members are what python-docx's ``save`` writes (its own PackageWriter steps make them),
    without its compressed zip that deterministic_zip would read back and compress again.
    """
    parts = package.parts
    for part in parts:
        part.before_marshal()
    sink = _Members()
    steps: Any = PackageWriter  # its steps take any object with write(pack_uri, blob)
    steps._write_content_types_stream(sink, parts)
    steps._write_pkg_rels(sink, package.rels)
    steps._write_parts(sink, parts)
    return _zip(sink.members)


# --- inline items: what a paragraph is made of before it becomes runs -------------------------


@dataclass(frozen=True)
class _Link:
    href: str
    serial: int  # two adjacent <a> with the same href stay two links


@dataclass(frozen=True, eq=False)
class _Field:
    """One field to fill (``class="field"``): equal only to itself, so two fields side by side
    stay two content controls."""


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False
    field: _Field | None = None
    small: bool = False
    muted: bool = False
    lang: str | None = None
    link: _Link | None = None


@dataclass(frozen=True)
class _Text:
    text: str
    fmt: _Format


@dataclass(frozen=True)
class _Break:
    fmt: _Format


@dataclass(frozen=True)
class _Picture:
    data: bytes
    alt: str
    width_px: int | None
    height_px: int | None
    source: str
    fmt: _Format


@dataclass(frozen=True)
class _NoteMark:
    """Where a footnote is referenced: its number, in a bookmark if it is cited again."""

    note_id: int
    bookmark: str | None
    fmt: _Format


@dataclass(frozen=True)
class _NoteRef:
    """A later citation of the footnote whose HTML id is ``anchor``: that note's number."""

    anchor: str
    fmt: _Format


_Inline = _Text | _Break | _Picture | _NoteMark | _NoteRef


@dataclass(frozen=True)
class _NoteTarget:
    """What a later citation of a note needs: the bookmark around its mark, and its number."""

    bookmark: str
    number: int


def _normalize(items: Iterable[_Inline]) -> list[_Inline]:
    """HTML white-space rules: no space at a line's start or end, none doubled across runs."""
    out: list[_Inline] = []
    skip_space = True  # at the start of the paragraph or of a line
    for item in items:
        if isinstance(item, _Text):
            text = item.text.lstrip(" ") if skip_space else item.text
            if text:
                out.append(replace(item, text=text))
                skip_space = text.endswith(" ")
        elif isinstance(item, _Break):
            _strip_trailing_space(out)
            out.append(item)
            skip_space = True
        else:
            out.append(item)
            skip_space = False
    while True:
        _strip_trailing_space(out)
        if not out or not isinstance(out[-1], _Break):
            return out
        out.pop()  # a <br> that ends a block adds no line in HTML


def _strip_trailing_space(out: list[_Inline]) -> None:
    if out and isinstance(out[-1], _Text):
        text = out[-1].text.rstrip(" ")
        if text:
            out[-1] = replace(out[-1], text=text)
        else:
            out.pop()


def _has_text(items: Iterable[_Inline]) -> bool:
    return any(not isinstance(i, _Text) or i.text.strip() for i in items)


# --- blocks ----------------------------------------------------------------------------------


class _Container(Protocol):
    """The document's body or a table cell: something paragraphs and tables are added to."""

    def add_paragraph(self) -> Any: ...

    def add_table(self, rows: int, cols: int) -> Any: ...


class _Body:
    """The document's body as a container, adding tables without python-docx's Document.add_table,
    which reads the style table (a prepared reference shares it as bytes) to unset a style."""

    def __init__(self, document: Any) -> None:
        self._body = document._body
        self._width = document._block_width

    def add_paragraph(self) -> Any:
        """A new empty paragraph at the end of the body."""
        return self._body.add_paragraph()

    def add_table(self, rows: int, cols: int) -> Any:
        """A new table at the end of the body, as wide as the text."""
        return self._body.add_table(rows, cols, self._width)


@dataclass
class _ItemSlot:
    """A list item whose first paragraph carries the number; later ones are indented only."""

    level: ListLevel
    started: bool = False


@dataclass(frozen=True)
class _Context:
    style: str
    fmt: _Format = field(default_factory=_Format)
    numbered: bool = False
    item: _ItemSlot | None = None
    depth: int = 0
    keep_with_next: bool = False


@dataclass(frozen=True)
class _Cell:
    element: HtmlElement
    row: int
    col: int
    rowspan: int
    colspan: int


class _Converter:
    """Appends the blocks of an HTML body to a python-docx Document."""

    def __init__(
        self,
        document: Any,
        styles: StyleSheet,
        numbering: Numbering,
        footnotes: Footnotes,
        controls: Controls,
        fetcher: ResourceFetcher,
        language: WordLanguage | None,
        reference: PreparedReference,
    ) -> None:
        self._document = document
        self._styles = styles
        self._numbering = numbering
        self._footnotes = footnotes
        self._controls = controls
        self._placeholder_style = styles.optional_character_ref(PLACEHOLDER_STYLE)
        self._fetcher = fetcher
        self._language = language
        self._links = itertools.count(1)
        self._text_width = reference.text_width
        self._in_note = False
        self._note_targets: dict[str, _NoteTarget] = {}
        self._bookmark_names: set[str] = set()
        self._bookmark_ids = itertools.count(reference.first_bookmark_id)
        self._noterefs: list[tuple[str, Any, Any]] = []  # (anchor, w:instrText, result w:t)

    def convert(self, body: HtmlElement) -> None:
        """Append everything in ``body`` to the document."""
        self._block(body, _Body(self._document), _Context(style=BODY_STYLE))
        self._resolve_noterefs()

    # Blocks.

    def _blocks(self, el: HtmlElement, container: _Container, ctx: _Context) -> None:
        """The content of ``el``: runs of inline content become paragraphs, blocks are converted."""
        pending: list[str | HtmlElement] = [el.text] if el.text else []
        for child in el:
            if is_element(child) and child.tag in BLOCK_TAGS:
                self._flush(pending, container, ctx)
                pending = []
                self._block(child, container, ctx)
            elif is_element(child) and child.tag not in _HIDDEN_TAGS:
                pending.append(child)
            if child.tail:
                pending.append(child.tail)
        self._flush(pending, container, ctx)

    def _block(self, el: HtmlElement, container: _Container, ctx: _Context) -> None:
        tag = el.tag
        ctx = self._role_context(el, ctx)
        if block_role(el) == "page-break":
            self._page_break(container)
        if tag in HEADING_STYLES:
            style = TITLE_STYLE if tag == "h1" and "title" in classes(el) else HEADING_STYLES[tag]
            self._blocks(el, container, replace(ctx, style=style, numbered=False, item=None))
        elif tag in LIST_STYLES:
            self._start_item(container, ctx)
            self._list(el, container, ctx)
        elif tag == "table":
            self._start_item(container, ctx)
            self._table(el, container, ctx)
        elif tag == "blockquote":
            self._blocks(el, container, replace(ctx, style=QUOTE_STYLE, numbered=False))
        elif tag == "figure":
            self._blocks(el, container, replace(ctx, style=FIGURE_STYLE, keep_with_next=True))
        elif tag == "figcaption":
            self._blocks(el, container, replace(ctx, style=CAPTION_STYLE, keep_with_next=False))
        else:
            self._blocks(el, container, ctx)

    def _role_context(self, el: HtmlElement, ctx: _Context) -> _Context:
        fmt = _format_for(el, ctx.fmt)
        role = next((name for name in classes(el) if name in ROLE_STYLES), None)
        if role is None:
            return replace(ctx, fmt=fmt)
        return replace(ctx, fmt=fmt, style=ROLE_STYLES[role], numbered=role == "numbered")

    def _flush(
        self, pending: list[str | HtmlElement], container: _Container, ctx: _Context
    ) -> None:
        items: list[_Inline] = []
        for node in pending:
            if isinstance(node, str):
                items.append(_Text(collapse_whitespace(node), ctx.fmt))
            else:
                self._inline(node, ctx.fmt, items)
        items = _normalize(items)
        if items:
            self._emit(self._paragraph(container, ctx), items)

    def _paragraph(self, container: _Container, ctx: _Context) -> Any:
        paragraph = container.add_paragraph()
        self._styles.apply_paragraph(paragraph, ctx.style)
        if ctx.numbered:
            legal = self._numbering.legal()
            set_num_pr(paragraph, legal.num_id, legal.ilvl)
        elif ctx.item is not None:
            self._number_item(paragraph, ctx.item)
        if ctx.keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def _number_item(self, paragraph: Any, slot: _ItemSlot) -> None:
        if not slot.started:
            slot.started = True
            set_num_pr(paragraph, slot.level.num_id, slot.level.ilvl)
            return
        # Later paragraphs of the item: no number (numId 0 also cancels a list style's own
        # numbering), aligned with the item's text.
        set_num_pr(paragraph, 0, 0)
        paragraph.paragraph_format.left_indent = Twips(slot.level.indent)

    def _start_item(self, container: _Container, ctx: _Context) -> None:
        """Give a list item its numbered paragraph before a nested list or table starts it."""
        if ctx.item is not None and not ctx.item.started:
            self._paragraph(container, ctx)

    def _page_break(self, container: _Container) -> None:
        paragraph = container.add_paragraph()
        self._styles.apply_paragraph(paragraph, BREAK_STYLE)
        paragraph.add_run().add_break(WD_BREAK.PAGE)

    # Lists.

    def _list(self, el: HtmlElement, container: _Container, ctx: _Context) -> None:
        ordered = el.tag == "ol"
        level = self._numbering.new_list(ordered=ordered, ilvl=ctx.depth, start=_start(el))
        for li in _structural_children(el, ("li",)):
            slot = _ItemSlot(level)
            item_ctx = _Context(
                style=LIST_STYLES[el.tag],
                fmt=_format_for(li, ctx.fmt),
                item=slot,
                depth=ctx.depth + 1,
            )
            self._blocks(li, container, item_ctx)
            self._start_item(container, item_ctx)  # an empty <li> still shows its number

    # Tables.

    def _table(self, el: HtmlElement, container: _Container, ctx: _Context) -> None:
        rows = _table_rows(el)
        cells, n_cols = _layout(rows)
        if not cells:
            return
        table = container.add_table(len(rows), n_cols)
        style = self._styles.table_ref(TABLE_STYLE)
        if style is not None:
            self._styles.apply_table(table, style)
        for index, (_, header) in enumerate(rows):
            if header:
                _repeat_as_header(table.rows[index])
        for cell in cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                bottom_right = table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
                table.cell(cell.row, cell.col).merge(bottom_right)
        for cell in cells:
            target = table.cell(cell.row, cell.col)
            first = target._tc.p_lst[0]  # the empty paragraph every new cell starts with
            cell_ctx = _Context(style=CELL_STYLE, fmt=_format_for(cell.element, ctx.fmt))
            self._blocks(cell.element, target, cell_ctx)
            _tidy_cell(target._tc, first)

    # Inline content.

    def _inline(self, el: HtmlElement, fmt: _Format, out: list[_Inline]) -> None:
        """The items of inline element ``el`` (not its tail)."""
        if not is_element(el) or el.tag in _HIDDEN_TAGS:
            return
        if el.tag == "br":
            out.append(_Break(fmt))
            return
        if el.tag == "img":
            out.append(self._picture(el, fmt))
            return
        if block_role(el) == "footnote":
            out.extend(self._footnote(el, fmt))
            return
        anchor = noteref_target(el)
        if anchor is not None:
            out.append(_NoteRef(anchor, fmt))  # its text, the number, comes from the note
            return
        fmt = _format_for(el, fmt)
        if el.tag == "a":
            fmt = replace(fmt, link=self._link(el))
        start = len(out)
        self._inline_content(el, fmt, out)
        if "field" in classes(el) and not _has_text(out[start:]):
            out.append(_Text(FIELD_BLANK, fmt))

    def _inline_content(self, el: HtmlElement, fmt: _Format, out: list[_Inline]) -> None:
        if el.text:
            out.append(_Text(collapse_whitespace(el.text), fmt))
        for child in el:
            self._inline(child, fmt, out)
            if child.tail:
                out.append(_Text(collapse_whitespace(child.tail), fmt))

    def _footnote(self, el: HtmlElement, fmt: _Format) -> list[_Inline]:
        """Write the note of ``<span class="footnote">`` to the footnotes part; its mark here."""
        if self._in_note:
            raise RenderError("a footnote inside a footnote; Word cannot show one, so merge them")
        # The note starts afresh: bold or a link around its mark do not carry into it.
        note_fmt = _format_for(el, _Format(lang=fmt.lang))
        content: list[_Inline] = []
        self._in_note = True
        try:
            self._inline_content(el, note_fmt, content)
        finally:
            self._in_note = False
        content = _normalize(content)
        anchor = (el.get("id") or "").strip()
        if anchor in self._note_targets:
            raise RenderError(f"two footnotes have the id {anchor!r}; ids must be unique")
        if not content:
            return []  # an empty note would show a number that leads nowhere
        note_id, paragraph = self._footnotes.add_note()
        self._emit(paragraph, content)
        bookmark = None
        if anchor:
            bookmark = bookmark_name(anchor, self._bookmark_names)
            self._note_targets[anchor] = _NoteTarget(bookmark, self._footnotes.count)
        # In a field, the mark stays inside the field's control.
        return [_NoteMark(note_id, bookmark, _Format(lang=fmt.lang, field=fmt.field))]

    def _resolve_noterefs(self) -> None:
        """Point each later citation at its note, now that every note has its number."""
        for anchor, instruction, result in self._noterefs:
            target = self._note_targets.get(anchor)
            if target is None:
                raise RenderError(
                    f'a note reference links to "#{anchor}", but no footnote has that id'
                )
            instruction.text = noteref_field(target.bookmark)
            result.text = str(target.number)

    def _link(self, el: HtmlElement) -> _Link | None:
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#"):
            return None  # no bookmarks in the DOCX to point at; the text stays
        if not href.lower().startswith(LINK_SCHEMES):
            raise RenderError(
                f"link to {href[:80]!r}: documents link to http, https, mailto and tel URLs only"
            )
        return _Link(href, next(self._links))

    def _picture(self, el: HtmlElement, fmt: _Format) -> _Picture:
        src = (el.get("src") or "").strip()
        resource = self._fetcher.fetch(src)
        return _Picture(
            data=resource.data,
            alt=" ".join((el.get("alt") or "").split()),
            width_px=_pixels(el.get("width")),
            height_px=_pixels(el.get("height")),
            source=src if not src.startswith("data:") else "a data: URL",
            fmt=fmt,
        )

    # Runs.

    def _emit(self, paragraph: Any, items: list[_Inline]) -> None:
        for to_fill, group in itertools.groupby(items, key=lambda item: item.fmt.field):
            if to_fill is None:
                self._emit_links(paragraph._p, paragraph, list(group))
            else:
                self._control(paragraph, list(group))

    def _control(self, paragraph: Any, items: list[_Inline]) -> None:
        """A field: a content control showing its text, in brackets, as placeholder text."""
        before, inside, after = _field_parts(items)
        self._emit_links(paragraph._p, paragraph, before)
        title = collapse_whitespace("".join(_plain_text(i) for i in inside)).strip(" ")
        inside = _bracketed(inside)
        first = inside[0].fmt
        typed = OxmlElement("w:r")  # what the lawyer types is formatted as the text around it
        self._format_run(Run(typed, paragraph), paragraph, replace(first, field=None))
        self._controls.add(
            paragraph._p,
            title or FIELD_BLANK,
            "".join(_plain_text(i) for i in inside),
            lambda content: self._emit_links(content, paragraph, inside),
            plain=_plain(inside),
            typed_rpr=typed.rPr,
        )
        self._emit_links(paragraph._p, paragraph, after)

    def _emit_links(self, parent: Any, paragraph: Any, items: list[_Inline]) -> None:
        """The runs of ``items``, appended to ``parent`` (a paragraph or a control's content)."""
        for link, group in itertools.groupby(items, key=lambda item: item.fmt.link):
            target = parent if link is None else self._hyperlink(parent, paragraph, link.href)
            for run_items in _run_groups(list(group)):
                first = run_items[0]
                if isinstance(first, _NoteMark):
                    self._note_mark(target, paragraph, first)
                elif isinstance(first, _NoteRef):
                    self._note_ref(target, paragraph, first)
                else:
                    self._run(target, paragraph, run_items)

    def _note_mark(self, target: Any, paragraph: Any, mark: _NoteMark) -> None:
        """The footnote's number in the text; in a bookmark when the note is cited again."""
        bookmark_id = str(next(self._bookmark_ids)) if mark.bookmark else None
        if bookmark_id is not None:
            attrs = {qn("w:id"): bookmark_id, qn("w:name"): str(mark.bookmark)}
            target.append(OxmlElement("w:bookmarkStart", attrs))
        element = OxmlElement("w:r")
        target.append(element)
        self._footnotes.add_reference(Run(element, paragraph), mark.note_id)
        if bookmark_id is not None:
            target.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): bookmark_id}))

    def _note_ref(self, target: Any, paragraph: Any, ref: _NoteRef) -> None:
        """A NOTEREF field showing the cited note's number, filled in by _resolve_noterefs."""

        def field_run(child: Any) -> Any:
            run = OxmlElement("w:r")
            run.append(child)
            target.append(run)
            return run

        field_run(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
        instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        field_run(instruction)
        field_run(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
        result = OxmlElement("w:t")
        element = OxmlElement("w:r")
        target.append(element)
        self._footnotes.style_mark(Run(element, paragraph))
        element.append(result)
        field_run(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
        self._noterefs.append((ref.anchor, instruction, result))

    def _hyperlink(self, parent: Any, paragraph: Any, href: str) -> Any:
        r_id = paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink", {qn("r:id"): r_id, qn("w:history"): "1"})
        parent.append(hyperlink)
        return hyperlink

    def _run(self, target: Any, paragraph: Any, items: list[_Inline]) -> None:
        element = OxmlElement("w:r")
        target.append(element)
        run = Run(element, paragraph)
        fmt = items[0].fmt
        self._format_run(run, paragraph, fmt)
        first = items[0]
        if isinstance(first, _Picture):
            self._add_picture(run, first)
        else:
            run.text = "".join(i.text if isinstance(i, _Text) else "\n" for i in items)

    def _format_run(self, run: Any, paragraph: Any, fmt: _Format) -> None:
        if fmt.link is not None:
            style = self._styles.character_ref(HYPERLINK_STYLE)
            if style is not None:
                self._styles.apply_run(run, style)
            else:
                run.font.color.rgb = LINK_COLOR
                run.font.underline = True
        if fmt.bold:
            run.bold = True
        if fmt.italic:
            run.italic = True
        if fmt.field is not None:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if fmt.link is None and self._placeholder_style is not None:
                self._styles.apply_run(run, self._placeholder_style)
        if fmt.small:
            size = self._styles.font_size(paragraph._p.style)
            run.font.size = Pt(max(1, round(size.pt * 2 * SMALL_SCALE)) / 2)
        if fmt.muted:
            run.font.color.rgb = MUTED_COLOR
        language = word_language(fmt.lang) if fmt.lang else None
        if language is not None and language != self._language:
            set_run_language(run, language)

    def _add_picture(self, run: Any, picture: _Picture) -> None:
        try:
            image = Image.from_blob(picture.data)
        except UnrecognizedImageError:
            raise InputError(
                f"image {picture.source}: DOCX can embed PNG, JPEG, GIF, BMP and TIFF images only"
            ) from None
        width, height = _picture_size(image.px_width, image.px_height, picture)
        if width > self._text_width:
            width, height = self._text_width, round(height * self._text_width / width)
        run.add_picture(io.BytesIO(picture.data), width=Emu(width), height=Emu(height))
        for doc_pr in run._r.xpath(".//wp:docPr"):
            doc_pr.set("descr", picture.alt)  # the alternative text screen readers announce


def _run_groups(items: list[_Inline]) -> Iterator[list[_Inline]]:
    """Consecutive text and breaks of one format form a run; each picture or note mark is one."""
    group: list[_Inline] = []
    for item in items:
        joins = (
            group
            and isinstance(item, _Text | _Break)
            and isinstance(group[-1], _Text | _Break)
            and item.fmt == group[-1].fmt
        )
        if group and not joins:
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _field_parts(items: list[_Inline]) -> tuple[list[_Inline], list[_Inline], list[_Inline]]:
    """A field's items as (a space before it, its own, a space after it): the spaces around its
    words belong to the sentence, not inside the brackets the lawyer types over."""
    inside = list(items)
    before: list[_Inline] = []
    after: list[_Inline] = []
    head = inside[0]
    if isinstance(head, _Text) and head.text.startswith(" "):
        before.append(_Text(" ", replace(head.fmt, field=None)))
        inside[0] = replace(head, text=head.text.lstrip(" "))
    tail = inside[-1]
    if isinstance(tail, _Text) and tail.text.endswith(" "):
        after.append(_Text(" ", replace(tail.fmt, field=None)))
        inside[-1] = replace(tail, text=tail.text.rstrip(" "))
    kept = [i for i in inside if not isinstance(i, _Text) or i.text]
    return before, kept or [_Text(FIELD_BLANK, head.fmt)], after


def _plain(items: list[_Inline]) -> bool:
    """Whether a field of ``items`` can be a plain-text control: one line of text in one format,
    not a link. Others are rich-text controls: LibreOffice 7.4 reads a plain-text control as an
    input field, which drops line breaks and shows a link's field code."""
    first = items[0].fmt
    return first.link is None and all(isinstance(i, _Text) and i.fmt == first for i in items)


def _plain_text(item: _Inline) -> str:
    """What ``item`` shows as text: its text, a line break, or nothing (a picture, a mark)."""
    return item.text if isinstance(item, _Text) else "\n" if isinstance(item, _Break) else ""


def _bracketed(items: list[_Inline]) -> list[_Inline]:
    """``items`` between the field brackets, in the format of the text next to each."""
    opening, closing = FIELD_BRACKETS
    out = list(items)
    first = out[0]
    if isinstance(first, _Text):
        out[0] = replace(first, text=opening + first.text)
    else:
        out.insert(0, _Text(opening, first.fmt))
    last = out[-1]
    if isinstance(last, _Text):
        out[-1] = replace(last, text=last.text + closing)
    else:
        out.append(_Text(closing, last.fmt))
    return out


def _format_for(el: HtmlElement, fmt: _Format) -> _Format:
    """The run formatting inside ``el``, given the formatting around it."""
    tag = el.tag
    names = set(classes(el))
    lang = el.get("lang")
    flags = {flag: getattr(fmt, flag) or flag in names for flag in _RUN_FLAGS}
    # A field inside a field is part of it: one control.
    field = fmt.field if fmt.field is not None or "field" not in names else _Field()
    return _Format(
        bold=fmt.bold or tag in _BOLD_TAGS,
        italic=fmt.italic or tag in _ITALIC_TAGS,
        field=field,
        small=flags["small"],
        muted=flags["muted"],
        lang=fmt.lang if lang is None else (lang.strip() or None),
        link=fmt.link,
    )


def _picture_size(px_width: int, px_height: int, picture: _Picture) -> tuple[int, int]:
    """EMU size from the img width/height attributes, else the image's pixels, at 96 px/inch."""
    ratio = px_height / px_width if px_width else 1.0
    if picture.width_px and picture.height_px:
        return picture.width_px * EMU_PER_CSS_PX, picture.height_px * EMU_PER_CSS_PX
    if picture.width_px:
        return picture.width_px * EMU_PER_CSS_PX, round(picture.width_px * ratio * EMU_PER_CSS_PX)
    if picture.height_px and ratio:
        return round(picture.height_px / ratio * EMU_PER_CSS_PX), picture.height_px * EMU_PER_CSS_PX
    return px_width * EMU_PER_CSS_PX, px_height * EMU_PER_CSS_PX


def _pixels(value: str | None) -> int | None:
    text = (value or "").strip().removesuffix("px")
    return int(text) if text.isdigit() and int(text) > 0 else None


def _start(el: HtmlElement) -> int:
    try:
        return max(0, int((el.get("start") or "1").strip()))
    except ValueError:
        return 1


def _structural_children(el: HtmlElement, allowed: tuple[str, ...]) -> list[HtmlElement]:
    """The children of a list or table part, which may hold only ``allowed`` elements."""
    children = []
    texts = [el.text] + [child.tail for child in el]
    if any(t and t.strip() for t in texts):
        raise RenderError(f"text directly inside <{el.tag}>; put it in <{allowed[0]}>")
    for child in el:
        if not is_element(child):
            continue
        if child.tag not in allowed:
            expected = ", ".join(f"<{tag}>" for tag in allowed)
            raise RenderError(f"<{child.tag}> directly inside <{el.tag}>; only {expected} may be")
        children.append(child)
    return children


def _table_rows(table: HtmlElement) -> list[tuple[HtmlElement, bool]]:
    """Each ``<tr>``, and whether it is a header row (in ``<thead>``, or leading all-``<th>``)."""
    rows: list[tuple[HtmlElement, bool]] = []
    for part in _structural_children(table, ("tr", "thead", "tbody")):
        if part.tag == "tr":
            rows.append((part, False))
        else:
            rows.extend((tr, part.tag == "thead") for tr in _structural_children(part, ("tr",)))
    for index, (tr, header) in enumerate(rows):
        cells = _structural_children(tr, ("th", "td"))
        if header or not cells or any(cell.tag != "th" for cell in cells):
            break
        rows[index] = (tr, True)
    return rows


def _layout(rows: list[tuple[HtmlElement, bool]]) -> tuple[list[_Cell], int]:
    """Grid positions of the cells, honouring rowspan and colspan as HTML does."""
    taken: set[tuple[int, int]] = set()
    cells: list[_Cell] = []
    for r, (tr, _) in enumerate(rows):
        c = 0
        for td in _structural_children(tr, ("th", "td")):
            while (r, c) in taken:
                c += 1
            rowspan = min(_span(td.get("rowspan")) or len(rows) - r, len(rows) - r)
            colspan = _span(td.get("colspan")) or 1
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            cells.append(_Cell(td, r, c, rowspan, colspan))
            c += colspan
    n_cols = max((c for _, c in taken), default=-1) + 1
    return cells, n_cols


def _span(value: str | None) -> int | None:
    """A rowspan/colspan value; 0 (span to the end) as None, nonsense as 1."""
    text = (value or "1").strip()
    if not text.isdigit():
        return 1
    return min(int(text), 1000) or None


def _repeat_as_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _tidy_cell(tc: Any, first: Any) -> None:
    """Drop the cell's initial empty paragraph once content follows; end it with a paragraph."""
    blocks = [child for child in tc if child.tag in (qn("w:p"), qn("w:tbl"))]
    if len(blocks) > 1 and first in blocks and len(first) == len(first.findall(qn("w:pPr"))):
        tc.remove(first)
    if tc[-1].tag == qn("w:tbl"):
        tc.append(OxmlElement("w:p"))  # Word requires a paragraph after a nested table


def _finish(
    document: Any, styles: StyleSheet, meta: DocumentMeta, language: WordLanguage | None
) -> None:
    ensure_page_numbers(document.sections[-1], styles)
    if language is not None:
        set_settings_language(document.settings.element, language)  # styles: new_document
    set_core_properties(
        document,
        title=meta.title,
        subject=meta.subject,
        author=meta.author,
        keywords=", ".join(meta.keywords),
        language=meta.lang,  # the document's own tag; w:lang needs Word's region-ful form
        date=meta.date,
    )
    replace_app_properties(document)
    drop_thumbnail(document)
    clean_settings(document)
