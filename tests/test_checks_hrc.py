"""Human Rights Committee checks: the Optional Protocol period, exhaustion, the five-year rule."""

from __future__ import annotations

import datetime as dt

from advocacy_docs.case import Case
from advocacy_docs.checks import Finding, five_year_limit, run
from advocacy_docs.checks.rules import bundled_rules
from tests.conftest import TODAY
from tests.test_checks_report import make_case


def one(case: Case, check: str, today: dt.date = TODAY) -> Finding:
    (found,) = run(case, "hrc", today).find(check)
    return found


def test_example_russia_is_bound_for_every_fact(case: Case) -> None:
    report = run(case, "hrc", TODAY)
    scope = report.find("temporal_scope")[0]
    assert scope.status == "ok"
    assert scope.date("starts") == "1992-01-01"
    assert all(e.position == "inside" for e in scope.events)
    state = report.find("state")[0]
    assert "continues the USSR's membership" in " ".join(d.what for d in state.dates)
    assert not report.find("unconfirmed") and not report.find("submission")
    exhaustion = report.find("exhaustion")[0]
    assert exhaustion.status == "warning" and "article 5(2)(b)" in exhaustion.message
    five = report.find("five_years")[0]
    assert five.status == "info" and five.days_left is None
    rights = report.find("rights")[0]
    assert [e.article for e in rights.evidence] == ["9", "19", "22"]
    assert (
        rights.evidence[1].text == "Prosecuted and sentenced to 14 years for posts on social media."
    )


def test_ukraine_dates_are_printed_as_unconfirmed() -> None:
    report = run(make_case(), "hrc", TODAY)
    (flag,) = report.find("unconfirmed")
    assert flag.status == "warning"
    assert "1991-10-25" in flag.message
    text = report.to_text()
    assert "1991-10-25  the Optional Protocol in force for Ukraine (unconfirmed)" in text
    scope = report.find("temporal_scope")[0]
    assert scope.status == "warning" and "Unconfirmed boundary date: 1991-10-25" in scope.message
    assert any("1991-10-25" in n and "unconfirmed" in n for n in report.lawyer_notes())


def test_five_year_rule_from_a_final_appeal() -> None:
    case = make_case()  # final appeal of 2022-05-20
    five = one(case, "five_years")
    assert five.date("limit") == "2027-05-20"
    assert (five.status, five.days_left) == ("ok", 174)
    assert "may be an abuse of the right of submission" in five.message
    near = one(case, "five_years", dt.date(2027, 5, 1))
    assert (near.status, near.days_left) == ("warning", 19)
    late = one(case, "five_years", dt.date(2027, 5, 21))
    assert (late.status, late.days_left) == ("passed", -1)
    assert late.note and "explain the delay" in late.note
    assert five_year_limit(dt.date(2024, 2, 29), bundled_rules("hrc")) == dt.date(2029, 2, 28)


def test_five_year_rule_with_a_partial_date() -> None:
    case = make_case(
        state="RU",
        proceedings={"verdict": {"date": "2021-11", "final": True}},
    )
    five = one(case, "five_years", dt.date(2026, 11, 15))
    assert five.status == "unknown"
    assert (five.date("earliest_limit"), five.date("latest_limit")) == ("2026-11-01", "2026-11-30")
    assert one(case, "five_years", dt.date(2026, 12, 1)).status == "passed"


def test_belarus_denounced_the_protocol() -> None:
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
    report = run(case, "hrc", TODAY)
    scope = report.find("temporal_scope")[0]
    positions = {e.ref: e.position for e in scope.events}
    assert positions["timeline[0]"] == "inside"
    assert positions["timeline[1]"] == "uncertain"  # February 2023 straddles 8 February
    assert positions["proceedings.verdict"] == "outside"
    assert scope.date("ends") == "2023-02-08"
    (submission,) = report.find("submission")
    assert submission.status == "warning"
    assert "not received" in submission.message
    (cont,) = report.find("continuing_situation")
    assert "continues after 2023-02-07" in cont.message
    before = run(case, "hrc", dt.date(2023, 1, 30)).find("submission")[0]
    assert before.days_left == 8 and "submit before that day" in before.message


def test_no_covenant_articles() -> None:
    case = make_case(rights=[{"instrument": "ECHR", "article": "5", "facts": "Held."}])
    assert one(case, "rights").status == "warning"
    assert one(case, "other_procedures").status == "info"
