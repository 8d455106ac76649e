"""The one way a file a user names is opened: a regular file only, read up to a limit.

A named pipe would make a read wait for a writer forever, ``/dev/zero`` never ends and a folder
cannot be read: each is refused before a byte is read (opened without blocking, checked with
``fstat``). Case, recipients, senders and campaign files, locale data, rules files and reference
documents are all read here.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import InputError


def open_regular(path: Path, *, what: str = "the file") -> BinaryIO:
    """``path`` opened for reading when it is a regular file (symlinks followed); InputError
    naming ``path`` when it cannot be opened or is a pipe, a device, a socket or a folder."""
    not_a_file = InputError(
        f"{path}: {what} is not a regular file (a folder, a named pipe, a socket or a device); "
        "give the path of a file"
    )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.stat(path).st_mode):  # a socket cannot even be opened
                raise not_a_file from None
        raise InputError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_a_file
        os.set_blocking(fd, True)  # a regular file: reads never wait; plain reads from here
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int, *, what: str = "the file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; InputError naming
    ``path`` otherwise (see :func:`open_regular`)."""
    with open_regular(path, what=what) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: {what} is larger than {size_text(limit)}")
    return data


def size_text(limit: int) -> str:
    """A limit as people say it: "5 MB" for a whole number of MiB, else its bytes."""
    mib = 1024 * 1024
    return f"{limit // mib} MB" if limit % mib == 0 else f"{limit:,} bytes"
