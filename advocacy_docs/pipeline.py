"""The pipeline, stage by stage: audience → localize → template → write. One Renderer per setup."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from .atomic import write_atomic
from .audience import redact
from .case import Case, Recipient, Sender
from .case.types import SENSITIVITY_ORDER, PartialDate, Sensitivity
from .errors import InputError, ResourceError
from .i18n import available_locales, get_localizer
from .paths import bundled_locales_dir
from .resources import ResourceFetcher
from .templating import KindSpec, TemplateEngine
from .view import build_context
from .writers import EXTENSIONS, DocumentMeta, RenderedDocument, get_writer


@dataclass(frozen=True)
class Output:
    """One rendered file: its bytes, a suggested file name, and what the campaigner should know."""

    kind: str
    locale: str
    format: str
    data: bytes
    filename: str
    warnings: tuple[str, ...] = ()
    recipient: str | None = None

    def save(self, directory: Path, name: str | None = None) -> Path:
        """Write the file atomically into ``directory`` and return its path."""
        path = Path(directory) / (name or self.filename)
        write_atomic(path, self.data)
        return path


def _meta_from_html(html: str, lang: str) -> DocumentMeta:
    """Title, author, subject and keywords as the template wrote them in <head>."""
    head = lxml.html.document_fromstring(html).find("head")

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


_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def photo_url(case: Case) -> str | None:
    """The ``file:`` URL of the case's photo, checked: inside the case folder, and an image."""
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
    with open(real, "rb") as fh:
        head = fh.read(8)
    if not head.startswith(_IMAGE_SIGNATURES):
        raise InputError(f"{where}: {photo!r} is not a JPEG, PNG or GIF image")
    return real.as_uri()


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
    ) -> tuple[RenderedDocument, list[str]]:
        """The semantic HTML document for one kind, locale, recipient and sender, and warnings."""
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
            photo=photo_url(visible_case),
        )
        html = self.engine.render(spec, context)
        allowed = [*self.engine.template_dirs, *(s.parent for s in self.user_stylesheets)]
        if case.base_dir is not None:
            allowed.append(case.base_dir)
        sheets = tuple(p for p in (spec.stylesheet(), *self.user_stylesheets) if p is not None)
        doc = RenderedDocument(
            html=html,
            meta=_meta_from_html(html, lang),
            fetcher=ResourceFetcher(allowed),
            stylesheets=sheets,
            paper=spec.paper,
            reference_docx=self.reference_docx,
            pdf_variant=self.pdf_variant,
        )
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
        spec = self.engine.kind(kind)
        if fmt not in spec.formats:
            raise InputError(
                f"kind {kind!r} is not available as {fmt!r}; it is as {', '.join(spec.formats)}"
            )
        writer = get_writer(fmt)
        doc, warnings = self.document(
            case,
            kind=kind,
            locale=locale,
            recipient=recipient,
            sender=sender,
            audience=audience,
            today=today,
        )
        data = writer(doc)
        stem = ".".join(p for p in (case.id, kind, recipient.id if recipient else "") if p)
        return Output(
            kind=kind,
            locale=doc.meta.lang,
            format=fmt,
            data=data,
            filename=f"{stem}.{doc.meta.lang}.{EXTENSIONS[fmt]}",
            warnings=tuple(dict.fromkeys(warnings)),
            recipient=recipient.id if recipient else None,
        )
