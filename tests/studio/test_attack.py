"""What an attacker's read of the studio found, each as the class of request it belongs to:
outputs and inputs swapped for links after their check, requests too large or too deep for the
server, changes that rest on the cookie alone, framing by another site, an address elsewhere
in the token's redirect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from advocacy_docs.case import load_case
from advocacy_docs.case.source import inputs_confined_to
from advocacy_docs.errors import InputError

MARKER = "OUTSIDE-MARKER-7f3a"


def _outside(tmp_path: Path, name: str, text: str = MARKER) -> Path:
    place = tmp_path / "elsewhere"
    place.mkdir(exist_ok=True)
    path = place / name
    path.write_text(text, encoding="utf-8")
    return path


def _finished_run(client: TestClient) -> str:
    body = {"campaign": "campaigns/khamroev-embassies.yaml"}
    run = str(client.post("/api/campaigns/run", json=body).json()["id"])
    with client.stream("GET", f"/api/campaigns/{run}/events") as stream:
        stream.read()
    return run


@pytest.mark.parametrize(
    ("endpoint", "file"),
    [("zip", "khamroev-embassies.zip"), ("errors", "khamroev-embassies/errors.json")],
)
def test_a_campaign_output_swapped_for_a_link_is_never_read(
    client: TestClient, studio_folder: Path, tmp_path: Path, endpoint: str, file: str
) -> None:
    run = _finished_run(client)
    output = studio_folder / "out" / file
    assert output.is_file()
    output.unlink()
    output.symlink_to(_outside(tmp_path, "secret.json", json.dumps(MARKER)))
    answer = client.get(f"/api/campaigns/{run}/{endpoint}")
    assert answer.status_code in (400, 404) and MARKER not in answer.text


def test_inputs_confined_to_a_folder_follow_no_link(tmp_path: Path, studio_folder: Path) -> None:
    case = studio_folder / "cases" / "khamroev.yaml"
    outside = _outside(tmp_path, "case.yaml", case.read_text(encoding="utf-8"))
    (studio_folder / "cases" / "link.yaml").symlink_to(outside)
    (studio_folder / "linked-dir").symlink_to(outside.parent)
    with inputs_confined_to(studio_folder):
        assert load_case(case).id  # a file inside is read as before
        for path in (
            studio_folder / "cases" / "link.yaml",
            studio_folder / "linked-dir" / "case.yaml",
            outside,
        ):
            with pytest.raises(InputError):
                load_case(path)
    assert load_case(studio_folder / "cases" / "link.yaml").id  # outside the block: as before


def test_the_workers_read_inputs_inside_the_folder_only(
    client: TestClient, studio_folder: Path, tmp_path: Path
) -> None:
    # The link is made after the path was checked would be a race; a link the check already
    # refuses shows the workers' reading is the confined one by the error it gives.
    from advocacy_docs.studio.work import _guarded

    outside = _outside(
        tmp_path, "case.yaml", (studio_folder / "cases" / "khamroev.yaml").read_text("utf-8")
    )
    (studio_folder / "cases" / "swapped.yaml").symlink_to(outside)
    import os

    here = os.getcwd()
    os.chdir(studio_folder)
    try:
        failure, value = _guarded(load_case, ("cases/swapped.yaml",))
    finally:
        os.chdir(here)
    assert value is None and failure is not None and failure.kind == "input"


def test_every_answer_carries_the_safety_headers(client: TestClient) -> None:
    for path in ("/", "/api/kinds", "/static/studio.js", "/make"):
        headers = client.get(path).headers
        assert headers["x-frame-options"] == "SAMEORIGIN", path
        assert "frame-ancestors 'self'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path


def test_a_change_resting_on_the_cookie_needs_its_origin(app: Starlette, token: str) -> None:
    body = {"case": "cases/khamroev.yaml", "for": "echr"}
    with TestClient(app, cookies={"advocacy_studio": token}) as browser:
        assert browser.post("/api/check", json=body).status_code == 403
        own = browser.post("/api/check", json=body, headers={"Origin": "http://testserver"})
        assert own.status_code == 200
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as tool:
        assert tool.post("/api/check", json=body).status_code == 200  # a tool: no Origin


@pytest.mark.parametrize("path", ["//evil.example/x", "///evil.example", "/make"])
def test_the_token_link_never_leads_elsewhere(app: Starlette, token: str, path: str) -> None:
    with TestClient(app, follow_redirects=False) as browser:
        answer = browser.get(f"{path}?token={token}")
    location = answer.headers["location"]
    assert answer.status_code == 303 and location.startswith("/") and not location.startswith("//")


def test_requests_too_large_or_too_deep_are_400(client: TestClient) -> None:
    from advocacy_docs.studio.api import MAX_BODY

    huge = b'{"case": "' + b"a" * (MAX_BODY + 10) + b'"}'
    assert client.post("/api/check", content=huge).status_code == 400
    deep = b"[" * 100_000 + b"]" * 100_000
    assert client.post("/api/check", content=deep).status_code == 400
    answer = client.post("/api/check", json={"case": "a" * 1_000_000, "for": "echr"})
    assert answer.status_code == 400 and len(answer.text) < 2000  # never echoed whole
    odd = client.post("/api/check", content=b'{"case": "cases/\\ud800.yaml", "for": "echr"}')
    assert odd.status_code == 400


def test_too_many_documents_are_refused_before_any_work(client: TestClient) -> None:
    body = {
        "case": "cases/khamroev.yaml",
        "kind": "letter",
        "locales": ["uk"] * 1_000_000,
        "recipients": ["recipients/officials.yaml"],
        "sender": "senders/campaigner.yaml#alex-morgan",
    }
    answer = client.post("/api/render/zip", json=body)
    assert answer.status_code == 400 and "at most" in answer.json()["error"]
