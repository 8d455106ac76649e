"""Human Rights Committee checks: the Optional Protocol period and its denunciations,
exhaustion, the five-year rule, other procedures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from advocacy_docs.case import Case
from advocacy_docs.checks import Finding, Report, five_year_limit, run
from advocacy_docs.checks.rules import bundled_rules
from advocacy_docs.cli import main
from tests.conftest import TODAY
from tests.test_checks_report import make_case, write_case


def report(case: Case, today: dt.date = TODAY) -> Report:
    return run(case, "hrc", today)


def one(case: Case, check: str, today: dt.date = TODAY) -> Finding:
    (found,) = report(case, today).find(check)
    return found


def test_example_russia_is_bound_for_every_fact(case: Case) -> None:
    r = report(case)
    scope = r.find("temporal_scope")[0]
    assert scope.status == "ok" and scope.code == "temporal.all_inside"
    assert scope.date("starts") == "1992-01-01"
    assert all(e.position == "inside" for e in scope.events)
    state = r.find("state")[0]
    assert "continues the USSR's membership" in " ".join(d.what for d in state.dates)
    assert not r.find("unconfirmed") and not r.find("submission")
    exhaustion = r.find("exhaustion")[0]
    assert exhaustion.status == "warning" and "article 5 (2) (b)" in r.describe(exhaustion)
    five = r.find("five_years")[0]
    assert (five.status, five.code) == ("info", "five_years.provisional_running")
    assert "23 May 2028" in r.describe(five)
    rights = r.find("rights")[0]
    assert [e.article for e in rights.evidence] == ["9", "19", "22"]
    assert any(f.code == "state.reservations" for f in r.notes())


def test_ukraine_dates_are_printed_as_unconfirmed() -> None:
    r = report(make_case())
    (flag,) = r.find("unconfirmed")
    assert flag.status == "warning" and flag.code == "state.unconfirmed"
    assert "25 October 1991" in r.describe(flag)
    assert "1991-10-25  the Optional Protocol in force for Ukraine (unconfirmed)" in r.to_text()


def test_five_year_rule_from_a_final_appeal() -> None:
    case = make_case()  # final appeal of 2022-05-20
    five = one(case, "five_years")
    assert five.date("limit") == "2027-05-20"
    assert (five.status, five.days_left) == ("ok", 174)
    near = one(case, "five_years", dt.date(2027, 5, 1))
    assert (near.status, near.days_left) == ("warning", 19)
    late = one(case, "five_years", dt.date(2027, 5, 21))
    assert (late.status, late.days_left, late.code) == ("warning", -1, "five_years.passed")
    assert five_year_limit(dt.date(2024, 2, 29), bundled_rules("hrc")) == dt.date(2029, 2, 28)


def test_five_year_rule_with_a_partial_date() -> None:
    case = make_case(state="RU", proceedings={"verdict": {"date": "2021-11", "final": True}})
    five = one(case, "five_years", dt.date(2026, 11, 15))
    assert (five.status, five.code) == ("warning", "five_years.partial_running")
    assert five.param("earliest") == dt.date(2026, 11, 1)
    assert five.param("latest") == dt.date(2026, 11, 30)
    assert one(case, "five_years", dt.date(2026, 12, 1)).code == "five_years.partial_passed"


def test_belarus_denounced_the_protocol(tmp_path: Path) -> None:
    case = make_case(
        state="BY",
        person={"name": "Maryia Test", "gender": "female"},
        detention={"since": "2020-08-10"},
        proceedings={"verdict": {"date": "2023-06-01", "final": True}},
        timeline=[
            {"date": "2020-08-10", "kind": "arrest", "text": "Detained at a protest."},
            {"date": "2023-02", "kind": "transfer", "text": "Moved to a colony."},
        ],
    )
    r = report(case)
    scope = r.find("temporal_scope")[0]
    positions = {e.ref: e.position for e in scope.events}
    assert positions["timeline[0]"] == "inside"
    assert positions["timeline[1]"] == "uncertain"  # February 2023 straddles 8 February
    assert positions["proceedings.verdict"] == "outside"
    (submission,) = r.find("submission")
    assert (submission.status, submission.code) == ("barred", "submission.denounced")
    assert "took effect on 8 February 2023" in r.describe(submission)
    assert r.status == "barred"
    (cont,) = r.find("continuing_situation")
    assert "continued after 7 February 2023" in r.describe(cont)
    last = one(case, "submission", dt.date(2023, 2, 7))
    assert (last.status, last.code, last.days_left) == ("warning", "submission.denouncing", 0)
    before = one(case, "submission", dt.date(2023, 1, 30))
    assert before.days_left == 8
    path = write_case(tmp_path, state="BY")
    assert main(["check", str(path), "--for", "hrc", "--today", "2026-11-27"]) == 3


def test_states_not_party_are_barred() -> None:
    for code in ("GB", "US", "CH", "JP"):
        r = report(make_case(state=code))
        assert r.find("state")[0].code == "state.never_bound", code
        assert r.status == "barred"
        assert [f.check for f in r.items] == ["as_of", "state"]
    china = report(make_case(state="CN"))
    assert china.find("state")[0].code == "state.not_covenant_party"
    assert "not a party to the Covenant" in china.describe(china.find("state")[0])


def test_other_procedures_feed_article_5_2_a() -> None:
    case = make_case(international=[{"body": "ECHR", "date": "2023-01-10", "status": "pending"}])
    r = report(case)
    (f,) = r.find("other_procedures")
    assert (f.status, f.code) == ("warning", "other_procedures.recorded")
    assert "the European Court of Human Rights (pending, 10 January 2023)" in r.describe(f)


def test_no_covenant_articles() -> None:
    case = make_case(rights=[{"instrument": "ECHR", "article": "5", "facts": "Held."}])
    assert one(case, "rights").status == "warning"
    assert one(case, "other_procedures").status == "info"
