"""ECHR checks: the State's period, continuing detention, the final decision, provisional and
detention time limits, stale facts, other procedures. Variant cases are built in the tests, as
a lawyer would write them to test the tool."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocacy_docs.case import Case
from advocacy_docs.checks import Finding, Report, run
from advocacy_docs.cli import main
from tests.conftest import TODAY
from tests.test_checks_report import make_case, write_case


def report(case: Case, today: dt.date = TODAY) -> Report:
    return run(case, "echr", today)


def one(case: Case, check: str, today: dt.date = TODAY) -> Finding:
    (found,) = report(case, today).find(check)
    return found


def text(case: Case, check: str, today: dt.date = TODAY) -> str:
    r = report(case, today)
    (found,) = [f for f in r.find(check) if not f.code.startswith(ORDERS)]
    return r.describe(found)


ORDERS = "detention_limit.orders_missing"
"""The note every detention without recorded decisions on its orders carries (D5)."""


def end_limits(case: Case, today: dt.date = TODAY) -> list[Finding]:
    """The detention limits counted from its end (release, conviction), without the orders note."""
    return [f for f in report(case, today).find("detention_limit") if not f.code.startswith(ORDERS)]


def end_limit(case: Case, today: dt.date = TODAY) -> Finding:
    (found,) = end_limits(case, today)
    return found


# --- the example case, checked on 27 November 2026 ------------------------------------------


def test_example_gives_a_provisional_article_5_limit_that_has_passed(case: Case) -> None:
    r = report(case)
    detention = end_limit(case)
    assert detention.code == "detention_limit.conviction_passed"
    assert detention.status == "warning"  # never barred: it covers some complaints only
    assert detention.date("last_day") == "2023-09-23"
    sentence = r.describe(detention)
    assert "Article 5 § 3" in sentence and "23 May 2023" in sentence
    # The day is certain, so it "ended", never "may have passed" (M1).
    assert "ended on 23 September 2023" in sentence and "may have passed" not in sentence
    assert "appear to be out of time" in sentence
    (orders,) = [f for f in r.find("detention_limit") if f.code.startswith(ORDERS)]
    assert "Article 5 § 4" in r.describe(orders) and orders.in_notes
    (limit,) = r.find("time_limit")
    assert limit.code == "time_limit.provisional_passed" and limit.status == "warning"
    notes = " ".join(r.lawyer_notes())
    assert "not started" not in notes.lower()
    assert "23 September 2023" in notes


def test_example_warns_that_the_facts_are_from_30_may_2023(case: Case) -> None:
    r = report(case)
    (as_of,) = r.find("as_of")
    assert (as_of.status, as_of.code) == ("warning", "as_of.stale")
    assert "as of 30 May 2023" in r.describe(as_of)
    assert r.stale and r.as_of is not None and r.as_of.isoformat() == "2023-05-30"
    assert not report(case, dt.date(2023, 11, 29)).stale  # six months minus a day
    assert report(case, dt.date(2023, 12, 1)).stale


def test_example_russia_cut_off(case: Case) -> None:
    r = report(case)
    juris = one(case, "temporal_jurisdiction")
    outside = {e.ref: e for e in juris.events_at("outside")}
    inside = {e.ref: e for e in juris.events_at("inside")}
    assert outside["charges[1]"].date == "2022-10-17"
    assert outside["proceedings.verdict"].date == "2023-05-23"
    assert inside["detention.since"].date == "2022-02-24"
    assert [e.ref for e in juris.events_at("uncertain")] == ["timeline[2]"]  # "2022" only
    (continuing,) = r.find("continuing_situation")
    assert continuing.code == "continuing.crosses_end"
    assert "continued after 16 September 2022" in r.describe(continuing)
    state = r.find("state")[0]
    assert {d.date for d in state.dates} == {"1998-05-05", "2022-03-16", "2022-09-16"}
    assert not r.find("unconfirmed")  # the Russian dates used are all confirmed
    (after,) = r.find("decision_after_cutoff")
    assert after.code == "decision_after_cutoff.after"
    assert r.status == "warning"


# --- the variants of the brief --------------------------------------------------------------


def test_belarus_is_barred(tmp_path: Path) -> None:
    r = report(make_case(state="BY"))
    assert r.status == "barred"
    (state,) = r.find("state")
    assert (state.status, state.code) == ("barred", "state.never_bound")
    assert "has never been bound by the Convention" in r.describe(state)
    assert [f.check for f in r.items] == ["as_of", "state"]  # nothing else matters
    assert main(["check", str(write_case(tmp_path, state="BY")), "--for", "echr"]) == 3


def test_russia_with_every_event_after_the_cut_off_is_barred(tmp_path: Path) -> None:
    fields = {
        "state": "RU",
        "detention": {"since": "2022-10-01"},
        "charges": [{"code": "RU-CC", "article": "207.3", "summary": "x", "added": "2022-10-01"}],
        "timeline": [{"date": "2022-09-17", "kind": "search", "text": "Flat searched."}],
        "proceedings": {"verdict": {"date": "2023-03-01"}},
    }
    r = report(make_case(**fields))
    (juris,) = r.find("temporal_jurisdiction")
    assert (juris.status, juris.code) == ("barred", "temporal.all_outside")
    assert r.status == "barred" and not r.find("continuing_situation")
    path = write_case(tmp_path, **fields)
    assert main(["check", str(path), "--for", "echr", "--today", "2026-11-27"]) == 3
    # One event on 16 September 2022, the last day covered, and it is no longer barred.
    fields["timeline"] = [{"date": "2022-09-16", "kind": "search", "text": "Flat searched."}]
    r = report(make_case(**fields))
    assert r.find("temporal_jurisdiction")[0].code == "temporal.some_outside"
    assert r.status == "warning"


def test_a_release_on_1_august_2022_gives_a_last_day_of_1_december_2022_never_a_bar() -> None:
    case = make_case(
        status="released",
        detention={"since": "2021-03-10", "until": "2022-08-01"},
        proceedings=None,
    )
    r = report(case)
    release = end_limit(case)
    assert (release.status, release.code) == ("warning", "detention_limit.release_passed")
    assert release.date("last_day") == "2022-12-01"
    sentence = r.describe(release)
    assert "ended on 1 December 2022" in sentence
    # Never "out of time" for certain: a remedy for the detention may still be open (a claim
    # for compensation may open only once the criminal case ends: Demir v. Turkey, dec.).
    assert "appear to be out of time, unless an effective remedy" in sentence
    assert "or such a remedy still open" in sentence
    # A limit for some complaints only: the report is not barred, and says so (D2).
    assert r.status == "warning" and not r.bars and r.time_summary == "all_passed"
    # A release event in the timeline counts the same when `until` is not given.
    event = make_case(
        status="released",
        proceedings=None,
        timeline=[{"date": "2022-08-01", "kind": "release", "text": "Released."}],
    )
    assert end_limit(event).date("last_day") == "2022-12-01"
    # The day before the last day, it is a warning with one day left.
    early = end_limit(case, dt.date(2022, 11, 30))
    assert (early.status, early.days_left) == ("warning", 1)


def test_an_appeal_decided_but_not_marked_final_gives_a_provisional_last_day() -> None:
    case = make_case(
        proceedings={
            "verdict": {"date": "2023-05-01"},
            "appeals": [{"date": "2023-09-12", "outcome": "upheld"}],
        }
    )
    r = report(case)
    (limit,) = r.find("time_limit")
    assert limit.code == "time_limit.provisional_passed" and limit.status == "warning"
    assert limit.date("last_day") == "2024-01-12"
    sentence = r.describe(limit)
    assert (
        "If the decision on appeal delivered on 12 September 2023 is the final domestic decision"
        in sentence
    )
    # The day is certain; only its premise (that this is the final decision) is not (M1).
    assert "ended on 12 January 2024" in sentence and "may have passed" not in sentence
    (exhaustion,) = r.find("exhaustion")
    assert exhaustion.code == "exhaustion.unmarked_appeal"
    running = one(case, "time_limit", dt.date(2023, 12, 1))
    assert running.code == "time_limit.provisional_running" and running.days_left == 42


@pytest.mark.parametrize(
    ("decided", "months", "last"),
    [("2022-01-31", 6, "2022-07-31"), ("2022-02-01", 4, "2022-06-01")],
)
def test_final_decisions_on_both_sides_of_1_february_2022(
    decided: str, months: int, last: str
) -> None:
    case = make_case(proceedings={"verdict": {"date": decided, "final": True}})
    running = one(case, "time_limit", dt.date(2022, 3, 1))
    assert running.value("months") == months and running.date("last_day") == last
    assert running.status == "ok" and running.in_notes
    passed = one(case, "time_limit")
    assert (passed.status, passed.code) == ("warning", "time_limit.passed")


def test_a_year_only_final_decision_straddles_the_protocol_15_change() -> None:
    case = make_case(state="RU", proceedings={"verdict": {"date": "2022", "final": True}})
    limit = one(case, "time_limit", dt.date(2022, 5, 1))
    # A decision of 1 February 2022 has 4 months: the earliest last day is 1 June 2022, not the
    # 1 July 2022 of a decision of 1 January (D3).
    assert limit.date("earliest_last_day") == "2022-06-01"
    assert limit.date("latest_last_day") == "2023-04-30"  # 31 Dec 2022 + 4 months
    assert limit.value("months") is None
    assert limit.code == "time_limit.partial_running" and limit.status == "warning"
    assert "4 or 6 months (depending on the exact date)" in text(
        case, "time_limit", dt.date(2022, 5, 1)
    )
    middle = one(case, "time_limit", dt.date(2022, 6, 15))
    assert (middle.status, middle.code) == ("warning", "time_limit.partial_may_have_passed")
    late = one(case, "time_limit", dt.date(2023, 5, 1))
    assert (late.status, late.code) == ("warning", "time_limit.partial_passed")
    r = report(case, dt.date(2022, 6, 1))
    assert r.find("decision_after_cutoff")[0].code == "decision_after_cutoff.may_be_after"
    juris = r.find("temporal_jurisdiction")[0]
    assert {e.ref: e.position for e in juris.events}["proceedings.verdict"] == "uncertain"


def test_a_month_only_release_gives_the_earliest_last_day_and_may_have_passed() -> None:
    case = make_case(
        status="released", proceedings=None, detention={"since": "2021-03-10", "until": "2022-08"}
    )
    first = end_limit(case, dt.date(2022, 11, 20))
    assert first.code == "detention_limit.release_earliest_running"
    assert first.date("earliest_last_day") == "2022-12-01"
    may = end_limit(case, dt.date(2022, 12, 15))
    assert (may.status, may.code) == ("warning", "detention_limit.release_earliest_passed")
    assert "may have passed" in text(case, "detention_limit", dt.date(2022, 12, 15))
    gone = end_limit(case, dt.date(2023, 1, 1))
    assert (gone.status, gone.code) == ("warning", "detention_limit.release_latest_passed")


def test_detention_since_september_2022_in_russia_is_uncertain_never_inside() -> None:
    case = make_case(
        state="RU", status="detained", detention={"since": "2022-09"},
        charges=[], timeline=[], proceedings=None,
    )  # fmt: skip
    r = report(case)
    juris = r.find("temporal_jurisdiction")[0]
    assert [(e.ref, e.position) for e in juris.events] == [("detention.since", "uncertain")]
    (cont,) = r.find("continuing_situation")
    assert cont.code == "continuing.straddles"
    assert "began inside" not in r.to_text()
    assert "does not say whether before or after 16 September 2022" in r.describe(cont)
    assert r.status == "warning"


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
    assert juris.status == "barred"
    assert not report(case).find("continuing_situation")
    assert end_limit(case).code == "detention_limit.continuing"


def test_released_detention_before_and_after_the_cut_off() -> None:
    before = make_case(
        state="RU",
        status="released",
        timeline=[{"date": "2022-06-30", "kind": "release", "text": "Released."}],
    )
    assert not report(before).find("continuing_situation")
    undated = make_case(state="RU", status="released", timeline=[])
    (cont,) = report(undated).find("continuing_situation")
    assert cont.code == "continuing.may_cross_end"
    codes = [f.code for f in end_limits(undated)]
    assert codes == ["detention_limit.release_undated", "detention_limit.conviction_passed"]


def test_stale_facts_make_a_continuing_detention_only_possibly_cross() -> None:
    # Facts as of June 2022: the detention is known to last until then, not beyond.
    case = make_case(
        state="RU", status="detained", as_of="2022-06-01", detention={"since": "2022-03-01"},
        charges=[], timeline=[], proceedings=None,
    )  # fmt: skip
    (cont,) = report(case).find("continuing_situation")
    assert cont.code == "continuing.may_cross_end"
    assert one(case, "as_of").code == "as_of.stale"
    fresh = one(case, "as_of", dt.date(2022, 8, 1))
    assert (fresh.status, fresh.code) == ("ok", "as_of.current")
    assert one(make_case(), "as_of").code == "as_of.missing"


def test_pending_and_returned_appeals_are_flagged() -> None:
    pending = make_case(
        proceedings={
            "verdict": {"date": "2022-03-01", "final": True},
            "appeals": [{"date": "2022-05-01", "outcome": "pending"}],
        }
    )
    exhaustion = one(pending, "exhaustion")
    assert (exhaustion.status, exhaustion.code) == ("warning", "exhaustion.pending_after_final")
    returned = make_case(
        proceedings={
            "verdict": {"date": "2022-03-01"},
            "appeals": [{"date": "2022-05-01", "outcome": "returned", "final": True}],
        }
    )
    assert "new trial" in text(returned, "exhaustion")
    undated = make_case(
        proceedings={"verdict": {"date": "2022-03-01"}, "appeals": [
            {"outcome": "upheld", "final": True}]},
    )  # fmt: skip
    limit = one(undated, "time_limit")
    assert (limit.status, limit.code) == ("unknown", "time_limit.undated")


def test_no_decision_at_all_never_says_not_started() -> None:
    case = make_case(proceedings=None, detention=None, status="charged")
    r = report(case)
    (limit,) = r.find("time_limit")
    assert (limit.status, limit.code) == ("unknown", "time_limit.no_decision")
    sentence = r.describe(limit)
    assert "4 months" in sentence and "6 months" in sentence and "1 February 2022" in sentence
    assert "not started" not in r.to_text().lower()


def test_other_procedures_from_the_case_file() -> None:
    none = report(make_case())
    (f,) = none.find("other_procedures")
    assert (f.status, f.in_notes) == ("info", True)
    assert "Article 35 § 2 (b)" in none.describe(f)
    wgad = make_case(
        international=[
            {"body": "WGAD", "date": "2024-02-01", "reference": "UA 12/2024", "status": "pending"}
        ]
    )
    r = report(wgad)
    (f,) = r.find("other_procedures")
    assert (f.status, f.code) == ("warning", "other_procedures.recorded")
    assert (
        "the UN Working Group on Arbitrary Detention (pending, 1 February 2024, UA 12/2024)"
        in r.describe(f)
    )
    itself = make_case(international=[{"body": "ECHR", "status": "decided"}])
    assert one(itself, "other_procedures").code == "other_procedures.same_body"


def test_article_18_alone_and_no_articles() -> None:
    alone = make_case(rights=[{"instrument": "ECHR", "article": "18", "facts": "Ulterior."}])
    assert one(alone, "rights").status == "warning"
    none = make_case(rights=[])
    assert one(none, "rights").status == "warning"
    assert one(make_case(), "rights").status == "info"


def test_a_state_not_listed_has_never_been_bound() -> None:
    r = report(make_case(state="US"))
    assert r.find("state")[0].code == "state.never_bound" and r.status == "barred"


def test_a_member_whose_first_day_is_not_established() -> None:
    r = report(make_case(state="CY"))
    assert r.find("state")[0].code == "state.bound_dates_unknown"
    assert r.find("unconfirmed")[0].code == "state.unknown_boundary"
    juris = r.find("temporal_jurisdiction")[0]
    assert {e.position for e in juris.events} == {"uncertain"}
    assert juris.status == "warning"  # not known is never barred
    assert not r.bars  # nor is a time limit (the final appeal of May 2022)
    assert "time_limit.passed" in [f.code for f in r.deadlines_in("passed")]
