"""The campaign's record of what it wrote: a journal while it runs, ``manifest.json`` at the end.

Each output, once written (atomically), gets one JSON line in ``manifest.journal``; a line cut
short by a crash is ignored. At the end the journal is compacted into ``manifest.json`` (written
atomically) and removed. ``--resume`` reads both, so nothing written before a crash is lost, and
trusts an entry only when the file on disk still has the size and SHA-256 it lists.
"""

from __future__ import annotations

import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import socket
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..atomic import (
    UnsafeOutput,
    describe,
    open_regular,
    open_root,
    opened_folder,
    write_atomic,
)
from ..errors import InputError, visible

MANIFEST = "manifest.json"
JOURNAL = "manifest.journal"
ERRORS = "errors.json"
LOCK = ".advocacy-docs.lock"
"""Held (``flock``) by the campaign writing into the folder; it says who that is."""
MANIFEST_SCHEMA = "advocacy-docs/campaign-manifest@1"
ERRORS_SCHEMA = "advocacy-docs/campaign-errors@1"

# write_atomic's temporary files: ".<name>.<random>.part"
_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.part\Z")

Entry = dict[str, Any]


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    with path.open("rb") as fh:
        return _sha256_fd(fh.fileno())


def _sha256_fd(fd: int) -> str:
    digest = hashlib.sha256()
    while block := os.read(fd, 1 << 20):
        digest.update(block)
    return digest.hexdigest()


def _is_record(folder: Path, name: str) -> bool:
    """True when ``name`` in ``folder`` is a regular file (a link to one does not count)."""
    try:
        return stat.S_ISREG(os.lstat(folder / name).st_mode)
    except OSError:
        return False


def remove_temp_files(folder: Path) -> int:
    """Remove temporary files a killed run left behind; how many there were.

    Only in a folder a campaign wrote (it has a manifest or a journal): never in a folder of
    other files that happens to be given as the output. The walk follows no link.
    """
    count = 0
    if not (_is_record(folder, MANIFEST) or _is_record(folder, JOURNAL)):
        return 0
    for _, _, files, dir_fd in os.fwalk(folder, follow_symlinks=False):
        for name in files:
            if _TEMP.match(name):
                try:
                    os.unlink(name, dir_fd=dir_fd)
                except FileNotFoundError:
                    continue
                count += 1
    return count


@contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Hold the output folder for one campaign: a second one into the same folder is refused
    (InputError naming the process that holds it), instead of both writing one manifest.

    Also says, in one line, why the folder cannot be written at all (read-only, a file).
    """
    try:
        root = open_root(folder)
    except OSError as exc:
        raise InputError(f"{folder}: cannot use as the output folder: {describe(exc)}") from None
    try:
        fd = _take_lock(folder, root)
    finally:
        os.close(root)
    try:
        yield
    finally:
        try:
            # Removed while still held, and only if it is still ours: a campaign that opened
            # the old file after this unlink sees (below) that it holds a removed file.
            if _same_file(fd, folder):
                os.unlink(folder / LOCK)
        except OSError:
            pass
        os.close(fd)


def _same_file(fd: int, folder: Path) -> bool:
    try:
        on_disk = os.lstat(folder / LOCK)
    except OSError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _take_lock(folder: Path, root: int) -> int:
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(20):  # another campaign may remove the file as we open it: open again
        try:
            fd = os.open(LOCK, flags, 0o644, dir_fd=root)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                exc = UnsafeOutput(errno.ELOOP, f"{LOCK} is a symbolic link", LOCK)
            raise InputError(
                f"{folder}: cannot use as the output folder: {describe(exc)}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _holder(fd)
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise InputError(f"{folder}: cannot lock the output folder: {describe(exc)}") \
                    from None  # fmt: skip
            raise InputError(
                f"{folder}: another campaign is writing into this folder ({holder}); wait for "
                "it to end, or give another -o"
            ) from None
        if not _same_file(fd, folder):
            os.close(fd)
            continue
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InputError(f"{folder}: {LOCK} is not a regular file: remove it")
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        note = f"process {os.getpid()} on {socket.gethostname()}, since {started}\n"
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, note.encode("utf-8", "replace"), 0)
        except OSError as exc:
            os.close(fd)
            raise InputError(f"{folder}: cannot write in the output folder: {describe(exc)}") \
                from None  # fmt: skip
        return fd
    raise InputError(f"{folder}: cannot lock the output folder: its lock file keeps changing")


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 300, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return visible(" ".join(text.split())[:200]) or "a process that has not said who it is"


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


def _loads(data: bytes | str) -> Any:
    """JSON, or None when it is not (cut short, corrupt, or nested too deep to decode)."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _open_record(folder: Path, name: str) -> int | None:
    """A read descriptor of a record file of the folder; None when there is none.

    InputError when something else stands under its name (a folder, a link, a device).
    """
    try:
        return open_regular(folder, name)
    except FileNotFoundError:
        return None
    except UnsafeOutput as exc:  # its message names the file
        raise InputError(f"{exc.strerror}: remove it, or give another -o") \
            from None  # fmt: skip
    except OSError as exc:
        raise InputError(f"{folder / name}: cannot be read: {describe(exc)}") from None


def read_state(folder: Path) -> dict[str, bytes]:
    """What earlier runs recorded: manifest.json, then the journal's lines over it, by path."""
    state: dict[str, bytes] = {}
    fd = _open_record(folder, MANIFEST)
    if fd is not None:
        with os.fdopen(fd, "rb") as fh:
            data = _loads(fh.read())
        outputs = data.get("outputs") if isinstance(data, dict) else None
        for entry in outputs if isinstance(outputs, list) else []:
            if _valid(entry):
                state[entry["path"]] = encode(entry)
        del data, outputs
    for entry in _journal_entries(folder):
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


def _journal_entries(folder: Path) -> Iterator[Entry]:
    fd = _open_record(folder, JOURNAL)
    if fd is None:
        return
    with os.fdopen(fd, "rb") as fh:
        for raw in fh:
            entry = _loads(raw)  # None: the last line of a killed run, cut short
            if _valid(entry):
                yield entry


def still_valid(folder: Path, line: bytes | None, inputs: str) -> bool:
    """True when the entry ``line`` was made from ``inputs`` and its file is on disk, unchanged:
    a regular file inside ``folder``, reached without following a link."""
    if line is None:
        return False
    entry = _loads(line)
    if not _valid(entry) or entry.get("inputs") != inputs:
        return False
    try:
        fd = open_regular(folder, entry["path"])
    except OSError:
        return False
    try:
        if os.fstat(fd).st_size != entry["size"]:
            return False
        return bool(_sha256_fd(fd) == entry["sha256"])
    except OSError:
        return False
    finally:
        os.close(fd)


class Journal:
    """Append-only lines of finished outputs; each line is one write, so a crash cuts one."""

    def __init__(self, folder: Path, *, fresh: bool) -> None:
        self.folder = folder
        self.path = folder / JOURNAL
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        flags |= os.O_NONBLOCK | (os.O_TRUNC if fresh else 0)
        self.fd = -1
        self.error: str | None = None  # why a line could not be written, once one could not
        try:
            root = open_root(folder, create=False)
            try:
                fd = os.open(JOURNAL, flags, 0o644, dir_fd=root)
            finally:
                os.close(root)
        except OSError as exc:
            what = {errno.ELOOP: "a symbolic link", errno.EISDIR: "a folder"}.get(exc.errno or 0)
            if what:
                raise InputError(
                    f"{self.path} is {what}, not a campaign record: remove it or give another -o"
                ) from None
            raise InputError(f"{self.path}: cannot write the journal: {describe(exc)}") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise InputError(
                f"{self.path} is not a regular file, not a campaign record: remove it or give "
                "another -o"
            )
        self.fd = fd

    def append(self, lines: Iterable[bytes]) -> None:
        """Record finished outputs (encoded entries)."""
        data = b"".join(line + b"\n" for line in lines)
        if data and self.error is None:
            try:
                os.write(self.fd, data)
            except OSError as exc:
                # A full disk: the run goes on (the manifest lists every output at the end);
                # only what a crash would lose is at stake, so it is said once, not raised.
                self.error = describe(exc)

    def close(self) -> None:
        """Flush to disk and close."""
        if self.fd >= 0:
            try:
                os.fsync(self.fd)
            finally:
                os.close(self.fd)
                self.fd = -1

    def remove(self) -> None:
        """Delete the journal (after compaction)."""
        self.close()
        with suppress(FileNotFoundError):
            os.unlink(self.path)  # unlink never follows a link: it removes the name itself


def write_manifest(folder: Path, header: Mapping[str, Any], outputs: Mapping[str, bytes]) -> Path:
    """Write manifest.json atomically: the header fields, then one output a line, by path."""
    document = {"schema": MANIFEST_SCHEMA, **header, "outputs": []}
    head = json.dumps(document, ensure_ascii=False, indent=1)
    assert head.endswith('"outputs": []\n}')
    lines = b",\n".join(outputs[path] for path in sorted(outputs))
    text = head[: -len("[]\n}")].encode("utf-8")
    text += b"[\n" + lines + b"\n]\n}\n" if outputs else b"[]\n}\n"
    return write_atomic(folder / MANIFEST, text, root=folder)


def write_errors(
    folder: Path,
    errors: list[dict[str, Any]],
    warnings: list[dict[str, Any]],
    *,
    base: Path | None = None,
) -> Path:
    """Write errors.json atomically (an empty list when nothing failed).

    With ``base`` (the campaign file's folder), the paths it names are written relative to it:
    the file travels (``--zip``) without the local folders of whoever ran the campaign.
    """
    if base is not None:
        errors = [_relative_paths(error, base) for error in errors]
        warnings = [_relative_paths(warning, base) for warning in warnings]
    document = {"schema": ERRORS_SCHEMA, "errors": errors, "warnings": warnings}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    return write_atomic(folder / ERRORS, text.encode("utf-8"), root=folder)


def _relative_paths(value: Any, base: Path) -> Any:
    """``value`` with every absolute path below a folder ``base`` shares with it made relative
    to ``base`` (``/home/a/c/r.csv`` is ``r.csv`` from /home/a/c, ``../x.yaml`` from a sibling)
    and the home folder written ``~``."""
    if isinstance(value, dict):
        return {k: _relative_paths(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_relative_paths(v, base) for v in value]
    if not isinstance(value, str) or os.sep not in value:
        return value
    pattern, swaps = _prefixes(os.path.abspath(base))
    return pattern.sub(lambda m: swaps[m.group(1)], value)


@functools.lru_cache(maxsize=8)
def _prefixes(base: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of ``base``'s folders and the home folder as they start a path, and what each
    becomes."""
    swaps: dict[str, str] = {}
    up = ""
    folder = Path(base)
    while folder.parent != folder:  # every folder up to, not with, the root: "/" is everywhere
        swaps[str(folder) + os.sep] = up
        swaps[str(folder)] = up.rstrip(os.sep) or "."
        folder, up = folder.parent, up + ".." + os.sep
    home = str(Path.home())
    if home not in ("", os.sep):
        swaps.setdefault(home + os.sep, "~" + os.sep)
        swaps.setdefault(home, "~")
    keys = sorted(swaps, key=len, reverse=True)  # the nearest folder first
    # A path starts the text or follows what is not part of a name; a folder given without its
    # trailing separator must end there ("/home/a" is not the start of "/home/ab").
    alternatives = "|".join(
        re.escape(k) if k.endswith(os.sep) else re.escape(k) + r"(?![\w.-])" for k in keys
    )
    return re.compile(rf"(?<![\w.~-])({alternatives})"), swaps


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


def zip_problem(target: Path) -> str | None:
    """Why ``target`` cannot become the zip (a folder or a device stands there); None if it can.

    A link there is replaced, never followed (the rename replaces the name itself).
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{target}: {describe(exc)}"
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return None
    what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
    return f"{target} is {what}, so the zip cannot be written there: remove it or give another -o"


def write_zip(folder: Path, target: Path, names: Iterable[str]) -> Path:
    """Pack ``names`` (paths inside ``folder``) into ``target``: same files, same bytes.

    Entries are sorted, dated 1980-01-01, with fixed permissions; the zip is written to a
    temporary file and renamed, so a reader never sees half a zip. Each file is read without
    following a link inside ``folder`` (a link there is refused, not packed). OSError
    (UnsafeOutput for what is refused) when it cannot be written.
    """
    problem = zip_problem(target)
    if problem:
        raise UnsafeOutput(errno.EISDIR, problem, str(target))
    tmp = f".{target.name}.{os.urandom(4).hex()}.part"
    with opened_folder(target.parent, [], create=True) as dir_fd:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644, dir_fd=dir_fd)  # fmt: skip
        try:
            with (
                os.fdopen(fd, "wb", closefd=False) as raw,
                zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf,
            ):
                for name in sorted(set(names)):
                    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.create_system = 3  # Unix, so that the permissions below are read
                    info.external_attr = 0o644 << 16
                    src_fd = open_regular(folder, name)
                    with os.fdopen(src_fd, "rb") as src, zf.open(info, "w") as dst:
                        while block := src.read(1 << 20):
                            dst.write(block)
            os.fchmod(fd, 0o644)
            os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, target.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            if fd >= 0:
                os.close(fd)
            with suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
    return target
