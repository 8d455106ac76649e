"""The one reader of translators' files: ``locale.toml``, ``names.toml``, ``etiquette.toml``,
``phrases.toml`` and the catalogs (``LC_MESSAGES/*.po``).

Whatever a locale folder holds, reading one of its files:

- reads a regular file inside the locale folder only: its real path (symlinks resolved) must
  lie inside the folder, and a named pipe, a device or a folder is refused before a byte is read
  (opened without blocking, checked with ``fstat``);
- reads at most :data:`MAX_DATA_BYTES` (TOML) or :data:`MAX_CATALOG_BYTES` (a catalog);
- for TOML: refuses tables and lists nested deeper than :data:`MAX_DEPTH`, and every control
  character, lone surrogate, U+FFFE and U+FFFF in a key or a text (TOML escapes included),
  naming the file, the line and the key.

Each failure is an :class:`~advocacy_docs.errors.InputError` that names the file.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, ValidationFailed
from ..regular import read_regular

MAX_DATA_BYTES = 1_000_000
"""The largest TOML file of a locale (the bundled ones are under 10 KB)."""

MAX_CATALOG_BYTES = 5_000_000
"""The largest catalog (as the largest case file)."""

MAX_DEPTH = 16
"""How deep tables and lists may nest in a TOML file of a locale."""

MAX_PROBLEMS = 100
"""Problems of one file reported one by one; the rest are counted."""

LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*\Z")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")

# As in case files: C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF.
# DOCX cannot hold them, and printed to a terminal a control character drives it.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unprintable(value: object) -> str | None:
    """What is wrong when a text (or any text of a tuple or list of texts, such as a msgstr's
    plural forms) holds a character no document can show; None when none does."""
    for text in value if isinstance(value, (tuple, list)) else (value,):
        found = _UNPRINTABLE.search(text) if isinstance(text, str) else None
        if found:
            return (
                f"contains U+{ord(found.group()):04X}, a control character that no document "
                "can show: delete it"
            )
    return None


def check_lang(lang: str) -> str:
    """``lang`` when it is a locale code ("uk", "de-AT"); InputError otherwise (it names a
    folder: "../x" must never)."""
    if not isinstance(lang, str) or not LANG_CODE.fullmatch(lang):
        shown = lang if not isinstance(lang, str) or len(lang) <= 40 else lang[:40] + "…"
        raise InputError(f"{shown!r} is not a locale code such as uk or de-AT")
    return lang


@functools.lru_cache(maxsize=4096)
def locale_paths(dirs: tuple[Path, ...], lang: str, *names: str) -> tuple[Path, ...]:
    """Where each of ``names`` of ``lang`` would be in each of ``dirs``, folder by folder
    (``lang`` checked: it names a folder). Computed once: every render asks again."""
    check_lang(lang)
    return tuple(d / lang / name for d in dirs for name in names)


def read_bytes(path: Path, root: Path, *, limit: int = MAX_DATA_BYTES) -> bytes:
    """The bytes of the regular file ``path`` inside the locale folder ``root``."""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    if os.path.commonpath([real, top]) != top or real == top:
        raise InputError(
            f"{path}: links to a file outside the locale folder {root}; a locale's files must "
            "be inside it"
        )
    return read_regular(Path(real), limit, what="this locale file")


def read_text(path: Path, root: Path, *, limit: int = MAX_DATA_BYTES) -> str:
    """The UTF-8 text of ``path`` (see :func:`read_bytes`)."""
    try:
        return read_bytes(path, root, limit=limit).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None


def read_toml(path: Path, root: Path, *, characters: bool = True) -> tuple[str, dict[str, Any]]:
    """The text of the TOML file ``path`` in the locale folder ``root`` and its data, with no
    character a document cannot hold (unless ``characters`` is false: for a checker that
    reports them apart); ValidationFailed naming the file, line and key."""
    text = read_text(path, root)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_POSITION.search(str(exc))
        message = _TOML_POSITION.sub("", str(exc)).strip()
        message = message.replace("(at end of document)", "at the end of the file")
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise ValidationFailed(
            [Problem(str(path), line, column, "", f"not valid TOML: {message}")]
        ) from None
    except RecursionError:
        raise ValidationFailed([_too_deep(path)]) from None
    lines = KeyLines(text)
    problems: list[Problem] = []
    for key, name, value, depth in _walk(data):
        if depth > MAX_DEPTH:
            raise ValidationFailed([_too_deep(path)])
        bad = unprintable(name) or unprintable(value if isinstance(value, str) else None)
        if characters and bad is not None and len(problems) < MAX_PROBLEMS:
            problems.append(Problem(str(path), lines.line(key), None, key, bad))
    if problems:
        raise ValidationFailed(problems)
    return text, data


def _too_deep(path: Path) -> Problem:
    return Problem(str(path), None, None, "", f"tables or lists nested more than {MAX_DEPTH} deep")


def _walk(data: Any) -> Iterator[tuple[str, str, Any, int]]:
    """Every (dotted key, the key as written, value, depth) of parsed TOML, without recursion."""
    todo: list[tuple[str, str, Any, int]] = [("", "", data, 0)]
    while todo:
        key, name, value, depth = todo.pop()
        yield key, name, value, depth
        if isinstance(value, dict):
            todo += [(f"{key}.{k}" if key else k, k, v, depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            todo += [(f"{key}[{i}]", "", v, depth + 1) for i, v in enumerate(value)]


_KEY_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_TABLE = re.compile(rf"^\s*(\[\[?)\s*({_KEY})\s*\]\]?")
_ASSIGNMENT = re.compile(rf"^\s*({_KEY})\s*=")


def _dotted(key: str) -> str:
    parts = re.findall(_KEY_PART, key)
    return ".".join(p[1:-1] if p[:1] in "\"'" else p for p in parts)


class KeyLines:
    """The line of each key of a TOML text, found in one pass: ``line("rule[2].gen")``."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        arrays: dict[str, int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), 1):
            header = _TABLE.match(line)
            if header:
                name = _dotted(header.group(2))
                if header.group(1) == "[[":
                    arrays[name] = arrays.get(name, -1) + 1
                    name = f"{name}[{arrays[name]}]"
                table = name
                self._lines.setdefault(table, number)
                continue
            assignment = _ASSIGNMENT.match(line)
            if assignment:
                key = _dotted(assignment.group(1))
                self._lines.setdefault(f"{table}.{key}" if table else key, number)

    def line(self, key: str) -> int | None:
        """The line that sets ``key`` or the nearest table or key that holds it."""
        while key:
            if key in self._lines:
                return self._lines[key]
            trimmed = re.sub(r"\[\d+\]$", "", key)
            key = trimmed if trimmed != key else key.rpartition(".")[0]
        return None


class FileProblems:
    """The problems of one data file inside a locale folder: the first :data:`MAX_PROBLEMS`
    one by one with their lines, then how many more (finding a line is a search of the text)."""

    def __init__(self, path: Path, root: Path) -> None:
        self.path = path
        self.root = root  # the locale folder the file must be inside
        self.text = ""
        self.problems: list[Problem] = []
        self.unshown = 0

    def reported(self) -> list[Problem]:
        """The problems, the first :data:`MAX_PROBLEMS` one by one."""
        more = [Problem(str(self.path), None, None, "", f"and {self.unshown} more problems")]
        return self.problems + (more if self.unshown else [])

    def room(self) -> bool:
        """Whether one more problem is shown with its line (else it is only counted)."""
        if len(self.problems) < MAX_PROBLEMS:
            return True
        self.unshown += 1
        return False

    def record(self, key: str, line: int | None, message: str) -> None:
        """Add a problem at ``line`` (call after :meth:`room` said yes)."""
        self.problems.append(Problem(str(self.path), line, None, key, message))
