"""Writes into an output folder: atomic, never through a symbolic link, never outside the folder.

A reader sees the old file or the complete new one, never a partial file. Inside the output
folder (``root``) every folder is opened relative to its parent's descriptor with
``O_NOFOLLOW``, and the file is made there and renamed there: a symbolic link planted anywhere
below ``root`` (``out/r0001 -> /elsewhere``) is refused, never followed, so nothing is written
outside it. ``root`` itself is where the user pointed (``-o``), links and all.

Every name below ``root`` must also travel: a document copied to a USB stick or a Windows
machine must keep its name, so device names (``NUL``, ``com1.txt``), trailing dots and spaces,
characters Windows forbids and names over 255 bytes are refused (:func:`name_problem`).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

MAX_NAME_BYTES = 255
"""The longest name (one path component) ext4, NTFS, exFAT and APFS all take, in bytes."""

# Windows opens a device, not a file, for these names, whatever the extension ("nul.txt") and
# whatever the case; the superscript digits count as digits there.
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3"]
)
# Characters Windows (and FAT/exFAT on any system) refuse in a name; "/" separates names.
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_TEMP_SUFFIX = ".part"


class UnsafeOutput(OSError):
    """A name or a path below an output folder that is refused: ``strerror`` says why."""


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file or folder name on every system a document goes to; None."""
    if name in ("", ".", ".."):
        return f"{name!r} is not a file name"
    bad = _FORBIDDEN.search(name)
    if bad:
        return f"{name!r} has the character {bad.group()!r}, which Windows refuses in a file name"
    if name[-1] in ". ":
        return f"{name!r} ends in a dot or a space, which Windows drops from a file name"
    if name.split(".", 1)[0].rstrip(" ").upper() in _DEVICES:
        return f"{name!r} is a name Windows reserves for a device, whatever the extension"
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        return f"a name of {size} bytes is too long: file systems take at most {MAX_NAME_BYTES}"
    return None


def output_parts(relative: str | os.PathLike[str]) -> list[str]:
    """The names of a path inside an output folder; UnsafeOutput when it would leave the folder
    or holds a name that does not travel (see :func:`name_problem`)."""
    text = os.fspath(relative)
    if not text or PurePosixPath(text).is_absolute():
        raise UnsafeOutput(errno.EINVAL, f"{text!r} is not a path inside the output folder", text)
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts:
        raise UnsafeOutput(errno.EINVAL, f"{text!r} names no file", text)
    for part in parts:
        if part == "..":
            raise UnsafeOutput(errno.EINVAL, f"{text!r} leaves the output folder", text)
        problem = name_problem(part)
        if problem:
            raise UnsafeOutput(errno.EINVAL, problem, text)
    return parts


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, lexically (no link is resolved on the way)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        if not path.is_absolute():
            return path.as_posix()  # already relative to the folder
        raise UnsafeOutput(
            errno.EINVAL, f"{str(path)!r} is not inside the output folder {str(root)!r}", str(path)
        ) from None


def open_root(root: Path, *, create: bool = True) -> int:
    """A descriptor of the output folder (made first when ``create``); OSError as it comes."""
    if create:
        # A file where the folder should be: the open below says so (ENOTDIR).
        with suppress(FileExistsError):
            os.makedirs(root, exist_ok=True)
    try:
        return os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except NotADirectoryError:
        raise UnsafeOutput(errno.ENOTDIR, f"{root} is a file, not a folder", str(root)) from None


def _refuse_link(dir_fd: int, name: str, shown: str, exc: OSError) -> OSError:
    """``exc``, or a clearer UnsafeOutput when ``name`` is a symbolic link or not a folder."""
    try:
        mode = os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode
    except OSError:
        return exc
    if stat.S_ISLNK(mode):
        return UnsafeOutput(
            errno.ELOOP,
            f"{shown} is a symbolic link: none is followed inside the output folder",
            shown,
        )
    if not stat.S_ISDIR(mode):
        return UnsafeOutput(errno.ENOTDIR, f"{shown} is not a folder", shown)
    return exc


def open_folder(root_fd: int, parts: list[str], *, create: bool, shown: str = "") -> int:
    """A descriptor of the folder ``parts`` below ``root_fd``, each opened without following a
    link (made when ``create``). The caller closes it."""
    fd = os.dup(root_fd)
    done: list[str] = []
    try:
        for part in parts:
            done.append(part)
            if create:
                with suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
            try:
                sub = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                raise _refuse_link(fd, part, os.path.join(shown, *done), exc) from None
            os.close(fd)
            fd = sub
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def opened_folder(root: Path, parts: list[str], *, create: bool) -> Iterator[int]:
    """:func:`open_folder` below ``root``, closed at the end."""
    root_fd = open_root(root, create=create)
    try:
        fd = open_folder(root_fd, parts, create=create, shown=str(root))
    finally:
        os.close(root_fd)
    try:
        yield fd
    finally:
        os.close(fd)


def open_regular(root: Path, relative: str | os.PathLike[str]) -> int:
    """A read descriptor of a regular file inside ``root``, no link followed on the way;
    OSError (UnsafeOutput for a link or anything not a regular file)."""
    parts = output_parts(relative)
    with opened_folder(root, parts[:-1], create=False) as dir_fd:
        shown = os.path.join(str(root), *parts)
        try:
            fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK,
                         dir_fd=dir_fd)  # fmt: skip
        except OSError as exc:
            raise _refuse_link(dir_fd, parts[-1], shown, exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafeOutput(errno.EINVAL, f"{shown} is not a regular file", shown)
    return fd


def write_atomic(path: Path, data: bytes, *, root: Path | None = None) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    With ``root`` (the output folder), ``path`` is inside it (absolute, or relative to it): its
    names are checked (:func:`output_parts`) and no link below ``root`` is followed; the folders
    are made as needed. Without, only ``path.parent`` is made and the name replaced. Returns the
    path written; OSError (UnsafeOutput for what is refused) when it cannot be.
    """
    path = Path(path)
    if root is None:
        base, parts = path.parent, [path.name]
    else:
        base = Path(root)
        parts = output_parts(_relative(path, base))
    with opened_folder(base, parts[:-1], create=True) as dir_fd:
        _write_in(dir_fd, parts[-1], data)
    return base.joinpath(*parts)


def _write_in(dir_fd: int, name: str, data: bytes) -> None:
    # The temporary name is new (O_EXCL): nothing planted there can be followed. The rename
    # replaces a link at ``name`` itself (rename never follows one) and fails on a folder.
    tmp = f".{name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"
    if len(tmp.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        tmp = f".x.{secrets.token_hex(8)}{_TEMP_SUFFIX}"  # still a name remove_temp_files knows
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(tmp, flags, 0o644, dir_fd=dir_fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o644)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise


def describe(exc: OSError) -> str:
    """An OSError as a short sentence for a person (the disk is full, the folder read-only)."""
    words = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the folder is on a read-only file system",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: f"a name is too long (file systems take {MAX_NAME_BYTES} bytes)",
        errno.EISDIR: "a folder is in the way",
        errno.ENOTDIR: "a file is in the way where a folder should be",
        errno.EEXIST: "a file is in the way where a folder should be",
        errno.ELOOP: "a symbolic link is in the way",
    }
    if isinstance(exc, UnsafeOutput):
        return str(exc.strerror)
    return words.get(exc.errno or 0) or str(exc.strerror or exc)
