"""The studio's safety: the token, the Origin check, the folder's walls, the command's warning."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from advocacy_docs.cli import main
from advocacy_docs.errors import InputError
from advocacy_docs.studio.auth import COOKIE
from advocacy_docs.studio.files import Folder
from tests.conftest import CASE_FILE

MARKER = "ZQ9OUTSIDE9MARKER"
CASE = "cases/khamroev.yaml"
LETTER = {
    "case": CASE,
    "recipient": "recipients/officials.yaml#ombudsman-ua",
    "sender": "senders/campaigner.yaml#alex-morgan",
    "format": "txt",
}


def _routes(app: Starlette) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, its path parameters filled in."""
    found = []
    for route in app.routes:
        if isinstance(route, Route):
            path = re.sub(
                r"\{(\w+)(:\w+)?\}", lambda m: "uk" if m[1] == "locale" else "x", route.path
            )
            for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                found.append((method, path))
    return found


def test_every_route_without_the_token_is_403(app: Starlette) -> None:
    routes = _routes(app)
    assert ("POST", "/api/render") in routes and ("GET", "/api/kinds") in routes
    with TestClient(app) as anonymous:
        for method, path in [
            *routes,
            ("GET", "/"),
            ("GET", "/static/studio.css"),
            ("GET", "/no/such/page"),
        ]:
            response = anonymous.request(method, path, json={})
            assert response.status_code == 403, (method, path)
            if path.startswith("/api/"):
                assert "error" in response.json()
            else:
                assert "token" in response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic dGVzdC10b2tlbi0wMTIzNDU2Nzg5"},
        {"Cookie": f"{COOKIE}=wrong"},
        {"Cookie": "garbage;;=="},
    ],
)
def test_a_wrong_token_is_403(app: Starlette, headers: dict[str, str]) -> None:
    with TestClient(app, headers=headers) as stranger:
        assert stranger.get("/api/kinds").status_code == 403
        assert stranger.post("/api/render", json=LETTER).status_code == 403


def test_the_address_with_the_token_sets_the_cookie(app: Starlette, token: str) -> None:
    with TestClient(app) as browser:
        response = browser.get(f"/?token={token}&lang=uk", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == "/?lang=uk"  # the token leaves the address
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}={token};")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert browser.get("/api/kinds").status_code == 200
        assert browser.get("/?token=wrong", follow_redirects=False).status_code == 403


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://testserver.evil"])
def test_a_change_from_another_origin_is_403(client: TestClient, method: str, origin: str) -> None:
    response = client.request(
        method, "/api/validate", json={"path": CASE}, headers={"Origin": origin}
    )
    assert response.status_code == 403
    assert origin in response.json()["error"]


def test_a_change_from_its_own_pages_or_a_tool_is_served(client: TestClient) -> None:
    own = client.post("/api/validate", json={"path": CASE}, headers={"Origin": "http://testserver"})
    assert own.status_code == 200
    assert client.post("/api/validate", json={"path": CASE}).status_code == 200  # no Origin


# The folder's walls


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A valid case file outside the served folder, its person named with a marker."""
    folder = tmp_path / "outside"
    folder.mkdir()
    text = CASE_FILE.read_text(encoding="utf-8").replace("Khamroev", MARKER)
    (folder / "secret.yaml").write_text(text, encoding="utf-8")
    return folder / "secret.yaml"


def _escapes(studio_folder: Path, outside: Path) -> list[str]:
    (studio_folder / "cases" / "link.yaml").symlink_to(outside)
    (studio_folder / "linked").symlink_to(outside.parent, target_is_directory=True)
    return [
        "../outside/secret.yaml",
        "cases/../../outside/secret.yaml",
        str(outside),
        "/etc/passwd",
        "cases/link.yaml",
        "linked/secret.yaml",
        "C:/outside/secret.yaml",
        "cases\\..\\..\\outside\\secret.yaml",
        "cases/khamroev.yaml\x00",
    ]


ESCAPE_FIELDS = [
    ("/api/validate", "path", {}),
    ("/api/check", "case", {"for": "echr"}),
    ("/api/render", "case", LETTER),
    ("/api/render", "recipient", LETTER),
    ("/api/render", "sender", LETTER),
    ("/api/preview", "case", LETTER),
    ("/api/pages", "case", LETTER),
    ("/api/render/zip", "recipients", LETTER),
    ("/api/campaigns/run", "campaign", {}),
]


@pytest.mark.parametrize(("endpoint", "field", "body"), ESCAPE_FIELDS)
def test_no_path_leads_out_of_the_folder(
    client: TestClient,
    studio_folder: Path,
    outside: Path,
    endpoint: str,
    field: str,
    body: dict[str, Any],
) -> None:
    for escape in _escapes(studio_folder, outside):
        value: Any = [escape] if field == "recipients" else escape
        response = client.post(endpoint, json={**body, field: value})
        assert response.status_code == 400, (endpoint, field, escape, response.text)
        answer = response.json()
        assert field in answer["error"]
        assert MARKER not in response.text


def test_a_campaign_naming_a_file_outside_is_400(
    client: TestClient, studio_folder: Path, outside: Path
) -> None:
    campaign = studio_folder / "campaigns" / "khamroev-embassies.yaml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("../cases/khamroev.yaml", "../../outside/secret.yaml"))
    response = client.post(
        "/api/campaigns/run", json={"campaign": "campaigns/khamroev-embassies.yaml"}
    )
    assert response.status_code == 400
    assert "outside the served folder" in response.json()["error"]
    assert MARKER not in response.text
    assert not (studio_folder / "out").exists()


def test_a_campaign_is_not_written_through_a_link_out(
    client: TestClient, studio_folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (studio_folder / "out").symlink_to(elsewhere, target_is_directory=True)
    response = client.post(
        "/api/campaigns/run", json={"campaign": "campaigns/khamroev-embassies.yaml"}
    )
    assert response.status_code == 400
    assert list(elsewhere.iterdir()) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["..", ".", "a", "link", "up", "", "x.yaml", "/", "~"]), max_size=6)
)
def test_resolve_stays_inside_or_refuses(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    root = _walled(tmp_path_factory)
    folder = Folder(root)
    try:
        path = folder.resolve("/".join(parts))
    except InputError:
        return
    assert path.is_relative_to(folder.root)


_WALLED: dict[str, Path] = {}


def _walled(factory: pytest.TempPathFactory) -> Path:
    """A folder with a link inside (to a) and a link out (up)."""
    if "root" not in _WALLED:
        base = factory.mktemp("walled")
        root = base / "root"
        (root / "a").mkdir(parents=True)
        (root / "a" / "x.yaml").write_text("x: 1\n")
        (root / "link").symlink_to(root / "a", target_is_directory=True)
        (root / "up").symlink_to(base, target_is_directory=True)
        _WALLED["root"] = root
    return _WALLED["root"]


# The command


def _studio(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str, dict[str, Any]]:
    import advocacy_docs.studio as studio

    served: dict[str, Any] = {}
    monkeypatch.setattr(studio, "serve", lambda folder, **kw: served.update(folder=folder, **kw))
    code = main(["studio", *args, "--no-browser"])
    out, err = capsys.readouterr()
    return code, out, err, served


def test_the_command_prints_the_address_with_the_token_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], studio_folder: Path
) -> None:
    code, out, err, served = _studio(monkeypatch, capsys, str(studio_folder), "--port", "9123")
    assert code == 0
    first = out.splitlines()[0]
    assert re.fullmatch(r"http://127\.0\.0\.1:9123/\?token=[A-Za-z0-9_-]{32}", first), first
    assert served["host"] == "127.0.0.1" and served["port"] == 9123
    assert served["token"] == first.split("token=")[1]
    assert "warning" not in err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::"])
def test_another_host_prints_a_warning(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    studio_folder: Path,
    host: str,
) -> None:
    code, out, err, served = _studio(monkeypatch, capsys, str(studio_folder), "--host", host)
    assert code == 0
    assert out.splitlines()[0].startswith("http://")
    assert served["host"] == host
    assert err.startswith(f"warning: --host {host}:")


def test_without_the_extra_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], studio_folder: Path
) -> None:
    monkeypatch.setitem(sys.modules, "advocacy_docs.studio", None)
    code = main(["studio", str(studio_folder)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err == 'the studio is not installed: pip install "advocacy-docs[studio]"\n'


def test_a_folder_that_is_not_there_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err, served = _studio(monkeypatch, capsys, str(tmp_path / "nope"))
    assert code == 2 and not served and out == ""
    assert err.count("\n") == 1 and "nope: not a folder" in err
