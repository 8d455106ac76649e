"""What a DOCX takes from its reference document, and the document-wide parts the writer sets.

The reference .docx (pandoc's convention) supplies styles, fonts, page size, margins, header and
footer. These helpers look styles up with a warned fallback, set the document language where Word's
spellchecker reads it, write clean core and extended properties, and make sure the footer numbers
pages.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from dataclasses import dataclass
from typing import Any

from babel.core import get_global
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.exceptions import InvalidXmlError
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Pt
from docx.styles.style import StyleFactory

GENERATOR = "advocacy-docs"

PARAGRAPH_STYLES = (
    "Normal", "Body Text", "Title", "Heading 1", "Heading 2", "Heading 3",
    "Sender", "Recipient", "Date", "Subject", "Salutation", "Closing", "Signature",
    "Summary", "Timeline", "Numbered Paragraph", "Note", "Lead", "Footnote Text",
    "Block Text", "Caption", "List Number", "List Bullet", "Footer",
)  # fmt: skip
"""Paragraph styles the writer uses; a reference document should define each of them."""

CHARACTER_STYLES = ("Hyperlink", "Footnote Reference")
"""Character styles the writer uses."""

TABLE_STYLES = ("Table Grid",)
"""Table styles the writer uses."""

FALLBACK_PARAGRAPH_STYLE = "Normal"

_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>" + GENERATOR.encode() + b"</Application>"
    b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

_ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
_LANG_SUCCESSORS = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_EAST_ASIAN = frozenset({"zh", "ja", "ko"})
_RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "ckb", "dv", "sd", "ug"})
_WORD_DEFAULT_SIZE = Pt(10)  # what Word uses when neither styles nor defaults give a size


class ReferenceStyleWarning(UserWarning):
    """The reference document lacks a style the writer uses; a fallback is used instead."""


_STYLE_TYPES = {
    "paragraph": WD_STYLE_TYPE.PARAGRAPH,
    "character": WD_STYLE_TYPE.CHARACTER,
    "table": WD_STYLE_TYPE.TABLE,
    "numbering": WD_STYLE_TYPE.LIST,
}


@dataclass(frozen=True)
class StyleRef:
    """A style as the writer applies it: by id; a default style is applied by naming none."""

    style_id: str | None  # None: a style Word knows by name only; the paragraph gets no style
    default: bool = False


@dataclass(frozen=True)
class _StyleData:
    """What font size lookups need of one ``w:style``: its type, size and base style id."""

    style_type: Any
    size: Any  # a python-docx Length, or None
    based_on: str | None


class StyleIndex:
    """What the writer needs of a style table, read once: styles by name or id, font sizes.

    ``elements`` keeps the ``w:style`` elements for StyleSheet's python-docx style objects. An
    index made by ``shared`` keeps none: plain data, it serves every document made from the same
    reference, in any thread, and no document's edits can reach it.
    """

    def __init__(self, styles: Any) -> None:
        self.refs: dict[tuple[Any, str], StyleRef] = {}
        self.elements: dict[tuple[Any, str], Any] = {}
        self._by_id: dict[str, _StyleData] = {}
        self._default_paragraph: _StyleData | None = None
        elements = list(styles.iterchildren(qn("w:style")))
        defaults: dict[Any, Any] = {}  # of each type, the last style marked default counts
        for element in elements:
            style_type = _STYLE_TYPES.get(element.get(qn("w:type"), "paragraph"))
            if style_type is not None and element.get(qn("w:default")) in ("1", "true", "on"):
                defaults[style_type] = element
        for element in elements:
            style_type = _STYLE_TYPES.get(element.get(qn("w:type"), "paragraph"))
            style_id = element.get(qn("w:styleId"))
            data = _StyleData(style_type, _font_size(element), _based_on(element))
            if style_id is not None:
                self._by_id.setdefault(style_id, data)
            if element is defaults.get(WD_STYLE_TYPE.PARAGRAPH):
                self._default_paragraph = data
            name = element.find(qn("w:name"))
            for key in (name.get(qn("w:val")) if name is not None else None, style_id):
                if key and style_type is not None:
                    self.elements.setdefault((style_type, key.lower()), element)
        for key, element in self.elements.items():
            ref = StyleRef(element.get(qn("w:styleId")), element is defaults.get(key[0]))
            self.refs[key] = ref
        half_points = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
        self._default_size = (
            Pt(int(half_points[0]) / 2)
            if half_points and str(half_points[0]).isdigit()
            else _WORD_DEFAULT_SIZE
        )

    @classmethod
    def shared(cls, styles: Any) -> StyleIndex:
        """An index of the ``w:styles`` element ``styles`` that keeps no reference to its XML."""
        index = cls(styles)
        index.elements = {}
        return index

    def find(self, style_type: Any, name: str) -> StyleRef | None:
        """The style of ``style_type`` (a WD_STYLE_TYPE) named or with id ``name``, or None."""
        key = (style_type, name.lower())
        return self.refs.get(key) or self.refs.get((style_type, key[1].replace(" ", "")))

    def font_size(self, style_id: str | None) -> Any:
        """The font size of text in a paragraph whose style id is ``style_id``, as Word finds it:
        the style (the default paragraph style if there is none), its bases, the defaults."""
        data = self._by_id.get(style_id) if style_id else None
        if data is None or data.style_type != WD_STYLE_TYPE.PARAGRAPH:
            data = self._default_paragraph
        seen: set[int] = set()
        while data is not None and id(data) not in seen:  # a cycle of basedOn ends the search
            if data.size is not None:
                return data.size
            seen.add(id(data))
            data = self._by_id.get(data.based_on) if data.based_on is not None else None
        return self._default_size


class StyleSheet:
    """Styles of one document, looked up by name as Word shows it, case-insensitively.

    The writer applies styles by id (``*_ref``, ``apply_*``), which works from an index shared by
    all documents of a reference; ``find``, ``paragraph``, ``character`` and ``table`` give
    python-docx style objects, for tools that edit the document's own style table.
    """

    def __init__(self, document: Any, index: StyleIndex | None = None) -> None:
        # Read the style table's XML once; python-docx's style proxies cost ~10 ms a document.
        self._index = index if index is not None else StyleIndex(document.styles.element)
        self._proxies: dict[Any, Any] = {}
        self._warned: set[str] = set()

    def paragraph_ref(self, name: str) -> StyleRef | None:
        """The paragraph style ``name``, else "Normal" (with a warning), else None."""
        style = self._index.find(WD_STYLE_TYPE.PARAGRAPH, name)
        if style is None:
            self._warn(name, "paragraph", FALLBACK_PARAGRAPH_STYLE)
            style = self._index.find(WD_STYLE_TYPE.PARAGRAPH, FALLBACK_PARAGRAPH_STYLE)
        return style

    def character_ref(self, name: str) -> StyleRef | None:
        """The character style ``name``, or None (with a warning); callers format directly then."""
        style = self._index.find(WD_STYLE_TYPE.CHARACTER, name)
        if style is None:
            self._warn(name, "character", "direct formatting")
        return style

    def optional_character_ref(self, name: str) -> StyleRef | None:
        """The character style ``name``, or None without a warning: a style the reference may
        leave out, the writer's formatting being enough without it."""
        return self._index.find(WD_STYLE_TYPE.CHARACTER, name)

    def table_ref(self, name: str) -> StyleRef | None:
        """The table style ``name``, or None (with a warning): Word's plain table then."""
        style = self._index.find(WD_STYLE_TYPE.TABLE, name)
        if style is None:
            self._warn(name, "table", "a plain table")
        return style

    def apply_paragraph(self, paragraph: Any, name: str) -> None:
        """Give ``paragraph`` the paragraph style ``name`` (or the fallback)."""
        style = self.paragraph_ref(name)
        if style is not None:
            # By id on the XML: python-docx's `paragraph.style = …` searches the whole style
            # table for the default style on every assignment, a third of the writer's time.
            paragraph._p.style = style.style_id

    def apply_run(self, run: Any, style: StyleRef) -> None:
        """Give ``run`` the character style ``style`` (a style of this document)."""
        run._r.style = style.style_id

    def apply_table(self, table: Any, style: StyleRef) -> None:
        """Give ``table`` the table style ``style``; the default style is named by none."""
        table._tbl.tblStyle_val = None if style.default else style.style_id

    def font_size(self, style_id: str | None) -> Any:
        """The font size of text in a paragraph of style id ``style_id``, following basedOn."""
        return self._index.font_size(style_id)

    def find(self, style_type: Any, name: str) -> Any:
        """The python-docx style of ``style_type`` named or with id ``name``, or None."""
        key = name.lower()
        element = self._index.elements.get((style_type, key))
        if element is None:
            element = self._index.elements.get((style_type, key.replace(" ", "")))
        if element is None:
            if self._index.find(style_type, name) is not None:
                raise TypeError("the styles of a shared reference document are read-only")
            return None
        if element not in self._proxies:
            self._proxies[element] = StyleFactory(element)
        return self._proxies[element]

    def paragraph(self, name: str) -> Any:
        """The python-docx paragraph style ``name``, else "Normal" (with a warning), else None."""
        style = self.find(WD_STYLE_TYPE.PARAGRAPH, name)
        if style is None:
            self._warn(name, "paragraph", FALLBACK_PARAGRAPH_STYLE)
            style = self.find(WD_STYLE_TYPE.PARAGRAPH, FALLBACK_PARAGRAPH_STYLE)
        return style

    def character(self, name: str) -> Any:
        """The python-docx character style ``name``, or None (with a warning)."""
        style = self.find(WD_STYLE_TYPE.CHARACTER, name)
        if style is None:
            self._warn(name, "character", "direct formatting")
        return style

    def table(self, name: str) -> Any:
        """The python-docx table style ``name``, or None (with a warning)."""
        style = self.find(WD_STYLE_TYPE.TABLE, name)
        if style is None:
            self._warn(name, "table", "a plain table")
        return style

    def _warn(self, name: str, kind: str, fallback: str) -> None:
        if name in self._warned:
            return
        self._warned.add(name)
        warnings.warn(
            f"the reference document has no {kind} style {name!r}; using {fallback} instead",
            ReferenceStyleWarning,
            stacklevel=4,
        )


def _font_size(style: Any) -> Any:
    """The size a ``w:style`` sets itself, or None (also for a value Word could not read)."""
    r_pr = style.find(qn("w:rPr"))
    try:
        return r_pr.sz_val if r_pr is not None else None
    except (ValueError, InvalidXmlError):
        return None


def _based_on(style: Any) -> str | None:
    based_on = style.find(qn("w:basedOn"))
    return None if based_on is None else based_on.get(qn("w:val"))


@dataclass(frozen=True)
class WordLanguage:
    """A language as Word's ``w:lang`` wants it: a tag with a region, and which script slot."""

    tag: str
    east_asian: bool = False
    right_to_left: bool = False

    def attributes(self) -> dict[str, str]:
        """The ``w:lang`` attributes that mark text in this language."""
        attrs = {qn("w:val"): self.tag}
        if self.east_asian:
            attrs[qn("w:eastAsia")] = self.tag
        if self.right_to_left:
            attrs[qn("w:bidi")] = self.tag
        return attrs


def word_language(lang: str) -> WordLanguage | None:
    """The Word language for a BCP 47 tag ("uk" -> "uk-UA"); None for an empty tag."""
    parts = [p for p in lang.strip().replace("_", "-").split("-") if p]
    if not parts:
        return None
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next(
        (p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), None
    )
    if region is None:
        # Word's proofing tools are per language *and* region; "uk" alone may not pick a dictionary.
        likely = get_global("likely_subtags").get(f"{language}_{script}" if script else language)
        region = str(likely).split("_")[-1] if likely else None
    tag = "-".join(p for p in (language, script, region) if p)
    return WordLanguage(tag, language in _EAST_ASIAN, language in _RIGHT_TO_LEFT)


def set_run_language(run: Any, language: WordLanguage) -> None:
    """Mark ``run`` (a python-docx Run) as text in ``language``."""
    _set_lang(run._r.get_or_add_rPr(), language)


def set_document_language(document: Any, language: WordLanguage) -> None:
    """Make ``language`` the language of all text that does not say otherwise.

    Word's spellchecker reads ``w:lang`` from the run, then its styles, then the document defaults,
    so the defaults get the language and any style that names a language is switched to it too.
    """
    set_styles_language(document.styles.element, language)
    set_settings_language(document.settings.element, language)


def set_styles_language(styles: Any, language: WordLanguage) -> None:
    """Make ``language`` the default language of the ``w:styles`` element ``styles``, and of
    each of its styles that names one."""
    r_pr = _get_or_add_path(styles, ("w:docDefaults", "w:rPrDefault", "w:rPr"))
    _set_lang(r_pr, language)
    for lang in styles.iter(qn("w:lang")):
        for name, value in language.attributes().items():
            lang.set(name, value)


def set_settings_language(settings: Any, language: WordLanguage) -> None:
    """Make ``language`` the theme fonts' language in the ``w:settings`` element ``settings``."""
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language.tag)


def set_core_properties(
    document: Any,
    *,
    title: str,
    subject: str,
    author: str,
    keywords: str,
    language: str,
    date: _dt.datetime,
) -> None:
    """Replace all core properties of ``document`` with these: none of the reference's remain."""
    props = document.core_properties
    element = props._element  # python-docx offers no way to remove a property (lastPrinted, ...)
    for child in list(element):
        element.remove(child)
    when = date.astimezone(_dt.UTC).replace(tzinfo=None) if date.tzinfo else date
    props.title = _limit(title)
    props.subject = _limit(subject)
    props.author = _limit(author or GENERATOR)
    props.keywords = _limit(keywords)
    props.language = _limit(language)
    props.last_modified_by = GENERATOR
    props.revision = 1
    props.created = when
    props.modified = when


def replace_app_properties(document: Any) -> None:
    """Replace docProps/app.xml (application name, page and word counts of the reference)."""
    for part in document.part.package.iter_parts():
        if part.content_type == CT.OFC_EXTENDED_PROPERTIES:
            part._blob = _APP_XML  # a plain Part: its bytes are what gets saved


def drop_thumbnail(document: Any) -> None:
    """Remove the reference document's preview picture, which would show the wrong document."""
    rels = document.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


def clean_settings(document: Any) -> None:
    """Drop settings that would mislead Word or leak where the reference document came from."""
    settings_part = document.part.part_related_by(RT.SETTINGS)
    settings = settings_part.element
    for proof_state in settings.findall(qn("w:proofState")):
        # "spelling clean" tells Word the text was already checked; ours never was.
        settings.remove(proof_state)
    for template in settings.findall(qn("w:attachedTemplate")):
        # The template path names a folder on the reference author's computer.
        r_id = template.get(qn("r:id"))
        settings.remove(template)
        if (
            r_id
            and r_id in settings_part.rels
            and (settings_part.rels[r_id].reltype == _ATTACHED_TEMPLATE)
        ):
            del settings_part.rels[r_id]


def ensure_page_numbers(section: Any, styles: StyleSheet) -> None:
    """Give ``section`` a footer with a centred PAGE field unless its footer already has one."""
    footer = section.footer
    if footer.is_linked_to_previous:
        footer.is_linked_to_previous = False
    if has_page_field(footer._element):  # the footer's w:ftr element
        return
    paragraphs = footer.paragraphs
    last = paragraphs[-1] if paragraphs else None
    paragraph = last if last is not None and not last._p.r_lst and not last.text else None
    if paragraph is None:
        paragraph = footer.add_paragraph()
    styles.apply_paragraph(paragraph, "Footer")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph._p.append(page_field())


def page_field() -> Any:
    """A ``w:fldSimple`` PAGE field; the "1" is what shows until the viewer updates it."""
    field = OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "})
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def has_page_field(element: Any) -> bool:
    """True when ``element`` contains a PAGE field, simple or complex."""
    instructions = element.xpath(".//w:fldSimple/@w:instr") + element.xpath(".//w:instrText/text()")
    return any(str(i).split()[:1] == ["PAGE"] for i in instructions)


def _set_lang(r_pr: Any, language: WordLanguage) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, *_LANG_SUCCESSORS)
    for name, value in language.attributes().items():
        lang.set(name, value)


def _get_or_add_path(parent: Any, tags: tuple[str, ...]) -> Any:
    for tag in tags:
        child = parent.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            # Each of these comes first among its siblings in the schema.
            parent.insert(0, child)
        parent = child
    return parent


def _limit(text: str) -> str:
    # Core properties are limited to 255 characters by python-docx (and by Word's dialog).
    return text if len(text) <= 255 else text[:254] + "…"
