"""PDF through WeasyPrint: the kind's CSS, the restricted fetcher, one shared font configuration."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputError, RenderError, ResourceError
from ..resources import ResourceFetcher
from .base import RenderedDocument

# The archival (PDF/A) and accessible (PDF/UA) variants WeasyPrint writes that suit documents
# filed with courts and UN bodies; all of them tagged, so the text keeps its languages.
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/ua-1")


@cache
def _weasyprint() -> Any:
    # Imported lazily: loading Pango costs time that txt/docx/html renders need not pay.
    import weasyprint

    return weasyprint


class EngineMessage(NamedTuple):
    """One record WeasyPrint or fontTools logged while laying out or writing a PDF."""

    logger: str
    level: int
    message: str


# What the PDF engine logs is the document's business while one of our renders runs in this
# thread: it is caught there (never shown to the process's handlers) and becomes the render's
# warnings. Outside our renders, the engine's loggers behave as their owner configured them:
# no level, handler or propagation of theirs is ever changed.
_ENGINE_LOGGERS = ("weasyprint", "fontTools")
_engine_log: ContextVar[list[EngineMessage] | None] = ContextVar("_engine_log", default=None)
_watch_lock = threading.Lock()


class _RenderScope(logging.Filter):
    """Takes the engine's records while a render of this thread or task listens, else passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        sink = _engine_log.get()
        if sink is None:
            return True
        if record.levelno >= logging.WARNING:  # progress INFO and DEBUG say nothing to keep
            sink.append(EngineMessage(record.name, record.levelno, record.getMessage()))
        return False


_SCOPE = _RenderScope()


def _watch_engine_loggers() -> None:
    # A filter is asked only by the logger a record is logged on (not by its parents), and
    # fontTools logs on one logger per module: each gets the (otherwise transparent) filter.
    with _watch_lock:
        for name, logger in list(logging.root.manager.loggerDict.items()):
            if (
                isinstance(logger, logging.Logger)
                and name.split(".", 1)[0] in _ENGINE_LOGGERS
                and _SCOPE not in logger.filters
            ):
                logger.addFilter(_SCOPE)


@contextmanager
def engine_log(*, fresh: bool = False) -> Iterator[list[EngineMessage]]:
    """What the PDF engine logs (WARNING and above) in this thread while the block runs, kept
    from every logging handler; an enclosing block collects for both unless ``fresh``."""
    outer = _engine_log.get()
    if outer is not None and not fresh:
        yield outer
        return
    _weasyprint()  # its loggers exist once it is imported
    _watch_engine_loggers()
    found: list[EngineMessage] = []
    token = _engine_log.set(found)
    try:
        yield found
    finally:
        _engine_log.reset(token)
        _watch_engine_loggers()  # loggers of modules the engine imported on the way


@cache
def font_configuration() -> Any:
    """The font configuration shared by every PDF of this process (fonts are loaded once)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def warm_pdf(stylesheets: list[Path], fetcher: ResourceFetcher) -> None:
    """Load the PDF engine, parse ``stylesheets`` and load the fonts they name, by laying out
    a line of text in them: what the first PDF with these stylesheets would do."""
    wp = _weasyprint()
    dirs = tuple(str(d) for d in fetcher.allowed_dirs)
    with engine_log():
        sheets = [_stylesheet(path, dirs)[0] for path in stylesheets]
        # The sample has the scripts of the bundled locales: each may take another font.
        sample = "<p>Aa Ææ Ґґ Ыы Ğğ Łł «»</p><p><strong>Aa</strong> <em>Aa</em></p>"
        html = wp.HTML(string=sample, url_fetcher=_fetcher_adapter(fetcher))
        html.render(stylesheets=sheets, font_config=font_configuration()).write_pdf()


def _stylesheet(
    path: Path, fetcher_dirs: tuple[str, ...]
) -> tuple[Any, list[str], tuple[EngineMessage, ...]]:
    """The parsed stylesheet, the resources it was refused and what the engine said of it;
    parsed again only when edited."""
    stat = path.stat()
    return _parsed_stylesheet(str(path), stat.st_mtime_ns, stat.st_size, fetcher_dirs)


@cache
def _parsed_stylesheet(
    path: str, mtime: int, size: int, fetcher_dirs: tuple[str, ...]
) -> tuple[Any, list[str], tuple[EngineMessage, ...]]:
    # Parsed once per process and file version: campaigns render the same CSS thousands of times.
    # What the engine says of it is kept with it: every document that uses it says it again.
    wp = _weasyprint()
    fetcher = ResourceFetcher([Path(d) for d in fetcher_dirs])
    adapter = _fetcher_adapter(fetcher)
    data = fetcher.fetch(Path(path).as_uri())
    with engine_log(fresh=True) as said:
        sheet = wp.CSS(
            string=data.data.decode("utf-8"),
            base_url=Path(path).as_uri(),
            url_fetcher=adapter,
            font_config=font_configuration(),
        )
    return sheet, list(adapter.errors), tuple(said)


def _fetcher_adapter(fetcher: ResourceFetcher) -> Any:
    """A WeasyPrint URL fetcher that reads only through ``fetcher`` and remembers refusals."""
    return _adapter_class()(fetcher)


@cache
def _adapter_class() -> type:
    from urllib import request

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _Adapter(URLFetcher):  # type: ignore[misc]
        def __init__(self, fetcher: ResourceFetcher) -> None:
            # Not URLFetcher.__init__: it builds urllib handlers (an SSL context, proxies) for
            # the network, which this fetcher never uses, for every document.
            request.OpenerDirector.__init__(self)
            self._timeout = 10
            self._http_headers: dict[str, str] = {}
            self._allowed_protocols = {"file", "data"}
            self._fail_on_errors = False
            self._request = None
            self.fetcher = fetcher
            self.errors: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                res = self.fetcher.fetch(url)
            except ResourceError as exc:
                self.errors.append(str(exc))
                raise
            return URLFetcherResponse(
                res.url,
                body=res.data,
                headers={"Content-Type": res.mime_type or "application/octet-stream"},
            )

    return _Adapter


WORD_JOINER = "\u2060"
_NOTE_MARKS = (
    "contains(concat(' ', normalize-space(@class), ' '), ' footnote ') or @class='noteref'"
)


def glue_notes(html: str) -> str:
    """``html`` with each footnote mark tied to the word before it by a word joiner (U+2060:
    invisible, no break), so that a note's number never begins a line of its own."""
    import lxml.html

    if "footnote" not in html and "noteref" not in html:
        return html
    tree = lxml.html.document_fromstring(html)
    for note in tree.xpath(f"//body//*[{_NOTE_MARKS}]"):
        previous = note.getprevious()
        if previous is not None:
            if previous.tail and not previous.tail[-1].isspace():
                previous.tail += WORD_JOINER
            continue
        parent = note.getparent()
        if parent is not None and parent.text and not parent.text[-1].isspace():
            parent.text += WORD_JOINER
    out: str = lxml.html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")
    return out


def _layout(doc: RenderedDocument, **options: Any) -> Any:
    """The WeasyPrint document laid out in pages, every resource read through the fetcher.

    A resource the fetcher refused fails the render (WeasyPrint itself would only warn).
    """
    wp = _weasyprint()
    dirs = tuple(str(d) for d in doc.fetcher.allowed_dirs)
    with engine_log() as said:
        sheets, refused = [], []
        for path in doc.stylesheets:
            sheet, errors, messages = _stylesheet(path, dirs)
            sheets.append(sheet)
            refused.extend(errors)
            said.extend(messages)
        adapter = _fetcher_adapter(doc.fetcher)
        base_url = doc.stylesheets[0].parent.as_uri() + "/" if doc.stylesheets else None
        try:
            html = wp.HTML(string=glue_notes(doc.html), base_url=base_url, url_fetcher=adapter)
            laid_out = html.render(stylesheets=sheets, font_config=font_configuration(), **options)
        except Exception as exc:  # WeasyPrint raises many types; all mean a failed render.
            raise RenderError(f"PDF layout failed: {type(exc).__name__}: {exc}") from exc
    refused.extend(adapter.errors)
    if refused:
        raise ResourceError(refused[0])
    return laid_out


def section_lengths(doc: RenderedDocument, prefix: str = "section-") -> dict[str, float]:
    """How many pages each element whose id starts with ``prefix`` runs, as laid out in PDF.

    A section runs from its anchor to the next such anchor (the last one to the document's end).
    """
    pages = _layout(doc).pages
    found: list[tuple[float, str]] = []
    for number, page in enumerate(pages):
        for name, box in page.anchors.items():
            y = box[1]  # (left, top, right, bottom) in CSS pixels
            if name.startswith(prefix):
                found.append((number + y / page.height, name))
    found.sort()
    ends = [pos for pos, _ in found[1:]] + [float(len(pages))]
    return {name: round(end - pos, 2) for (pos, name), end in zip(found, ends, strict=True)}


def write_pdf(doc: RenderedDocument) -> bytes:
    """The document as PDF bytes (identical bytes for identical input)."""
    variant = doc.pdf_variant
    if variant is not None and variant not in PDF_VARIANTS:
        raise InputError(f"unknown PDF variant {variant!r}; known: {', '.join(PDF_VARIANTS)}")
    options = {
        "pdf_identifier": b"advocacy-docs",
        "pdf_variant": variant,
        "pdf_tags": variant is not None,
    }
    laid_out = _layout(doc, **options)
    try:
        with engine_log():
            pdf = laid_out.write_pdf(**options)
    except Exception as exc:  # WeasyPrint raises many types; all mean a failed render.
        raise RenderError(f"PDF writing failed: {type(exc).__name__}: {exc}") from exc
    # Attachments (<link rel="attachment">) are fetched only now, and WeasyPrint only logs a
    # refusal: it fails the render here, as one during layout does.
    refused = getattr(laid_out.url_fetcher, "errors", [])
    if refused:
        raise ResourceError(refused[0])
    return bytes(pdf)
