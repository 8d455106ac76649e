"""The suite itself: nothing skips under CI, a skip says how to make it run, and the library does
not depend on the machine's clock, time zone, language, home folder or current directory."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.programs import install_line

SKIPPING = textwrap.dedent(
    """
    from tests.programs import program

    def test_needs_a_program_nobody_has():
        program("pandoc")

    def test_passes():
        pass
    """
)


def _pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_skipping.py").write_text(SKIPPING)
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_XDIST_WORKER")}
    env["PATH"] = str(tmp_path / "no-programs-here")  # pandoc cannot be found
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.no_skips_in_ci", "-q", "-rs",
         "-p", "no:cacheprovider", "test_skipping.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_skip_says_which_apt_get_line_makes_it_run(tmp_path: Path) -> None:
    result = _pytest(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 1 skipped" in result.stdout
    assert f"pandoc is not installed; to run this test: {install_line('pandoc')}" in result.stdout
    assert "sudo apt-get install --no-install-recommends pandoc" in result.stdout


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_under_ci_a_skip_fails(tmp_path: Path, value: str) -> None:
    result = _pytest(tmp_path, value)
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed" in result.stdout
    assert "would skip, and nothing may skip under CI=true: pandoc is not installed" in (
        result.stdout
    )


@pytest.mark.parametrize("value", ["", "false", "0"])
def test_ci_false_lets_it_skip(tmp_path: Path, value: str) -> None:
    result = _pytest(tmp_path, value)
    assert result.returncode == 0 and "1 passed, 1 skipped" in result.stdout, result.stdout


# --- the library in other surroundings ------------------------------------------------------


def _time_namespace(seconds_since_boot: int) -> list[str]:
    """A command prefix under which the machine seems to have booted ``seconds_since_boot`` ago."""
    # Offsets are counted from the host's clocks, also when this process is in a time namespace
    # already (tools/hostile-surroundings.sh): take that namespace's own offset into account.
    offsets = {"monotonic": 0, "boottime": 0}
    timens = Path("/proc/self/timens_offsets")
    if timens.exists():
        for line in timens.read_text().splitlines():
            clock, secs, _ = line.split()
            offsets[clock] = int(secs)
    clocks = {"monotonic": time.CLOCK_MONOTONIC, "boottime": time.CLOCK_BOOTTIME}
    shifts = [
        f"--{name}={seconds_since_boot - int(time.clock_gettime(clock)) + offsets[name]}"
        for name, clock in clocks.items()
    ]
    for prefix in (["unshare"], ["unshare", "--user", "--map-root-user"]):
        command = [*prefix, "--time", *shifts]
        if shutil.which("unshare") and subprocess.run([*command, "true"]).returncode == 0:
            return command
    pytest.skip("needs a Linux time namespace (unshare --time: root or user namespaces)")


def test_a_campaign_on_a_machine_booted_a_second_ago_shows_its_first_progress_line(
    tmp_path: Path,
) -> None:
    campaign = EXAMPLES / "campaigns" / "khamroev-embassies.yaml"
    command = [*_time_namespace(1), sys.executable, "-m", "advocacy_docs.cli", "campaign",
               str(campaign), "-o", str(tmp_path / "o")]  # fmt: skip
    check = subprocess.run(
        [*_time_namespace(1), sys.executable, "-c", "import time; print(time.monotonic())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert float(check.stdout) < 10  # the clock really says the machine just booted
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert lines[0].startswith("[1/4]") and lines[-1].startswith("[4/4]"), result.stderr


def _demo(out: Path, cwd: Path, env: dict[str, str]) -> dict[str, str]:
    subprocess.run(
        [sys.executable, "-m", "advocacy_docs.cli", "demo", "-o", str(out), "--date", "2026-11-27"],
        cwd=cwd, env=env, check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    return {
        str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_every_document_is_the_same_whatever_the_surroundings(tmp_path: Path) -> None:
    """Time zone, language settings, hash seed, home and current folder change no byte."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "TZ"))}
    here = _demo(tmp_path / "a", ROOT, {**base, "PYTHONHASHSEED": "1", "TZ": "UTC"})
    home = tmp_path / "home"
    home.mkdir(mode=0o555)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    hostile = {**base, "PYTHONHASHSEED": "2", "TZ": "Pacific/Kiritimati", "LANG": "C",
               "LC_ALL": "C", "HOME": str(home), "PYTHONPATH": str(ROOT)}  # fmt: skip
    there = _demo(tmp_path / "b", elsewhere, hostile)
    assert len(here) > 100
    assert here == there


def test_campaign_workers_default_to_the_cpus_this_process_may_use() -> None:
    # A container or `taskset` gives a process fewer CPUs than the machine has.
    code = "from advocacy_docs.campaign.runner import usable_cpus; print(usable_cpus())"
    pinned = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code],
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert pinned.stdout.strip() == "1"
