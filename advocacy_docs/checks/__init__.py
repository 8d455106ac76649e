"""Checks a lawyer needs before filing: time limits, the period a State is bound, remedies,
and (for the UN Working Group on Arbitrary Detention) the categories the case data supports.

The checks never decide whether a body will accept a case: they say what the case file shows and
what the lawyer must verify. The legal rules are data (``checks/data/<body>.toml``), not code.

    from advocacy_docs.checks import run

    report = run(case, "echr", today=date(2026, 11, 27))
    print(report.to_text())          # an aligned table for a terminal
    data = report.to_json()          # schema advocacy-docs/check@1 (see checks.report)
    notes = report.lawyer_notes()    # one English sentence per point to check

Days left count the days after today up to the last day: 0 on the last day itself (see
:mod:`advocacy_docs.checks.dates`). The report may quote facts of any sensitivity: run it on a
case already filtered for its audience when it goes into a document for others.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from ..case.model import Case
from .dates import add_months, add_years, days_left
from .echr import check_echr, echr_time_limit
from .hrc import check_hrc, five_year_limit
from .report import (
    REPORT_SCHEMA,
    Event,
    Evidence,
    Finding,
    NamedDate,
    Report,
    Status,
)
from .rules import BODIES, Body, Rules, bundled_rules, load_rules
from .wgad import check_wgad

_CHECKS: dict[str, Callable[[Case, _dt.date, Rules], list[Finding]]] = {
    "echr": check_echr,
    "hrc": check_hrc,
    "wgad": check_wgad,
}


def run(case: Case, body: Body, today: _dt.date, *, rules: Rules | None = None) -> Report:
    """Run every check for ``body`` ("echr", "wgad" or "hrc") on ``case`` as of ``today``.

    ``rules`` replaces the bundled rules (see :func:`load_rules`).
    """
    if body not in _CHECKS:
        raise ValueError(f"unknown body {body!r}; use one of: {', '.join(BODIES)}")
    rules = rules or bundled_rules(body)
    if rules.body != body:
        raise ValueError(f"these are rules for {rules.body!r}, not for {body!r}")
    items = _CHECKS[body](case, today, rules)
    return Report(body=body, case_id=case.id, state=case.state, today=today, items=items)


__all__ = [
    "BODIES",
    "REPORT_SCHEMA",
    "Body",
    "Event",
    "Evidence",
    "Finding",
    "NamedDate",
    "Report",
    "Rules",
    "Status",
    "add_months",
    "add_years",
    "days_left",
    "echr_time_limit",
    "five_year_limit",
    "load_rules",
    "run",
]
