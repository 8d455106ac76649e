"""The command line: exit codes, one clear line per user error, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from advocacy_docs.cli import main
from tests.conftest import CASE_FILE, RECIPIENTS_FILE, SENDERS_FILE

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a subprocess, as a campaigner runs it."""
    return subprocess.run(
        [sys.executable, "-m", "advocacy_docs.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CASE_FILE), str(RECIPIENTS_FILE), str(SENDERS_FILE)]) == 0
    assert capsys.readouterr().out.count(": OK") == 3


def test_validate_reports_every_problem_with_line_and_field() -> None:
    bad = FIXTURES / "cases" / "four-mistakes.yaml"
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 4, result.stdout
    joined = result.stdout
    assert "chages" in joined and "did you mean 'charges'" in joined
    assert "2023-02-30" in joined
    assert "person.name" in joined
    assert "unknown source" in joined
    for line in lines:
        assert line.startswith(f"{bad}:")
        assert line.split(":")[1].isdigit()  # every problem names its line


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "$schema" in schema and "person" in schema["properties"]


def test_kinds_and_locales(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds"]) == 0
    assert "letter" in capsys.readouterr().out
    assert main(["locales"]) == 0
    out = capsys.readouterr().out
    assert {"en", "uk", "ru"} <= {line.split()[0] for line in out.splitlines()}


def test_render_all_formats_for_one_recipient(tmp_path: Path) -> None:
    result = run(
        "render",
        str(CASE_FILE),
        "--kind",
        "letter",
        "--locale",
        "uk",
        "--format",
        "all",
        "--recipient",
        str(RECIPIENTS_FILE),
        "--sender",
        f"{SENDERS_FILE}#alex-morgan",
        "--date",
        "2026-11-27",
        "-o",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written.count(".pdf") >= 2  # one letter per recipient in the file
    assert {".pdf", ".docx", ".html", ".txt"} <= set(written)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "missing.yaml"], "missing.yaml"),
        (["render", str(CASE_FILE), "--kind", "nope"], "unknown document kind 'nope'"),
        (
            ["render", str(CASE_FILE), "--sender", str(SENDERS_FILE) + "#alex-morgan"],
            "needs a recipient",
        ),
        (
            ["render", str(CASE_FILE), "--recipient", str(RECIPIENTS_FILE) + "#nobody"],
            "no recipient with id 'nobody'",
        ),
        (
            [
                "render",
                str(CASE_FILE),
                "--locale",
                "zz",
                "--recipient",
                str(RECIPIENTS_FILE),
                "--sender",
                str(SENDERS_FILE) + "#alex-morgan",
            ],
            "zz",
        ),
        (["render", str(CASE_FILE), "--format", "odt"], "unknown format 'odt'"),
        (["render", str(CASE_FILE), "--date", "27/11/2026"], "--date"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main([*args, "-o", str(tmp_path)] if args[0] == "render" else args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_debug_shows_the_traceback() -> None:
    result = run("--debug", "render", "missing.yaml")
    assert result.returncode == 2
    assert "Traceback" in result.stderr


def test_demo_renders_every_kind_locale_and_format(tmp_path: Path) -> None:
    result = run("demo", "-o", str(tmp_path), "--date", "2026-11-27")
    assert result.returncode == 0, result.stderr
    for lang in ("en", "uk", "ru"):
        folder = tmp_path / "letter" / lang
        assert {p.suffix for p in folder.iterdir()} == {".pdf", ".docx", ".html", ".txt", ".eml"}
