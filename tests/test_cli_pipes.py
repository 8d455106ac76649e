"""Every command ends quietly when the reader of its output goes away (`| head`), as Unix tools do:
no traceback, no "Exception ignored", the exit status of a tool killed by SIGPIPE."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from advocacy_docs.cli import EXIT_CLOSED_PIPE, build_parser
from tests.conftest import CASE_FILE, EXAMPLES, RECIPIENTS_FILE, ROOT, SENDERS_FILE, TODAY

CASE = str(CASE_FILE)
CAMPAIGN = str(EXAMPLES / "campaigns" / "khamroev-embassies.yaml")


def _commands(tmp: Path) -> dict[str, list[list[str]]]:
    """Each command of the CLI with the ways of calling it that print something."""
    out = str(tmp / "out")
    return {
        "render": [
            shlex.split(
                "render {case} --kind letter --format txt --date {today} -o {out} --recipient "
                "{recipients}#prosecutor-general-ru --sender {senders}#alex-morgan"
            ),
        ],
        "kinds": [["kinds"]],
        "locales": [["locales"]],
        "validate": [["validate", CASE, str(RECIPIENTS_FILE), str(SENDERS_FILE)]],
        "schema": [["schema"]],
        "check": [
            ["check", CASE, "--for", "echr", "--json", "--today", str(TODAY)],
            ["check", CASE, "--for", "hrc", "--today", str(TODAY)],
        ],
        "i18n": [["i18n", "--root", str(ROOT), "status"], ["i18n", "--root", str(ROOT), "check"]],
        "campaign": [
            ["campaign", CAMPAIGN, "-o", out],
        ],
        "demo": [["demo", "-o", out, "--date", str(TODAY)]],
        # Its first line is the address: with nobody reading, it ends there, before it serves.
        "studio": [["studio", str(tmp), "--port", "8765", "--no-browser"]],
        "--help": [["--help"], ["render", "--help"]],
        "--version": [["--version"]],
    }


def test_every_command_is_tried() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) | {"--help", "--version"} == set(_commands(Path("x")))


def _calls() -> list[tuple[str, list[str]]]:
    return [
        (f"{name}#{i}", args)
        for name, variants in _commands(Path("{tmp}")).items()
        for i, args in enumerate(variants)
    ]


def _closed_pipe() -> int:
    """The writing end of a pipe whose reader has already gone away."""
    read, write = os.pipe()
    os.close(read)
    return write


def _run(args: list[str], tmp: Path, *, stderr_too: bool) -> subprocess.CompletedProcess[bytes]:
    names = {"tmp": str(tmp), "case": CASE, "today": str(TODAY), "out": str(tmp / "out"),
             "recipients": str(RECIPIENTS_FILE), "senders": str(SENDERS_FILE)}  # fmt: skip
    args = [a.format(**names) if "{" in a else a for a in args]
    stdout = _closed_pipe()
    try:
        return subprocess.run(
            [sys.executable, "-m", "advocacy_docs.cli", *args],
            stdout=stdout,
            stderr=_closed_pipe() if stderr_too else subprocess.PIPE,
            timeout=600,
            cwd=tmp,
        )
    finally:
        os.close(stdout)


@pytest.mark.parametrize(("name", "args"), _calls(), ids=[c[0] for c in _calls()])
def test_a_closed_stdout_ends_the_command_quietly(
    name: str, args: list[str], tmp_path: Path
) -> None:
    result = _run(args, tmp_path, stderr_too=False)
    assert b"Traceback" not in result.stderr and b"Exception ignored" not in result.stderr, (
        result.stderr.decode()[-2000:]
    )
    if name.startswith("campaign"):  # prints nothing on stdout: it just runs
        assert result.returncode == 0, result.stderr.decode()[-2000:]
    elif name.startswith("--"):  # argparse itself prints, ignores the closed pipe and exits 0
        assert result.returncode in (0, EXIT_CLOSED_PIPE)
    else:
        assert result.returncode == EXIT_CLOSED_PIPE, result.stderr.decode()[-2000:]


@pytest.mark.parametrize(
    "args", [["check", CASE, "--for", "echr", "--json"], ["campaign", CAMPAIGN, "-o", "out"]]
)
def test_closed_stdout_and_stderr_end_the_command_quietly(args: list[str], tmp_path: Path) -> None:
    # `2>&1 | head`: nothing can be said any more; the exit status still tells what happened.
    result = _run(args, tmp_path, stderr_too=True)
    assert result.returncode == EXIT_CLOSED_PIPE
