"""What ``advocacy-docs i18n check`` finds in a locale's data files (``locale.toml``,
``names.toml``, ``etiquette.toml``, ``phrases.toml``): everything a render would refuse in them
(their schema, size, nesting, control characters, patterns that could take unbounded time),
read by the same readers, and every text in them that holds markup or refers to a URL or a
resource: no text of these files needs either.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import AdvocacyError, ValidationFailed
from .datafile import KeyLines, read_toml

DATA_FILES = ("locale.toml", "names.toml", "etiquette.toml", "phrases.toml")

_TAG = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_URLISH = re.compile(
    r"(?i)(?:\b(?:https?|ftp|file|data|javascript|mailto):|\bwww\.|url\s*\(|@import|"
    r"\b(?:src|href|srcset)\s*=)"
)

Found = tuple[Path, int | None, str]
"""A problem: the file, its line (None when unknown) and what is wrong, key first."""


def data_files(folder: Path, lang: str) -> list[Path]:
    """The data files ``lang`` has in the locale folder ``folder``."""
    return [folder / lang / name for name in DATA_FILES if os.path.lexists(folder / lang / name)]


def check_data(folder: Path, lang: str) -> list[Found]:
    """Every problem of the data files of ``lang`` in the locale folder ``folder``."""
    from .etiquette import load_etiquette
    from .grammar.phrases import phrase_rules
    from .grammar.rules import load_name_rules
    from .localedata import read_locale_file

    loaders: dict[str, Callable[[], Any]] = {
        "locale.toml": lambda: read_locale_file(folder / lang / "locale.toml", folder),
        "names.toml": lambda: load_name_rules(lang, [folder]),
        "etiquette.toml": lambda: load_etiquette(lang, [folder]),
        "phrases.toml": lambda: phrase_rules(lang, [folder]),
    }
    found: list[Found] = []
    for path in data_files(folder, lang):
        try:
            loaders[path.name]()
        except ValidationFailed as exc:
            found += [(Path(p.file), p.line, _what(p.path, p.message)) for p in exc.problems]
        except AdvocacyError as exc:
            found.append((path, None, str(exc).removeprefix(f"{path}: ")))
            continue  # not read at all: nothing more to say about it
        with contextlib.suppress(ValidationFailed):  # not valid TOML: said above
            found += _texts(path, folder)
    return found


def _texts(path: Path, folder: Path) -> list[Found]:
    """Markup and URLs in the texts (and keys) of a data file that loads."""
    text, data = read_toml(path, folder, characters=False)  # those are the loader's to report
    lines = KeyLines(text)
    found: list[Found] = []
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:
        key, value = todo.pop()
        if isinstance(value, dict):
            todo += [(f"{key}.{k}" if key else k, v) for k, v in value.items()]
            todo += [(f"{key}.{k}" if key else k, k) for k in value]  # keys are texts too
        elif isinstance(value, list):
            todo += [(f"{key}[{i}]", v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            tags = sorted({t.lower() for t in _TAG.findall(value)})
            if tags:
                found.append((path, lines.line(key), _what(key, f"has markup <{tags[0]}>")))
            url = _URLISH.search(value)
            if url:
                problem = f"refers to a URL or resource ({url.group(0)!r})"
                found.append((path, lines.line(key), _what(key, problem)))
    return sorted(found, key=lambda f: (f[1] or 0, f[2]))


def _what(key: str, message: str) -> str:
    return f"{key}: {message}" if key else message
