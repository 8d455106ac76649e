"""The audience stage: drop what a document's audience may not see, before any template runs."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar, get_args

from pydantic import BaseModel

from .case.types import SENSITIVITY_ORDER, Sensitivity

M = TypeVar("M", bound=BaseModel)


def visible(sensitivity: str, audience: Sensitivity) -> bool:
    """True when an item marked ``sensitivity`` may be shown to ``audience``."""
    return SENSITIVITY_ORDER[sensitivity] <= SENSITIVITY_ORDER[audience]


def redact(model: M, audience: Sensitivity) -> M:
    """A copy of ``model`` without the list items (at any depth) above ``audience``, and
    without the sources that only those items cite (listed, they would tell of the hidden
    item); a source nothing cites stays (a general reference)."""
    if audience not in SENSITIVITY_ORDER:
        raise ValueError(f"unknown audience {audience!r}")
    removed: list[BaseModel] = []
    shown = _redact_model(model, audience, removed)
    sources = getattr(shown, "sources", None)
    if not isinstance(sources, list) or not sources:
        return shown
    # Only what the removed items cite can be hidden: the walk over what is shown looks for
    # those ids alone, and stops once each is found (a letter renders many times a second).
    candidates = _cited(removed)
    if not candidates:
        return shown
    hidden_only = candidates - _cited(shown, looking_for=candidates)
    if not hidden_only:
        return shown
    kept = [s for s in sources if getattr(s, "id", None) not in hidden_only]
    return shown.model_copy(update={"sources": kept})


def _cited(value: Any, looking_for: set[str] | None = None) -> set[str]:
    """The source ids cited anywhere in ``value`` (every ``sources`` list of ids); with
    ``looking_for``, only those ids, and the walk ends once every one is found."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            for name in type(item).model_fields:
                field = getattr(item, name)
                if name == "sources" and isinstance(field, list):
                    found.update(i for i in field if isinstance(i, str))
                    if looking_for is not None and looking_for <= found:
                        return found & looking_for
                elif isinstance(field, BaseModel | list | tuple | dict):
                    stack.append(field)
        elif isinstance(item, list | tuple):
            stack.extend(i for i in item if isinstance(i, BaseModel | list | tuple | dict))
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found if looking_for is None else found & looking_for


@cache
def _may_hold_marked(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose values may hold, at any depth, an item with a
    ``sensitivity``: the only ones redaction needs to walk."""
    return tuple(name for name, f in cls.model_fields.items() if _holds_marked(f.annotation, {cls}))


def _holds_marked(annotation: Any, seen: set[type]) -> bool:
    if annotation is Any or annotation is object or isinstance(annotation, str | TypeVar):
        return True  # could be anything: walked
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if "sensitivity" in annotation.model_fields:
            return True
        if annotation in seen:
            return False
        seen.add(annotation)
        return any(_holds_marked(f.annotation, seen) for f in annotation.model_fields.values())
    return any(_holds_marked(arg, seen) for arg in get_args(annotation))


def _redact_model(model: M, audience: Sensitivity, removed: list[BaseModel]) -> M:
    update: dict[str, Any] = {}
    for name in _may_hold_marked(type(model)):
        value = getattr(model, name)
        cleaned = _redact_value(value, audience, removed)
        if cleaned is not value:
            update[name] = cleaned
    return model.model_copy(update=update) if update else model


def _redact_value(value: Any, audience: Sensitivity, removed: list[BaseModel]) -> Any:
    if isinstance(value, BaseModel):
        return _redact_model(value, audience, removed)
    if isinstance(value, list):
        kept = []
        for item in value:
            if isinstance(item, BaseModel) and not visible(
                getattr(item, "sensitivity", "public"), audience
            ):
                removed.append(item)
            else:
                kept.append(_redact_value(item, audience, removed))
        same = len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
        return value if same else kept
    return value
