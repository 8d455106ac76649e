"""The audience stage: items above a document's audience are gone before any template runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from advocacy_docs.audience import redact, visible
from advocacy_docs.case import Case, Recipient, Sender, load_case
from advocacy_docs.case.types import Sensitivity
from advocacy_docs.pipeline import Renderer
from tests.conftest import TODAY, recipient_for


def test_visibility_order() -> None:
    assert visible("public", "public") and visible("public", "legal")
    assert not visible("partners", "public") and not visible("legal", "partners")


def test_redaction_drops_items_at_every_depth(case: Case) -> None:
    assert {c.sensitivity for c in case.contacts} >= {"legal", "partners"}
    public = redact(case, "public")
    assert public.contacts == [] and len(public.charges) == len(case.charges)
    partners = redact(case, "partners")
    assert {c.sensitivity for c in partners.contacts} == {"partners"}
    assert redact(case, "legal") is case  # nothing to drop: the same object
    assert public.base_dir == case.base_dir


def test_public_letter_never_carries_a_confidential_contact(
    case: Case, recipients: list[Recipient], sender: Sender, renderer: Renderer
) -> None:
    names = [c.name.resolve(("en",), case.language)[0] for c in case.contacts]
    for fmt in ("html", "txt"):
        data = renderer.render(
            case,
            fmt=fmt,
            locale="en",
            recipient=recipient_for(recipients, "en"),
            sender=sender,
            today=TODAY,
        ).data.decode()
        for name in names:
            assert name not in data


# --- redaction walks only the fields that can hold a marked item: the same result as a walk
# over everything, for every marking of the items ---------------------------------------------


def _reference_redact(model: Any, audience: Sensitivity) -> Any:
    """Redaction as its definition says it, walking every field (slow and plain)."""

    def walk(value: Any) -> Any:
        if isinstance(value, BaseModel):
            update = {name: walk(getattr(value, name)) for name in type(value).model_fields}
            return value.model_copy(update=update)
        if isinstance(value, list):
            return [
                walk(i)
                for i in value
                if not isinstance(i, BaseModel)
                or visible(getattr(i, "sensitivity", "public"), audience)
            ]
        return value

    def cited(value: Any) -> set[str]:
        if isinstance(value, BaseModel):
            found = set()
            for name in type(value).model_fields:
                field = getattr(value, name)
                if name == "sources" and isinstance(field, list):
                    found |= {i for i in field if isinstance(i, str)}
                found |= cited(field)
            return found
        if isinstance(value, list | tuple | dict):
            items = value.values() if isinstance(value, dict) else value
            return set().union(*(cited(i) for i in items)) if items else set()
        return set()

    shown = walk(model)
    gone = cited(model) - cited(shown)
    return shown.model_copy(update={"sources": [s for s in shown.sources if s.id not in gone]})


def _marked_items(model: Any, path: str = "") -> list[tuple[str, BaseModel]]:
    found: list[tuple[str, BaseModel]] = []
    if isinstance(model, BaseModel):
        if "sensitivity" in type(model).model_fields:
            found.append((path, model))
        for name in type(model).model_fields:
            found += _marked_items(getattr(model, name), f"{path}.{name}")
    elif isinstance(model, list):
        for i, item in enumerate(model):
            found += _marked_items(item, f"{path}[{i}]")
    return found


LEVELS = ("public", "partners", "legal")
REDACTION_CASE = Path(__file__).parent / "hostile" / "fixtures" / "redaction" / "case.yaml"


@settings(max_examples=40, deadline=None, database=None)
@given(data=st.data(), audience=st.sampled_from(["public", "partners", "legal"]))
def test_redaction_equals_a_walk_over_every_field(data: st.DataObject, audience: str) -> None:
    marked = load_case(REDACTION_CASE).model_copy(deep=True)
    items = _marked_items(marked)
    assert len(items) > 20  # every list of the contract with a sensitivity, three levels each
    for path, _ in items:
        object.__setattr__(
            _resolve(marked, path), "sensitivity", data.draw(st.sampled_from(LEVELS))
        )
    ours = redact(marked, audience)  # type: ignore[arg-type]
    reference = _reference_redact(marked, audience)  # type: ignore[arg-type]
    assert ours.model_dump() == reference.model_dump()


def _resolve(model: Any, path: str) -> Any:
    for step in (s for s in path.replace("[", ".[").split(".") if s):
        model = model[int(step[1:-1])] if step.startswith("[") else getattr(model, step)
    return model
