"""Watch a render from inside the interpreter: which files it opens, whether it writes a file,
connects anywhere or starts a program. A process-wide audit hook (PEP 578) records the events of
the thread that opened the watch, and refuses network access and new processes while watching.

The allow-list of what a render may open, precisely:

- the folders the renderer was given: template folders (user ones and the bundled one), locale
  folders (user ones and the bundled one), the reference .docx, user stylesheets and the folder
  of each (a stylesheet's own assets), and the case file's folder;
- the Python installation: ``sys.prefix``, ``sys.base_prefix``, ``sys.exec_prefix``,
  ``sys.base_exec_prefix`` (standard library, the virtual environment and its site-packages:
  modules imported on first use, Babel's locale data) and the advocacy_docs package itself;
- fonts: /usr/share/fonts, /usr/local/share/fonts, ~/.fonts, ~/.local/share/fonts, and
  fontconfig's configuration and caches (/etc/fonts, /usr/share/fontconfig,
  /var/cache/fontconfig, ~/.cache/fontconfig);
- /dev and /proc.

Nothing may be opened for writing, except Python's bytecode caches (``__pycache__``) inside the
Python installation or the package. Pango and fontconfig read fonts from C, which no audit hook
sees; they are configured by the system, not by anything a document's inputs contain.

The watch starts after :func:`warm_up`: importing WeasyPrint looks for its C libraries with
``ctypes.util.find_library``, which runs ldconfig and gcc (once per process, before any input is
read), and ``mimetypes`` reads /etc/mime.types on first use.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import advocacy_docs
from advocacy_docs.pipeline import Renderer

NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
        "imaplib.open",
        "poplib.connect",
        "nntplib.connect",
        "telnetlib.Telnet.open",
        "webbrowser.open",
    }
)
PROCESS_EVENTS = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.startfile",
        "pty.spawn",
    }
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@dataclass
class Activity:
    """What happened while watching."""

    opened: list[tuple[Path, bool]] = field(default_factory=list)  # (real path, for writing)
    listed: list[Path] = field(default_factory=list)
    network: list[str] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)

    def outside(self, roots: Iterable[Path]) -> list[str]:
        """Every file or folder read outside ``roots``, and every write anywhere but caches."""
        allowed = [Path(os.path.realpath(r)) for r in roots]

        def inside(path: Path) -> bool:
            return any(path == root or root in path.parents for root in allowed)

        bad = [f"read {p}" for p, writes in self.opened if not writes and not inside(p)]
        bad += [f"listed {p}" for p in self.listed if not inside(p)]
        python = [Path(os.path.realpath(p)) for p in python_roots()]
        bad += [
            f"wrote {p}"
            for p, writes in self.opened
            if writes and not ("__pycache__" in p.parts and any(r in p.parents for r in python))
        ]
        return bad


_watching: list[tuple[int, Activity]] = []
_installed = False


def _path(value: Any) -> Path | None:
    if isinstance(value, int):
        return None  # an already open descriptor
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if not isinstance(value, str | os.PathLike):
        return None
    return Path(os.path.realpath(os.path.abspath(value)))


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _watching:
        return
    owner, activity = _watching[-1]
    if threading.get_ident() != owner:
        return
    if event == "open":
        path = _path(args[0])
        if path is not None:
            mode = args[1] if len(args) > 1 else None
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
                flags & _WRITE_FLAGS
            )
            activity.opened.append((path, writes))
    elif event in ("os.listdir", "os.scandir"):
        path = _path(args[0] if args and args[0] is not None else ".")
        if path is not None:
            activity.listed.append(path)
    elif event == "socket.__new__":
        activity.sockets.append(repr(args)[:200])
    elif event in NETWORK_EVENTS:
        activity.network.append(f"{event} {args!r}"[:300])
        raise PermissionError(f"advocacy-docs tests: {event} during a render")
    elif event in PROCESS_EVENTS:
        activity.processes.append(f"{event} {args!r}"[:300])
        raise PermissionError(f"advocacy-docs tests: {event} during a render")


def install() -> None:
    """Add the audit hook to this process (once; audit hooks cannot be removed)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@cache
def warm_up() -> None:
    """Load what every process loads once, before any input: WeasyPrint's C libraries and
    fonts, python-docx, mimetypes' system tables."""
    import mimetypes

    import docx  # noqa: F401

    from advocacy_docs.writers.pdf import _weasyprint, font_configuration

    mimetypes.init()
    _weasyprint()
    font_configuration()


@contextmanager
def watching() -> Iterator[Activity]:
    """Record (and fence) what the calling thread does inside the ``with`` block."""
    install()
    warm_up()
    activity = Activity()
    _watching.append((threading.get_ident(), activity))
    try:
        yield activity
    finally:
        _watching.pop()


@cache
def python_roots() -> tuple[Path, ...]:
    """The Python installation and the advocacy_docs package."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    package = Path(advocacy_docs.__file__).resolve().parent
    return (*(Path(r) for r in sorted(roots)), package)


def system_roots() -> tuple[Path, ...]:
    """Python, fonts and fontconfig, /dev and /proc."""
    home = Path.home()
    fonts = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path("/etc/fonts"),
        Path("/usr/share/fontconfig"),
        Path("/var/cache/fontconfig"),
        home / ".fonts",
        home / ".local/share/fonts",
        home / ".cache/fontconfig",
    ]
    return (*python_roots(), *fonts, Path("/dev"), Path("/proc"))


def allowed_roots(renderer: Renderer, case_dirs: Sequence[Path | None] = ()) -> list[Path]:
    """Everything a render with ``renderer`` of cases in ``case_dirs`` may read."""
    roots: list[Path] = [*renderer.engine.template_dirs, *renderer.locale_dirs]
    if renderer.reference_docx is not None:
        roots.append(renderer.reference_docx)
    for sheet in renderer.user_stylesheets:
        roots += [sheet, sheet.parent]
    roots += [d for d in case_dirs if d is not None]
    return [*roots, *system_roots()]


def assert_contained(activity: Activity, roots: Iterable[Path]) -> None:
    """Nothing read outside ``roots``, nothing written, no connection, no process."""
    assert activity.network == [], activity.network
    assert activity.sockets == [], activity.sockets
    assert activity.processes == [], activity.processes
    outside = activity.outside(roots)
    assert outside == [], outside
