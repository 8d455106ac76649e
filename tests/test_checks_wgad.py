"""WGAD checks: which of the five categories the case data supports, with the facts behind it."""

from __future__ import annotations

import json

import pytest

from advocacy_docs.case import Case
from advocacy_docs.checks import Finding, run
from advocacy_docs.cli import main
from tests.conftest import CASE_FILE, TODAY
from tests.test_checks_report import make_case


def categories(case: Case) -> dict[str, Finding]:
    report = run(case, "wgad", TODAY)
    return {f.category or "": f for f in report.find("wgad_category")}


def test_example_categories(case: Case) -> None:
    cats = categories(case)
    assert list(cats) == ["I", "II", "III", "IV", "V"]
    two = cats["II"]
    assert two.support == "data" and two.status == "info"
    assert [(e.instrument, e.article) for e in two.evidence] == [
        ("ECHR", "10"),
        ("ECHR", "11"),
        ("ICCPR", "19"),
        ("ICCPR", "22"),
    ]
    assert two.evidence[2].text == "Prosecuted and sentenced to 14 years for posts on social media."
    assert two.evidence[2].language == "en"
    five = cats["V"]
    assert five.support == "data"
    assert five.evidence[0].kind == "recognition"
    assert "political prisoner by Memorial Human Rights Centre" in five.evidence[0].text
    # Articles 5 and 9 are invoked, but no fact says there was no legal basis.
    one = cats["I"]
    assert one.support == "none" and "no data in the case file" in one.message
    assert "ECHR Art. 5 [rights[0]]" in one.message
    for cat in ("III", "IV"):
        assert cats[cat].support == "none"
        assert cats[cat].message.endswith("no data in the case file.")


def test_example_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CASE_FILE), "--for", "wgad", "--today", "2026-11-27"]) == 0
    text = capsys.readouterr().out
    assert "category II" in text and "ICCPR Art. 19 [rights[5]]" in text
    assert "no data in the case file" in text
    assert "(unconfirmed)" in text  # remedies need not be exhausted: unconfirmed in DOMAIN.md
    assert main(["check", str(CASE_FILE), "--for", "wgad", "--json", "--today", "2026-11-27"]) == 0
    data = json.loads(capsys.readouterr().out)
    cats = {i["category"]: i for i in data["items"] if i["check"] == "wgad_category"}
    assert cats["II"]["support"] == "data"
    assert cats["II"]["evidence"][0] == {
        "ref": "rights[1]",
        "kind": "right",
        "instrument": "ECHR",
        "article": "10",
        "text": "Prosecuted for six Facebook posts, two of them reposts and one a link to a "
        "video: an interference with his freedom of expression.",
        "language": "en",
    }
    assert cats["IV"]["support"] == "none" and cats["IV"]["evidence"] == []


def test_category_one_is_only_possible_and_needs_facts_saying_no_legal_basis() -> None:
    case = make_case(
        rights=[
            {
                "instrument": "ICCPR",
                "article": "9",
                "facts": {
                    "uk": "Утримується без правових підстав після відбуття покарання.",
                    "en": "Held without legal basis after serving her sentence.",
                },
            },
            {"instrument": "ECHR", "article": "5 § 4", "facts": "No speedy review."},
        ],
        language="uk",
    )
    one = categories(case)["I"]
    assert (one.support, one.status) == ("possible", "warning")
    assert "possible, check" in one.message
    (item,) = one.evidence
    assert item.ref == "rights[0]" and item.language == "uk"  # the text in the case language
    assert item.text.startswith("Утримується")


def test_fair_trial_discrimination_and_asylum() -> None:
    case = make_case(
        rights=[
            {"instrument": "ICCPR", "article": "14(3)(b)", "facts": "No time to prepare."},
            {"instrument": "ECHR", "article": "6", "facts": "Closed military court."},
            {"instrument": "ICCPR", "article": "26", "facts": "Singled out as a Crimean Tatar."},
            {
                "instrument": "UDHR",
                "article": "14",
                "facts": "Held for months in immigration detention after asking for asylum.",
            },
        ],
        recognitions=[{"by": "Amnesty International", "as": "prisoner_of_conscience"}],
    )
    cats = categories(case)
    assert [e.ref for e in cats["III"].evidence] == ["rights[0]", "rights[1]"]
    # ICCPR 26 is a right whose exercise (II) and a ground of discrimination (V).
    assert [e.ref for e in cats["II"].evidence] == ["rights[2]", "rights[3]", "recognitions[0]"]
    assert [e.ref for e in cats["V"].evidence] == ["rights[2]", "recognitions[0]"]
    four = cats["IV"]
    assert four.support == "possible" and [e.ref for e in four.evidence] == ["rights[3]"]
    assert cats["I"].support == "none"


def test_detention_status() -> None:
    report = run(make_case(), "wgad", TODAY)
    assert report.find("detention")[0].status == "info"
    released = make_case(
        status="released",
        timeline=[{"date": "2023-02-01", "kind": "release", "text": "Released."}],
    )
    found = run(released, "wgad", TODAY).find("detention")[0]
    assert found.status == "warning" and found.date("released") == "2023-02-01"
    none = run(make_case(detention=None, status="charged"), "wgad", TODAY).find("detention")[0]
    assert none.status == "warning" and "no detention" in none.message


def test_empty_case_has_no_data_for_any_category() -> None:
    cats = categories(make_case(rights=[], recognitions=[]))
    assert all(f.support == "none" for f in cats.values())
    assert all(f.evidence == () for f in cats.values())
