"""The legal review of the drafts and of `check` (30 findings): each rule that produced a finding,
tested over generated variants rather than over the one example the reviewer gave. The variant
cases follow the reviewer's own (a copy of a base case with a few fields changed); the findings'
names (D1, D2, …) are the review's."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_docs.case import Case
from advocacy_docs.case.types import PartialDate
from advocacy_docs.checks import Report, echr_time_limit, run
from advocacy_docs.checks.deadlines import window
from advocacy_docs.checks.report import DEADLINE_CHECKS
from advocacy_docs.checks.rules import bundled_rules
from tests.conftest import TODAY
from tests.test_checks_report import make_case

D = dt.date
ECHR = bundled_rules("echr")
SWITCH = D(2022, 2, 1)


def final_on(day: str, **more: Any) -> Case:
    """A case whose appeal decision of ``day`` is marked final."""
    appeal = {"date": day, "outcome": "upheld", "final": True}
    return make_case(proceedings={"verdict": {"date": "2021-06-01"}, "appeals": [appeal]}, **more)


def days_of(when: PartialDate) -> list[dt.date]:
    span = (when.latest - when.earliest).days
    return [when.earliest + dt.timedelta(days=i) for i in range(span + 1)]


partial_dates = st.builds(
    PartialDate,
    st.integers(2019, 2025),
    st.one_of(st.none(), st.integers(1, 12)),
).map(lambda p: p if p.month is not None else PartialDate(p.year))


# --- D3: a partial date that straddles 1 February 2022 -------------------------------------


@settings(max_examples=150, deadline=None, database=None)
@given(partial_dates)
def test_the_window_is_the_least_and_the_greatest_last_day_of_every_day_it_may_mean(
    when: PartialDate,
) -> None:
    w = window(when, ECHR)
    limits = [echr_time_limit(day, ECHR) for day in days_of(when)]
    assert w.earliest == min(last for last, _ in limits)
    assert w.latest == max(last for last, _ in limits)
    assert set(w.periods) == {months for _, months in limits}
    assert (len(w.periods) == 2) == (when.earliest < SWITCH <= when.latest)


@pytest.mark.parametrize(
    ("when", "earliest", "latest"),
    [
        ("2022", D(2022, 6, 1), D(2023, 4, 30)),  # 1 Feb 2022 + 4 months, not 1 Jan + 6
        ("2022-01", D(2022, 7, 1), D(2022, 7, 31)),  # wholly before: 6 months
        ("2022-02", D(2022, 6, 1), D(2022, 6, 28)),  # wholly after: 4 months
        ("2021", D(2021, 7, 1), D(2022, 6, 30)),
    ],
)
def test_the_reviewers_straddling_dates(when: str, earliest: dt.date, latest: dt.date) -> None:
    w = window(PartialDate.parse(when), ECHR)
    assert (w.earliest, w.latest) == (earliest, latest)


@pytest.mark.parametrize("check", ["time_limit", "detention_limit"])
def test_a_year_only_decision_of_2022_may_already_be_out_of_time_on_15_june_2022(
    check: str,
) -> None:
    # v03 (final decision "2022") and v27 (conviction "2022"), checked on 15 June 2022.
    if check == "time_limit":
        case = final_on("2022")
    else:
        case = make_case(
            proceedings={"verdict": {"date": "2022"}, "appeals": [
                {"date": "2022-06-01", "outcome": "upheld"}]},
        )  # fmt: skip
    report = run(case, "echr", D(2022, 6, 15))
    (found,) = [f for f in report.find(check) if f.window and f.window[1] == D(2023, 4, 30)]
    assert found.window == (D(2022, 6, 1), D(2023, 4, 30))
    assert found.deadline_state(D(2022, 6, 15)) == "may_have_passed"
    sentence = report.describe(found)
    assert "1 June 2022" in sentence and "4 or 6 months (depending on the exact date)" in sentence
    assert "1 July 2022" not in sentence


# --- D1: every computed last day reaches the notes, whatever the days left -----------------


@settings(max_examples=120, deadline=None, database=None)
@given(
    decided=st.dates(D(2019, 1, 1), D(2026, 11, 1)),
    ahead=st.integers(-400, 400),
    body=st.sampled_from(["echr", "hrc"]),
)
def test_every_computed_last_day_is_in_the_notes(decided: dt.date, ahead: int, body: str) -> None:
    case = final_on(decided.isoformat(), detention={"since": "2018-03-10", "until": "2019-01-05"})
    today = decided + dt.timedelta(days=120 + ahead)
    report = run(case, body, today)
    notes = report.lawyer_notes()
    deadlines = report.deadlines
    assert deadlines  # the final decision gives one at least
    for f in deadlines:
        assert f.in_notes and report.describe(f) in notes
        assert f.status != "barred"
    listed = report.deadline_notes()
    assert sum(len(v) for v in listed.values()) == len(deadlines)


# --- D2, O1: "barred" only for what prevents examination of the whole application ----------


@settings(max_examples=120, deadline=None, database=None)
@given(
    state=st.sampled_from(["AZ", "RU", "BY", "GB", "US", "TR", "UA"]),
    decided=st.dates(D(2015, 1, 1), D(2026, 6, 1)),
    released=st.one_of(st.none(), st.dates(D(2015, 1, 1), D(2026, 6, 1))),
    today=st.dates(D(2016, 1, 1), D(2028, 1, 1)),
    body=st.sampled_from(["echr", "hrc", "wgad"]),
)
def test_a_bar_never_comes_from_a_time_limit(
    state: str, decided: dt.date, released: dt.date | None, today: dt.date, body: str
) -> None:
    detention: dict[str, Any] = {"since": "2014-05-01"}
    if released is not None:
        detention["until"] = released.isoformat()
    case = final_on(
        decided.isoformat(), state=state, detention=detention,
        status="released" if released else "sentenced",
    )  # fmt: skip
    report = run(case, body, today)
    for f in report.bars:
        assert f.check in {"state", "temporal_jurisdiction", "temporal_scope", "submission"}
        assert f.check not in DEADLINE_CHECKS or f.code == "submission.denounced"
    if report.status == "barred":
        assert report.bars
    summary = report.time_summary
    states = {f.deadline_state(today) for f in report.deadlines}
    assert (summary == "some_passed") == ("running" in states and len(states) > 1)


def test_released_on_10_september_2026_some_complaints_only_are_out_of_time() -> None:
    # v07: the principal limit passed on 8 February 2025, the detention's runs to 10 January 2027.
    case = final_on(
        "2024-10-08", status="released", detention={"since": "2023-03", "until": "2026-09-10"}
    )
    report = run(case, "echr", TODAY)
    assert report.status == "warning" and not report.bars
    assert report.time_summary == "some_passed"
    running = report.deadline_notes()["running"]
    assert any("10 January 2027 (44 days left)" in n for n in running)
    assert "Time limits: some have passed" in report.to_text()


# --- D4: rule 99 (c), three years from the end of another international procedure -----------


@pytest.mark.parametrize(
    ("procedure", "code", "limit"),
    [
        ({"date": "2022-11-01", "decided": "2023-06-15"}, "other_years.passed", D(2026, 6, 15)),
        ({"date": "2023-06-15"}, "other_years.undated_passed", D(2026, 6, 15)),
        (
            {"date": "2022-11-01", "decided": "2024-06"},
            "other_years.partial_running",
            D(2027, 6, 1),
        ),
        ({"decided": "2025-01-20"}, "other_years.running", D(2028, 1, 20)),
        ({}, "other_years.undated", None),
    ],
)
def test_three_years_after_another_procedure_ended(
    procedure: dict[str, str], code: str, limit: dt.date | None
) -> None:
    case = final_on(
        "2022-10-08", international=[{"body": "ECHR", "status": "decided", **procedure}]
    )
    report = run(case, "hrc", TODAY)
    (found,) = report.find("other_procedure_years")
    assert found.code == code
    if limit is not None:
        assert found.window is not None and found.window[0] == limit
        assert found.in_notes
    assert "rule 99 (c)" in report.describe(found)
    # The five-year rule from the final domestic decision is computed beside it.
    (five,) = report.find("five_years")
    assert five.date("limit") == "2027-10-08"


def test_a_pending_or_own_procedure_starts_no_three_year_period() -> None:
    for body, status in (("ECHR", "pending"), ("HRC", "decided"), ("WGAD", "withdrawn")):
        case = final_on("2022-10-08", international=[
            {"body": body, "status": status, "date": "2020-01-01"}])  # fmt: skip
        assert not run(case, "hrc", TODAY).find("other_procedure_years"), (body, status)


# --- D5: complaints about one detention order run from the final decision on it --------------


def test_each_recorded_decision_on_a_detention_order_has_its_own_time_limit() -> None:
    decisions = [
        {"date": "2022-05-10", "text": "Extension upheld on appeal."},
        {"date": "2022-11", "text": "Second extension upheld."},
        {"date": "2023-01-10", "final": False, "text": "Appeal lodged."},
    ]
    case = make_case(detention={"since": "2022-03-01", "decisions": decisions})
    report = run(case, "echr", D(2023, 3, 2))
    orders = [
        f for f in report.find("detention_limit") if f.code.startswith("detention_limit.order")
    ]
    assert [f.value("ref") for f in orders] == ["detention.decisions[0]", "detention.decisions[1]"]
    assert orders[0].code == "detention_limit.order_passed"
    assert orders[0].window == (D(2022, 9, 10), D(2022, 9, 10))
    assert orders[1].code == "detention_limit.order_may_have_passed"
    assert orders[1].window == (D(2023, 3, 1), D(2023, 3, 30))
    assert not [f for f in report.items if f.code.startswith("detention_limit.orders_missing")]
    # With none recorded, the notes ask for them (the rule itself is not confirmed: "may").
    bare = run(make_case(), "echr", TODAY)
    (missing,) = [f for f in bare.items if f.code.startswith("detention_limit.orders_missing")]
    assert missing.code.endswith("_unconfirmed") and "may run" in bare.describe(missing)


def test_a_later_final_decision_is_named_beside_a_passed_release_limit() -> None:
    # v15: released 1 August 2022, the appeal against the detention orders decided finally on
    # 1 December 2022; checked on 20 March 2023.
    case = final_on(
        "2022-12-01", state="RU", status="released",
        detention={"since": "2022-02-24", "until": "2022-08-01"},
    )  # fmt: skip
    report = run(case, "echr", D(2023, 3, 20))
    (release,) = [f for f in report.find("detention_limit") if "release" in f.code]
    assert release.code == "detention_limit.release_passed_later_decision"
    assert release.status == "warning" and not report.bars
    assert "1 December 2022" in report.describe(release)
    assert report.time_summary == "some_passed"  # 1 April 2023 is still running


# --- D6: dates later than today --------------------------------------------------------------


@pytest.mark.parametrize(
    "field",
    ["appeal", "verdict", "charge", "timeline", "until", "decision", "procedure", "as_of"],
)
def test_a_date_later_than_today_is_flagged_wherever_it_is(field: str) -> None:
    later = "2027-02-01"
    fields: dict[str, Any] = {}
    if field in ("appeal", "verdict"):
        verdict = {"date": later if field == "verdict" else "2026-01-10"}
        appeals = [{"date": later, "outcome": "upheld", "final": True}] if field == "appeal" else []
        fields = {"proceedings": {"verdict": verdict, "appeals": appeals}}
    elif field == "charge":
        fields = {"charges": [{"code": "UA-CC", "article": "111", "summary": "x", "added": later}]}
    elif field == "timeline":
        fields = {"timeline": [{"date": later, "kind": "other", "text": "Moved."}]}
    elif field == "until":
        fields = {"status": "released", "detention": {"since": "2021-03-10", "until": later}}
    elif field == "decision":
        fields = {"detention": {"since": "2021-03-10", "decisions": [{"date": later}]}}
    elif field == "procedure":
        fields = {"international": [{"body": "WGAD", "date": later}]}
    else:
        fields = {"as_of": later}
    report = run(make_case(**fields), "echr", TODAY)
    codes = {f.code for f in report.find("dates")}
    assert ("as_of.future" if field == "as_of" else "dates.future") in codes, field
    # A last day counted from such a date is never "ok": it may rest on a typing error.
    for f in report.deadlines:
        start = PartialDate.parse(f.dates[0].date)
        if start.earliest > TODAY:
            assert f.status == "warning"


def test_facts_later_than_as_of_are_flagged() -> None:
    case = final_on("2026-10-20", as_of="2023-01-01")
    report = run(case, "echr", TODAY)
    (later,) = [f for f in report.items if f.code == "as_of.before_facts"]
    assert "20 October 2026" in report.describe(later)


# --- U1: a release the file records in one place is a release everywhere ----------------------


@pytest.mark.parametrize(
    ("until", "event", "status", "code"),
    [
        (None, "2025-03-02", "sentenced", "consistency.release_event_held"),
        (None, "2025-03-02", "released", "consistency.release_event_only"),
        ("2025-03-02", None, "sentenced", "consistency.released_but_held"),
        ("2025-03-02", "2025-03-02", "released", None),
    ],
)
def test_a_release_recorded_in_one_place_only_is_flagged(
    until: str | None, event: str | None, status: str, code: str | None
) -> None:
    detention: dict[str, Any] = {"since": "2023-03"}
    if until:
        detention["until"] = until
    timeline = [{"date": event, "kind": "release", "text": "Pardoned."}] if event else []
    case = make_case(detention=detention, timeline=timeline, status=status)
    for body in ("echr", "hrc", "wgad"):
        found = [f.code for f in run(case, body, TODAY).find("consistency")]
        assert found == ([code] if code else []), body


# --- M1, M6: words that say exactly how sure the date is ------------------------------------


@settings(max_examples=80, deadline=None, database=None)
@given(convicted=partial_dates, after=st.integers(0, 900))
def test_a_conviction_limit_says_may_only_when_the_day_is_uncertain(
    convicted: PartialDate, after: int
) -> None:
    case = make_case(
        detention={"since": "2018-01-10"},
        proceedings={"verdict": {"date": convicted.isoformat()}},
    )
    today = convicted.earliest + dt.timedelta(days=after)
    report = run(case, "echr", today)
    (limit,) = [f for f in report.find("detention_limit") if "conviction" in f.code]
    sentence = report.describe(limit)
    state = limit.deadline_state(today)
    assert ("may have passed" in sentence) == (state == "may_have_passed"), sentence
    if state == "passed":
        assert "appear to be out of time" in sentence


def test_a_pending_appeal_gives_no_last_day_counted_from_the_verdict() -> None:
    # v09: facts as of 1 June 2019, an appeal pending then, the verdict of April 2019.
    case = make_case(
        as_of="2019-06-01",
        proceedings={"verdict": {"date": "2019-04"}, "appeals": [
            {"date": "2019-05-20", "outcome": "pending"}]},
    )  # fmt: skip
    report = run(case, "echr", TODAY)
    (limit,) = report.find("time_limit")
    assert limit.code == "time_limit.appeal_pending_as_of" and limit.window is None
    assert "was still pending on 1 June 2019" in report.describe(limit)
    assert run(case, "hrc", TODAY).find("five_years")[0].code == "five_years.appeal_pending"
    assert report.find("exhaustion")[0].code == "exhaustion.pending"


# --- M2, M4: Belarus and the Optional Protocol ------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "code"),
    [
        ("2023-01-30", "submission.recorded_before"),
        ("2023-02-07", "submission.recorded_before"),
        ("2023-02", "submission.recorded_straddles"),
        ("2023-02-08", "submission.recorded_after"),
        (None, "submission.recorded_undated"),
    ],
)
def test_each_recorded_communication_against_the_denunciation(
    submitted: str | None, code: str
) -> None:
    procedure: dict[str, Any] = {"body": "HRC", "status": "pending"}
    if submitted:
        procedure["date"] = submitted
    case = make_case(state="BY", international=[procedure])
    report = run(case, "hrc", TODAY)
    assert code in [f.code for f in report.find("submission")]
    # A new communication cannot be received: the days of rule 99 (c) are moot, not running.
    assert report.status == "barred"
    assert not report.find("five_years") and not report.find("other_procedure_years")


# --- M3, O3: what the data confirms, and what it does not ------------------------------------


def test_the_hrc_and_the_working_group_as_another_procedure_is_said_with_may() -> None:
    rules = bundled_rules("hrc")
    assert rules.other_bodies["WGAD"].confirmed is False
    case = make_case(international=[{"body": "WGAD", "status": "decided", "date": "2024-08"}])
    report = run(case, "hrc", TODAY)
    (f,) = report.find("other_procedures")
    assert f.code == "other_procedures.recorded_unclear"
    assert "may not treat the UN Working Group on Arbitrary Detention" in report.describe(f)
    # The Court's own view is confirmed (Peraldi v. France): no "may" on that side.
    assert bundled_rules("echr").other_bodies["WGAD"].confirmed is True
    echr = run(case, "echr", TODAY)
    assert echr.find("other_procedures")[0].code == "other_procedures.recorded"


# --- O2: the State's remedies after an appeal -----------------------------------------------


@pytest.mark.parametrize(
    ("state", "decided", "code"),
    [
        ("TR", "2013-01-10", "remedy.constitutional"),
        ("TR", "2012-09-01", None),  # final before the individual application existed
        ("RU", "2021-03-01", "remedy.cassation"),
        ("RU", "2019-06-01", None),  # before the reformed cassation of 1 October 2019
        ("AZ", "2024-10-08", "remedy.cassation_unconfirmed"),
        ("UA", "2024-10-08", "remedy.cassation_unconfirmed"),
        ("GE", "2024-10-08", None),
    ],
)
def test_a_remedy_that_may_still_lie_after_the_appeal(
    state: str, decided: str, code: str | None
) -> None:
    report = run(final_on(decided, state=state), "echr", TODAY)
    codes = [f.code for f in report.find("remedies")]
    assert codes == ([code] if code else [])
    for f in report.find("remedies"):
        assert f.in_notes and "the time limit runs from the decision on it" in report.describe(f)


def test_every_state_remedy_in_the_data_has_a_source_and_a_sentence() -> None:
    from advocacy_docs.checks import sentences

    text = sentences("echr")
    for code, state in ECHR.states.items():
        for remedy in state.remedies:
            assert remedy.source, code
            assert not remedy.confirmed or remedy.authority, code
            kind = "cassation" if remedy.kind == "cassation" else "constitutional"
            assert f"remedy.{kind}" in text and f"remedy.{kind}_unconfirmed" in text


# --- every finding of every variant: a sentence, never "admissible" --------------------------


def _variants() -> list[Case]:
    finals = ["2022-01-31", "2022-02-01", "2022", "2024-10", "2022-10-31", "2026-10-20"]
    states = ["AZ", "RU", "BY", "TR", "GE", "GB"]
    return [final_on(day, state=state) for day, state in itertools.product(finals, states)]


def test_every_variant_reads_as_a_lawyer_expects() -> None:
    for case in _variants():
        for body in ("echr", "hrc", "wgad"):
            report: Report = run(case, body, TODAY)
            text = report.to_text()
            assert "admissib" not in text.replace("do not decide admissibility", "")
            assert "has not started" not in text and "certainly prevents" not in text
