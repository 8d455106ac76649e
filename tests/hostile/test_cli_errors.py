"""Every failure a user can cause, through the command line: the documented exit code (2 bad
input, 1 a render failed, 0 success), one message that names the file or option, the place and
the fix, and no traceback unless --debug.

tests/test_cli.py::test_user_errors_are_one_line_and_exit_2 already covers a missing case file,
an unknown kind, a missing recipient, an unknown recipient id, a locale nobody has, an unknown
format and a bad --date; this table covers the rest. A few run as a campaigner runs them, in a
subprocess; the others call main().
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from advocacy_docs.cli import main

HERE = Path(__file__).parent
REDACTION = HERE / "fixtures" / "redaction"
CASE = str(REDACTION / "case.yaml")
RECIPIENTS = str(REDACTION / "recipients.yaml")
SENDERS = str(REDACTION / "senders.yaml")
LETTER = ["--recipient", RECIPIENTS, "--sender", SENDERS]


def _kind(tmp: Path, body: str) -> str:
    kind = tmp / "templates" / "mine"
    kind.mkdir(parents=True)
    (kind / "kind.toml").write_text('title = "Mine"\nformats = ["txt", "html"]\n')
    (kind / "document.html.j2").write_text(
        '{% extends "partials/base.html.j2" %}{% block body %}' + body + "{% endblock %}"
    )
    return str(tmp / "templates")


def _two_senders(tmp: Path) -> str:
    path = tmp / "senders.yaml"
    path.write_text(
        "schema: advocacy-docs/senders@1\nsenders:\n"
        "  - {id: a, name: A, city: London, country: GB, email: a@example.org}\n"
        "  - {id: b, name: B, city: Paris, country: FR}\n"
    )
    return str(path)


def _bad_po(tmp: Path) -> str:
    folder = tmp / "locales" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "advocacy_docs.po").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Key facts"\nKey facts\n'
    )
    return str(tmp / "locales")


def _file(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text)
    return str(path)


Args = Callable[[Path], list[str]]

# name: (arguments, exit code, what the message must say: the place, and the fix)
TABLE: dict[str, tuple[Args, int, tuple[str, ...]]] = {
    "a case file with control characters": (
        lambda t: ["render", str(HERE / "fixtures/inputs/escapes_in_quotes.yaml"), *LETTER],
        2,
        ("escapes_in_quotes.yaml:6:9: person.name:", "delete it"),
    ),
    "a JSON case with a lone surrogate": (
        lambda t: ["validate", str(HERE / "fixtures/inputs/lone_surrogate.json")],
        2,
        ("lone_surrogate.json:2:21: person.name", "U+D800", "delete it"),
    ),
    "a kind not offered in the locale": (
        lambda t: ["render", CASE, "--kind", "hrc-communication", "--locale", "de"],
        2,
        ("hrc-communication", "'de'", "it is in en, fr, ru, uk"),
    ),
    "a format the kind does not have": (
        lambda t: ["render", CASE, "--kind", "briefing", "--format", "eml", "--sender", SENDERS],
        2,
        ("briefing", "'eml'", "it is as pdf"),
    ),
    "an unknown locale": (
        lambda t: ["render", CASE, "--locale", "zz", *LETTER],
        2,
        ("unknown locale 'zz'", "available locales are"),
    ),
    "a kind that needs a sender": (
        lambda t: ["render", CASE, "--kind", "briefing"],
        2,
        ("'briefing' needs a sender", "--sender FILE"),
    ),
    "a senders file with two senders and no #id": (
        lambda t: ["render", CASE, "--recipient", RECIPIENTS, "--sender", _two_senders(t)],
        2,
        ("senders.yaml", "has 2 senders (a, b)", "pick one with FILE#id"),
    ),
    "an e-mail from a sender without an address": (
        lambda t: [
            "render",
            CASE,
            "--format",
            "eml",
            "--recipient",
            RECIPIENTS,
            "--sender",
            _two_senders(t) + "#b",
        ],
        2,
        ("e-mail", "sender", "email"),
    ),
    "a recipients file that is missing": (
        lambda t: ["render", CASE, "--recipient", str(t / "nobody.yaml"), "--sender", SENDERS],
        2,
        ("nobody.yaml", "cannot read the file"),
    ),
    "a stylesheet that is missing": (
        lambda t: ["render", CASE, *LETTER, "--css", str(t / "house.css")],
        2,
        ("house.css", "stylesheet not found"),
    ),
    "a stylesheet that loads from the network": (
        lambda t: [
            "render",
            CASE,
            *LETTER,
            "--css",
            _file(t, "house.css", "p { background: url(http://127.0.0.1/b.png) }"),
        ],
        2,
        (
            "http://127.0.0.1/b.png",
            "may not load anything from the network",
            "the stylesheet's folder",
        ),
    ),
    "a reference document that is no .docx": (
        lambda t: ["render", CASE, *LETTER, "--format", "docx", "--reference-docx", CASE],
        2,
        ("case.yaml", "cannot be opened as a .docx"),
    ),
    "a template folder that is missing": (
        lambda t: ["render", CASE, "--templates", str(t / "none")],
        2,
        ("none", "template folder does not exist"),
    ),
    "a catalog that is not a .po file": (
        # A catalog is the deployment's, not the caller's input: a configuration error (exit 1).
        lambda t: ["render", CASE, *LETTER, "--locale", "en", "--locales-dir", _bad_po(t)],
        1,
        ("advocacy_docs.po:5", "misformatted"),
    ),
    "a template that leaves the sandbox": (
        lambda t: [
            "render",
            CASE,
            "--kind",
            "mine",
            "--format",
            "txt",
            "--templates",
            _kind(t, "{{ person.__class__ }}"),
        ],
        2,
        ("mine/document.html.j2", "blocked by the sandbox"),
    ),
    "a template with a syntax error": (
        lambda t: [
            "render",
            CASE,
            "--kind",
            "mine",
            "--format",
            "txt",
            "--templates",
            _kind(t, "{% if %}"),
        ],
        2,
        ("mine/document.html.j2:1", "syntax error"),
    ),
    "a template whose expression fails": (
        lambda t: [
            "render",
            CASE,
            "--kind",
            "mine",
            "--format",
            "txt",
            "--templates",
            _kind(t, "<p>{{ 1 / 0 }}</p>"),
        ],
        2,
        ("mine/document.html.j2:1", "ZeroDivisionError"),
    ),
    "a photo outside the case folder": (
        lambda t: [
            "render",
            _file(
                t,
                "case.yaml",
                Path(CASE)
                .read_text()
                .replace("  gender: female\n", "  gender: female\n  photo: ../secret.png\n"),
            ),
            *LETTER,
        ],
        2,
        ("case.yaml:", "person.photo", "inside the case file's folder"),
    ),
    "check: a bad --today": (
        lambda t: ["check", CASE, "--for", "echr", "--today", "2026-13-01"],
        2,
        ("--today", "'2026-13-01'", "such as 2026-11-27"),
    ),
    "check: a rules file that is not TOML": (
        lambda t: ["check", CASE, "--for", "echr", "--rules", CASE],
        2,
        ("case.yaml", "not a valid TOML file", "line 4"),
    ),
    "i18n: a folder without a translators' tree": (
        lambda t: ["i18n", "--root", str(t), "check"],
        2,
        ("no babel.cfg here", "--root"),
    ),
    "a template outside the HTML vocabulary": (
        lambda t: [
            "render",
            CASE,
            "--kind",
            "mine",
            "--format",
            "txt",
            "--templates",
            _kind(t, "<marquee>x</marquee>"),
        ],
        2,
        ("mine/document.html.j2:1: element <marquee> is outside the HTML vocabulary",),
    ),
}


@pytest.mark.parametrize("name", sorted(TABLE))
def test_cli_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make, code, expected = TABLE[name]
    args = make(tmp_path)
    if args[0] == "render":
        args += ["-o", str(tmp_path / "out")]
    assert main(args) == code
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    message = out.err if args[0] != "validate" else out.out
    for part in expected:
        assert part in message, (part, message)
    if args[0] != "validate":
        lines = out.err.splitlines()
        assert lines and lines[0].startswith("advocacy-docs: error: "), out.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advocacy_docs.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["render", str(HERE / "fixtures/inputs/terminal_escape_key.json")], 2, "U+001B"),
        (["--debug", "render", str(HERE / "fixtures/inputs/python_apply.yaml")], 2, "Traceback"),
    ],
)
def test_cli_in_a_subprocess(args: list[str], code: int, expected: str, tmp_path: Path) -> None:
    result = _run(*args, "-o", str(tmp_path))
    assert result.returncode == code, result.stderr
    assert expected in result.stderr
    assert ("Traceback" in result.stderr) == ("--debug" in args)
    assert "\x1b" not in result.stderr + result.stdout


def test_cli_render_failure_and_success_in_a_subprocess(tmp_path: Path) -> None:
    failed = _run("render", CASE, "--kind", "mine", "--format", "txt", "--templates",
                  _kind(tmp_path, "<marquee>x</marquee>"), "-o", str(tmp_path / "out"))  # fmt: skip
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert failed.stderr.startswith("advocacy-docs: error: ")
    assert (
        "mine/document.html.j2:1: element <marquee> is outside the HTML vocabulary" in failed.stderr
    )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    done = _run("render", CASE, *LETTER, "--format", "txt", "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_file()
