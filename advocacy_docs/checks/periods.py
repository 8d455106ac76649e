"""Where a (partial) date, or a detention, lies relative to the periods a State is bound.

A period's start and end may each be a known day or a range of possible days (a date nobody
has established, see :class:`advocacy_docs.checks.rules.Bound`). A fact is ``inside`` only when
every day it may mean is certainly inside one period, ``outside`` only when every day is
certainly outside all of them, and ``uncertain`` otherwise: a partial date that straddles a
boundary ("2022-09" for Russia's last day, 16 September 2022) is never "inside".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Literal

from ..case.types import PartialDate
from .dates import Position
from .rules import Bound, Period


def place(when: PartialDate | None, periods: tuple[Period, ...]) -> Position:
    """Where a (partial) date lies relative to the periods: inside, outside or uncertain."""
    if when is None:
        return "uncertain"
    lo, hi = when.earliest, when.latest
    for p in periods:
        after_start = p.start is None or lo >= p.start.latest
        before_end = p.end is None or hi <= p.end.earliest
        if after_start and before_end:
            return "inside"
    if all(_certainly_outside(lo, hi, p) for p in periods):
        return "outside"
    return "uncertain"


def _certainly_outside(lo: _dt.date, hi: _dt.date, p: Period) -> bool:
    return (p.start is not None and hi < p.start.earliest) or (
        p.end is not None and lo > p.end.latest
    )


def period_of(when: PartialDate, periods: tuple[Period, ...]) -> Period | None:
    """The period a date certainly lies in, if any."""
    for p in periods:
        if (p.start is None or when.earliest >= p.start.latest) and (
            p.end is None or when.latest <= p.end.earliest
        ):
            return p
    return None


Crossing = Literal["crosses_start", "crosses_end", "may_cross_end", "straddles"]


@dataclass(frozen=True)
class BoundaryCrossing:
    """How a detention meets one boundary of a period."""

    kind: Crossing
    boundary: _dt.date
    """For a start, the first day bound; for an end, the last day covered."""


def crossings(
    since: PartialDate,
    ended: PartialDate | None,
    known_until: _dt.date | None,
    periods: tuple[Period, ...],
) -> list[BoundaryCrossing]:
    """How a detention from ``since`` meets the known boundaries of the periods.

    ``ended`` is the release, if the case file records it; otherwise ``known_until`` is the last
    day the detention is known to have lasted (the day the facts are stated as of), or None
    when the person is no longer held but the file gives no release date.
    """
    out: list[BoundaryCrossing] = []
    for p in periods:
        if p.start is not None and p.start.exact:
            out += _at_start(since, ended, known_until, p.start)
        if p.end is not None and p.end.exact:
            out += _at_end(since, ended, known_until, p.end)
    return out


def _at_start(
    since: PartialDate, ended: PartialDate | None, known_until: _dt.date | None, start: Bound
) -> list[BoundaryCrossing]:
    first = start.latest
    if since.earliest < first <= since.latest:
        return [BoundaryCrossing("straddles", first)]
    if since.latest >= first:
        return []
    lasted_to = ended.earliest if ended is not None else known_until
    if lasted_to is not None and lasted_to >= first:
        return [BoundaryCrossing("crosses_start", first)]
    return []


def _at_end(
    since: PartialDate, ended: PartialDate | None, known_until: _dt.date | None, end: Bound
) -> list[BoundaryCrossing]:
    last = end.latest
    if since.earliest <= last < since.latest:
        return [BoundaryCrossing("straddles", last)]
    if since.earliest > last:
        return []
    if ended is not None:
        if ended.earliest > last:
            return [BoundaryCrossing("crosses_end", last)]
        if ended.latest > last:
            return [BoundaryCrossing("may_cross_end", last)]
        return []
    if known_until is not None and known_until > last:
        return [BoundaryCrossing("crosses_end", last)]
    return [BoundaryCrossing("may_cross_end", last)]
