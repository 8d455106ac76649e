"""The JSON Schemas of the input files, for editors that validate and autocomplete YAML/JSON."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .model import CASE_SCHEMA, Case
from .parties import RecipientsFile, SendersFile

CASE_SCHEMA_URI = f"urn:{CASE_SCHEMA.replace('/', ':')}"
"""The case schema's ``$id``: a URN, since the project publishes no schema URL."""

SCHEMA_KINDS = ("case", "recipients", "senders", "campaign")
"""The input files that have a JSON Schema, by the name ``schema --for`` takes."""


def _model(kind: str) -> type[BaseModel]:
    if kind == "campaign":
        # The campaign contract builds on the case package: imported when asked for.
        from ..campaign.spec import Campaign

        return Campaign
    models: dict[str, type[BaseModel]] = {
        "case": Case,
        "recipients": RecipientsFile,
        "senders": SendersFile,
    }
    if kind not in models:
        raise ValueError(f"unknown kind of file {kind!r}; use one of: {', '.join(SCHEMA_KINDS)}")
    return models[kind]


def json_schema(kind: str = "case") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case, recipients, senders or campaign file."""
    model = _model(kind)
    contract = str(getattr(model, "SCHEMA_ID", ""))
    body = model.model_json_schema(by_alias=True, mode="validation")
    body.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:{contract.replace('/', ':')}",
        "title": f"advocacy-docs {kind} file ({contract})",
        **body,
    }


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file, with ``$schema``, ``$id`` and ``title``."""
    return json_schema("case")
