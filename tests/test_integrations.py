"""The integrations of examples/integrations/, run as an integrator runs them: against the built
wheel, installed in a fresh virtual environment that cannot see this source tree."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import subprocess
import sys
import venv
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
INTEGRATIONS = EXAMPLES / "integrations"


class Installed:
    """A fresh virtual environment holding the built wheel (and Flask, for the web example)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.python = root / "venv" / "bin" / "python"
        self.command = root / "venv" / "bin" / "advocacy-docs"

    def run(
        self, *args: str | Path, cwd: Path, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run the venv's Python with ``args`` in ``cwd``, with nothing of this tree on its path."""
        env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
        env["PYTHONSAFEPATH"] = "1"  # the script's folder is not put before the installed package
        done = subprocess.run(
            [str(self.python), *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(root),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = root.glob("advocacy_docs-*.whl")
    venv.EnvBuilder(with_pip=True).create(root / "venv")
    env = Installed(root)
    subprocess.run(
        [str(env.python), "-m", "pip", "install", "--quiet", str(wheel), "flask>=3"],
        check=True,
        capture_output=True,
        timeout=600,
    )
    where = env.run("-c", "import advocacy_docs; print(advocacy_docs.__file__)", cwd=root)
    assert where.stdout.startswith(str(root / "venv")), where.stdout  # the wheel, not this tree
    yield env


def _data(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _png(width: int, height: int) -> bytes:
    """A grey PNG picture of ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def _pdf_text(data: bytes, tmp: Path) -> str:
    file = tmp / "x.pdf"
    file.write_bytes(data)
    return " ".join(page.extract_text() for page in PdfReader(file).pages)


# --- a web endpoint that renders a letter from posted JSON ---------------------------------

WEB_CLIENT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from app import app
requests = json.load(open(sys.argv[2], encoding="utf-8"))
client = app.test_client()
out = []
for body in requests:
    r = client.post("/render", json=body)
    out.append({"status": r.status_code, "type": r.mimetype,
                "disposition": r.headers.get("Content-Disposition"),
                "warnings": r.headers.get("X-Warnings"),
                "body": r.data.hex() if r.mimetype == "application/pdf"
                else r.get_data(as_text=True)})
json.dump(out, open(sys.argv[3], "w", encoding="utf-8"))
"""


def test_a_web_endpoint_renders_a_letter_from_posted_json(
    installed: Installed, tmp_path: Path
) -> None:
    case = _data(EXAMPLES / "cases" / "khamroev.yaml")
    assert isinstance(case, dict)
    recipients = _data(EXAMPLES / "recipients" / "officials.yaml")
    assert isinstance(recipients, dict)
    recipient = next(r for r in recipients["recipients"] if r["language"] == "de")
    sender = {"name": "Alex Morgan", "city": "Dublin", "country": "IE"}  # a web form: no id
    good = {
        "case": case, "recipient": recipient, "sender": sender, "format": "pdf",
        "personal": "Ich schreibe Ihnen als Bürgerin, die seit Jahren für ihn eintritt.",
    }  # fmt: skip
    broken_case = {**case, "persn": case["person"], "as_of": "2023-02-30"}
    del broken_case["person"]
    requests = [good, {**good, "case": broken_case}, {**good, "kind": "no-such-kind"}]
    (tmp_path / "requests.json").write_text(json.dumps(requests, default=str), encoding="utf-8")
    installed.run(
        "-c", WEB_CLIENT, INTEGRATIONS / "web-endpoint", tmp_path / "requests.json",
        tmp_path / "answers.json", cwd=tmp_path,
    )  # fmt: skip
    ok, invalid, unknown = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert (ok["status"], ok["type"]) == (200, "application/pdf")
    assert ok["disposition"].startswith('attachment; filename="') and ".de.pdf" in ok["disposition"]
    text = _pdf_text(bytes.fromhex(ok["body"]), tmp_path)
    assert "seit Jahren für ihn eintritt" in text and "Alex Morgan" in text
    # Every problem of the request at once, each with its field; the caller's mistake is a 400.
    assert invalid["status"] == 400
    error = json.loads(invalid["body"])["error"]
    assert "persn" in error and "person" in error and "as_of" in error
    assert unknown["status"] == 400 and "no-such-kind" in json.loads(unknown["body"])["error"]


# --- a nightly job that regenerates briefings from SQLite rows -------------------------------


def test_a_nightly_job_makes_briefings_from_sqlite_rows(
    installed: Installed, tmp_path: Path
) -> None:
    db = tmp_path / "cases.sqlite"
    nightly = INTEGRATIONS / "nightly-briefings"
    installed.run(nightly / "seed.py", db, EXAMPLES / "cases" / "khamroev.yaml", cwd=tmp_path)
    with sqlite3.connect(db) as conn:
        (data,) = conn.execute("SELECT data FROM cases").fetchone()
        case = json.loads(data)
        # A database row: NULL where nothing is known, the photo as bytes.
        nulls = {**case, "id": "with-nulls", "as_of": None}
        nulls["person"] = {**case["person"], "born": None}
        photo = _png(40, 50)
        conn.execute("INSERT INTO cases VALUES (?, ?, ?)", ("with-nulls", json.dumps(nulls), photo))
        broken = {**case, "id": "broken", "stauts": "detained"}
        conn.execute("INSERT INTO cases VALUES (?, ?, NULL)", ("broken", json.dumps(broken)))
    out = tmp_path / "briefings"
    sender = f"{EXAMPLES / 'senders' / 'campaigner.yaml'}#alex-morgan"
    job = [nightly / "nightly.py", db, out, "--sender", sender, "--today", "2023-06-01"]
    first = installed.run(*job, cwd=tmp_path, check=False)
    assert first.returncode == 1  # one case failed, and said why
    assert "cases/broken" in first.stderr and "stauts" in first.stderr and "status" in first.stderr
    made = sorted(out.rglob("*.pdf"))
    locales = {p.name.split(".")[-2] for p in made}
    assert {p.parent.name for p in made} == {"khamroev-bakhrom", "with-nulls"}
    assert len(locales) >= 7 and len(made) == 2 * len(locales)
    english = next(p for p in made if p.name.endswith(".en.pdf"))
    assert "Khamroev" in _pdf_text(english.read_bytes(), tmp_path)
    # The photo from the row's bytes is printed in the briefing of that case only.
    images = {p.parent.name: len(PdfReader(p).pages[0].images) for p in made}
    assert images["with-nulls"] == 1 and images["khamroev-bakhrom"] == 0
    before = {p: p.stat().st_mtime_ns for p in made}
    again = installed.run(*job, cwd=tmp_path, check=False)
    assert again.stdout.startswith(f"0 written, {len(made)} unchanged"), again.stdout
    assert {p: p.stat().st_mtime_ns for p in made} == before  # nothing touched


# --- an NGO's letterhead: one block of the bundled letter overridden -------------------------


def test_a_letterhead_overrides_one_block_from_the_installed_package(
    installed: Installed, tmp_path: Path
) -> None:
    templates = INTEGRATIONS / "letterhead" / "templates"
    recipients = EXAMPLES / "recipients" / "officials.yaml"
    senders = EXAMPLES / "senders" / "campaigner.yaml"
    common = [
        EXAMPLES / "cases" / "khamroev.yaml", "--recipient", f"{recipients}#ambassador-ru-gb",
        "--sender", f"{senders}#alex-morgan", "--format", "pdf", "--date", "2023-06-01",
    ]  # fmt: skip
    cli = ["-m", "advocacy_docs", "render", *common]
    installed.run(*cli, "--templates", templates, "-o", tmp_path / "ngo", cwd=tmp_path)
    installed.run(*cli, "-o", tmp_path / "plain", cwd=tmp_path)
    (ngo,) = (tmp_path / "ngo").glob("*.pdf")
    (plain,) = (tmp_path / "plain").glob("*.pdf")
    lines = _pdf_text(ngo.read_bytes(), tmp_path).split()
    bundled = _pdf_text(plain.read_bytes(), tmp_path).split()
    head = [
        "Free",
        "Political",
        "Prisoners",
        "Network",
        "Every",
        "prisoner",
        "of",
        "conscience",
        "has",
        "a",
        "name",
    ]
    assert lines[: len(head)] == head and lines[len(head) :] == bundled
    where = installed.run("-m", "advocacy_docs", "kinds", "--templates", templates, cwd=tmp_path)
    assert "style.css" in where.stdout and str(templates) in where.stdout


# --- a Spanish locale started and previewed with nothing but the installed package -----------


def test_a_spanish_locale_is_started_and_previewed_from_the_installed_package(
    installed: Installed, tmp_path: Path
) -> None:
    script = INTEGRATIONS / "spanish-locale" / "start_spanish.py"
    installed.run(script, "--advocacy-docs", installed.command, "--workdir", tmp_path, cwd=tmp_path)
    catalog = tmp_path / "locales" / "es" / "LC_MESSAGES" / "advocacy_docs.po"
    assert "Carta de llamamiento" in catalog.read_text(encoding="utf-8")
    (html,) = (tmp_path / "preview").glob("*.html")
    (pdf,) = (tmp_path / "preview").glob("*.pdf")
    page = html.read_text(encoding="utf-8")
    assert 'lang="es"' in page and "Por ello, le ruego respetuosamente que" in page
    assert "Por ello, le ruego respetuosamente que" in _pdf_text(pdf.read_bytes(), tmp_path)
