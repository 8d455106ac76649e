"""Checks for an application to the European Court of Human Rights (DOMAIN.md §2)."""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from ..case.types import PartialDate
from .common import (
    FinalDecision,
    article_number,
    deadline_status,
    exhaustion_finding,
    final_decision,
    left_text,
    state_finding,
    temporal_findings,
    text_of,
    unconfirmed_finding,
)
from .dates import add_months, days_left, is_weekend, weekday_name
from .report import Evidence, Finding, NamedDate, Status
from .rules import Rules, bundled_rules

NUMBERS = {4: "four", 6: "six"}
WHEN_SERVED = (
    "The period runs from the final decision, or from when the applicant or the lawyer learned "
    "of it or was served with it where the decision is served: check that date. Only a complete "
    "application form stops the clock."
)


def echr_time_limit(final_decision: _dt.date, rules: Rules | None = None) -> tuple[_dt.date, int]:
    """The last day to lodge an application against a final decision of this date, and the
    number of months of the period that applies (4 from 1 February 2022, 6 before).

    The last day is the same day of the month, or the last day of a shorter month; it is not
    moved off weekends or holidays. ValueError when no period applies (before the Convention).
    """
    rules = rules or bundled_rules("echr")
    assert rules.time_limit is not None  # the rules validator requires it for echr
    period = rules.time_limit.period_for(final_decision)
    if period is None:
        raise ValueError(f"no ECHR time limit applies to a decision of {final_decision}")
    return add_months(final_decision, period.months), period.months


def _periods(rules: Rules) -> str:
    assert rules.time_limit is not None
    periods = sorted(rules.time_limit.periods, key=lambda p: p.decisions_from, reverse=True)
    parts = [
        f"{_months(p.months)} for a decision dated on or after {p.decisions_from.isoformat()}"
        if i == 0
        else f"{_months(p.months)} before {periods[i - 1].decisions_from.isoformat()}"
        for i, p in enumerate(periods)
    ]
    return ", ".join(parts)


def _months(n: int) -> str:
    return f"{NUMBERS.get(n, str(n))} months"


def _month_limit(n: int) -> str:
    return f"{NUMBERS.get(n, str(n))}-month time limit"


def _day(d: _dt.date) -> str:
    note = " - not extended for weekends or holidays" if is_weekend(d) else ""
    return f"{d.isoformat()} ({weekday_name(d)}{note})"


def time_limit_finding(final: FinalDecision, today: _dt.date, rules: Rules) -> Finding:
    """The Article 35 § 1 time limit from the final domestic decision."""
    assert rules.time_limit is not None
    warn = rules.time_limit.warn_days
    d = final.decision
    if d is None:
        return Finding(
            "time_limit",
            "unknown",
            f"The time limit cannot be computed: there is no final domestic decision "
            f"({final.reason}). It will run from the final decision: {_periods(rules)}. "
            "Complaints about detention (Article 5) may have their own starting point: the "
            "lawyer must check.",
            note="No final domestic decision is recorded, so the time limit has not started for "
            "the conviction; check the starting point for complaints about detention (Article 5).",
        )
    if d.date is None:
        return Finding(
            "time_limit",
            "unknown",
            f"The time limit cannot be computed: {d.what} [{d.ref}] has no date in the case "
            "file. Add the date of the final decision.",
            note=f"The final decision [{d.ref}] has no date, so the time limit cannot be "
            "computed; add its date.",
        )
    if d.date.precision == "day":
        return _exact(d.date, d.what, d.ref, today, rules, warn)
    return _range(d.date, d.what, d.ref, today, rules, warn)


def _exact(
    when: PartialDate, what: str, ref: str, today: _dt.date, rules: Rules, warn: int
) -> Finding:
    decided = when.earliest
    try:
        last, months = echr_time_limit(decided, rules)
    except ValueError as exc:
        return Finding("time_limit", "unknown", f"{exc}.", note=f"Check the time limit: {exc}.")
    left = days_left(last, today)
    status = deadline_status(left, warn)
    head = f"Final decision: {what} [{ref}]. Time limit: {_months(months)}; last day {_day(last)}"
    note: str | None
    if left < 0:
        message = f"{head}: the time limit {left_text(last, today)}. {WHEN_SERVED}"
        note = (
            f"The {_month_limit(months)} from the final decision of {decided} ended on "
            f"{last}; check whether the application was lodged in time or when the decision was "
            "served."
        )
    else:
        message = f"{head}: {left_text(last, today)}. {WHEN_SERVED}"
        note = (
            f"The {_month_limit(months)} from the final decision of {decided} ends on "
            f"{last} ({left_text(last, today)}); check when the decision was served."
            if status != "ok"
            else None
        )
    return Finding(
        "time_limit",
        status,
        message,
        note=note,
        dates=(
            NamedDate("final_decision", decided.isoformat()),
            NamedDate("last_day", last.isoformat()),
        ),
        days_left=left,
        data=(("months", months), ("weekend", is_weekend(last))),
    )


def _range(
    when: PartialDate, what: str, ref: str, today: _dt.date, rules: Rules, warn: int
) -> Finding:
    try:
        first_last, first_months = echr_time_limit(when.earliest, rules)
        last_last, last_months = echr_time_limit(when.latest, rules)
    except ValueError as exc:
        return Finding("time_limit", "unknown", f"{exc}.", note=f"Check the time limit: {exc}.")
    months = (
        _months(first_months)
        if first_months == last_months
        else f"{_months(first_months)} or {_months(last_months)}"
    )
    span = f"between {first_last.isoformat()} and {last_last.isoformat()}"
    head = (
        f"Final decision: {what} [{ref}], dated only to the {when.precision} ({when}). The time "
        f"limit ({months}) cannot be computed exactly: the last day is {span}"
    )
    left = days_left(first_last, today)
    status: Status
    if days_left(last_last, today) < 0:
        status = "passed"
        message = f"{head}; even the latest possible last day has passed. {WHEN_SERVED}"
        note = (
            f"The final decision is dated only {when}; even the latest possible last day of the "
            f"time limit ({last_last}) has passed; check the exact date."
        )
    else:
        status = "unknown"
        if left < 0:
            tail = "the earliest possible last day has passed"
        else:
            tail = f"{left} days left to the earliest possible last day"
        message = f"{head}; {tail}. Find the exact date of the decision. {WHEN_SERVED}"
        note = (
            f"The final decision is dated only {when}, so the last day of the time limit is "
            f"only known to be {span}; find the exact date."
        )
    return Finding(
        "time_limit",
        status,
        message,
        note=note,
        dates=(
            NamedDate("final_decision", str(when)),
            NamedDate("earliest_last_day", first_last.isoformat()),
            NamedDate("latest_last_day", last_last.isoformat()),
        ),
        days_left=left,
        data=(("months", first_months if first_months == last_months else None),),
    )


def _rights_finding(case: Case) -> Finding:
    evidence = []
    for i, right in enumerate(case.rights):
        if right.instrument == "ECHR":
            text, lang = text_of(case, right.facts)
            evidence.append(Evidence(f"rights[{i}]", "right", "ECHR", right.article, text, lang))
    if not evidence:
        return Finding(
            "rights",
            "warning",
            "The case file lists no alleged violation of a Convention Article (rights with "
            "instrument ECHR): section F of the form needs each Article with its explanation.",
            note="The case file lists no Convention Article; add the alleged violations.",
        )
    articles = [e.article or "" for e in evidence]
    alone = all(article_number(a) == "18" for a in articles)
    if alone:
        return Finding(
            "rights",
            "warning",
            "Article 18 is the only Article invoked; it applies only together with another "
            "Article (usually Article 5). The lawyer must add the Article it goes with.",
            note="Article 18 is invoked alone; it applies only together with another Article.",
            evidence=tuple(evidence),
        )
    return Finding(
        "rights",
        "info",
        f"Convention Articles invoked: {', '.join(articles)}. Each needs its own explanation in "
        "section F of the form.",
        evidence=tuple(evidence),
    )


def check_echr(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Every ECHR finding for the case."""
    items: list[Finding] = []
    state = rules.states.get(case.state)
    items.append(
        state_finding(case.state, state, "European Convention on Human Rights", "echr.toml")
    )
    unconfirmed: list[tuple[str | None, str]] = (
        [(d.date.isoformat(), f"{state.name}: {d.what}") for d in state.unconfirmed]
        if state is not None
        else []
    )
    assert rules.time_limit is not None
    unconfirmed += [
        (p.decisions_from.isoformat(), p.what) for p in rules.time_limit.periods if not p.confirmed
    ]
    flagged = unconfirmed_finding(unconfirmed, "echr.toml")
    if flagged is not None:
        items.append(flagged)
    if state is not None and state.party:
        items += temporal_findings(
            case,
            state,
            today,
            check="temporal_jurisdiction",
            covered="the Court may examine only acts or omissions",
        )
    final = final_decision(case)
    items.append(exhaustion_finding(final, "Article 35 § 1"))
    last = state.last_day if state is not None and state.party else None
    items.append(time_limit_finding(final, today, rules))
    d = final.decision
    if d is not None and d.date is not None and last is not None and d.date.latest > last:
        dated = "is dated" if d.date.earliest > last else "may be dated"
        items.append(
            Finding(
                "decision_after_cutoff",
                "warning",
                f"The final decision ({d.date}) {dated} after {last.isoformat()}, the last day "
                f"the Court covers for {state.name if state else case.state}: the lawyer must "
                "check how exhaustion and the time limit apply to complaints about acts up to "
                "that day.",
                note=f"The final decision ({d.date}) {dated} after {last.isoformat()}; check how "
                "exhaustion and the time limit apply to the acts the Court can still examine.",
                dates=(NamedDate("final_decision", str(d.date)), NamedDate("last_day", str(last))),
            )
        )
    items.append(_rights_finding(case))
    return items
