"""Bounded work and dates that never crash (issue 13: item 11, T1, T2, T3).

- Every date of the case contract lies in the years ``YEAR_MIN``..``YEAR_MAX``, checked by the one
  PartialDate parser: ``validate`` refuses ``0000`` or ``9999-12`` (which once passed validate
  and crashed render and check), and every document and every check runs on any date of that
  range, at any precision, on any day of it.
- A rules file (``check --rules``) holds periods of at most ``MAX_YEARS`` and dates in the same
  years, in UTF-8: anything else is one line naming the file and the key.
- Every list of the case schema has a cap no real case reaches, checked before its items are read;
  the date sort is near-linear (counted in work, never timed) and orders exactly as the quadratic
  one it replaced.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import re
import tempfile
import types
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.case import validate_file
from advocacy_docs.case.model import Case
from advocacy_docs.case.types import YEAR_MAX, YEAR_MIN, AtMost, PartialDate
from advocacy_docs.checks import BODIES, run
from advocacy_docs.checks.rules import MAX_YEARS, load_rules
from advocacy_docs.errors import InputError
from advocacy_docs.view import _sorted_by_date

HERE = Path(__file__).parent
REDACTION = HERE / "fixtures" / "redaction"
KINDS = ("letter", "briefing", "echr-application", "hrc-communication", "wgad-communication")
DATE_KEYS = ("date", "added", "since", "until", "decided", "as_of", "born")


def _fixture_data() -> dict[str, Any]:
    data = load_case(REDACTION / "case.yaml").model_dump(mode="json", by_alias=True)
    return copy.deepcopy(data)


def _drop_order_constraints(data: dict[str, Any]) -> None:
    """Remove what ties dates to each other (born before every event, released after held)."""
    data["person"].pop("born", None)
    data["person"].pop("photo", None)  # the fixture folder has none
    data["detention"].pop("until", None)
    for item in data["person"].get("affiliations", []):
        item.pop("until", None)


def _date_paths(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in DATE_KEYS and isinstance(value, (str, int)):
                yield (*path, key)
            else:
                yield from _date_paths(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _date_paths(value, (*path, i))


def _shown(path: tuple[str | int, ...]) -> str:
    """A field path as problems name it: ``proceedings.appeals[2].date``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# --- the one range of years ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0000", "0000-01", "0999-12-31", 999, f"{YEAR_MIN - 1}-12", f"{YEAR_MAX + 1}",
        f"{YEAR_MAX + 1}-01-01", "9999", "9999-12", "9999-12-31", 9999, 0,
        dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(YEAR_MAX + 1, 1, 1),
    ],
)  # fmt: skip
def test_a_date_outside_the_years_is_refused_by_the_parser(value: object) -> None:
    # A year of four digits is told its range; 999 or 0 are not written as dates at all.
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    four = re.match(r"^\d{4}", text)
    expected = f"the year must be {YEAR_MIN} to {YEAR_MAX}" if four else "YYYY"
    with pytest.raises(ValueError, match=expected):
        PartialDate.parse(value)


@given(
    st.integers(0, 9999),
    st.one_of(st.none(), st.integers(1, 12)),
    st.integers(1, 31),
)
def test_every_parsed_date_has_its_days(year: int, month: int | None, day: int) -> None:
    text = f"{year:04d}" + (f"-{month:02d}-{day:02d}" if month else "")
    try:
        date = PartialDate.parse(text)
    except ValueError:
        assert not YEAR_MIN <= year <= YEAR_MAX or month is not None
        return
    assert YEAR_MIN <= date.year <= YEAR_MAX
    assert date.earliest <= date.latest  # neither end overflows
    # A check adds at most MAX_YEARS (and a few years of margin) to a case date.
    assert date.latest.year + MAX_YEARS + 10 <= dt.date.max.year
    assert date.earliest.year - MAX_YEARS - 10 >= dt.date.min.year


@pytest.mark.parametrize("value", ["0000", "9999-12", "9999-12-31", f"{YEAR_MAX + 1}"])
@pytest.mark.parametrize(
    "path", [("timeline", 0, "date"), ("proceedings", "appeals", 2, "date"), ("as_of",)]
)
def test_validate_refuses_a_date_render_could_not_handle(
    tmp_path: Path, value: str, path: tuple[str | int, ...]
) -> None:
    data = _fixture_data()
    _set(data, path, value)
    file = tmp_path / "case.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    problems = validate_file(file)
    assert [p.path for p in problems] == [_shown(path)]
    assert f"{YEAR_MIN} to {YEAR_MAX}" in problems[0].message


# --- any date of the range: every document and every check -----------------------------------


def _partial(year: int, month: int, day: int, precision: int) -> str:
    return [f"{year:04d}", f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}-{day:02d}"][
        precision
    ]


YEARS = st.one_of(
    st.sampled_from([YEAR_MIN, YEAR_MIN + 1, YEAR_MAX - 1, YEAR_MAX]),
    st.integers(YEAR_MIN, YEAR_MAX),
)
PARTIAL_DATES = st.builds(
    lambda y, m, d, p: _partial(
        y, m, min(d, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31), p
    ),
    YEARS,
    st.sampled_from([1, 2, 12]) | st.integers(1, 12),
    st.sampled_from([1, 28, 29, 30, 31]) | st.integers(1, 31),
    st.integers(0, 2),
).filter(lambda s: _leap_ok(s))
TODAYS = st.one_of(
    st.sampled_from([dt.date(YEAR_MIN, 1, 1), dt.date(YEAR_MAX, 12, 31)]),
    st.dates(dt.date(YEAR_MIN, 1, 1), dt.date(YEAR_MAX, 12, 31)),
)


def _leap_ok(text: str) -> bool:
    try:
        PartialDate.parse(text)
    except ValueError:
        return False
    return True


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # each example renders five documents and runs three checks
@given(dates=st.lists(PARTIAL_DATES, min_size=30, max_size=30), today=TODAYS)
def test_any_date_of_the_range_renders_and_checks(dates: list[str], today: dt.date) -> None:
    data = _fixture_data()
    _drop_order_constraints(data)
    pool = iter(dates * 3)
    for path in _date_paths(data):
        _set(data, path, next(pool))
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "case.json"
        file.write_text(json.dumps(data), encoding="utf-8")
        case = load_case(file)
        for body in BODIES:
            report = run(case, body, today)
            assert report.items
        renderer = Renderer()
        recipient = load_recipients(REDACTION / "recipients.yaml")[0]
        sender = load_senders(REDACTION / "senders.yaml")[0]
        for kind in KINDS:
            out = renderer.render(
                case, kind=kind, locale="en", fmt="txt", recipient=recipient, sender=sender,
                today=today,
            )  # fmt: skip
            assert out.data


@pytest.mark.parametrize("today", [dt.date(YEAR_MIN - 1, 12, 31), dt.date(YEAR_MAX + 1, 1, 1)])
def test_a_check_outside_the_years_is_refused_in_one_line(today: dt.date) -> None:
    case = load_case(REDACTION / "case.yaml")
    with pytest.raises(InputError, match=f"outside the years {YEAR_MIN} to {YEAR_MAX}"):
        run(case, "hrc", today)


# --- rules files -------------------------------------------------------------------------------

_RULE_NUMBERS = [
    ("hrc", "five_years", "years"),
    ("hrc", "five_years", "other_procedure_years"),
    ("hrc", "five_years", "warn_days"),
    ("echr", "time_limit", "warn_days"),
]


@pytest.mark.parametrize(("body", "table", "key"), _RULE_NUMBERS)
@pytest.mark.parametrize("value", [99999999, 10**30, MAX_YEARS * 400])
def test_a_rule_beyond_the_calendar_is_one_line_naming_the_key(
    tmp_path: Path, body: str, table: str, key: str, value: int
) -> None:
    file = tmp_path / "rules.toml"
    file.write_text(f'body = "{body}"\n[{table}]\n{key} = {value}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules(body, file)  # type: ignore[arg-type]
    assert str(file) in str(err.value) and f"{table}." in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("months", [12 * MAX_YEARS + 1, 99999999])
def test_an_echr_period_beyond_the_calendar_is_refused(tmp_path: Path, months: int) -> None:
    file = tmp_path / "rules.toml"
    file.write_text(
        'body = "echr"\n[time_limit]\n[[time_limit.periods]]\n'
        f'decisions_from = 2022-02-01\nmonths = {months}\nwhat = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"time_limit\.periods\.0\.months"):
        load_rules("echr", file)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", f"{YEAR_MAX + 1}-01-01"])
def test_a_rules_date_outside_the_years_is_refused(tmp_path: Path, day: str) -> None:
    file = tmp_path / "rules.toml"
    file.write_text(
        f'body = "hrc"\n[states.RU]\nname = "Russia"\n[[states.RU.dates]]\n'
        f'date = {day}\nrole = "ends"\nwhat = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"states\.RU\.dates\.0\.date"):
        load_rules("hrc", file)


@settings(max_examples=25, deadline=None)
@given(
    st.binary(min_size=1, max_size=4).filter(lambda b: _not_utf8(b)),
    st.integers(0, 200),
)
def test_a_rules_file_not_in_utf8_is_one_line_naming_it(bad: bytes, at: int) -> None:
    text = b'body = "hrc"\nname = "HRC rules, edited"\n# a comment\n'
    raw = text[:at] + bad + text[at:]
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "rules.toml"
        file.write_bytes(raw)
        with pytest.raises(InputError) as err:
            load_rules("hrc", file)
    assert str(file) in str(err.value) and "\n" not in str(err.value)


def _not_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@pytest.mark.parametrize("what", ["fifo", "folder", "deep", "huge"])
def test_a_rules_file_that_is_no_file_or_too_much_is_one_line(tmp_path: Path, what: str) -> None:
    import os

    file = tmp_path / "rules.toml"
    if what == "fifo":
        os.mkfifo(file)  # reading it would wait for a writer forever
    elif what == "folder":
        file.mkdir()
    elif what == "deep":
        file.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    else:
        file.write_text("# " + "x" * 6_000_000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules("hrc", file)
    assert str(file) in str(err.value)


@given(
    years=st.integers(1, MAX_YEARS),
    other=st.integers(1, MAX_YEARS),
    final=PARTIAL_DATES,
    today=TODAYS,
)
@settings(max_examples=30, deadline=None)
def test_the_longest_rules_on_the_last_dates_never_crash(
    years: int, other: int, final: str, today: dt.date
) -> None:
    data = _fixture_data()
    _drop_order_constraints(data)
    for appeal in data["proceedings"]["appeals"]:
        appeal["date"] = final
    data["international"][0].update(status="decided", decided=final)
    with tempfile.TemporaryDirectory() as folder:
        rules = Path(folder) / "rules.toml"
        rules.write_text(
            f'body = "hrc"\n[five_years]\nyears = {years}\nother_procedure_years = {other}\n',
            encoding="utf-8",
        )
        file = Path(folder) / "case.json"
        file.write_text(json.dumps(data), encoding="utf-8")
        case = load_case(file)
        assert run(case, "hrc", today, rules=load_rules("hrc", rules)).items


# --- list caps ---------------------------------------------------------------------------------


def _capped_lists(
    model: type[BaseModel], data: Any, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], int | None]]:
    """Every list field of ``model`` (reached through ``data``), with its cap (None: none)."""
    for name, field in model.model_fields.items():
        key = field.alias or name
        value = data.get(key) if isinstance(data, dict) else None
        annotation = field.annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
        if typing.get_origin(annotation) is list:
            caps = [m.limit for m in field.metadata if isinstance(m, AtMost)]
            yield (*path, key), (caps[0] if caps else None)
            (item,) = typing.get_args(annotation)
            item = typing.get_args(item)[0] if typing.get_origin(item) is typing.Annotated else item
            if isinstance(item, type) and issubclass(item, BaseModel) and value:
                yield from _capped_lists(item, value[0], (*path, key, 0))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and value:
            yield from _capped_lists(annotation, value, (*path, key))


def test_every_list_of_the_case_has_a_cap() -> None:
    found = dict(_capped_lists(Case, _fixture_data(), ()))
    assert len(found) >= 15  # the walk reaches the nested lists too
    uncapped = [".".join(map(str, p)) for p, cap in found.items() if cap is None]
    assert not uncapped, f"lists without a cap (AtMost): {uncapped}"


@pytest.mark.parametrize(
    ("path", "cap"),
    [pytest.param(p, c, id=_shown(p)) for p, c in _capped_lists(Case, _fixture_data(), ())],
)
def test_a_list_over_its_cap_is_refused_naming_it(
    tmp_path: Path, path: tuple[str | int, ...], cap: int
) -> None:
    data = _fixture_data()
    # Items that are all wrong: the cap must refuse the list before a single item is read.
    _set(data, path, [{"no": "such item"}] * (cap + 1))
    file = tmp_path / "case.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    problems = validate_file(file)
    over = [p for p in problems if p.path == _shown(path)]
    assert len(over) == 1, problems[:3]
    # Refused as a whole: no item of it was read (emptied, its sources are unknown to others).
    assert not [p for p in problems if p.path.startswith(_shown(path) + "[")], problems[:3]
    problems = over
    assert f"{cap + 1:,} items" in problems[0].message
    assert f"at most {cap:,}" in problems[0].message
    # At the cap itself the list is read (its items then fail one by one, as any list's).
    _set(data, path, [{"no": "such item"}] * min(cap, 3))
    file.write_text(json.dumps(data), encoding="utf-8")
    assert all("at most" not in p.message for p in validate_file(file))


def test_the_caps_are_in_the_json_schema() -> None:
    schema = Case.model_json_schema(by_alias=True)
    assert schema["properties"]["timeline"]["maxItems"] == 2000


# --- the date sort -----------------------------------------------------------------------------


def _quadratic_sort(items: Sequence[Any], attr: str) -> list[Any]:
    """The sort as it was before issue 13 (the reference for the order)."""

    def before(a: Any, b: Any) -> bool:
        da, db = getattr(a, attr, None), getattr(b, attr, None)
        if isinstance(da, PartialDate) and isinstance(db, PartialDate):
            return da.latest < db.earliest
        return isinstance(da, PartialDate) and not isinstance(db, PartialDate)

    remaining = list(items)
    ordered: list[Any] = []
    while remaining:
        pick = next(i for i, a in enumerate(remaining) if not any(before(b, a) for b in remaining))
        ordered.append(remaining.pop(pick))
    return ordered


CLOSE_DATES = st.builds(
    lambda y, m, d, p: PartialDate(y, m if p else None, d if p == 2 else None),
    st.integers(2019, 2022),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)
WHEN = st.one_of(CLOSE_DATES, CLOSE_DATES, CLOSE_DATES, st.none(), st.just("2022"), st.just(0))


@settings(max_examples=300)
@given(st.lists(WHEN, max_size=40), st.sampled_from(["date", "added", "missing"]))
def test_the_sort_gives_the_order_of_the_quadratic_one(when: list[Any], attr: str) -> None:
    items = [SimpleNamespace(n=i, **{("date" if attr == "missing" else attr): w})
             for i, w in enumerate(when)]  # fmt: skip
    assert [x.n for x in _sorted_by_date(items, attr)] == [
        x.n for x in _quadratic_sort(items, attr)
    ]


@given(st.lists(CLOSE_DATES, min_size=1, max_size=60))
def test_the_sort_keeps_every_item_once_and_dated_ones_in_date_order(when: list[Any]) -> None:
    items = [SimpleNamespace(n=i, date=w) for i, w in enumerate(when)]
    out = _sorted_by_date(items, "date")
    assert sorted(x.n for x in out) == list(range(len(items)))
    for a, b in itertools.pairwise(out):
        assert not b.date.latest < a.date.earliest


class _Counted(PartialDate):
    """A date that counts how often a sort asks for its ends."""

    asked: typing.ClassVar[list[int]] = [0]

    @property
    def earliest(self) -> dt.date:
        self.asked[0] += 1
        return super().earliest

    @property
    def latest(self) -> dt.date:
        self.asked[0] += 1
        return super().latest


def _nested(i: int) -> PartialDate:
    return _Counted(2022, (i % 12) + 1, (i % 28) + 1) if i % 2 else _Counted(2022)


@pytest.mark.parametrize("shape", ["same year", "spread", "nested", "undated mix"])
def test_the_sort_does_linear_work_on_a_generated_large_timeline(shape: str) -> None:
    n = 3000
    shapes: dict[str, list[PartialDate | None]] = {
        "same year": [_Counted(2022) for _ in range(n)],
        "spread": [_Counted(1000 + (i * 7919) % 2000, (i % 12) + 1) for i in range(n)],
        "nested": [_nested(i) for i in range(n)],
        "undated mix": [_Counted(2022) if i % 3 else None for i in range(n)],
    }
    dates = shapes[shape]
    items = [SimpleNamespace(n=i, date=d) for i, d in enumerate(dates)]
    _Counted.asked[0] = 0
    out = _sorted_by_date(items, "date")
    # Each end of each date read once: the quadratic sort read them ~n*n times (9,000,000 here).
    assert _Counted.asked[0] <= 2 * n
    assert len(out) == n
