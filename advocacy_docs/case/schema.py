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
    _null_is_absent(body)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:{contract.replace('/', ':')}",
        "title": f"advocacy-docs {kind} file ({contract})",
        **body,
    }


def _null_is_absent(node: Any) -> None:
    """Let every optional property be ``null``, as the loaders read it (a field left out: YAML
    ``key:``, a database NULL), so that an editor does not flag what advocacy-docs accepts."""
    if isinstance(node, list):
        for item in node:
            _null_is_absent(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _null_is_absent(value)
    properties = node.get("properties")
    required = set(node.get("required", ()))
    if isinstance(properties, dict):
        for name, prop in properties.items():
            if name not in required:
                _or_null(prop)
    # A mapping's values too (a text per language: `uk:` left empty is no Ukrainian text).
    _or_null(node.get("additionalProperties"))
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict):
        for value in patterns.values():
            _or_null(value)


def _or_null(prop: Any) -> None:
    if not isinstance(prop, dict) or not prop or _allows_null(prop):
        return
    kept = {k: prop.pop(k) for k in ("title", "description", "default") if k in prop}
    inner = dict(prop)
    prop.clear()
    prop.update(kept)
    prop["anyOf"] = [inner, {"type": "null"}]


def _allows_null(prop: dict[str, Any]) -> bool:
    kind = prop.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(isinstance(o, dict) and o.get("type") == "null" for o in prop.get("anyOf", ()))


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file, with ``$schema``, ``$id`` and ``title``."""
    return json_schema("case")
