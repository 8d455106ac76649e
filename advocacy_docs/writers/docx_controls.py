"""Word content controls for the fields a lawyer must fill, and the glossary their placeholders
are kept in.

A field becomes an inline structured document tag (``w:sdt``, ECMA-376 Part 1 §17.5.2) whose
content is its placeholder text, marked as such by ``w:showingPlcHdr`` (§17.5.2.39): Word selects
the whole placeholder on a click and replaces it with what the lawyer types, formatted as the
control's own ``w:rPr`` says (§17.5.2.27), so that typed text is not highlighted. ``w:placeholder``
(§17.5.2.25) names a building block of the glossary document (``word/glossary/document.xml``),
gallery "placeholder", type ``bbPlcHdr``, holding the same text, as Word itself writes them: Word
shows it again when the lawyer empties the control (without one the standard has five no-break
spaces shown). Plain-text controls (``w:text``) are what LibreOffice 7.5 and later read as content
controls; LibreOffice 7.4 reads them as input fields showing the same text.

Nothing is random: controls are numbered from 1, skipping ids the reference document uses, and a
building block is named by a hash of its content, so the same input gives the same bytes.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import OxmlElement
from lxml import etree

GLOSSARY_PARTNAME = "/word/glossary/document.xml"
TITLE_LIMIT = 64
"""Characters of a label kept in a control's title (shown on a tab above it) and tag."""

_CATEGORY = "General"  # the category Word files placeholder building blocks under
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://advocacy-docs/placeholder")
"""Building blocks are named by a name-based UUID of their content in this namespace."""


class Controls:
    """The content controls of one document: their ids, and the building blocks of their
    placeholders, written to the glossary document by ``finish``."""

    def __init__(self, document: Any, ids_in_use: frozenset[int]) -> None:
        self._document = document
        self._ids: Iterator[int] = (i for i in itertools.count(1) if i not in ids_in_use)
        self._blocks: dict[str, Any] = {}  # building block name: its w:docPart, in first use

    def add(
        self,
        parent: Any,
        title: str,
        text: str,
        fill: Callable[[Any], None],
        *,
        plain: bool,
        typed_rpr: Any | None,
    ) -> Any:
        """Append to ``parent`` a control titled ``title`` (one line) showing placeholder
        ``text``; ``fill`` writes its runs into the ``w:sdtContent`` it is given. ``typed_rpr``
        formats what the lawyer types."""
        sdt = OxmlElement("w:sdt")
        parent.append(sdt)
        properties = OxmlElement("w:sdtPr")
        sdt.append(properties)
        if typed_rpr is not None:
            properties.append(typed_rpr)
        name = _limit(title)
        properties.append(OxmlElement("w:alias", {qn("w:val"): name}))
        properties.append(OxmlElement("w:tag", {qn("w:val"): name}))
        properties.append(OxmlElement("w:id", {qn("w:val"): str(next(self._ids))}))
        placeholder = OxmlElement("w:placeholder")
        properties.append(placeholder)
        properties.append(OxmlElement("w:showingPlcHdr"))
        if plain:
            multiline = {qn("w:multiLine"): "1"} if "\n" in text else None
            properties.append(OxmlElement("w:text", multiline))
        content = OxmlElement("w:sdtContent")
        sdt.append(content)
        fill(content)
        run_properties = content.find(f".//{qn('w:rPr')}")
        block = self._block(text, run_properties)
        placeholder.append(OxmlElement("w:docPart", {qn("w:val"): block}))
        return sdt

    def finish(self) -> None:
        """Write the placeholders' building blocks to the document's glossary document, its
        own (a reference document's glossary is never carried over: docx_reference)."""
        if not self._blocks:
            return  # a document without fields gets no glossary
        root = OxmlElement("w:glossaryDocument")
        self._merge(root)
        package = self._document.part.package
        names = {str(p.partname) for p in package.iter_parts()}
        partname = (
            PackURI(GLOSSARY_PARTNAME)
            if GLOSSARY_PARTNAME not in names
            else package.next_partname("/word/glossary/document%d.xml")
        )
        part = Part(partname, CT.WML_DOCUMENT_GLOSSARY, serialize_part_xml(root), package)
        self._document.part.relate_to(part, RT.GLOSSARY_DOCUMENT)

    def _merge(self, root: Any) -> None:
        """Add the building blocks to the ``w:glossaryDocument`` ``root``, but those it has."""
        doc_parts = root.find(qn("w:docParts"))
        if doc_parts is None:
            doc_parts = OxmlElement("w:docParts")
            root.append(doc_parts)
        present = {str(v) for v in _xpath(doc_parts, "w:docPart/w:docPartPr/w:name/@w:val")}
        for name, block in self._blocks.items():
            if name not in present:
                doc_parts.append(copy.deepcopy(block))

    def _block(self, text: str, run_properties: Any | None) -> str:
        """The name of the building block holding ``text`` in ``run_properties`` (but their
        character style, which would name a style of the glossary's own, which it has none of)."""
        run = OxmlElement("w:r")
        if run_properties is not None:
            properties = copy.deepcopy(run_properties)
            for style in properties.findall(qn("w:rStyle")):
                properties.remove(style)
            if len(properties):
                run.append(properties)
        run.text = text  # python-docx's CT_R: "\n" becomes w:br, spaces are preserved
        key = uuid.uuid5(_NAMESPACE, etree.tostring(run, method="c14n").decode("utf-8"))
        name = key.hex.upper()  # how Word names the building blocks of its custom placeholders
        if name not in self._blocks:
            self._blocks[name] = _doc_part(name, "{" + str(key).upper() + "}", run)
        return name


def _doc_part(name: str, guid: str, run: Any) -> Any:
    """A ``w:docPart`` named ``name``: a placeholder building block of one paragraph, ``run``."""
    doc_part = OxmlElement("w:docPart")
    properties = OxmlElement("w:docPartPr")
    doc_part.append(properties)
    properties.append(OxmlElement("w:name", {qn("w:val"): name}))
    category = OxmlElement("w:category")
    category.append(OxmlElement("w:name", {qn("w:val"): _CATEGORY}))
    category.append(OxmlElement("w:gallery", {qn("w:val"): "placeholder"}))
    properties.append(category)
    types = OxmlElement("w:types")
    types.append(OxmlElement("w:type", {qn("w:val"): "bbPlcHdr"}))
    properties.append(types)
    behaviors = OxmlElement("w:behaviors")
    behaviors.append(OxmlElement("w:behavior", {qn("w:val"): "content"}))
    properties.append(behaviors)
    properties.append(OxmlElement("w:guid", {qn("w:val"): guid}))
    body = OxmlElement("w:docPartBody")
    paragraph = OxmlElement("w:p")
    paragraph.append(run)
    body.append(paragraph)
    doc_part.append(body)
    return doc_part


def control_ids(document: Any) -> frozenset[int]:
    """The ids of the content controls in ``document``'s XML parts (its header, say)."""
    ids: set[int] = set()
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if isinstance(element, etree._Element):
            values = _xpath(element, "//w:sdtPr/w:id/@w:val")
            ids.update(int(v) for v in values if word_number(str(v)))
    return frozenset(ids)


def word_number(text: str) -> bool:
    """True for a decimal number Word can hold (a signed 32-bit integer): ids of a reference
    document are read by ``int()``, which refuses numbers of more than 4,300 digits."""
    digits = text[1:] if text.startswith("-") else text
    return digits.isdigit() and len(digits) <= 10 and -(2**31) <= int(text) < 2**31


def _limit(text: str) -> str:
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def _xpath(element: Any, path: str) -> list[Any]:
    return list(etree._Element.xpath(element, path, namespaces=nsmap))
