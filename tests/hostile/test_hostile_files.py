"""Hostile input files: each is refused quickly, with one clear message per problem that names
the file and the line, prints no control character to the terminal, runs nothing and reads no
other file.

Files too large or too binary to keep in the repository are written by the tests; the others
are in tests/hostile/fixtures/inputs/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from advocacy_docs.case import load_case, load_recipients, validate_file
from advocacy_docs.cli import main
from advocacy_docs.errors import AdvocacyError, ValidationFailed
from tests.hostile.guard import assert_contained, system_roots, watching
from tests.work import counting_work, within_caps

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
HEAD = "schema: advocacy-docs/case@1\nid: hostile\nlanguage: en\n"
TAIL = "status: detained\nstate: RU\n"
# What the terminal must never receive from an error message.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _nested_yaml(depth: int) -> bytes:
    return (HEAD + "person: " + "[" * depth + "]" * depth + "\n" + TAIL).encode()


def _nested_json(depth: int) -> bytes:
    return (
        '{"schema": "advocacy-docs/case@1", "person": ' + "[" * depth + "]" * depth + "}"
    ).encode()


def _quadratic() -> bytes:
    # 50 aliases of a list of 3000 values: 150 000 values from a 20 kB file.
    items = ", ".join(["x"] * 3000)
    refs = ", ".join(["*big"] * 50)
    return (HEAD + f"big: &big [{items}]\nperson: {{name: [{refs}]}}\n" + TAIL).encode()


GENERATED: dict[str, tuple[str, Callable[[], bytes], str]] = {
    # name: (file name, content, what the message says)
    "huge file": (
        "huge.yaml",
        lambda: HEAD.encode() + b"summary: " + b"x" * (6 * 1024 * 1024) + b"\n",
        "larger than 5 MB",
    ),
    "deep YAML nesting": ("deep.yaml", lambda: _nested_yaml(20_000), "nested more than"),
    "deep JSON nesting": ("deep.json", lambda: _nested_json(100_000), "nested more than"),
    "aliases expanding quadratically": ("quadratic.yaml", _quadratic, "aliases"),
    "raw NUL in YAML": (
        "nul.yaml",
        lambda: HEAD.encode() + b"person:\n  name: Some\x00one\n" + TAIL.encode(),
        "U+0000",
    ),
    "raw escape sequence in YAML": (
        "esc.yaml",
        lambda: HEAD.encode() + b"person:\n  name: \x1b]0;owned\x07\n" + TAIL.encode(),
        "U+001B",
    ),
    "raw control character in JSON": (
        "ctrl.json",
        lambda: b'{"schema": "advocacy-docs/case@1", "id": "x\x0b"}',
        "control character",
    ),
    "not UTF-8": (
        "latin1.yaml",
        lambda: HEAD.encode() + "person: {name: Jos\xe9}\n".encode("latin-1"),
        "UTF-8",
    ),
    "UTF-16 with a BOM": ("utf16.yaml", lambda: (HEAD + TAIL).encode("utf-16"), "UTF-8"),
    "a 5000-digit number in YAML": (
        "bignum.yaml",
        lambda: (HEAD + "person: {name: x, born: " + "9" * 5000 + "}\n" + TAIL).encode(),
        "person.born",
    ),
    "a 5000-digit number in JSON": (
        "bignum.json",
        lambda: (
            '{"schema": "advocacy-docs/case@1", "id": "x", "language": "en", "status": '
            '"detained", "state": "RU", "person": {"name": "x"}, "proceedings": '
            '{"prosecution_demand": {"years": ' + "9" * 5000 + "}}}"
        ).encode(),
        "years",
    ),
    "a 5000-digit hexadecimal number": (
        "bighex.yaml",
        lambda: (
            HEAD
            + "person: {name: x}\nproceedings: {prosecution_demand: {years: 0x"
            + "f" * 5000
            + "}}\n"
            + TAIL
        ).encode(),
        "years",
    ),
    "an empty file": ("empty.yaml", lambda: b"", "empty"),
    "a file of NULs": ("zeros.json", lambda: b"\x00" * 1000, "JSON syntax error"),
}

KEPT = {
    "billion laughs": ("billion_laughs.yaml", "aliases"),
    "an alias inside its own anchor": ("self_alias.yaml", "nested more than"),
    "!!python/object/apply": ("python_apply.yaml", "!!python/object/apply:os.system"),
    "!!python/object/new": ("python_new.yaml", "!!python/object/new:subprocess.Popen"),
    "!!python/name": ("python_name.yaml", "!!python/name:os.system"),
    "!include": ("include_tag.yaml", "'!include' is not allowed"),
    "merge key": ("merge_key.yaml", "merge keys"),
    "a list as a key": ("complex_key.yaml", "a key must be text"),
    "two documents": ("two_documents.yaml", "single document"),
    "escapes in double quotes": ("escapes_in_quotes.yaml", "U+001B"),
    "terminal escape in a key": ("terminal_escape_key.json", "a key here contains U+001B"),
    "lone surrogates": ("lone_surrogate.json", "U+D800"),
    "NUL and U+FFFF escapes": ("nul_escape.json", "U+FFFF"),
}

CASES = sorted({**{k: "generated" for k in GENERATED}, **{k: "kept" for k in KEPT}})


def _file(name: str, tmp_path: Path) -> tuple[Path, str]:
    if name in KEPT:
        file_name, expected = KEPT[name]
        return INPUTS / file_name, expected
    file_name, content, expected = GENERATED[name]
    path = tmp_path / file_name
    path.write_bytes(content())
    return path, expected


def _check_message(message: str, path: Path, expected: str) -> None:
    assert str(path) in message, message[:300]
    assert expected in message, message[:300]
    assert not _CONTROL.search(message), ascii(message[:300])


@pytest.mark.parametrize("name", CASES)
def test_hostile_file_is_refused_clearly(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # where "touch ADVOCACY_DOCS_PWNED" would write
    path, expected = _file(name, tmp_path)
    with watching() as activity, counting_work(monkeypatch) as steps:
        with pytest.raises(AdvocacyError) as caught:
            load_case(path)
        try:
            problems = validate_file(path)  # every problem, for a file that can be read
        except AdvocacyError as exc:
            assert str(exc) == str(caught.value)  # one that cannot: the same error
            problems = []
    # Refused quickly: the reader's work stays within its caps, whatever the file says.
    assert within_caps(steps, path.stat().st_size, reads=2), steps  # load, then validate
    assert_contained(activity, [path.parent, *system_roots()])
    _check_message(str(caught.value), path, expected)
    if isinstance(caught.value, ValidationFailed):
        assert problems == caught.value.problems
        for problem in problems:
            assert problem.file == str(path) and problem.line is not None, problem
    assert not (tmp_path / "ADVOCACY_DOCS_PWNED").exists()
    assert not Path("ADVOCACY_DOCS_PWNED").exists()
    # The command line: exit code 2, the same messages, no traceback, no control character.
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    _check_message(out.out + out.err, path, expected)


def test_a_large_file_under_the_cap_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 1 MB case loads and validates, with work in proportion to its values, not its size."""
    text = HEAD + "person: {name: Someone}\nsummary: " + "word " * 200_000 + "\n" + TAIL
    path = tmp_path / "large.yaml"
    path.write_text(text)
    assert os.path.getsize(path) > 1_000_000
    with counting_work(monkeypatch) as steps:
        case = load_case(path)
        assert validate_file(path) == []
    assert case.summary is not None and case.summary.plain == "word " * 199_999 + "word"
    assert steps["yaml values built"] <= 2 * 20  # twice a case of under twenty values


def test_a_recipients_csv_with_control_characters_names_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "recipients.csv"
    path.write_bytes(b"id,name,country,language\nmin,Mini\x00ster,RU,ru\nok,\x1b[2JOk,RU,ru\n")
    with pytest.raises(ValidationFailed) as caught:
        load_recipients(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        f"{path}:2:2: name: this text contains U+0000, a control character or half of a "
        "surrogate pair that no document can show: delete it",
        f"{path}:3:2: name: this text contains U+001B, a control character or half of a "
        "surrogate pair that no document can show: delete it",
    ]
