"""Everything a reader or a tool can get out of a rendered file, as strings to search.

:func:`views` returns, per format, the text a reader sees and the decoded bytes of every part:

- PDF: the raw file; the text pypdf extracts from every page; every object reachable from the
  trailer or listed in the cross-reference table: strings decoded (document info, outline,
  annotations, names, dictionary keys), streams decompressed, text ones (content streams, XMP
  metadata) apart from binary ones (fonts, images);
- DOCX: every part of the package (document, styles, core.xml, app.xml, settings.xml, the
  relationships, media), as bytes and, for XML, as text with the tags removed (a word split over
  several runs is found too);
- HTML, TXT: the decoded file, and for HTML its text with entities resolved;
- EML: the raw message, every header decoded, every part decoded (and an attached PDF or DOCX
  searched as above).
"""

from __future__ import annotations

import email
import email.policy
import html
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

_TAGS = re.compile(r"<[^>]*>")
_NOT_MARKER = re.compile(r"[^A-Z0-9]+")


def views(fmt: str, data: bytes) -> dict[str, str]:
    """Named views of one output (see the module documentation)."""
    if fmt == "pdf":
        return pdf_views(data)
    if fmt == "docx":
        return docx_views(data)
    if fmt == "eml":
        return eml_views(data)
    text = data.decode("utf-8")
    out = {"raw": data.decode("latin-1"), "text": text}
    if fmt == "html":
        out["unescaped"] = html.unescape(_TAGS.sub(" ", text))
    return out


def pdf_views(data: bytes) -> dict[str, str]:
    """The raw PDF, its extracted text, and every object decoded."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    reader = PdfReader(io.BytesIO(data))
    out = {
        "raw": data.decode("latin-1"),
        "text": "\n".join(page.extract_text() or "" for page in reader.pages),
    }
    strings: list[str] = []
    streams: list[str] = []
    binary: list[str] = []
    seen: set[tuple[int, int]] = set()
    todo: list[Any] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        todo += [IndirectObject(n, generation, reader) for n in numbers]
    todo += [IndirectObject(n, 0, reader) for n in getattr(reader, "xref_objStm", {})]
    while todo:
        obj = todo.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                obj = obj.get_object()
            except Exception:  # a free entry of the table
                continue
        todo += _pdf_children(obj, strings, streams, binary)
    out["strings"] = "\n".join(strings)
    out["streams"] = "\n".join(streams)
    out["streams (binary)"] = "\n".join(binary)
    return out


def _pdf_children(obj: Any, strings: list[str], streams: list[str], binary: list[str]) -> list[Any]:
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        NameObject,
        StreamObject,
        TextStringObject,
    )

    children: list[Any] = []
    if isinstance(obj, StreamObject):
        try:
            decoded = obj.get_data()
        except Exception:  # an image filter pypdf cannot undo: the raw view has its bytes
            decoded = obj._data
        # Content streams and XMP metadata are text; fonts and images are not.
        text = decoded.decode("utf-8", errors="replace")
        head = text[:4096]
        printable = sum(c.isprintable() or c in "\t\n\r" for c in head)
        if printable >= 0.95 * len(head):
            streams.append(text)
        binary += [decoded.decode("latin-1"), _utf16(decoded)]
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            strings.append(str(key))
            children.append(value)
    elif isinstance(obj, ArrayObject):
        children += list(obj)
    elif isinstance(obj, TextStringObject | NameObject):
        strings.append(str(obj))
    elif isinstance(obj, ByteStringObject):
        strings += [bytes(obj).decode("latin-1"), _utf16(bytes(obj))]
    return children


def _utf16(data: bytes) -> str:
    return data[: len(data) // 2 * 2].decode("utf-16-be", errors="replace")


def docx_views(data: bytes) -> dict[str, str]:
    """Every part of the DOCX package: as text, and for XML also without its tags."""
    out = {"raw": data.decode("latin-1")}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            part = package.read(name)
            text = part.decode("utf-8", errors="replace")
            if name.endswith((".xml", ".rels")):
                out[name] = text
                out[f"{name} (text)"] = html.unescape(_TAGS.sub("", text))
            else:
                out[f"{name} (binary)"] = part.decode("latin-1")
    return out


def eml_views(data: bytes) -> dict[str, str]:
    """The raw message, its decoded headers and every decoded part."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    out = {"raw": data.decode("latin-1")}
    out["headers"] = "\n".join(f"{k}: {v}" for k, v in message.items())
    for i, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        payload = part.get_payload(decode=True) or b""
        if kind == "application/pdf":
            out.update({f"part {i} {k}": v for k, v in pdf_views(payload).items()})
        elif kind.endswith("wordprocessingml.document"):
            out.update({f"part {i} {k}": v for k, v in docx_views(payload).items()})
        elif part.get_content_maintype() == "text":
            out[f"part {i}"] = part.get_content()
        else:
            out[f"part {i} (binary)"] = payload.decode("latin-1")
    return out


def is_binary(view: str) -> bool:
    """True for views of bytes that are not text (the raw file, fonts, images): a short word
    turns up in them by chance."""
    return view.endswith("raw") or view.endswith("(binary)")


def squeeze(text: str) -> str:
    """Only capital letters and digits: a marker survives line breaks, hyphenation, soft
    hyphens, isolates and UTF-16 in this form."""
    return _NOT_MARKER.sub("", text.upper())


def markers_in(all_views: dict[str, str], markers: Iterable[str]) -> dict[str, list[str]]:
    """For each marker found, the views it was found in (markers are [A-Z0-9]+)."""
    squeezed = {name: squeeze(text) for name, text in all_views.items()}
    found: dict[str, list[str]] = {}
    for marker in markers:
        where = [name for name, text in squeezed.items() if marker in text]
        if where:
            found[marker] = where
    return found


def strings_in(all_views: dict[str, str], needles: Iterable[str]) -> dict[str, list[str]]:
    """For each needle found as is (case-sensitive), the views it was found in."""
    found: dict[str, list[str]] = {}
    for needle in needles:
        where = [name for name, text in all_views.items() if needle in text]
        if where:
            found[needle] = where
    return found
