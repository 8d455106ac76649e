"""ECHR checks: the State's period, continuing detention, the final decision and the time limit."""

from __future__ import annotations

import datetime as dt

from advocacy_docs.case import Case
from advocacy_docs.checks import Finding, run
from tests.conftest import TODAY
from tests.test_checks_report import make_case


def one(case: Case, check: str, today: dt.date = TODAY) -> Finding:
    (found,) = run(case, "echr", today).find(check)
    return found


def test_example_russia_cut_off(case: Case) -> None:
    report = run(case, "echr", TODAY)
    juris = one(case, "temporal_jurisdiction")
    outside = {e.ref: e for e in juris.events_at("outside")}
    inside = {e.ref: e for e in juris.events_at("inside")}
    assert outside["charges[1]"].date == "2022-10-17"
    assert outside["proceedings.verdict"].date == "2023-05-23"
    assert inside["detention.since"].date == "2022-02-24"
    assert inside["charges[0]"].date == "2022-02-24"
    assert juris.date("last_day") == "2022-09-16"
    assert juris.date("starts") == "1998-05-05"
    assert [e.ref for e in juris.events_at("uncertain")] == ["timeline[2]"]  # "2022" only
    (continuing,) = report.find("continuing_situation")
    assert "began inside the period and continues after 2022-09-16" in continuing.message
    state = report.find("state")[0]
    assert {d.date for d in state.dates} == {"1998-05-05", "2022-03-16", "2022-09-16"}
    assert not report.find("unconfirmed")  # the ECHR dates used are all confirmed


def test_example_has_no_final_decision(case: Case) -> None:
    limit = one(case, "time_limit")
    assert limit.status == "unknown" and limit.days_left is None
    assert "no final domestic decision" in limit.message
    assert "four months for a decision dated on or after 2022-02-01" in limit.message
    exhaustion = one(case, "exhaustion")
    assert exhaustion.status == "warning"
    assert "not marked final" in exhaustion.message


def test_final_appeal_in_ukraine() -> None:
    case = make_case()  # UA; appeal of 2022-05-20 marked final
    assert one(case, "exhaustion").data == (("ref", "proceedings.appeals[0]"),)
    limit = one(case, "time_limit", dt.date(2022, 9, 1))
    assert limit.date("last_day") == "2022-09-20"
    assert (limit.status, limit.days_left) == ("warning", 19)
    assert limit.value("months") == 4
    passed = one(case, "time_limit")
    assert passed.status == "passed" and passed.days_left == -1529
    juris = one(case, "temporal_jurisdiction")
    assert juris.status == "ok" and not juris.events_at("outside")
    assert not run(case, "echr", TODAY).find("continuing_situation")


def test_belarus_is_not_a_party() -> None:
    case = make_case(state="BY")
    report = run(case, "echr", TODAY)
    state = report.find("state")[0]
    assert state.status == "warning"
    assert "not a Party" in state.message
    assert not report.find("temporal_jurisdiction")
    assert any("Belarus is not a Party" in n for n in report.lawyer_notes())


def test_partial_final_decision_gives_earliest_and_latest_last_days() -> None:
    case = make_case(
        proceedings={"verdict": {"date": "2023-05-23"}, "appeals": [
            {"date": "2023-10", "outcome": "upheld", "final": True}]},
    )  # fmt: skip
    limit = one(case, "time_limit", dt.date(2023, 11, 1))
    assert limit.status == "unknown"
    assert limit.date("earliest_last_day") == "2024-02-01"
    assert limit.date("latest_last_day") == "2024-02-29"  # 31 Oct 2023 + 4 months, leap year
    assert limit.days_left == 92
    assert "cannot be computed exactly" in limit.message
    assert limit.note and "find the exact date" in limit.note
    assert one(case, "time_limit", dt.date(2024, 3, 1)).status == "passed"


def test_year_only_final_decision_straddles_the_protocol_15_change() -> None:
    case = make_case(
        state="RU",
        proceedings={"verdict": {"date": "2022", "final": True}},
    )
    limit = one(case, "time_limit", dt.date(2022, 6, 1))
    assert limit.date("earliest_last_day") == "2022-07-01"  # 1 Jan 2022 + 6 months
    assert limit.date("latest_last_day") == "2023-04-30"  # 31 Dec 2022 + 4 months
    assert limit.value("months") is None
    report = run(case, "echr", dt.date(2022, 6, 1))
    (after,) = report.find("decision_after_cutoff")
    assert "may be dated after 2022-09-16" in after.message
    juris = report.find("temporal_jurisdiction")[0]
    assert {e.ref: e.position for e in juris.events}["proceedings.verdict"] == "uncertain"


def test_final_decision_after_the_russian_cut_off() -> None:
    case = make_case(
        state="RU",
        proceedings={
            "verdict": {"date": "2022-06-01"},
            "appeals": [{"date": "2022-12-05", "outcome": "upheld", "final": True}],
        },
    )
    report = run(case, "echr", dt.date(2023, 3, 1))
    (after,) = report.find("decision_after_cutoff")
    assert "is dated after 2022-09-16" in after.message
    limit = report.find("time_limit")[0]
    assert limit.date("last_day") == "2023-04-05" and limit.status == "ok"


def test_detention_that_began_after_the_cut_off_is_outside() -> None:
    case = make_case(
        state="RU",
        detention={"since": "2023-01-10"},
        charges=[],
        timeline=[],
        proceedings=None,
        status="detained",
    )
    juris = one(case, "temporal_jurisdiction")
    assert [(e.ref, e.position) for e in juris.events] == [("detention.since", "outside")]
    assert not run(case, "echr", TODAY).find("continuing_situation")
    assert "no verdict" in one(case, "exhaustion").message


def test_released_detention_that_ended_before_the_cut_off() -> None:
    case = make_case(
        state="RU",
        status="released",
        timeline=[{"date": "2022-06-30", "kind": "release", "text": "Released."}],
    )
    assert not run(case, "echr", TODAY).find("continuing_situation")
    case = make_case(state="RU", status="released", timeline=[])
    (cont,) = run(case, "echr", TODAY).find("continuing_situation")
    assert "may have continued after 2022-09-16" in cont.message


def test_pending_and_returned_appeals_are_flagged() -> None:
    pending = make_case(
        proceedings={
            "verdict": {"date": "2022-03-01", "final": True},
            "appeals": [{"date": "2022-05-01", "outcome": "pending"}],
        }
    )
    exhaustion = one(pending, "exhaustion")
    assert exhaustion.status == "warning" and "still pending" in exhaustion.message
    returned = make_case(
        proceedings={
            "verdict": {"date": "2022-03-01"},
            "appeals": [{"date": "2022-05-01", "outcome": "returned", "final": True}],
        }
    )
    assert "new trial" in one(returned, "exhaustion").message
    not_marked = make_case(
        proceedings={
            "verdict": {"date": "2022-03-01"},
            "appeals": [{"date": "2022-05-01", "outcome": "upheld"}],
        }
    )
    assert "mark it `final: true`" in one(not_marked, "exhaustion").message
    undated = make_case(
        proceedings={"verdict": {"date": "2022-03-01"}, "appeals": [
            {"outcome": "upheld", "final": True}]},
    )  # fmt: skip
    limit = one(undated, "time_limit")
    assert limit.status == "unknown" and "has no date" in limit.message


def test_article_18_alone_and_no_articles() -> None:
    alone = make_case(rights=[{"instrument": "ECHR", "article": "18", "facts": "Ulterior."}])
    assert one(alone, "rights").status == "warning"
    none = make_case(rights=[])
    assert one(none, "rights").status == "warning"
    assert one(make_case(), "rights").status == "info"


def test_a_state_without_data_is_unknown() -> None:
    report = run(make_case(state="AZ"), "echr", TODAY)
    assert report.find("state")[0].status == "unknown"
    assert not report.find("temporal_jurisdiction")
