"""XLIFF 2.0 export and import of a catalog, for translators who work in CAT tools.

Export writes one ``<unit>`` per message, or for a message with plural forms one ``<group>``
holding a unit per form of the target language. Everything a translator reads in the ``.po``
comes along as notes: the ``#.`` comments (category ``developer``), the translator's own
comments (``translator``), the context (``context``; also the ``po:context`` attribute), the
source locations (``location``) and the flags (``flags``). A fuzzy translation is exported as
a target in a segment of state ``initial``; a translated one as state ``translated``.

Import reads a file back into the catalog of its ``trgLang`` and writes it through
:func:`.workflow.save`, the code ``update`` uses. The file is parsed by defusedxml with DTDs,
entities and external references refused, after a size check: no entity expansion, no network.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from babel.messages.catalog import Catalog, Message
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from lxml import etree

from ..errors import InputError
from ..regular import read_regular
from .datafile import MAX_CATALOG_BYTES, unprintable
from .localedata import SOURCE_LANGUAGE
from .workflow import Project, UpdateResult, read_catalog, save, template

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
PO_NS = "urn:advocacy-docs:gettext"
"""Our extension attributes: ``po:context`` and ``po:form`` (a plural form's index)."""
MAX_XLIFF_BYTES = 4 * MAX_CATALOG_BYTES
"""An XLIFF file is larger than its catalog (markup, notes); past this it is refused unread."""

_X = f"{{{XLIFF_NS}}}"
_CONTEXT = f"{{{PO_NS}}}context"
_FORM = f"{{{PO_NS}}}form"


def _text(value: str | tuple[str, ...] | list[str] | None, index: int = 0) -> str:
    if isinstance(value, (tuple, list)):
        return str(value[index]) if index < len(value) and value[index] else ""
    return value or ""


SubElement = etree.SubElement


def _notes(parent: etree._Element, message: Message) -> None:
    entries: list[tuple[str, str]] = []
    entries += [("developer", c) for c in message.auto_comments]
    entries += [("translator", c) for c in message.user_comments]
    if message.context is not None:
        entries.append(("context", message.context))
    entries += [("location", f"{f}:{n}" if n else f) for f, n in message.locations]
    flags = sorted(f for f in message.flags if f != "fuzzy")
    if flags:
        entries.append(("flags", ", ".join(flags)))
    if not entries:
        return
    notes = SubElement(parent, f"{_X}notes")
    for category, text in entries:
        note = SubElement(notes, f"{_X}note", {"category": category})
        note.text = text


def _segment(unit: etree._Element, source: str, target: str, fuzzy: bool) -> None:
    state = "translated" if target and not fuzzy else "initial"
    segment = SubElement(unit, f"{_X}segment", {"state": state})
    SubElement(segment, f"{_X}source").text = source
    if target:
        SubElement(segment, f"{_X}target").text = target


def export_xliff(project: Project, lang: str) -> bytes:
    """The catalog of ``lang`` in ``project`` as an XLIFF 2.0 document."""
    path = project.catalog_path(lang)
    if not path.is_file():
        raise InputError(f"{project.display(path)}: no catalog of {lang!r} to export")
    catalog = read_catalog(path)
    root = etree.Element(
        f"{_X}xliff",
        {"version": "2.0", "srcLang": SOURCE_LANGUAGE, "trgLang": lang},
        nsmap={None: XLIFF_NS, "po": PO_NS},
    )
    file = SubElement(root, f"{_X}file", {"id": "f1", "original": path.name})
    notes = SubElement(file, f"{_X}notes")
    plural = SubElement(notes, f"{_X}note", {"category": "plural-forms"})
    plural.text = catalog.plural_forms
    for number, message in enumerate((m for m in catalog if m.id), start=1):
        fuzzy = message.fuzzy
        extra = {_CONTEXT: message.context} if message.context is not None else {}
        if isinstance(message.id, (tuple, list)):
            group = SubElement(file, f"{_X}group", {"id": f"g{number}", **extra})
            _notes(group, message)
            for form in range(catalog.num_plurals):
                unit = SubElement(
                    group, f"{_X}unit", {"id": f"g{number}-{form}", _FORM: str(form), **extra}
                )
                source = str(message.id[0] if form == 0 else message.id[1])
                _segment(unit, source, _text(message.string, form), fuzzy)
        else:
            unit = SubElement(file, f"{_X}unit", {"id": f"u{number}", **extra})
            _notes(unit, message)
            _segment(unit, str(message.id), _text(message.string), fuzzy)
    body: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return body


@dataclass(frozen=True)
class Entry:
    """One message as an XLIFF file gives it."""

    context: str | None
    msgid: str
    forms: tuple[str, ...]
    fuzzy: bool
    plural: bool
    translator_comments: tuple[str, ...]
    unit: str


@dataclass(frozen=True)
class ImportResult:
    """What ``import-xliff`` did: the catalog it wrote, and the units it skipped."""

    update: UpdateResult
    skipped: tuple[str, ...]


def read_xliff(path: Path) -> tuple[str, list[Entry]]:
    """The target language and the entries of an XLIFF 2.0 file; InputError when unsafe."""
    data = read_regular(path, MAX_XLIFF_BYTES, what="the XLIFF file")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            f"{path}: refused: the XLIFF file has a DTD or entities "
            f"({type(exc).__name__}); an XLIFF file needs neither"
        ) from None
    except ParseError as exc:
        raise InputError(f"{path}: not well-formed XML: {exc}") from None
    if root.tag != f"{_X}xliff" or root.get("version") != "2.0":
        raise InputError(f'{path}: not an XLIFF 2.0 document (<xliff version="2.0"> in {XLIFF_NS})')
    if root.get("srcLang") != SOURCE_LANGUAGE:
        raise InputError(f"{path}: srcLang is {root.get('srcLang')!r}; the messages are in 'en'")
    lang = root.get("trgLang")
    if not lang:
        raise InputError(f"{path}: no trgLang: which language does the file translate into?")
    entries: list[Entry] = []
    for file in root.iter(f"{_X}file"):
        for element in file:
            if element.tag == f"{_X}unit":
                entries.append(_entry(path, element, [element], plural=False))
            elif element.tag == f"{_X}group":
                units = list(element.iter(f"{_X}unit"))
                if units:
                    entries.append(_entry(path, element, units, plural=True))
    return lang, entries


def _context(element: Element) -> str | None:
    if _CONTEXT in element.attrib:
        return element.attrib[_CONTEXT]
    for note in element.iterfind(f"{_X}notes/{_X}note"):
        if note.get("category") == "context":
            return note.text or ""
    return None


def _inline_text(path: Path, unit: str, element: Element | None) -> str:
    if element is None:
        return ""
    for child in element.iter():
        if child is not element and child.tag not in (f"{_X}mrk", f"{_X}pc"):
            name = child.tag.rsplit("}", 1)[-1]
            raise InputError(
                f"{path}: unit {unit}: <{name}> in a text; write placeholders such as "
                f"%(name)s as text"
            )
    return "".join(element.itertext())


def _entry(path: Path, holder: Element, units: list[Element], *, plural: bool) -> Entry:
    name = holder.get("id") or "?"
    sources: list[str] = []
    targets: list[str] = []
    fuzzy = False
    for unit in units:
        segment = unit.find(f"{_X}segment")
        if segment is None:
            raise InputError(f"{path}: unit {unit.get('id')}: no <segment>")
        sources.append(_inline_text(path, name, segment.find(f"{_X}source")))
        target = _inline_text(path, name, segment.find(f"{_X}target"))
        targets.append(target)
        fuzzy = fuzzy or (bool(target) and segment.get("state", "initial") == "initial")
    for text in targets:
        bad = unprintable(text)
        if bad is not None:
            raise InputError(f"{path}: unit {name}: the translation {bad}")
    comments = tuple(
        note.text or ""
        for note in holder.iterfind(f"{_X}notes/{_X}note")
        if note.get("category") == "translator"
    )
    return Entry(
        context=_context(holder),
        msgid=sources[0],
        forms=tuple(targets),
        fuzzy=fuzzy,
        plural=plural,
        translator_comments=comments,
        unit=name,
    )


def _apply(catalog: Catalog, entries: list[Entry]) -> Iterator[str]:
    """Put the entries' translations into ``catalog``; yields what was skipped, and why."""
    for entry in entries:
        message = catalog.get(entry.msgid, context=entry.context)
        if message is None:
            yield f"unit {entry.unit}: {entry.msgid[:50]!r} is not in the catalog (an older file?)"
            continue
        is_plural = isinstance(message.id, (tuple, list))
        if is_plural != entry.plural:
            yield f"unit {entry.unit}: {entry.msgid[:50]!r} has plural forms in one file only"
            continue
        if is_plural:
            if len(entry.forms) != catalog.num_plurals:
                yield (
                    f"unit {entry.unit}: {len(entry.forms)} plural form(s), but the catalog "
                    f"has {catalog.num_plurals}"
                )
                continue
            message.string = entry.forms if any(entry.forms) else ("",) * catalog.num_plurals
        else:
            message.string = entry.forms[0]
        if entry.fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        if entry.translator_comments:
            message.user_comments = list(entry.translator_comments)


def import_xliff(project: Project, path: Path) -> ImportResult:
    """Read ``path`` into the catalog of its target language, then merge and write it as
    ``update`` does."""
    project.require_writable("import-xliff")
    lang, entries = read_xliff(path)
    po = project.catalog_path(lang)
    if not po.is_file():
        raise InputError(
            f"{path}: trgLang {lang!r} has no catalog in {project.locales_dir}; start it with "
            f"`advocacy-docs i18n init {lang}` first"
        )
    catalog = read_catalog(po)
    skipped = tuple(_apply(catalog, entries))
    return ImportResult(save(po, catalog, template(project), lang), skipped)
