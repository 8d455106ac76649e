"""WGAD checks: any State, the deprivation of liberty, the Working Group's own procedures, and
the categories the case file tags facts for (never keywords, never a recognition)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advocacy_docs.case import Case
from advocacy_docs.checks import Finding, load_rules, run
from advocacy_docs.cli import main
from tests.conftest import CASE_FILE, TODAY
from tests.test_checks_report import make_case


def categories(case: Case) -> dict[str, Finding]:
    report = run(case, "wgad", TODAY)
    return {f.category or "": f for f in report.find("wgad_category")}


def test_any_state_no_treaty_needed() -> None:
    for code in ("BY", "CN", "US", "KP", "RU"):
        report = run(make_case(state=code), "wgad", TODAY)
        assert report.status != "barred", code
        assert not report.find("state") and not report.find("temporal_scope")


def test_a_category_rests_only_on_tagged_facts() -> None:
    case = make_case(
        rights=[
            {"instrument": "ICCPR", "article": "19", "facts": "Jailed for posts.",
             "wgad_categories": ["II"]},
            {"instrument": "ECHR", "article": "6", "facts": "Closed military court."},
            {"instrument": "ECHR", "article": "5", "facts": "Held without any legal basis."},
        ],
        timeline=[{"date": "2021-03-10", "kind": "arrest", "text": "Arrested at a rally.",
                   "wgad_categories": ["II", "V"]}],
        recognitions=[{"by": "Memorial", "as": "political_prisoner"}],
    )  # fmt: skip
    cats = categories(case)
    assert list(cats) == ["I", "II", "III", "IV", "V"]
    two = cats["II"]
    assert (two.support, two.status, two.code) == ("data", "info", "category.data")
    assert [(e.ref, e.kind) for e in two.evidence] == [
        ("rights[0]", "right"),
        ("timeline[0]", "event"),
    ]
    assert [e.ref for e in cats["V"].evidence] == ["timeline[0]"]  # the tag, not the recognition
    # "without any legal basis" and a fair-trial article suggest I and III, but nothing is tagged.
    for cat in ("I", "III"):
        assert (cats[cat].support, cats[cat].code) == ("none", "category.untagged")
    assert cats["IV"].code == "category.none"


def test_example_categories_without_tags(case: Case) -> None:
    report = run(case, "wgad", TODAY)
    cats = {f.category: f for f in report.find("wgad_category")}
    tagged = {c for r in case.rights for c in r.wgad_categories} | {
        c for e in case.timeline for c in e.wgad_categories
    }
    for cat, f in cats.items():
        assert (f.support == "data") == (cat in tagged), cat
    # Memorial's recognition as a political prisoner supports nothing by itself.
    if "V" not in tagged:
        assert cats["V"].support == "none"


def test_the_procedures_are_explained_in_the_notes(case: Case) -> None:
    report = run(case, "wgad", TODAY)
    (proc,) = report.find("procedure")
    assert proc.code == "procedure.urgent_and_regular" and proc.in_notes
    sentence = report.describe(proc)
    assert "urgent appeal" in sentence and "60 days" in sentence
    assert "without prejudging whether the detention is arbitrary" in sentence
    released = make_case(
        status="released", detention={"since": "2021-03-10", "until": "2022-01-02"}
    )
    r = run(released, "wgad", TODAY)
    assert r.find("procedure")[0].code == "procedure.regular_after_release"
    (det,) = r.find("detention")
    assert det.code == "wgad.detention.ended" and det.status == "info"
    assert "may still give an opinion" in r.describe(det)


def test_example_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CASE_FILE), "--for", "wgad", "--today", "2026-11-27"]) == 0
    text = capsys.readouterr().out
    assert "category II" in text and "Notes for the lawyer" in text
    assert main(["check", str(CASE_FILE), "--for", "wgad", "--json", "--today", "2026-11-27"]) == 0
    data = json.loads(capsys.readouterr().out)
    cats = {i["category"]: i for i in data["items"] if i["check"] == "wgad_category"}
    assert set(cats) == {"I", "II", "III", "IV", "V"}
    assert all(c["support"] in {"data", "none"} for c in cats.values())


def test_detention_status() -> None:
    report = run(make_case(), "wgad", TODAY)
    assert report.find("detention")[0].status == "info"
    none = run(make_case(detention=None, status="charged"), "wgad", TODAY)
    assert none.find("detention")[0].code == "wgad.detention.none"
    assert not none.find("procedure")
    undated = run(make_case(status="released"), "wgad", TODAY)
    assert undated.find("detention")[0].code == "wgad.detention.released_undated"


def test_remedies_are_one_sentence_with_its_source(tmp_path: Path) -> None:
    # Confirmed from a source (M3): one sentence, no "not confirmed in the data" beside it.
    report = run(make_case(), "wgad", TODAY)
    (remedies,) = report.find("remedies")
    assert (remedies.status, remedies.code) == ("info", "remedies.not_required")
    assert report.describe(remedies) == (
        "The Working Group does not require domestic remedies to be exhausted before it "
        "considers a communication."
    )
    assert "icj.org" in str(remedies.value("source"))
    assert not report.find("unconfirmed")
    # Data a user marks unconfirmed is worded as such, in the one sentence.
    rules = tmp_path / "wgad.toml"
    rules.write_text(
        'schema = "advocacy-docs/check-rules@2"\nbody = "wgad"\n[remedies]\n'
        'exhaustion_required = false\nwhat = "x"\nconfirmed = false\n',
        encoding="utf-8",
    )
    unsure = run(make_case(), "wgad", TODAY, rules=load_rules("wgad", rules))
    (remedies,) = unsure.find("remedies")
    assert (remedies.status, remedies.code) == ("warning", "remedies.not_required_unconfirmed")


@pytest.mark.parametrize(
    ("instrument", "article", "suggests"),
    [("ICCPR", "9", "I"), ("ECHR", "5", "I"), ("ICCPR", "14", "III"), ("ICCPR", "7", None)],
)
def test_a_right_tagged_for_category_ii_that_does_not_define_it_is_flagged(
    instrument: str, article: str, suggests: str | None
) -> None:
    case = make_case(
        rights=[{"instrument": instrument, "article": article, "facts": "Held.",
                 "wgad_categories": ["II"]}]
    )  # fmt: skip
    report = run(case, "wgad", TODAY)
    (flag,) = report.find("category_tags")
    assert (flag.status, flag.category) == ("warning", "II")
    assert flag.code.endswith("_suggests") == (suggests is not None)
    sentence = report.describe(flag)
    assert f"{instrument} {article}" in sentence
    if suggests:
        assert f"usually supports Category {suggests}" in sentence
    # The category's own rights are never flagged.
    fine = make_case(
        rights=[{"instrument": "ICCPR", "article": "19", "facts": "Posts.",
                 "wgad_categories": ["II"]}]
    )  # fmt: skip
    assert not run(fine, "wgad", TODAY).find("category_tags")
