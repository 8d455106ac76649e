"""The legal rules the checks apply, read from TOML data files (``checks/data/<body>.toml``).

The bundled files are shipped inside the package. A user may pass another file of the same
schema (``advocacy-docs/check-rules@1``); its top-level tables replace the bundled ones, and each
State it gives replaces the bundled State of the same code (the others are kept). See the
comments in the bundled files for the meaning of every key.
"""

from __future__ import annotations

import datetime as _dt
import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError

RULES_SCHEMA = "advocacy-docs/check-rules@1"
DATA_DIR = Path(__file__).resolve().parent / "data"

Body = Literal["echr", "wgad", "hrc"]
BODIES: tuple[Body, ...] = ("echr", "wgad", "hrc")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StateDate(_Data):
    """One date that matters for a State's obligations under the instrument."""

    date: _dt.date
    role: Literal["starts", "last_day", "ends", "info"]
    what: str
    source: str = ""
    confirmed: bool = False
    stops_submissions: bool = False


class StateRules(_Data):
    """A State and its dates for one instrument."""

    name: str
    party: bool = True
    note: str = ""
    dates: tuple[StateDate, ...] = ()

    @model_validator(mode="after")
    def _one_of_each(self) -> StateRules:
        for role in ("starts", "last_day", "ends"):
            if sum(d.role == role for d in self.dates) > 1:
                raise ValueError(f"more than one date with role {role!r}")
        if any(d.role == "last_day" for d in self.dates) and any(
            d.role == "ends" for d in self.dates
        ):
            raise ValueError("give either a 'last_day' or an 'ends' date, not both")
        return self

    def date_of(self, role: str) -> StateDate | None:
        """The date with this role, if any."""
        return next((d for d in self.dates if d.role == role), None)

    @property
    def first_day(self) -> StateDate | None:
        """The first day the State is bound (inclusive)."""
        return self.date_of("starts")

    @property
    def end(self) -> StateDate | None:
        """The date that ends the period covered (``last_day`` or ``ends``), if any."""
        return self.date_of("last_day") or self.date_of("ends")

    @property
    def last_day(self) -> _dt.date | None:
        """The last day covered (inclusive), if the period has an end."""
        end = self.end
        if end is None:
            return None
        return end.date if end.role == "last_day" else end.date - _dt.timedelta(days=1)

    @property
    def unconfirmed(self) -> tuple[StateDate, ...]:
        """The dates nobody has checked yet."""
        return tuple(d for d in self.dates if not d.confirmed)


class Period(_Data):
    """An ECHR time limit for final decisions taken on or after ``decisions_from``."""

    decisions_from: _dt.date
    months: int = Field(gt=0)
    what: str
    source: str = ""
    confirmed: bool = False


class TimeLimit(_Data):
    """The ECHR time limit of Article 35 § 1."""

    warn_days: int = Field(30, ge=0)
    periods: tuple[Period, ...]

    def period_for(self, decision: _dt.date) -> Period | None:
        """The period that applies to a final decision of this date."""
        found = [p for p in self.periods if p.decisions_from <= decision]
        return max(found, key=lambda p: p.decisions_from) if found else None


class FiveYears(_Data):
    """The Human Rights Committee's rule 99(c)."""

    years: int = Field(gt=0)
    other_procedure_years: int = Field(gt=0)
    warn_days: int = Field(90, ge=0)
    source: str = ""
    confirmed: bool = False


class Remedies(_Data):
    """Whether domestic remedies must be exhausted first."""

    exhaustion_required: bool
    what: str
    source: str = ""
    confirmed: bool = False


class Category(_Data):
    """A WGAD category and the case data that supports it."""

    id: str
    title: str
    support: Literal["data", "possible"]
    rights: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    any_right: bool = False
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    recognitions: tuple[str, ...] = ()

    def covers(self, instrument: str, article_number: str | None) -> bool:
        """True when a right of this instrument and article number is of this category."""
        if self.any_right:
            return True
        return article_number is not None and article_number in self.rights.get(instrument, ())

    def keyword_in(self, texts: list[str]) -> str | None:
        """The first keyword found in any of the texts (ignoring case), or None."""
        folded = [t.casefold() for t in texts]
        for words in self.keywords.values():
            for word in words:
                if any(word.casefold() in t for t in folded):
                    return word
        return None


class Rules(_Data):
    """All the rules for one body, as read from its data file."""

    schema_: Literal["advocacy-docs/check-rules@1"] = Field(alias="schema")
    body: Body
    name: str
    states: dict[str, StateRules] = Field(default_factory=dict)
    time_limit: TimeLimit | None = None
    five_years: FiveYears | None = None
    remedies: Remedies | None = None
    categories: tuple[Category, ...] = ()

    @model_validator(mode="after")
    def _needs(self) -> Rules:
        needed = {"echr": "time_limit", "hrc": "five_years", "wgad": "categories"}[self.body]
        if not getattr(self, needed):
            raise ValueError(f"rules for {self.body} need `{needed}`")
        return self


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the rules file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid TOML file: {exc}") from None


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
        if key == "states" and isinstance(value, dict):
            merged["states"] = {**merged.get("states", {}), **value}
        else:
            merged[key] = value
    return _validate(merged, str(file))
