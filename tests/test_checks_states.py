"""Every State, not three: a table over the 46 members of the Council of Europe and the parties
to the ICCPR Optional Protocol (with its denunciations and re-accessions), with the days on
both sides of each boundary."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest

from advocacy_docs.case.types import PartialDate
from advocacy_docs.checks import run
from advocacy_docs.checks.periods import place
from advocacy_docs.checks.rules import bundled_rules
from advocacy_docs.cli import main
from tests.test_checks_report import make_case, write_case

D = dt.date
TODAY = D(2026, 11, 27)

COUNCIL_OF_EUROPE = [
    "AD",
    "AL",
    "AM",
    "AT",
    "AZ",
    "BA",
    "BE",
    "BG",
    "CH",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GB",
    "GE",
    "GR",
    "HR",
    "HU",
    "IE",
    "IS",
    "IT",
    "LI",
    "LT",
    "LU",
    "LV",
    "MC",
    "MD",
    "ME",
    "MK",
    "MT",
    "NL",
    "NO",
    "PL",
    "PT",
    "RO",
    "RS",
    "SE",
    "SI",
    "SK",
    "SM",
    "TR",
    "UA",
]
NEVER_BOUND_BY_THE_CONVENTION = ("BY", "KZ", "VA", "XK", "US", "CN", "JP")
ECHR = bundled_rules("echr")
HRC = bundled_rules("hrc")


def case_on(code: str, day: str, status: str = "detained") -> object:
    """A case whose only dated fact is a detention that began (and ended) on ``day``."""
    return make_case(
        state=code, status=status, detention={"since": day, "until": day}, charges=[],
        timeline=[], proceedings=None, rights=[], person={"name": "A. Test", "born": 1920},
    )  # fmt: skip


def positions(body: str, code: str, day: dt.date) -> str:
    report = run(case_on(code, day.isoformat()), body, TODAY)  # type: ignore[arg-type]
    check = "temporal_jurisdiction" if body == "echr" else "temporal_scope"
    (found,) = report.find(check)
    return {e.ref: e.position for e in found.events}["detention.since"]


def test_the_46_members_and_no_other_state_bound_today() -> None:
    assert len(COUNCIL_OF_EUROPE) == 46
    members = {code for code, s in ECHR.states.items() if s.member}
    assert members == set(COUNCIL_OF_EUROPE)
    assert {code for code, s in ECHR.states.items() if s.party} == members
    assert ECHR.parties.complete


@pytest.mark.parametrize("code", COUNCIL_OF_EUROPE)
def test_each_member_around_its_first_day(code: str) -> None:
    state = ECHR.states[code]
    report = run(make_case(state=code), "echr", TODAY)
    (found,) = report.find("state")
    assert found.status == "info", code
    first = state.periods()[0].start
    assert first is not None
    if not first.exact:  # a day nobody has established: said, never guessed
        assert found.code == "state.bound_dates_unknown"
        assert any(f.code == "state.unknown_boundary" for f in report.find("unconfirmed"))
        assert positions("echr", code, D(2020, 1, 1)) == "uncertain"
        return
    day = first.latest
    assert positions("echr", code, day - dt.timedelta(days=1)) == "outside"
    assert positions("echr", code, day) == "inside"
    before = run(case_on(code, (day - dt.timedelta(days=1)).isoformat()), "echr", TODAY)  # type: ignore[arg-type]
    (juris,) = before.find("temporal_jurisdiction")
    # Outside for certain is barred only when the boundary is confirmed.
    assert juris.status == ("barred" if first.confirmed else "warning"), code
    if not first.confirmed:
        assert any(f.code == "state.unconfirmed" for f in report.find("unconfirmed"))


@pytest.mark.parametrize("code", NEVER_BOUND_BY_THE_CONVENTION)
def test_states_never_bound_by_the_convention_are_barred(code: str) -> None:
    report = run(make_case(state=code), "echr", TODAY)
    assert report.find("state")[0].code == "state.never_bound"
    assert report.status == "barred"


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("RU", D(1998, 5, 4), "outside"),
        ("RU", D(1998, 5, 5), "inside"),
        ("RU", D(2022, 3, 17), "inside"),  # after the expulsion, before the cut-off
        ("RU", D(2022, 9, 16), "inside"),
        ("RU", D(2022, 9, 17), "outside"),
        ("UA", D(1997, 9, 10), "outside"),
        ("UA", D(1997, 9, 11), "inside"),
        ("FR", D(1974, 5, 2), "outside"),
        ("FR", D(1974, 5, 3), "inside"),
        ("CH", D(1974, 11, 27), "outside"),
        ("CH", D(1974, 11, 28), "inside"),
        ("AZ", D(2002, 4, 14), "outside"),
        ("AZ", D(2002, 4, 15), "inside"),
        ("GB", D(1953, 9, 2), "outside"),  # the 1951 deposit is only an info date
        ("GB", D(1953, 9, 3), "inside"),
        ("ME", D(2004, 3, 2), "outside"),
        ("ME", D(2004, 3, 3), "inside"),
        ("SI", D(1994, 6, 27), "outside"),
        ("SI", D(1994, 6, 28), "inside"),
        ("MK", D(1997, 4, 10), "inside"),
        ("MC", D(2005, 11, 29), "outside"),
        ("SM", D(1989, 3, 22), "inside"),
        ("IS", D(1953, 9, 3), "inside"),
        ("GR", D(1960, 1, 1), "inside"),  # the first period
        ("GR", D(1971, 1, 1), "uncertain"),  # denounced, re-ratified: days not established
        ("CY", D(1990, 1, 1), "uncertain"),
    ],
)
def test_echr_boundary_days(code: str, day: dt.date, expected: str) -> None:
    assert positions("echr", code, day) == expected
    assert place(PartialDate.parse(day.isoformat()), ECHR.states[code].periods()) == expected


def test_russia_16_and_17_september_2022() -> None:
    inside = run(case_on("RU", "2022-09-16"), "echr", TODAY)  # type: ignore[arg-type]
    assert inside.find("temporal_jurisdiction")[0].status == "ok"
    outside = run(case_on("RU", "2022-09-17"), "echr", TODAY)  # type: ignore[arg-type]
    assert outside.find("temporal_jurisdiction")[0].status == "barred"


# --- the ICCPR Optional Protocol --------------------------------------------------------------


def test_the_optional_protocol_has_116_parties_today() -> None:
    parties = [code for code, s in HRC.states.items() if s.party]
    assert len(parties) == 116
    assert {"BY", "JM", "TT"}.isdisjoint(parties)
    assert {"GY", "RU", "UA", "KZ"} <= set(parties)
    assert HRC.parties.complete


@pytest.mark.parametrize("code", sorted(c for c, s in HRC.states.items() if s.party))
def test_each_party_around_its_first_day(code: str) -> None:
    state = HRC.states[code]
    report = run(make_case(state=code), "hrc", TODAY)
    assert report.find("state")[0].status == "info", code
    assert not report.find("submission")
    first = state.periods()[-1].start
    assert first is not None
    if not first.exact:
        assert positions("hrc", code, TODAY - dt.timedelta(days=400)) == "uncertain"
        return
    day = first.latest
    assert positions("hrc", code, day) == "inside"
    if len(state.periods()) == 1:
        assert positions("hrc", code, day - dt.timedelta(days=1)) == "outside"


@pytest.mark.parametrize("code", ["GB", "US", "CH", "SA", "JP", "QA"])
def test_not_parties_to_the_optional_protocol_are_barred(code: str) -> None:
    report = run(make_case(state=code), "hrc", TODAY)
    assert report.find("state")[0].code in {"state.never_bound", "state.not_covenant_party"}
    assert report.status == "barred"


def test_every_two_letter_code_is_a_country_or_refused() -> None:
    # A code that names no country ("UK", "XY", CLDR's "ZZ") would hide every treaty rule behind
    # "no data": the case file is refused instead (M5). Every A-Z pair, against CLDR.
    from babel import Locale
    from pydantic import ValidationError

    territories = Locale("en").territories
    for first in string.ascii_uppercase:
        for second in string.ascii_uppercase:
            code = first + second
            if code in territories and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
                assert make_case(state=code).state == code
                continue
            with pytest.raises(ValidationError, match="not a country's ISO 3166-1"):
                make_case(state=code)


@pytest.mark.parametrize("code", ["UK", "XY", "ZZ"])
def test_the_command_line_refuses_a_code_that_names_no_country(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_case(tmp_path, state="GB")
    path.write_text(path.read_text(encoding="utf-8").replace('"GB"', f'"{code}"'), "utf-8")
    for body in ("echr", "hrc", "wgad"):
        assert main(["check", str(path), "--for", body]) == 2
        err = capsys.readouterr().err
        assert "state" in err and code in err and "Traceback" not in err
        assert str(path) in err
        assert ("did you mean 'GB'" in err) == (code == "UK")


def test_china_is_not_even_party_to_the_covenant() -> None:
    report = run(make_case(state="CN"), "hrc", TODAY)
    assert report.find("state")[0].code == "state.not_covenant_party"


@pytest.mark.parametrize(
    ("code", "today", "status", "code_"),
    [
        ("BY", D(2023, 2, 7), "warning", "submission.denouncing"),  # the last day to submit
        ("BY", D(2023, 2, 8), "barred", "submission.denounced"),
        ("JM", D(1998, 1, 22), "warning", "submission.denouncing"),
        ("JM", D(1998, 1, 23), "barred", "submission.denounced"),
        ("TT", D(2000, 6, 26), "warning", "submission.denouncing"),
        # 27 June 2000 is computed (three months after notice), not seen: a margin of a year.
        ("TT", D(2000, 6, 27), "warning", "submission.denounced_unconfirmed"),
        ("TT", D(2001, 6, 27), "barred", "submission.denounced"),
    ],
)
def test_denunciations_and_the_day_of_submission(
    code: str, today: dt.date, status: str, code_: str
) -> None:
    report = run(make_case(state=code), "hrc", today)
    (submission,) = report.find("submission")
    assert (submission.status, submission.code) == (status, code_)


@pytest.mark.parametrize(
    ("code", "day", "expected", "reservation"),
    [
        ("BY", D(1992, 12, 29), "outside", False),
        ("BY", D(1992, 12, 30), "inside", False),
        ("BY", D(2023, 2, 7), "inside", False),
        ("BY", D(2023, 2, 8), "outside", False),
        ("TT", D(1998, 8, 25), "inside", False),  # the first period, without reservation
        ("TT", D(1998, 8, 26), "inside", True),  # the second, with its reservation
        ("GY", D(1995, 1, 1), "uncertain", False),  # the first accession: not established
        ("GY", D(1999, 4, 5), "inside", True),
        ("GW", D(2013, 12, 23), "outside", False),
        ("GW", D(2013, 12, 24), "inside", False),
        ("DK", D(1976, 3, 22), "outside", False),
        ("DK", D(1976, 3, 23), "inside", False),
        ("KZ", D(2009, 9, 30), "inside", False),
    ],
)
def test_optional_protocol_boundary_days(
    code: str, day: dt.date, expected: str, reservation: bool
) -> None:
    assert positions("hrc", code, day) == expected
    report = run(case_on(code, day.isoformat()), "hrc", D(1999, 12, 1))  # type: ignore[arg-type]
    flagged = any(f.code == "state.reservation_period" for f in report.items)
    assert flagged == reservation


def test_computed_and_conflicting_dates_are_printed_as_unconfirmed() -> None:
    for code in ("IT", "KZ", "TT"):
        report = run(make_case(state=code), "hrc", TODAY)
        assert any(f.code == "state.unconfirmed" for f in report.find("unconfirmed")), code
    kazakhstan = run(make_case(state="KZ"), "hrc", TODAY)
    assert any(f.code == "state.reservations" for f in kazakhstan.notes())
