"""A translator's preview: a kind rendered in a locale, its messages marked in place.

The preview renders as a campaigner would, with one more locale folder in front: a catalog of
the previewed language whose messages say what a document prints (the translation, or the
fallback language's text, or the English) between :data:`MARK_START` and :data:`MARK_END`,
the opening mark followed by the message's number (its index in the message template, written
in private-use digits no reader sees). ``i18n preview`` marks the messages the language lacks;
the in-context view (:mod:`.incontext`) marks every message. In HTML and PDF each marked text
becomes a ``<span>`` (class :data:`MESSAGE_CLASS` and ``data-msg="N"``, and
:data:`UNTRANSLATED_CLASS` when the language lacks it), highlighted by a stylesheet; plain
text and DOCX keep the two marks themselves, as a reader can see them there.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as _dt
import hashlib
import io
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from ..atomic import write_atomic
from ..case import load_case, load_recipients, load_senders
from ..case.parties import Recipient, Sender
from ..errors import InputError
from ..paths import examples_dir
from ..pipeline import Renderer
from ..writers import EXTENSIONS, get_writer
from ..writers.base import RenderedDocument
from ..writers.vocabulary import is_element
from . import get_localizer
from .localedata import DOMAIN, SOURCE_LANGUAGE
from .workflow import Project, read_catalog, template

MARK_START = "\u27e6"
"""Opens a marked text in a preview (⟦, MATHEMATICAL LEFT WHITE SQUARE BRACKET)."""
MARK_END = "\u27e7"
"""Closes it (⟧)."""
NUMBER_BASE = 0xE100
"""The private-use character of the digit 0 in a mark's message number (then 1 to 9)."""
UNTRANSLATED_CLASS = "x-untranslated"
"""The class of an untranslated text in a preview's HTML and PDF."""
MESSAGE_CLASS = "x-msg"
"""The class of a numbered message's text in a preview's HTML and PDF."""
MESSAGE_ATTRIBUTE = "data-msg"
"""The attribute that holds a marked text's message number."""

HIGHLIGHT_CSS = f"""\
/* advocacy-docs i18n preview: untranslated messages */
.{UNTRANSLATED_CLASS} {{
  background: #ffe45c;
  outline: 1px dashed #b00020;
  color: #5a0010;
}}
"""

MESSAGES_CSS = f"""\
/* advocacy-docs i18n in context: every message outlined, untranslated ones in another colour */
.{MESSAGE_CLASS} {{
  outline: 1px dotted #1a5fb4;
  outline-offset: 1px;
  cursor: pointer;
}}
.{MESSAGE_CLASS}:hover {{ background: #dbe9fb; }}
.{MESSAGE_CLASS}.{UNTRANSLATED_CLASS} {{
  background: #ffe45c;
  outline: 1px dashed #b00020;
  color: #5a0010;
}}
"""

PREVIEW_FORMATS = ("html", "pdf", "txt", "docx")

_DIGITS = f"[{chr(NUMBER_BASE)}-{chr(NUMBER_BASE + 9)}]"
_TOKEN = re.compile(f"({MARK_START}{_DIGITS}*|{MARK_END})")
_NUMBER = re.compile(f"{MARK_START}({_DIGITS}+)")
# A mark's characters as css_counters escapes them inside a <style> ("\27e6 ").
_CSS_MARK = re.compile(
    f"\\\\(?:{ord(MARK_START):x}|{ord(MARK_END):x}|{NUMBER_BASE >> 4:x}[0-9]) ", re.IGNORECASE
)


@dataclass(frozen=True)
class PreviewFile:
    """One file of a preview."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Preview:
    """A preview's files, the messages the locale lacks (msgctxt, msgid), and how many texts
    of this document are marked."""

    files: tuple[PreviewFile, ...]
    untranslated: tuple[tuple[str | None, str], ...]
    marked: int
    warnings: tuple[str, ...] = ()

    def save(self, folder: Path) -> list[Path]:
        """Write the files into ``folder`` (made if needed); returns their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for f in self.files:
            write_atomic(folder / f.filename, f.data)
            paths.append(folder / f.filename)
        return paths


def _translated(string: object) -> bool:
    if isinstance(string, (tuple, list)):
        return bool(string) and all(string)
    return bool(string)


def message_key(message: Message) -> tuple[str | None, str]:
    """A message's (msgctxt, msgid): what names it in every catalog."""
    return message.context, _msgid(message)


def numbered_messages(project: Project) -> list[Message]:
    """The template's messages in its order: a message's number is its index here, the same
    in every locale while the template stays as it is."""
    return [m for m in template(project) if m.id]


def missing_messages(project: Project, lang: str) -> list[Message]:
    """The template's messages that no catalog of ``lang`` (the project's, then the bundled
    one) translates, fuzzy ones included: what a document prints from elsewhere. The source
    language lacks nothing: its messages are their own text."""
    if lang == SOURCE_LANGUAGE:
        return []
    catalogs: list[Catalog] = []
    for d in project.lookup_dirs:
        path = d / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            catalogs.append(read_catalog(path))
    missing = []
    for message in numbered_messages(project):
        found = [c.get(message.id, context=message.context) for c in catalogs]
        if not any(m is not None and not m.fuzzy and _translated(m.string) for m in found):
            missing.append(message)
    return missing


def mark(text: str, number: int | None = None) -> str:
    """``text`` between the marks, the opening one followed by the message's ``number``."""
    code = "" if number is None else "".join(chr(NUMBER_BASE + int(d)) for d in str(number))
    return MARK_START + code + text + MARK_END


@dataclass(frozen=True)
class Overlay:
    """A catalog of marked messages: its bytes, the numbers it marks and the numbers of the
    messages the locale lacks."""

    data: bytes
    marked: tuple[int, ...]
    untranslated: frozenset[int]


def overlay(project: Project, lang: str, *, every: bool = False) -> Overlay:
    """A catalog of ``lang`` whose messages are marked with their numbers: those the locale
    lacks (each a marked fallback), or ``every`` message (each marked as the locale prints it).

    The texts are what the locale's chain prints today, so a locale that falls back to another
    language (crh to uk) shows that language, marked.
    """
    messages = numbered_messages(project)
    missing = {message_key(m) for m in missing_messages(project, lang)}
    untranslated = frozenset(n for n, m in enumerate(messages) if message_key(m) in missing)
    localizer = get_localizer(lang, project.lookup_dirs)
    rule = localizer.plural_forms()
    samples: dict[int, int] = {}
    for n in range(1000):
        samples.setdefault(localizer.plural_index(n), n)
    po = Catalog(locale=None, fuzzy=False)
    po.mime_headers = [("Plural-Forms", f"nplurals={rule.nplurals}; plural={rule.expr};")]
    marked = []
    for number, message in enumerate(messages):
        if not every and number not in untranslated:
            continue
        marked.append(number)
        context = message.context
        if isinstance(message.id, (tuple, list)):
            singular, plural = str(message.id[0]), str(message.id[1])
            forms = []
            for index in range(rule.nplurals):
                n = samples.get(index, 2)
                text = (
                    localizer.npgettext(context, singular, plural, n)
                    if context
                    else localizer.ngettext(singular, plural, n)
                )
                forms.append(mark(text, number))
            po.add((singular, plural), tuple(forms), context=context)
        else:
            msgid = str(message.id)
            text = localizer.pgettext(context, msgid) if context else localizer.gettext(msgid)
            po.add(msgid, mark(text, number), context=context)
    buf = io.BytesIO()
    write_po(buf, po, width=0)
    return Overlay(buf.getvalue(), tuple(marked), untranslated)


_cache_lock = threading.Lock()
_cache_root: list[Path] = []


def _stored(name: str, data: bytes) -> Path:
    """``data`` in a file of this process's preview folder, named by its content: a catalog
    rendered again (after each edit of a translation) is parsed once, and the localizer cached
    for it is the same one."""
    with _cache_lock:
        if not _cache_root:
            root = Path(tempfile.mkdtemp(prefix="advocacy-docs-preview-"))
            atexit.register(shutil.rmtree, root, True)
            _cache_root.append(root)
        folder = _cache_root[0] / hashlib.sha256(data).hexdigest()[:32]
        path = folder / name
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
    return folder


@dataclass(frozen=True)
class MarkedHtml:
    """A document's HTML with its marked texts as elements, and the numbers it shows:
    ``outlined`` (an element holds the text) and ``hidden`` (in an attribute, the title or the
    stylesheet, where no element can be), each in document order."""

    html: str
    outlined: tuple[int, ...] = ()
    hidden: tuple[int, ...] = ()


def mark_untranslated(html: str) -> str:
    """The preview's HTML: each marked text a ``<span class="x-untranslated">``."""
    return mark_messages(html).html


def mark_messages(html: str, untranslated: Container[int] | None = None) -> MarkedHtml:
    """``html`` with each marked text a ``<span>``: class :data:`MESSAGE_CLASS` and
    ``data-msg="N"`` when the mark has a number, :data:`UNTRANSLATED_CLASS` when it is in
    ``untranslated`` (None: every mark is an untranslated text, as in ``i18n preview``).

    A marked text inside another is a span inside its span, unless it has no number (then it
    is part of the outer one). A marked text that spans elements (a message with a link
    inside) marks the element it starts in; marks in attributes and in the ``<head>`` are
    dropped, their numbers listed as hidden.
    """
    if MARK_START not in html and MARK_END not in html:
        return MarkedHtml(html)
    shown: dict[int, None] = {}
    root = lxml.html.document_fromstring(html)
    head = root.find("head")

    def classes(number: int | None) -> list[str]:
        names = [] if number is None else [MESSAGE_CLASS]
        if untranslated is None or number is None or number in untranslated:
            names.append(UNTRANSLATED_CLASS)
        return names

    def strip(text: str) -> str:
        shown.update(dict.fromkeys(_numbers(text)))
        return _CSS_MARK.sub("", _TOKEN.sub("", text))

    for el in list(root.iter()):
        if not is_element(el):
            continue
        for key, value in el.attrib.items():
            if MARK_START in value or MARK_END in value:
                el.set(key, strip(value))
        in_head = head is not None and (el is head or head in el.iterancestors())
        if in_head or el.tag == "html":
            el.text = strip(el.text) if el.text else el.text
            el.tail = strip(el.tail) if el.tail else el.tail
            continue
        if el.text and (MARK_START in el.text or MARK_END in el.text):
            shown.update(dict.fromkeys(_numbers(el.text)))
            text, nodes, unpaired = _build(el.text, classes)
            el.text = text
            for i, node in enumerate(nodes):
                el.insert(i, node)
            _mark_element(el, unpaired, classes)
        parent = el.getparent()
        if parent is not None and el.tail and (MARK_START in el.tail or MARK_END in el.tail):
            shown.update(dict.fromkeys(_numbers(el.tail)))
            text, nodes, unpaired = _build(el.tail, classes)
            el.tail = text
            index = list(parent).index(el)
            for i, node in enumerate(nodes, start=1):
                parent.insert(index + i, node)
            _mark_element(parent, unpaired, classes)
    body = root.find("body")
    outlined: dict[int, None] = {}
    for el in body.iter() if body is not None else ():
        value = el.get(MESSAGE_ATTRIBUTE) if is_element(el) else None
        if value is not None and value.isdigit():
            outlined[int(value)] = None
    out: str = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    hidden = tuple(n for n in shown if n not in outlined)
    return MarkedHtml(out, tuple(outlined), hidden)


def plain_marks(text: str) -> str:
    """``text`` with its marks' numbers dropped, the two marks kept (plain text, DOCX)."""
    return _NUMBER.sub(MARK_START, text)


def _number(token: str) -> int | None:
    digits = "".join(str(ord(c) - NUMBER_BASE) for c in token[1:])
    return int(digits) if digits else None


def _numbers(text: str) -> list[int]:
    return [n for m in _NUMBER.finditer(text) if (n := _number(m.group())) is not None]


ClassesOf = Callable[[int | None], list[str]]


@dataclass
class _Marked:
    number: int | None
    children: list[str | _Marked] = dataclasses.field(default_factory=list)
    closed: bool = False


def _build(
    text: str, classes: ClassesOf
) -> tuple[str | None, list[lxml.html.HtmlElement], list[int | None]]:
    """``text`` cut at its marks: the text before the first span, the spans (each with its
    tail), and the marks left open (the text spans elements)."""
    top: list[str | _Marked] = []
    stack: list[_Marked | None] = []  # None: a mark merged into the one around it

    def children() -> list[str | _Marked]:
        for item in reversed(stack):
            if item is not None:
                return item.children
        return top

    for token in _TOKEN.split(text):
        if not token:
            continue
        if token == MARK_END:
            if stack:
                done = stack.pop()
                if done is not None:
                    done.closed = True
        elif token.startswith(MARK_START):
            number = _number(token)
            if number is None and any(s is not None for s in stack):
                stack.append(None)
                continue
            item = _Marked(number)
            children().append(item)
            stack.append(item)
        else:
            children().append(token)
    unpaired = [item.number for item in stack if item is not None]
    lead, nodes = _elements(top, classes)
    return lead, nodes, unpaired


def _elements(
    items: Sequence[str | _Marked], classes: ClassesOf
) -> tuple[str | None, list[lxml.html.HtmlElement]]:
    """Text and spans for a cut text: the leading text, then each span with its tail."""
    lead: list[str] = []
    nodes: list[lxml.html.HtmlElement] = []

    def add_text(text: str) -> None:
        if nodes:
            nodes[-1].tail = (nodes[-1].tail or "") + text
        else:
            lead.append(text)

    for item in items:
        if isinstance(item, str):
            add_text(item)
            continue
        inner_lead, inner = _elements(item.children, classes)
        if not item.closed:  # its text goes on in another element: it marks the element
            if inner_lead:
                add_text(inner_lead)
            nodes.extend(inner)
            continue
        span = lxml.html.Element("span")
        span.set("class", " ".join(classes(item.number)))
        if item.number is not None:
            span.set(MESSAGE_ATTRIBUTE, str(item.number))
        span.text = inner_lead
        for child in inner:
            span.append(child)
        nodes.append(span)
    return ("".join(lead) or None), nodes


def _mark_element(
    el: lxml.html.HtmlElement, unpaired: Sequence[int | None], classes: ClassesOf
) -> None:
    """Mark ``el`` as holding the first message whose text starts in it and ends elsewhere."""
    if not unpaired:
        return
    number = unpaired[0]
    names = str(el.get("class") or "").split()
    el.set("class", " ".join([*names, *(c for c in classes(number) if c not in names)]))
    if number is not None and el.get(MESSAGE_ATTRIBUTE) is None:
        el.set(MESSAGE_ATTRIBUTE, str(number))


def _reader(people: Sequence[Recipient], lang: str) -> Recipient:
    """The first recipient who reads ``lang``, else the first one."""
    return next((p for p in people if p.language == lang), people[0])


@dataclass(frozen=True)
class MarkedDocument:
    """A kind rendered with its messages marked: ``document`` with the marks as elements (for
    HTML and PDF), ``plain`` with the marks as text (for plain text and DOCX)."""

    document: RenderedDocument
    plain: RenderedDocument
    marks: MarkedHtml
    overlay: Overlay
    stem: str
    warnings: tuple[str, ...]


def render_marked(
    project: Project,
    lang: str,
    *,
    kind: str = "letter",
    every: bool = False,
    case_path: Path | None = None,
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    template_dirs: Sequence[Path] = (),
    today: _dt.date | None = None,
) -> MarkedDocument:
    """Render ``kind`` in ``lang`` from the project's locales with its messages marked: those
    the locale lacks, or ``every`` message. Without a case, recipient or sender, the bundled
    example's are used."""
    examples = examples_dir()
    if case_path is None:
        if examples is None:
            raise InputError("no bundled example case: give --case FILE")
        case_path = examples / "cases" / "khamroev.yaml"
    case = load_case(case_path)
    if recipient is None and examples is not None:
        recipient = _reader(load_recipients(examples / "recipients" / "officials.yaml"), lang)
    if sender is None and examples is not None:
        sender = load_senders(examples / "senders" / "campaigner.yaml")[0]
    made = overlay(project, lang, every=every)
    catalog = _stored(f"{lang}/LC_MESSAGES/{DOMAIN}.po", made.data)
    css = MESSAGES_CSS if every else HIGHLIGHT_CSS
    sheet = _stored("marks.css", css.encode("utf-8")) / "marks.css"
    renderer = Renderer(
        template_dirs=list(template_dirs),
        locale_dirs=[catalog, *project.lookup_dirs],
        stylesheets=[sheet],
    )
    spec = renderer.kinds().get(kind)
    doc, notices = renderer.document(
        case,
        kind=kind,
        locale=lang,
        recipient=recipient if spec is None or "recipient" in spec.needs else None,
        sender=sender if spec is None or "sender" in spec.needs else None,
        today=today,
    )
    marks = mark_messages(doc.html, None if not every else made.untranslated)
    return MarkedDocument(
        document=dataclasses.replace(doc, html=marks.html),
        plain=dataclasses.replace(doc, html=plain_marks(doc.html)),
        marks=marks,
        overlay=made,
        stem=".".join(p for p in (case.id, kind, lang, "preview") if p),
        warnings=tuple(dict.fromkeys(str(n) for n in notices)),
    )


def preview(
    project: Project,
    lang: str,
    *,
    kind: str = "letter",
    formats: Sequence[str] = ("html",),
    case_path: Path | None = None,
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    template_dirs: Sequence[Path] = (),
    today: _dt.date | None = None,
) -> Preview:
    """Render ``kind`` in ``lang`` from the project's locales with untranslated texts marked.

    Without a case, recipient or sender, the bundled example's are used.
    """
    for fmt in formats:
        if fmt not in PREVIEW_FORMATS:
            raise InputError(f"--format: {fmt!r} cannot be previewed; use {PREVIEW_FORMATS}")
    marked = render_marked(
        project, lang, kind=kind, case_path=case_path, recipient=recipient, sender=sender,
        template_dirs=template_dirs, today=today,
    )  # fmt: skip
    files = []
    for fmt in formats:
        source = marked.document if fmt in ("html", "pdf") else marked.plain
        files.append(PreviewFile(f"{marked.stem}.{EXTENSIONS[fmt]}", get_writer(fmt)(source)))
    messages = numbered_messages(project)
    return Preview(
        files=tuple(files),
        untranslated=tuple(message_key(messages[n]) for n in marked.overlay.marked),
        marked=marked.plain.html.count(MARK_START),
        warnings=marked.warnings,
    )


def _msgid(message: Message) -> str:
    return str(message.id[0]) if isinstance(message.id, (tuple, list)) else str(message.id)
