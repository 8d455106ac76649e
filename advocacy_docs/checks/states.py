"""The State and the instrument: whether and when it is bound, which facts fall inside the
period it is bound, and a detention that crosses a boundary of that period."""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from ..case.types import PartialDate
from .common import dated_items, detention_span, known_until
from .periods import BoundaryCrossing, crossings, period_of, place
from .report import Event, Finding, NamedDate, Status
from .rules import StateRules
from .values import Fact, Items, Param, Span, State, When


def state_dates(rules: StateRules) -> tuple[NamedDate, ...]:
    """The State's dates as named dates (the name is the role)."""
    return tuple(NamedDate(d.role, d.date.isoformat(), d.what, d.confirmed) for d in rules.dates)


def state_finding(code: str, rules: StateRules | None) -> Finding:
    """What the rules data says about the State and the instrument."""
    state = (("state", State(code)),)
    if rules is None:
        return Finding("state", "unknown", "state.no_data", state)
    dates = state_dates(rules)
    data: tuple[tuple[str, str | int | bool | None], ...] = (
        ("member", rules.member),
        ("party", rules.party),
    )
    if rules.never_bound:
        return Finding("state", "barred", "state.never_bound", state, dates=dates, data=data)
    if rules.has_unknown_boundary:
        return Finding("state", "info", "state.bound_dates_unknown", state, dates=dates, data=data)
    periods = rules.periods()
    (only,) = periods if len(periods) == 1 else (None,)
    params: tuple[tuple[str, Param], ...]
    if only is not None and only.start is not None:
        params = (*state, ("start", only.start.latest))
        if only.end is None:
            return Finding("state", "info", "state.bound", params, dates=dates, data=data)
        params += (("last", only.end.latest),)
        return Finding("state", "info", "state.bound_until", params, dates=dates, data=data)
    spans = Items(
        tuple(
            Span(
                p.start.latest if p.start is not None else None,
                p.end.latest if p.end is not None else None,
            )
            for p in periods
        )
    )
    params = (*state, ("periods", spans))
    return Finding("state", "info", "state.bound_periods", params, dates=dates, data=data)


def data_findings(code: str, rules: StateRules) -> list[Finding]:
    """Warnings about the data itself: boundary days not confirmed or not established, and
    reservations or declarations to read."""
    out: list[Finding] = []
    state = ("state", State(code))
    unconfirmed = [d for d in rules.dates if d.role != "info" and not d.confirmed]
    if unconfirmed:
        days = Items(tuple(d.date for d in unconfirmed))
        out.append(
            Finding(
                "unconfirmed",
                "warning",
                "state.unconfirmed",
                (state, ("dates", days)),
                dates=tuple(
                    NamedDate(d.role, d.date.isoformat(), d.what, False) for d in unconfirmed
                ),
            )
        )
    if rules.has_unknown_boundary:
        out.append(
            Finding(
                "unconfirmed",
                "warning",
                "state.unknown_boundary",
                (state,),
                data=(
                    (
                        "unknown",
                        "; ".join(f"{u.role}: {u.what}" for u in rules.unknown if u.role != "info"),
                    ),
                ),
            )
        )
    if rules.reservations:
        out.append(Finding("reservations", "info", "state.reservations", (state,), notable=True))
    return out


def temporal_findings(
    case: Case, code: str, rules: StateRules, today: _dt.date, *, check: str
) -> list[Finding]:
    """Which dated items fall inside the periods the State is bound, which outside, which are
    uncertain; a detention that crosses a boundary; and a reservation that covers facts."""
    periods = rules.periods()
    span = detention_span(case)
    until = None if span is None or not span.continuing else known_until(case, today)
    crossed = crossings(span.since, span.ended, until, periods) if span is not None else []
    events: list[Event] = []
    placed: list[tuple[Event, Fact]] = []
    for item in dated_items(case):
        pos = place(item.date, periods)
        note = None if item.date is not None else "no date in the case file"
        if pos == "uncertain" and item.date is not None:
            note = f"the date ({item.date}) is not precise enough to tell"
        if item.kind == "detention" and crossed:
            note = "; ".join(_event_note(c) for c in crossed)
        when = item.date.isoformat() if item.date is not None else None
        event = Event(item.ref, item.kind, when, item.label, pos, note)
        events.append(event)
        placed.append((event, Fact(item.kind, item.date)))
    state = ("state", State(code))
    dates = tuple(
        NamedDate(d.role, d.date.isoformat(), "", d.confirmed)
        for d in rules.dates
        if d.role != "info"
    )
    findings = [_placement(check, state, placed, rules, crossed, dates, tuple(events))]
    findings += [_continuing(c, span.since, state) for c in crossed if span is not None]
    reserved = {
        p.reservation
        for item in dated_items(case)
        if item.date is not None and (p := period_of(item.date, periods)) and p.reservation
    }
    if reserved:
        findings.append(
            Finding(
                "reservations",
                "warning",
                "state.reservation_period",
                (state,),
                data=(("reservation", " / ".join(sorted(reserved))),),
            )
        )
    return findings


def _placement(
    check: str,
    state: tuple[str, State],
    placed: list[tuple[Event, Fact]],
    rules: StateRules,
    crossed: list[BoundaryCrossing],
    dates: tuple[NamedDate, ...],
    events: tuple[Event, ...],
) -> Finding:
    if not placed:
        return Finding(check, "unknown", "temporal.no_dates", (state,), dates=dates)
    astray = _named([fact for event, fact in placed if event.position != "inside"])
    data = tuple(
        (pos, sum(e.position == pos for e, _ in placed))
        for pos in ("inside", "outside", "uncertain")
    )
    if not astray:
        status: Status = "ok"
        return Finding(
            check, status, "temporal.all_inside", (state,), dates=dates, events=events, data=data
        )
    all_out = all(e.position == "outside" for e, _ in placed)
    certain = all(d.confirmed for d in rules.dates if d.role != "info")
    if all_out and not crossed and certain and not rules.has_unknown_boundary:
        return Finding(
            check, "barred", "temporal.all_outside", (state,), dates=dates, events=events, data=data
        )
    code = "temporal.all_outside_unsure" if all_out and not crossed else "temporal.some_outside"
    return Finding(
        check,
        "warning",
        code,
        (state, ("facts", Items(tuple(astray)))),
        dates=dates,
        events=events,
        data=data,
    )


def _named(facts: list[Fact]) -> list[Fact]:
    """The facts a sentence names: a timeline event that repeats the date of a charge or a
    decision named already is left out (it usually tells the same thing)."""
    structured = {f.date for f in facts if f.kind != "timeline"}
    return [f for f in facts if f.kind != "timeline" or f.date not in structured]


def _continuing(c: BoundaryCrossing, since: PartialDate, state: tuple[str, State]) -> Finding:
    return Finding(
        "continuing_situation",
        "warning",
        f"continuing.{c.kind}",
        (("since", When(since)), ("boundary", c.boundary), state),
        dates=(
            NamedDate("detention_since", since.isoformat()),
            NamedDate("boundary", c.boundary.isoformat()),
        ),
    )


def _event_note(c: BoundaryCrossing) -> str:
    day = c.boundary.isoformat()
    return {
        "crosses_start": f"began before {day}, continued after",
        "crosses_end": f"began inside, continued after {day}",
        "may_cross_end": f"began inside, may have continued after {day}",
        "straddles": f"may have begun before or after {day}",
    }[c.kind]
