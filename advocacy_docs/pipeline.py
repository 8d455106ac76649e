"""The pipeline, stage by stage: audience → localize → template → write. One Renderer per setup."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal, NamedTuple, TypeAlias, cast, overload

import lxml.html
from markupsafe import escape

from .atomic import open_regular, output_parts, write_atomic
from .audience import redact
from .case import Case, Recipient, Sender
from .case.photo import MAX_PHOTO_BYTES, photo_data_url
from .case.types import SENSITIVITY_ORDER, PartialDate, Sensitivity
from .errors import InputError, ResourceError
from .i18n import Localizer, available_locales, get_localizer
from .i18n.catalog import (
    MARK_CLOSE,
    MARK_OPEN,
    MARK_SEPARATOR,
    collect_fallbacks,
    marked_language,
)
from .i18n.datafile import LANG_CODE, unprintable
from .i18n.formatting import Fallback
from .i18n.localedata import SOURCE_LANGUAGE
from .notices import Notice, layout, missing_translation
from .paths import bundled_locales_dir
from .resources import ResourceFetcher
from .templating import KindSpec, TemplateEngine
from .view import build_context
from .writers import EXTENSIONS, MEDIA_TYPES, DocumentMeta, RenderedDocument, Writer, get_writer
from .writers.docx_cache import ReferenceCache

Format: TypeAlias = Literal["pdf", "docx", "html", "txt", "eml"]
"""A format a document can be written in (a kind's ``formats`` says which of them it offers)."""

StrPath: TypeAlias = str | os.PathLike[str]
"""A file or folder: a string or a path object."""


class Saved(NamedTuple):
    """Where :meth:`Output.save` put the file, and whether it wrote it (False: an identical
    file was there already and was left untouched)."""

    path: Path
    written: bool


@dataclass(frozen=True)
class Output:
    """One rendered file: its bytes, a suggested file name, and what the campaigner should know.

    ``warnings`` are :class:`~advocacy_docs.notices.Notice` values: a program tests their
    ``code``, ``field`` and ``locale``; ``str()`` of one is the sentence a person reads.
    """

    kind: str
    locale: str
    format: Format
    data: bytes
    filename: str
    warnings: tuple[Notice, ...] = ()
    recipient: str | None = None

    @property
    def media_type(self) -> str:
        """The file's media type, for a ``Content-Type`` header (``application/pdf``, …)."""
        return MEDIA_TYPES[self.format]

    @overload
    def save(
        self, directory: StrPath, name: str | None = None, *, only_if_changed: Literal[False] = ...
    ) -> Path: ...

    @overload
    def save(
        self, directory: StrPath, name: str | None = None, *, only_if_changed: Literal[True]
    ) -> Saved: ...

    @overload
    def save(
        self, directory: StrPath, name: str | None = None, *, only_if_changed: bool
    ) -> Path | Saved: ...

    def save(
        self, directory: StrPath, name: str | None = None, *, only_if_changed: bool = False
    ) -> Path | Saved:
        """Write the file atomically into ``directory`` and return its path.

        ``name`` (default: ``filename``) stays inside ``directory``: no ``..``, no link below
        ``directory`` followed, no name Windows refuses (``nul``, a trailing dot), at most 255
        bytes a name. OSError otherwise (``atomic.UnsafeOutput`` for what is refused).

        ``only_if_changed``: a file with the same bytes already there is left untouched (its
        modification time kept, for a nightly job and whatever syncs its folder); the answer
        is then a :class:`Saved` that says whether the file was written.
        """
        folder = Path(directory)
        relative = name or self.filename
        if only_if_changed:
            if self._same_as(folder, relative):
                return Saved(folder.joinpath(*output_parts(relative)), False)
            return Saved(write_atomic(folder / relative, self.data, root=folder), True)
        return write_atomic(folder / relative, self.data, root=folder)

    def _same_as(self, folder: Path, relative: str) -> bool:
        """True when the file ``relative`` inside ``folder`` holds exactly this output's bytes."""
        try:
            fd = open_regular(folder, relative)
        except OSError:  # none there, or nothing to compare: writing says what is wrong
            return False
        with os.fdopen(fd, "rb") as existing:
            # One byte more than ours: a longer file is different without reading all of it.
            return existing.read(len(self.data) + 1) == self.data


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


def photo_url(case: Case) -> str | None:
    """The case's photo as a ``data:`` URL: read once here, checked (inside the case folder, a
    regular file, an image, not too large). Templates get the image, never where it lies: the
    case's folder is never a place a template or a stylesheet can fetch from."""
    if case.embedded_photo is not None:
        return case.embedded_photo  # given as bytes with the data, checked by parse_case
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
    try:
        return photo_data_url(data)
    except ValueError as exc:
        raise InputError(f"{where}: {photo!r} {exc}") from None


def _one_line(text: str) -> str:
    """``text`` with its no-break spaces as plain ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


_MARK = re.compile(f"{MARK_OPEN}([\ue020-\ue07e]*){MARK_SEPARATOR}|{MARK_CLOSE}")
_CSS_MARK = re.compile(r"\\e0(?:0[123]|[2-7][0-9a-f]) ")  # a mark as css_counters escapes it
_BODY = re.compile(r"<body\b", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")


def _mark_languages(html: str) -> str:
    """``html`` with each text the catalogs marked (:func:`~.i18n.catalog.mark_language`: a
    sentence printed in a fallback language) in a ``lang`` span in the body, where a reader,
    a screen reader and every writer see it; the marks are dropped where no element can be
    (the title, attributes, the stylesheet)."""
    if MARK_CLOSE not in html:
        return html
    start = _BODY.search(html)
    cut = start.start() if start else 0
    head = _CSS_MARK.sub("", _MARK.sub("", html[:cut]))

    def span(match: re.Match[str]) -> str:
        if match.group() == MARK_CLOSE:
            return "</span>"
        lang = marked_language(match.group(1))
        return f'<span lang="{escape(lang)}">' if LANG_CODE.fullmatch(lang) else "<span>"

    # Between tags only: template output escapes every ">" inside an attribute's value.
    parts = _TAG.split(html[cut:])
    body = [_MARK.sub("", p) if p.startswith("<") else _MARK.sub(span, p) for p in parts]
    return head + "".join(body)


def _finish_html(html: str, localizer: Localizer) -> tuple[str, DocumentMeta]:
    """The document as written (typeset by its locale's rules) and its metadata:
    the HTML parsed once for both."""
    marked = _mark_languages(html)
    tree = lxml.html.document_fromstring(marked)
    # Every locale has typography (at least one full stop per sentence): written out again.
    if _typeset_tree(tree, localizer) or marked is not html:
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
    """Renders documents; keeps compiled templates, catalogs and fonts for all its renders.

    One renderer serves any number of threads at once: make it once (at start-up), call
    :meth:`warm` if the first request must be fast, and render from every thread.
    """

    def __init__(
        self,
        *,
        template_dirs: Sequence[StrPath] = (),
        locale_dirs: Sequence[StrPath] = (),
        reference_docx: StrPath | None = None,
        stylesheets: Sequence[StrPath] = (),
        pdf_variant: str | None = None,
    ) -> None:
        """Set up the folders and files every render of this renderer uses.

        :param template_dirs: folders of document kinds (``<kind>/kind.toml``,
            ``document.html.j2``, ``style.css``), searched before the bundled templates: a
            kind, or one file of one, found there replaces the bundled one.
        :param locale_dirs: folders of locales (``<lang>/LC_MESSAGES/advocacy_docs.po``,
            ``locale.toml``), searched before the bundled locales, message by message: a
            new language, or an organisation's own wording of some sentences.
        :param reference_docx: a Word document whose styles, fonts, margins and letterhead
            DOCX output takes (as pandoc's ``--reference-doc``); None: the bundled one.
        :param stylesheets: CSS files applied after a kind's own ``style.css`` in PDF and
            HTML output (a letterhead, a font); resources they name must lie beside them.
        :param pdf_variant: an archival or accessible PDF flavour (``pdf/a-2b``, ``pdf/ua-1``,
            see ``writers.pdf.PDF_VARIANTS``); None: plain PDF.
        :raises InputError: a folder or file that does not exist.
        """
        self.engine = TemplateEngine([Path(d) for d in template_dirs])
        self.locale_dirs = (*(Path(d).resolve() for d in locale_dirs), bundled_locales_dir())
        if reference_docx is not None and not Path(reference_docx).is_file():
            raise InputError(f"{os.fspath(reference_docx)}: reference document not found")
        self.reference_docx = Path(reference_docx).resolve() if reference_docx else None
        self.user_stylesheets = tuple(Path(s).resolve() for s in stylesheets)
        self.pdf_variant = pdf_variant
        # Reference .docx files as parsed for DOCX, by content: each read once, not per document.
        self._docx_references = ReferenceCache()
        for sheet in self.user_stylesheets:
            if not sheet.is_file():
                raise InputError(f"{sheet}: stylesheet not found")

    def warm(
        self, *, kinds: Iterable[str] | None = None, locales: Iterable[str] | None = None
    ) -> None:
        """Do now what the first render would do: compile the templates of ``kinds`` (default:
        all), load the catalogs and locale data of ``locales`` (default: all), and load the
        PDF engine, the stylesheets and their fonts when a kind is written as PDF.

        Errors in templates or catalogs are raised here, at start-up, not in a request.
        """
        specs = [self.engine.kind(k) for k in (self.kinds() if kinds is None else kinds)]
        for spec in specs:
            self._compile(spec.template_name, set())
        # What a render imports on first use: the legal checks (every kind's view reads the
        # custody they compute) and the writers of the kinds' formats.
        from . import checks  # noqa: F401

        for fmt in sorted({fmt for spec in specs for fmt in spec.formats}):
            self._writer(fmt)
        for lang in self.locales() if locales is None else locales:
            localizer = get_localizer(lang, self.locale_dirs)
            _warm_localizer(localizer)
        pdf_kinds = [spec for spec in specs if "pdf" in spec.formats]
        if pdf_kinds:
            from .writers.pdf import warm_pdf

            allowed = (*self.engine.template_dirs, *(s.parent for s in self.user_stylesheets))
            for spec in pdf_kinds:
                sheets = [p for p in (spec.stylesheet(), *self.user_stylesheets) if p is not None]
                warm_pdf(sheets, ResourceFetcher(list(allowed)))

    def _compile(self, name: str, seen: set[str]) -> None:
        """Compile template ``name`` and every template it names (extends, includes, imports)."""
        import jinja2
        from jinja2 import meta

        if name in seen:
            return
        seen.add(name)
        env = self.engine.env
        try:
            env.get_template(name)
            assert env.loader is not None
            source, _, _ = env.loader.get_source(env, name)
            names = meta.find_referenced_templates(env.parse(source))
        except jinja2.TemplateSyntaxError as exc:
            from .errors import TemplateError

            raise TemplateError(
                f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from exc
        for other in names:
            if other is not None:
                self._compile(other, seen)

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
        personal = _personal_paragraph(personal)
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
        with collect_fallbacks() as missed:
            doc, notices = self._compose(
                spec, case, localizer, recipient, sender, audience, today, personal, photo
            )
        notices.extend(_missing_translations(missed, localizer.lang))
        # Every notice says which document's language it is about (a program groups by it).
        return doc, [
            n if n.locale else dataclasses.replace(n, locale=doc.meta.lang) for n in notices
        ]

    def _compose(
        self,
        spec: KindSpec,
        case: Case,
        localizer: Localizer,
        recipient: Recipient | None,
        sender: Sender | None,
        audience: Sensitivity | None,
        today: _dt.date | None,
        personal: str | None,
        photo: str | None,
    ) -> tuple[RenderedDocument, list[Notice]]:
        """The document and its notices (see :meth:`document`), translations being collected."""
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
        sheets = (*spec.stylesheets(), *self.user_stylesheets)

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
        fmt: Format = "pdf",
        recipient: Recipient | None = None,
        sender: Sender | None = None,
        audience: Sensitivity | None = None,
        today: _dt.date | None = None,
        personal: str | None = None,
    ) -> Output:
        """Render one document to bytes in ``fmt``.

        ``locale``: default the recipient's language, else the case's. ``personal``: a
        paragraph in the sender's own words, printed (as text, never markup) by kinds that have
        a place for it, as a campaign's ``personal`` is (the letter: before the demands).
        """
        (out,) = self.render_formats(
            case, kind=kind, locale=locale, formats=(fmt,), recipient=recipient,
            sender=sender, audience=audience, today=today, personal=personal,
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
        formats: Sequence[Format | str],
        kind: str = "letter",
        locale: str | None = None,
        recipient: Recipient | None = None,
        sender: Sender | None = None,
        audience: Sensitivity | None = None,
        today: _dt.date | None = None,
        personal: str | None = None,
    ) -> list[Output]:
        """Render one document in several formats, composing it once (checks, layout included)."""
        spec = self.engine.kind(kind)
        for fmt in formats:
            if fmt not in spec.formats:
                raise InputError(
                    f"kind {kind!r} is not available as {fmt!r}; it is as {', '.join(spec.formats)}"
                )
        writers = [self._writer(fmt) for fmt in formats]
        with _engine_said(pdf="pdf" in formats or "page_budgets" in spec.data) as said:
            doc, warnings = self.document(
                case,
                kind=kind,
                locale=locale,
                recipient=recipient,
                sender=sender,
                audience=audience,
                today=today,
                personal=personal,
            )
            data = [writer(doc) for writer in writers]
        lang = doc.meta.lang
        warnings.extend(layout(m.logger, m.message, lang) for m in said)
        stem = ".".join(p for p in (case.id, kind, recipient.id if recipient else "") if p)
        return [
            Output(
                kind=kind,
                locale=lang,
                format=cast(Format, fmt),  # one of the kind's formats: checked above
                data=blob,
                filename=f"{stem}.{lang}.{EXTENSIONS[fmt]}",
                warnings=tuple(dict.fromkeys(warnings)),
                recipient=recipient.id if recipient else None,
            )
            for fmt, blob in zip(formats, data, strict=True)
        ]


def _personal_paragraph(personal: object) -> str | None:
    """The personal paragraph as a document prints it; None for none (or only spaces)."""
    if personal is None:
        return None
    if not isinstance(personal, str):
        raise InputError(f"personal: expected the paragraph as text, got {type(personal).__name__}")
    bad = unprintable(personal)
    if bad is not None:
        raise InputError(f"personal: the paragraph {bad}")
    return personal if personal.strip() else None


def _missing_translations(missed: Sequence[Fallback], lang: str) -> list[Notice]:
    """One notice for each template sentence the document's catalogs lacked."""
    return [
        missing_translation(item.key, item.context, lang, item.used or SOURCE_LANGUAGE)
        for item in dict.fromkeys(missed)
    ]


class _NothingSaid:
    """An empty log for renders without the PDF engine (it is not even imported for them)."""

    def __enter__(self) -> list[Any]:
        return []

    def __exit__(self, *exc: object) -> None:
        return None


def _engine_said(*, pdf: bool) -> Any:
    """What the PDF engine logs during a render (WARNING and above): kept from the process's
    logging handlers and turned into the render's warnings. Global logging is never changed."""
    if not pdf:
        return _NothingSaid()
    from .writers.pdf import engine_log

    return engine_log()


def _warm_localizer(localizer: Localizer) -> None:
    """Load what a localizer reads lazily: etiquette, Babel's data for dates, lists, numbers."""
    localizer.etiquette()
    day = _dt.date(2000, 1, 1)
    for style in ("text", "short"):
        localizer.date(day, style=style)
    localizer.list(["a", "b", "c"])
    localizer.number(1234.5)
    localizer.country("UA")
    localizer.language_name("en")
    localizer.plural_forms()
    logging.getLogger(__name__).debug("warmed locale %s", localizer.lang)
