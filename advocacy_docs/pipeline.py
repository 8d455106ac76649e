"""The pipeline, stage by stage: audience → localize → template → write. One Renderer per setup."""

from __future__ import annotations

import base64
import datetime as _dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import lxml.html

from .atomic import write_atomic
from .audience import redact
from .case import Case, Recipient, Sender
from .case.types import SENSITIVITY_ORDER, PartialDate, Sensitivity
from .errors import InputError, ResourceError
from .i18n import Localizer, available_locales, get_localizer
from .notices import Notice
from .paths import bundled_locales_dir
from .resources import ResourceFetcher
from .templating import KindSpec, TemplateEngine
from .view import build_context
from .writers import EXTENSIONS, DocumentMeta, RenderedDocument, Writer, get_writer
from .writers.docx_cache import ReferenceCache


@dataclass(frozen=True)
class Output:
    """One rendered file: its bytes, a suggested file name, and what the campaigner should know."""

    kind: str
    locale: str
    format: str
    data: bytes
    filename: str
    warnings: tuple[Notice, ...] = ()  # str(notice) is its sentence
    recipient: str | None = None

    def save(self, directory: Path, name: str | None = None) -> Path:
        """Write the file atomically into ``directory`` and return its path.

        ``name`` (default: ``filename``) stays inside ``directory``: no ``..``, no link below
        ``directory`` followed, no name Windows refuses (``nul``, a trailing dot), at most 255
        bytes a name. OSError otherwise (``atomic.UnsafeOutput`` for what is refused).
        """
        folder = Path(directory)
        return write_atomic(folder / (name or self.filename), self.data, root=folder)


def _meta_from_html(tree: lxml.html.HtmlElement, lang: str) -> DocumentMeta:
    """Title, author, subject and keywords as the template wrote them in <head>."""
    head = tree.find("head")

    def meta(name: str) -> str:
        if head is None:
            return ""
        el = head.find(f"meta[@name='{name}']")
        return " ".join((el.get("content", "") if el is not None else "").split())

    title_el = head.find("title") if head is not None else None
    title = " ".join((title_el.text_content() if title_el is not None else "").split())
    keywords = tuple(k.strip() for k in meta("keywords").split(",") if k.strip())
    return DocumentMeta(
        title=title,
        lang=lang,
        author=meta("author"),
        subject=meta("description"),
        keywords=keywords,
    )


_IMAGE_TYPES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}
MAX_PHOTO_BYTES = 10_000_000
"""The largest photo a case may have (a portrait for a briefing is under 1 MB)."""


def photo_url(case: Case) -> str | None:
    """The case's photo as a ``data:`` URL: read once here, checked (inside the case folder, a
    regular file, an image, not too large). Templates get the image, never where it lies: the
    case's folder is never a place a template or a stylesheet can fetch from."""
    photo = case.person.photo
    if not photo:
        return None
    where = f"{case.source_path}: person.photo" if case.source_path else "person.photo"
    if case.base_dir is None:
        raise InputError(
            f"{where}: the case was not loaded from a file, so {photo!r} cannot be found"
        )
    try:
        real = ResourceFetcher([case.base_dir]).resolve_path(case.base_dir / photo, what="the file")
    except ResourceError as exc:
        raise InputError(f"{where}: {photo!r}: {exc}") from None
    try:
        with open(real, "rb") as fh:
            data = fh.read(MAX_PHOTO_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{where}: {photo!r}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_PHOTO_BYTES:
        raise InputError(f"{where}: {photo!r} is larger than {MAX_PHOTO_BYTES:,} bytes")
    kind = next((t for sig, t in _IMAGE_TYPES.items() if data.startswith(sig)), None)
    if kind is None:
        raise InputError(f"{where}: {photo!r} is not a JPEG, PNG or GIF image")
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _one_line(text: str) -> str:
    """``text`` with its no-break spaces as plain ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _finish_html(html: str, localizer: Localizer) -> tuple[str, DocumentMeta]:
    """The document as written (typeset by its locale's rules) and its metadata:
    the HTML parsed once for both."""
    tree = lxml.html.document_fromstring(html)
    if _typeset_tree(tree, localizer):  # every locale: at least one full stop per sentence
        html = lxml.html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")
    return html, _meta_from_html(tree, localizer.lang)


def _typeset_tree(tree: lxml.html.HtmlElement, localizer: Localizer) -> bool:
    """Apply the locale's typography rules to the document's text (not markup); False when the
    document has no body (nothing changed)."""
    body = tree.find("body")
    if body is None:
        return False

    others: dict[str, Localizer | None] = {localizer.lang: localizer}

    def typesetter(lang: str) -> Localizer | None:
        # Text marked as another language (an English source title) takes that language's
        # typography ("14 years’"), or none when no locale of that language is installed.
        if lang not in others:
            try:
                others[lang] = get_localizer(lang, localizer.locale_dirs)
            except InputError:
                others[lang] = None
        return others[lang]

    head = tree.find("head")
    if head is not None:
        # The title and the description: the PDF's and the DOCX's metadata, the e-mail's
        # subject. Their marks and elisions as on the page ("d’Iryna", "l’affaire"); plain
        # spaces, as they are searched and shown on one line, never broken.
        for title in head.iter("title"):
            if title.text:
                title.text = _one_line(localizer.typeset(title.text))
        for meta in head.iter("meta"):
            if meta.get("name") == "description" and meta.get("content"):
                meta.set("content", _one_line(localizer.typeset(meta.get("content", ""))))
    # Each element with the language it is in (its own lang, else its parent's), walked once.
    inherited = body.xpath("ancestor-or-self::*[@lang][1]/@lang")
    todo = [(body, str(inherited[0]) if inherited else localizer.lang)]
    while todo:
        el, lang = todo.pop()
        lang = el.get("lang") or lang
        own = typesetter(lang)
        if own is not None and el.text and not el.text.isspace():
            el.text = own.typeset(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if own is not None and child.tail and not child.tail.isspace():
                child.tail = own.typeset(child.tail)
            todo.append((child, lang))
    return True


def _overruns(doc: RenderedDocument, budgets: dict[str, Any]) -> list[SimpleNamespace]:
    """The sections that run longer than their budget of pages, as laid out in PDF."""
    from .writers.pdf import section_lengths

    lengths = section_lengths(doc)
    return [
        SimpleNamespace(section=name.removeprefix("section-").upper(), pages=pages, budget=limit)
        for name, limit in budgets.items()
        if (pages := lengths.get(name, 0.0)) > float(limit)
    ]


def _lawyer_notes(
    spec: KindSpec, case: Case, today: _dt.date, localizer: Localizer
) -> dict[str, Any]:
    """What the legal checks of the kind's body (``checks`` in kind.toml) tell the lawyer, in
    the document's language: ``lawyer_notes`` (one sentence per point, the worst first),
    ``unknown_code`` (the field text for a criminal code the templates cannot name),
    ``bars`` (what prevents examination of the whole application), ``deadlines`` (every
    computed last day by state: running, may_have_passed, passed), ``time_summary`` (none,
    running, some_passed, all_passed), ``check_flags`` (``ref@category`` of rights tagged for a
    WGAD category they do not belong to) and ``check_status`` (None without checks)."""
    body = spec.data.get("checks")
    if not body:
        return {
            "lawyer_notes": [],
            "bars": [],
            "deadlines": {},
            "time_summary": "none",
            "check_flags": [],
            "check_status": None,
        }
    from .checks import run
    from .checks.values import unknown_code

    report = run(case, body, today)
    flags = [
        f"{e.ref}@{f.category}"
        for f in report.items
        if f.code.startswith("category.right_outside")
        for e in f.evidence
    ]
    return {
        "lawyer_notes": report.lawyer_notes(localizer),
        "bars": report.bar_notes(localizer),
        "deadlines": report.deadline_notes(localizer),
        "time_summary": report.time_summary,
        "check_flags": flags,
        "check_status": report.status,
        "unknown_code": functools.partial(_unknown_code, loc=localizer, write=unknown_code),
    }


def _unknown_code(code: str, *, loc: Localizer, write: Any) -> str:
    """The field text of a legal draft for a criminal code it cannot name."""
    return str(write(code, loc))


def _envelope(
    context: dict[str, Any], recipient: Recipient | None, sender: Sender | None, when: _dt.date
) -> dict[str, str] | None:
    """Addresses for message formats (eml): names as the document writes them, and the date."""
    if recipient is None or sender is None:
        return None
    envelope = {
        "from_name": str.__str__(context["sender"].name),
        "to_name": str(context["recipient"].name),
        "date": when.isoformat(),
    }
    if sender.email:
        envelope["from_email"] = sender.email
    if recipient.email:
        envelope["to_email"] = recipient.email
    return envelope


def reader_of(recipients: Sequence[Recipient], chain: Sequence[str]) -> Recipient:
    """The recipient who reads the first language of ``chain`` (a locale's fallback chain)."""
    if not recipients:
        raise InputError("no recipients to choose from")
    rank = {lang: i for i, lang in enumerate(chain)}
    return min(recipients, key=lambda r: rank.get(r.language, len(rank)))


class Renderer:
    """Renders documents; keeps compiled templates, catalogs and fonts for all its renders."""

    def __init__(
        self,
        *,
        template_dirs: Sequence[Path] = (),
        locale_dirs: Sequence[Path] = (),
        reference_docx: Path | None = None,
        stylesheets: Sequence[Path] = (),
        pdf_variant: str | None = None,
    ) -> None:
        self.engine = TemplateEngine(template_dirs)
        self.locale_dirs = (*(Path(d).resolve() for d in locale_dirs), bundled_locales_dir())
        if reference_docx is not None and not Path(reference_docx).is_file():
            raise InputError(f"{reference_docx}: reference document not found")
        self.reference_docx = Path(reference_docx).resolve() if reference_docx else None
        self.user_stylesheets = tuple(Path(s).resolve() for s in stylesheets)
        self.pdf_variant = pdf_variant
        # Reference .docx files as parsed for DOCX, by content: each read once, not per document.
        self._docx_references = ReferenceCache()
        for sheet in self.user_stylesheets:
            if not sheet.is_file():
                raise InputError(f"{sheet}: stylesheet not found")

    def kinds(self) -> dict[str, KindSpec]:
        """The document kinds this renderer knows, by name."""
        return self.engine.kinds

    def locales(self) -> list[str]:
        """The locales available to this renderer."""
        return available_locales(self.locale_dirs)

    def document(
        self,
        case: Case,
        *,
        kind: str = "letter",
        locale: str | None = None,
        recipient: Recipient | None = None,
        sender: Sender | None = None,
        audience: Sensitivity | None = None,
        today: _dt.date | None = None,
        personal: str | None = None,
        photo: str | None = None,
    ) -> tuple[RenderedDocument, list[Notice]]:
        """The semantic HTML document for one kind, locale, recipient and sender, and notices.

        ``personal`` is a paragraph in the sender's own words, printed (escaped) by kinds that
        have a place for it (the letter: before the demands). ``photo``: the case's photo as
        :func:`photo_url` gave it, read once by a campaign for all its documents (so that what
        is printed is what was hashed); None: read here.
        """
        if photo is not None and not photo.startswith("data:image/"):
            raise InputError("photo: give the photo as photo_url() read it (a data: URL)")
        spec = self.engine.kind(kind)
        if "recipient" in spec.needs and recipient is None:
            raise InputError(f"kind {kind!r} needs a recipient (--recipient FILE[#id])")
        if "sender" in spec.needs and sender is None:
            raise InputError(f"kind {kind!r} needs a sender (--sender FILE[#id])")
        lang = locale or (recipient.language if recipient else None) or case.language
        if spec.locales and lang not in spec.locales:
            raise InputError(
                f"kind {kind!r} is not available in {lang!r}; it is in {', '.join(spec.locales)}"
            )
        localizer = get_localizer(lang, self.locale_dirs)
        level = audience or spec.audience
        if level not in SENSITIVITY_ORDER:
            raise InputError(f"unknown audience {level!r}; use public, partners or legal")
        visible_case = redact(case, level)
        when = today or _dt.date.today()
        context, warnings = build_context(
            visible_case,
            localizer,
            recipient=recipient,
            sender=sender,
            today=PartialDate(when.year, when.month, when.day),
            kind_data=dict(spec.data),
            extra={
                "photo": (
                    photo
                    if photo is not None and visible_case.person.photo
                    else photo_url(visible_case)
                ),
                **_lawyer_notes(spec, visible_case, when, localizer),
                "personal": personal,
            },
        )
        envelope = _envelope(context, recipient, sender, when)
        # Never the case's folder: what a template or a stylesheet fetches could be the case
        # file itself, unredacted (the photo comes as a data: URL, read by photo_url).
        allowed = [*self.engine.template_dirs, *(s.parent for s in self.user_stylesheets)]
        sheets = tuple(p for p in (spec.stylesheet(), *self.user_stylesheets) if p is not None)

        def compose() -> RenderedDocument:
            html, meta = _finish_html(self.engine.render(spec, context), localizer)
            return RenderedDocument(
                html=html,
                meta=meta,
                fetcher=ResourceFetcher(allowed),
                stylesheets=sheets,
                paper=spec.paper,
                reference_docx=self.reference_docx,
                pdf_variant=self.pdf_variant,
                envelope=envelope,
            )

        doc = compose()
        budgets = spec.data.get("page_budgets")
        if budgets:
            # Sections with a page limit are measured as laid out, and the document is composed
            # again with a note for each one that runs over (the note itself is translated).
            overruns = _overruns(doc, budgets)
            if overruns:
                context["page_overruns"] = overruns
                doc = compose()
        return doc, warnings

    def render(
        self,
        case: Case,
        *,
        kind: str = "letter",
        locale: str | None = None,
        fmt: str = "pdf",
        recipient: Recipient | None = None,
        sender: Sender | None = None,
        audience: Sensitivity | None = None,
        today: _dt.date | None = None,
    ) -> Output:
        """Render one document to bytes in ``fmt``."""
        (out,) = self.render_formats(
            case, kind=kind, locale=locale, formats=(fmt,), recipient=recipient,
            sender=sender, audience=audience, today=today,
        )  # fmt: skip
        return out

    def _writer(self, fmt: str) -> Writer:
        """The writer of ``fmt``; the DOCX one with this renderer's prepared reference documents."""
        if fmt != "docx":
            return get_writer(fmt)
        # Imported here, as get_writer does: python-docx loads with the first DOCX.
        from .writers.docx import write_docx

        return functools.partial(write_docx, references=self._docx_references)

    def render_formats(
        self,
        case: Case,
        *,
        formats: Sequence[str],
        kind: str = "letter",
        locale: str | None = None,
        recipient: Recipient | None = None,
        sender: Sender | None = None,
        audience: Sensitivity | None = None,
        today: _dt.date | None = None,
    ) -> list[Output]:
        """Render one document in several formats, composing it once (checks, layout included)."""
        spec = self.engine.kind(kind)
        for fmt in formats:
            if fmt not in spec.formats:
                raise InputError(
                    f"kind {kind!r} is not available as {fmt!r}; it is as {', '.join(spec.formats)}"
                )
        writers = [self._writer(fmt) for fmt in formats]
        doc, warnings = self.document(
            case,
            kind=kind,
            locale=locale,
            recipient=recipient,
            sender=sender,
            audience=audience,
            today=today,
        )
        stem = ".".join(p for p in (case.id, kind, recipient.id if recipient else "") if p)
        return [
            Output(
                kind=kind,
                locale=doc.meta.lang,
                format=fmt,
                data=writer(doc),
                filename=f"{stem}.{doc.meta.lang}.{EXTENSIONS[fmt]}",
                warnings=tuple(dict.fromkeys(warnings)),
                recipient=recipient.id if recipient else None,
            )
            for fmt, writer in zip(formats, writers, strict=True)
        ]
