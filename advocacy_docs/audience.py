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
    """A copy of ``model`` without the list items (at any depth) above ``audience``."""
    if audience not in SENSITIVITY_ORDER:
        raise ValueError(f"unknown audience {audience!r}")
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        cleaned = _redact_value(value, audience)
        if cleaned is not value:
            update[name] = cleaned
    return model.model_copy(update=update) if update else model


def _redact_value(value: Any, audience: Sensitivity) -> Any:
    if isinstance(value, BaseModel):
        return redact(value, audience)
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
