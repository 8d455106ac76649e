"""advocacy-docs: appeal letters, case briefings and draft applications from one case record.

The Python API and the ``advocacy-docs`` command are two faces of the same functions::

    from advocacy_docs import load_case, load_recipients, load_senders, render

    case = load_case("examples/cases/khamroev.yaml")
    gutsan = load_recipients("examples/recipients/officials.yaml")[0]
    sender = load_senders("examples/senders/campaigner.yaml")[0]
    out = render(case, kind="letter", locale="ru", fmt="pdf", recipient=gutsan, sender=sender)
    out.save("out/")
"""

from __future__ import annotations

import datetime as _dt
from functools import cache

from .case import (
    Case,
    Recipient,
    Sender,
    case_json_schema,
    load_case,
    load_recipients,
    load_senders,
    validate_file,
)
from .case.types import Sensitivity
from .errors import AdvocacyError, InputError, RenderError, ValidationFailed
from .pipeline import Output, Renderer
from .templating import KindSpec

__version__ = "0.1.0"


@cache
def default_renderer() -> Renderer:
    """The renderer over the bundled templates and locales, shared by the module functions."""
    return Renderer()


def render(
    case: Case,
    *,
    kind: str = "letter",
    locale: str | None = None,
    fmt: str = "pdf",
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    audience: Sensitivity | None = None,
    today: _dt.date | None = None,
) -> Output:
    """Render one document with the bundled templates; see :class:`Renderer` for custom ones."""
    return default_renderer().render(
        case,
        kind=kind,
        locale=locale,
        fmt=fmt,
        recipient=recipient,
        sender=sender,
        audience=audience,
        today=today,
    )


def kinds() -> dict[str, KindSpec]:
    """The bundled document kinds, by name."""
    return default_renderer().kinds()


def locales() -> list[str]:
    """The bundled locales."""
    return default_renderer().locales()


__all__ = [
    "AdvocacyError",
    "Case",
    "InputError",
    "KindSpec",
    "Output",
    "Recipient",
    "RenderError",
    "Renderer",
    "Sender",
    "ValidationFailed",
    "__version__",
    "case_json_schema",
    "kinds",
    "load_case",
    "load_recipients",
    "load_senders",
    "locales",
    "render",
    "validate_file",
]
