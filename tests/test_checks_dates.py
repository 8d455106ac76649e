"""Date arithmetic of the checks: months clamped to the month's end, ECHR time limit, days left,
and where partial dates lie relative to a State's periods."""

from __future__ import annotations

import datetime as dt

import pytest

from advocacy_docs.case.types import PartialDate
from advocacy_docs.checks import Finding, add_months, add_years, days_left, echr_time_limit
from advocacy_docs.checks.common import Decision, FinalDecision
from advocacy_docs.checks.dates import position
from advocacy_docs.checks.deadlines import time_limit_finding
from advocacy_docs.checks.echr_text import SENTENCES as ECHR
from advocacy_docs.checks.periods import place
from advocacy_docs.checks.report import english
from advocacy_docs.checks.rules import bundled_rules
from advocacy_docs.checks.text import SENTENCES as COMMON

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2022, 1, 31), 6, D(2022, 7, 31)),
        (D(2022, 2, 1), 4, D(2022, 6, 1)),
        (D(2023, 10, 31), 4, D(2024, 2, 29)),  # leap year
        (D(2022, 10, 31), 4, D(2023, 2, 28)),  # common year
        (D(2022, 8, 31), 4, D(2022, 12, 31)),
        (D(2022, 10, 30), 4, D(2023, 2, 28)),
        (D(2023, 9, 15), 4, D(2024, 1, 15)),  # across the year end
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


def test_add_years_from_29_february() -> None:
    assert add_years(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert add_years(D(2023, 5, 23), 5) == D(2028, 5, 23)


def test_six_months_before_1_february_2022() -> None:
    assert echr_time_limit(D(2022, 1, 31)) == (D(2022, 7, 31), 6)


def test_four_months_from_1_february_2022() -> None:
    assert echr_time_limit(D(2022, 2, 1)) == (D(2022, 6, 1), 4)


def test_31_october_ends_in_february() -> None:
    assert echr_time_limit(D(2023, 10, 31)) == (D(2024, 2, 29), 4)
    assert echr_time_limit(D(2022, 10, 31)) == (D(2023, 2, 28), 4)


def test_no_period_before_the_convention() -> None:
    with pytest.raises(ValueError):
        echr_time_limit(D(1950, 1, 1))


def _finding(decided: dt.date, today: dt.date) -> Finding:
    final = FinalDecision(Decision("appeal", "proceedings.appeals[0]", PartialDate.parse(decided)))
    return time_limit_finding(final, today, bundled_rules("echr"))


def _text(f: Finding) -> str:
    return f.text(english(), {**COMMON, **ECHR})


def test_a_friday_deadline_is_not_called_a_weekend() -> None:
    last, _ = echr_time_limit(D(2023, 5, 29))
    assert last == D(2023, 9, 29) and last.weekday() == 4
    f = _finding(D(2023, 5, 29), D(2023, 9, 1))
    assert f.code == "time_limit.running"
    assert "ends on 29 September 2023 (28 days left)" in _text(f)
    assert f.value("weekend") is False


@pytest.mark.parametrize(
    ("decided", "last"),
    [
        (D(2023, 5, 30), D(2023, 9, 30)),  # a Saturday
        (D(2022, 1, 31), D(2022, 7, 31)),  # a Sunday, under the six-month rule
    ],
)
def test_a_weekend_deadline_is_not_moved(decided: dt.date, last: dt.date) -> None:
    assert echr_time_limit(decided)[0] == last
    f = _finding(decided, last - dt.timedelta(days=10))
    assert f.date("last_day") == last.isoformat()
    assert f.days_left == 10
    assert f.code == "time_limit.running_weekend"
    assert "falls on a weekend, and the time limit is not extended" in _text(f)
    assert f.value("weekend") is True


def test_days_left_counts_to_the_last_day_which_itself_is_zero() -> None:
    # Documented convention: on the last day 0 days are left; the day before, 1.
    assert days_left(D(2023, 6, 1), D(2023, 5, 29)) == 3
    assert days_left(D(2023, 6, 1), D(2023, 6, 1)) == 0
    assert days_left(D(2023, 6, 1), D(2023, 6, 2)) == -1


def test_time_limit_with_days_left() -> None:
    f = _finding(D(2023, 2, 1), D(2023, 5, 29))
    assert f.status == "warning"  # within 30 days
    assert f.days_left == 3
    assert "ends on 1 June 2023 (3 days left)" in _text(f)


def test_time_limit_on_the_last_day() -> None:
    f = _finding(D(2023, 2, 1), D(2023, 6, 1))
    assert (f.status, f.days_left) == ("warning", 0)
    assert "(today is the last day)" in _text(f)


def test_time_limit_far_ahead_is_ok_and_still_in_the_notes() -> None:
    # warn_days only decides the emphasis: a running last day is always in the notes (D1).
    f = _finding(D(2023, 2, 1), D(2023, 3, 1))
    assert (f.status, f.days_left) == ("ok", 92)
    assert f.in_notes and f.is_deadline and f.window == (D(2023, 6, 1), D(2023, 6, 1))


def test_a_passed_time_limit_is_a_warning_never_a_bar() -> None:
    # It rests on the file's "final" mark and on no date of service, and may cover some
    # complaints only: "appears to be out of time", not "barred" (O1, D2).
    f = _finding(D(2023, 2, 1), D(2023, 6, 2))
    assert (f.status, f.days_left, f.code) == ("warning", -1, "time_limit.passed")
    assert "ended on 1 June 2023" in _text(f) and "appear to be out of time" in _text(f)
    assert f.in_notes


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2022-09-16", "inside"),
        ("2022-09-17", "outside"),
        ("2022-09", "uncertain"),
        ("2022-08", "inside"),
        ("2022", "uncertain"),
        ("1998-05", "uncertain"),
        ("1998-04", "outside"),
        ("1998-05-04", "outside"),
        ("1998-05-05", "inside"),
    ],
)
def test_position_of_partial_dates(when: str, expected: str) -> None:
    assert position(PartialDate.parse(when), D(1998, 5, 5), D(2022, 9, 16)) == expected
    assert position(None, D(1998, 5, 5), None) == "uncertain"
    russia = bundled_rules("echr").states["RU"].periods()
    assert place(PartialDate.parse(when), russia) == expected
