"""The write stage: one module per format. Writers know formats, never document kinds."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import InputError
from .base import DocumentMeta, RenderedDocument, Writer

EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "txt": "txt", "eml": "eml"}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "eml": "message/rfc822",
}
"""The media type (``Content-Type``) of each format's files."""


def get_writer(fmt: str) -> Writer:
    """The writer function for a format name."""
    loaders: dict[str, Callable[[], Writer]] = {
        "pdf": _pdf,
        "docx": _docx,
        "html": _html,
        "txt": _txt,
        "eml": _eml,
    }
    try:
        return loaders[fmt]()
    except KeyError:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(loaders)}") from None


# Imported on first use: each format pulls in heavy libraries (Pango, python-docx).
def _pdf() -> Writer:
    from .pdf import write_pdf

    return write_pdf


def _docx() -> Writer:
    from .docx import write_docx

    return write_docx


def _html() -> Writer:
    from .html import write_html

    return write_html


def _txt() -> Writer:
    from .txt import write_txt

    return write_txt


def _eml() -> Writer:
    from .eml import write_eml

    return write_eml


__all__ = ["EXTENSIONS", "MEDIA_TYPES", "DocumentMeta", "RenderedDocument", "Writer", "get_writer"]
