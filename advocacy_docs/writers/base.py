"""What every writer receives: one rendered HTML document and its metadata."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..resources import ResourceFetcher


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata every format carries (PDF info, DOCX core properties, HTML head, e-mail headers)."""

    title: str
    lang: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    # Fixed, so that the same input gives byte-identical files.
    date: _dt.datetime = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)


@dataclass(frozen=True)
class RenderedDocument:
    """A kind's template output: semantic HTML in the shared vocabulary, plus what formats need."""

    html: str
    meta: DocumentMeta
    fetcher: ResourceFetcher
    stylesheets: tuple[Path, ...] = ()
    paper: str = "A4"
    reference_docx: Path | None = None
    pdf_variant: str | None = None  # e.g. "pdf/a-3u", "pdf/ua-1": passed to WeasyPrint
    # Addresses for formats that are messages (eml): from_name, from_email, to_name, to_email,
    # date (ISO), and optionally attach ("pdf"). Filled when there is a recipient and a sender.
    envelope: Mapping[str, str] | None = None


Writer = Callable[[RenderedDocument], bytes]
