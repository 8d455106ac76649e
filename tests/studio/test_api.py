"""The studio's JSON API, over HTTP, as a tool (or the studio's pages) uses it."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from starlette.applications import Starlette
from starlette.testclient import TestClient

from advocacy_docs import Renderer
from advocacy_docs.errors import ConfigurationError, InputError, Problem, ValidationFailed
from advocacy_docs.studio import create_app
from advocacy_docs.studio.api import error_response
from tests.conftest import LETTER_LOCALES

CASE = "cases/khamroev.yaml"
OMBUDSMAN = "recipients/officials.yaml#ombudsman-ua"
ALEX = "senders/campaigner.yaml#alex-morgan"
DATE = "2023-06-01"
LETTER = {"case": CASE, "kind": "letter", "recipient": OMBUDSMAN, "sender": ALEX, "date": DATE}


def _json(response: Any) -> Any:
    assert response.headers["content-type"].startswith("application/json"), response.text
    return response.json()


def test_kinds_lists_every_kind_with_its_formats(client: TestClient) -> None:
    listed = {k["name"]: k for k in _json(client.get("/api/kinds"))}
    expected = Renderer().kinds()
    assert set(listed) == set(expected)
    assert listed["letter"]["formats"] == list(expected["letter"].formats)
    assert listed["letter"]["needs"] == ["recipient", "sender"]


def test_locales_lists_every_locale_with_its_name(client: TestClient) -> None:
    listed = {loc["code"]: loc for loc in _json(client.get("/api/locales"))}
    assert set(listed) == set(Renderer().locales())
    assert listed["uk"]["name"] == "Українська"
    assert listed["crh"]["fallbacks"] == ["uk", "en"]


def test_files_lists_the_folder_by_schema(client: TestClient) -> None:
    listed = _json(client.get("/api/files"))
    assert [c["path"] for c in listed["cases"]] == [CASE]
    assert listed["cases"][0]["ok"] is True
    recipients = {r["path"]: r for r in listed["recipients"]}
    assert set(recipients) == {"recipients/officials.csv", "recipients/officials.yaml"}
    ids = [r["id"] for r in recipients["recipients/officials.yaml"]["records"]]
    assert "ombudsman-ua" in ids
    assert OMBUDSMAN in [r["spec"] for r in recipients["recipients/officials.yaml"]["records"]]
    assert [s["path"] for s in listed["senders"]] == ["senders/campaigner.yaml"]
    assert [c["path"] for c in listed["campaigns"]] == ["campaigns/khamroev-embassies.yaml"]


def test_validate_a_good_file(client: TestClient) -> None:
    assert _json(client.post("/api/validate", json={"path": CASE})) == {"ok": True, "problems": []}


def _break_case(folder: Path) -> int:
    """Make the example case's birth date wrong; the line it is on."""
    path = folder / CASE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("born:"))
    lines[index] = lines[index].split("born:")[0] + "born: not-a-date\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_validate_lists_the_problems_of_a_bad_file(client: TestClient, studio_folder: Path) -> None:
    line = _break_case(studio_folder)
    answer = _json(client.post("/api/validate", json={"path": CASE}))
    assert answer["ok"] is False
    (problem,) = answer["problems"]
    assert (problem["file"], problem["line"], problem["field"]) == (CASE, line, "person.born")


def test_validate_data_without_a_file(client: TestClient) -> None:
    answer = _json(client.post("/api/validate", json={"data": {"id": "x"}, "schema": "case"}))
    assert answer["ok"] is False
    assert {p["field"] for p in answer["problems"]} >= {"person"}


def test_check_answers_the_check_report(client: TestClient) -> None:
    body = {"case": CASE, "for": "echr", "today": "2026-11-27"}
    report = _json(client.post("/api/check", json=body))
    assert report["schema"] == "advocacy-docs/check@2"
    assert (report["for"], report["today"]) == ("echr", "2026-11-27")


def test_render_answers_the_file(client: TestClient) -> None:
    response = client.post("/api/render", json={**LETTER, "locale": "uk", "format": "pdf"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    name = "khamroev-bakhrom.letter.ombudsman-ua.uk.pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Хамроєва" in text


def test_render_a_bad_case_is_400_with_its_problems(
    client: TestClient, studio_folder: Path
) -> None:
    line = _break_case(studio_folder)
    response = client.post("/api/render", json={**LETTER, "format": "txt"})
    assert response.status_code == 400
    answer = _json(response)
    assert answer["problems"] == [
        {
            "file": CASE,
            "line": line,
            "column": answer["problems"][0]["column"],
            "field": "person.born",
            "message": answer["problems"][0]["message"],
        }
    ]
    assert f"{CASE}:{line}" in answer["error"]
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"kind": "no-such-kind"}, "no-such-kind"),
        ({"format": "exe"}, "format"),
        ({"recipient": "recipients/officials.yaml#nobody"}, "nobody"),
        ({"recipient": "recipients/officials.yaml"}, "pick one"),
        ({"date": "yesterday"}, "date"),
        ({"audience": "everyone"}, "audience"),
        ({"case": None}, "case"),
        ({"case": "cases/missing.yaml"}, "missing.yaml"),
    ],
)
def test_a_wrong_request_is_400_naming_what(
    client: TestClient, change: dict[str, Any], names: str
) -> None:
    response = client.post("/api/render", json={**LETTER, "format": "txt", **change})
    assert response.status_code == 400
    assert names in _json(response)["error"]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]"])
def test_a_body_that_is_not_a_json_object_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/api/render", content=body)
    assert response.status_code == 400
    assert "JSON" in _json(response)["error"]


def test_an_unknown_api_address_is_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert "error" in _json(response)


def test_preview_answers_html_and_warnings(client: TestClient) -> None:
    answer = _json(client.post("/api/preview", json={**LETTER, "locale": "uk"}))
    assert answer["html"].startswith("<!DOCTYPE html>")
    assert 'lang="uk"' in answer["html"]
    assert answer["filename"] == "khamroev-bakhrom.letter.ombudsman-ua.uk.html"
    assert isinstance(answer["warnings"], list)


def test_the_personal_paragraph_is_printed(client: TestClient) -> None:
    words = "I met Bakhrom in 2019 & <b>admired</b> his work."
    answer = _json(client.post("/api/preview", json={**LETTER, "locale": "en", "personal": words}))
    assert "I met Bakhrom in 2019 &amp; &lt;b&gt;admired&lt;/b&gt; his work." in answer["html"]


def test_pages_are_png_images_of_the_pdf(client: TestClient) -> None:
    answer = _json(client.post("/api/pages", json={**LETTER, "locale": "uk", "scale": 0.5}))
    assert answer["pages"]
    assert all(p.startswith("data:image/png;base64,") for p in answer["pages"])


def test_render_zip_has_every_recipient_locale_and_format(client: TestClient) -> None:
    body = {
        **LETTER,
        "recipient": None,
        "recipients": ["recipients/officials.yaml#ombudsman-ua", "recipients/officials.csv"],
        "locales": ["en", "uk"],
        "formats": ["txt", "html"],
    }
    response = client.post("/api/render/zip", json=body)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    listed = _json(client.get("/api/files"))["recipients"]
    (csv,) = [r for r in listed if r["path"] == "recipients/officials.csv"]
    csv_ids = [r["id"] for r in csv["records"]]
    assert len(names) == (1 + len(csv_ids)) * 2 * 2
    for rid in ["ombudsman-ua", *csv_ids]:
        for locale in ("en", "uk"):
            for ext in ("txt", "html"):
                assert f"khamroev-bakhrom.letter.{rid}.{locale}.{ext}" in names
    # ombudsman-ua is in both files: the second one is not lost
    assert "khamroev-bakhrom.letter.ombudsman-ua.uk-2.txt" in names


# The CLI's output and the API's, byte for byte


def _cli_render(folder: Path, locale: str, out: Path) -> dict[str, bytes]:
    command = [
        sys.executable, "-m", "advocacy_docs", "render", CASE, "--kind", "letter",
        "--locale", locale, "--format", "all", "--recipient", OMBUDSMAN, "--sender", ALEX,
        "--date", DATE, "-o", str(out),
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.slow
@pytest.mark.parametrize("locale", LETTER_LOCALES)
def test_the_api_renders_the_letter_as_the_cli_does(
    client: TestClient, studio_folder: Path, tmp_path: Path, locale: str
) -> None:
    cli = _cli_render(studio_folder, locale, tmp_path / "cli")
    formats = Renderer().kinds()["letter"].formats
    assert len(cli) == len(formats)
    for fmt in formats:
        response = client.post("/api/render", json={**LETTER, "locale": locale, "format": fmt})
        assert response.status_code == 200, response.text
        name = response.headers["content-disposition"].split('filename="')[1].rstrip('"')
        assert name in cli, (name, sorted(cli))
        assert response.content == cli[name], name


# Redaction

REDACTION = Path(__file__).resolve().parents[1] / "hostile" / "fixtures" / "redaction"
HIDDEN_FROM_PUBLIC = [f"ZQ1{name}1{level}" for name in ("CONTACTS", "TIMELINE", "CHARGES",
    "DEMANDS", "SOURCES") for level in ("PARTNERS", "LEGAL")]  # fmt: skip


@pytest.fixture
def redaction_case(studio_folder: Path) -> dict[str, str]:
    """The redaction fixture (one item of every list at every level) in the studio's folder."""
    for name in ("case", "recipients", "senders"):
        shutil.copy(REDACTION / f"{name}.yaml", studio_folder / f"redaction-{name}.yaml")
    return {
        "case": "redaction-case.yaml",
        "recipient": "redaction-recipients.yaml",
        "sender": "redaction-senders.yaml",
        "date": DATE,
    }


@pytest.mark.parametrize("kind", ["letter", "briefing"])
@pytest.mark.parametrize("fmt", ["html", "txt"])
def test_a_public_document_never_shows_a_partners_item(
    client: TestClient, redaction_case: dict[str, str], kind: str, fmt: str
) -> None:
    body = {**redaction_case, "kind": kind, "locale": "en", "format": fmt}
    response = client.post("/api/render", json=body)
    assert response.status_code == 200, response.text
    shown = response.content.decode("utf-8")
    assert "ZQ1" in shown  # the public items are there: the search can find markers
    assert [m for m in HIDDEN_FROM_PUBLIC if m in shown] == []


def test_the_partners_items_are_there_for_partners(
    client: TestClient, redaction_case: dict[str, str]
) -> None:
    """The redaction test above can fail: the items are in what partners may read."""
    body = {**redaction_case, "kind": "briefing", "locale": "en", "format": "txt",
            "audience": "partners"}  # fmt: skip
    response = client.post("/api/render", json=body)
    assert response.status_code == 200, response.text
    assert "1PARTNERS" in response.content.decode("utf-8")


# Rendering in the workers, not in the event loop


def test_the_server_answers_while_a_render_runs(client: TestClient, tmp_path: Path) -> None:
    """The only worker is held (it reads a pipe nobody writes yet), a render waits for it, and
    /api/kinds answers all the same; then the worker is freed and the render ends."""
    gate = tmp_path / "gate"
    os.mkfifo(gate)
    pool = client.app.state.work  # type: ignore[attr-defined]
    held = client.portal.start_task_soon(pool.call, Path.read_bytes, gate)  # type: ignore[union-attr]
    rendered: list[Any] = []
    render = threading.Thread(
        target=lambda: rendered.append(
            client.post("/api/render", json={**LETTER, "locale": "en", "format": "txt"})
        )
    )
    render.start()
    try:
        assert client.get("/api/kinds").status_code == 200
        assert not rendered  # still waiting for the worker
    finally:
        with open(gate, "wb") as opened:  # frees the worker
            opened.write(b"go")
        render.join()
    assert held.result() == b"go"
    assert rendered[0].status_code == 200


# Errors: JSON, 400 or 500, never a traceback


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (InputError("cases/x.yaml: no such file"), 400),
        (ValidationFailed([Problem("cases/x.yaml", 3, 1, "person.born", "not a date")]), 400),
        (ConfigurationError("locales/uk/LC_MESSAGES/advocacy_docs.po:3: broken"), 500),
        (RuntimeError("/usr/lib/python3/site-packages/secret.py: boom"), 500),
        (KeyError("x"), 500),
    ],
)
def test_errors_are_json_with_their_status(exc: Exception, status: int) -> None:
    response = error_response(exc)
    assert response.status_code == status
    body = json.loads(bytes(response.body))
    assert set(body) <= {"error", "problems"}
    assert "Traceback" not in body["error"]
    if status == 500 and not isinstance(exc, ConfigurationError):
        assert "site-packages" not in body["error"]


def test_a_broken_catalog_is_500_naming_its_file(studio_folder: Path, token: str) -> None:
    catalog = studio_folder / "locales" / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid "a"\nmsgstr "b"\n\nthis is not po\n', encoding="utf-8")
    app: Starlette = create_app(studio_folder, token=token, workers=1)
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        response = client.post("/api/render", json={**LETTER, "locale": "uk", "format": "txt"})
    assert response.status_code == 500
    error = _json(response)["error"]
    assert "locales/uk/LC_MESSAGES/advocacy_docs.po:4" in error
    assert "Traceback" not in response.text


# Campaigns


def _events(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_a_campaign_run_reports_progress_and_ends_with_a_zip(
    client: TestClient, studio_folder: Path
) -> None:
    started = client.post(
        "/api/campaigns/run", json={"campaign": "campaigns/khamroev-embassies.yaml"}
    )
    assert started.status_code == 200, started.text
    run = _json(started)["id"]
    with client.stream("GET", f"/api/campaigns/{run}/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        events = _events(stream.read().decode("utf-8"))
    progress = [data for name, data in events if name == "progress"]
    assert progress, events
    assert progress[-1]["done"] == progress[-1]["total"] == 4
    assert {"done", "total", "failed", "rate", "eta"} <= set(progress[-1])
    name, end = events[-1]
    errors = _json(client.get(f"/api/campaigns/{run}/errors"))
    assert name == "end" and end["ok"] is True and end["zip"] is True, (end, errors)
    archive = client.get(f"/api/campaigns/{run}/zip")
    assert archive.status_code == 200
    assert archive.headers["content-disposition"] == 'attachment; filename="khamroev-embassies.zip"'
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert "errors.json" in names
    assert "embassy-ru-de/letter.de.pdf" in names
    assert _json(client.get(f"/api/campaigns/{run}/errors")) == json.loads(
        (studio_folder / "out" / "khamroev-embassies" / "errors.json").read_text("utf-8")
    )


def test_a_campaign_lists_its_failures(client: TestClient, studio_folder: Path) -> None:
    path = studio_folder / "campaigns" / "khamroev-embassies.yaml"
    text = path.read_text(encoding="utf-8").replace("formats: [pdf, txt]", "formats: [txt, eml]")
    path.write_text(text, encoding="utf-8")  # the example recipients have no e-mail address
    run = _json(
        client.post(
            "/api/campaigns/run", json={"campaign": path.relative_to(studio_folder).as_posix()}
        )
    )["id"]
    with client.stream("GET", f"/api/campaigns/{run}/events") as stream:
        events = _events(stream.read().decode("utf-8"))
    assert events[-1][0] == "end"
    assert events[-1][1]["ok"] is False
    assert events[-1][1]["failed"] > 0
    errors = _json(client.get(f"/api/campaigns/{run}/errors"))
    assert errors


def test_a_bad_campaign_file_ends_at_once_with_400(client: TestClient, studio_folder: Path) -> None:
    (studio_folder / "campaigns" / "bad.yaml").write_text(
        "schema: advocacy-docs/campaign@1\ncase: ../cases/khamroev.yaml\n", encoding="utf-8"
    )
    response = client.post("/api/campaigns/run", json={"campaign": "campaigns/bad.yaml"})
    assert response.status_code == 400
    assert {p["field"] for p in _json(response)["problems"]} >= {"recipients", "senders"}


def test_an_unknown_campaign_run_is_404(client: TestClient) -> None:
    for what in ("events", "zip", "errors"):
        response = client.get(f"/api/campaigns/nope/{what}")
        assert response.status_code == 404
        assert "error" in _json(response)


UK_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: uk\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
    'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


def test_the_folders_own_translation_is_used_once_it_is_there(
    client: TestClient, studio_folder: Path
) -> None:
    """<folder>/locales, made while the studio runs (the first saved translation), is used."""
    body = {**LETTER, "locale": "uk", "format": "txt"}
    assert "Прохання звільнити" not in client.post("/api/render", json=body).text
    catalog = studio_folder / "locales" / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        UK_HEADER + 'msgid "Appeal for the release of %(name_gen)s"\n'
        'msgstr "Прохання звільнити %(name_gen)s"\n\n'
        'msgctxt "subject line"\nmsgid "Appeal for the release of %(name_gen)s"\n'
        'msgstr "Прохання звільнити %(name_gen)s"\n',
        encoding="utf-8",
    )
    assert "Прохання звільнити Бахрома Хамроєва" in client.post("/api/render", json=body).text


def test_a_campaign_run_again_with_resume_keeps_what_was_done(client: TestClient) -> None:
    def run(resume: bool) -> dict[str, Any]:
        body = {"campaign": "campaigns/khamroev-embassies.yaml", "resume": resume}
        run_id = _json(client.post("/api/campaigns/run", json=body))["id"]
        with client.stream("GET", f"/api/campaigns/{run_id}/events") as stream:
            name, end = _events(stream.read().decode("utf-8"))[-1]
        assert name == "end"
        return dict(end)

    assert run(False)["skipped"] == 0
    again = run(True)
    assert (again["ok"], again["skipped"]) == (True, 4)


@pytest.mark.parametrize(
    ("lang", "title"), [("uk", "Лист-звернення"), ("ru", None), ("en", "Appeal letter")]
)
def test_kinds_are_titled_in_the_interface_language(
    client: TestClient, lang: str, title: str | None
) -> None:
    from advocacy_docs.i18n import get_localizer

    kinds = {k["name"]: k for k in client.get(f"/api/kinds?lang={lang}").json()}
    expected = title or get_localizer(lang).gettext("Appeal letter")
    assert kinds["letter"]["title"] == expected != ("Appeal letter" if lang != "en" else "")
    # Without ?lang=, the browser's language decides, as for the pages.
    answer = client.get("/api/kinds", headers={"Accept-Language": f"{lang},en;q=0.5"}).json()
    assert {k["name"]: k["title"] for k in answer}["letter"] == expected


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_check_findings_are_in_the_asked_language(
    client: TestClient, studio_folder: Path, lang: str
) -> None:
    from advocacy_docs import load_case
    from advocacy_docs.checks import run
    from advocacy_docs.i18n import get_localizer

    body = {"case": "cases/khamroev.yaml", "for": "echr", "today": "2026-11-27", "lang": lang}
    report = client.post("/api/check", json=body).json()
    english = client.post("/api/check", json={**body, "lang": "en"}).json()
    assert len(report["items"]) == len(english["items"]) > 5
    case = load_case(studio_folder / "cases" / "khamroev.yaml")
    expected = run(case, "echr", dt.date(2026, 11, 27))
    loc = get_localizer(lang)
    assert [i["message"] for i in report["items"]] == [
        expected.describe(f, loc) for f in expected.items
    ]
    assert all(
        a["message"] != b["message"]
        for a, b in zip(report["items"], english["items"], strict=True)
        if b["message"][:1].isalpha()
    )
