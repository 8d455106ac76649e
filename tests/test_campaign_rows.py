"""Recipients one row at a time: the same problems as `validate`, but good rows go through."""

from __future__ import annotations

import types
from pathlib import Path

from advocacy_docs.campaign import iter_rows
from advocacy_docs.case import load_recipients, validate_file

from .conftest import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "cases"


def test_rows_of_the_examples_are_the_loaded_recipients() -> None:
    for name in ("officials.csv", "officials.yaml"):
        path = EXAMPLES / "recipients" / name
        rows = list(iter_rows(path))
        assert all(not r.problems for r in rows)
        assert [r.recipient for r in rows] == load_recipients(path)
    lines = [r.line for r in iter_rows(EXAMPLES / "recipients" / "officials.csv")]
    assert lines[:2] == [5, 11]  # a row's first line, multi-line address cells counted


def test_problems_per_row_are_those_of_validate() -> None:
    path = FIXTURES / "recipients_bad.csv"
    rows = list(iter_rows(path))
    assert [(r.line, r.raw_id) for r in rows] == [(3, "ok-one"), (5, "Bad Id")]
    per_row = [p for r in rows for p in r.problems]
    assert sorted(per_row, key=str) == sorted(validate_file(path), key=str)
    assert all(r.recipient is None for r in rows)


def test_a_bad_row_does_not_spoil_the_others(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "id,name,country,language\n"
        "a,Alpha,GB,en\n"
        'b,"Bad"quote,GB,en\n'  # a CSV syntax error in one record
        "c,Gamma,GB,en,extra\n"  # one cell too many
        "d,Delta,XX1,en\n"  # a bad value
        "a,Again,GB,en\n"  # a duplicate id
        "e,Epsilon,GB,en\n",
        encoding="utf-8",
    )
    rows = iter_rows(path)
    assert isinstance(rows, types.GeneratorType)  # streamed, not read whole
    got = {r.line: r for r in rows}
    assert [line for line, r in got.items() if r.recipient is not None] == [2, 7]
    assert "CSV syntax error" in got[3].problems[0].message
    assert "this row has 5 cells" in got[4].problems[0].message
    assert (got[5].problems[0].path, got[5].problems[0].column) == ("country", 3)
    assert got[6].problems[0].message == "duplicate id 'a' (line 2)"


def test_yaml_items_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "schema: advocacy-docs/recipients@1\n"
        "recipients:\n"
        "  - id: ok\n"
        "    name: OK\n"
        "    country: GB\n"
        "    language: en\n"
        "  - id: bad\n"
        "    name: Bad\n"
        "    country: GB\n"
        "    langauge: en\n",
        encoding="utf-8",
    )
    ok, bad = iter_rows(path)
    assert ok.recipient is not None and ok.line == 3
    assert bad.recipient is None and bad.line == 7
    assert {(p.line, p.path) for p in bad.problems} == {
        (10, "recipients[1].langauge"),
        (7, "recipients[1].language"),
    }


def test_control_characters_in_a_streamed_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name,country,language\na,Al\x07pha,GB,en\nb,Beta,GB,en\n", encoding="utf-8")
    bad, good = iter_rows(path)
    if bad.recipient is not None:  # pragma: no cover - a source.py without the check
        return
    assert (bad.problems[0].line, bad.problems[0].path) == (2, "name")
    assert "U+0007" in bad.problems[0].message
    assert good.recipient is not None
