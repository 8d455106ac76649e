"""Checks for a communication to the UN Human Rights Committee (DOMAIN.md §4)."""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from .common import (
    FinalDecision,
    deadline_status,
    exhaustion_finding,
    final_decision,
    left_text,
    state_finding,
    temporal_findings,
    text_of,
    unconfirmed_finding,
)
from .dates import add_years, days_left
from .report import Evidence, Finding, NamedDate, Status
from .rules import Rules, StateRules

INSTRUMENT = "Optional Protocol to the International Covenant on Civil and Political Rights"


def five_year_limit(final_decision: _dt.date, rules: Rules) -> _dt.date:
    """The last day before a communication may be an abuse of the right of submission."""
    assert rules.five_years is not None
    return add_years(final_decision, rules.five_years.years)


def _five_years(final: FinalDecision, today: _dt.date, rules: Rules) -> Finding:
    assert rules.five_years is not None
    rule = rules.five_years
    years, other = rule.years, rule.other_procedure_years
    d = final.decision
    tail = (
        f"(or {other} years after another international procedure ended) may be an abuse of the "
        f"right of submission unless the delay is justified ({rule.source})"
    )
    if d is None or d.date is None:
        why = final.reason if d is None else f"{d.what} [{d.ref}] has no date"
        return Finding(
            "five_years",
            "info" if d is None else "unknown",
            f"The {years}-year period has not started or cannot be computed: {why}. A "
            f"communication submitted more than {years} years after the final decision {tail}.",
            note=None if d is None else f"The final decision [{d.ref}] has no date; add it.",
        )
    when = d.date
    earliest = five_year_limit(when.earliest, rules)
    latest = five_year_limit(when.latest, rules)
    left = days_left(earliest, today)
    if when.precision != "day":
        status: Status = "passed" if days_left(latest, today) < 0 else "unknown"
        message = (
            f"Final decision: {d.what} [{d.ref}], dated only to the {when.precision}. A "
            f"communication submitted after a day between {earliest} and {latest} {tail}."
        )
        return Finding(
            "five_years",
            status,
            message,
            note=f"The final decision is dated only {when}; the {years}-year date of rule 99(c) "
            f"is between {earliest} and {latest}; find the exact date.",
            dates=(
                NamedDate("final_decision", str(when)),
                NamedDate("earliest_limit", earliest.isoformat()),
                NamedDate("latest_limit", latest.isoformat()),
            ),
            days_left=left,
        )
    status = deadline_status(left, rule.warn_days)
    message = (
        f"Final decision: {d.what} [{d.ref}]. A communication submitted after {earliest} "
        f"({years} years later) {tail}: {left_text(earliest, today)}."
    )
    note = None
    if status == "passed":
        note = (
            f"More than {years} years have passed since the final decision of {when} (on "
            f"{earliest}); explain the delay, or the communication may be an abuse of the right "
            "of submission."
        )
    elif status == "warning":
        note = (
            f"Submit before {earliest}, {years} years after the final decision "
            f"({left_text(earliest, today)}), or explain the delay."
        )
    return Finding(
        "five_years",
        status,
        message,
        note=note,
        dates=(NamedDate("final_decision", str(when)), NamedDate("limit", earliest.isoformat())),
        days_left=left,
        data=(("years", years),),
    )


def _submission(state: StateRules, today: _dt.date) -> Finding | None:
    end = state.date_of("ends")
    if end is None or not end.stops_submissions:
        return None
    confirmed = "" if end.confirmed else " (unconfirmed)"
    dates = (NamedDate("ends", end.date.isoformat(), end.what, end.confirmed),)
    if today >= end.date:
        return Finding(
            "submission",
            "warning",
            f"{state.name}'s denunciation of the Optional Protocol took effect on "
            f"{end.date}{confirmed}: communications submitted from that day are not received; "
            "communications submitted before it continue. The lawyer must check whether a "
            "communication was submitted in time, or use another procedure.",
            note=f"{state.name} left the Optional Protocol on {end.date}: a new communication "
            "will not be received; check whether one was submitted earlier, or use another "
            "procedure.",
            dates=dates,
            days_left=days_left(end.date, today),
        )
    last = end.date - _dt.timedelta(days=1)
    return Finding(
        "submission",
        "warning",
        f"{state.name}'s denunciation of the Optional Protocol takes effect on {end.date}"
        f"{confirmed}: submit before that day (last day {last}: {left_text(last, today)}).",
        note=f"Submit the communication before {end.date}, when {state.name}'s denunciation "
        "takes effect.",
        dates=dates,
        days_left=days_left(last, today),
    )


def _rights(case: Case) -> Finding:
    evidence = [
        Evidence(f"rights[{i}]", "right", "ICCPR", r.article, *text_of(case, r.facts))
        for i, r in enumerate(case.rights)
        if r.instrument == "ICCPR"
    ]
    if not evidence:
        return Finding(
            "rights",
            "warning",
            "The case file lists no Covenant article (rights with instrument ICCPR): a "
            "communication must say which Covenant rights were violated.",
            note="The case file lists no Covenant (ICCPR) article; add the rights violated.",
        )
    articles = ", ".join(e.article or "" for e in evidence)
    return Finding(
        "rights", "info", f"Covenant articles invoked: {articles}.", evidence=tuple(evidence)
    )


def check_hrc(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Every Human Rights Committee finding for the case."""
    items: list[Finding] = []
    state = rules.states.get(case.state)
    items.append(state_finding(case.state, state, INSTRUMENT, "hrc.toml"))
    unconfirmed: list[tuple[str | None, str]] = (
        [(d.date.isoformat(), f"{state.name}: {d.what}") for d in state.unconfirmed]
        if state is not None
        else []
    )
    assert rules.five_years is not None
    if not rules.five_years.confirmed:
        unconfirmed.append(
            (None, f"the {rules.five_years.years}-year rule ({rules.five_years.source})")
        )
    flagged = unconfirmed_finding(unconfirmed, "hrc.toml; UN Treaty Collection, chapter IV.5")
    if flagged is not None:
        items.append(flagged)
    if state is not None and state.party:
        items += temporal_findings(
            case, state, today, check="temporal_scope", covered="bound by the Optional Protocol"
        )
        submission = _submission(state, today)
        if submission is not None:
            items.append(submission)
    final = final_decision(case)
    items.append(exhaustion_finding(final, "Optional Protocol, article 5(2)(b)"))
    items.append(_five_years(final, today, rules))
    items.append(
        Finding(
            "other_procedures",
            "info",
            "The same matter must not be under examination in another international procedure "
            "(Optional Protocol, article 5(2)(a)); the case file does not record other "
            "international proceedings: the lawyer must check (for example an application to "
            "the European Court of Human Rights).",
        )
    )
    items.append(_rights(case))
    return items
