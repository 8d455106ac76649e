"""A translator's preview: a kind rendered in a locale, every untranslated message marked.

The preview renders as a campaigner would, with one more locale folder in front: a catalog of
the previewed language in which each message the language lacks (in the translator's folder
and in the bundled one) says what a document prints instead (the fallback language's text, or
the English), between :data:`MARK_START` and :data:`MARK_END`. In HTML and PDF each such text
becomes ``<span class="x-untranslated">``, highlighted by a stylesheet; plain text and DOCX
keep the two marks themselves, as a reader can see them there.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from ..case import load_case, load_recipients, load_senders
from ..case.parties import Recipient, Sender
from ..errors import InputError
from ..paths import examples_dir
from ..pipeline import Renderer
from ..writers import EXTENSIONS, get_writer
from ..writers.vocabulary import is_element
from . import get_localizer
from .localedata import DOMAIN, SOURCE_LANGUAGE
from .workflow import Project, read_catalog, template

MARK_START = "\u27e6"
"""Opens an untranslated text in a preview (⟦, MATHEMATICAL LEFT WHITE SQUARE BRACKET)."""
MARK_END = "\u27e7"
"""Closes it (⟧)."""
UNTRANSLATED_CLASS = "x-untranslated"
"""The class of an untranslated text in a preview's HTML and PDF."""

HIGHLIGHT_CSS = f"""\
/* advocacy-docs i18n preview: untranslated messages */
.{UNTRANSLATED_CLASS} {{
  background: #ffe45c;
  outline: 1px dashed #b00020;
  color: #5a0010;
}}
"""

PREVIEW_FORMATS = ("html", "pdf", "txt", "docx")


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
        from ..atomic import write_atomic

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
    for message in template(project):
        if not message.id:
            continue
        found = [c.get(message.id, context=message.context) for c in catalogs]
        if not any(m is not None and not m.fuzzy and _translated(m.string) for m in found):
            missing.append(message)
    return missing


def overlay_catalog(project: Project, lang: str, folder: Path) -> list[Message]:
    """Write into ``folder`` a catalog of ``lang`` whose every message is a marked fallback.

    Returns the messages it marks. The texts are what the locale's chain prints today, so a
    locale that falls back to another language (crh to uk) shows that language, marked.
    """
    missing = missing_messages(project, lang)
    localizer = get_localizer(lang, project.lookup_dirs)
    rule = localizer.plural_forms()
    samples: dict[int, int] = {}
    for n in range(1000):
        samples.setdefault(localizer.plural_index(n), n)
    po = Catalog(locale=None, fuzzy=False)
    po.mime_headers = [("Plural-Forms", f"nplurals={rule.nplurals}; plural={rule.expr};")]
    for message in missing:
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
                forms.append(MARK_START + text + MARK_END)
            po.add((singular, plural), tuple(forms), context=context)
        else:
            msgid = str(message.id)
            text = localizer.pgettext(context, msgid) if context else localizer.gettext(msgid)
            po.add(msgid, MARK_START + text + MARK_END, context=context)
    path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, po, width=0)
    path.write_bytes(buf.getvalue())
    return missing


def mark_untranslated(html: str) -> str:
    """The preview's HTML: each marked text a ``<span class="x-untranslated">``.

    A marked text that spans elements (a message with a link inside) marks the element it
    starts in; marks in attributes and in the ``<head>`` are dropped.
    """
    if MARK_START not in html and MARK_END not in html:
        return html
    root = lxml.html.document_fromstring(html)
    head = root.find("head")
    for el in list(root.iter()):
        if not is_element(el):
            continue
        for key, value in el.attrib.items():
            if MARK_START in value or MARK_END in value:
                el.set(key, _strip(value))
        in_head = head is not None and (el is head or head in el.iterancestors())
        if in_head:
            el.text = _strip(el.text) if el.text else el.text
            el.tail = _strip(el.tail) if el.tail else el.tail
            continue
        if el.text and (MARK_START in el.text or MARK_END in el.text):
            _split_text(el)
        if el.tail and (MARK_START in el.tail or MARK_END in el.tail):
            parent = el.getparent()
            if parent is not None:
                _split_tail(el, parent)
    out: str = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return out


def _strip(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _pieces(text: str) -> tuple[list[tuple[str, bool]], bool]:
    """``text`` cut into (piece, marked); and whether a mark was left unpaired.

    A marked text inside another (a message filled into a message) is part of the outer one.
    """
    pieces: list[tuple[str, bool]] = []
    depth = 0
    unpaired = False
    current: list[str] = []

    def cut(marked: bool) -> None:
        if current:
            pieces.append(("".join(current), marked))
            current.clear()

    for char in text:
        if char == MARK_START:
            if depth == 0:
                cut(False)
            depth += 1
        elif char == MARK_END:
            if depth == 0:
                unpaired = True
                continue
            depth -= 1
            if depth == 0:
                cut(True)
        else:
            current.append(char)
    if depth:
        unpaired = True
    cut(False)
    return pieces, unpaired


def _span(text: str) -> lxml.html.HtmlElement:
    span = lxml.html.Element("span")
    span.set("class", UNTRANSLATED_CLASS)
    span.text = text
    return span


def _mark_element(el: lxml.html.HtmlElement) -> None:
    names = str(el.get("class") or "").split()
    if UNTRANSLATED_CLASS not in names:
        el.set("class", " ".join([*names, UNTRANSLATED_CLASS]))


def _split_text(el: lxml.html.HtmlElement) -> None:
    pieces, unpaired = _pieces(el.text or "")
    if unpaired:
        _mark_element(el)
    el.text = None
    spans: list[lxml.html.HtmlElement] = []
    for text, marked in pieces:
        if marked:
            spans.append(_span(text))
        elif spans:
            spans[-1].tail = (spans[-1].tail or "") + text
        else:
            el.text = text
    for i, span in enumerate(spans):
        el.insert(i, span)


def _split_tail(el: lxml.html.HtmlElement, parent: lxml.html.HtmlElement) -> None:
    pieces, unpaired = _pieces(el.tail or "")
    if unpaired:
        _mark_element(parent)
    el.tail = None
    index = list(parent).index(el)
    last = el
    for text, marked in pieces:
        if marked:
            span = _span(text)
            index += 1
            parent.insert(index, span)
            last = span
        else:
            last.tail = (last.tail or "") + text


def _reader(people: Sequence[Recipient], lang: str) -> Recipient:
    """The first recipient who reads ``lang``, else the first one."""
    return next((p for p in people if p.language == lang), people[0])


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
    with tempfile.TemporaryDirectory(prefix="advocacy-docs-preview-") as tmp:
        overlay = Path(tmp) / "locales"
        missing = overlay_catalog(project, lang, overlay)
        css = Path(tmp) / "untranslated.css"
        css.write_text(HIGHLIGHT_CSS, encoding="utf-8")
        renderer = Renderer(
            template_dirs=list(template_dirs),
            locale_dirs=[overlay, *project.lookup_dirs],
            stylesheets=[css],
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
        marked = dataclasses.replace(doc, html=mark_untranslated(doc.html))
        stem = ".".join(p for p in (case.id, kind, lang, "preview") if p)
        files = []
        for fmt in formats:
            source = marked if fmt in ("html", "pdf") else doc
            files.append(PreviewFile(f"{stem}.{EXTENSIONS[fmt]}", get_writer(fmt)(source)))
    return Preview(
        files=tuple(files),
        untranslated=tuple((m.context, _msgid(m)) for m in missing),
        marked=doc.html.count(MARK_START),
        warnings=tuple(dict.fromkeys(str(n) for n in notices)),
    )


def _msgid(message: Message) -> str:
    return str(message.id[0]) if isinstance(message.id, (tuple, list)) else str(message.id)
