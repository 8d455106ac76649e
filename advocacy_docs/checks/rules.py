"""The legal rules the checks apply, read from TOML data files (``checks/data/<body>.toml``).

The bundled files are shipped inside the package. A user may pass another file
(``advocacy-docs/check-rules@2``, or the older ``@1``, which it extends); its top-level tables
replace the bundled ones, and each State it gives replaces the bundled State of the same code
(the others are kept). See the comments in the bundled files for the meaning of every key.

What ``@2`` adds to ``@1`` (an ``@1`` file is valid ``@2``):

- a State may have several periods: its ``starts`` and ``ends``/``last_day`` dates alternate in
  date order (a period may end and the next start on the same day);
- ``reservation`` on a ``starts`` date: the period is covered only within that limit (printed,
  never decided);
- ``[[states.XX.unknown]]``: a date that exists but is not established (``role``, ``what``,
  ``note``, optional ``not_before``/``not_after`` bounds); the checks say "not known" for it;
- ``[states.XX.iccpr]``: the Covenant itself (a State not party to it cannot be party to the
  Optional Protocol); ``member`` (ECHR: a member of the Council of Europe today), ``source``
  and ``reservations`` (the State made reservations or declarations worth reading);
- ``[parties] complete = true``: every State ever bound is listed, so a State that is not
  listed has never been bound (otherwise the checks say "no data");
- WGAD only: ``[procedures.<name>]``, the Working Group's own procedures.
"""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from ..case.types import YEAR_MAX, YEAR_MIN
from ..errors import InputError
from ..regular import read_regular

RULES_SCHEMA = "advocacy-docs/check-rules@2"
RULES_SCHEMAS = ("advocacy-docs/check-rules@1", RULES_SCHEMA)
DATA_DIR = Path(__file__).resolve().parent / "data"

Body = Literal["echr", "wgad", "hrc"]
BODIES: tuple[Body, ...] = ("echr", "wgad", "hrc")
Role = Literal["starts", "last_day", "ends", "info"]

_EARLIEST = _dt.date(YEAR_MIN, 1, 1)
_LATEST = _dt.date(YEAR_MAX, 12, 31)
"""An unknown boundary lies somewhere in the years a case date may have: a day a step away
from ``date.min``/``date.max`` would overflow the first arithmetic done on it."""

MAX_RULES_BYTES = 5_000_000
"""The largest rules file read (the bundled ones are under 200 KB)."""

MAX_YEARS = 100
"""The longest period in years a rule may give (the Committee's is 5): with case dates in
``YEAR_MIN``..``YEAR_MAX``, no time limit counted from one leaves the calendar."""


def _in_years(day: _dt.date) -> _dt.date:
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise ValueError(f"{day} is not a date the rules may give: the year must be "
                         f"{YEAR_MIN} to {YEAR_MAX}")  # fmt: skip
    return day


RuleDate = Annotated[_dt.date, AfterValidator(_in_years)]
"""A date of the rules: in the years a case date may have, so arithmetic on it stays inside
the calendar."""
Years = Annotated[int, Field(gt=0, le=MAX_YEARS)]
Months = Annotated[int, Field(gt=0, le=12 * MAX_YEARS)]
Days = Annotated[int, Field(ge=0, le=366 * MAX_YEARS)]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StateDate(_Data):
    """One date that matters for a State's obligations under the instrument."""

    date: RuleDate
    role: Role
    what: str
    source: str = ""
    confirmed: bool = False
    stops_submissions: bool = False
    reservation: str = ""

    @property
    def is_start(self) -> bool:
        """True for the first day of a period."""
        return self.role == "starts"

    @property
    def is_end(self) -> bool:
        """True for the end of a period (``ends`` or ``last_day``)."""
        return self.role in ("ends", "last_day")


class UnknownDate(_Data):
    """A date that exists (a period starts or ends) but that nobody has established yet."""

    role: Role
    what: str
    note: str = ""
    source: str = ""
    not_before: RuleDate | None = None
    not_after: RuleDate | None = None


class Covenant(_Data):
    """The State and the International Covenant on Civil and Political Rights itself."""

    party: bool
    date: RuleDate | None = None
    what: str = ""
    source: str = ""
    confirmed: bool = False
    note: str = ""


@dataclass(frozen=True)
class Bound:
    """Where a period begins (its first day) or ends (its last day covered), as a range of
    possible days: one day when the date is known."""

    earliest: _dt.date
    latest: _dt.date
    confirmed: bool
    known: bool
    source: StateDate | UnknownDate

    @property
    def exact(self) -> bool:
        """True when the day is known."""
        return self.known and self.earliest == self.latest


@dataclass(frozen=True)
class Period:
    """A stretch of time in which the State is bound; None on a side means open."""

    start: Bound | None
    end: Bound | None
    reservation: str = ""
    stops_submissions: bool = False


def _bound(item: StateDate | UnknownDate) -> Bound:
    # An `ends` date is the first day no longer covered: the last day covered is the day before.
    shift = _dt.timedelta(days=1 if item.role == "ends" else 0)
    if isinstance(item, StateDate):
        day = item.date - shift
        return Bound(day, day, item.confirmed, True, item)
    lo = item.not_before - shift if item.not_before else _EARLIEST
    hi = item.not_after - shift if item.not_after else _LATEST
    return Bound(lo, hi, False, False, item)


def _order(item: StateDate | UnknownDate) -> tuple[_dt.date, int]:
    if isinstance(item, StateDate):
        day = item.date
    elif item.not_before or item.not_after:
        day = item.not_before or item.not_after or _EARLIEST
    else:  # nothing known: an unknown start comes first, an unknown end last
        day = _EARLIEST if item.role == "starts" else _LATEST
    # On one day a period ends before the next one starts (Guyana, 5 April 1999).
    return day, 1 if item.role == "starts" else 0


class Remedy(_Data):
    """A domestic remedy that may still lie after an appeal in the State (a cassation appeal, an
    individual application to the Constitutional Court): the drafts tell the lawyer to check it,
    since the time limit runs from the decision on it when it is one to be used."""

    kind: Literal["cassation", "constitutional_complaint"]
    since: RuleDate | None = None
    """The first day a decision may have become final for the remedy to lie, if it is recent."""
    what: str
    authority: str = ""
    """A decision of the body that says so, cited as published."""
    source: str = ""
    confirmed: bool = False


class StateRules(_Data):
    """A State and its dates for one instrument."""

    name: str
    party: bool = True
    member: bool | None = None
    note: str = ""
    source: str = ""
    reservations: bool = False
    dates: tuple[StateDate, ...] = ()
    unknown: tuple[UnknownDate, ...] = ()
    iccpr: Covenant | None = None
    remedies: tuple[Remedy, ...] = ()

    @model_validator(mode="after")
    def _alternating(self) -> StateRules:
        if any(u.role != "info" for u in self.unknown):
            return self  # an unknown boundary may fall anywhere between the known ones
        previous: str | None = None
        for item in sorted((d for d in self.dates if d.role != "info"), key=_order):
            kind = "start" if item.is_start else "end"
            if kind == previous:
                raise ValueError(
                    f"{item.date}: two period {kind}s in a row; 'starts' and 'ends'/'last_day' "
                    "dates must alternate in date order"
                )
            previous = kind
        return self

    def boundaries(self) -> list[StateDate | UnknownDate]:
        """Every date that starts or ends a period, known or not, in date order."""
        items: list[StateDate | UnknownDate] = [d for d in self.dates if d.role != "info"]
        items += [u for u in self.unknown if u.role != "info"]
        return sorted(items, key=_order)

    def periods(self) -> tuple[Period, ...]:
        """The periods in which the State is (or was) bound, in date order."""
        out: list[Period] = []
        start: Bound | None = None
        reservation = ""
        opened = False
        for item in self.boundaries():
            if item.role == "starts":
                start = _bound(item)
                reservation = item.reservation if isinstance(item, StateDate) else ""
                opened = True
            else:
                stops = isinstance(item, StateDate) and item.stops_submissions
                out.append(Period(start, _bound(item), reservation, stops))
                start, reservation, opened = None, "", False
        if opened:
            out.append(Period(start, None, reservation))
        return tuple(out)

    @property
    def never_bound(self) -> bool:
        """True when the data records no period at all and the State is not bound today."""
        return not self.party and not self.periods()

    @property
    def has_unknown_boundary(self) -> bool:
        """True when a period starts or ends on a day nobody has established."""
        return any(u.role != "info" for u in self.unknown)

    def date_of(self, role: str) -> StateDate | None:
        """The last date with this role, if any."""
        found = [d for d in self.dates if d.role == role]
        return found[-1] if found else None

    @property
    def first_day(self) -> StateDate | None:
        """The first day the State is bound (inclusive), of its first known period."""
        starts = sorted((d for d in self.dates if d.is_start), key=lambda d: d.date)
        return starts[0] if starts else None

    @property
    def end(self) -> StateDate | None:
        """The date that ends the last period (``last_day`` or ``ends``), if it has ended."""
        periods = self.periods()
        if not periods or periods[-1].end is None:
            return None
        source = periods[-1].end.source
        return source if isinstance(source, StateDate) else None

    @property
    def last_day(self) -> _dt.date | None:
        """The last day covered (inclusive), if the last period has ended on a known day."""
        periods = self.periods()
        if not periods or periods[-1].end is None or not periods[-1].end.exact:
            return None
        return periods[-1].end.latest

    @property
    def unconfirmed(self) -> tuple[StateDate, ...]:
        """The dates nobody has confirmed yet."""
        return tuple(d for d in self.dates if not d.confirmed)


class LimitPeriod(_Data):
    """An ECHR time limit for final decisions taken on or after ``decisions_from``."""

    decisions_from: RuleDate
    months: Months
    what: str
    source: str = ""
    confirmed: bool = False


class TimeLimit(_Data):
    """The ECHR time limit of Article 35 § 1."""

    warn_days: Days = 30
    periods: tuple[LimitPeriod, ...]

    def period_for(self, decision: _dt.date) -> LimitPeriod | None:
        """The period that applies to a final decision of this date."""
        found = [p for p in self.periods if p.decisions_from <= decision]
        return max(found, key=lambda p: p.decisions_from) if found else None


class FiveYears(_Data):
    """The Human Rights Committee's rule 99(c)."""

    years: Years
    other_procedure_years: Years
    warn_days: Days = 90
    source: str = ""
    confirmed: bool = False


class Remedies(_Data):
    """Whether domestic remedies must be exhausted first."""

    exhaustion_required: bool
    what: str
    source: str = ""
    confirmed: bool = False


class Procedure(_Data):
    """One of the Working Group's own procedures (regular communication, urgent appeal)."""

    what: str
    source: str = ""
    confirmed: bool = False
    reply_days: int | None = Field(None, gt=0, le=366 * MAX_YEARS)


class DetentionOrders(_Data):
    """The rule that complaints about one detention order run from the final decision on it."""

    what: str
    source: str = ""
    confirmed: bool = False


class OtherBody(_Data):
    """Whether the body treats another body's procedure as "another procedure of international
    investigation or settlement" (ECHR Article 35 § 2 (b), OP article 5 (2) (a))."""

    counts: Literal["yes", "no", "unclear"]
    what: str
    source: str = ""
    confirmed: bool = False


class Parties(_Data):
    """Whether the data lists every State ever bound (then an unlisted State never was)."""

    complete: bool = False
    what: str = ""
    source: str = ""


class Category(_Data):
    """A WGAD category, and the articles whose invocation suggests it (a category rests only on
    facts the case file tags for it; ``support``, ``keywords`` and ``recognitions`` are the
    keys of @1 files, accepted and ignored)."""

    id: str
    title: str
    rights: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    defined_by_rights: bool = False
    """True when the rights listed define the category (Category II): a right tagged for it
    that is not one of them is flagged."""
    support: Literal["data", "possible"] | None = None
    any_right: bool = False
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    recognitions: tuple[str, ...] = ()

    def suggested_by(self, instrument: str, article_number: str | None) -> bool:
        """True when invoking this instrument's article suggests the category."""
        return article_number is not None and article_number in self.rights.get(instrument, ())


class Rules(_Data):
    """All the rules for one body, as read from its data file."""

    schema_: Literal["advocacy-docs/check-rules@1", "advocacy-docs/check-rules@2"] = Field(
        alias="schema"
    )
    body: Body
    name: str
    parties: Parties = Parties()
    states: dict[str, StateRules] = Field(default_factory=dict)
    time_limit: TimeLimit | None = None
    five_years: FiveYears | None = None
    remedies: Remedies | None = None
    procedures: dict[str, Procedure] = Field(default_factory=dict)
    categories: tuple[Category, ...] = ()
    detention_orders: DetentionOrders | None = None
    other_bodies: dict[str, OtherBody] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _needs(self) -> Rules:
        needed = {"echr": "time_limit", "hrc": "five_years", "wgad": "categories"}[self.body]
        if not getattr(self, needed):
            raise ValueError(f"rules for {self.body} need `{needed}`")
        return self

    def state(self, code: str) -> StateRules | None:
        """The State's rules; for a complete list, an unlisted State as never bound (a code that
        names no country, a typo such as "UK", stays unknown: it is never a bar)."""
        found = self.states.get(code)
        if found is None and self.parties.complete and is_country(code):
            return StateRules(name=code, party=False, member=False, source=self.parties.source)
        return found


def is_country(code: str) -> bool:
    """True when ``code`` is a country's ISO 3166-1 alpha-2 code that CLDR knows (XK included)."""
    from ..case.model import is_country_code

    return is_country_code(code)


def _read_bytes(path: Path) -> bytes:
    """The bytes of the rules file ``path`` (a regular file, at most MAX_RULES_BYTES)."""
    return read_regular(path, MAX_RULES_BYTES, what="the rules file")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_read_bytes(path).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: the rules file is not UTF-8 text (byte {exc.start}: {exc.reason}); "
            "save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid TOML file: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: not a valid TOML file: lists or tables nest too deep") from None


def _validate(data: dict[str, Any], where: str) -> Rules:
    try:
        return Rules.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise InputError(f"{where}: {loc}: {first['msg']}{more}") from None


@cache
def _bundled_data(body: Body) -> dict[str, Any]:
    return _read_toml(DATA_DIR / f"{body}.toml")


@cache
def bundled_rules(body: Body) -> Rules:
    """The rules shipped with advocacy-docs for ``body``."""
    return _validate(_bundled_data(body), str(DATA_DIR / f"{body}.toml"))


def load_rules(body: Body, path: str | os.PathLike[str] | None = None) -> Rules:
    """The bundled rules for ``body``, overridden by the rules file at ``path`` if given.

    InputError names the file and the key when the user's file is wrong.
    """
    if path is None:
        return bundled_rules(body)
    file = Path(path)
    user = _read_toml(file)
    if user.get("body", body) != body:
        raise InputError(f"{file}: these are rules for {user['body']!r}, not for {body!r}")
    merged = dict(_bundled_data(body))
    for key, value in user.items():
        if key in ("states", "procedures", "other_bodies") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return _validate(merged, str(file))
