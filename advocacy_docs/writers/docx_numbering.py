"""Real Word numbering for HTML lists and legal paragraph numbering.

Each ``<ol>``/``<ul>`` gets its own ``w:abstractNum`` and ``w:num``, and every ``w:num`` of an
ordered list carries a ``w:startOverride``. Word continues the count across all ``w:num`` that
share an abstract definition unless told otherwise (why the "List Number" style alone numbers two
lists 1-6 instead of 1-3, 1-3), and LibreOffice keys lists on ``w:num``; a private definition plus
an explicit start restarts the count in both. Paragraphs with the ``numbered`` role share one
``w:num`` for the whole document, so they run 1., 2., 3. across headings and other blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.parts.numbering import NumberingPart

LEVELS = 9
"""Word's number of list levels; deeper HTML nesting stays at the last level."""

INDENT_STEP = 567  # twips: 1 cm per level
HANGING = 425  # twips: 0.75 cm, room for "10." before the text
BULLETS = ("\u2022", "\u25e6", "\u25aa")  # bullet, white bullet, small square, cycling by level

_NUMBERING_FOLLOWERS = ("w:num", "w:numIdMacAtCleanup")
_NUM_FOLLOWERS = ("w:numIdMacAtCleanup",)


@dataclass(frozen=True)
class ListLevel:
    """Where one list paragraph sits: which ``w:num`` and which level inside it."""

    num_id: int
    ilvl: int

    @property
    def indent(self) -> int:
        """Left indent of text at this level, in twips."""
        return level_indent(self.ilvl)


def level_indent(ilvl: int) -> int:
    """Left indent of text at list level ``ilvl``, in twips."""
    return INDENT_STEP * (ilvl + 1)


class Numbering:
    """Adds list definitions to a document's numbering part, creating the part when absent."""

    def __init__(self, document_part: Any) -> None:
        self._root = _numbering_root(document_part)
        self._next_abstract = _next_id(self._root, "w:abstractNum", "w:abstractNumId")
        self._next_num = _next_id(self._root, "w:num", "w:numId")
        self._legal_num: int | None = None

    def new_list(self, *, ordered: bool, ilvl: int, start: int = 1) -> ListLevel:
        """A fresh list whose first item at level ``ilvl`` is numbered ``start`` (or bulleted)."""
        ilvl = min(ilvl, LEVELS - 1)
        abstract_id = self._add_abstract(_list_levels(ordered))
        num_id = self._add_num(abstract_id, {ilvl: start} if ordered else {})
        return ListLevel(num_id, ilvl)

    def legal(self) -> ListLevel:
        """The numbering every ``numbered`` paragraph shares: 1., 2., 3. across the document."""
        if self._legal_num is None:
            abstract_id = self._add_abstract([_legal_level()])
            self._legal_num = self._add_num(abstract_id, {0: 1})
        return ListLevel(self._legal_num, 0)

    def _add_abstract(self, levels: list[Any]) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): str(abstract_id)})
        # A stable, unique nsid: Word treats abstract definitions with equal nsid as one list.
        _append_val(abstract, "w:nsid", f"{0x5A0C0000 + abstract_id:08X}")
        kind = "hybridMultilevel" if len(levels) > 1 else "singleLevel"
        _append_val(abstract, "w:multiLevelType", kind)
        for level in levels:
            abstract.append(level)
        _insert_before(self._root, abstract, _NUMBERING_FOLLOWERS, after="w:abstractNum")
        return abstract_id

    def _add_num(self, abstract_id: int, starts: dict[int, int]) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = OxmlElement("w:num", {qn("w:numId"): str(num_id)})
        _append_val(num, "w:abstractNumId", str(abstract_id))
        for ilvl, start in sorted(starts.items()):
            override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): str(ilvl)})
            _append_val(override, "w:startOverride", str(start))
            num.append(override)
        _insert_before(self._root, num, _NUM_FOLLOWERS, after="w:num")
        return num_id


def set_num_pr(paragraph: Any, num_id: int, ilvl: int) -> None:
    """Number ``paragraph`` (a python-docx Paragraph) with list ``num_id`` at level ``ilvl``.

    ``num_id`` 0 means "no number", which also cancels numbering a list style would bring.
    """
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = p_pr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def _list_levels(ordered: bool) -> list[Any]:
    return [_list_level(ilvl, ordered) for ilvl in range(LEVELS)]


def _list_level(ilvl: int, ordered: bool) -> Any:
    if ordered:
        fmt, text = "decimal", f"%{ilvl + 1}."
    else:
        fmt, text = "bullet", BULLETS[ilvl % len(BULLETS)]
    return _level(ilvl, fmt, text, indent=(level_indent(ilvl), HANGING))


def _legal_level() -> Any:
    # No indent here: the reference document's "Numbered Paragraph" style decides it.
    return _level(0, "decimal", "%1.", indent=None)


def _level(ilvl: int, fmt: str, text: str, indent: tuple[int, int] | None) -> Any:
    lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(ilvl)})
    _append_val(lvl, "w:start", "1")
    _append_val(lvl, "w:numFmt", fmt)
    _append_val(lvl, "w:lvlText", text)
    _append_val(lvl, "w:lvlJc", "left")
    if indent is not None:
        left, hanging = indent
        p_pr = OxmlElement("w:pPr")
        p_pr.append(OxmlElement("w:ind", {qn("w:left"): str(left), qn("w:hanging"): str(hanging)}))
        lvl.append(p_pr)
    return lvl


def _append_val(parent: Any, tag: str, val: str) -> None:
    parent.append(OxmlElement(tag, {qn("w:val"): val}))


def _insert_before(root: Any, child: Any, followers: tuple[str, ...], *, after: str) -> None:
    """Insert ``child`` after the last ``after`` sibling, keeping the schema's element order."""
    same = root.findall(qn(after))
    if same:
        same[-1].addnext(child)
        return
    for tag in followers:
        found = root.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    root.append(child)


def _next_id(root: Any, tag: str, attr: str) -> int:
    ids = [int(v) for v in (el.get(qn(attr)) for el in root.findall(qn(tag))) if v and v.isdigit()]
    return max(ids, default=0) + 1


def _numbering_root(document_part: Any) -> Any:
    """The ``w:numbering`` element, adding an empty numbering part if the document has none."""
    try:
        return document_part.part_related_by(RT.NUMBERING).element
    except KeyError:
        pass
    # python-docx cannot create a numbering part itself (NumberingPart.new is not implemented).
    element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
    partname = PackURI("/word/numbering.xml")
    part = NumberingPart(partname, CT.WML_NUMBERING, element, document_part.package)
    document_part.relate_to(part, RT.NUMBERING)
    return element
