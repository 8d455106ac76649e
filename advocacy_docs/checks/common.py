"""What the ECHR, HRC and WGAD checks share: the final decision, dated items, the State's period."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..case.model import Case
from ..case.types import LocalizedText, PartialDate
from .dates import days_left, position
from .report import Event, Finding, NamedDate, Status
from .rules import StateRules

HELD_STATUSES = frozenset({"detained", "charged", "on_trial", "sentenced"})
"""Case statuses in which a recorded detention is taken to continue."""


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


def plural(n: int, word: str) -> str:
    """ "1 dated item", "4 dated items"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def article_number(article: str) -> str | None:
    """The article number an article reference starts with: "5 § 3" → "5"; "P1-1" → None."""
    digits = ""
    for ch in article.strip():
        if not ch.isdigit():
            break
        digits += ch
    return digits or None


# --- the final domestic decision ----------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A domestic decision: the verdict or an appeal decision."""

    what: str
    ref: str
    date: PartialDate | None


@dataclass(frozen=True)
class FinalDecision:
    """The final domestic decision as the case file records it, and what to check about it."""

    decision: Decision | None
    reason: str
    """Why there is none, or how it was chosen."""
    cautions: tuple[str, ...] = ()


def final_decision(case: Case) -> FinalDecision:
    """The verdict or the last appeal decision marked ``final: true``, with cautions."""
    proc = case.proceedings
    verdict = proc.verdict if proc is not None else None
    appeals = proc.appeals if proc is not None else []
    cautions: list[str] = []
    finals: list[Decision] = []
    if verdict is not None and verdict.final:
        finals.append(
            Decision(f"the verdict of {verdict.date}", "proceedings.verdict", verdict.date)
        )
    for i, appeal in enumerate(appeals):
        if appeal.final:
            when = f" of {appeal.date}" if appeal.date is not None else " (no date)"
            finals.append(
                Decision(
                    f"the appeal decision{when} ({appeal.outcome})",
                    f"proceedings.appeals[{i}]",
                    appeal.date,
                )
            )
            if appeal.outcome == "returned":
                cautions.append(
                    f"the appeal decision [proceedings.appeals[{i}]] returned the case for a new "
                    "trial, so the proceedings may continue"
                )
            if appeal.outcome == "pending":
                cautions.append(
                    f"proceedings.appeals[{i}] is marked final but its outcome is 'pending'"
                )
    pending = [i for i, a in enumerate(appeals) if a.outcome == "pending" and not a.final]
    if finals:
        chosen = finals[-1]
        for i in pending:
            cautions.append(
                f"the case file marks {chosen.what} as final, but proceedings.appeals[{i}] is "
                "still pending"
            )
        return FinalDecision(chosen, "marked `final: true` in the case file", tuple(cautions))
    if verdict is None:
        status = case.status.replace("_", " ")
        return FinalDecision(None, f"the case file records no verdict (status: {status})")
    if pending:
        return FinalDecision(
            None,
            f"the verdict of {verdict.date} is not final and an appeal is pending "
            f"[proceedings.appeals[{pending[-1]}]]",
        )
    if appeals:
        last = appeals[-1]
        return FinalDecision(
            None,
            f"no decision is marked `final: true`: the last appeal decision "
            f"({last.outcome}, {last.date or 'no date'}) is not marked final; if no further "
            "appeal is possible, mark it `final: true`",
        )
    return FinalDecision(
        None, f"the verdict of {verdict.date} is not marked final and no appeal is recorded"
    )


def exhaustion_finding(final: FinalDecision, where: str) -> Finding:
    """Whether the case file records a final domestic decision (the exhaustion of remedies)."""
    d = final.decision
    cautions = "; ".join(final.cautions)
    if d is None:
        return Finding(
            "exhaustion",
            "warning",
            f"No final domestic decision in the case file: {final.reason}. Domestic remedies "
            f"appear not to be exhausted yet ({where}); the lawyer must check whether the "
            "remaining remedies are effective or unreasonably prolonged.",
            note="No final domestic decision is recorded, so domestic remedies appear not to "
            "be exhausted yet; check which remedies remain and whether they are effective.",
        )
    dates = (NamedDate("final_decision", d.date.isoformat()),) if d.date is not None else ()
    status: Status = "warning" if final.cautions else "info"
    message = f"Final domestic decision: {d.what} [{d.ref}], {final.reason}."
    if cautions:
        message += f" But {cautions}: the lawyer must check which decision is final."
    return Finding(
        "exhaustion",
        status,
        message,
        note=f"Check which decision is final: {cautions}." if cautions else None,
        dates=dates,
        data=(("ref", d.ref),),
    )


# --- dated items and the period a State is bound ------------------------------------------


@dataclass(frozen=True)
class Dated:
    """An item of the case file with a (partial) date."""

    ref: str
    kind: str
    date: PartialDate | None
    label: str


def dated_items(case: Case) -> list[Dated]:
    """The detention, charges, decisions and timeline events, in date order."""
    out: list[Dated] = []
    if case.detention is not None:
        out.append(Dated("detention.since", "detention", case.detention.since, "detention"))
    for i, charge in enumerate(case.charges):
        part = f" part {charge.part}" if charge.part else ""
        out.append(
            Dated(
                f"charges[{i}]",
                "charge",
                charge.added,
                f"charge {charge.code} Art. {charge.article}{part} added",
            )
        )
    proc = case.proceedings
    if proc is not None and proc.verdict is not None:
        out.append(Dated("proceedings.verdict", "verdict", proc.verdict.date, "verdict"))
    for i, appeal in enumerate(proc.appeals if proc is not None else []):
        out.append(
            Dated(
                f"proceedings.appeals[{i}]",
                "appeal",
                appeal.date,
                f"appeal decision ({appeal.outcome})",
            )
        )
    for i, event in enumerate(case.timeline):
        text, _ = text_of(case, event.text)
        out.append(
            Dated(f"timeline[{i}]", "timeline", event.date, f"{event.kind}: {shorten(text)}")
        )
    far = _dt.date.max
    return sorted(out, key=lambda d: d.date.earliest if d.date is not None else far)


@dataclass(frozen=True)
class DetentionSpan:
    """When the detention began and whether it continues (or when it ended)."""

    since: PartialDate
    ended: PartialDate | None
    continuing: bool


def detention_span(case: Case) -> DetentionSpan | None:
    """The recorded detention, if any."""
    if case.detention is None:
        return None
    since = case.detention.since
    releases = [
        e.date for e in case.timeline if e.kind == "release" and e.date.latest >= since.earliest
    ]
    ended = max(releases, key=lambda d: d.earliest) if releases else None
    continuing = ended is None and case.status in HELD_STATUSES
    return DetentionSpan(since, ended, continuing)


def state_dates(rules: StateRules) -> tuple[NamedDate, ...]:
    """The State's dates as named dates (the name is the role)."""
    return tuple(NamedDate(d.role, d.date.isoformat(), d.what, d.confirmed) for d in rules.dates)


def state_finding(code: str, rules: StateRules | None, instrument: str, data_file: str) -> Finding:
    """What advocacy-docs' data says about the State and the instrument."""
    if rules is None:
        return Finding(
            "state",
            "unknown",
            f"advocacy-docs has no data on {code} and the {instrument} ({data_file}): the lawyer "
            f"must check whether and since when {code} is bound.",
            note=f"Check whether and since when {code} is bound by the {instrument}; "
            "advocacy-docs has no data on it.",
        )
    if not rules.party:
        why = f" {rules.note}" if rules.note else ""
        return Finding(
            "state",
            "warning",
            f"{rules.name} is not a Party to the {instrument}.{why} The lawyer must check whether "
            "the complaint can be brought against another State.",
            note=f"{rules.name} is not a Party to the {instrument}; check whether another State "
            "is responsible.",
            dates=state_dates(rules),
        )
    return Finding(
        "state",
        "info",
        f"{rules.name} and the {instrument}, as recorded in advocacy-docs' data ({data_file}); "
        "the lawyer should check for later changes.",
        dates=state_dates(rules),
    )


def unconfirmed_finding(items: list[tuple[str | None, str]], where: str) -> Finding | None:
    """A warning listing the rules data nobody has confirmed yet: (ISO date or None, what)."""
    if not items:
        return None
    listed = "; ".join(
        f"{value} ({what.rstrip('.')})" if value else what.rstrip(".") for value, what in items
    )
    return Finding(
        "unconfirmed",
        "warning",
        f"Unconfirmed in advocacy-docs' data: {listed}. The lawyer must verify "
        f"{'it' if len(items) == 1 else 'them'} ({where}).",
        note=f"Verify what advocacy-docs' data marks unconfirmed: {listed}.",
        # The message lists them; the dates carry no text so the table does not repeat them.
        dates=tuple(NamedDate("unconfirmed", value, "", False) for value, what in items if value),
    )


def _bounds_text(rules: StateRules) -> str:
    start = rules.first_day
    end = rules.end
    parts = []
    if start is not None:
        parts.append(f"from {start.date.isoformat()}")
    if end is not None and end.role == "last_day":
        parts.append(f"up to and including {end.date.isoformat()}")
    elif end is not None:
        parts.append(f"until the day before {end.date.isoformat()}")
    return " ".join(parts) or "with no recorded limits"


def temporal_findings(
    case: Case,
    rules: StateRules,
    today: _dt.date,
    *,
    check: str,
    covered: str,
) -> list[Finding]:
    """Which dated items fall inside the period the State is bound, which outside, which are
    uncertain; and a warning for a detention that crosses a boundary of that period.

    ``covered`` completes "<State>: <covered> <bounds>", e.g. "the Court may examine only acts
    or omissions".
    """
    first = rules.first_day.date if rules.first_day is not None else None
    last = rules.last_day
    span = detention_span(case)
    events: list[Event] = []
    for item in dated_items(case):
        pos = position(item.date, first, last)
        note = None if item.date is not None else "no date in the case file"
        if item.kind == "detention" and span is not None:
            crossing = _crossing(span, first, last, today)
            note = "; ".join(short for short, _ in crossing) or (
                "continues" if span.continuing else None
            )
        elif pos == "uncertain" and item.date is not None:
            note = f"the date ({item.date}) is not precise enough to tell"
        events.append(
            Event(
                item.ref,
                item.kind,
                item.date.isoformat() if item.date is not None else None,
                item.label,
                pos,
                note,
            )
        )
    out_n = sum(e.position == "outside" for e in events)
    unc_n = sum(e.position == "uncertain" for e in events)
    in_n = len(events) - out_n - unc_n
    bounds = _bounds_text(rules)
    total = plural(len(events), "dated item")
    message = (
        f"{rules.name}: {covered} {bounds}. Of the {total} of the case: "
        f"{in_n} inside, {out_n} outside, {unc_n} uncertain."
    )
    unconfirmed = [d for d in (rules.first_day, rules.end) if d is not None and not d.confirmed]
    listed = ", ".join(d.date.isoformat() for d in unconfirmed)
    if unconfirmed:
        message += f" Unconfirmed boundary date{'s' if len(unconfirmed) > 1 else ''}: {listed}."
    status: Status = "ok"
    note = None
    if out_n or unc_n:
        status = "warning"
        message += " The lawyer must check each item."
        # Timeline events often repeat a charge or a decision: name the structured items.
        named = ", ".join(
            f"{e.label} ({e.date or 'no date'})"
            for e in events
            if e.position != "inside" and e.kind != "timeline"
        )
        note = (
            f"Check the period covered for {rules.name} ({bounds}): "
            f"{plural(out_n, 'dated item')} of the case outside it, {unc_n} uncertain"
            + (f", among them: {named}." if named else ".")
        )
    elif unconfirmed:
        status = "warning"
        message += " The lawyer must check the boundary."
        note = (
            f"Check the period covered for {rules.name} ({bounds}): the boundary date {listed} "
            "is unconfirmed."
        )
    # The State finding prints what these dates are; here they are only named.
    dates = tuple(
        NamedDate(d.role, d.date.isoformat(), "", d.confirmed)
        for d in (rules.first_day, rules.end)
        if d is not None
    )
    findings = [Finding(check, status, message, note=note, dates=dates, events=tuple(events))]
    crossing = _crossing(span, first, last, today) if span is not None else []
    if span is not None and crossing:
        long = " and ".join(text for _, text in crossing)
        findings.append(
            Finding(
                "continuing_situation",
                "warning",
                f"The detention since {span.since} {long}: a continuing situation. The lawyer "
                "must check which part of it can be examined.",
                note=f"The detention since {span.since} {long}: check which part of this "
                "continuing situation can be examined.",
                dates=(NamedDate("detention_since", span.since.isoformat()),),
            )
        )
    return findings


def _crossing(
    span: DetentionSpan, first: _dt.date | None, last: _dt.date | None, today: _dt.date
) -> list[tuple[str, str]]:
    """How the detention crosses the boundaries of the period: (short note, long text) pairs."""
    verb = "continues" if span.continuing else "continued"
    if span.ended is not None:
        end: _dt.date | None = span.ended.latest
    else:
        end = today if span.continuing else None  # None: released, but no release date
    out: list[tuple[str, str]] = []
    since = span.since.earliest
    if first is not None and since < first and (end is None or end >= first):
        out.append(
            (
                f"began before {first.isoformat()}, {verb} after",
                f"began before {first.isoformat()}, when the State was not yet bound, and "
                f"{verb} after that day",
            )
        )
    if last is not None and since <= last:
        if end is None:
            out.append(
                (
                    f"began inside, may have continued after {last.isoformat()}",
                    f"began inside the period and may have continued after {last.isoformat()} "
                    "(the case file has no release date)",
                )
            )
        elif end > last:
            out.append(
                (
                    f"began inside, {verb} after {last.isoformat()}",
                    f"began inside the period and {verb} after {last.isoformat()}",
                )
            )
    return out


def deadline_status(left: int, warn_days: int) -> Status:
    """``passed`` after the last day, ``warning`` within ``warn_days`` of it, else ``ok``."""
    if left < 0:
        return "passed"
    return "warning" if left <= warn_days else "ok"


def left_text(last_day: _dt.date, today: _dt.date) -> str:
    """ "3 days left", "today is the last day" or "passed 5 days ago"."""
    left = days_left(last_day, today)
    if left > 0:
        return f"{left} day{'s' if left != 1 else ''} left"
    if left == 0:
        return "today is the last day (0 days left)"
    return f"passed {-left} day{'s' if left != -1 else ''} ago"
