"""The audience stage: drop what a document's audience may not see, before any template runs."""

from __future__ import annotations

from typing import Any, TypeVar

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
    shown = _redact_model(model, audience)
    sources = getattr(shown, "sources", None)
    if not isinstance(sources, list) or not sources:
        return shown
    hidden_only = _cited(model) - _cited(shown)
    if not hidden_only:
        return shown
    kept = [s for s in sources if getattr(s, "id", None) not in hidden_only]
    return shown.model_copy(update={"sources": kept})


def _cited(value: Any) -> set[str]:
    """The source ids cited anywhere in ``value`` (every ``sources`` list of ids)."""
    found: set[str] = set()
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            field = getattr(value, name)
            if name == "sources" and isinstance(field, list):
                found.update(item for item in field if isinstance(item, str))
            found |= _cited(field)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= _cited(item)
    elif isinstance(value, dict):
        for item in value.values():
            found |= _cited(item)
    return found


def _redact_model(model: M, audience: Sensitivity) -> M:
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        cleaned = _redact_value(value, audience)
        if cleaned is not value:
            update[name] = cleaned
    return model.model_copy(update=update) if update else model


def _redact_value(value: Any, audience: Sensitivity) -> Any:
    if isinstance(value, BaseModel):
        return _redact_model(value, audience)
    if isinstance(value, list):
        kept = [
            _redact_value(item, audience)
            for item in value
            if not isinstance(item, BaseModel)
            or visible(getattr(item, "sensitivity", "public"), audience)
        ]
        same = len(kept) == len(value) and all(a is b for a, b in zip(kept, value, strict=True))
        return value if same else kept
    return value
