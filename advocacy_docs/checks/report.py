"""The result of the checks: findings, as a table for people, as JSON for tools, and as the
lawyer's notes of a draft in the draft's language.

A finding is structured: what was checked (``check``), how it stands (``status``), the sentence
that says it (``code``, whose text comes from the catalogs) and the values that sentence needs
(``params``). :func:`describe` writes the sentence in any language the catalogs have.

Statuses, from the worst: ``barred`` something prevents examination of the whole application
and rests on treaty data alone (the State was never bound, every fact falls outside the period
it is bound, the Optional Protocol was denounced before the day of submission); ``warning`` the
lawyer must check something (a time limit that has passed or may have passed: it rests on the
file's "final" mark and on a day of service the file does not give, and may cover some
complaints only; a date that is not precise enough; a fact that may be stale); ``unknown`` the
case file or the data lacks what the check needs; ``info`` for information; ``ok`` nothing to
act on.

Every computed last day (a finding with a ``window``) goes into the notes and onto a draft's
first page whatever the days left; ``warn_days`` only decides whether a running one is ``ok`` or
a ``warning``. A report's ``status`` is the worst
of its items in that order: a warning ranks above an unknown because it rests on what the file
does say (a last day that may have passed), where an unknown only says what is missing.

JSON structure (schema ``advocacy-docs/check@2``; keys are never removed within a schema
version, and every item always has every key)::

    {
      "schema": "advocacy-docs/check@2",
      "for": "echr" | "wgad" | "hrc",
      "today": "YYYY-MM-DD",          # the date the report was computed for
      "case": "<case id>",
      "state": "<ISO 3166-1 alpha-2 of the State responsible>",
      "as_of": "YYYY[-MM[-DD]]" | null,   # the case file's `as_of`: its facts are as of then
      "status": "barred" | "warning" | "unknown" | "info" | "ok",   # the worst item's
      "time_limits": "none" | "running" | "some_passed" | "all_passed",   # the last days
      "items": [
        {
          "check": "time_limit",       # what was checked (see CHECK_LABELS)
          "status": "ok" | "info" | "warning" | "unknown" | "barred",
          "code": "time_limit.passed", # which sentence: stable, for tools and translations
          "params": {"last": "2023-09-23", "months": 4, ...},   # the sentence's values
          "message": "...",            # the sentence in English
          "in_notes": true,            # whether a draft's lawyer's notes carry it
          "dates": [{"name": "last_day", "date": "2023-06-01", "what": "...", "confirmed": true}],
          "days_left": 3 | null,       # 0 on the last day itself; negative once passed
          "events": [{"ref": "charges[1]", "kind": "charge", "date": "2022-10-17" | null,
                      "label": "...", "position": "inside" | "outside" | "uncertain",
                      "note": "..." | null}],
          "evidence": [{"ref": "rights[0]", "kind": "right" | "event",
                        "instrument": "ECHR" | null, "article": "10" | null,
                        "text": "...", "language": "en"}],
          "category": "II" | null,     # WGAD category of a "wgad_category" item
          "support": "data" | "none" | null,   # "data": facts tagged for the category
          "data": {...},               # small extra values named per check (e.g. "months": 4)
          "window": {"earliest": "2022-06-01", "latest": "2023-04-30"} | null
                                       # a computed last day: every day it may be
        }
      ]
    }

Added within ``check@2`` (keys are only ever added): ``time_limits`` and ``window``; a time
limit that has passed is a ``warning`` ("appears to be out of time"), never ``barred``.

Changes from ``check@1``: the status ``passed`` is gone (a time limit that has certainly passed
is ``barred``; one that may have passed is a ``warning``); ``barred`` is new; the report has
``status`` and ``as_of``; items have ``code``, ``params`` and ``in_notes`` and no longer
``note`` (the lawyer's note is the message itself, in the draft's language); a WGAD category
rests only on facts the case file tags for it (``evidence`` kinds ``right`` and ``event``), so
``support`` is ``data`` or ``none``. Dates are ISO
dates, or partial dates (``2022``, ``2022-10``) where the case file gives only those. ``ref`` is
the field path in the case file.
"""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..case.types import PartialDate
from .values import Param, render, to_json

if TYPE_CHECKING:
    from ..i18n import Localizer

Status = Literal["ok", "info", "warning", "unknown", "barred"]
Support = Literal["data", "possible", "none"]

REPORT_SCHEMA = "advocacy-docs/check@2"
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
SEVERITY: dict[str, int] = {"barred": 4, "warning": 3, "unknown": 2, "info": 1, "ok": 0}
"""How bad each status is: a report's status is its worst item's."""
ATTENTION: frozenset[str] = frozenset({"barred", "warning", "unknown"})
"""Statuses whose findings always go into the lawyer's notes."""
DEADLINE_CHECKS: frozenset[str] = frozenset(
    {"time_limit", "detention_limit", "five_years", "other_procedure_years", "submission"}
)
"""Checks whose findings may carry a computed last day: every such day goes into the notes and
into the first page of a draft, whatever the days left."""
DeadlineState = Literal["running", "may_have_passed", "passed"]

BODY_NAMES = {
    "echr": "European Court of Human Rights",
    "wgad": "UN Working Group on Arbitrary Detention",
    "hrc": "UN Human Rights Committee",
}

CHECK_LABELS = {
    "as_of": "facts as of",
    "state": "State",
    "reservations": "reservations",
    "unconfirmed": "unconfirmed data",
    "temporal_jurisdiction": "temporal jurisdiction",
    "temporal_scope": "period bound",
    "continuing_situation": "continuing situation",
    "submission": "submission",
    "exhaustion": "final decision",
    "time_limit": "time limit",
    "detention_limit": "time limit (detention)",
    "decision_after_cutoff": "decision after cut-off",
    "five_years": "five-year rule",
    "other_procedure_years": "three-year rule",
    "dates": "dates",
    "consistency": "case file",
    "rights": "rights invoked",
    "other_procedures": "other procedures",
    "detention": "detention",
    "procedure": "procedure",
    "remedies": "domestic remedies",
    "wgad_category": "category",
    "category_tags": "category tags",
}

Describer = Callable[["Finding", "Localizer"], str]


@dataclass(frozen=True)
class NamedDate:
    """A date a finding rests on: its name, the (partial) ISO date, what it is, and whether the
    date in the rules data has been confirmed."""

    name: str
    date: str
    what: str = ""
    confirmed: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "date": self.date,
            "what": self.what,
            "confirmed": self.confirmed,
        }


@dataclass(frozen=True)
class Event:
    """A dated item of the case and where it lies relative to the period a State is bound."""

    ref: str
    kind: str
    date: str | None
    label: str
    position: Literal["inside", "outside", "uncertain"]
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "date": self.date,
            "label": self.label,
            "position": self.position,
            "note": self.note,
        }


@dataclass(frozen=True)
class Evidence:
    """An item of the case file that supports a finding, with its text in the case language."""

    ref: str
    kind: Literal["right", "event", "recognition"]
    instrument: str | None
    article: str | None
    text: str
    language: str

    def to_json(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "instrument": self.instrument,
            "article": self.article,
            "text": self.text,
            "language": self.language,
        }


@dataclass(frozen=True)
class Finding:
    """One thing a check found: a status, and a sentence (``code``) with its values."""

    check: str
    status: Status
    code: str
    params: tuple[tuple[str, Param], ...] = ()
    dates: tuple[NamedDate, ...] = ()
    days_left: int | None = None
    events: tuple[Event, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    category: str | None = None
    support: Support | None = None
    data: tuple[tuple[str, str | int | bool | None], ...] = ()
    notable: bool = False
    """True when the lawyer's notes carry it although its status needs no action."""
    window: tuple[_dt.date, _dt.date] | None = None
    """For a computed last day: the earliest and the latest day it may be (the same day when
    the dates it rests on are exact)."""

    @property
    def is_deadline(self) -> bool:
        """True for a finding that gives a computed last day."""
        return self.check in DEADLINE_CHECKS and self.window is not None

    @property
    def in_notes(self) -> bool:
        """Whether a draft's notes for the lawyer carry this finding: what needs attention, and
        every computed last day, however far away."""
        return self.status in ATTENTION or self.notable or self.is_deadline

    def deadline_state(self, today: _dt.date) -> DeadlineState | None:
        """Where today stands against the computed last day: running (not passed on any day the
        dates may mean), may have passed, or passed (even its latest possible day)."""
        if self.window is None:
            return None
        earliest, latest = self.window
        if today <= earliest:
            return "running"
        return "may_have_passed" if today <= latest else "passed"

    def param(self, name: str) -> Param | None:
        """The sentence's value called ``name``, if any."""
        return dict(self.params).get(name)

    def date(self, name: str) -> str | None:
        """The date called ``name``, if the finding has one."""
        return next((d.date for d in self.dates if d.name == name), None)

    def value(self, name: str) -> str | int | bool | None:
        """The extra value called ``name`` (see ``data``), if any."""
        return dict(self.data).get(name)

    def events_at(self, position: str) -> list[Event]:
        """The events in this position (inside, outside, uncertain)."""
        return [e for e in self.events if e.position == position]

    def text(self, loc: Localizer, sentences: dict[str, str]) -> str:
        """The sentence in ``loc``'s language, from ``sentences`` (code → source message)."""
        try:
            msgid = sentences[self.code]
        except KeyError:
            raise KeyError(f"no sentence for the check finding {self.code!r}") from None
        values = {name: render(value, loc) for name, value in self.params}
        # A date that ends in an abbreviation ("23 мая 2023 г.") closes the sentence itself.
        return _DOUBLE_STOP.sub(".", loc.gettext(msgid) % values)

    def to_json(self, message: str) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "code": self.code,
            "params": {name: to_json(value) for name, value in self.params},
            "message": message,
            "in_notes": self.in_notes,
            "dates": [d.to_json() for d in self.dates],
            "days_left": self.days_left,
            "events": [e.to_json() for e in self.events],
            "evidence": [e.to_json() for e in self.evidence],
            "category": self.category,
            "support": self.support,
            "data": dict(self.data),
            "window": (
                {"earliest": self.window[0].isoformat(), "latest": self.window[1].isoformat()}
                if self.window is not None
                else None
            ),
        }


def worst(statuses: list[str]) -> Status:
    """The worst of these statuses (``ok`` for none)."""
    found = max(statuses, key=SEVERITY.__getitem__, default="ok")
    return found  # type: ignore[return-value]


@dataclass(frozen=True)
class Report:
    """Every finding of the checks for one body, one case and one day."""

    body: str
    case_id: str
    state: str
    today: _dt.date
    items: list[Finding] = field(default_factory=list)
    as_of: PartialDate | None = None
    sentences: dict[str, str] = field(default_factory=dict, repr=False)
    """The source message of each finding's code (see :mod:`advocacy_docs.checks.text`)."""

    @property
    def status(self) -> Status:
        """The worst status of the items: ``barred`` when anything certainly prevents
        examination."""
        return worst([f.status for f in self.items])

    @property
    def bars(self) -> list[Finding]:
        """The findings that certainly prevent examination of the whole application (a State
        never bound, every fact outside the period, a denunciation in effect): never a time
        limit, which rests on facts the lawyer must still check and may cover some complaints
        only."""
        return [f for f in self.items if f.status == "barred"]

    @property
    def deadlines(self) -> list[Finding]:
        """Every finding with a computed last day, the earliest day first."""
        found = [f for f in self.items if f.is_deadline]
        return sorted(found, key=lambda f: f.window[0] if f.window else _dt.date.max)

    def deadlines_in(self, state: DeadlineState) -> list[Finding]:
        """The computed last days in one state as of the report's day."""
        return [f for f in self.deadlines if f.deadline_state(self.today) == state]

    @property
    def time_summary(self) -> Literal["none", "running", "some_passed", "all_passed"]:
        """How the computed last days stand together: none computed, all still running, some
        passed (or possibly passed) while others run, or none running."""
        states = {f.deadline_state(self.today) for f in self.deadlines}
        if not states:
            return "none"
        if states == {"running"}:
            return "running"
        return "some_passed" if "running" in states else "all_passed"

    @property
    def stale(self) -> bool:
        """True when the checks warned that the case's facts are old (``as_of``)."""
        return any(f.code == "as_of.stale" for f in self.items)

    def find(self, check: str) -> list[Finding]:
        """The findings of one check."""
        return [f for f in self.items if f.check == check]

    def describe(self, finding: Finding, loc: Localizer | None = None) -> str:
        """The sentence of ``finding`` in ``loc``'s language (English by default)."""
        return finding.text(loc or english(), self.sentences)

    def notes(self) -> list[Finding]:
        """The findings a draft's notes carry, the worst first (in report order otherwise)."""
        chosen = [f for f in self.items if f.in_notes]
        return sorted(chosen, key=lambda f: -SEVERITY[f.status])

    def lawyer_notes(self, loc: Localizer | None = None) -> list[str]:
        """One sentence per point for the lawyer, the worst first, in ``loc``'s language."""
        return [self.describe(f, loc) for f in self.notes()]

    def bar_notes(self, loc: Localizer | None = None) -> list[str]:
        """The sentences of what certainly prevents examination, in ``loc``'s language."""
        return [self.describe(f, loc) for f in self.bars]

    def deadline_notes(self, loc: Localizer | None = None) -> dict[DeadlineState, list[str]]:
        """The sentences of the computed last days by state (running, may have passed, passed),
        the earliest day first, in ``loc``'s language: what a draft's first page lists."""
        states: tuple[DeadlineState, ...] = ("running", "may_have_passed", "passed")
        return {s: [self.describe(f, loc) for f in self.deadlines_in(s)] for s in states}

    def to_json(self, loc: Localizer | None = None) -> dict[str, Any]:
        """The report as JSON data (see the module documentation for the structure); each
        item's ``message`` in ``loc``'s language (English by default)."""
        loc = loc or english()
        return {
            "schema": REPORT_SCHEMA,
            "for": self.body,
            "today": self.today.isoformat(),
            "case": self.case_id,
            "state": self.state,
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "status": self.status,
            "time_limits": self.time_summary,
            "items": [f.to_json(self.describe(f, loc)) for f in self.items],
        }

    def to_text(self, width: int = 100) -> str:
        """The report as an aligned plain-text table for a terminal (in English)."""
        loc = english()
        title = f"{BODY_NAMES.get(self.body, self.body)}: points for the lawyer to check"
        as_of = self.as_of.isoformat() if self.as_of is not None else "not given"
        lines = [
            title,
            "=" * len(title),
            f"Case {self.case_id}; State {self.state}; computed for {self.today.isoformat()}; "
            f"facts as of {as_of}.",
            f"Overall: {self.status}"
            + (" (something prevents examination of the whole application)." if self.bars else "."),
            *([_TIME_SUMMARY[self.time_summary]] if self.deadlines else []),
            "This report does not decide whether the case will be accepted: it lists what the",
            "case file shows and what the lawyer must verify.",
            "",
        ]
        status_w = max(len("STATUS"), *(len(f.status) for f in self.items)) if self.items else 7
        labels = [self._label(f) for f in self.items]
        check_w = max([len("CHECK"), *(len(lb) for lb in labels)])
        indent = status_w + 2 + check_w + 2
        text_w = max(30, width - indent)
        pad = " " * indent
        lines.append(f"{'STATUS':<{status_w}}  {'CHECK':<{check_w}}  FINDING")
        lines.append(f"{'-' * status_w}  {'-' * check_w}  {'-' * min(text_w, 60)}")
        for finding, label in zip(self.items, labels, strict=True):
            wrapped = textwrap.wrap(self.describe(finding, loc), text_w) or [""]
            lines.append(f"{finding.status:<{status_w}}  {label:<{check_w}}  {wrapped[0]}")
            lines += [pad + w for w in wrapped[1:]]
            # Details (dates, events, evidence) use the full width, under a small indent.
            for head, body in _detail_rows(finding):
                hang = " " * (len(head) if len(head) <= (width - 4) // 2 else 4)
                sub = textwrap.wrap(
                    head + body, width - 4, subsequent_indent=hang, break_on_hyphens=False
                ) or [""]
                lines += ["    " + s for s in sub]
        notes = self.lawyer_notes(loc)
        if notes:
            lines += ["", "Notes for the lawyer", "--------------------"]
            for i, note in enumerate(notes, 1):
                wrapped = textwrap.wrap(note, width - 5)
                lines.append(f"{i:>2}. {wrapped[0]}")
                lines += ["    " + w for w in wrapped[1:]]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _label(finding: Finding) -> str:
        label = CHECK_LABELS.get(finding.check, finding.check.replace("_", " "))
        return f"{label} {finding.category}" if finding.category else label


_TIME_SUMMARY = {
    "none": "",
    "running": "Time limits: every one computed is still running.",
    "some_passed": "Time limits: some have passed or may have passed, others are still running.",
    "all_passed": "Time limits: none computed is still running.",
}


def english() -> Localizer:
    """The English localizer of the bundled catalogs (the report's own language)."""
    from ..i18n import get_localizer

    return get_localizer("en")


def _detail_rows(finding: Finding) -> list[tuple[str, str]]:
    """Rows under a finding as (aligned head, text that wraps under the text's first column)."""
    rows: list[tuple[str, str]] = []
    for d in finding.dates:
        if d.what:
            flag = "" if d.confirmed else " (unconfirmed)"
            rows.append((f"{d.date:<10}  ", f"{d.what}{flag}"))
    ref_w = max((len(e.ref) for e in finding.events), default=0)
    for e in finding.events:
        note = f"; {e.note}" if e.note else ""
        head = f"{e.position:<9}  {e.date or 'no date':<10}  {e.ref:<{ref_w}}  "
        rows.append((head, f"{e.label}{note}"))
    for ev in finding.evidence:
        what = f"{ev.instrument} Art. {ev.article}" if ev.instrument else ev.kind
        rows.append(("- ", f"{what} [{ev.ref}]: {ev.text}"))
    return rows
