"""Every command, given broken inputs made up by Hypothesis, ends in a result or one clear line.

The inputs start from the bundled example (case, recipients, senders, campaign) and break one
value at a place Hypothesis picks, with a value of a kind that once made a command crash: a
date beyond the calendar, a number too long, a wrong type, a control or direction character,
nesting, an empty text. Each command (validate, render, check for each body, campaign) must
return 0, 1, 2 or 3 and print no traceback; nothing it raises may escape the command line.
"""

from __future__ import annotations

import contextlib
import copy
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advocacy_docs.cli import main
from tests.conftest import EXAMPLES

CASE = yaml.safe_load((EXAMPLES / "cases" / "khamroev.yaml").read_text(encoding="utf-8"))
RECIPIENTS = yaml.safe_load(
    (EXAMPLES / "recipients" / "officials.yaml").read_text(encoding="utf-8")
)
SENDERS = yaml.safe_load((EXAMPLES / "senders" / "campaigner.yaml").read_text(encoding="utf-8"))

# Values that once crashed a command somewhere, or could.
BREAKERS = st.sampled_from(
    [
        None, "", " ", "9999-12", "9999-12-31", "0000", "0001-01-01", "2022-13-45", "2022-02-30",
        10**40, -1, 0, 1.5e308, float("nan"), True, [], {}, [[[[[]]]]], {"a": {"b": {"c": {}}}},
        "a\x1b[2Jb", "\u202eevil", "x" * 5000, "../../etc/passwd", "CON", "nul.txt", "a.",
        "x@example.org\n", "jöhn@exämple.org", "%(name)s", "{{ 7*7 }}", "<script>x</script>",
    ]
)  # fmt: skip


def _places(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in ``data`` (keys and list indexes)."""
    found = [here] if here else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data[:3]):  # the first items stand for the rest
            found += _places(value, (*here, index))
    return found


def _broken(data: Any, place: tuple[Any, ...], value: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    return out


def _run(argv: list[str]) -> tuple[int, str]:
    """The exit code and everything printed, with no exception escaping the command."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refusing an option
            code = int(exc.code or 0)
    printed = out.getvalue() + err.getvalue()
    return code, printed


def _clean(code: int, printed: str, what: str) -> None:
    assert code in (0, 1, 2, 3), (code, what, printed[-500:])
    assert "Traceback" not in printed, (what, printed[-1500:])


def _write(folder: Path, name: str, data: Any) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(place=st.sampled_from(_places(CASE)), value=BREAKERS)
def test_a_broken_case_file_never_makes_a_command_crash(
    tmp_path: Path, place: tuple[Any, ...], value: Any
) -> None:
    folder = tmp_path / f"c{abs(hash((place, repr(value)))) % 10**9}"
    folder.mkdir()
    case = _write(folder, "case.yaml", _broken(CASE, place, value))
    recipients = EXAMPLES / "recipients" / "officials.yaml"
    sender = f"{EXAMPLES / 'senders' / 'campaigner.yaml'}#alex-morgan"
    commands = [
        ["validate", str(case)],
        ["check", str(case), "--for", "echr", "--today", "2026-11-27"],
        ["check", str(case), "--for", "wgad", "--today", "2026-11-27", "--json"],
        ["check", str(case), "--for", "hrc", "--today", "2026-11-27"],
        ["render", str(case), "--kind", "letter", "--format", "txt", "--locale", "uk",
         "--recipient", f"{recipients}#ombudsman-ua", "--sender", sender,
         "--date", "2026-11-27", "-o", str(folder / "out")],
        ["render", str(case), "--kind", "echr-application", "--format", "txt", "--locale", "en",
         "--date", "2026-11-27", "-o", str(folder / "out")],
    ]  # fmt: skip
    for argv in commands:
        _clean(*_run(argv), what=f"{argv[0]} {place} = {value!r}")


@FAST
@given(
    which=st.sampled_from(["recipients", "senders"]),
    data=st.data(),
    value=BREAKERS,
)
def test_broken_recipients_and_senders_never_make_a_command_crash(
    tmp_path: Path, which: str, data: st.DataObject, value: Any
) -> None:
    source = RECIPIENTS if which == "recipients" else SENDERS
    place = data.draw(st.sampled_from(_places(source)))
    folder = tmp_path / f"r{abs(hash((which, place, repr(value)))) % 10**9}"
    folder.mkdir()
    broken = _write(folder, f"{which}.yaml", _broken(source, place, value))
    case = EXAMPLES / "cases" / "khamroev.yaml"
    recipients = broken if which == "recipients" else EXAMPLES / "recipients" / "officials.yaml"
    senders = broken if which == "senders" else EXAMPLES / "senders" / "campaigner.yaml"
    commands = [
        ["validate", str(broken)],
        ["render", str(case), "--kind", "letter", "--format", "txt,eml", "--recipient",
         str(recipients), "--sender", f"{senders}#alex-morgan", "--date", "2026-11-27",
         "-o", str(folder / "out")],
    ]  # fmt: skip
    for argv in commands:
        _clean(*_run(argv), what=f"{which} {place} = {value!r}")


CAMPAIGN_KEYS = ["name", "case", "recipients", "senders", "kinds", "formats", "locale", "date",
                 "output", "audience", "filter"]  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(key=st.sampled_from(CAMPAIGN_KEYS), value=BREAKERS)
def test_a_broken_campaign_file_never_makes_a_command_crash(key: str, value: Any) -> None:
    import tempfile

    text = (EXAMPLES / "campaigns" / "khamroev-embassies.yaml").read_text(encoding="utf-8")
    campaign = yaml.safe_load(text)
    campaign[key] = value
    # Relative names in the example are relative to its folder: keep them pointing there.
    for name in ("case", "recipients", "senders"):
        if isinstance(campaign.get(name), str) and name != key:
            campaign[name] = str((EXAMPLES / "campaigns" / campaign[name]).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "campaign.yaml", campaign)
        for argv in (
            ["validate", str(path)],
            ["campaign", str(path), "-o", str(Path(tmp) / "out"), "--quiet", "--workers", "1"],
        ):
            _clean(*_run(argv), what=f"campaign {key} = {value!r}")


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02", b"\xff\xfe\xfd not utf-8", b"- [" * 2000, b"{" * 5000, b"a: [1, 2"],
    ids=["empty", "binary", "not-utf8", "deep-yaml", "deep-json", "unclosed"],
)
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
def test_a_file_that_is_no_data_never_makes_a_command_crash(
    tmp_path: Path, content: bytes, suffix: str
) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(content)
    sender = f"{EXAMPLES / 'senders' / 'campaigner.yaml'}#alex-morgan"
    for argv in (
        ["validate", str(path)],
        ["check", str(path), "--for", "echr"],
        ["render", str(path), "--kind", "briefing", "--format", "txt", "--sender", sender,
         "-o", str(tmp_path / "out")],
        ["render", str(EXAMPLES / "cases" / "khamroev.yaml"), "--kind", "letter", "--format",
         "txt", "--recipient", str(path), "--sender", sender, "-o", str(tmp_path / "out")],
        ["campaign", str(path), "-o", str(tmp_path / "out2")],
    ):  # fmt: skip
        code, printed = _run(argv)
        _clean(code, printed, what=f"{argv[0]} {path.name}")
        assert code == 2, (argv, printed)
