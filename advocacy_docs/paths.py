"""Where bundled templates and locales live: the source tree in development, else the wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    source_tree = _PACKAGE.parent / name
    if source_tree.is_dir():
        return source_tree
    raise RuntimeError(f"advocacy-docs is installed without its {name}/ folder ({installed})")


def bundled_templates_dir() -> Path:
    """The folder of the bundled document kinds and reference.docx."""
    return _data_dir("templates")


def bundled_locales_dir() -> Path:
    """The folder of the bundled locales (``<lang>/LC_MESSAGES/*.po``, ``locale.toml``)."""
    return _data_dir("locales")


def examples_dir() -> Path | None:
    """The bundled examples folder, when present (source tree or wheel)."""
    for candidate in (_PACKAGE / "_data" / "examples", _PACKAGE.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return None
