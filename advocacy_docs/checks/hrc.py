"""Checks for a communication to the UN Human Rights Committee (DOMAIN.md §4, §8)."""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from ..case.types import PartialDate
from .common import (
    Decision,
    FinalDecision,
    as_of_finding,
    exhaustion_finding,
    final_decision,
    other_procedures_finding,
    text_of,
)
from .dates import add_years, days_left
from .report import Evidence, Finding, NamedDate, Status
from .rules import Rules, StateRules
from .states import data_findings, state_dates, state_finding, temporal_findings
from .values import BodyName, DaysLeft, Items, Param, State, When, Years

UNCONFIRMED_MARGIN_YEARS = 1
"""An unconfirmed denunciation date (computed from the Protocol's three months) bars a
communication only once it is this long past: before that, the day itself must be checked."""


def five_year_limit(final_decision: _dt.date, rules: Rules) -> _dt.date:
    """The last day before a communication may be an abuse of the right of submission."""
    assert rules.five_years is not None
    return add_years(final_decision, rules.five_years.years)


def _five_years(final: FinalDecision, today: _dt.date, rules: Rules) -> Finding:
    assert rules.five_years is not None
    rule = rules.five_years
    years = ("years", Years(rule.years))
    d = final.decision
    if d is not None and d.date is None:
        return Finding("five_years", "unknown", "five_years.undated")
    if d is not None and d.date is not None:
        return _from(d, d.date, today, rules, provisional=False)
    if final.pending is not None:
        return Finding("five_years", "warning", "five_years.appeal_pending", (years,))
    candidate = final.candidate
    if candidate is not None and candidate.date is not None:
        return _from(candidate, candidate.date, today, rules, provisional=True)
    return Finding("five_years", "info", "five_years.no_decision", (years,))


def _from(
    d: Decision, when: PartialDate, today: _dt.date, rules: Rules, *, provisional: bool
) -> Finding:
    assert rules.five_years is not None
    rule = rules.five_years
    earliest = five_year_limit(when.earliest, rules)
    latest = five_year_limit(when.latest, rules)
    left = days_left(earliest, today)
    base: tuple[tuple[str, Param], ...] = (("decision", d.value), ("years", Years(rule.years)))
    dates = (
        NamedDate("final_decision", when.isoformat()),
        NamedDate("limit", earliest.isoformat()),
    )
    data: tuple[tuple[str, str | int | bool | None], ...] = (
        ("years", rule.years),
        ("provisional", provisional),
    )
    window = (earliest, latest)
    status: Status
    if provisional:
        code = "five_years.provisional_passed" if left < 0 else "five_years.provisional_running"
        status = "warning" if left < 0 else "info"
        params = (*base, ("limit", earliest))
        return Finding("five_years", status, code, params, dates, left, data=data, window=window)
    if when.precision != "day":
        span = (*base, ("earliest", earliest), ("latest", latest))
        if days_left(latest, today) < 0:
            return Finding(
                "five_years", "warning", "five_years.partial_passed", span, dates, left,
                data=data, window=window,
            )  # fmt: skip
        status = "warning" if left < 0 else "info"
        return Finding(
            "five_years", status, "five_years.partial_running", span, dates, left,
            data=data, window=window,
        )  # fmt: skip
    if left < 0:
        params = (*base, ("limit", earliest))
        return Finding(
            "five_years", "warning", "five_years.passed", params, dates, left,
            data=data, window=window,
        )  # fmt: skip
    status = "warning" if left <= rule.warn_days else "ok"
    params = (*base, ("limit", earliest), ("left", DaysLeft(left)))
    return Finding(
        "five_years", status, "five_years.running", params, dates, left, data=data, window=window
    )


def _other_procedure_years(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Rule 99 (c), second limb: a communication submitted more than three years after the end
    of another procedure of international investigation or settlement may be an abuse of the
    right of submission. Counted from the end the case file records, else (no earlier than)
    from the day the matter was submitted there."""
    assert rules.five_years is not None
    years = rules.five_years.other_procedure_years
    out = []
    for i, proc in enumerate(case.international):
        code = proc.body.strip().upper()
        if code == "HRC" or proc.status != "decided":
            continue
        body = ("before", BodyName(code, before=True))
        params: tuple[tuple[str, Param], ...] = (body, ("years", Years(years)))
        data: tuple[tuple[str, str | int | bool | None], ...] = (
            ("ref", f"international[{i}]"),
            ("years", years),
        )
        start = proc.decided or proc.date
        if start is None:
            out.append(
                Finding("other_procedure_years", "warning", "other_years.undated", params,
                        data=data)
            )  # fmt: skip
            continue
        earliest = add_years(start.earliest, years)
        latest = add_years(start.latest, years)
        left = days_left(earliest, today)
        dated = "ended" if proc.decided is not None else "submitted"
        exact = proc.decided is not None and start.precision == "day"
        params += ((dated, When(start)), ("limit", earliest))
        if proc.decided is None:
            # The end is not recorded: the limit is at the earliest three years after submission.
            latest = _dt.date.max
            code_ = "other_years.undated_passed" if left < 0 else "other_years.undated_running"
        elif exact:
            code_ = "other_years.passed" if left < 0 else "other_years.running"
        else:
            code_ = "other_years.partial_passed" if left < 0 else "other_years.partial_running"
        if left >= 0:
            params += (("left", DaysLeft(left)),)
        status: Status = "warning" if left < 0 or left <= rules.five_years.warn_days else "info"
        dates = (NamedDate(dated, start.isoformat()), NamedDate("limit", earliest.isoformat()))
        out.append(
            Finding(
                "other_procedure_years", status, code_, params, dates, left,
                data=data, window=(earliest, latest),
            )
        )  # fmt: skip
    return out


def _recorded_submissions(
    case: Case, code: str, state: StateRules, today: _dt.date
) -> list[Finding]:
    """Each communication the case file records as submitted to the Committee, against the day a
    denunciation took effect: one submitted before it continues to be considered (article
    12 (2)); a date that straddles that day must be found."""
    periods = state.periods()
    end = periods[-1].end if periods else None
    if end is None or not periods[-1].stops_submissions or not end.exact:
        return []
    ends = end.latest + _dt.timedelta(days=1)
    out = []
    for i, proc in enumerate(case.international):
        if proc.body.strip().upper() != "HRC" or proc.status == "planned":
            continue
        params: tuple[tuple[str, Param], ...] = (("state", State(code)), ("ends", ends))
        data: tuple[tuple[str, str | int | bool | None], ...] = (("ref", f"international[{i}]"),)
        if proc.date is None:
            out.append(
                Finding("submission", "warning", "submission.recorded_undated", params,
                        data=data)
            )  # fmt: skip
            continue
        params += (("submitted", When(proc.date)),)
        status: Status = "warning"
        if proc.date.latest < ends:
            name, status = "submission.recorded_before", "info"
        elif proc.date.earliest >= ends:
            name = "submission.recorded_after"
        else:
            name = "submission.recorded_straddles"
        out.append(Finding("submission", status, name, params, data=data, notable=True))
    return out


def _submission(code: str, state: StateRules, today: _dt.date) -> Finding | None:
    """Whether a communication submitted today can still be received (article 12(2): a
    denunciation does not stop communications submitted before it took effect)."""
    periods = state.periods()
    end = periods[-1].end if periods else None
    if end is None or not periods[-1].stops_submissions or not end.exact:
        return None
    ends = end.latest + _dt.timedelta(days=1)  # the first day no longer covered
    params: tuple[tuple[str, Param], ...] = (("state", State(code)), ("ends", ends))
    dates = (NamedDate("ends", ends.isoformat(), "", end.confirmed),)
    if today >= ends:
        margin = add_years(ends, UNCONFIRMED_MARGIN_YEARS)
        if end.confirmed or today >= margin:
            return Finding("submission", "barred", "submission.denounced", params, dates)
        return Finding("submission", "warning", "submission.denounced_unconfirmed", params, dates)
    last = end.latest
    left = days_left(last, today)
    params += (("last", last), ("left", DaysLeft(left)))
    return Finding(
        "submission", "warning", "submission.denouncing", params, dates, left, window=(last, last)
    )


def _rights(case: Case) -> Finding:
    evidence = [
        Evidence(f"rights[{i}]", "right", "ICCPR", r.article, *text_of(case, r.facts))
        for i, r in enumerate(case.rights)
        if r.instrument == "ICCPR"
    ]
    if not evidence:
        return Finding("rights", "warning", "rights.none")
    articles = Items(tuple(e.article or "" for e in evidence))
    return Finding(
        "rights", "info", "rights.listed", (("articles", articles),), evidence=tuple(evidence)
    )


def _state(code: str, state: StateRules | None) -> Finding:
    covenant = state.iccpr if state is not None else None
    if state is not None and state.never_bound and covenant is not None and not covenant.party:
        return Finding(
            "state",
            "barred",
            "state.not_covenant_party",
            (("state", State(code)),),
            dates=state_dates(state),
        )
    return state_finding(code, state)


def check_hrc(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Every Human Rights Committee finding for the case."""
    items: list[Finding] = [as_of_finding(case, today)]
    state = rules.state(case.state)
    items.append(_state(case.state, state))
    if state is not None and state.never_bound:
        return items  # nothing else matters: the Committee cannot receive the communication
    denounced = False
    if state is not None:
        items += data_findings(case.state, state)
        items += temporal_findings(case, case.state, state, today, check="temporal_scope")
        submission = _submission(case.state, state, today)
        items += _recorded_submissions(case, case.state, state, today)
        if submission is not None:
            items.append(submission)
        denounced = submission is not None and submission.status == "barred"
    assert rules.five_years is not None
    if not rules.five_years.confirmed:
        items.append(Finding("unconfirmed", "warning", "five_years.rule_unconfirmed"))
    final = final_decision(case)
    items.append(exhaustion_finding(case, final))
    if not denounced:
        # Once no new communication can be received, the days of rule 99 (c) are moot: a last
        # day "running" next to that bar would read as a chance that does not exist.
        items.append(_five_years(final, today, rules))
        items += _other_procedure_years(case, today, rules)
    items.append(other_procedures_finding(case, "HRC", rules))
    items.append(_rights(case))
    return items
