"""The JSON Schemas an editor reads accept what the loaders accept: the example files, and
``null`` wherever a field may be left out; never for a required one."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_docs.case.schema import json_schema

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = {
    "case": EXAMPLES / "cases" / "khamroev.yaml",
    "recipients": EXAMPLES / "recipients" / "officials.yaml",
    "senders": EXAMPLES / "senders" / "campaigner.yaml",
    "campaign": EXAMPLES / "campaigns" / "khamroev-embassies.yaml",
}


def _data(kind: str) -> Any:
    """The file as an editor's YAML support sees it: dates are text there."""
    return _dates_as_text(yaml.safe_load(FILES[kind].read_text(encoding="utf-8")))


def _dates_as_text(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _dates_as_text(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_dates_as_text(v) for v in node]
    return node.isoformat() if isinstance(node, dt.date) else node


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)  # a schema by the standard's own
    return jsonschema.Draft202012Validator(schema, format_checker=None)


@pytest.mark.parametrize("kind", FILES)
def test_each_example_file_validates_against_its_schema(kind: str) -> None:
    errors = sorted(_validator(kind).iter_errors(_data(kind)), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def _fields(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every mapping key's path in ``node`` (the places a field can be left out)."""
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            found.append((*path, k))
            found += _fields(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _fields(v, (*path, i))
    return found


@settings(max_examples=150, deadline=None, database=None)
@given(data=st.data(), kind=st.sampled_from(list(FILES)))
def test_a_null_the_loaders_accept_is_valid_in_the_schema(data: st.DataObject, kind: str) -> None:
    from advocacy_docs.campaign.spec import parse_campaign
    from advocacy_docs.case import ValidationFailed, parse_case, parse_recipients, parse_senders

    parse = {"case": parse_case, "recipients": parse_recipients, "senders": parse_senders,
             "campaign": parse_campaign}[kind]  # fmt: skip
    original = _data(kind)
    # `schema` is the one required key the data loaders fill in (a file must say it).
    path = data.draw(st.sampled_from([p for p in _fields(original) if p != ("schema",)]))
    changed = copy.deepcopy(original)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = None
    schema_ok = not list(_validator(kind).iter_errors(changed))
    try:
        parse(changed, name=kind)
        loader_ok = True
    except ValidationFailed:
        loader_ok = False
    # An editor never flags a null the tool accepts. (The other way round is allowed: a null
    # can break a rule between fields, such as a sentence's total, that no schema states.)
    assert schema_ok or not loader_ok, path


@pytest.mark.parametrize(
    ("kind", "path"),
    [("case", ("person",)), ("case", ("person", "name")), ("case", ("id",)),
     ("recipients", ("recipients", 0, "id")), ("senders", ("senders", 0, "name"))],
)  # fmt: skip
def test_null_is_refused_where_a_field_is_required(kind: str, path: tuple[Any, ...]) -> None:
    changed = _data(kind)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = None
    assert list(_validator(kind).iter_errors(changed)), path
