"""advocacy-docs: appeal letters, case briefings and draft applications from one case record.

The Python API and the ``advocacy-docs`` command are two faces of the same functions::

    from advocacy_docs import load_case, load_recipients, load_senders, render

    case = load_case("examples/cases/khamroev.yaml")
    gutsan = load_recipients("examples/recipients/officials.yaml")[0]
    sender = load_senders("examples/senders/campaigner.yaml")[0]
    out = render(case, kind="letter", locale="ru", fmt="pdf", recipient=gutsan, sender=sender)
    out.save("out/")
    for warning in out.warnings:  # Notice values: code, field, locale; str() is the sentence
        print(warning.code, warning.field, warning)

Errors: :class:`InputError` and its subclasses are the caller's mistake (a web app answers
400), :class:`ConfigurationError` and :class:`RenderError` the deployment's (500); see
:mod:`advocacy_docs.errors`.
"""

from __future__ import annotations

import datetime as _dt
from functools import cache

# Written once, here (the package metadata reads it); before the imports, which use it.
__version__ = "0.1.0"

from .campaign.spec import load_campaign, parse_campaign
from .case import (
    Case,
    Recipient,
    Sender,
    case_json_schema,
    load_case,
    load_recipients,
    load_senders,
    parse_case,
    parse_recipients,
    parse_senders,
    validate_file,
)
from .case.types import Sensitivity
from .errors import (
    AdvocacyError,
    ConfigurationError,
    InputError,
    Problem,
    RenderError,
    ResourceError,
    TemplateError,
    ValidationFailed,
)
from .notices import Notice
from .pipeline import Format, Output, Renderer, Saved, StrPath
from .templating import KindSpec


@cache
def default_renderer() -> Renderer:
    """The renderer over the bundled templates and locales, shared by the module functions."""
    return Renderer()


def render(
    case: Case,
    *,
    kind: str = "letter",
    locale: str | None = None,
    fmt: Format = "pdf",
    recipient: Recipient | None = None,
    sender: Sender | None = None,
    audience: Sensitivity | None = None,
    today: _dt.date | None = None,
    personal: str | None = None,
) -> Output:
    """Render one document with the bundled templates; see :meth:`Renderer.render` for the
    parameters and :class:`Renderer` for custom templates and locales."""
    return default_renderer().render(
        case,
        kind=kind,
        locale=locale,
        fmt=fmt,
        recipient=recipient,
        sender=sender,
        audience=audience,
        today=today,
        personal=personal,
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
    "ConfigurationError",
    "Format",
    "InputError",
    "KindSpec",
    "Notice",
    "Output",
    "Problem",
    "Recipient",
    "RenderError",
    "Renderer",
    "ResourceError",
    "Saved",
    "Sender",
    "Sensitivity",
    "StrPath",
    "TemplateError",
    "ValidationFailed",
    "__version__",
    "case_json_schema",
    "kinds",
    "load_campaign",
    "load_case",
    "load_recipients",
    "load_senders",
    "locales",
    "parse_campaign",
    "parse_case",
    "parse_recipients",
    "parse_senders",
    "render",
    "validate_file",
]
