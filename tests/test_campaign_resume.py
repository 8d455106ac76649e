"""A campaign killed mid-run (SIGKILL to every process) and resumed: nothing lost, nothing twice."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from advocacy_docs.campaign import run_campaign

from .conftest import ROOT
from .test_campaign import check_manifest, make_recipients_csv, write_campaign

LETTERS = 40


def _journaled(out: Path) -> dict[str, dict[str, object]]:
    entries: dict[str, dict[str, object]] = {}
    journal = out / "manifest.journal"
    if journal.exists():
        for line in journal.read_bytes().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut by the kill
            entries[entry["path"]] = entry
    return entries


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups (POSIX)")
def test_killed_campaign_resumes_to_a_complete_consistent_folder(tmp_path: Path) -> None:
    make_recipients_csv(tmp_path / "r.csv", LETTERS)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["txt", "pdf"])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "advocacy_docs.cli", "campaign", str(campaign)]
    command += ["-o", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    try:
        deadline = time.monotonic() + 120
        while len(_journaled(out)) < 8:  # some outputs exist: 4 letters or more
            assert proc.poll() is None, "the campaign ended before it could be killed"
            assert time.monotonic() < deadline, "no output after 2 minutes"
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists()  # it never got to the end
    before = _journaled(out)
    pdfs_before = len(list(out.rglob("*.pdf")))
    assert 8 <= len(before) < 2 * LETTERS, "killed mid-run"
    # The documents the killed run finished: both their files journaled. Their files must be
    # left alone by the resumed run (same inode, same modification time).
    by_doc: dict[str, set[object]] = {}
    for entry in before.values():
        by_doc.setdefault(str(entry["recipient"]), set()).add(entry["format"])
    finished = {rid for rid, formats in by_doc.items() if formats == {"txt", "pdf"}}
    untouched = {
        path: (out / path).stat() for path, e in before.items() if e["recipient"] in finished
    }

    result = subprocess.run(
        [*command, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    manifest = check_manifest(out)  # complete, valid, consistent, no journal
    assert len(manifest["outputs"]) == 2 * LETTERS
    assert len({e["path"] for e in manifest["outputs"]}) == 2 * LETTERS  # none twice
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]
    assert leftovers == []  # the killed run's temporary files are gone
    # What the summary says: the finished documents were skipped, only the rest rendered.
    skipped = re.search(r"skipped: (\d+) document", result.stderr)
    rendered = re.search(r"rendered: (\d+) document", result.stderr)
    assert skipped and rendered, result.stderr
    assert int(skipped.group(1)) == len(finished) >= 4
    assert int(rendered.group(1)) == LETTERS - len(finished)
    for path, stat in untouched.items():
        now = (out / path).stat()
        assert (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns), path
    assert len(list(out.rglob("*.pdf"))) == LETTERS >= pdfs_before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds workers with psutil")
def test_a_dead_worker_stops_the_run_with_a_message_and_resume_finishes(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    make_recipients_csv(tmp_path / "r.csv", LETTERS)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["txt", "pdf"])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "advocacy_docs.cli", "campaign", str(campaign)]
    command += ["-o", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(_journaled(out)) < 4:
            assert proc.poll() is None, "the campaign ended before a worker could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        main = psutil.Process(proc.pid)

        def pool_workers() -> list[object]:
            # The pool's workers (children of the fork server), not the fork server or the
            # resource tracker; a child may exit or be replaced while we look, hence retries.
            found = []
            for child in main.children(recursive=True):
                try:
                    if child.ppid() != main.pid:  # forked by the server, not the server itself
                        found.append(child)
                except psutil.Error:
                    continue
            return found

        workers = pool_workers()
        while not workers and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = pool_workers()
        assert workers
        os.kill(workers[0].pid, signal.SIGKILL)  # type: ignore[attr-defined]  # as OOM would
        _, stderr = proc.communicate(timeout=60)  # it must not wait forever for that worker
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, stderr
    assert "STOPPED: a worker process stopped unexpectedly (killed by signal 9)" in stderr
    assert "--resume" in stderr
    stopped = check_manifest(out)  # what was done is recorded, consistently
    assert len(stopped["outputs"]) < 2 * LETTERS
    result = subprocess.run(
        [*command, "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(check_manifest(out)["outputs"]) == 2 * LETTERS


def test_sigterm_stops_cleanly_and_records_what_was_done(tmp_path: Path) -> None:
    make_recipients_csv(tmp_path / "r.csv", LETTERS)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["txt", "pdf"])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "advocacy_docs.cli", "campaign", str(campaign)]
    command += ["-o", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(_journaled(out)) < 4:
            assert proc.poll() is None, "the campaign ended before it could be stopped"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "INTERRUPTED: run again with --resume to finish" in stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["outputs"]) >= 4  # what was done is recorded...
    for entry in manifest["outputs"]:  # ...and true
        assert (out / entry["path"]).stat().st_size == entry["size"]
    assert not (out / "manifest.journal").exists()


@pytest.mark.parametrize("stopped_after", [0, 2])
def test_files_a_stopped_worker_wrote_but_never_reported_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stopped_after: int
) -> None:
    # A worker killed between writing an item's files and reporting them leaves files the
    # manifest does not list. Here the run stops right after an item's files are written.
    from advocacy_docs.campaign import runner

    make_recipients_csv(tmp_path / "r.csv", 5)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["txt", "html"])
    real = runner.render_item
    calls = 0

    def stop_after_writing(item: Any) -> Any:
        nonlocal calls
        result = real(item)  # its files are on disk now
        calls += 1
        if calls > stopped_after:
            raise KeyboardInterrupt  # before the result reaches the journal
        return result

    monkeypatch.setattr(runner, "render_item", stop_after_writing)
    out = tmp_path / "out"
    summary = run_campaign(campaign, out, workers=1)
    assert summary.interrupted
    assert summary.unrecorded_removed == 2  # the txt and html of the item never reported
    stopped = check_manifest(out)  # every file listed, every listed file present
    assert len(stopped["outputs"]) == 2 * stopped_after
    monkeypatch.setattr(runner, "render_item", real)
    finished = run_campaign(campaign, out, workers=1, resume=True)
    assert finished.exit_code == 0
    assert len(check_manifest(out)["outputs"]) == 2 * 5
