"""The result of the checks: findings, as a table for people and as JSON for tools.

JSON structure (schema ``advocacy-docs/check@1``; keys are never removed within a schema
version, and every item always has every key)::

    {
      "schema": "advocacy-docs/check@1",
      "for": "echr" | "wgad" | "hrc",
      "today": "YYYY-MM-DD",          # the date the report was computed for
      "case": "<case id>",
      "state": "<ISO 3166-1 alpha-2 of the State responsible>",
      "items": [
        {
          "check": "time_limit",       # what was checked (see CHECK_LABELS)
          "status": "ok" | "warning" | "passed" | "unknown" | "info",
          "message": "...",            # English, one or more sentences
          "note": "..." | null,        # one sentence for the lawyer (set on warning/passed/unknown)
          "dates": [{"name": "last_day", "date": "2023-06-01", "what": "...", "confirmed": true}],
          "days_left": 3 | null,       # 0 on the last day itself; negative once passed
          "events": [{"ref": "charges[1]", "kind": "charge", "date": "2022-10-17" | null,
                      "label": "...", "position": "inside" | "outside" | "uncertain",
                      "note": "..." | null}],
          "evidence": [{"ref": "rights[0]", "kind": "right" | "recognition",
                        "instrument": "ECHR" | null, "article": "10" | null,
                        "text": "...", "language": "en"}],
          "category": "II" | null,     # WGAD category of a "wgad_category" item
          "support": "data" | "possible" | "none" | null,
          "data": {...}                # small extra values named per check (e.g. "months": 4)
        }
      ]
    }

Statuses: ``ok`` nothing to act on; ``warning`` the lawyer must check something; ``passed`` a
time limit has passed; ``unknown`` the case file lacks what the check needs; ``info`` for
information. Dates are ISO dates, or partial dates (``2022``, ``2022-10``) where the case file
gives only those. ``ref`` is the field path in the case file.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "warning", "passed", "unknown", "info"]
Support = Literal["data", "possible", "none"]

REPORT_SCHEMA = "advocacy-docs/check@1"
ATTENTION: frozenset[str] = frozenset({"warning", "passed", "unknown"})
"""Statuses whose findings go into the lawyer's notes."""

BODY_NAMES = {
    "echr": "European Court of Human Rights",
    "wgad": "UN Working Group on Arbitrary Detention",
    "hrc": "UN Human Rights Committee",
}

CHECK_LABELS = {
    "state": "State",
    "unconfirmed": "unconfirmed data",
    "temporal_jurisdiction": "temporal jurisdiction",
    "temporal_scope": "period bound",
    "continuing_situation": "continuing situation",
    "submission": "submission",
    "exhaustion": "final decision",
    "time_limit": "time limit",
    "decision_after_cutoff": "decision after cut-off",
    "five_years": "five-year rule",
    "rights": "rights invoked",
    "other_procedures": "other procedures",
    "detention": "detention",
    "remedies": "domestic remedies",
    "wgad_category": "category",
}


@dataclass(frozen=True)
class NamedDate:
    """A date a finding rests on: its name, the (partial) ISO date, what it is, and whether the
    date in advocacy-docs' data has been confirmed."""

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
    kind: Literal["right", "recognition"]
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
    """One thing a check found. ``note`` is the sentence for the lawyer's notes."""

    check: str
    status: Status
    message: str
    note: str | None = None
    dates: tuple[NamedDate, ...] = ()
    days_left: int | None = None
    events: tuple[Event, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    category: str | None = None
    support: Support | None = None
    data: tuple[tuple[str, str | int | bool | None], ...] = ()

    def date(self, name: str) -> str | None:
        """The date called ``name``, if the finding has one."""
        return next((d.date for d in self.dates if d.name == name), None)

    def value(self, name: str) -> str | int | bool | None:
        """The extra value called ``name`` (see ``data``), if any."""
        return dict(self.data).get(name)

    def events_at(self, position: str) -> list[Event]:
        """The events in this position (inside, outside, uncertain)."""
        return [e for e in self.events if e.position == position]

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "message": self.message,
            "note": self.note,
            "dates": [d.to_json() for d in self.dates],
            "days_left": self.days_left,
            "events": [e.to_json() for e in self.events],
            "evidence": [e.to_json() for e in self.evidence],
            "category": self.category,
            "support": self.support,
            "data": dict(self.data),
        }


@dataclass(frozen=True)
class Report:
    """Every finding of the checks for one body, one case and one day."""

    body: str
    case_id: str
    state: str
    today: _dt.date
    items: list[Finding] = field(default_factory=list)

    def find(self, check: str) -> list[Finding]:
        """The findings of one check."""
        return [f for f in self.items if f.check == check]

    def lawyer_notes(self) -> list[str]:
        """One plain English sentence per finding that needs the lawyer's attention."""
        return [f.note or f.message for f in self.items if f.status in ATTENTION]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON data (see the module documentation for the structure)."""
        return {
            "schema": REPORT_SCHEMA,
            "for": self.body,
            "today": self.today.isoformat(),
            "case": self.case_id,
            "state": self.state,
            "items": [f.to_json() for f in self.items],
        }

    def to_text(self, width: int = 100) -> str:
        """The report as an aligned plain-text table for a terminal."""
        title = f"{BODY_NAMES.get(self.body, self.body)}: points for the lawyer to check"
        lines = [
            title,
            "=" * len(title),
            f"Case {self.case_id}; State {self.state}; computed for {self.today.isoformat()}.",
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
            wrapped = textwrap.wrap(finding.message, text_w) or [""]
            lines.append(f"{finding.status:<{status_w}}  {label:<{check_w}}  {wrapped[0]}")
            lines += [pad + w for w in wrapped[1:]]
            # Details (dates, events, evidence) use the full width, under a small indent.
            for head, body in _detail_rows(finding):
                hang = " " * (len(head) if len(head) <= (width - 4) // 2 else 4)
                sub = textwrap.wrap(
                    head + body, width - 4, subsequent_indent=hang, break_on_hyphens=False
                ) or [""]
                lines += ["    " + s for s in sub]
        notes = self.lawyer_notes()
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
        what = f"{ev.instrument} Art. {ev.article}" if ev.instrument else "recognition"
        rows.append(("- ", f"{what} [{ev.ref}]: {ev.text}"))
    return rows
