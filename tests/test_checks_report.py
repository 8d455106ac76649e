"""The check report: the CLI and its exit codes, the JSON structure, the lawyer's notes, the
rules data, and the words it never uses. ``make_case`` builds the synthetic cases the other
check tests use."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from advocacy_docs.case import Case
from advocacy_docs.checks import BODIES, REPORT_SCHEMA, load_rules, run
from advocacy_docs.checks.rules import DATA_DIR, bundled_rules
from advocacy_docs.cli import main
from advocacy_docs.errors import InputError
from tests.conftest import CASE_FILE, ROOT, TODAY

FIXTURES = ROOT / "tests" / "fixtures"


def make_case(**fields: Any) -> Case:
    """A small valid case; keyword arguments replace top-level fields of the case file."""
    data: dict[str, Any] = {
        "schema": "advocacy-docs/case@1",
        "id": "synthetic",
        "language": "en",
        "person": {"name": "Olena Testenko", "gender": "female", "born": 1980},
        "status": "sentenced",
        "state": "UA",
        "detention": {"since": "2021-03-10"},
        "charges": [{"code": "UA-CC", "article": "111", "summary": "treason", "added": "2021-03"}],
        "proceedings": {
            "court": "Regional Court",
            "verdict": {"date": "2022-01-15", "final": False},
            "appeals": [{"date": "2022-05-20", "outcome": "upheld", "final": True}],
        },
        "timeline": [{"date": "2021-03-10", "kind": "arrest", "text": "Arrested at home."}],
        "rights": [
            {"instrument": "ICCPR", "article": "14", "facts": "Convicted after a closed trial."},
            {"instrument": "ECHR", "article": "6", "facts": "Her lawyer was kept out."},
        ],
    }
    data.update(fields)
    return Case.model_validate(data)


def write_case(tmp_path: Path, name: str = "case.json", **fields: Any) -> Path:
    """``make_case``'s data as a case file, for the command line."""
    case = make_case(**fields)
    path = tmp_path / name
    path.write_text(json.dumps(case.model_dump(mode="json", by_alias=True)), encoding="utf-8")
    return path


def synthetic_cases() -> dict[str, Case]:
    """A spread of cases: States, final decisions, partial dates, releases, empty files."""
    return {
        "ua-final-appeal": make_case(as_of="2026-10-01"),
        "by-female": make_case(
            state="BY",
            proceedings={"verdict": {"date": "2023-06-01", "final": True}},
            timeline=[{"date": "2022-12", "kind": "other", "text": "Moved to a colony."}],
        ),
        "ru-partial-final": make_case(
            state="RU",
            person={"name": "Anna Probna", "gender": "female"},
            proceedings={
                "verdict": {"date": "2022-05-03"},
                "appeals": [{"date": "2022", "outcome": "reduced", "final": True}],
            },
        ),
        "ru-detained-only": make_case(
            state="RU",
            status="detained",
            proceedings=None,
            charges=[],
            rights=[],
            timeline=[],
            detention={"since": "2023-01"},
        ),
        "unlisted-state": make_case(state="QA", rights=[], recognitions=[]),
        "future-dates": make_case(
            as_of="2027-03-01",
            proceedings={
                "verdict": {"date": "2026-10-01"},
                "appeals": [{"date": "2027-02-01", "outcome": "upheld", "final": True}],
            },
        ),
        "release-event-only": make_case(
            timeline=[{"date": "2023-03-02", "kind": "release", "text": "Pardoned."}],
            detention={
                "since": "2021-03-10",
                "decisions": [{"date": "2021-04", "text": "Detention order upheld on appeal."}],
            },
        ),
        "by-hrc-submitted": make_case(
            state="BY",
            international=[
                {"body": "HRC", "date": "2023-02", "status": "pending"},
                {"body": "ECHR", "date": "2020-01-10", "status": "decided"},
            ],
        ),
        "appeal-pending": make_case(
            as_of="2022-06-01",
            proceedings={"verdict": {"date": "2022-04"}, "appeals": [{"outcome": "pending"}]},
        ),
        "released": make_case(
            state="RU",
            status="released",
            timeline=[{"date": "2023-02-01", "kind": "release", "text": "Released."}],
        ),
        "released-until": make_case(
            status="released",
            detention={"since": "2021-03-10", "until": "2022-08"},
            international=[{"body": "WGAD", "date": "2024-02-01", "status": "pending"}],
        ),
        "no-proceedings": make_case(proceedings=None, charges=[], timeline=[], rights=[]),
    }


def test_example_echr_text_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CASE_FILE), "--for", "echr", "--today", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()

    def row(ref: str) -> str:
        found = [ln for ln in lines if ln.split()[2:3] == [ref]]
        assert len(found) == 1, (ref, found)
        return found[0].split()[0]

    assert row("charges[1]") == "outside"  # the 17 Oct 2022 charge
    assert row("proceedings.verdict") == "outside"  # the 23 May 2023 verdict
    assert row("detention.since") == "inside"  # the detention of 24 Feb 2022
    assert row("charges[0]") == "inside"
    charge = next(ln for ln in lines if " charges[1] " in ln)
    assert "2022-10-17" in charge and "205.5" in charge
    assert "began inside, continued after 2022-09-16" in out
    assert "Overall: warning." in out
    assert "Notes for the lawyer" in out
    assert max(len(ln) for ln in lines) <= 100


def test_example_echr_json_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", str(CASE_FILE), "--for", "echr", "--today", "2026-11-27", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == REPORT_SCHEMA == "advocacy-docs/check@2"
    assert (data["for"], data["today"], data["case"]) == ("echr", "2026-11-27", "khamroev-bakhrom")
    assert (data["as_of"], data["status"]) == ("2023-05-30", "warning")
    (juris,) = [i for i in data["items"] if i["check"] == "temporal_jurisdiction"]
    assert juris["status"] == "warning" and juris["code"] == "temporal.some_outside"
    by_ref = {e["ref"]: e for e in juris["events"]}
    assert by_ref["charges[1]"]["position"] == "outside"
    assert by_ref["proceedings.verdict"]["date"] == "2023-05-23"
    assert by_ref["detention.since"]["position"] == "inside"
    # The designation is dated only "2022": it straddles the cut-off.
    designation = [e for e in juris["events"] if e["label"].startswith("designation")]
    assert designation[0]["position"] == "uncertain"
    (limit,) = [i for i in data["items"] if i["check"] == "time_limit"]
    assert limit["code"] == "time_limit.provisional_passed"
    assert limit["params"]["last"] == "2023-09-23" and limit["params"]["months"] == 4
    assert limit["params"]["decision"] == {"kind": "verdict", "date": "2023-05-23"}
    assert "23 September 2023" in limit["message"] and limit["in_notes"] is True


def test_json_items_always_have_every_key() -> None:
    keys = {
        "check", "status", "code", "params", "message", "in_notes", "dates", "days_left",
        "events", "evidence", "category", "support", "data", "window",
    }  # fmt: skip
    top = {"schema", "for", "today", "case", "state", "as_of", "status", "time_limits", "items"}
    for case in synthetic_cases().values():
        for body in BODIES:
            data = run(case, body, TODAY).to_json()
            assert set(data) == top
            for item in data["items"]:
                assert set(item) == keys
                assert item["status"] in {"ok", "info", "warning", "unknown", "barred"}
            worst = {"barred": 4, "warning": 3, "unknown": 2, "info": 1, "ok": 0}
            assert data["status"] == max((i["status"] for i in data["items"]), key=worst.get)
            assert data["time_limits"] in {"none", "running", "some_passed", "all_passed"}
            for item in data["items"]:
                # A computed last day is always in the notes; a bar is never a time limit.
                if item["window"] is not None:
                    assert item["in_notes"] and item["status"] != "barred", item["code"]
            json.dumps(data)  # serialisable as it is


def _all_outputs() -> list[tuple[str, str]]:
    from advocacy_docs import load_case

    cases = {"example": load_case(CASE_FILE), **synthetic_cases()}
    out = []
    for name, case in cases.items():
        for body in BODIES:
            for today in (dt.date(2022, 3, 1), dt.date(2023, 9, 1), TODAY):
                report = run(case, body, today)
                out.append((f"{name}/{body}/{today}", report.to_text()))
                out.append((f"{name}/{body}/{today}/json", json.dumps(report.to_json())))
                out.append((f"{name}/{body}/{today}/notes", " ".join(report.lawyer_notes())))
    return out


def test_the_report_never_says_admissible_nor_has_not_started() -> None:
    outputs = _all_outputs()
    assert len(outputs) >= 9 * 3 * 3 * 3
    for where, text in outputs:
        assert "admissib" not in text.lower(), where
        assert "not started" not in text.lower(), where
        assert "checks/data" not in text and ".toml" not in text, where


def test_lawyer_notes_are_one_sentence_per_point_worst_first() -> None:
    from advocacy_docs import load_case

    report = run(load_case(CASE_FILE), "echr", TODAY)
    notes = report.lawyer_notes()
    chosen = [f for f in report.items if f.in_notes]
    assert len(notes) == len(chosen) >= 5
    for note in notes:
        assert note[0].isupper() and note.endswith(".")
        assert "\n" not in note
    assert any("16 September 2022" in n for n in notes)
    released = run(synthetic_cases()["released-until"], "echr", TODAY)
    # Time limits that have passed are warnings for the complaints they cover, never a bar.
    assert released.status == "warning" and not released.bars
    belarus = run(synthetic_cases()["by-female"], "echr", TODAY)
    assert belarus.notes()[0].status == "barred"  # the bar comes first
    assert belarus.bar_notes()[0] == belarus.lawyer_notes()[0]


def test_check_exits_3_when_barred(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    belarus = write_case(tmp_path, "by.json", state="BY")
    for body in ("echr", "hrc"):
        assert main(["check", str(belarus), "--for", body, "--today", "2026-11-27"]) == 3
        assert "Overall: barred" in capsys.readouterr().out
        args = ["check", str(belarus), "--for", body, "--today", "2026-11-27", "--json"]
        assert main(args) == 3
        assert json.loads(capsys.readouterr().out)["status"] == "barred"
    # Before the denunciation took effect a communication could still be submitted.
    assert main(["check", str(belarus), "--for", "hrc", "--today", "2023-02-07"]) == 0
    assert main(["check", str(belarus), "--for", "wgad", "--today", "2026-11-27"]) == 0


def test_bad_case_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIXTURES / "cases" / "four-mistakes.yaml"
    assert main(["check", str(bad), "--for", "echr"]) == 2
    err = capsys.readouterr().err
    assert "four-mistakes.yaml" in err and "Traceback" not in err


def test_missing_case_file_and_bad_date_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope.yaml"), "--for", "hrc"]) == 2
    assert main(["check", str(CASE_FILE), "--for", "hrc", "--today", "27.11.2026"]) == 2
    assert "--today" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["check", str(CASE_FILE), "--for", "icc"])
    assert exc.value.code == 2


def test_help_names_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "3 barred" in text and "check@2" in text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "3 `check` found something" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("body", BODIES)
def test_every_body_through_the_cli(body: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CASE_FILE), "--for", body, "--today", "2026-11-27"]) == 0
    assert "khamroev-bakhrom" in capsys.readouterr().out


# --- the rules data ------------------------------------------------------------------------


def test_bundled_rules_are_valid_and_inside_the_package() -> None:
    package = Path(__file__).resolve().parents[1] / "advocacy_docs"
    assert DATA_DIR.parent.parent == package  # shipped in the wheel with the package
    for body in BODIES:
        rules = bundled_rules(body)
        assert rules.body == body


def test_every_date_says_whether_it_is_confirmed_and_where_it_comes_from() -> None:
    for body in BODIES:
        raw = tomllib.loads((DATA_DIR / f"{body}.toml").read_text(encoding="utf-8"))
        for code, state in raw.get("states", {}).items():
            for d in state.get("dates", []):
                assert "confirmed" in d, (body, code, d)
                assert d.get("source"), (body, code, d)
            for u in state.get("unknown", []):
                assert u.get("what"), (body, code, u)


def test_the_data_holds_the_dates_of_the_brief() -> None:
    echr = bundled_rules("echr").states
    assert echr["RU"].first_day is not None
    assert echr["RU"].first_day.date == dt.date(1998, 5, 5)
    assert echr["RU"].last_day == dt.date(2022, 9, 16)
    assert any(d.date == dt.date(2022, 3, 16) for d in echr["RU"].dates)
    assert echr["UA"].first_day is not None
    assert echr["UA"].first_day.date == dt.date(1997, 9, 11)
    assert echr["BY"].never_bound
    hrc = bundled_rules("hrc").states
    assert hrc["RU"].first_day is not None and hrc["RU"].first_day.date == dt.date(1992, 1, 1)
    assert hrc["UA"].first_day is not None and hrc["UA"].first_day.date == dt.date(1991, 10, 25)
    assert hrc["BY"].last_day == dt.date(2023, 2, 7)  # denunciation effective 8 Feb 2023


def test_a_rules_file_overrides_one_state(tmp_path: Path) -> None:
    rules_file = tmp_path / "hrc.toml"
    rules_file.write_text(
        """
        [states.UA]
        name = "Ukraine"
        [[states.UA.dates]]
        date = 1991-10-25
        role = "starts"
        what = "in force for Ukraine"
        source = "checked by our lawyer"
        confirmed = true
        """,
        encoding="utf-8",
    )
    rules = load_rules("hrc", rules_file)
    assert rules.states["UA"].unconfirmed == ()
    assert "RU" in rules.states and "BY" in rules.states  # the others are kept
    report = run(make_case(), "hrc", TODAY, rules=rules)
    assert not report.find("unconfirmed")
    bundled = run(make_case(), "hrc", TODAY)
    assert bundled.find("unconfirmed")


def test_a_rules_file_of_the_first_schema_still_loads(tmp_path: Path) -> None:
    old = tmp_path / "echr.toml"
    old.write_text(
        """
        schema = "advocacy-docs/check-rules@1"
        body = "echr"
        name = "European Court of Human Rights"

        [states.AZ]
        name = "Azerbaijan"
        party = true

        [[states.AZ.dates]]
        date = 2002-04-16
        role = "starts"
        what = "in force (our reading)"
        source = "our own check"
        confirmed = true
        """,
        encoding="utf-8",
    )
    rules = load_rules("echr", old)
    assert rules.schema_ == "advocacy-docs/check-rules@1"
    assert rules.states["AZ"].first_day is not None
    assert rules.states["AZ"].first_day.date == dt.date(2002, 4, 16)
    assert rules.states["RU"].last_day == dt.date(2022, 9, 16)  # the bundled States are kept
    case = make_case(state="AZ", timeline=[], charges=[], detention={"since": "2002-04-15"})
    report = run(case, "echr", TODAY, rules=rules)
    (juris,) = report.find("temporal_jurisdiction")
    assert {e.ref: e.position for e in juris.events}["detention.since"] == "outside"


def test_a_broken_rules_file_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "echr.toml"
    bad.write_text('[states.RU]\nname = "Russia"\ndates = [{date = 2022-09-16, role = "x"}]\n')
    with pytest.raises(InputError, match=r"echr\.toml"):
        load_rules("echr", bad)
    assert main(["check", str(CASE_FILE), "--for", "echr", "--rules", str(bad)]) == 2
    twice = tmp_path / "twice.toml"
    twice.write_text(
        '[states.XY]\nname = "X"\ndates = [{date = 2000-01-01, role = "starts", what = "a"},'
        ' {date = 2001-01-01, role = "starts", what = "b"}]\n'
    )
    with pytest.raises(InputError, match="alternate"):
        load_rules("echr", twice)
    wrong_body = tmp_path / "wgad.toml"
    wrong_body.write_text('body = "wgad"\n')
    with pytest.raises(InputError, match="not for 'echr'"):
        load_rules("echr", wrong_body)
    not_toml = tmp_path / "x.toml"
    not_toml.write_text("[[[")
    with pytest.raises(InputError, match="TOML"):
        load_rules("hrc", not_toml)
    assert "Traceback" not in capsys.readouterr().err
