"""The JSON Schema of the case file, for editors that validate and autocomplete YAML/JSON."""

from __future__ import annotations

from typing import Any

from .model import CASE_SCHEMA, Case

CASE_SCHEMA_URI = f"urn:{CASE_SCHEMA.replace('/', ':')}"
"""The schema's ``$id``: a URN, since the project publishes no schema URL."""


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file, with ``$schema``, ``$id`` and ``title``."""
    body = Case.model_json_schema(by_alias=True, mode="validation")
    body.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": CASE_SCHEMA_URI,
        "title": f"advocacy-docs case file ({CASE_SCHEMA})",
        **body,
    }
