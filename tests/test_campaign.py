"""Campaigns: many recipients, each in their language, every file whole and accounted for."""

from __future__ import annotations

import csv
import email
import email.header
import email.policy
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from advocacy_docs.campaign import Progress, RendererOptions, pdf_page_count, run_campaign, runner
from advocacy_docs.campaign.cputime import WorkerCpu
from advocacy_docs.campaign.manifest import JOURNAL

from .conftest import CASE_FILE, EXAMPLES, ROOT, SENDERS_FILE

EXAMPLE_CAMPAIGN = EXAMPLES / "campaigns" / "khamroev-embassies.yaml"
OFFICIALS_CSV = EXAMPLES / "recipients" / "officials.csv"


# --- helpers (also used by the other test_campaign_* modules) -------------------------------


def example_rows() -> tuple[list[str], list[list[str]]]:
    """The header and rows of the example recipients CSV."""
    lines = [ln for ln in OFFICIALS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)]
    body = "".join(ln for ln in lines if not ln.startswith("#"))
    rows = list(csv.reader(io.StringIO(body, newline="")))
    return rows[0], rows[1:]


def make_recipients_csv(
    path: Path, count: int, *, emails: bool = False, extra: str | None = None, at: int = -1
) -> Path:
    """A recipients CSV of ``count`` rows cycling through the example officials (ids made unique).

    ``extra`` is a raw line inserted before row ``at`` (a malformed row, say).
    """
    header, rows = example_rows()
    if emails:
        header = [*header, "email"]
    out = io.StringIO(newline="")
    out.write("# schema: advocacy-docs/recipients@1\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for i in range(count):
        if i == at and extra is not None:
            out.write(extra + "\n")
        row = list(rows[i % len(rows)])
        row[0] = f"{row[0]}-{i:05d}"
        if emails:
            row.append(f"{row[0]}@example.org")
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def write_campaign(folder: Path, name: str = "campaign.yaml", **fields: Any) -> Path:
    """A campaign file over the example case and senders; ``fields`` override or add keys."""
    data: dict[str, Any] = {
        "schema": "advocacy-docs/campaign@1",
        "case": str(CASE_FILE),
        "recipients": str(OFFICIALS_CSV),
        "senders": [f"{SENDERS_FILE}#alex-morgan"],
        "formats": ["pdf", "txt"],
        "date": "2026-11-27",
    }
    data.update(fields)
    path = folder / name
    # JSON is YAML: no need for a YAML writer.
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path.with_suffix(".yaml") if path.suffix != ".yaml" else path


def check_manifest(folder: Path) -> dict[str, Any]:
    """Assert the manifest and the folder agree exactly; return the manifest."""
    from pypdf import PdfReader

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"]: e for e in manifest["outputs"]}
    assert len(listed) == len(manifest["outputs"])  # no path listed twice
    on_disk = {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", "errors.json")
    }
    assert on_disk == set(listed), "every file listed, every listed file present"
    assert not (folder / JOURNAL).exists()
    for path, entry in listed.items():
        data = (folder / path).read_bytes()
        assert len(data) == entry["size"], path
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], path
        assert len(entry["inputs"]) == 64
        if entry["format"] == "pdf":
            reader = PdfReader(io.BytesIO(data))
            assert len(reader.pages) == entry["pages"] >= 1
            assert reader.pages[0].extract_text()
        else:
            assert entry["pages"] is None
            assert data.strip()
    return manifest


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``advocacy-docs ARGS`` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "advocacy_docs.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def _txt(folder: Path, path: str) -> str:
    return (folder / path).read_text(encoding="utf-8")


# --- the example --------------------------------------------------------------------------


def test_example_campaign(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_campaign(EXAMPLE_CAMPAIGN, out, workers=2)
    assert summary.exit_code == 0, summary.text()
    assert (summary.recipients, summary.documents, summary.files_written) == (4, 4, 8)
    manifest = check_manifest(out)
    assert {e["path"] for e in manifest["outputs"]} == {
        f"{rid}/letter.{lang}.{fmt}"
        for rid, lang in [
            ("ambassador-ru-gb", "en"),
            ("embassy-ru-de", "de"),
            ("embassy-ru-fr", "fr"),
            ("embassy-ru-pl", "pl"),
        ]
        for fmt in ("pdf", "txt")
    }
    senders = {e["recipient"]: e["sender"] for e in manifest["outputs"]}
    assert senders["embassy-ru-pl"] == "olena-koval"  # assign_senders by language
    assert senders["embassy-ru-de"] == "alex-morgan"  # the default
    assert "Olena Koval" in _txt(out, "embassy-ru-pl/letter.pl.txt")
    # The sender's own paragraph, in the letter's language, before the demands.
    letter = _txt(out, "embassy-ru-de/letter.de.txt")
    german = " ".join(letter.split())
    assert "Ich verfolge den Fall von Bakhrom Khamroev" in german
    first_demand = re.search(r"^1\. ", letter, re.MULTILINE)  # not the date, "1. Juni 2023"
    assert first_demand is not None
    assert letter.index("Ich verfolge") < first_demand.start()
    assert manifest["date"] == "2023-06-01"  # the campaign file's, not today
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert errors["errors"] == []
    assert errors["warnings"] == []  # dated just after its facts, the example says nothing


def test_personal_paragraph_is_escaped_and_per_recipient(tmp_path: Path) -> None:
    campaign = write_campaign(
        tmp_path,
        recipients=str(EXAMPLES / "recipients" / "officials.yaml"),
        filter={"id": ["ambassador-ru-gb", "ombudsman-ua"]},
        formats=["html", "txt"],
        personal={
            "senders": {"alex-morgan": "Our <b>network</b> & I write to you again."},
            "recipients": {"ombudsman-ua": {"uk": "Дякую за вашу роботу."}},
        },
    )
    out = tmp_path / "out"
    assert run_campaign(campaign, out, workers=1).exit_code == 0
    html = _txt(out, "ambassador-ru-gb/letter.en.html")
    assert "<p>Our &lt;b&gt;network&lt;/b&gt; &amp; I write to you again.</p>" in html
    uk = _txt(out, "ombudsman-ua/letter.uk.txt")
    assert "Дякую за вашу роботу." in uk and "network" not in uk  # the recipient's one wins


def test_round_robin_filter_exclude_and_fixed_locales(tmp_path: Path) -> None:
    campaign = write_campaign(
        tmp_path,
        senders=[str(SENDERS_FILE)],  # the whole file: alex-morgan, olena-koval
        filter={"country": ["RU", "GB", "UA", "DE"]},
        exclude={"id": "embassy-ru-de"},
        formats=["txt"],
        locale=["en", "uk"],
        output="{locale}/{recipient.country}-{recipient.id}.{format}",
    )
    out = tmp_path / "out"
    summary = run_campaign(campaign, out, workers=2)
    assert summary.exit_code == 0, summary.text()
    manifest = check_manifest(out)
    assert summary.recipients == 3 and summary.documents == 6
    by_path = {e["path"]: e for e in manifest["outputs"]}
    assert set(by_path) == {
        f"{lang}/{rid}.txt"
        for lang in ("en", "uk")
        for rid in ("RU-prosecutor-general-ru", "GB-ambassador-ru-gb", "UA-ombudsman-ua")
    }
    # Round-robin in file order: first recipient, first sender; second, second; third, first.
    assert by_path["en/RU-prosecutor-general-ru.txt"]["sender"] == "alex-morgan"
    assert by_path["en/GB-ambassador-ru-gb.txt"]["sender"] == "olena-koval"
    assert by_path["uk/UA-ombudsman-ua.txt"]["sender"] == "alex-morgan"
    assert "Бахрома Хамроєва" in _txt(out, "uk/GB-ambassador-ru-gb.txt")  # "у справі …"


def test_locale_falls_back_along_the_chain(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "note").mkdir(parents=True)
    (templates / "note" / "kind.toml").write_text(
        'title = "Note"\nformats = ["txt"]\nlocales = ["uk", "en"]\nneeds = ["recipient"]\n'
    )
    (templates / "note" / "document.html.j2").write_text(
        '{% extends "partials/base.html.j2" %}{% block title %}Note{% endblock %}'
        "{% block body %}<p>{{ person.name }}</p>{% endblock %}"
    )
    recipients = tmp_path / "r.yaml"
    recipients.write_text(
        "schema: advocacy-docs/recipients@1\nrecipients:\n"
        "  - {id: crimea, name: Someone, country: UA, language: crh}\n"
        "  - {id: spain, name: Alguien, country: ES, language: es}\n",
        encoding="utf-8",
    )
    campaign = write_campaign(tmp_path, recipients="r.yaml", kinds=["note"], formats=["txt"])
    out = tmp_path / "out"
    summary = run_campaign(
        campaign, out, workers=1, options=RendererOptions(template_dirs=(templates,))
    )
    assert summary.exit_code == 0, summary.text()
    paths = {e["path"] for e in check_manifest(out)["outputs"]}
    # crh -> uk (the kind has no crh; Crimean Tatar falls back to Ukrainian first);
    # es is no locale at all -> fallback_locale (en).
    assert paths == {"crimea/note.uk.txt", "spain/note.en.txt"}
    assert "Бахром Хамроєв" in _txt(out, "crimea/note.uk.txt")
    assert any("no locale 'es'" in w for w in summary.warnings)


# --- resume, determinism, zip -------------------------------------------------------------


def test_resume_keeps_intact_files_and_redoes_the_rest(tmp_path: Path) -> None:
    make_recipients_csv(tmp_path / "r.csv", 6)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["pdf", "txt"])
    out = tmp_path / "out"
    first = run_campaign(campaign, out, workers=2)
    assert first.exit_code == 0 and first.rendered == 6
    before = check_manifest(out)
    entries = sorted(before["outputs"], key=lambda e: e["path"])
    (out / entries[0]["path"]).write_bytes(b"damaged")  # one file changed behind our back
    (out / entries[3]["path"]).unlink()  # one lost
    (out / ".letter.en.txt.abcd1234.part").write_bytes(b"half")  # a killed run's temp file
    again = run_campaign(campaign, out, workers=2, resume=True)
    assert again.exit_code == 0, again.text()
    assert (again.skipped, again.rendered) == (4, 2)
    assert again.files_written == 2 and again.files_kept == 10
    assert again.temp_removed == 1
    after = check_manifest(out)
    assert after["outputs"] == before["outputs"]  # the same bytes as the first time
    # A changed input (the date on the letters) renders everything again.
    changed = write_campaign(tmp_path, recipients="r.csv", date="2026-12-01")
    third = run_campaign(changed, out, workers=2, resume=True)
    assert (third.skipped, third.rendered) == (0, 6)
    check_manifest(out)


def test_zip_is_deterministic(tmp_path: Path) -> None:
    campaign = write_campaign(tmp_path, filter={"language": ["en", "uk"]}, formats=["pdf", "txt"])
    zips = []
    for name in ("a", "b"):
        summary = run_campaign(campaign, tmp_path / name / "out", workers=2, zip_output=True)
        assert summary.zip_path == tmp_path / name / "out.zip"
        zips.append(summary.zip_path.read_bytes())
    assert zips[0] == zips[1]
    with zipfile.ZipFile(io.BytesIO(zips[0])) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        assert names == sorted(names)
        assert set(names) == {e["path"] for e in manifest["outputs"]} | {
            "manifest.json",
            "errors.json",
        }
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- bad rows, e-mails --------------------------------------------------------------------


def test_one_malformed_row_is_reported_and_the_rest_written(tmp_path: Path) -> None:
    bad = "not an id,Someone,,,,,,,,,,,,,,,Russia,russian"
    recipients = make_recipients_csv(tmp_path / "r.csv", 8, extra=bad, at=5)
    line = next(n for n, text in enumerate(recipients.read_text().splitlines(), 1) if text == bad)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["txt"])
    out = tmp_path / "out"
    result = run_cli("campaign", str(campaign), "-o", str(out), "--workers", "2")
    assert result.returncode == 1, result.stderr
    manifest = check_manifest(out)
    assert len(manifest["outputs"]) == 8  # every good letter
    assert f"{recipients}:{line}" in result.stderr  # the bad row named by file and line
    assert "FAILED: 1" in result.stderr
    (error,) = json.loads((out / "errors.json").read_text(encoding="utf-8"))["errors"]
    assert (error["file"], error["line"], error["recipient"]) == (
        "r.csv",  # relative to the campaign file: errors.json travels (--zip)
        line,
        "not an id",
    )
    assert any("country" in p and "not a country code" in p for p in error["problems"])
    assert any(f":{line}:" in p for p in error["problems"])


def test_bad_rows_in_a_yaml_file_and_duplicate_ids(tmp_path: Path) -> None:
    recipients = tmp_path / "r.yaml"
    recipients.write_text(
        "schema: advocacy-docs/recipients@1\n"
        "recipients:\n"
        "  - {id: one, name: One, country: GB, language: en}\n"
        "  - {id: two, name: Two, country: GB, language: english}\n"
        "  - {id: one, name: Again, country: GB, language: en}\n"
        "  - {id: three, name: Three, country: GB, language: en}\n",
        encoding="utf-8",
    )
    campaign = write_campaign(tmp_path, recipients="r.yaml", formats=["txt"])
    summary = run_campaign(campaign, tmp_path / "out", workers=1)
    assert summary.exit_code == 1
    assert summary.rendered == 2
    failures = {(f.line, f.recipient): f for f in summary.failures}
    assert set(failures) == {(4, "two"), (5, "one")}
    assert any("language" in p for p in failures[(4, "two")].problems)
    assert "duplicate id 'one' (line 3)" in failures[(5, "one")].problems[0]


def _parse(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_eml_campaign(tmp_path: Path) -> None:
    from pypdf import PdfReader

    recipients = make_recipients_csv(tmp_path / "r.csv", 6, emails=True)
    # One recipient without an address: its e-mail fails, its PDF is still written.
    text = recipients.read_text(encoding="utf-8").replace("embassy-ru-pl-00005@example.org", "")
    recipients.write_text(text, encoding="utf-8")
    campaign = write_campaign(
        tmp_path, recipients="r.csv", formats=["pdf", "txt", "eml"], attach_pdf=True
    )
    out = tmp_path / "out"
    summary = run_campaign(campaign, out, workers=2)
    assert summary.exit_code == 1
    (failure,) = summary.failures
    assert (failure.recipient, failure.format) == ("embassy-ru-pl-00005", "eml")
    assert "no email" in failure.message
    manifest = check_manifest(out)
    assert (out / "embassy-ru-pl-00005/letter.pl.pdf").is_file()
    emls = [e for e in manifest["outputs"] if e["format"] == "eml"]
    assert len(emls) == 5
    raw = (out / "ombudsman-ua-00002/letter.uk.eml").read_bytes()
    msg = _parse(raw)
    assert msg["To"].addresses[0].addr_spec == "ombudsman-ua-00002@example.org"
    # The name as RFC 2047 decodes it (the library's parser adds a space where it was folded).
    written = email.header.make_header(
        email.header.decode_header(email.message_from_bytes(raw)["To"])
    )
    assert str(written).startswith("Дмитро Валерійович Лубінець <")
    assert msg["Subject"] == "Звернення щодо звільнення Бахрома Хамроєва"  # uk, as the letter
    assert msg["From"].addresses[0].addr_spec == "alex.morgan@example.org"
    body = msg.get_body(("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n") == _txt(out, "ombudsman-ua-00002/letter.uk.txt")
    (attachment,) = list(msg.iter_attachments())
    pdf_bytes = attachment.get_content()
    assert isinstance(pdf_bytes, bytes)
    assert pdf_bytes == (out / "ombudsman-ua-00002/letter.uk.pdf").read_bytes()
    assert "Хамроєв" in (PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text() or "")
    en = _parse((out / "ambassador-ru-gb-00001/letter.en.eml").read_bytes())
    assert en["Subject"] == "Appeal for the release of Bakhrom Khamroev"


# --- progress and small parts -------------------------------------------------------------


class FakeClock:
    """A clock that moves only when told to; starts where a machine booted moments ago is."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("boot", [0.0, 0.5, 5.0, 9.99, 10.0, 1e6])
def test_progress_line(boot: float) -> None:
    clock = FakeClock(boot)
    plain = io.StringIO()
    progress = Progress(100, plain, tty=False, every=10, clock=clock)
    clock.now += 1
    progress.update(2, 0)  # the first line is printed, however long the machine has been up
    clock.now += 9.5
    progress.update(20, 0)  # too soon for another
    clock.now += 0.5
    progress.update(22, 0)  # `every` seconds after the last line
    clock.now += 1
    progress.update(100, 1, force=True)
    progress.close()
    lines = plain.getvalue().splitlines()
    assert lines == [
        "[  2/100]   2%    2.0 documents/s  elapsed 0:01  left 0:49",
        "[ 22/100]  22%    2.0 documents/s  elapsed 0:11  left 0:39",
        "[100/100] 100%    8.3 documents/s  elapsed 0:12  left 0:00  failed 1",
    ]


def test_progress_note_and_terminal() -> None:
    clock = FakeClock(0.0)
    plain = io.StringIO()
    progress = Progress(0, plain, tty=False, every=10, clock=clock)
    progress.note("reading recipients: 100 rows")  # shown at once on a just-booted clock
    clock.now += 5
    progress.note("reading recipients: 200 rows")
    assert plain.getvalue() == "reading recipients: 100 rows\n"
    tty = io.StringIO()
    progress = Progress(10, tty, tty=True, clock=clock)
    progress.update(5, 0)
    clock.now += 0.1
    progress.update(6, 0)  # a terminal is redrawn at most every 0.2 s
    progress.update(7, 0, force=True)
    progress.close()
    assert tty.getvalue().count("\r\x1b[K") == 2
    assert tty.getvalue().startswith("\r\x1b[K[ 5/10]") and tty.getvalue().endswith("\n")


def test_pdf_page_count_agrees_with_pypdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from advocacy_docs import load_case, load_senders, render

    case = load_case(CASE_FILE)
    sender = load_senders(SENDERS_FILE)[0]
    data = render(case, kind="briefing", locale="en", fmt="pdf", sender=sender).data
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages > 1
    assert pdf_page_count(data) == pages
    assert pdf_page_count(b"not a pdf") is None


@pytest.mark.parametrize("workers", ["0", "x"])
def test_cli_rejects_bad_workers(tmp_path: Path, workers: str) -> None:
    result = run_cli("campaign", str(EXAMPLE_CAMPAIGN), "-o", str(tmp_path), "--workers", workers)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_few_hundred_recipients_in_chunks(tmp_path: Path) -> None:
    make_recipients_csv(tmp_path / "r.csv", 300)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["txt"])
    out = tmp_path / "out"
    summary = run_campaign(campaign, out, workers=2)  # several items per task
    assert summary.exit_code == 0, summary.text()
    assert summary.rendered == 300
    assert len(check_manifest(out)["outputs"]) == 300


# --- CPU time: the workers are the fork server's children, not the main process's ----------


def test_worker_cpu_keeps_each_workers_latest_total() -> None:
    cpu = WorkerCpu()
    cpu.observe(101, 1.0)
    cpu.observe(101, 2.5)  # a running total: the latest replaces, never adds
    cpu.observe(102, 1.5)
    cpu.observe(101, 2.0)  # a chunk reported late is not newer
    cpu.observe(os.getpid(), 9.0)  # the main process rendering itself is counted apart
    cpu.observe(None, 9.0)
    assert (cpu.workers, cpu.seconds) == (2, 4.0)


def test_summary_counts_the_workers_cpu_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[tuple[int | None, float]] = []

    class Recording(WorkerCpu):
        def observe(self, pid: int | None, seconds: float) -> None:
            reported.append((pid, seconds))
            super().observe(pid, seconds)

    monkeypatch.setattr(runner, "WorkerCpu", Recording)
    make_recipients_csv(tmp_path / "r.csv", 4)
    campaign = write_campaign(tmp_path, recipients="r.csv", formats=["pdf"])
    summary = run_campaign(campaign, tmp_path / "out", workers=2)
    assert summary.rendered == 4, summary.text()
    pids = {pid for pid, _ in reported}
    assert pids and None not in pids and os.getpid() not in pids
    latest = {pid: max(s for p, s in reported if p == pid) for pid in pids}
    assert all(seconds > 0 for seconds in latest.values())
    assert summary.worker_cpu_seconds >= sum(latest.values()) > 0
    assert summary.cpu_seconds > summary.worker_cpu_seconds

    alone = run_campaign(campaign, tmp_path / "alone", workers=1)  # rendered in this process
    assert alone.rendered == 4
    assert alone.worker_cpu_seconds == 0 < alone.cpu_seconds


def test_chunks_shrink_towards_the_end() -> None:
    items: list[Any] = list(range(650))
    chunks = list(runner._chunked(iter(items), 8, len(items), 2))
    assert [i for chunk in chunks for i in chunk] == items  # each once, in order
    sizes = [len(chunk) for chunk in chunks]
    assert max(sizes) == sizes[0] == 8
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-4:] == [1, 1, 1, 1]  # no worker is left alone with a whole chunk at the end
