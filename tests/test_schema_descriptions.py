"""The JSON Schemas of every input file: each field explains itself, and the CLI prints each."""

from __future__ import annotations

import json
from typing import Any

import pytest

from advocacy_docs.case import SCHEMA_KINDS, case_json_schema, json_schema
from advocacy_docs.cli import main


def undescribed(schema: Any, where: str = "") -> list[str]:
    """Every property, at any depth (models, inline objects, name parts), with no description."""
    found: list[str] = []
    if isinstance(schema, dict):
        for name, prop in (schema.get("properties") or {}).items():
            if not (isinstance(prop, dict) and str(prop.get("description", "")).strip()):
                found.append(f"{where}.{name}")
        for key, value in schema.items():
            found += undescribed(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found += undescribed(value, f"{where}[{i}]")
    return found


def properties(schema: Any) -> int:
    """How many properties the schema has, at any depth."""
    if isinstance(schema, dict):
        own = len(schema.get("properties") or {})
        return own + sum(properties(v) for v in schema.values())
    if isinstance(schema, list):
        return sum(properties(v) for v in schema)
    return 0


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_every_field_has_a_description(kind: str) -> None:
    schema = json_schema(kind)
    assert properties(schema) > 10
    assert undescribed(schema) == []


def test_the_walk_finds_a_field_without_one() -> None:
    schema = {"properties": {"a": {"description": "A."}, "b": {"$defs": {}}}}
    nested = {"$defs": {"M": {"properties": {"c": {"type": "string", "description": " "}}}}}
    assert undescribed(schema) == [".b"]
    assert undescribed(nested) == ["/$defs/M.c"]


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_each_schema_names_its_contract(kind: str) -> None:
    schema = json_schema(kind)
    contract = f"advocacy-docs/{kind}@1"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:{contract.replace('/', ':')}"
    assert schema["properties"]["schema"]["const"] == contract
    assert "schema" in schema["required"]


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_the_cli_prints_each(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--for", kind]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema(kind)


def test_the_cli_prints_the_case_schema_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == case_json_schema() == json_schema("case")


def test_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["schema", "--for", "letter"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "argument --for: invalid choice: 'letter'" in err
    assert "{case,recipients,senders,campaign}" in err
