"""Native Word footnotes: the footnotes part, its notes, the marks and cross-references in the text.

python-docx has no footnote API, so the part is built with its OPC layer. A footnotes part
(``word/footnotes.xml``, related to the document part) holds two special notes Word requires, the
separator line and the continuation separator, then one ``w:footnote`` per note. Each note is a
paragraph in the "Footnote Text" style that starts with a ``w:footnoteRef`` (the note's own number)
in the "Footnote Reference" style; the text refers to it with a ``w:footnoteReference`` in that
style. Word numbers notes by their position in the text, so the ids only have to be unique.

A note cited again is a ``NOTEREF`` field to a hidden ``_Ref…`` bookmark around the first
reference mark, the way Word's own cross-references are made: Word and LibreOffice show the note's
number and keep it right when notes are added or moved.

If the reference document already has a footnotes part (Word's documents usually do), it is kept
with its separators, which may carry the reference author's own separator line, and its notes are
removed: they belonged to the reference's text.
"""

from __future__ import annotations

import re
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.parser import OxmlElement
from docx.parts.story import StoryPart
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from .docx_styles import StyleSheet

FOOTNOTE_TEXT_STYLE = "Footnote Text"
FOOTNOTE_REFERENCE_STYLE = "Footnote Reference"
FOOTNOTES_PARTNAME = "/word/footnotes.xml"
SEPARATOR = "separator"
CONTINUATION_SEPARATOR = "continuationSeparator"
SPECIAL_TYPES = (SEPARATOR, CONTINUATION_SEPARATOR, "continuationNotice")
"""Footnote types that are no note: the lines between text and notes, and Word's notice."""

BOOKMARK_PREFIX = "_Ref"  # Word's prefix for hidden cross-reference bookmarks
BOOKMARK_MAX = 40  # Word's limit on bookmark names

_EMPTY_FOOTNOTES = (
    f"<w:footnotes {nsdecls('w', 'r', 'wp', 'a', 'pic')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)
# Children of w:settings that come after w:footnotePr, in schema order.
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
_NOT_IN_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")


class FootnotesPart(StoryPart):
    """``word/footnotes.xml``: a story part, so notes can hold links and pictures of their own."""

    @classmethod
    def new(cls, package: Any) -> FootnotesPart:
        """An empty footnotes part: the separator and the continuation separator only."""
        partnames = {str(part.partname) for part in package.iter_parts()}
        name = FOOTNOTES_PARTNAME
        if name in partnames:
            name = str(package.next_partname("/word/footnotes%d.xml"))
        return cls(PackURI(name), CT.WML_FOOTNOTES, parse_xml(_EMPTY_FOOTNOTES), package)


class Footnotes:
    """The footnotes of one document: adds notes, marks and cross-references to them.

    The footnotes part is created on the first note unless the reference document has one.
    """

    def __init__(self, document: Any, styles: StyleSheet) -> None:
        self._document_part = document.part
        self._styles = styles
        self._part = _adopt_existing(self._document_part)
        self._next_id = 1
        self._count = 0
        if self._part is not None:
            self._next_id = max([1, *(_note_id(note) + 1 for note in _notes(self._part.element))])

    @property
    def count(self) -> int:
        """How many notes were added; the last one added is shown with this number."""
        return self._count

    def add_note(self) -> tuple[int, Paragraph]:
        """A new note's id and its paragraph, which holds the note's number and a space so far."""
        part = self._get_or_add_part()
        note_id = self._next_id
        self._next_id += 1
        self._count += 1
        note = OxmlElement("w:footnote", {qn("w:id"): str(note_id)})
        part.element.append(note)
        p = OxmlElement("w:p")
        note.append(p)
        paragraph = Paragraph(p, part)
        self._styles.apply_paragraph(paragraph, FOOTNOTE_TEXT_STYLE)
        self.style_mark(paragraph.add_run())._r.append(OxmlElement("w:footnoteRef"))
        paragraph.add_run(" ")
        return note_id, paragraph

    def add_reference(self, run: Run, note_id: int) -> None:
        """Make ``run`` (an empty run in the text) the mark that refers to note ``note_id``."""
        self.style_mark(run)._r.append(
            OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)})
        )

    def style_mark(self, run: Run) -> Run:
        """Format ``run`` as a note number: "Footnote Reference", else superscript directly."""
        style = self._styles.character_ref(FOOTNOTE_REFERENCE_STYLE)
        if style is not None:
            self._styles.apply_run(run, style)
        else:
            run.font.superscript = True
        return run

    def finish(self) -> None:
        """Settle what only the whole document decides: picture ids, the settings."""
        if self._part is None:
            return
        _renumber_pictures(self._part, self._document_part)
        _declare_separators(self._document_part, self._part)

    def _get_or_add_part(self) -> FootnotesPart:
        if self._part is None:
            self._part = FootnotesPart.new(self._document_part.package)
            self._document_part.relate_to(self._part, RT.FOOTNOTES)
        return self._part


def bookmark_name(anchor: str, taken: set[str]) -> str:
    """A hidden bookmark name for the HTML id ``anchor``: ``_Ref`` and the id in letters, digits
    and underscores, at most 40 characters, not in ``taken`` (to which it is added)."""
    base = (BOOKMARK_PREFIX + _NOT_IN_BOOKMARK.sub("_", anchor))[:BOOKMARK_MAX]
    name, n = base, 1
    while name.lower() in taken:  # Word compares bookmark names case-insensitively
        n += 1
        suffix = f"_{n}"
        name = base[: BOOKMARK_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def noteref_field(bookmark: str) -> str:
    """The instruction of a field that shows the number of the note whose mark ``bookmark`` wraps.

    ``\\f`` formats the result like a note reference, ``\\h`` makes it a link to the note.
    """
    return f" NOTEREF {bookmark} \\f \\h "


def _adopt_existing(document_part: Any) -> FootnotesPart | None:
    """The reference document's footnotes part, as a FootnotesPart with its notes removed."""
    found = [(r_id, rel) for r_id, rel in document_part.rels.items()
             if rel.reltype == RT.FOOTNOTES and not rel.is_external]  # fmt: skip
    if not found:
        return None
    r_id, rel = found[0]
    if len(found) == 1 and isinstance(rel.target_part, FootnotesPart):
        return rel.target_part  # adopted already: a copy of a prepared reference document
    old = rel.target_part
    element = parse_xml(old.blob)  # python-docx loads the part as plain bytes
    for note in _notes(element):
        if note.get(qn("w:type")) not in SPECIAL_TYPES:
            element.remove(note)
    _ensure_separators(element)
    part = FootnotesPart(old.partname, CT.WML_FOOTNOTES, element, document_part.package)
    used = {str(value) for value in _xpath(element, "//@r:id | //@r:embed | //@r:link")}
    for old_id, old_rel in old.rels.items():
        if old_id in used:  # what the separators use (a picture as the separator line, say)
            target = old_rel.target_ref if old_rel.is_external else old_rel.target_part
            part.rels.add_relationship(old_rel.reltype, target, old_id, old_rel.is_external)
    for extra_id, _ in found:
        del document_part.rels[extra_id]
        document_part.rels.related_parts.pop(extra_id, None)
    document_part.rels.add_relationship(RT.FOOTNOTES, part, r_id)
    return part


def _notes(element: Any) -> list[Any]:
    return list(element.findall(qn("w:footnote")))


def _note_id(note: Any) -> int:
    try:
        return int(note.get(qn("w:id"), "0"))
    except ValueError:
        return 0


def _ensure_separators(element: Any) -> None:
    """Add the separator and continuation separator if the reference's part lacks them."""
    types = {note.get(qn("w:type")) for note in _notes(element)}
    for index, note in enumerate(_notes(parse_xml(_EMPTY_FOOTNOTES))):
        if note.get(qn("w:type")) in types:
            continue
        ids = {_note_id(n) for n in _notes(element)}
        if _note_id(note) in ids:
            note.set(qn("w:id"), str(min(ids) - 1))
        element.insert(index, note)


def _declare_separators(document_part: Any, part: FootnotesPart) -> None:
    """List the separator notes in ``w:footnotePr`` of the settings, as Word does."""
    settings = document_part.part_related_by(RT.SETTINGS).element
    special = [
        _note_id(note)
        for kind in (SEPARATOR, CONTINUATION_SEPARATOR)
        for note in _notes(part.element)
        if note.get(qn("w:type")) == kind
    ]
    footnote_pr = settings.find(qn("w:footnotePr"))
    if footnote_pr is None:
        footnote_pr = OxmlElement("w:footnotePr")
        settings.insert_element_before(footnote_pr, *_AFTER_FOOTNOTE_PR)
    for old in footnote_pr.findall(qn("w:footnote")):
        footnote_pr.remove(old)
    for note_id in special:
        footnote_pr.append(OxmlElement("w:footnote", {qn("w:id"): str(note_id)}))


def _renumber_pictures(part: FootnotesPart, document_part: Any) -> None:
    """Give pictures in notes drawing ids after the text's: Word wants them unique."""
    next_id = int(document_part.next_id)
    for doc_pr in _xpath(part.element, ".//wp:docPr"):
        doc_pr.set("id", str(next_id))
        next_id += 1


def _xpath(element: Any, path: str) -> list[Any]:
    # The footnotes root is a plain lxml element: python-docx registers no class for it.
    return list(etree._Element.xpath(element, path, namespaces=nsmap))
