"""The audience stage: items above a document's audience are gone before any template runs."""

from __future__ import annotations

from advocacy_docs.audience import redact, visible
from advocacy_docs.case import Case, Recipient, Sender
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
