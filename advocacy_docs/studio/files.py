"""The served folder: every path a request names is checked here before anything is read."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputError, visible

# Folders a listing does not walk into: outputs, catalogs, tools' own folders.
_SKIPPED = frozenset({"out", "locales", "node_modules", "__pycache__"})
_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".csv"})
_LISTED_AT_MOST = 2000
# A Windows drive ("C:") or a UNC start: absolute on some system, refused on every one.
_DRIVE = re.compile(r"^[A-Za-z]:|^[\\/]")


@dataclass(frozen=True)
class Ref:
    """A file inside the folder and, after ``#``, the id of one record in it."""

    rel: str
    path: Path
    id: str | None

    @property
    def spec(self) -> str:
        """The reference as the CLI takes it: ``FILE`` or ``FILE#id`` (relative to the folder)."""
        return f"{self.rel}#{self.id}" if self.id else self.rel


class Folder:
    """The folder the studio serves; nothing outside it is read or written."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise InputError(f"{root}: not a folder")

    def resolve(self, rel: object, *, what: str = "path") -> Path:
        """The absolute path of ``rel`` inside the folder; InputError for an absolute path,
        ``..``, a symbolic link leading out of the folder, or anything but a string."""
        if not isinstance(rel, str) or not rel.strip():
            raise InputError(f"{what}: give a path relative to the served folder")
        shown = visible(rel if len(rel) <= 200 else rel[:200] + "…")  # an error never echoes MBs
        if len(rel) > 4096 or not rel.isprintable() or _unencodable(rel):
            raise InputError(f"{what}: {shown!r} is not a path inside the served folder")
        if "\x00" in rel or "\\" in rel:
            raise InputError(f"{what}: {shown!r} is not a path inside the served folder")
        if _DRIVE.match(rel) or PurePosixPath(rel).is_absolute():
            raise InputError(f"{what}: {shown!r} is absolute; give a path relative to the folder")
        if ".." in PurePosixPath(rel).parts:
            raise InputError(f"{what}: {shown!r} leads out of the served folder ('..')")
        # Links are followed before the check: one inside the folder pointing out is refused.
        real = (self.root / rel).resolve()
        if not real.is_relative_to(self.root):
            raise InputError(f"{what}: {shown!r} leads out of the served folder (a link)")
        return real

    def ref(self, spec: object, *, what: str = "path") -> Ref:
        """``path#id`` split and checked (the id may be absent)."""
        if not isinstance(spec, str):
            raise InputError(f"{what}: give a path relative to the served folder, as a string")
        rel, _, wanted = spec.partition("#")
        return Ref(rel, self.resolve(rel, what=what), wanted or None)

    def relative(self, path: Path) -> str:
        """``path`` as the studio shows it: relative to the folder, with forward slashes."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return os.fspath(path)

    def data_files(self) -> list[str]:
        """The YAML, JSON and CSV files of the folder (not in hidden folders, ``out`` or
        ``locales``; links to folders not followed), relative, sorted."""
        found: list[str] = []
        for top, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
            for name in sorted(files):
                if Path(name).suffix.lower() in _SUFFIXES and not name.startswith("."):
                    full = Path(top) / name
                    if full.resolve().is_relative_to(self.root):
                        found.append(full.relative_to(self.root).as_posix())
                if len(found) >= _LISTED_AT_MOST:
                    return found
        return found


def _unencodable(text: str) -> bool:
    """True for a text no file name can hold (a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
