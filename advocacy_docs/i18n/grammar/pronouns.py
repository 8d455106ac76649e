"""Personal pronouns by gender and case, from ``[pronouns]`` in ``locales/<lang>/locale.toml``.

A sentence that mentions a person again uses the pronoun ("йому", "ihn", "o"). A language with
no neutral personal pronoun has no ``[pronouns.unspecified]``: :func:`pronoun` then answers
None and a template names the person again or recasts the sentence; it never borrows another
gender's pronoun or another language's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..localedata import load_locale_spec, resolve_locale_dirs
from .types import Case, Gender


def pronoun(
    gender: Gender, case: Case, lang: str, *, locale_dirs: Sequence[Path] | None = None
) -> str | None:
    """The personal pronoun of ``gender`` in ``case`` in ``lang``; None when it has none."""
    spec = load_locale_spec(lang, resolve_locale_dirs(locale_dirs))
    return spec.pronouns.get(gender, {}).get(case)
