"""Date arithmetic for time limits: calendar months with end-of-month clamping, days left.

Conventions (the same for every check):

- ``add_months(d, n)`` keeps the day of the month; when the target month is shorter it gives
  that month's last day (31 Oct 2023 + 4 months = 29 Feb 2024; 31 Oct 2022 + 4 = 28 Feb 2023).
- A time limit "ends on" its last day, and nothing moves it: a last day that falls on a
  Saturday, a Sunday or a public holiday stays where it is.
- ``days_left(last_day, today)`` counts the days after today up to the last day: on the last
  day itself 0 days are left (it is still the last day to act); the day before, 1; a negative
  number means the period has passed. E.g. last day 2023-06-01, today 2023-05-29: 3 days left.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Literal

from ..case.types import PartialDate

Position = Literal["inside", "outside", "uncertain"]


def add_months(d: _dt.date, months: int) -> _dt.date:
    """``d`` plus ``months`` calendar months (may be negative), clamped to the month's end."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError(f"{d.isoformat()} + {months} months is outside the calendar")
    return _dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: _dt.date, years: int) -> _dt.date:
    """``d`` plus ``years`` years; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * years)


def days_left(last_day: _dt.date, today: _dt.date) -> int:
    """Days from ``today`` to ``last_day``: 0 on the last day, negative once it has passed."""
    return (last_day - today).days


def is_weekend(d: _dt.date) -> bool:
    """True on Saturdays and Sundays."""
    return d.weekday() >= 5


def position(
    when: PartialDate | None, first_day: _dt.date | None, last_day: _dt.date | None
) -> Position:
    """Where a (partial) date lies relative to the period ``first_day``..``last_day``.

    Both ends are inclusive; None means the period is open on that side. A partial date that
    may lie on either side of a boundary, and a missing date, are "uncertain".
    """
    if when is None:
        return "uncertain"
    lo, hi = when.earliest, when.latest
    if (first_day is not None and hi < first_day) or (last_day is not None and lo > last_day):
        return "outside"
    if (first_day is None or lo >= first_day) and (last_day is None or hi <= last_day):
        return "inside"
    return "uncertain"
