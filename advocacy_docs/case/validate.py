"""Validate file data against a contract model and explain every error where it is in the file."""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, ValidationFailed
from .model import Case, Loc, StrictModel, cross_problems, format_loc
from .parties import RecipientsFile, SendersFile
from .source import MAX_DEPTH, Document, unprintable_problems

SCHEMA_MODELS: dict[str, type[StrictModel]] = {
    m.SCHEMA_ID: m for m in (Case, RecipientsFile, SendersFile)
}
"""Every contract a file can declare with its ``schema:`` key, and its model."""

M = TypeVar("M", bound=StrictModel)


def without_nulls(value: Any) -> Any:
    """``value`` with every mapping entry whose value is None left out, at any depth.

    An empty value (YAML ``key:``, JSON ``null``, a database NULL) means the field is absent:
    an optional field takes its default, a required one is reported missing."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def plain_data(data: object, name: str) -> Any:
    """Data from a program (mappings, sequences, scalars) as the plain dicts and lists a file
    gives; ValidationFailed, naming ``name``, when it is nested deeper than a file may be."""

    def convert(value: object, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            # Also ends a structure that contains itself.
            message = f"values are nested more than {MAX_DEPTH} levels deep"
            raise ValidationFailed(
                [Problem(name, None, None, format_loc(loc[:MAX_DEPTH]), message)]
            )
        if isinstance(value, Mapping):
            return {k: convert(v, (*loc, str(k))) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v, (*loc, i)) for i, v in enumerate(value)]
        return value

    return convert(data, ())


def parse_data(data: object, model: type[M], *, name: str) -> M:
    """``data`` (as from JSON, a form or a database row) as ``model``, checked as a file is.

    The same checks and messages as a file of the model, with ``name`` in place of the file
    name and no line numbers. ``schema`` may be left out: it is the model's own."""
    plain = plain_data(data, name)
    if isinstance(plain, dict) and plain.get("schema") is None and model.SCHEMA_ID:
        plain = {"schema": model.SCHEMA_ID, **{k: v for k, v in plain.items() if k != "schema"}}
    doc = Document(name, plain)
    problems = unprintable_problems(doc)
    if problems:
        raise ValidationFailed(problems)
    return validate_document(doc, model)


def validate_document(doc: Document, model: type[M]) -> M:
    """The document's data as ``model``; ValidationFailed listing every problem, by line.

    Empty values are absent (:func:`without_nulls`)."""
    doc = copy.copy(doc)  # the caller's document keeps its data as read
    doc.data = without_nulls(doc.data)
    declared = doc.data.get("schema") if isinstance(doc.data, dict) else None
    if isinstance(declared, str) and declared in SCHEMA_MODELS and declared != model.SCHEMA_ID:
        line, col = _line_col(doc.position(("schema",)))
        raise ValidationFailed(
            [
                Problem(
                    doc.file,
                    line,
                    col,
                    "schema",
                    f"this is a {_kind(declared)} file ('{declared}'), "
                    f"not a {_kind(model.SCHEMA_ID)} file ('{model.SCHEMA_ID}')",
                )
            ]
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_from(exc, doc, model)
    raise ValidationFailed(sorted(set(problems), key=_order))


def model_for(doc: Document) -> type[StrictModel]:
    """The contract model a document declares with ``schema:``; ValidationFailed if none."""
    data = doc.data if isinstance(doc.data, dict) else {}
    declared = data.get("schema")
    if isinstance(declared, str) and declared in SCHEMA_MODELS:
        return SCHEMA_MODELS[declared]
    known = ", ".join(SCHEMA_MODELS)
    if declared is None:
        line, col = _line_col(doc.position(()))
        message = f"missing required field 'schema'; write one of: {known}"
    else:
        line, col = _line_col(doc.position(("schema",)))
        close = difflib.get_close_matches(str(declared), list(SCHEMA_MODELS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; use one of: {known}"
        message = f"unknown schema '{declared}'{hint}"
    raise ValidationFailed([Problem(doc.file, line, col, "schema", message)])


def problems_from(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """One Problem per pydantic error, at the line of the offending value."""
    out: list[Problem] = []
    cross_checked = False
    for err in exc.errors():
        ctx = err.get("ctx") or {}
        if "problems" in ctx:
            # Model-level checks (source references, duplicate ids) name their own fields.
            cross_checked = True
            base = _clean(err["loc"])
            out += [_at(doc, (*base, *loc), msg) for loc, msg in ctx["problems"]]
        else:
            out.append(_convert(err, doc, model))
    if not cross_checked and issubclass(model, Case):
        # Field errors stop pydantic before the cross-checks; run them on the raw data so that
        # the user sees every problem at once.
        out += [_at(doc, loc, msg) for loc, msg in cross_problems(doc.data)]
    return out


def _line_col(position: tuple[int, int] | None) -> tuple[int | None, int | None]:
    return position if position is not None else (None, None)


def _order(p: Problem) -> tuple[int, int, str, str]:
    return (p.line or 0, p.column or 0, p.path, p.message)


def _kind(schema: str) -> str:
    return schema.split("/")[-1].split("@")[0]


def _at(doc: Document, loc: Loc, message: str, *, key: bool = False) -> Problem:
    line, col = _line_col(doc.position(loc, key=key))
    return Problem(doc.file, line, col, doc.describe(loc), message)


_TYPE_TAG = re.compile(r"^(function-\w+|[a-z-]+\[.*\])\Z")


def _clean(loc: tuple[int | str, ...]) -> Loc:
    # Drop pydantic's union/validator labels (``list[str]``, ``function-after[...]``).
    return tuple(p for p in loc if isinstance(p, int) or not _TYPE_TAG.match(p) or p == "[key]")


def _convert(err: ErrorDetails, doc: Document, model: type[BaseModel]) -> Problem:
    loc = _clean(err["loc"])
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc = loc[:-1]
    kind = err["type"]
    message = _message(err, loc, model, is_key)
    if kind == "missing":
        # A key written with an empty value is missing too: point at that key.
        written = doc.key_position(loc) if loc else None
        line, col = _line_col(written or doc.position(loc[:-1], key=True))
        return Problem(doc.file, line, col, doc.describe(loc), message)
    return _at(doc, loc, message, key=is_key or kind == "extra_forbidden")


def _show(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    text = getattr(value, "source_text", None)
    if isinstance(text, str):
        return f"'{text}'"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, _dt.date):
        return f"'{value.isoformat()}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


_PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]*$": "is not a valid id: use lower-case letters, digits and hyphens, "
    "e.g. khamroev-bakhrom",
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "is not a language code such as en, uk, ru or crh",
    "^[A-Z]{2}$": "is not a country code: use two capital letters (ISO 3166-1), e.g. RU, UA, GB",
}


def _message(err: ErrorDetails, loc: Loc, model: type[BaseModel], is_key: bool) -> str:
    kind, value = err["type"], err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        extra = f" (write `schema: {_schema_of(model)}` at the top)" if loc == ("schema",) else ""
        return f"missing required field '{name}'{extra}"
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        if close:
            return f"unknown field '{name}'; did you mean '{close[0]}'?"
        listing = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return f"unknown field '{name}'{listing}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        if len(options) == 1:
            return f"{_show(value)} is not supported here; expected '{options[0]}'"
        return f"{_show(value)} is not one of: {', '.join(options)}{hint}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(ctx.get("pattern")), f"does not match {ctx.get('pattern')}")
        return f"{_show(value)} {hint}"
    simple = {
        "string_type": "expected text",
        "int_type": "expected a whole number",
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "bool_type": "expected true or false",
        "bool_parsing": "expected true or false",
        "list_type": "expected a list (lines starting with '- ', or [a, b])",
        "dict_type": "expected a mapping (key: value lines)",
        "model_type": "expected a mapping of fields (key: value lines)",
        "model_attributes_type": "expected a mapping of fields (key: value lines)",
    }
    if kind in simple:
        return f"{simple[kind]}, got {_show(value)}"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more, got {_show(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    return err["msg"]


def _schema_of(model: type[BaseModel]) -> str:
    return str(getattr(model, "SCHEMA_ID", ""))


def _unwrap(annotation: Any) -> Any:
    """The model or container inside ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a file may use at ``loc`` inside ``model`` (empty when that is not a model)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return []
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            found = [f for n, f in current.model_fields.items() if part in (n, f.alias)]
            if not found:
                return []
            current = found[0].annotation
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []
