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
"""

from __future__ import annotations

import copy
import io
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap, qn
from docx.package import Package
from docx.shared import Inches
from lxml import etree

from ..errors import InputError
from .docx_controls import control_ids, word_number
from .docx_notes import Footnotes
from .docx_numbering import Numbering
from .docx_styles import StyleIndex, StyleSheet, WordLanguage, set_styles_language

MAX_LANGUAGES = 16
"""Style tables kept per reference, one per document language (each ~350 KB for the bundled one)."""

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
        clear_body(document)
        styles_element = document.styles.element  # python-docx adds a style table if none
        self.styles = StyleIndex.shared(styles_element)
        styles_part = document.part.part_related_by(RT.STYLES)
        self._styles_xml: bytes = styles_part.blob
        Footnotes(document, StyleSheet(document, self.styles))  # adopts the reference's notes part
        Numbering(document.part)  # adds a numbering part if the reference has none
        self.text_width = text_width(document)
        self.first_bookmark_id = next_bookmark_id(document)
        self.control_ids = control_ids(document)  # content controls of its header, say
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
    """The bytes of the reference document at ``path``; InputError if it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            f"reference document {str(path)!r} cannot be opened as a .docx: {exc.strerror or exc}"
        ) from None


def open_reference(data: bytes, path: Path) -> Any:
    """The reference document ``data`` (read from ``path``) as a python-docx Document."""
    try:
        return docx.Document(io.BytesIO(data))
    except (OSError, PackageNotFoundError, zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise InputError(
            f"reference document {str(path)!r} cannot be opened as a .docx: {exc}"
        ) from None


def clear_body(document: Any) -> None:
    """Remove the reference document's content, keeping its page setup (the last sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _drop_unused_relationships(document)
    drop_reference_content(document)


# Parts that belong to the reference's own text: its glossary (Quick Parts, AutoText: the
# author's saved snippets) and the custom XML its fields were bound to. A document gets a
# glossary of its own placeholders only (docx_controls).
_CONTENT_RELS = (RT.GLOSSARY_DOCUMENT, RT.CUSTOM_XML)
_LINK_SCHEMES = ("http:", "https:", "mailto:")
_RELATIONSHIP_ATTRIBUTES = (qn("r:id"), qn("r:embed"), qn("r:link"), qn("r:pict"))


def drop_reference_content(document: Any) -> None:
    """Drop the reference's glossary and custom XML, and every relationship that points out of
    the package (a linked picture, a mail-merge source, an OLE link: a path on the author's
    computer, or an address Word would fetch) but links to web and e-mail addresses in its
    headers and footers; what referred to a dropped relationship no longer does."""
    part = document.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in _CONTENT_RELS:
            del part.rels[r_id]
            part.rels.related_parts.pop(r_id, None)
    settings = next((r.target_part for r in part.rels.values() if r.reltype == RT.SETTINGS), None)
    if isinstance(settings, XmlPart):
        for merge in settings.element.findall(qn("w:mailMerge")):  # the author's data source
            settings.element.remove(merge)
    for source in (part.package, *part.package.iter_parts()):
        dropped = {
            r_id
            for r_id, rel in source.rels.items()
            if rel.is_external
            and not (
                rel.reltype == RT.HYPERLINK
                and rel.target_ref.strip().lower().startswith(_LINK_SCHEMES)
            )
        }
        for r_id in dropped:
            del source.rels[r_id]
        element = getattr(source, "element", None)
        if dropped and isinstance(element, etree._Element):
            for node in element.iter():
                for name in _RELATIONSHIP_ATTRIBUTES:
                    if node.get(name) in dropped:
                        del node.attrib[name]


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
