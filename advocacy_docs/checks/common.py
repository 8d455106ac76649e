"""What the ECHR, HRC and WGAD checks share: the case's decisions and dated items, the
detention, how old the facts are, and other international procedures."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from ..case.model import Case
from ..case.types import LocalizedText, PartialDate
from .dates import add_months
from .report import Finding, NamedDate, Status
from .rules import Rules
from .values import (
    BodyName,
    DecisionKind,
    EventKind,
    Fact,
    Items,
    Months,
    OtherProcedure,
    Param,
    When,
)
from .values import Decision as DecisionValue

HELD_STATUSES = frozenset({"detained", "charged", "on_trial", "sentenced"})
"""Case statuses in which a recorded detention is taken to continue."""
STALE_MONTHS = 6
"""Facts stated as of a day more than this many months before today are flagged as stale."""


def text_of(case: Case, value: LocalizedText) -> tuple[str, str]:
    """A text in the case's language (else the first language given), and that language."""
    return value.resolve((case.language,), case.language)


def all_texts(value: LocalizedText) -> list[str]:
    """Every language version of a text."""
    return [value.plain] if value.plain is not None else list(value.values.values())


def shorten(text: str, limit: int = 70) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def article_number(article: str) -> str | None:
    """The article number an article reference starts with: "5 § 3" → "5"; "P1-1" → None."""
    digits = ""
    for ch in article.strip():
        if not ch.isdigit():
            break
        digits += ch
    return digits or None


# --- how old the facts are ----------------------------------------------------------------


def facts_stale(as_of: PartialDate, today: _dt.date) -> bool:
    """True when facts stated as of ``as_of`` are more than ``STALE_MONTHS`` old on ``today``:
    a document of that day states them as of then, never as current (the checks warn, the
    drafts say so, letters write "as of …")."""
    return as_of.latest < add_months(today, -STALE_MONTHS)


def as_of_finding(case: Case, today: _dt.date) -> Finding:
    """Whether the case's facts are stated as of a day recent enough to rely on."""
    if case.as_of is None:
        return Finding("as_of", "unknown", "as_of.missing")
    params: tuple[tuple[str, Param], ...] = (
        ("as_of", case.as_of),
        ("today", today),
        ("months", Months(STALE_MONTHS)),
    )
    dates = (NamedDate("as_of", case.as_of.isoformat()),)
    if facts_stale(case.as_of, today):
        return Finding(
            "as_of",
            "warning",
            "as_of.stale",
            params,
            dates=dates,
            data=(("months", STALE_MONTHS),),
        )
    return Finding("as_of", "ok", "as_of.current", params, dates=dates)


# --- domestic decisions -------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A domestic decision: the verdict or an appeal decision."""

    kind: DecisionKind
    ref: str
    date: PartialDate | None
    outcome: str = ""

    @property
    def value(self) -> DecisionValue:
        """The decision as a sentence names it."""
        return DecisionValue(self.kind, self.date)


@dataclass(frozen=True)
class FinalDecision:
    """The final domestic decision as the case file records it, what to check about it, and
    the decision that would be final if none is marked (the last one decided)."""

    decision: Decision | None
    cautions: tuple[str, ...] = ()
    """Codes of what makes the choice doubtful: "returned", "final_but_pending",
    "pending_after_final"."""
    candidate: Decision | None = None
    """With no decision marked final: the last decision taken (an appeal decided, else the
    verdict), which would start the time limit if no further remedy was effective."""
    unmarked_appeal: Decision | None = None
    """The last appeal decided but not marked final."""
    pending: Decision | None = None
    """With no decision marked final: the last appeal recorded as pending (no day counted from
    an earlier decision is then the last day)."""


def final_decision(case: Case) -> FinalDecision:
    """The verdict or the last appeal decision marked ``final: true``, with cautions."""
    proc = case.proceedings
    verdict = proc.verdict if proc is not None else None
    appeals = proc.appeals if proc is not None else []
    cautions: list[str] = []
    finals: list[Decision] = []
    if verdict is not None and verdict.final:
        finals.append(Decision("verdict", "proceedings.verdict", verdict.date))
    for i, appeal in enumerate(appeals):
        if appeal.final:
            finals.append(
                Decision("appeal", f"proceedings.appeals[{i}]", appeal.date, appeal.outcome)
            )
            if appeal.outcome == "returned":
                cautions.append("returned")
            if appeal.outcome == "pending":
                cautions.append("final_but_pending")
    pending = [a for a in appeals if a.outcome == "pending" and not a.final]
    if finals:
        if pending:
            cautions.append("pending_after_final")
        return FinalDecision(finals[-1], tuple(dict.fromkeys(cautions)))
    decided = [
        Decision("appeal", f"proceedings.appeals[{i}]", a.date, a.outcome)
        for i, a in enumerate(appeals)
        if a.outcome != "pending" and a.date is not None
    ]
    unmarked = decided[-1] if decided else None
    candidate = unmarked
    if candidate is None and verdict is not None:
        candidate = Decision("verdict", "proceedings.verdict", verdict.date)
    waiting = [
        Decision("appeal", f"proceedings.appeals[{i}]", a.date, a.outcome)
        for i, a in enumerate(appeals)
        if a.outcome == "pending"
    ]
    return FinalDecision(None, (), candidate, unmarked, waiting[-1] if waiting else None)


def exhaustion_finding(case: Case, final: FinalDecision) -> Finding:
    """Whether the case file records a final domestic decision (the exhaustion of remedies)."""
    d = final.decision
    if d is None:
        if final.pending is not None:
            return Finding("exhaustion", "warning", "exhaustion.pending")
        if final.unmarked_appeal is not None:
            u = final.unmarked_appeal
            return Finding(
                "exhaustion",
                "warning",
                "exhaustion.unmarked_appeal",
                (("decision", u.value),),
                data=(("ref", u.ref),),
            )
        has_verdict = case.proceedings is not None and case.proceedings.verdict is not None
        code = "exhaustion.none" if has_verdict else "exhaustion.no_verdict"
        return Finding("exhaustion", "warning", code)
    dates = (NamedDate("final_decision", d.date.isoformat()),) if d.date is not None else ()
    data: tuple[tuple[str, str | int | bool | None], ...] = (("ref", d.ref),)
    if final.cautions:
        return Finding(
            "exhaustion",
            "warning",
            f"exhaustion.{final.cautions[0]}",
            (("decision", d.value),),
            dates=dates,
            data=data,
        )
    # The file's `final` is the author's conclusion on exhaustion: the notes say whose it is.
    return Finding(
        "exhaustion", "info", "exhaustion.final", (("decision", d.value),), dates,
        data=data, notable=True,
    )  # fmt: skip


# --- dated items and the detention --------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """An item of the case file with a (partial) date."""

    ref: str
    kind: EventKind
    date: PartialDate | None
    label: str


def dated_items(case: Case) -> list[Dated]:
    """The detention, charges, decisions and timeline events, in date order."""
    out: list[Dated] = []
    if case.detention is not None:
        out.append(Dated("detention.since", "detention", case.detention.since, "detention"))
        if case.detention.until is not None:
            out.append(Dated("detention.until", "release", case.detention.until, "release"))
        for i, order in enumerate(case.detention.decisions):
            ref = f"detention.decisions[{i}]"
            out.append(Dated(ref, "order", order.date, "final decision on a detention order"))
    for i, charge in enumerate(case.charges):
        part = f" part {charge.part}" if charge.part else ""
        label = f"charge {charge.code} Art. {charge.article}{part} added"
        out.append(Dated(f"charges[{i}]", "charge", charge.added, label))
    proc = case.proceedings
    if proc is not None and proc.verdict is not None:
        out.append(Dated("proceedings.verdict", "verdict", proc.verdict.date, "verdict"))
    for i, appeal in enumerate(proc.appeals if proc is not None else []):
        label = f"appeal decision ({appeal.outcome})"
        out.append(Dated(f"proceedings.appeals[{i}]", "appeal", appeal.date, label))
    for i, event in enumerate(case.timeline):
        text, _ = text_of(case, event.text)
        label = f"{event.kind}: {shorten(text)}"
        out.append(Dated(f"timeline[{i}]", "timeline", event.date, label))
    far = _dt.date.max
    return sorted(out, key=lambda d: d.date.earliest if d.date is not None else far)


@dataclass(frozen=True)
class DetentionSpan:
    """When the detention began and whether it continues (or when it ended)."""

    since: PartialDate
    ended: PartialDate | None
    continuing: bool

    @property
    def released_undated(self) -> bool:
        """True when the person is no longer held but the file gives no release date."""
        return self.ended is None and not self.continuing


def detention_span(case: Case) -> DetentionSpan | None:
    """The recorded detention, if any: its end is ``detention.until``, else the last release
    in the timeline after it began."""
    if case.detention is None:
        return None
    since = case.detention.since
    ended = case.detention.until
    if ended is None:
        releases = [
            e.date for e in case.timeline if e.kind == "release" and e.date.latest >= since.earliest
        ]
        ended = max(releases, key=lambda d: d.earliest) if releases else None
    continuing = ended is None and case.status in HELD_STATUSES
    return DetentionSpan(since, ended, continuing)


def known_until(case: Case, today: _dt.date) -> _dt.date:
    """The last day a continuing detention is known to have lasted: the day the facts are
    stated as of (today when the file does not say)."""
    return case.as_of.earliest if case.as_of is not None else today


# --- other international procedures -------------------------------------------------------


def other_procedures_finding(case: Case, own: str, rules: Rules | None = None) -> Finding:
    """The other international procedures the case records (``own`` is this body's code):
    submitting the same matter elsewhere can bar a complaint. A body the rules do not confirm
    as "another procedure" for this one is named as such: the body may not treat it so."""
    listed = [
        OtherProcedure(p.body, p.status, p.date, p.reference)
        for p in case.international
        if p.body.strip().upper() != own
    ]
    same = [
        OtherProcedure(p.body, p.status, p.date, p.reference)
        for p in case.international
        if p.body.strip().upper() == own
    ]
    if same:
        return Finding(
            "other_procedures",
            "warning",
            "other_procedures.same_body",
            (("procedures", Items(tuple(same))),),
        )
    if listed:
        params: tuple[tuple[str, Param], ...] = (("procedures", Items(tuple(listed))),)
        bodies = rules.other_bodies if rules is not None else {}
        unclear = [
            BodyName(p.body.strip().upper())
            for p in listed
            if (rule := bodies.get(p.body.strip().upper())) is not None
            and (rule.counts != "yes" or not rule.confirmed)
        ]
        if unclear:
            params += (("unclear", Items(tuple(dict.fromkeys(unclear)))),)
            return Finding(
                "other_procedures", "warning", "other_procedures.recorded_unclear", params
            )
        return Finding("other_procedures", "warning", "other_procedures.recorded", params)
    status: Status = "info"
    return Finding("other_procedures", status, "other_procedures.none", notable=True)


# --- what the case file says about itself: dates after today, facts after `as_of`, releases ---


def _all_dated(case: Case) -> list[tuple[Dated, Fact]]:
    """Every dated item of the case file, each with the value that names it in a sentence."""
    items = [d for d in dated_items(case) if d.date is not None]
    out = [(d, Fact(d.kind, d.date)) for d in items]
    for i, proc in enumerate(case.international):
        for key, when in (("date", proc.date), ("decided", proc.decided)):
            if when is not None:
                dated = Dated(f"international[{i}].{key}", "procedure", when, proc.body)
                out.append((dated, Fact("procedure", when)))
    return out


def file_findings(case: Case, today: _dt.date) -> list[Finding]:
    """What the case file says about itself that every check relies on: dates later than today
    (a mistyped year moves every time limit counted from them), facts later than the day the
    file says its facts are stated as of, and a release the detention does not record."""
    out: list[Finding] = []
    dated = _all_dated(case)
    future = [(d, f) for d, f in dated if d.date is not None and d.date.earliest > today]
    if future:
        params: tuple[tuple[str, Param], ...] = (
            ("today", today),
            ("facts", Items(tuple(f for _, f in future))),
        )
        found = tuple(NamedDate(d.ref, d.date.isoformat()) for d, _ in future if d.date)
        out.append(Finding("dates", "warning", "dates.future", params, dates=found))
    if case.as_of is not None:
        if case.as_of.earliest > today:
            params = (("as_of", case.as_of), ("today", today))
            out.append(Finding("dates", "warning", "as_of.future", params))
        later = [
            (d, f) for d, f in dated if d.date is not None and d.date.earliest > case.as_of.latest
        ]
        if later:
            params = (("as_of", case.as_of), ("facts", Items(tuple(f for _, f in later))))
            out.append(Finding("dates", "warning", "as_of.before_facts", params))
    out += _release_findings(case)
    return out


def _release_findings(case: Case) -> list[Finding]:
    """A release the case file records in one place but not in the other."""
    detention = case.detention
    if detention is None:
        return []
    span = detention_span(case)
    held = case.status in HELD_STATUSES
    if detention.until is None and span is not None and span.ended is not None:
        code = "consistency.release_event_held" if held else "consistency.release_event_only"
        params: tuple[tuple[str, Param], ...] = (("released", When(span.ended)),)
        return [Finding("consistency", "warning", code, params)]
    if detention.until is not None and held:
        params = (("released", When(detention.until)),)
        return [Finding("consistency", "warning", "consistency.released_but_held", params)]
    return []


def flag_future_starts(items: list[Finding], today: _dt.date) -> list[Finding]:
    """A last day counted from a date later than today is never "ok": the date it rests on may
    be a typing error (the ``dates.future`` finding names it)."""
    out = []
    for f in items:
        start = f.dates[0].date if f.is_deadline and f.dates else None
        try:
            day = PartialDate.parse(start) if start is not None else None
        except ValueError:
            day = None
        if day is not None and day.earliest > today and f.status in ("ok", "info"):
            f = replace(f, status="warning")
        out.append(f)
    return out
