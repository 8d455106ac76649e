"""The redaction proof: no document shows an item above its audience, in any kind, locale or
format, in what a reader sees or anywhere in the file's bytes.

The fixture case (tests/hostile/fixtures/redaction/case.yaml) has, in every list whose items
carry ``sensitivity``, one item at each level; each item carries the marker ZQ1<LIST>1<LEVEL>
in its texts. Every output is searched in every view of tests/hostile/outputs.py (extracted text,
raw bytes, decompressed PDF streams and decoded PDF strings, every DOCX part, every e-mail part)
for every marker above the audience: there must be none. Controls make the search able to fail:
each format must find at least the markers its plain-text twin shows, and documents for the
legal audience must show the legal markers.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.case.model import Item
from advocacy_docs.case.types import SENSITIVITY_ORDER
from tests.hostile.guard import allowed_roots, assert_contained, watching
from tests.hostile.outputs import markers_in, views

FIXTURE = Path(__file__).parent / "hostile" / "fixtures" / "redaction"
TODAY = dt.date(2026, 11, 27)
LEVELS = ("public", "partners", "legal")
LISTS = (
    "contacts",
    "timeline",
    "charges",
    "rights",
    "demands",
    "recognitions",
    "sources",
    "affiliations",
    "appeals",
    "international",
    "decisions",
)
NEVER_PRINTED = ("affiliations",)  # no bundled template prints them (yet): no control for them


def marker(name: str, level: str) -> str:
    """The marker of the item of list ``name`` at ``level``."""
    return f"ZQ1{name.upper()}1{level.upper()}"


MARKERS = {marker(n, level): level for n in LISTS for level in LEVELS}


def above(audience: str) -> set[str]:
    """The markers an ``audience`` document must not show."""
    rank = SENSITIVITY_ORDER[audience]
    return {m for m, level in MARKERS.items() if SENSITIVITY_ORDER[level] > rank}


@cache
def renderer() -> Renderer:
    """One renderer for every render of this module, as a campaign shares one."""
    return Renderer()


@cache
def inputs() -> tuple[Case, Recipient, Sender]:
    return (
        load_case(FIXTURE / "case.yaml"),
        load_recipients(FIXTURE / "recipients.yaml")[0],
        load_senders(FIXTURE / "senders.yaml")[0],
    )


@cache
def seen(kind: str, locale: str, fmt: str, audience: str) -> frozenset[str]:
    """The markers found anywhere in one output."""
    case, recipient, sender = inputs()
    spec = renderer().kinds()[kind]
    with watching() as activity:  # and nothing read outside the allowed folders, no network
        out = renderer().render(
            case,
            kind=kind,
            locale=locale,
            fmt=fmt,
            recipient=recipient if "recipient" in spec.needs or fmt == "eml" else None,
            sender=sender,
            audience=audience,  # type: ignore[arg-type]
            today=TODAY,
        )
    assert_contained(activity, allowed_roots(renderer(), [case.base_dir]))
    return frozenset(markers_in(views(fmt, out.data), MARKERS))


def check(kind: str, locale: str, fmt: str, audience: str) -> frozenset[str]:
    """Render, search, and assert: nothing above ``audience``; a working search."""
    found = seen(kind, locale, fmt, audience)
    leaked = sorted(found & above(audience))
    assert not leaked, f"{kind}/{locale}/{fmt} at {audience} shows {leaked}"
    baseline = seen(kind, locale, "txt", audience)
    assert baseline, f"{kind}/{locale}: the text shows no marker at all; is the fixture printed?"
    missing = sorted(baseline - found)
    assert not missing, f"{kind}/{locale}/{fmt}: the search misses {missing} that txt shows"
    return found


KINDS = sorted(Renderer().kinds())


def _locales(kind: str) -> tuple[str, ...]:
    spec = renderer().kinds()[kind]
    return tuple(spec.locales or renderer().locales())


@pytest.mark.parametrize("kind", KINDS)
def test_every_locale_and_format_at_the_kinds_audience(kind: str) -> None:
    spec = renderer().kinds()[kind]
    for locale in _locales(kind):
        for fmt in spec.formats:
            check(kind, locale, fmt, spec.audience)


@pytest.mark.parametrize("kind", KINDS)
def test_every_other_audience_and_format(kind: str) -> None:
    """A draft shared with partners, a letter written for lawyers: --audience changes what is
    shown, and only that."""
    spec = renderer().kinds()[kind]
    locale = "en" if "en" in _locales(kind) else _locales(kind)[0]
    for audience in LEVELS:
        if audience == spec.audience:
            continue
        for fmt in spec.formats:
            check(kind, locale, fmt, audience)


def test_markers_are_found_where_the_audience_may_see_them() -> None:
    """The control: a document for lawyers shows the legal items, so the search can fail."""
    shown: set[str] = set()
    for kind in KINDS:
        found = seen(kind, _locales(kind)[0], "txt", "legal")
        shown |= found
        if renderer().kinds()[kind].audience == "legal":
            # Every legal draft lists the confidential contacts in the notes for the lawyer.
            assert marker("contacts", "legal") in found, kind
    expected = {m for m in MARKERS if not m.startswith(tuple(marker(n, "") for n in NEVER_PRINTED))}
    assert expected <= shown, sorted(expected - shown)


def test_a_legal_draft_shows_the_legal_markers_in_every_format() -> None:
    spec = renderer().kinds()["echr-application"]
    for fmt in spec.formats:
        found = seen("echr-application", "en", fmt, "legal")
        assert {marker("contacts", "legal"), marker("rights", "legal")} <= found, fmt


def _leaves(annotation: Any) -> Iterator[Any]:
    """``annotation`` and every type inside it (Annotated, unions, list items)."""
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _leaves(arg)


def _item_lists(model: type[BaseModel], done: set[type[BaseModel]] | None = None) -> set[str]:
    """The names of the lists of items with a sensitivity, at any depth of ``model``."""
    done = set() if done is None else done
    if model in done:
        return set()
    done.add(model)
    found: set[str] = set()
    for name, info in model.model_fields.items():
        for leaf in _leaves(info.annotation):
            if typing.get_origin(leaf) is list and any(
                isinstance(x, type) and issubclass(x, Item) for x in _leaves(leaf)
            ):
                found.add(name)
            if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                found |= _item_lists(leaf, done)
    return found


def test_the_fixture_has_an_item_at_each_level_in_every_list() -> None:
    """Every list of the contract with a sensitivity is in the proof, with all three levels;
    a new list added to the case model fails here until the fixture covers it."""
    assert _item_lists(Case) == set(LISTS)
    case, _, _ = inputs()
    lists: dict[str, list[Any]] = {
        "affiliations": case.person.affiliations,
        "appeals": case.proceedings.appeals if case.proceedings else [],
        "decisions": case.detention.decisions if case.detention else [],
        **{n: getattr(case, n) for n in LISTS if n not in ("affiliations", "appeals", "decisions")},
    }
    for name, items in lists.items():
        assert sorted(i.sensitivity for i in items) == sorted(LEVELS), name
        for item in items:
            assert marker(name, item.sensitivity) in item.model_dump_json().upper(), name
