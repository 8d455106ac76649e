"""Exceptions for every failure a user can cause.

The CLI prints these as one line each, without a traceback, and exits with ``exit_code``.
Anything that is not an :class:`AdvocacyError` is a bug in advocacy-docs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class AdvocacyError(Exception):
    """Base class of every error a user can cause (bad input, missing file, failed render)."""

    exit_code = 2


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
        return f"{where}:{field} {self.message}"


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


class RenderError(AdvocacyError):
    """Rendering failed although the input was valid (a writer or a library failed)."""

    exit_code = 1
