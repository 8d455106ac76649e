"""The ECHR time limit (Article 35 § 1): from the final decision when the case file marks one,
provisionally from the last decision taken when it does not, and from the end of a detention
for complaints about it (release; the first-instance conviction ends detention before trial;
the final decision on a detention order, for complaints about that order).

Nothing here says a time limit "has not started": with no final decision, every last day that
may apply is computed and the sentence says which fact would make it the real one. Nothing here
is ``barred`` either: a time limit rests on facts the lawyer must still check (which decision is
the final effective one, when it was served) and may cover some complaints only, so a last day
that has passed is a warning for the complaints it concerns.

A date known only to the month or the year gives a window of possible last days. Across
1 February 2022 the period changes from six months to four, so the last day is not monotonic in
the date: a decision of 31 January 2022 runs to 31 July 2022, one of 1 February 2022 to 1 June
2022. The window is taken over every day the date may mean (:func:`window`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..case.model import Case
from ..case.types import PartialDate
from .common import Decision, FinalDecision, detention_span
from .dates import add_months, days_left, is_weekend
from .report import Finding, NamedDate, Status
from .rules import Rules, bundled_rules
from .values import DaysLeft, MonthsChoice, Param, When
from .values import Decision as DecisionValue

_DAY = _dt.timedelta(days=1)


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


@dataclass(frozen=True)
class Window:
    """The possible last days of a time limit counted from a (partial) date."""

    earliest: _dt.date
    latest: _dt.date
    months: int
    """The months of the period that gives the earliest possible day."""
    months_latest: int
    """The months of the period that gives the latest possible day."""
    periods: tuple[int, ...] = ()
    """Every number of months that may apply (two when the date straddles 1 February 2022)."""

    @property
    def exact(self) -> bool:
        """True when the last day is known."""
        return self.earliest == self.latest

    @property
    def choice(self) -> MonthsChoice:
        """The months as a sentence gives them: "4 months" or "4 or 6 months, depending on…"."""
        return MonthsChoice(self.periods or (self.months,))


def window(when: PartialDate, rules: Rules) -> Window:
    """The earliest and the latest last day of the time limit over every day ``when`` may mean.

    Within one period the last day grows with the date, so the extremes lie at the first and
    the last day of each stretch of ``when`` that one period covers: its own ends, and the days
    either side of each change of period inside it. ValueError when no period applies at all.
    """
    assert rules.time_limit is not None
    first, last = when.earliest, when.latest
    days = {first, last}
    for period in rules.time_limit.periods:
        start = period.decisions_from
        if first < start <= last:
            days |= {start - _DAY, start}
    limits: list[tuple[_dt.date, int]] = []
    for day in days:
        try:
            limits.append(echr_time_limit(day, rules))
        except ValueError:
            continue  # a day before the Convention: no period applies to it
    if not limits:
        raise ValueError(f"no ECHR time limit applies to a decision of {when}")
    early, late = min(limits), max(limits)
    periods = tuple(sorted({months for _, months in limits}))
    return Window(early[0], late[0], early[1], late[1], periods)


def _dates(start: str, when: PartialDate, w: Window) -> tuple[NamedDate, ...]:
    if w.exact:
        return (NamedDate(start, when.isoformat()), NamedDate("last_day", w.earliest.isoformat()))
    return (
        NamedDate(start, when.isoformat()),
        NamedDate("earliest_last_day", w.earliest.isoformat()),
        NamedDate("latest_last_day", w.latest.isoformat()),
    )


def _running(left: int, warn: int) -> Status:
    # warn_days only decides the emphasis: every running last day is in the notes whatever it is.
    return "warning" if left <= warn else "ok"


def _window_or_none(when: PartialDate, rules: Rules) -> Window | None:
    try:
        return window(when, rules)
    except ValueError:
        return None


def time_limit_finding(
    final: FinalDecision, today: _dt.date, rules: Rules, as_of: PartialDate | None = None
) -> Finding:
    """The time limit from the final decision, or provisionally from the last decision; none
    while an appeal is recorded as pending (``as_of``: the day the facts are stated as of)."""
    assert rules.time_limit is not None
    d = final.decision
    if d is not None:
        if d.date is None:
            return Finding("time_limit", "unknown", "time_limit.undated")
        return _from_final(d, d.date, today, rules)
    if final.pending is not None:
        return _pending(as_of)
    if final.candidate is not None and final.candidate.date is not None:
        return _provisional(final.candidate, final.candidate.date, today, rules)
    return _no_decision(rules)


def _pending(as_of: PartialDate | None) -> Finding:
    """An appeal recorded as pending, with no decision marked final: the verdict was not final
    then, and no day counted from it is the last day."""
    if as_of is not None:
        params: tuple[tuple[str, Param], ...] = (("as_of", When(as_of)),)
        return Finding("time_limit", "warning", "time_limit.appeal_pending_as_of", params)
    return Finding("time_limit", "warning", "time_limit.appeal_pending")


def _no_decision(rules: Rules) -> Finding:
    assert rules.time_limit is not None
    periods = sorted(rules.time_limit.periods, key=lambda p: p.decisions_from)
    params: tuple[tuple[str, Param], ...] = (("months", MonthsChoice((periods[-1].months,))),)
    if len(periods) > 1:
        params += (("old_months", MonthsChoice((periods[-2].months,))),)
        params += (("switch", periods[-1].decisions_from),)
        return Finding("time_limit", "unknown", "time_limit.no_decision", params)
    return Finding("time_limit", "unknown", "time_limit.no_decision_one_rule", params)


def _from_final(d: Decision, when: PartialDate, today: _dt.date, rules: Rules) -> Finding:
    assert rules.time_limit is not None
    w = _window_or_none(when, rules)
    if w is None:
        return Finding("time_limit", "unknown", "time_limit.no_rule", (("decision", d.value),))
    dates = _dates("final_decision", when, w)
    span = (w.earliest, w.latest)
    left = days_left(w.earliest, today)
    data: tuple[tuple[str, str | int | bool | None], ...] = (
        ("months", w.periods[0] if len(w.periods) == 1 else None),
        ("ref", d.ref),
    )
    base: tuple[tuple[str, Param], ...] = (("decision", d.value), ("months", w.choice))
    if w.exact:
        if left < 0:
            params = (*base, ("last", w.earliest))
            return Finding(
                "time_limit", "warning", "time_limit.passed", params, dates, left,
                data=data, window=span,
            )  # fmt: skip
        code = "time_limit.running_weekend" if is_weekend(w.earliest) else "time_limit.running"
        params = (*base, ("last", w.earliest), ("left", DaysLeft(left)))
        status = _running(left, rules.time_limit.warn_days)
        data += (("weekend", is_weekend(w.earliest)),)
        return Finding("time_limit", status, code, params, dates, left, data=data, window=span)
    params = (*base, ("earliest", w.earliest), ("latest", w.latest))
    if days_left(w.latest, today) < 0:
        code = "time_limit.partial_passed"
    elif left < 0:
        code = "time_limit.partial_may_have_passed"
    else:
        code = "time_limit.partial_running"
        params += (("left", DaysLeft(left)),)
    return Finding("time_limit", "warning", code, params, dates, left, data=data, window=span)


def _provisional(d: Decision, when: PartialDate, today: _dt.date, rules: Rules) -> Finding:
    w = _window_or_none(when, rules)
    if w is None:
        return Finding("time_limit", "unknown", "time_limit.no_rule", (("decision", d.value),))
    left = days_left(w.earliest, today)
    params: tuple[tuple[str, Param], ...] = (("decision", d.value), ("months", w.choice))
    if w.exact:
        params += (("last", w.earliest),)
        if left < 0:
            code = "time_limit.provisional_passed"
        else:
            code = "time_limit.provisional_running"
            params += (("left", DaysLeft(left)),)
    elif days_left(w.latest, today) < 0:
        code = "time_limit.provisional_latest_passed"
        params += (("last", w.latest),)
    else:
        params += (("last", w.earliest),)
        if left < 0:
            code = "time_limit.provisional_earliest_passed"
            params += (("latest", w.latest),)
        else:
            code = "time_limit.provisional_earliest_running"
            params += (("left", DaysLeft(left)),)
    return Finding(
        "time_limit",
        "warning",
        code,
        params,
        _dates("decision", when, w),
        left,
        data=(("provisional", True), ("ref", d.ref), ("months", w.months)),
        window=(w.earliest, w.latest),
    )


def detention_limit_findings(
    case: Case, today: _dt.date, rules: Rules, final: FinalDecision | None = None
) -> list[Finding]:
    """Time limits for complaints about the detention: from its end (release), for the detention
    before trial from the first-instance conviction that ended it, and from the final decision
    on each detention order the case file records; and, when it records none, what the lawyer
    must list."""
    assert rules.time_limit is not None
    span = detention_span(case)
    if span is None:
        return []
    warn = rules.time_limit.warn_days
    out: list[Finding] = []
    verdict = case.proceedings.verdict if case.proceedings is not None else None
    convicted = verdict.date if verdict is not None else None
    ended_before_trial = (
        span.ended is not None and convicted is not None and span.ended.latest < convicted.earliest
    )
    later = final.decision if final is not None else None
    if span.ended is not None:
        out.append(_from_end("release", span.ended, today, rules, warn, later))
    elif span.released_undated:
        out.append(Finding("detention_limit", "unknown", "detention_limit.release_undated"))
    if convicted is not None and not ended_before_trial and span.since.earliest <= convicted.latest:
        out.append(_from_end("conviction", convicted, today, rules, warn, None))
    elif span.continuing and convicted is None:
        out.append(Finding("detention_limit", "info", "detention_limit.continuing"))
    out += _orders(case, today, rules, warn)
    return out


def _orders(case: Case, today: _dt.date, rules: Rules, warn: int) -> list[Finding]:
    """One time limit per final decision on a detention order; when the file records none, a
    note that complaints about one order may run from the decision on it (often earlier)."""
    assert case.detention is not None
    rule = rules.detention_orders
    confirmed = rule is not None and rule.confirmed
    recorded = [
        (i, d) for i, d in enumerate(case.detention.decisions) if d.final and d.date is not None
    ]
    if not recorded:
        code = "detention_limit.orders_missing" + ("" if confirmed else "_unconfirmed")
        return [Finding("detention_limit", "warning", code, data=(("confirmed", confirmed),))]
    out = []
    for i, decision in recorded:
        assert decision.date is not None
        w = _window_or_none(decision.date, rules)
        if w is None:
            out.append(Finding("detention_limit", "unknown", "time_limit.no_rule_detention"))
            continue
        out.append(_order_finding(i, decision.date, w, today, warn, confirmed))
    return out


def _order_finding(
    i: int, when: PartialDate, w: Window, today: _dt.date, warn: int, confirmed: bool
) -> Finding:
    left = days_left(w.earliest, today)
    params: tuple[tuple[str, Param], ...] = (("decided", When(when)), ("months", w.choice))
    data: tuple[tuple[str, str | int | bool | None], ...] = (
        ("ref", f"detention.decisions[{i}]"),
        ("confirmed", confirmed),
    )
    status: Status = "warning"
    if w.exact:
        params += (("last", w.earliest),)
        if left < 0:
            code = "detention_limit.order_passed"
        else:
            code = "detention_limit.order_running"
            params += (("left", DaysLeft(left)),)
            status = _running(left, warn)
    else:
        params += (("earliest", w.earliest), ("latest", w.latest))
        if days_left(w.latest, today) < 0:
            code = "detention_limit.order_partial_passed"
        elif left < 0:
            code = "detention_limit.order_may_have_passed"
        else:
            code = "detention_limit.order_partial_running"
            params += (("left", DaysLeft(left)),)
    return Finding(
        "detention_limit", status, code, params, _dates("order_decision", when, w), left,
        data=data, window=(w.earliest, w.latest),
    )  # fmt: skip


def _from_end(
    kind: str,
    when: PartialDate,
    today: _dt.date,
    rules: Rules,
    warn: int,
    later: Decision | None,
) -> Finding:
    """The limit counted from the end of a detention (``kind``: release or conviction).
    ``later`` is the decision the case file marks final, named when it is dated after the
    release: if it decided on the detention, the period for those complaints runs from it."""
    w = _window_or_none(when, rules)
    if w is None:
        return Finding("detention_limit", "unknown", "time_limit.no_rule_detention")
    left = days_left(w.earliest, today)
    latest_left = days_left(w.latest, today)
    params: tuple[tuple[str, Param], ...] = (("ended", When(when)), ("months", w.choice))
    dates = _dates("release" if kind == "release" else "conviction", when, w)
    data: tuple[tuple[str, str | int | bool | None], ...] = (("months", w.months),)
    span = (w.earliest, w.latest)
    status: Status = "warning"
    if w.exact and left >= 0:
        params += (("last", w.earliest), ("left", DaysLeft(left)))
        code = f"detention_limit.{kind}_running"
        status = _running(left, warn) if kind == "release" else "warning"
    elif w.exact:
        params += (("last", w.earliest),)
        code = f"detention_limit.{kind}_passed"
    elif latest_left < 0:
        params += (("last", w.latest),)
        code = f"detention_limit.{kind}_latest_passed"
    elif left < 0:
        params += (("last", w.earliest), ("latest", w.latest))
        code = f"detention_limit.{kind}_earliest_passed"
    else:
        params += (("last", w.earliest), ("left", DaysLeft(left)))
        code = f"detention_limit.{kind}_earliest_running"
    passed = code.endswith("_passed") and not code.endswith("earliest_passed")
    after = later.date if later is not None else None
    if kind == "release" and passed and later and after and after.earliest > when.latest:
        code += "_later_decision"
        params += (("decision", DecisionValue(later.kind, after)),)
    return Finding("detention_limit", status, code, params, dates, left, data=data, window=span)
