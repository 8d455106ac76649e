"""The translation view's API over HTTP: the marked document, a message, a save, status, check."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from starlette.testclient import TestClient

from advocacy_docs.i18n.preview import MESSAGE_ATTRIBUTE
from tests.conftest import ROOT


@pytest.fixture
def with_locales(studio_folder: Path) -> Path:
    """The served folder's own locales: a copy of the bundled ones."""
    shutil.copytree(ROOT / "locales", studio_folder / "locales")
    return studio_folder / "locales"


def _numbers(html: str) -> list[int]:
    tree = lxml.html.document_fromstring(html)
    return [int(n) for n in tree.xpath(f"//@{MESSAGE_ATTRIBUTE}")]


def test_round_trip(with_locales: Path, client: TestClient) -> None:
    page = client.get("/api/i18n/uk/letter/marked", params={"today": "2026-11-27"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    numbers = _numbers(page.text)
    assert len(numbers) >= 10
    info = {}
    for n in numbers:
        info = client.get(f"/api/i18n/uk/messages/{n}").json()
        if "%" not in info["msgid"] and not info["msgid_plural"]:
            break
    assert info["msgstr"] and info["references"] and info["source"] == "user"
    saved = client.put(f"/api/i18n/uk/messages/{info['number']}", json={"msgstr": "Нове"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["changed"] and saved.json()["message"]["msgstr"] == "Нове"
    po = (with_locales / "uk" / "LC_MESSAGES" / "advocacy_docs.po").read_text("utf-8")
    assert 'msgstr "Нове"' in po
    again = client.get("/api/i18n/uk/letter/marked", params={"format": "json"}).json()
    tree = lxml.html.document_fromstring(again["html"])
    (span,) = tree.xpath(f"//*[@{MESSAGE_ATTRIBUTE}='{info['number']}']")
    assert span.text_content() == "Нове" and info["number"] in again["outlined"]


def test_the_first_save_makes_the_folders_catalog(studio_folder: Path, client: TestClient) -> None:
    assert not (studio_folder / "locales").exists()
    page = client.get("/api/i18n/uk/letter/marked")
    number = next(
        n for n in _numbers(page.text)
        if "%" not in client.get(f"/api/i18n/uk/messages/{n}").json()["msgid"]
    )  # fmt: skip
    saved = client.put(f"/api/i18n/uk/messages/{number}", json={"msgstr": "Щось"})
    assert saved.status_code == 200, saved.text
    assert (studio_folder / "locales" / "uk" / "LC_MESSAGES" / "advocacy_docs.po").is_file()
    assert client.get(f"/api/i18n/uk/messages/{number}").json()["msgstr"] == "Щось"


@pytest.mark.parametrize(
    ("path", "body", "word"),
    [
        ("/api/i18n/uk/messages/0", {"msgstr": "a\x07"}, "U+0007"),
        ("/api/i18n/uk/messages/0", {"msgstr": 3}, "msgstr"),
        ("/api/i18n/uk/messages/0", {"msgid": "x"}, "msgid"),
        ("/api/i18n/uk/messages/abc", {"msgstr": "x"}, "message"),
        ("/api/i18n/uk/messages/99999", {"msgstr": "x"}, "no such message"),
        ("/api/i18n/..%2Fuk/messages/0", {"msgstr": "x"}, "locale"),
        ("/api/i18n/xx/messages/0", {"msgstr": "x"}, "no such locale"),
    ],
)
def test_bad_saves_are_400(
    with_locales: Path, client: TestClient, path: str, body: object, word: str
) -> None:
    before = (with_locales / "uk" / "LC_MESSAGES" / "advocacy_docs.po").read_bytes()
    answer = client.put(path, json=body)
    assert answer.status_code in (400, 404), answer.text
    if answer.status_code == 400:
        assert word in answer.json()["error"] and "Traceback" not in answer.text
    assert (with_locales / "uk" / "LC_MESSAGES" / "advocacy_docs.po").read_bytes() == before


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/i18n/uk/nokind/marked", {}),
        ("/api/i18n/uk/letter/marked", {"case": "../cases/khamroev.yaml"}),
        ("/api/i18n/uk/letter/marked", {"case": "/etc/passwd"}),
        ("/api/i18n/uk/letter/marked", {"recipient": "recipients/officials.yaml#nobody"}),
        ("/api/i18n/uk/letter/marked", {"today": "yesterday"}),
    ],
)
def test_bad_renders_are_400(client: TestClient, path: str, params: dict[str, str]) -> None:
    answer = client.get(path, params=params)
    assert answer.status_code == 400 and answer.json()["error"]


def test_status_and_check(with_locales: Path, client: TestClient) -> None:
    rows = client.get("/api/i18n/status").json()["rows"]
    assert {("uk", "letter"), ("ru", "letter")} <= {(r["locale"], r["kind"]) for r in rows}
    findings = client.get("/api/i18n/uk/check")
    assert findings.status_code == 200 and isinstance(findings.json()["findings"], list)
    assert client.get("/api/i18n/nope/check").status_code == 400


def test_no_token_is_403(app: object, studio_folder: Path) -> None:
    from starlette.applications import Starlette

    assert isinstance(app, Starlette)
    with TestClient(app) as anonymous:
        assert anonymous.get("/api/i18n/uk/letter/marked").status_code == 403
        assert anonymous.put("/api/i18n/uk/messages/0", json={"msgstr": "x"}).status_code == 403
