"""Checks for an application to the European Court of Human Rights (DOMAIN.md §2, §8)."""

from __future__ import annotations

import datetime as _dt

from ..case.model import Case
from .common import (
    FinalDecision,
    article_number,
    as_of_finding,
    exhaustion_finding,
    final_decision,
    other_procedures_finding,
    text_of,
)
from .deadlines import detention_limit_findings, echr_time_limit, time_limit_finding
from .report import Evidence, Finding, NamedDate
from .rules import Rules, StateRules
from .states import data_findings, state_finding, temporal_findings
from .values import Items, Param, State

__all__ = ["check_echr", "echr_time_limit"]


def _rights_finding(case: Case) -> Finding:
    evidence = []
    for i, right in enumerate(case.rights):
        if right.instrument == "ECHR":
            text, lang = text_of(case, right.facts)
            evidence.append(Evidence(f"rights[{i}]", "right", "ECHR", right.article, text, lang))
    if not evidence:
        return Finding("rights", "warning", "rights.none")
    articles = [e.article or "" for e in evidence]
    if all(article_number(a) == "18" for a in articles):
        return Finding("rights", "warning", "rights.article_18_alone", evidence=tuple(evidence))
    return Finding(
        "rights",
        "info",
        "rights.listed",
        (("articles", Items(tuple(articles))),),
        evidence=tuple(evidence),
    )


def _after_cutoff(final: FinalDecision, state: StateRules, code: str) -> Finding | None:
    """A warning when the (final or provisional) decision may be dated after the last day the
    Court covers for the State."""
    last = state.last_day
    d = final.decision or final.candidate
    if last is None or d is None or d.date is None or d.date.latest <= last:
        return None
    sure = d.date.earliest > last
    return Finding(
        "decision_after_cutoff",
        "warning",
        "decision_after_cutoff.after" if sure else "decision_after_cutoff.may_be_after",
        (("decision", d.value), ("last", last), ("state", State(code))),
        dates=(NamedDate("decision", d.date.isoformat()), NamedDate("last_day", last.isoformat())),
    )


def _remedies(final: FinalDecision, state: StateRules, code: str) -> list[Finding]:
    """The remedies that may still lie in the State after the decision the time limit is
    counted from (a cassation appeal, a constitutional complaint): if one is to be used, the
    final decision is the one on it. A remedy open only to decisions final from a day after the
    decision's latest possible day is left out."""
    d = final.decision or final.candidate
    out = []
    for remedy in state.remedies:
        day = d.date if d is not None else None
        if remedy.since is not None and day is not None and day.latest < remedy.since:
            continue
        kind = "cassation" if remedy.kind == "cassation" else "constitutional"
        params: tuple[tuple[str, Param], ...] = (("state", State(code)),)
        if remedy.confirmed and remedy.authority:
            params += (("authority", remedy.authority),)
            name = f"remedy.{kind}"
        else:
            name = f"remedy.{kind}_unconfirmed"
        data: tuple[tuple[str, str | int | bool | None], ...] = (
            ("confirmed", remedy.confirmed),
            ("source", remedy.source),
        )
        out.append(Finding("remedies", "info", name, params, data=data, notable=True))
    return out


def check_echr(case: Case, today: _dt.date, rules: Rules) -> list[Finding]:
    """Every ECHR finding for the case."""
    items: list[Finding] = [as_of_finding(case, today)]
    state = rules.state(case.state)
    items.append(state_finding(case.state, state))
    if state is not None and state.never_bound:
        return items  # nothing else matters: the Court cannot examine the case at all
    if state is not None:
        items += data_findings(case.state, state)
        items += temporal_findings(case, case.state, state, today, check="temporal_jurisdiction")
    assert rules.time_limit is not None
    unsure = [p.decisions_from for p in rules.time_limit.periods if not p.confirmed]
    if unsure:
        items.append(
            Finding(
                "unconfirmed",
                "warning",
                "time_limit.rule_unconfirmed",
                (("dates", Items(tuple(unsure))),),
            )
        )
    final = final_decision(case)
    items.append(exhaustion_finding(case, final))
    if state is not None:
        items += _remedies(final, state, case.state)
    items.append(time_limit_finding(final, today, rules, case.as_of))
    items += detention_limit_findings(case, today, rules, final)
    if state is not None:
        after = _after_cutoff(final, state, case.state)
        if after is not None:
            items.append(after)
    items.append(other_procedures_finding(case, "ECHR", rules))
    items.append(_rights_finding(case))
    return items
