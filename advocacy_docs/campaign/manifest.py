"""The campaign's record of what it wrote: a journal while it runs, ``manifest.json`` at the end.

Each output, once written (atomically), gets one JSON line in ``manifest.journal``; a line cut
short by a crash is ignored. At the end the journal is compacted into ``manifest.json`` (written
atomically) and removed. ``--resume`` reads both, so nothing written before a crash is lost, and
trusts an entry only when the file on disk still has the size and SHA-256 it lists.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..atomic import write_atomic

MANIFEST = "manifest.json"
JOURNAL = "manifest.journal"
ERRORS = "errors.json"
MANIFEST_SCHEMA = "advocacy-docs/campaign-manifest@1"
ERRORS_SCHEMA = "advocacy-docs/campaign-errors@1"

# write_atomic's temporary files: ".<name>.<random>.part"
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.part$")

Entry = dict[str, Any]


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_temp_files(folder: Path) -> int:
    """Remove temporary files a killed run left behind; how many there were.

    Only in a folder a campaign wrote (it has a manifest or a journal): never in a folder of
    other files that happens to be given as the output.
    """
    count = 0
    if not ((folder / MANIFEST).is_file() or (folder / JOURNAL).is_file()):
        return 0
    for dirpath, _, files in os.walk(folder):
        for name in files:
            if _TEMP.match(name):
                Path(dirpath, name).unlink(missing_ok=True)
                count += 1
    return count


def encode(entry: Entry) -> bytes:
    """An entry as one line of JSON (how the journal, the manifest and memory hold it).

    A campaign keeps the entries of its outputs until it writes the manifest; as bytes they take
    a few hundred bytes each, several times less than as dictionaries.
    """
    ordered = {k: entry[k] for k in _KEYS if k in entry}
    ordered.update(sorted((k, v) for k, v in entry.items() if k not in ordered))
    return json.dumps(ordered, ensure_ascii=False).encode("utf-8")


_KEYS = (
    "path",
    "recipient",
    "sender",
    "kind",
    "locale",
    "format",
    "size",
    "pages",
    "sha256",
    "inputs",
)


def read_state(folder: Path) -> dict[str, bytes]:
    """What earlier runs recorded: manifest.json, then the journal's lines over it, by path."""
    state: dict[str, bytes] = {}
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        outputs = data.get("outputs") if isinstance(data, dict) else None
        for entry in outputs if isinstance(outputs, list) else []:
            if _valid(entry):
                state[entry["path"]] = encode(entry)
        del data, outputs
    for entry in _journal_entries(folder / JOURNAL):
        state[entry["path"]] = encode(entry)
    return state


def _valid(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("path"), str)
        and isinstance(entry.get("sha256"), str)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("inputs"), str)
    )


def _journal_entries(path: Path) -> Iterator[Entry]:
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return
    with fh:
        for raw in fh:
            try:
                entry = json.loads(raw)
            except ValueError:
                continue  # the last line of a killed run, cut short
            if _valid(entry):
                yield entry


def still_valid(folder: Path, line: bytes | None, inputs: str) -> bool:
    """True when the entry ``line`` was made from ``inputs`` and its file is on disk, unchanged."""
    if line is None:
        return False
    entry = json.loads(line)
    if entry.get("inputs") != inputs:
        return False
    path = folder / entry["path"]
    try:
        if path.stat().st_size != entry["size"]:
            return False
        return bool(sha256_file(path) == entry["sha256"])
    except OSError:
        return False


class Journal:
    """Append-only lines of finished outputs; each line is one write, so a crash cuts one."""

    def __init__(self, folder: Path, *, fresh: bool) -> None:
        self.path = folder / JOURNAL
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if fresh else 0)
        self.fd = os.open(self.path, flags, 0o644)

    def append(self, lines: Iterable[bytes]) -> None:
        """Record finished outputs (encoded entries)."""
        data = b"".join(line + b"\n" for line in lines)
        if data:
            os.write(self.fd, data)

    def close(self) -> None:
        """Flush to disk and close."""
        if self.fd >= 0:
            os.fsync(self.fd)
            os.close(self.fd)
            self.fd = -1

    def remove(self) -> None:
        """Delete the journal (after compaction)."""
        self.close()
        self.path.unlink(missing_ok=True)


def write_manifest(folder: Path, header: Mapping[str, Any], outputs: Mapping[str, bytes]) -> Path:
    """Write manifest.json atomically: the header fields, then one output a line, by path."""
    document = {"schema": MANIFEST_SCHEMA, **header, "outputs": []}
    head = json.dumps(document, ensure_ascii=False, indent=1)
    assert head.endswith('"outputs": []\n}')
    lines = b",\n".join(outputs[path] for path in sorted(outputs))
    text = head[: -len("[]\n}")].encode("utf-8")
    text += b"[\n" + lines + b"\n]\n}\n" if outputs else b"[]\n}\n"
    path = folder / MANIFEST
    write_atomic(path, text)
    return path


def write_errors(
    folder: Path, errors: list[dict[str, Any]], warnings: list[dict[str, Any]]
) -> Path:
    """Write errors.json atomically (an empty list when nothing failed)."""
    document = {"schema": ERRORS_SCHEMA, "errors": errors, "warnings": warnings}
    path = folder / ERRORS
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


# --- PDF pages -----------------------------------------------------------------------------

_PAGES = re.compile(rb"<<(?:(?!<<|>>).)*?/Type\s*/Pages\b(?:(?!<<|>>).)*?>>", re.S)
_COUNT = re.compile(rb"/Count\s+(\d+)")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b[^>]*>>\s*stream\r?\n", re.S)


def pdf_page_count(data: bytes) -> int | None:
    """The page count of a PDF from its page tree root (also inside compressed object streams).

    No PDF library needed: the root ``/Pages`` dictionary (the one without ``/Parent``) carries
    ``/Count``. None when it cannot be found.
    """
    chunks = [data]
    for match in _OBJSTM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            continue
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end() : end], 1 << 24))
        except zlib.error:
            continue
    for chunk in chunks:
        for found in _PAGES.finditer(chunk):
            if b"/Parent" in found.group(0):
                continue
            count = _COUNT.search(found.group(0))
            if count:
                return int(count.group(1))
    return None


# --- zip -----------------------------------------------------------------------------------

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_zip(folder: Path, target: Path, names: Iterable[str]) -> Path:
    """Pack ``names`` (paths inside ``folder``) into ``target``: same files, same bytes.

    Entries are sorted, dated 1980-01-01, with fixed permissions; the zip is written to a
    temporary file and renamed, so a reader never sees half a zip.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf,
        ):
            for name in sorted(set(names)):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so that the permissions below are read
                info.external_attr = 0o644 << 16
                with (folder / name).open("rb") as src, zf.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
