"""Checks a lawyer needs before filing: time limits, the period a State is bound, remedies,
other international procedures, and (for the UN Working Group on Arbitrary Detention) its
procedures and the categories the case data supports.

The checks never decide whether a body will accept a case: they say what the case file shows
and what the lawyer must verify, and mark as ``barred`` only what prevents examination of the
whole application on treaty data alone (never a time limit, which rests on facts the lawyer must
check and may cover some complaints only). Every computed last day is in the notes. The
legal rules are data (``checks/data/<body>.toml``), not code; each finding is
a code with values, and its sentence comes from the catalogs in the reader's language.

    from advocacy_docs.checks import lawyer_notes, run

    report = run(case, "echr", today=date(2026, 11, 27))
    print(report.to_text())          # an aligned table for a terminal (English)
    data = report.to_json()          # schema advocacy-docs/check@2 (see checks.report)
    report.status                    # "barred" | "warning" | "unknown" | "info" | "ok"
    notes = lawyer_notes(report, localizer)   # the draft's notes, in the localizer's language
    bars = bar_notes(report, localizer)       # what prevents examination of the whole
    days = deadline_notes(report, localizer)  # every last day: running, may_have_passed, passed

Days left count the days after today up to the last day: 0 on the last day itself (see
:mod:`advocacy_docs.checks.dates`). The report may quote facts of any sensitivity: run it on a
case already filtered for its audience when it goes into a document for others.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..case.model import Case
from ..case.types import YEAR_MAX, YEAR_MIN
from ..errors import InputError
from . import echr_text, hrc_text, text, wgad_text
from .common import file_findings, flag_future_starts
from .dates import add_months, add_years, days_left
from .deadlines import echr_time_limit
from .echr import check_echr
from .hrc import check_hrc, five_year_limit
from .report import (
    REPORT_SCHEMA,
    SEVERITY,
    Event,
    Evidence,
    Finding,
    NamedDate,
    Report,
    Status,
)
from .rules import BODIES, RULES_SCHEMA, Body, Rules, bundled_rules, load_rules
from .wgad import check_wgad

if TYPE_CHECKING:
    from ..i18n import Localizer

_CHECKS: dict[str, Callable[[Case, _dt.date, Rules], list[Finding]]] = {
    "echr": check_echr,
    "hrc": check_hrc,
    "wgad": check_wgad,
}
_SENTENCES = {
    "echr": echr_text.SENTENCES,
    "hrc": hrc_text.SENTENCES,
    "wgad": wgad_text.SENTENCES,
}


def sentences(body: str) -> dict[str, str]:
    """The source message of every finding code of ``body``."""
    return {**text.SENTENCES, **_SENTENCES[body]}


def run(case: Case, body: Body, today: _dt.date, *, rules: Rules | None = None) -> Report:
    """Run every check for ``body`` ("echr", "wgad" or "hrc") on ``case`` as of ``today``.

    ``rules`` replaces the bundled rules (see :func:`load_rules`).
    """
    if body not in _CHECKS:
        raise ValueError(f"unknown body {body!r}; use one of: {', '.join(BODIES)}")
    if not YEAR_MIN <= today.year <= YEAR_MAX:
        # The checks count from today as from a case date: the same years keep them in the
        # calendar (and an unknown treaty date, placed at the ends of that range, in order).
        raise InputError(
            f"today's date {today} is outside the years {YEAR_MIN} to {YEAR_MAX} the checks "
            "count in"
        )
    rules = rules or bundled_rules(body)
    if rules.body != body:
        raise ValueError(f"these are rules for {rules.body!r}, not for {body!r}")
    items = _CHECKS[body](case, today, rules)
    # What the file says about itself comes right after how old its facts are.
    items = flag_future_starts(items[:1] + file_findings(case, today) + items[1:], today)
    return Report(
        body=body,
        case_id=case.id,
        state=case.state,
        today=today,
        items=items,
        as_of=case.as_of,
        sentences=sentences(body),
    )


def lawyer_notes(report: Report, localizer: Localizer) -> list[str]:
    """The notes a draft gives the lawyer, in the localizer's language: one sentence per point,
    what certainly prevents examination first."""
    return report.lawyer_notes(localizer)


def bar_notes(report: Report, localizer: Localizer) -> list[str]:
    """What certainly prevents examination, in the localizer's language (empty when nothing
    does): the sentences a draft puts in a box on its first page."""
    return report.bar_notes(localizer)


def deadline_notes(report: Report, localizer: Localizer) -> dict[str, list[str]]:
    """Every computed last day, by state (running, may_have_passed, passed), in the localizer's
    language: the draft's first page lists them all, whatever the days left."""
    return {str(state): notes for state, notes in report.deadline_notes(localizer).items()}


__all__ = [
    "BODIES",
    "REPORT_SCHEMA",
    "RULES_SCHEMA",
    "SEVERITY",
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
    "bar_notes",
    "days_left",
    "deadline_notes",
    "echr_time_limit",
    "five_year_limit",
    "lawyer_notes",
    "load_rules",
    "run",
    "sentences",
]
