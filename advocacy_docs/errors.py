"""Exceptions for every failure a user or a deployment can cause.

The CLI prints these as one line each, without a traceback, and exits with ``exit_code``.
Anything that is not an :class:`AdvocacyError` is a bug in advocacy-docs.

Whose mistake it is decides how a program answers:

- :class:`InputError` (and :class:`ValidationFailed`, :class:`ResourceError`,
  :class:`TemplateError`): the caller's data or options are wrong. A web app answers
  **400** with the message (it names the field or the file and line).
- :class:`ConfigurationError`: the deployment is broken (a catalog with a placeholder the
  source lacks, a ``.po`` file that does not parse). No request can fix it: a web app answers
  **500** and logs the message for whoever maintains the installation.
- :class:`RenderError`: the input was valid but a writer or a library failed: **500**.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Characters a message must not carry to the terminal: controls (but tab and newline) that
# would drive it, C1 controls included (U+009B is a CSI to some terminals), direction controls
# (an override would reverse the rest of the line in a terminal that does bidi), and lone
# surrogates that cannot be printed at all. Messages quote what users wrote; these are shown
# escaped, as \x1b, \u202e or \ud800.
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with control characters and lone surrogates written as escapes."""
    return _UNSHOWN.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


class AdvocacyError(Exception):
    """Base class of every error a user can cause (bad input, missing file, failed render)."""

    exit_code = 2

    def __str__(self) -> str:
        return visible(super().__str__())


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file: where it is and what was expected."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return visible(f"{where}:{field} {self.message}")


class InputError(AdvocacyError):
    """The user's input (case file, recipients, senders, options) is wrong."""

    exit_code = 2


class ValidationFailed(InputError):
    """An input file has one or more problems; all of them are listed, not only the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ResourceError(InputError):
    """A document asked for a resource it may not read (a URL, a file outside allowed folders)."""


class TemplateError(InputError):
    """A template is missing, broken, or tried to do something the sandbox forbids."""


class ConfigurationError(AdvocacyError):
    """The installation is broken (a translation catalog, a locale's data): not the caller's
    input. A web app maps it to 500, where it maps an :class:`InputError` to 400."""

    exit_code = 1


def shown_path(path: str | os.PathLike[str]) -> str:
    """``path`` as a message names it: relative to the working folder when inside it, the
    bundled data as ``bundled:<folder>/...``; never where the package is installed."""
    from .paths import bundled_locales_dir, bundled_templates_dir

    real = Path(os.path.abspath(path))
    for bundled in (bundled_locales_dir(), bundled_templates_dir()):
        if real.is_relative_to(bundled):
            return f"bundled:{bundled.name}/{real.relative_to(bundled).as_posix()}"
    try:
        return real.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


class RenderError(AdvocacyError):
    """Rendering failed although the input was valid (a writer or a library failed)."""

    exit_code = 1
