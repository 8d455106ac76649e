"""The values a finding's sentence is built from, and how each is written in a language.

A finding carries its values as data (a date, a State's code, a number of months); the sentence
and the words around each value come from the catalogs of the language the reader reads, so a
Ukrainian draft says «4 місяці» and «23 травня 2023 р.» where the JSON report says 4 and
"2023-05-23".

The numbers of months, years and days have a context of their own ("check"): the sentences of
the checks are written for a fixed grammatical case of them (Polish "termin 4 miesięcy", German
"Frist von 4 Monaten"), which a template's "4 months" must not inherit.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..case.types import PartialDate

if TYPE_CHECKING:
    from ..i18n import Localizer


@dataclass(frozen=True)
class When:
    """A date said as an adverb: "on 23 May 2023", "in September 2022"."""

    date: PartialDate

    def render(self, loc: Localizer) -> str:
        return loc.date(self.date, style="when")

    def to_json(self) -> Any:
        return self.date.isoformat()


@dataclass(frozen=True)
class State:
    """A State, written by its name in the reader's language."""

    code: str

    def render(self, loc: Localizer) -> str:
        return loc.country(self.code)

    def to_json(self) -> Any:
        return self.code


@dataclass(frozen=True)
class Months:
    """A number of months: "4 months", «4 місяці»."""

    n: int

    def render(self, loc: Localizer) -> str:
        return loc.npgettext("check", "%(n)s month", "%(n)s months", self.n) % {
            "n": loc.number(self.n)
        }

    def to_json(self) -> Any:
        return self.n


@dataclass(frozen=True)
class MonthsChoice:
    """The months of a time limit that depend on a date the case file does not fix: "4
    months", or "4 or 6 months (depending on the exact date)" across 1 February 2022."""

    values: tuple[int, ...]

    def render(self, loc: Localizer) -> str:
        if len(self.values) == 1:
            return Months(self.values[0]).render(loc)
        first, last = self.values[0], self.values[-1]
        # Translators: two possible lengths of a time limit ("4 or 6 months (depending on the
        # exact date)"); the plural agrees with the second number
        return loc.npgettext(
            "check",
            "%(a)s or %(b)s month (depending on the exact date)",
            "%(a)s or %(b)s months (depending on the exact date)",
            last,
        ) % {"a": loc.number(first), "b": loc.number(last)}

    def to_json(self) -> Any:
        return self.values[0] if len(self.values) == 1 else list(self.values)


@dataclass(frozen=True)
class Years:
    """A number of years: "5 years", «5 лет»."""

    n: int

    def render(self, loc: Localizer) -> str:
        return loc.npgettext("check", "%(n)s year", "%(n)s years", self.n) % {
            "n": loc.number(self.n)
        }

    def to_json(self) -> Any:
        return self.n


@dataclass(frozen=True)
class Days:
    """A number of days: "60 days", «60 дней»."""

    n: int

    def render(self, loc: Localizer) -> str:
        return loc.npgettext("check", "%(n)s day", "%(n)s days", self.n) % {"n": loc.number(self.n)}

    def to_json(self) -> Any:
        return self.n


@dataclass(frozen=True)
class Span:
    """A period a State is bound: "3 September 1953 – 12 June 1970", "from 5 April 1999"."""

    start: _dt.date | None
    end: _dt.date | None
    """The last day covered."""

    def render(self, loc: Localizer) -> str:
        if self.start is not None and self.end is not None:
            return f"{loc.date(self.start)} – {loc.date(self.end)}"
        if self.start is not None:
            # Translators: a period that has not ended; %(start)s is a date
            return loc.gettext("from %(start)s") % {"start": loc.date(self.start)}
        if self.end is not None:
            # Translators: a period whose start is not recorded; %(end)s is its last day
            return loc.gettext("until %(end)s") % {"end": loc.date(self.end)}
        return loc.gettext("at all times")

    def to_json(self) -> Any:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True)
class DaysLeft:
    """How long is left to a last day that has not passed (0 on the last day itself)."""

    n: int

    def render(self, loc: Localizer) -> str:
        if self.n <= 0:
            return loc.gettext("today is the last day")
        return loc.npgettext("check", "%(n)s day left", "%(n)s days left", self.n) % {
            "n": loc.number(self.n)
        }

    def to_json(self) -> Any:
        return self.n


DecisionKind = Literal["verdict", "appeal"]


@dataclass(frozen=True)
class Decision:
    """A domestic decision named by its kind and date: "the verdict delivered on 23 May 2023"."""

    kind: DecisionKind
    date: PartialDate | None

    def render(self, loc: Localizer) -> str:
        if self.date is None:
            return loc.gettext("an undated decision on appeal")
        when = loc.date(self.date, style="when")
        if self.kind == "verdict":
            # Translators: %(when)s is a date as an adverb ("on 23 May 2023", "in May 2023");
            # the phrase names the first-instance verdict wherever a sentence cites it
            return loc.gettext("the verdict delivered %(when)s") % {"when": when}
        # Translators: %(when)s is a date as an adverb; the phrase names a decision on appeal
        # (or cassation) wherever a sentence cites it
        return loc.gettext("the decision on appeal delivered %(when)s") % {"when": when}

    def to_json(self) -> Any:
        return {"kind": self.kind, "date": self.date.isoformat() if self.date else None}


EventKind = Literal[
    "detention", "release", "charge", "verdict", "appeal", "timeline", "order", "procedure"
]


@dataclass(frozen=True)
class Fact:
    """A dated item of the case, named by its kind and date: "a charge (17 October 2022)"."""

    kind: EventKind
    date: PartialDate | None

    def render(self, loc: Localizer) -> str:
        day = loc.date(self.date) if self.date is not None else loc.gettext("no date")
        names = {
            "detention": loc.gettext("the start of the detention (%(date)s)"),
            "release": loc.gettext("the release (%(date)s)"),
            "charge": loc.gettext("a charge (%(date)s)"),
            "verdict": loc.gettext("the verdict (%(date)s)"),
            "appeal": loc.gettext("an appeal decision (%(date)s)"),
            "timeline": loc.gettext("an event of the timeline (%(date)s)"),
            "order": loc.gettext("a final decision on a detention order (%(date)s)"),
            "procedure": loc.gettext("a date of another international procedure (%(date)s)"),
        }
        return names[self.kind] % {"date": day}

    def to_json(self) -> Any:
        return {"kind": self.kind, "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True)
class BodyName:
    """An international body by its code ("WGAD"), named in the reader's language: standing
    alone (in a list), or, with ``before``, as the phrase "before the body" that a language
    may write with its own preposition and case (ru «в Комитете ООН по правам человека»)."""

    code: str
    before: bool = False

    def render(self, loc: Localizer, fallback: str | None = None) -> str:
        if self.before:
            # Translators: a procedure "before" the body: ru «в Европейском суде по правам
            # человека», fr «devant la Cour européenne des droits de l'homme»
            phrases = {
                "ECHR": loc.pgettext(
                    "procedure, before", "before the European Court of Human Rights"
                ),
                "HRC": loc.pgettext("procedure, before", "before the UN Human Rights Committee"),
                "WGAD": loc.pgettext(
                    "procedure, before", "before the UN Working Group on Arbitrary Detention"
                ),
                "CAT": loc.pgettext("procedure, before", "before the UN Committee against Torture"),
                "CED": loc.pgettext(
                    "procedure, before", "before the UN Committee on Enforced Disappearances"
                ),
            }
            found = phrases.get(self.code)
            if found is not None:
                return found
            return loc.gettext("before %(body)s") % {"body": fallback or self.code}
        # The names stand alone (in a list after a colon): the nominative, hence a context of
        # their own apart from the drafts' "the form of <body>".
        names = {
            "ECHR": loc.pgettext("procedure", "the European Court of Human Rights"),
            "HRC": loc.pgettext("procedure", "the UN Human Rights Committee"),
            "WGAD": loc.pgettext("procedure", "the UN Working Group on Arbitrary Detention"),
            "CAT": loc.pgettext("procedure", "the UN Committee against Torture"),
            "CED": loc.pgettext("procedure", "the UN Committee on Enforced Disappearances"),
        }
        return names.get(self.code, fallback if fallback is not None else self.code)

    def to_json(self) -> Any:
        return self.code


ProcedureStatus = Literal["planned", "pending", "decided", "withdrawn"]


@dataclass(frozen=True)
class OtherProcedure:
    """Another international procedure recorded in the case file."""

    body: str
    status: ProcedureStatus
    date: PartialDate | None
    reference: str | None = None

    def render(self, loc: Localizer) -> str:
        statuses = {
            # Translators: the state of another international procedure, in brackets after
            # its name: "(pending, 1 February 2024)"
            "planned": loc.gettext("to be submitted"),
            "pending": loc.gettext("pending"),
            "decided": loc.gettext("decided"),
            "withdrawn": loc.gettext("withdrawn"),
        }
        name = BodyName(self.body.strip().upper()).render(loc, fallback=self.body)
        bits = [statuses[self.status]]
        if self.date is not None:
            bits.append(loc.date(self.date))
        if self.reference:
            bits.append(self.reference)
        return f"{name} ({', '.join(bits)})"

    def to_json(self) -> Any:
        return {
            "body": self.body,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class Items:
    """Several values, joined as the language joins a list: "a, b and c"."""

    values: tuple[Param, ...]

    def render(self, loc: Localizer) -> str:
        return loc.list([render(v, loc) for v in self.values])

    def to_json(self) -> Any:
        return [to_json(v) for v in self.values]


Param = (
    str
    | int
    | _dt.date
    | PartialDate
    | When
    | State
    | Months
    | MonthsChoice
    | Years
    | Days
    | Span
    | DaysLeft
    | Decision
    | Fact
    | OtherProcedure
    | BodyName
    | Items
)


def render(value: Param, loc: Localizer) -> str:
    """``value`` as the reader's language writes it in running text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int):
        return loc.number(int(value))
    if isinstance(value, _dt.date | PartialDate):
        return loc.date(value)
    return value.render(loc)


def to_json(value: Param) -> Any:
    """``value`` as plain JSON data (dates as ISO strings, codes as they are)."""
    if isinstance(value, str | int):
        return value
    if isinstance(value, _dt.date | PartialDate):
        return value.isoformat()
    return value.to_json()


def unknown_code(code: str, loc: Localizer) -> str:
    """What a legal draft prints, as a field for the lawyer, for a criminal code it cannot
    name ("GE-CC"): never the case file's internal code alone."""
    # Translators: a placeholder the lawyer fills in; %(code)s is the case file's code ("GE-CC")
    return loc.gettext("the name of the code, as cited (%(code)s in the case file)") % {
        "code": code
    }
