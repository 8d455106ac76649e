"""Loading case, recipient and sender files: examples, positions of errors, and YAML safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from advocacy_docs.case import (
    Case,
    load_case,
    load_recipients,
    load_senders,
    validate_file,
)
from advocacy_docs.case.source import MAX_BYTES, MAX_NODES, parse_json, parse_yaml
from advocacy_docs.errors import InputError, Problem, ValidationFailed
from tests.work import counting_work, within_caps

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "cases"

CASE_HEAD = """\
schema: advocacy-docs/case@1
id: test-case
language: en
person:
  name: Test Person
status: detained
state: RU
"""


def problems_of(path: Path) -> list[Problem]:
    found = validate_file(path)
    assert found, f"{path.name} should have problems"
    return found


def load_fails(path: Path) -> list[Problem]:
    with pytest.raises(ValidationFailed) as exc:
        load_case(path)
    return exc.value.problems


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the examples -----------------------------------------------------------------------------


def test_example_case_loads() -> None:
    path = EXAMPLES / "cases" / "khamroev.yaml"
    case = load_case(path)
    assert isinstance(case, Case)
    assert case.source_path == path.resolve()
    assert case.base_dir == path.resolve().parent
    assert case.person.name.values["uk"] == "Бахром Хамроєв"
    assert case.person.born is not None and case.person.born.isoformat() == "1963"
    assert [(c.article, c.part) for c in case.charges] == [("205.2", "2"), ("205.5", None)]
    assert case.proceedings is not None and case.proceedings.verdict is not None
    sentence = case.proceedings.verdict.sentence
    assert sentence is not None and sentence.total.years == 14
    assert [p.regime for p in sentence.parts] == ["prison", "strict_regime_colony"]
    assert case.source("khpg-2023-05-30").url is not None
    assert {c.sensitivity for c in case.contacts} == {"legal", "partners"}
    assert len(case.demands) == 3
    from advocacy_docs.i18n import available_locales

    for demand in case.demands:  # a letter prints them: every shipped locale has them
        assert set(demand.text.values) == set(available_locales())
    for event in case.timeline:
        assert {"en", "uk", "ru"} <= set(event.text.values)
    assert validate_file(path) == []


def test_example_recipients_yaml_and_csv_agree() -> None:
    from_yaml = load_recipients(EXAMPLES / "recipients" / "officials.yaml")
    from_csv = load_recipients(EXAMPLES / "recipients" / "officials.csv")
    assert from_yaml == from_csv
    by_lang = {r.language: r for r in from_yaml}
    assert set(by_lang) >= {"en", "uk", "ru"}
    gutsan = by_lang["ru"]
    assert gutsan.salutation["ru"] == "Уважаемый Александр Владимирович!"
    # The title is the recipient's (by case: the letter addresses him in the dative), not an
    # address line.
    assert gutsan.address_lines("ru")[0] == "ул. Большая Дмитровка, д. 15а"
    assert gutsan.title is not None and gutsan.title.forms_in("ru")["dat"] == (  # type: ignore[attr-defined]
        "Генеральному прокурору Российской Федерации"
    )
    assert gutsan.address_lines("en")[-1] == "Russian Federation"
    assert gutsan.in_office_since is not None and str(gutsan.in_office_since) == "2025-09-24"
    assert validate_file(EXAMPLES / "recipients" / "officials.csv") == []


def test_example_senders_load() -> None:
    senders = load_senders(EXAMPLES / "senders" / "campaigner.yaml")
    assert [s.id for s in senders] == ["alex-morgan", "olena-koval"]
    assert senders[1].gender == "female"
    assert senders[1].city.values["uk"] == "Київ"
    assert validate_file(EXAMPLES / "senders" / "campaigner.yaml") == []


# --- errors with positions --------------------------------------------------------------------


def test_four_problems_at_once() -> None:
    found = problems_of(FIXTURES / "four-mistakes.yaml")
    summary = [(p.line, p.path) for p in found]
    assert summary == [
        (5, "person.name"),
        (10, "chages"),
        (15, "detention.since"),
        (20, "timeline[0].sources[0]"),
    ]
    messages = [p.message for p in found]
    assert messages[0] == "missing required field 'name'"
    assert messages[1] == "unknown field 'chages'; did you mean 'charges'?"
    assert messages[2] == "'2023-02-30' is not a date: 2023-02 has no day 30"
    assert messages[3] == "unknown source 'ovd-2023-3-01'; did you mean 'ovd-2023-03-01'?"
    assert all(p.file.endswith("four-mistakes.yaml") for p in found)
    # load_case raises the same problems, and its message lists every one.
    with pytest.raises(ValidationFailed) as exc:
        load_case(FIXTURES / "four-mistakes.yaml")
    assert exc.value.problems == found
    assert str(exc.value).count("four-mistakes.yaml:") == 4


def test_literal_error_suggests_a_value(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.yaml",
        CASE_HEAD.replace("detained", "sentenced ") + "\n"
        "charges:\n  - code: RU-CC\n    article: '1'\n    summary: x\n"
        "timeline:\n  - {date: 2022, kind: arest, text: x}\n",
    )
    (problem,) = problems_of(path)
    assert (problem.line, problem.path) == (14, "timeline[0].kind")
    assert "did you mean 'arrest'?" in problem.message


def test_restricted_source_cited_by_public_item(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.yaml",
        CASE_HEAD
        + (
            "timeline:\n"
            "  - {date: 2022, kind: other, text: x, sources: [memo]}\n"
            "sources:\n"
            "  - {id: memo, title: Internal memo, sensitivity: partners}\n"
        ),
    )
    (problem,) = problems_of(path)
    assert (problem.line, problem.path) == (9, "timeline[0].sources[0]")
    assert "marked partners" in problem.message


def test_wrong_kind_of_file() -> None:
    with pytest.raises(ValidationFailed, match="senders file"):
        load_recipients(EXAMPLES / "senders" / "campaigner.yaml")
    with pytest.raises(ValidationFailed, match="recipients file"):
        load_case(EXAMPLES / "recipients" / "officials.yaml")


def test_unknown_or_missing_schema(tmp_path: Path) -> None:
    (problem,) = problems_of(write(tmp_path, "a.yaml", "schema: advocacy-docs/cases@1\n"))
    assert "did you mean 'advocacy-docs/case@1'?" in problem.message
    (problem,) = problems_of(write(tmp_path, "b.yaml", "id: x\n"))
    assert problem.path == "schema" and "missing" in problem.message


def test_duplicate_recipient_ids(tmp_path: Path) -> None:
    item = "  - {id: same, name: X, country: GB, language: en}\n"
    path = write(
        tmp_path, "r.yaml", "schema: advocacy-docs/recipients@1\nrecipients:\n" + item + item
    )
    (problem,) = problems_of(path)
    assert (problem.line, problem.path) == (4, "recipients[1].id")


# --- YAML safety ------------------------------------------------------------------------------


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = Path("/tmp/advocacy-docs-pwned")
    (problem,) = load_fails(FIXTURES / "python_tag.yaml")
    assert (problem.line, problem.path) == (5, "person.name")
    assert "'!!python/object/apply:os.system' is not allowed" in problem.message
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!binary", "!!set", "!custom", "!!python/name:os.system"])
def test_other_tags_are_refused(tmp_path: Path, tag: str) -> None:
    path = write(tmp_path, "t.yaml", CASE_HEAD + f"summary: {tag} abc\n")
    (problem,) = load_fails(path)
    assert problem.line == 8 and "not allowed" in problem.message


def test_core_tags_are_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.yaml",
        CASE_HEAD + "charges:\n  - code: RU-CC\n"
        "    article: !!str 205.2\n    part: !!int 2\n    summary: x\n",
    )
    assert load_case(path).charges[0].article == "205.2"


def test_alias_bomb_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    with counting_work(monkeypatch) as steps:
        (problem,) = load_fails(FIXTURES / "alias_bomb.yaml")
    # Refused while composing, before a single alias is expanded into values.
    assert steps["yaml values built"] == 0
    assert within_caps(steps, (FIXTURES / "alias_bomb.yaml").stat().st_size)
    assert "aliases" in problem.message and problem.line == 9


def test_alias_expansion_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 50 aliases (within the alias cap) that would still expand to 10^5 values.
    levels = ['a0: &a0 ["' + '", "'.join(["x"] * 10) + '"]']
    for n in range(1, 6):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    path = write(tmp_path, "bomb.yaml", "\n".join(levels) + "\n")
    with counting_work(monkeypatch) as steps:
        (problem,) = load_fails(path)
    # Stopped at the cap (keys count too), not after the 10^6 values the aliases expand to.
    assert MAX_NODES // 2 < steps["yaml values built"] <= MAX_NODES + 1
    assert "more than 100000 values" in problem.message


def test_recursive_alias_fails(tmp_path: Path) -> None:
    (problem,) = load_fails(write(tmp_path, "loop.yaml", "a: &loop [1, *loop]\n"))
    assert "nested" in problem.message


def test_file_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"schema: advocacy-docs/case@1\nsummary: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError, match="larger than 5 MB") as exc:
        load_case(path)
    assert not isinstance(exc.value, ValidationFailed)


@pytest.mark.parametrize(
    "text",
    ["[" * 1000 + "]" * 1000, "".join(f"{' ' * i}k{i}:\n" for i in range(1000)) + " " * 1000 + "x"],
    ids=["flow", "block"],
)
def test_deep_nesting_fails_cleanly(tmp_path: Path, text: str) -> None:
    (problem,) = load_fails(write(tmp_path, "deep.yaml", text))
    assert "nested more than 64 levels" in problem.message


def test_duplicate_keys(tmp_path: Path) -> None:
    (problem,) = load_fails(FIXTURES / "duplicate_keys.yaml")
    assert (problem.line, problem.path) == (6, "person.name")
    assert problem.message == "duplicate key 'name' (first given on line 5)"


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", "base: &b {x: 1}\nother:\n  <<: *b\n")
    (problem,) = load_fails(path)
    assert "merge keys" in problem.message and problem.line == 3


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    (problem,) = load_fails(write(tmp_path, "s.yaml", CASE_HEAD + "charges: [a, b\n"))
    assert problem.message.startswith("YAML syntax error")
    assert problem.line is not None and problem.line >= 8


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.yaml"):
        load_case(tmp_path / "missing.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(CASE_HEAD.encode() + "summary: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_case(latin1)
    with pytest.raises(InputError):
        validate_file(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    (problem,) = load_fails(write(tmp_path, "e.yaml", "# nothing here\n"))
    assert "empty" in problem.message


# --- scalars ------------------------------------------------------------------------------------


def test_bare_numbers_keep_their_text() -> None:
    case = load_case(FIXTURES / "bare_numbers.yaml")
    assert [(c.article, c.part) for c in case.charges] == [("205.2", "2"), ("205.10", None)]
    assert case.rights[0].article == "10"
    assert case.contacts[0].phone == "0123456789"


def test_confidential_means_legal_and_secret_is_an_error() -> None:
    assert load_case(FIXTURES / "bare_numbers.yaml").contacts[0].sensitivity == "legal"
    (problem,) = problems_of(FIXTURES / "bad_sensitivity.yaml")
    assert (problem.line, problem.path) == (11, "contacts[0].sensitivity")
    assert "public, partners or legal" in problem.message


def test_yaml_1_2_scalars() -> None:
    data = parse_yaml("a: NO\nb: no\nc: true\nd: ~\ne: 0o17\nf: 2022-02-24\ng: 1.50\n", "x").data
    assert data["a"] == "NO" and data["b"] == "no"  # Norway stays Norway
    assert data["c"] is True and data["d"] is None and data["e"] == 15
    assert str(data["f"]) == "2022-02-24" and data["g"].source_text == "1.50"


# --- JSON ---------------------------------------------------------------------------------------


def test_json_case_loads() -> None:
    case = load_case(FIXTURES / "case.json")
    assert case.state == "BY"
    assert (case.charges[0].article, case.charges[0].part) == ("342.1", "1")
    assert case.person.name.values["uk"] == "Тестова особа"


def test_json_errors_carry_lines() -> None:
    found = problems_of(FIXTURES / "broken.json")
    assert [(p.line, p.path) for p in found] == [
        (3, "id"),
        (5, "person.gender"),
        (7, "state"),
        (8, "timeline[0].date"),
    ]
    assert "did you mean 'male'?" in found[1].message
    assert found[3].message == "'2022-13' is not a date: month 13 does not exist"


def test_json_syntax_and_duplicates() -> None:
    with pytest.raises(ValidationFailed) as exc:
        parse_json('{\n  "a": 1,\n  "a": 2\n}', "d.json")
    (problem,) = exc.value.problems
    assert (problem.line, problem.column) == (3, 3) and "duplicate key 'a'" in problem.message
    with pytest.raises(ValidationFailed) as exc:
        parse_json('{\n  "a": [1, 2,\n}', "s.json")
    assert exc.value.problems[0].line == 3
    with pytest.raises(ValidationFailed, match="nested more than"):
        parse_json("[" * 1000 + "]" * 1000, "deep.json")


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_numbered_address_columns_and_comments() -> None:
    recipients = load_recipients(FIXTURES / "recipients_numbered.csv")
    assert [r.id for r in recipients] == ["un-wgad", "prosecutor-by"]
    assert recipients[0].address == ["OHCHR - Palais Wilson", "CH-1211 Geneva 10", "Switzerland"]
    # A '#' line inside a quoted cell is content; a blank line between rows is skipped.
    assert recipients[0].notes == "Submit through the\n# online form when possible"
    assert recipients[1].gender == "male" and recipients[1].notes is None


def test_csv_errors_name_line_and_column() -> None:
    found = problems_of(FIXTURES / "recipients_bad.csv")
    assert [(p.line, p.column, p.path) for p in found] == [
        (3, 4, "salutation.EN"),
        (5, 1, "id"),
        (5, 6, "country"),
        (5, 7, "language"),
        (5, 8, "emial"),
    ]
    assert found[-1].message == "unknown field 'emial'; did you mean 'email'?"
    assert str(found[1]).startswith(f"{FIXTURES / 'recipients_bad.csv'}:5:1: id: ")


def test_csv_missing_field_and_extra_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "id,name,language\nx,Someone,en\ny,Other,en\n")
    found = validate_file(path)
    assert [(p.line, p.column, p.path) for p in found] == [(2, 1, "country"), (3, 1, "country")]
    assert found[0].message == "missing required field 'country'"
    path = write(tmp_path, "r.csv", "id,name,country,language\nx,Someone,GB,en,extra\n")
    (problem,) = validate_file(path)
    assert (problem.line, problem.column) == (2, 5) and "4 columns" in problem.message


def test_csv_senders_are_recognised_by_their_columns() -> None:
    (sender,) = load_senders(FIXTURES / "senders.csv")
    assert sender.address == ["1 Test Road", "London"]
    assert sender.city.values == {"en": "London", "uk": "Лондон"}
    assert validate_file(FIXTURES / "senders.csv") == []


def test_csv_conflicting_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "id,name,name.en,country,language\nx,Someone,Someone,GB,en\n")
    (problem,) = validate_file(path)
    assert (problem.line, problem.column) == (2, 3) and "not both" in problem.message


def test_loaded_files_survive_pickling_for_worker_processes() -> None:
    import pickle

    from advocacy_docs.case.source import read_document

    path = EXAMPLES / "recipients" / "officials.yaml"
    doc = read_document(path)
    again = pickle.loads(pickle.dumps(doc.data))
    assert again == doc.data
    case = load_case(EXAMPLES / "cases" / "khamroev.yaml")
    assert pickle.loads(pickle.dumps(case)) == case
