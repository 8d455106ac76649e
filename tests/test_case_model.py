"""The case model: value types, field rules, cross-checks and the JSON Schema (no file I/O)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from advocacy_docs.case import (
    Case,
    Charge,
    Demand,
    Person,
    Proceedings,
    Sentence,
    Source,
    case_json_schema,
)
from advocacy_docs.case.source import parse_yaml
from advocacy_docs.case.types import Duration, LocalizedText, PartialDate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "cases" / "khamroev.yaml"


def minimal(**extra: Any) -> dict[str, Any]:
    """The smallest valid case, as file data."""
    return {
        "schema": "advocacy-docs/case@1",
        "id": "test-case",
        "language": "en",
        "person": {"name": "Test Person"},
        "status": "detained",
        "state": "RU",
        **extra,
    }


def error_texts(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return "\n".join(str(e["msg"]) for e in exc.value.errors())


# --- PartialDate and LocalizedText ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        (2022, PartialDate(2022), "year"),
        ("2022", PartialDate(2022), "year"),
        ("2022-10", PartialDate(2022, 10), "month"),
        ("2022-10-17", PartialDate(2022, 10, 17), "day"),
        (dt.date(2022, 10, 17), PartialDate(2022, 10, 17), "day"),
    ],
)
def test_partial_date_parses(value: object, expected: PartialDate, precision: str) -> None:
    parsed = PartialDate.parse(value)
    assert parsed == expected
    assert parsed.precision == precision
    assert str(parsed) == expected.isoformat()


def test_partial_date_bounds() -> None:
    assert PartialDate(2022, 2).latest == dt.date(2022, 2, 28)
    assert PartialDate(2022).earliest == dt.date(2022, 1, 1)
    assert PartialDate(2022, 10).as_date() is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", "2023-02 has no day 30"),
        ("2022-13", "month 13 does not exist"),
        ("22-10-17", "is not a date"),
        (dt.datetime(2023, 5, 23, 10, 0), "without a time"),
        (True, "expected a date"),
    ],
)
def test_partial_date_rejects(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(value)


def test_localized_text() -> None:
    plain = LocalizedText.parse("Bakhrom Khamroev")
    assert plain.resolve(("uk", "en"), "en") == ("Bakhrom Khamroev", "en")
    multi = LocalizedText.parse({"en": "Bakhrom Khamroev", "uk": "Бахром Хамроєв"})
    assert multi.resolve(("uk", "en"), "en") == ("Бахром Хамроєв", "uk")
    assert multi.resolve(("de",), "en") == ("Bakhrom Khamroev", "en")
    assert multi.languages("en") == ["en", "uk"]
    for bad in ("", {}, {"EN": "x"}, {"en": ""}, 5):
        with pytest.raises(ValueError):
            LocalizedText.parse(bad)


# --- fields -----------------------------------------------------------------------------------


def test_minimal_case_and_defaults() -> None:
    case = Case.model_validate(minimal())
    assert case.schema_ == "advocacy-docs/case@1"
    assert case.person.gender == "unspecified"
    assert case.charges == [] and case.demands == [] and case.sources == []
    assert case.source_path is None and case.base_dir is None
    assert case.model_dump(mode="json")["schema"] == "advocacy-docs/case@1"


def test_demand_forms_are_normalised() -> None:
    case = Case.model_validate(
        minimal(
            demands=[
                "Release him",
                {"en": "Release him", "uk": "Звільніть його"},
                {"text": {"en": "Let his lawyer see him"}, "sensitivity": "partners"},
            ]
        )
    )
    assert [type(d) for d in case.demands] == [Demand] * 3
    assert case.demands[0].text == LocalizedText("Release him")
    assert case.demands[1].text.values["uk"] == "Звільніть його"
    assert case.demands[2].sensitivity == "partners"


def test_sensitivity_alias_and_error() -> None:
    case = Case.model_validate(
        minimal(contacts=[{"name": "Wife", "relation": "wife", "sensitivity": "confidential"}])
    )
    assert case.contacts[0].sensitivity == "legal"
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(
            minimal(contacts=[{"name": "Wife", "relation": "wife", "sensitivity": "secret"}])
        )
    assert "public, partners or legal" in error_texts(exc)


def test_numbers_in_text_fields() -> None:
    charge = Charge.model_validate({"code": "RU-CC", "article": 205.2, "part": 2, "summary": "x"})
    assert (charge.article, charge.part) == ("205.2", "2")


def test_recognition_as_alias() -> None:
    case = Case.model_validate(
        minimal(recognitions=[{"by": "Memorial", "as": "political_prisoner"}])
    )
    assert case.recognitions[0].as_ == "political_prisoner"
    assert case.model_dump()["recognitions"][0]["as"] == "political_prisoner"


def test_sentence_parts_must_add_up() -> None:
    ok = Sentence.model_validate(
        {
            "total": {"years": 14},
            "parts": [
                {"years": 3, "regime": "prison"},
                {"years": 10, "months": 12, "regime": "strict_regime_colony"},
            ],
        }
    )
    assert ok.parts[1].regime == "strict_regime_colony"
    assert isinstance(ok.parts[0], Duration)
    with pytest.raises(ValidationError, match="add up to 13 years but the total is 14 years"):
        Sentence.model_validate(
            {
                "total": {"years": 14},
                "parts": [
                    {"years": 3, "regime": "prison"},
                    {"years": 10, "regime": "strict_regime_colony"},
                ],
            }
        )


def test_verdict_court_defaults_to_trial_court() -> None:
    proc = Proceedings.model_validate({"court": "Trial court", "verdict": {"date": "2023-05-23"}})
    assert proc.verdict_court() == LocalizedText("Trial court")
    proc = Proceedings.model_validate(
        {"court": "Trial court", "verdict": {"date": "2023-05-23", "court": "Other court"}}
    )
    assert proc.verdict_court() == LocalizedText("Other court")


@pytest.mark.parametrize(
    "photo",
    [
        "/etc/passwd",
        "https://example.org/a.jpg",
        "../secret.jpg",
        "a/../../b.jpg",
        "C:\\x.jpg",
        "file:x.jpg",
        "data:image/png;base64,AAAA",
    ],
)
def test_photo_must_be_beside_the_case(photo: str) -> None:
    with pytest.raises(ValidationError):
        Person.model_validate({"name": "X", "photo": photo})


def test_photo_relative_name_is_fine() -> None:
    assert Person.model_validate({"name": "X", "photo": "img/khamroev.jpg"}).photo == (
        "img/khamroev.jpg"
    )


@pytest.mark.parametrize("url", ["ftp://example.org/x", "javascript:alert(1)", "example.org"])
def test_source_url_must_be_http(url: str) -> None:
    with pytest.raises(ValidationError, match="not a web address"):
        Source.model_validate({"id": "s", "title": "T", "url": url})


def test_unknown_keys_are_errors() -> None:
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(minimal(chages=[]))
    assert exc.value.errors()[0]["type"] == "extra_forbidden"


# --- cross-checks -----------------------------------------------------------------------------


def _source(sid: str, sensitivity: str = "public") -> dict[str, Any]:
    return {"id": sid, "title": "A report", "sensitivity": sensitivity}


def _cross(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[tuple[Any, ...], str]]:
    (err,) = exc.value.errors()
    assert err["type"] == "case_cross_check"
    return list(err["ctx"]["problems"])


def test_dangling_source_reference_suggests_the_id() -> None:
    data = minimal(
        charges=[{"code": "RU-CC", "article": "1", "summary": "x", "sources": ["khpg-2023-5-30"]}],
        sources=[_source("khpg-2023-05-30")],
    )
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(data)
    assert _cross(exc) == [
        (
            ("charges", 0, "sources", 0),
            "unknown source 'khpg-2023-5-30'; did you mean 'khpg-2023-05-30'?",
        )
    ]


def test_public_item_may_not_cite_a_restricted_source() -> None:
    data = minimal(
        timeline=[
            {"date": 2022, "kind": "other", "text": "x", "sources": ["memo"]},
            {
                "date": 2022,
                "kind": "other",
                "text": "y",
                "sources": ["memo"],
                "sensitivity": "confidential",
            },
        ],
        sources=[_source("memo", "partners")],
    )
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(data)
    ((loc, message),) = _cross(exc)
    assert loc == ("timeline", 0, "sources", 0)
    assert "marked partners" in message


def test_duplicate_source_ids_and_dates_before_birth() -> None:
    data = minimal(
        person={"name": "X", "born": 1990},
        detention={"since": "1989-12"},
        sources=[_source("a"), _source("a")],
    )
    with pytest.raises(ValidationError) as exc:
        Case.model_validate(data)
    locs = [loc for loc, _ in _cross(exc)]
    assert locs == [("sources", 1, "id"), ("detention", "since")]


def test_case_source_lookup() -> None:
    case = Case.model_validate(minimal(sources=[_source("a"), _source("b")]))
    assert case.source("b").id == "b"
    with pytest.raises(KeyError):
        case.source("c")


def test_model_copy_keeps_source_path() -> None:
    case = Case.model_validate(minimal())
    case._source_path = Path("/cases/x.yaml")
    copy = case.model_copy(update={"charges": []})
    assert copy.source_path == Path("/cases/x.yaml")
    assert copy.base_dir == Path("/cases")


# --- JSON Schema ------------------------------------------------------------------------------


def test_json_schema_header() -> None:
    schema = case_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["properties"]["schema"]["const"] == "advocacy-docs/case@1"
    assert {"schema", "id", "language", "person", "status", "state"} <= set(schema["required"])
    assert schema["$defs"]["Recognition"]["properties"]["as"]["enum"]
    json.dumps(schema)  # serialisable as is


def _validate(instance: Any, schema: dict[str, Any], root: dict[str, Any], path: str) -> list[str]:
    """A small JSON Schema validator for the keywords pydantic emits (jsonschema is optional)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _validate(instance, root["$defs"][name], root, path)
    errors: list[str] = []
    if "anyOf" in schema:
        if all(_validate(instance, s, root, path) for s in schema["anyOf"]):
            errors.append(f"{path}: matches no alternative")
        return errors
    kinds = schema.get("type")
    if kinds is not None:
        names = kinds if isinstance(kinds, list) else [kinds]
        checks: dict[str, type | tuple[type, ...]] = {
            "string": str,
            "integer": int,
            "number": (int, float),
            "object": dict,
            "array": list,
            "boolean": bool,
            "null": type(None),
        }
        if not any(isinstance(instance, checks[n]) for n in names) or (
            isinstance(instance, bool) and "boolean" not in names
        ):
            return [f"{path}: not {kinds}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} not in enum")
    if isinstance(instance, str):
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            errors.append(f"{path}: {instance!r} does not match {schema['pattern']}")
        if len(instance) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
    number = isinstance(instance, int) and not isinstance(instance, bool)
    low, high = schema.get("minimum", instance), schema.get("maximum", instance)
    if number and not low <= instance <= high:
        errors.append(f"{path}: out of range")
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            errors += _validate(item, schema["items"], root, f"{path}[{i}]")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{path}: missing {key}")
        if len(instance) < schema.get("minProperties", 0):
            errors.append(f"{path}: too few properties")
        for key, value in instance.items():
            if "propertyNames" in schema:
                errors += _validate(key, schema["propertyNames"], root, f"{path}.{key}(name)")
            if key in props:
                errors += _validate(value, props[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unknown key {key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += _validate(value, schema["additionalProperties"], root, f"{path}.{key}")
    return errors


def _json_data(value: Any) -> Any:
    """YAML data as JSON would carry it (dates as strings, plain ints and floats)."""
    if isinstance(value, dict):
        return {k: _json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise TypeError(type(value))


def test_example_case_validates_against_json_schema() -> None:
    schema = case_json_schema()
    data = _json_data(parse_yaml(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE)).data)
    try:
        import jsonschema  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        assert _validate(data, schema, schema, "$") == []
    else:  # pragma: no cover - only where jsonschema happens to be installed
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(data)
    # The checker itself must notice mistakes.
    data["chages"] = []
    data["person"]["gender"] = "mal"
    assert len(_validate(data, schema, schema, "$")) == 2
