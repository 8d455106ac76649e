"""The reference documents a Renderer has prepared for DOCX, by content, safe to share by threads.

Each DOCX render reads the reference file's bytes (a few kilobytes) and looks them up by their
SHA-256: an edited file, or another one under the same name, is prepared afresh, and the same
file is parsed only once however many documents use it. A file that was refused (malformed, or
over a cap: docx_reference) is refused again without being read as a package again, so that a
campaign of a thousand letters does the work of refusing it once.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from .docx_reference import PreparedReference

MAX_REFERENCES = 4
"""Prepared references a cache keeps; the least recently used one goes first."""


class ReferenceCache:
    """Prepared reference documents by the SHA-256 of their bytes, for one Renderer."""

    def __init__(self, size: int = MAX_REFERENCES) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._prepared: OrderedDict[bytes, PreparedReference] = OrderedDict()
        self._refused: OrderedDict[tuple[bytes, str], str] = OrderedDict()  # its error message

    def get(self, path: Path) -> PreparedReference:
        """The reference document at ``path`` as it is now, prepared; InputError if unreadable."""
        # Imported here, as get_writer does: python-docx loads with the first DOCX, not before.
        from .docx_reference import PreparedReference, read_reference

        data = read_reference(path)
        key = hashlib.sha256(data).digest()
        refused_key = (key, str(path))  # the message names the file
        with self._lock:
            prepared = self._prepared.get(key)
            if prepared is not None:
                self._prepared.move_to_end(key)
                return prepared
            refused = self._refused.get(refused_key)
        if refused is not None:
            raise InputError(refused)
        # Prepared outside the lock: other threads' documents need not wait for this one. Two
        # threads may prepare the same file at once; the first to finish is kept.
        try:
            prepared = PreparedReference(data, path)
        except InputError as exc:
            with self._lock:
                self._refused[refused_key] = str(exc)
                while len(self._refused) > self._size:
                    self._refused.popitem(last=False)
            raise
        with self._lock:
            prepared = self._prepared.setdefault(key, prepared)
            self._prepared.move_to_end(key)
            while len(self._prepared) > self._size:
                self._prepared.popitem(last=False)
        return prepared

    def __len__(self) -> int:
        with self._lock:
            return len(self._prepared)
