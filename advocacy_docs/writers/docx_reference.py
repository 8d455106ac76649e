"""A reference .docx read once, and a fresh python-docx Document made from it for each document.

Opening the reference with python-docx costs more than writing a letter into it: its style table
alone is 350 KB of XML. ``PreparedReference`` reads the file's bytes once and does to it what
every document needs: removes its body, adopts its footnotes part, adds a numbering part if it
has none, indexes its styles. What it keeps is plain data: part names, content types, bytes,
relationships, and XML trees that are never handed out. ``new_document`` builds a Document from
fresh copies of those, so no two documents share an element, and no document's edits reach the
prepared reference. The style table, which the writer only reads, is kept as serialized bytes,
one copy per document language (the only thing a document changes in it).

The steps run in the order the writer always ran them, so the output is byte for byte the one
of opening the reference anew for every document.

A reference is someone else's file and may hold what its author never meant to pass on (custom
properties, document variables, macros, a path to their template) or what fetches something
whenever Word opens a document (a linked picture, an INCLUDEPICTURE field: a web beacon in
every letter). So nothing of it is taken but by an allow-list: ``scrub_package`` rebuilds the
package from the parts a document needs (styles, numbering, settings, font table, theme,
headers, footers, notes and their pictures), checking sizes and element counts before it
parses any of them; ``drop_reference_content`` then keeps the settings a document needs and
removes from what is left every external target but web and e-mail links, every field that
fetches or runs something, and what names the author's files. A reference that is malformed or
over a cap is an InputError of one line naming the file and the part.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.exceptions import InvalidXmlError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import OxmlElement
from docx.package import Package
from docx.shared import Inches
from lxml import etree

from ..errors import InputError
from ..regular import read_regular
from .docx_controls import control_ids, word_number
from .docx_notes import Footnotes
from .docx_numbering import Numbering
from .docx_styles import StyleIndex, StyleSheet, WordLanguage, set_styles_language

MAX_LANGUAGES = 16
"""Style tables kept per reference, one per document language (each ~350 KB for the bundled one)."""

MAX_LIST_ID = 2**31 - 1 - 100_000
"""The largest list id a reference may use: a document adds a list per list it has after it."""

_COMMENT_RELS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people")


@dataclass(frozen=True)
class _PartSpec:
    """One part of the prepared package: an XML tree to copy, or bytes to share."""

    partname: PackURI
    content_type: str
    part_class: Any  # the python-docx Part class the reference's part was loaded as
    element: Any  # an XmlPart's XML, deep-copied for each document; None for other parts
    blob: bytes | None


@dataclass(frozen=True)
class _RelSpec:
    """One relationship: from the package (``source`` -1) or a part, to a part or a URL."""

    source: int
    r_id: str
    reltype: str
    target: int | str  # index of the target part, or the external target's URL
    external: bool


class PreparedReference:
    """A reference document prepared once; ``new_document`` gives each document its own copy."""

    def __init__(self, data: bytes, path: Path) -> None:
        document = open_reference(data, path)
        try:
            clear_body(document)
            styles_element = document.styles.element  # python-docx adds a style table if none
            self.styles = StyleIndex.shared(styles_element)
            styles_part = document.part.part_related_by(RT.STYLES)
            self._styles_xml: bytes = styles_part.blob
            Footnotes(document, StyleSheet(document, self.styles))  # adopts its notes part
            Numbering(document.part)  # adds a numbering part if the reference has none
            check_list_ids(document)
            self.text_width = text_width(document)
            self.first_bookmark_id = next_bookmark_id(document)
            self.control_ids = control_ids(document)  # content controls of its header, say
        except (ValueError, KeyError, IndexError, InvalidXmlError, etree.LxmlError) as exc:
            # A value python-docx cannot read (a page width "1e5", say), in a part that is
            # well-formed XML: the reference's fault, not the document's.
            message = " ".join(str(exc).split())
            raise InputError(
                f"reference document {str(path)!r} cannot be used: {message}"
            ) from None
        package = document.part.package
        parts = list(package.iter_parts())
        # python-docx remembers every image part it loaded, also those only the removed body
        # used, and numbers new pictures after them: keep them (unreachable) to number alike.
        parts.extend(p for p in package.image_parts if p not in parts)
        at = {id(part): i for i, part in enumerate(parts)}
        self._parts = tuple(_spec(part, part is styles_part) for part in parts)
        self._styles_at = at[id(styles_part)]
        self._images = tuple(at[id(part)] for part in package.image_parts)
        sources: list[tuple[int, Any]] = [(-1, package), *enumerate(parts)]
        self._rels = tuple(
            _RelSpec(
                source=i,
                r_id=rel.rId,
                reltype=rel.reltype,
                target=rel.target_ref if rel.is_external else at[id(rel.target_part)],
                external=rel.is_external,
            )
            for i, source in sources
            for rel in source.rels.values()
        )
        self._lock = threading.Lock()
        self._styles_by_language: dict[WordLanguage | None, bytes] = {None: self._styles_xml}

    @classmethod
    def read(cls, path: Path) -> PreparedReference:
        """The reference document at ``path``, prepared; InputError if it cannot be read."""
        return cls(read_reference(path), path)

    def new_document(self, language: WordLanguage | None) -> Any:
        """A python-docx Document of fresh copies of the prepared parts; styles in ``language``."""
        package = Package()
        parts: list[Any] = []
        for i, spec in enumerate(self._parts):
            if spec.element is not None:
                element = copy.deepcopy(spec.element)
                parts.append(spec.part_class(spec.partname, spec.content_type, element, package))
            else:
                blob = self.styles_xml(language) if i == self._styles_at else spec.blob
                parts.append(spec.part_class.load(spec.partname, spec.content_type, blob, package))
        for rel in self._rels:
            source = package if rel.source < 0 else parts[rel.source]
            target = rel.target if isinstance(rel.target, str) else parts[rel.target]
            source.load_rel(rel.reltype, target, rel.r_id, rel.external)
        for i in self._images:
            package.image_parts.append(parts[i])
        return package.main_document_part.document

    def styles_xml(self, language: WordLanguage | None) -> bytes:
        """The style table's XML with ``language`` as the default language of all text."""
        with self._lock:
            blob = self._styles_by_language.get(language)
        if blob is not None:
            return blob
        styles = parse_xml(self._styles_xml)
        assert language is not None  # the table without a language is there from the start
        set_styles_language(styles, language)
        blob = serialize_part_xml(styles)
        with self._lock:
            if len(self._styles_by_language) > MAX_LANGUAGES:
                oldest = next(k for k in self._styles_by_language if k is not None)
                del self._styles_by_language[oldest]
            self._styles_by_language[language] = blob
        return blob


def _spec(part: Any, shared_styles: bool) -> _PartSpec:
    """How ``part`` is copied: the style table as its bytes, other XML as a tree, the rest as
    bytes (images, the theme, the font table: documents never change them)."""
    if shared_styles:
        return _PartSpec(part.partname, part.content_type, Part, None, part.blob)
    if isinstance(part, XmlPart):
        return _PartSpec(part.partname, part.content_type, type(part), part.element, None)
    return _PartSpec(part.partname, part.content_type, type(part), None, part.blob)


def read_reference(path: Path) -> bytes:
    """The bytes of the reference document at ``path``; InputError if it cannot be read, is no
    regular file (a FIFO would block) or is larger than a reference can be."""

    def fail(reason: str) -> InputError:
        return InputError(f"reference document {str(path)!r} cannot be opened as a .docx: {reason}")

    try:
        return read_regular(path, MAX_REFERENCE_BYTES, what="the reference document")
    except InputError as exc:
        raise fail(str(exc).removeprefix(f"{path}: ")) from None


def open_reference(data: bytes, path: Path) -> Any:
    """The reference document ``data`` (read from ``path``) as a python-docx Document of the
    parts a document takes from it (``scrub_package``); InputError if it cannot be one."""
    scrubbed = scrub_package(data, path)
    try:
        return docx.Document(io.BytesIO(scrubbed))
    except (
        OSError, PackageNotFoundError, zipfile.BadZipFile, ValueError, KeyError, etree.LxmlError,
    ) as exc:  # fmt: skip
        message = " ".join(str(exc).split())
        raise InputError(
            f"reference document {str(path)!r} cannot be opened as a .docx: {message}"
        ) from None


def clear_body(document: Any) -> None:
    """Remove the reference document's content, keeping its page setup (the last sectPr)."""
    root = document.element
    if root.body is None:
        root.append(OxmlElement("w:body"))
    body = root.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if body.find(qn("w:sectPr")) is None:  # Word's defaults, as a document without one has
        body.append(OxmlElement("w:sectPr"))
    document.settings  # noqa: B018 -- python-docx adds a settings part if there is none
    _drop_unused_relationships(document)
    drop_reference_content(document)


_LINK_SCHEMES = ("http:", "https:", "mailto:")

# Settings a document takes from its reference: page and layout behaviour, notes, compatibility
# with Word versions, the theme's mapping. The rest (document variables, the attached template,
# a mail-merge source, revision ids, protection and its password hash, tracking of changes,
# "update fields on open", XSLT to save through, document ids) is the author's, not the style's.
_SETTINGS_KEPT = frozenset(
    qn(f"w:{name}")
    for name in (
        "zoom", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
        "doNotHyphenateCaps", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
        "bookFoldPrintingSheets", "mirrorMargins", "alignBordersAndEdges",
        "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
        "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
        "drawingGridVerticalOrigin", "characterSpacingControl", "noPunctuationKerning",
        "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore",
        "displayBackgroundShape", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts",
        "defaultTableStyle", "footnotePr", "endnotePr", "compat", "themeFontLang",
        "clrSchemeMapping", "doNotAutoCompressPictures", "shapeDefaults", "hdrShapeDefaults",
        "decimalSymbol", "listSeparator",
    )
) | {qn("m:mathPr")}  # fmt: skip

# Fields a header or footer may keep: page numbers, dates, references inside the document,
# arithmetic. The rest fetch or run something when Word updates them (INCLUDEPICTURE, a web
# beacon in every letter; INCLUDETEXT, LINK, DDE, IMPORT, DATABASE; MACROBUTTON, PRINT), ask
# the reader (ASK, FILLIN) or show data the document no longer has (DOCVARIABLE, AUTOTEXT).
_FIELDS_KEPT = frozenset(
    {
        "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE",
        "SAVEDATE", "PRINTDATE", "STYLEREF", "PAGEREF", "REF", "NOTEREF", "SEQ", "TITLE",
        "SUBJECT", "AUTHOR", "KEYWORDS", "SYMBOL", "=", "IF", "LISTNUM", "AUTONUM",
        "AUTONUMLGL", "AUTONUMOUT", "ADVANCE", "EQ",
    }
)  # fmt: skip
_O = "urn:schemas-microsoft-com:office:office"  # VML's o:relid names a relationship too
_RELATIONSHIP_ELEMENTS = frozenset(
    qn(name)
    for name in (
        "w:headerReference", "w:footerReference", "w:printerSettings", "w:altChunk", "w:subDoc",
        "w:attachedTemplate", "w:embedRegular", "w:embedBold", "w:embedItalic",
        "w:embedBoldItalic",
    )
) | {f"{{{_O}}}OLEObject"}  # fmt: skip
"""Elements that are nothing without their relationship: removed with it."""


_NAMESPACES = {"r": nsmap["r"], "o": _O, "v": "urn:schemas-microsoft-com:vml"}
_R_PREFIX = "{" + nsmap["r"] + "}"
_O_RELID = f"{{{_O}}}relid"
_ADDRESS_ATTRIBUTES = frozenset({f"{{{_O}}}href", f"{{{_O}}}althref"})
_NAME_ATTRIBUTES = frozenset({"descr", "title", "name", f"{{{_O}}}title"})
_LOCAL_PATH = re.compile(r"(?i)(^\s*(file:|/)|[a-z]:[\\/]|\\\\)")
"""A path or an address: "file:…", "/home/…", "C:\\…", "\\\\host\\share", "https://…"."""

_ANCHORS = tuple(
    qn(name)
    for name in (
        "w:commentRangeStart", "w:commentRangeEnd", "w:commentReference", "w:permStart",
        "w:permEnd",
    )
)  # fmt: skip
"""Anchors of the reference's comments (never kept: Word refuses a reference to a comment it
does not have) and of its editing permissions (which name the people allowed to edit)."""


def drop_reference_content(document: Any) -> None:
    """Keep only the settings a document needs, drop every relationship that points out of the
    package (a linked picture, a mail-merge source, an OLE link: a path on the author's
    computer, or an address Word would fetch) but links to web and e-mail addresses, whatever
    referred to a relationship no longer there, and every field that fetches or runs something.

    The package was already cut down to an allow-list of parts (``scrub_package``): this acts
    on what those parts hold."""
    part = document.part
    settings = next((r.target_part for r in part.rels.values() if r.reltype == RT.SETTINGS), None)
    if isinstance(settings, XmlPart):
        for child in list(settings.element):
            if child.tag not in _SETTINGS_KEPT:
                settings.element.remove(child)
    for source in (part.package, *part.package.iter_parts()):
        dropped = [
            r_id
            for r_id, rel in source.rels.items()
            if rel.is_external and not (rel.reltype == RT.HYPERLINK and _is_link(rel.target_ref))
        ]
        for r_id in dropped:
            del source.rels[r_id]
        element = getattr(source, "element", None)
        if isinstance(element, etree._Element):
            _drop_dangling_references(element, set(source.rels))
            drop_external_fields(element)
            for node in list(element.iter(*_ANCHORS)):
                _remove_from_run(node)
            drop_local_addresses(element)


def drop_local_addresses(root: Any) -> None:
    """Remove from ``root`` what Word writes of where a picture came from (``o:href``: a file in
    the author's temporary folder for a pasted picture; a VML ``src``), picture names and
    descriptions that are a path (Word 2007 wrote the file's path there), XML comments and
    processing instructions (Word writes none; other programs and people do)."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    # XPath, not a walk in Python: the style table alone has 9,000 elements.
    for value in _xpath(root, "//@o:href | //@o:althref | //v:*/@src"):
        del value.getparent().attrib[value.attrname]
    for value in _xpath(root, "//@descr | //@title | //@name | //@o:title"):
        if _LOCAL_PATH.search(str(value)):
            value.getparent().set(value.attrname, "")


def _drop_dangling_references(root: Any, r_ids: set[str]) -> None:
    """Remove from ``root`` every reference to a relationship not in ``r_ids`` (Word refuses to
    open a document that has one), and the elements that are nothing without it."""
    for node in _xpath(root, "//*[@r:* or @o:relid]"):
        dangling = [
            name
            for name, value in node.attrib.items()
            if _is_relationship_attribute(name) and value not in r_ids
        ]
        if not dangling:
            continue
        parent = node.getparent()
        if node.tag in _RELATIONSHIP_ELEMENTS and parent is not None:
            parent.remove(node)
        else:
            for name in dangling:
                del node.attrib[name]


def _xpath(root: Any, path: str) -> list[Any]:
    return list(etree._Element.xpath(root, path, namespaces=_NAMESPACES))


def _is_relationship_attribute(name: str) -> bool:
    # Plain string tests: this runs for every attribute of every part (the style table's 9,000).
    return name.startswith(_R_PREFIX) or name == _O_RELID


def drop_external_fields(root: Any) -> None:
    """Turn every field of ``root`` not in the allow-list into the text or picture it last
    showed: its code goes, so Word never updates (fetches, runs) it; nested fields are judged
    on their own code."""
    for simple in list(root.iter(qn("w:fldSimple"))):
        if not _field_kept(str(simple.get(qn("w:instr"), ""))):
            _unwrap(simple)
    open_fields: list[list[Any]] = []  # each open field: its fldChar and instrText elements
    code: list[list[str]] = []
    finished: list[tuple[list[Any], str]] = []
    instructions = (qn("w:instrText"), qn("w:delInstrText"))
    for node in list(root.iter(qn("w:fldChar"), *instructions)):
        if node.tag in instructions:
            if open_fields:
                open_fields[-1].append(node)
                code[-1].append(node.text or "")
            else:
                finished.append(([node], ""))  # field code outside any field
            continue
        kind = node.get(qn("w:fldCharType"))
        if kind == "begin":
            open_fields.append([node])
            code.append([])
        elif not open_fields:
            finished.append(([node], ""))  # a separator or end without a beginning
        elif kind == "end":
            finished.append(([*open_fields.pop(), node], "".join(code.pop())))
        else:
            open_fields[-1].append(node)
    finished.extend((nodes, "".join(text)) for nodes, text in zip(open_fields, code, strict=True))
    for nodes, instruction in finished:
        if not _field_kept(instruction):
            for node in nodes:
                _remove_from_run(node)


def _field_kept(instruction: str) -> bool:
    words = instruction.split()
    if not words:
        return False
    name = "=" if words[0].startswith("=") else words[0].upper()
    return name in _FIELDS_KEPT


def _unwrap(node: Any) -> None:
    """Put ``node``'s children in its place."""
    parent = node.getparent()
    if parent is None:
        return
    index = parent.index(node)
    for offset, child in enumerate(list(node)):
        parent.insert(index + offset, child)
    parent.remove(node)


def _remove_from_run(node: Any) -> None:
    """Remove ``node``, and its run if nothing but run properties is left in it."""
    run = node.getparent()
    if run is None:
        return
    run.remove(node)
    parent = run.getparent()
    if run.tag == qn("w:r") and parent is not None and all(c.tag == qn("w:rPr") for c in run):
        parent.remove(run)


def _is_link(target: str) -> bool:
    """Whether ``target`` is an address a reader clicks: web or e-mail."""
    return target.strip().lower().startswith(_LINK_SCHEMES)


def _drop_unused_relationships(document: Any) -> None:
    """Forget images, links and comments only the removed content used, so none of it is saved."""
    element = document.element
    used = {str(value) for value in element.xpath("//@r:id | //@r:embed | //@r:link")}
    has_comments = bool(element.xpath("//w:commentReference"))
    rels = document.part.rels
    for r_id, rel in list(rels.items()):
        unused_target = rel.reltype in (RT.IMAGE, RT.HYPERLINK) and r_id not in used
        unused_comments = rel.reltype.endswith(_COMMENT_RELS) and not has_comments
        if unused_target or unused_comments:
            del rels[r_id]
            rels.related_parts.pop(r_id, None)


def check_list_ids(document: Any) -> None:
    """Refuse list ids so large that the lists a document adds after them would not be numbers
    Word can hold (a signed 32-bit integer)."""
    root = document.part.part_related_by(RT.NUMBERING).element
    for tag, attribute in (("w:num", "w:numId"), ("w:abstractNum", "w:abstractNumId")):
        for element in root.findall(qn(tag)):
            value = str(element.get(qn(attribute), ""))
            if value.isdigit() and (len(value) > 10 or int(value) > MAX_LIST_ID):
                raise ValueError(f"numbering: list id {value[:20]} is larger than {MAX_LIST_ID:,}")


def text_width(document: Any) -> int:
    """The width between the margins of the document's last section, in EMU."""
    section = document.sections[-1]
    sizes = (section.page_width, section.left_margin, section.right_margin)
    if any(size is None for size in sizes):
        return int(Inches(6))
    return int(sizes[0] - sizes[1] - sizes[2])


def next_bookmark_id(document: Any) -> int:
    """A bookmark id above any the reference document keeps (in its header or footer, say)."""
    ids = [0]
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if isinstance(element, etree._Element):
            values = etree._Element.xpath(element, "//w:bookmarkStart/@w:id", namespaces=nsmap)
            ids.extend(int(v) + 1 for v in values if word_number(str(v)))
    return max(ids)


# --- the package, taken apart before python-docx sees it ------------------------------------------
#
# A reference is read as a zip of parts joined by relationships. Only what a document takes from
# it is kept, found by walking the relationships from the package root through an allow-list:
# the main document (its body is removed later, its page setup kept), styles, numbering, settings,
# font table (and the fonts it embeds), theme, headers, footers, notes and the pictures these
# show. Everything else (custom properties, macros, glossary, custom XML, comments, web settings,
# printer settings, OLE objects, sub-documents, thumbnails) is never read. Every part that is
# read is checked against size and element caps first and parsed as XML with libxml2's limits,
# so that a small file that decompresses to gigabytes is refused before anything is built.

MAX_REFERENCE_BYTES = 64 * 1024 * 1024
"""Size of a reference file on disk (the bundled one is 60 KB, a letterhead with a logo ~1 MB)."""
MAX_PART_BYTES = 16 * 1024 * 1024
"""Decompressed size of one part kept (the bundled style table, the largest, is 350 KB)."""
MAX_PACKAGE_BYTES = 64 * 1024 * 1024
"""Decompressed size of all parts kept."""
MAX_PARTS = 1_000
"""Parts kept; a letterhead has about a dozen."""
MAX_ELEMENTS = 250_000
"""XML elements in all parts kept (the bundled reference has ~9,000; a 100-page document used
as a reference ~60,000). 250,000 elements are ~150 MB once python-docx has them."""

_W_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_MAIN_DOCUMENT_TYPES = frozenset(
    {
        CT.WML_DOCUMENT_MAIN,
        f"{_W_MAIN}.template.main+xml",  # a .dotx
        "application/vnd.ms-word.document.macroEnabled.main+xml",  # a .docm: macros not kept
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # a .dotm
    }
)
_PACKAGE_RELS: dict[str, frozenset[str] | None] = {
    RT.OFFICE_DOCUMENT: _MAIN_DOCUMENT_TYPES,
    # Kept only so that the writer has parts to replace: it empties core.xml and overwrites
    # app.xml (docx_styles.set_core_properties, replace_app_properties).
    RT.CORE_PROPERTIES: frozenset({CT.OPC_CORE_PROPERTIES}),
    RT.EXTENDED_PROPERTIES: frozenset({CT.OFC_EXTENDED_PROPERTIES}),
}
_NOTE_PART_RELS: dict[str, frozenset[str] | None] = {RT.IMAGE: None, RT.HYPERLINK: None}
"""What headers, footers and notes may relate to: pictures in the package, web and e-mail links.
None: any content type the relationship's own check allows (an image/* one for a picture)."""
_PART_RELS: dict[str, dict[str, frozenset[str] | None]] = {
    CT.WML_DOCUMENT_MAIN: {
        RT.STYLES: frozenset({CT.WML_STYLES}),
        RT.NUMBERING: frozenset({CT.WML_NUMBERING}),
        RT.SETTINGS: frozenset({CT.WML_SETTINGS}),
        RT.FONT_TABLE: frozenset({CT.WML_FONT_TABLE}),
        RT.THEME: frozenset({CT.OFC_THEME}),
        RT.HEADER: frozenset({CT.WML_HEADER}),
        RT.FOOTER: frozenset({CT.WML_FOOTER}),
        RT.FOOTNOTES: frozenset({CT.WML_FOOTNOTES}),
        RT.ENDNOTES: frozenset({CT.WML_ENDNOTES}),
        **_NOTE_PART_RELS,  # the body's own, dropped with it unless its page setup uses them
    },
    CT.WML_HEADER: _NOTE_PART_RELS,
    CT.WML_FOOTER: _NOTE_PART_RELS,
    CT.WML_FOOTNOTES: _NOTE_PART_RELS,
    CT.WML_ENDNOTES: _NOTE_PART_RELS,
    CT.WML_NUMBERING: {RT.IMAGE: None},  # picture bullets
    CT.OFC_THEME: {RT.IMAGE: None},  # picture fills
    CT.WML_FONT_TABLE: {RT.FONT: None},  # embedded (obfuscated) fonts
}
_ONE_PER_DOCUMENT = frozenset(
    {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES, RT.STYLES, RT.NUMBERING,
     RT.SETTINGS, RT.FONT_TABLE, RT.THEME, RT.FOOTNOTES, RT.ENDNOTES}
)  # fmt: skip
_ROOTS = {
    CT.WML_DOCUMENT_MAIN: qn("w:document"),
    CT.WML_STYLES: qn("w:styles"),
    CT.WML_NUMBERING: qn("w:numbering"),
    CT.WML_SETTINGS: qn("w:settings"),
    CT.WML_FONT_TABLE: qn("w:fonts"),
    CT.WML_HEADER: qn("w:hdr"),
    CT.WML_FOOTER: qn("w:ftr"),
    CT.WML_FOOTNOTES: qn("w:footnotes"),
    CT.WML_ENDNOTES: qn("w:endnotes"),
}
"""The root element python-docx expects of each part it reads as XML."""
_FONT_TYPES = frozenset(
    {"application/vnd.openxmlformats-officedocument.obfuscatedFont", "application/x-fontdata",
     "application/x-font-ttf", "application/x-font"}
)  # fmt: skip
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/"
_CT_NS = _PKG_NS + "content-types"
_RELS_NS = _PKG_NS + "relationships"


@dataclass(frozen=True)
class _Rel:
    """A relationship as read from a .rels part."""

    r_id: str
    reltype: str
    target: str
    external: bool


def scrub_package(data: bytes, path: Path) -> bytes:
    """The reference ``data`` as a new .docx holding only the parts a document takes from it
    (``path`` names it in errors); InputError for a broken, oversized or hostile package."""
    return _Scrubber(data, path).run()


class _Scrubber:
    """One walk over a reference package's relationships, through the allow-list."""

    def __init__(self, data: bytes, path: Path) -> None:
        self._data = data
        self._path = path
        self._bytes_read = 0
        self._elements = 0
        self._kept: dict[str, tuple[str, bytes]] = {}  # partname: content type, bytes
        self._rels: dict[str, list[_Rel]] = {}  # source partname ("/" the package): kept rels

    def fail(self, what: str, member: str | None = None) -> InputError:
        """The one-line error for this reference, naming ``member`` if one is at fault."""
        where = f" ({member})" if member else ""
        text = " ".join(what.split())
        return InputError(f"reference document {str(self._path)!r}{where}: {text}")

    def run(self) -> bytes:
        """The scrubbed package's bytes."""
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                self._archive = archive
                self._members = {info.filename: info for info in archive.infolist()}
                self._walk()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
            raise self.fail(f"cannot be opened as a .docx: {exc}") from None
        except (NotImplementedError, RuntimeError) as exc:  # encrypted, or an unknown method
            raise self.fail(f"cannot be opened as a .docx: {exc}") from None
        return self._write()

    def _walk(self) -> None:
        types_xml = self._xml("[Content_Types].xml", required=True)
        self._overrides = {
            str(o.get("PartName", "")).lower(): str(o.get("ContentType", ""))
            for o in types_xml.iter(f"{{{_CT_NS}}}Override")
        }
        self._defaults = {
            str(d.get("Extension", "")).lower(): str(d.get("ContentType", ""))
            for d in types_xml.iter(f"{{{_CT_NS}}}Default")
        }
        package_rels = self._read_rels("/")
        main = [
            rel for rel in package_rels if rel.reltype == RT.OFFICE_DOCUMENT and not rel.external
        ]
        if not main:
            raise self.fail("cannot be opened as a .docx: it has no main document part")
        self._follow("/", package_rels, _PACKAGE_RELS)

    def _follow(
        self, source: str, rels: list[_Rel], allowed: dict[str, frozenset[str] | None]
    ) -> None:
        """Keep the relationships of ``source`` the allow-list has, and the parts they reach."""
        kept: list[_Rel] = []
        ids: set[str] = set()
        for rel in rels:
            if rel.reltype not in allowed or rel.r_id in ids:
                continue  # a second relationship of one id: Word refuses the file
            if rel.reltype in _ONE_PER_DOCUMENT and any(k.reltype == rel.reltype for k in kept):
                continue  # a second style table (say): python-docx refuses the file
            if rel.external:
                # A relationship that leaves the package names a file on the author's computer or
                # an address Word would fetch; only a link the reader clicks is kept.
                if rel.reltype == RT.HYPERLINK and _is_link(rel.target):
                    kept.append(rel)
                    ids.add(rel.r_id)
                continue
            if rel.reltype == RT.HYPERLINK:
                continue  # a hyperlink to a part of the package is no link
            base = "/" if source == "/" else posixpath.dirname(source)
            partname = str(PackURI.from_rel_ref(base, rel.target))
            if partname.lstrip("/") not in self._members:
                continue  # python-docx would fail on it; nothing a document needs
            content_type = self._content_type(partname)
            if not _type_fits(rel.reltype, content_type, allowed[rel.reltype]):
                continue
            kept.append(_Rel(rel.r_id, rel.reltype, partname, False))
            ids.add(rel.r_id)
            if partname in self._kept:
                continue
            if len(self._kept) >= MAX_PARTS:
                raise self.fail(f"has more than {MAX_PARTS:,} parts; a reference needs a dozen")
            if content_type in _MAIN_DOCUMENT_TYPES:
                content_type = CT.WML_DOCUMENT_MAIN  # a template or macro document's, minus macros
            self._kept[partname] = (content_type, b"")  # before the walk goes on: cycles end
            blob = self._read(partname.lstrip("/"))
            if content_type.endswith("xml"):
                root = self._parse(partname.lstrip("/"), blob)
                expected_root = _ROOTS.get(content_type)
                if expected_root is not None and root.tag != expected_root:
                    raise self.fail(
                        f"is not a Word {_part_kind(content_type)} part (its root element is "
                        f"{etree.QName(root).localname!r})",
                        partname.lstrip("/"),
                    )
            self._kept[partname] = (content_type, blob)
            part_allowed = _PART_RELS.get(content_type)
            if part_allowed:
                self._follow(partname, self._read_rels(partname), part_allowed)
        self._rels[source] = kept

    def _content_type(self, partname: str) -> str:
        override = self._overrides.get(partname.lower())
        if override is not None:
            return override
        return self._defaults.get(posixpath.splitext(partname)[1][1:].lower(), "")

    def _read_rels(self, source: str) -> list[_Rel]:
        """The relationships of ``source`` ("/" the package), as its .rels part has them."""
        folder, name = posixpath.split(source)
        member = posixpath.join(folder, "_rels", f"{name}.rels").lstrip("/")
        root = self._xml(member, required=False)
        if root is None:
            return []
        return [
            _Rel(
                r_id=str(r.get("Id", "")),
                reltype=str(r.get("Type", "")),
                target=str(r.get("Target", "")),
                external=str(r.get("TargetMode", "")) == "External",
            )
            for r in root.iter(f"{{{_RELS_NS}}}Relationship")
        ]

    def _xml(self, member: str, *, required: bool) -> Any:
        if member not in self._members:
            if required:
                raise self.fail(f"cannot be opened as a .docx: it has no {member}")
            return None
        return self._parse(member, self._read(member))

    def _read(self, member: str) -> bytes:
        """The bytes of ``member``, refused before decompression if they would exceed a cap."""
        info = self._members[member]
        if info.file_size > MAX_PART_BYTES:
            raise self.fail(
                f"decompresses to {info.file_size:,} bytes, more than the "
                f"{MAX_PART_BYTES:,} a part of a reference may have",
                member,
            )
        if self._bytes_read + info.file_size > MAX_PACKAGE_BYTES:
            raise self.fail(
                f"decompresses to more than the {MAX_PACKAGE_BYTES:,} bytes a reference may have"
            )
        # zipfile stops at the size the directory declares (and then checks the CRC), so the
        # declared size checked above bounds what is decompressed.
        with self._archive.open(info) as stream:
            blob = stream.read(MAX_PART_BYTES + 1)
        if len(blob) > MAX_PART_BYTES:  # never, as zipfile works today; cheap to be sure
            raise self.fail(f"decompresses to more than {MAX_PART_BYTES:,} bytes", member)
        self._bytes_read += len(blob)
        return blob

    def _parse(self, member: str, blob: bytes) -> Any:
        """``blob`` parsed, its elements counted against the cap before they are all built."""
        try:
            if self._elements + blob.count(b"<") <= MAX_ELEMENTS and blob.startswith(_ASCII_LT):
                # Each element starts with a "<" byte in any encoding that starts so: the count
                # of those bounds the elements, and the part is parsed in one go (in C).
                root = etree.fromstring(blob, _parser())
                self._elements += int(root.xpath("count(//*)"))
            else:
                root = self._parse_counting(member, blob)
        except etree.XMLSyntaxError as exc:
            # lxml's message without its "(<string>, line 1)": the part is named already.
            raise self.fail(f"is not well-formed XML: {exc.msg or exc}", member) from None
        except etree.LxmlError as exc:
            raise self.fail(f"cannot be read as XML: {exc}", member) from None
        if root is None:
            raise self.fail("is empty", member)
        if root.getroottree().docinfo.doctype:
            # Word never writes one; a document type declaration is where entity bombs live.
            raise self.fail("has a document type declaration (<!DOCTYPE>)", member)
        return root

    def _parse_counting(self, member: str, blob: bytes) -> Any:
        """``blob`` parsed element by element, stopped once the cap is passed."""
        root: Any = None
        for _, element in etree.iterparse(
            io.BytesIO(blob),
            events=("start",),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        ):
            if root is None:
                root = element
            self._elements += 1
            if self._elements > MAX_ELEMENTS:
                raise self.fail(
                    f"has more than {MAX_ELEMENTS:,} XML elements; a reference needs its "
                    "styles, headers and footers only: save an empty document with them",
                    member,
                )
        return root

    def _write(self) -> bytes:
        """A .docx of the kept parts, their kept relationships and their content types."""
        types = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
        etree.SubElement(
            types, f"{{{_CT_NS}}}Default", Extension="rels", ContentType=CT.OPC_RELATIONSHIPS
        )
        for partname, (content_type, _) in self._kept.items():
            etree.SubElement(
                types, f"{{{_CT_NS}}}Override", PartName=partname, ContentType=content_type
            )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("[Content_Types].xml", _xml_bytes(types))
            for source, rels in self._rels.items():
                folder, name = posixpath.split(source)
                member = posixpath.join(folder, "_rels", f"{name}.rels").lstrip("/")
                archive.writestr(member, _rels_bytes(source, rels))
            for partname, (_, blob) in self._kept.items():
                archive.writestr(partname.lstrip("/"), blob)
        return buffer.getvalue()


_ASCII_LT = (b"<", b"\xef\xbb\xbf<", b"\xff\xfe<", b"\xfe\xff\x00<")
"""How a part starts when its "<" is the byte 0x3C: UTF-8 (with or without a BOM), UTF-16."""


def _parser() -> etree.XMLParser:
    """libxml2 with its limits (256 levels deep, 10 MB in one text node), no entities, no DTD,
    no network: the same as python-docx's parser but for those."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _type_fits(reltype: str, content_type: str, expected: frozenset[str] | None) -> bool:
    """Whether a part of ``content_type`` is what a ``reltype`` relationship should reach."""
    if expected is not None:
        return content_type in expected
    if reltype == RT.IMAGE:
        return content_type.startswith("image/")
    if reltype == RT.FONT:
        return content_type in _FONT_TYPES
    return False


def _part_kind(content_type: str) -> str:
    name = content_type.rsplit(".", 1)[-1].split("+", 1)[0]
    return {"main": "document"}.get(name, name)


def _rels_bytes(source: str, rels: list[_Rel]) -> bytes:
    root = etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS})
    base = "/" if source == "/" else posixpath.dirname(source)
    for rel in rels:
        attributes = {"Id": rel.r_id, "Type": rel.reltype}
        if rel.external:
            attributes.update(Target=rel.target, TargetMode="External")
        else:
            attributes["Target"] = PackURI(rel.target).relative_ref(base)
        etree.SubElement(root, f"{{{_RELS_NS}}}Relationship", attributes)
    return _xml_bytes(root)


def _xml_bytes(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
