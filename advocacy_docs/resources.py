"""The one way a document reads anything: local files from allowed folders, and ``data:`` URLs.

No network access, ever. A file is allowed only when its real path (symlinks resolved) lies inside
one of the allowed folders: the template folders of the kind being rendered and the case file's
folder. Every writer (PDF stylesheets and images, DOCX images) reads through
:class:`ResourceFetcher`.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from .errors import ResourceError

MAX_RESOURCE_BYTES = 20 * 1024 * 1024

# While a campaign worker records (record_reads): every file any fetcher of this process read,
# by real path, with the SHA-256 of the bytes read ("changed" when two reads differed).
_reads: dict[str, str] | None = None


def record_reads() -> dict[str, str]:
    """Start a fresh record of every file this process's fetchers read; returns it (live)."""
    global _reads
    _reads = {}
    return _reads


def stop_recording() -> None:
    """Stop recording reads (a run rendering in the caller's own process is over)."""
    global _reads
    _reads = None


def _note_read(path: Path, data: bytes) -> None:
    if _reads is None:
        return
    digest = hashlib.sha256(data).hexdigest()
    if _reads.setdefault(str(path), digest) != digest:
        _reads[str(path)] = "changed"  # matches no file: what was made from it is made again


@dataclass(frozen=True)
class Resource:
    """Bytes a document may embed, with their media type."""

    url: str
    data: bytes
    mime_type: str


class ResourceFetcher:
    """Reads resources for documents from allowed folders and ``data:`` URLs only."""

    def __init__(self, allowed_dirs: tuple[Path, ...] | list[Path]) -> None:
        self.allowed_dirs = tuple(Path(os.path.realpath(d)) for d in allowed_dirs)

    def is_allowed_path(self, path: Path) -> bool:
        """True when the real path of ``path`` lies inside an allowed folder."""
        real = Path(os.path.realpath(path))
        return any(real == d or d in real.parents for d in self.allowed_dirs)

    def resolve_path(self, path: Path, *, what: str = "file") -> Path:
        """The real path of an allowed, existing file; ResourceError otherwise."""
        if not self.is_allowed_path(path):
            raise ResourceError(
                f"{what} {str(path)!r} is outside the folders a document may read "
                f"(the template and stylesheet folders)"
            )
        real = Path(os.path.realpath(path))
        if not real.is_file():
            raise ResourceError(f"{what} {str(path)!r} does not exist or is not a file")
        return real

    def fetch(self, url: str) -> Resource:
        """Read ``url`` if it is a ``data:`` URL or a ``file:`` URL inside an allowed folder."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return _decode_data_url(url)
        if scheme != "file":
            raise ResourceError(
                f"{_short(url)}: documents may not load anything from the network or other "
                f"URLs; put the file in the template's or the stylesheet's folder"
            )
        parsed = urllib.parse.urlsplit(url)
        if parsed.netloc not in ("", "localhost"):
            raise ResourceError(f"{_short(url)}: file URLs on other hosts are not allowed")
        path = Path(urllib.parse.unquote(parsed.path))
        real = self.resolve_path(path, what="resource")
        size = real.stat().st_size
        if size > MAX_RESOURCE_BYTES:
            raise ResourceError(f"resource {real.name!r} is larger than {MAX_RESOURCE_BYTES} bytes")
        mime, _ = mimetypes.guess_type(real.name)
        data = real.read_bytes()
        _note_read(real, data)
        return Resource(url=real.as_uri(), data=data, mime_type=mime or "")


def _decode_data_url(url: str) -> Resource:
    try:
        header, payload = url[5:].split(",", 1)
    except ValueError:
        raise ResourceError("malformed data: URL") from None
    parts = header.split(";")
    mime = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        try:
            data = base64.b64decode(payload, validate=False)
        except ValueError:
            raise ResourceError("malformed base64 in a data: URL") from None
    else:
        data = urllib.parse.unquote_to_bytes(payload)
    if len(data) > MAX_RESOURCE_BYTES:
        raise ResourceError(f"a data: URL is larger than {MAX_RESOURCE_BYTES} bytes")
    return Resource(url="data:", data=data, mime_type=mime)


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
