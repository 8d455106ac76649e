"""The studio's pages: each answers behind the token, in the reader's language, with nothing
fetched from another origin; the case page shows problems beside lines and the schema's help."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from starlette.testclient import TestClient

from advocacy_docs.studio.pages import accept_language
from tests.conftest import ROOT

PAGES = {
    "/": {"en": "The folder's files", "uk": "Файли теки", "ru": "Файлы папки"},
    "/cases": {"en": "Cases", "uk": "Справи", "ru": "Дела"},
    "/make": {"en": "Make a document", "uk": "Створити документ", "ru": "Создать документ"},
    "/campaigns": {"en": "Campaigns", "uk": "Кампанії", "ru": "Кампании"},
    "/translate": {"en": "Translate", "uk": "Переклад", "ru": "Перевод"},
    "/check": {"en": "Legal checks", "uk": "Юридичні перевірки", "ru": "Юридические проверки"},
}
STATIC = {"/static/studio.css": "text/css", "/static/studio.js": "javascript"}


class _Links(HTMLParser):
    """Every src/href/action of a page, its <html lang> and its <h1> text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.lang = ""
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        self._in_h1 = tag == "h1"
        self.urls += [v for k, v in attrs if k in ("src", "href", "action") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


@pytest.fixture
def anonymous(client: TestClient) -> TestClient:
    """A client of the same app without the token."""
    return TestClient(client.app)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_answers_with_the_token_and_refuses_without(
    client: TestClient, anonymous: TestClient, path: str
) -> None:
    assert client.get(path).status_code == 200
    assert anonymous.get(path).status_code == 403


@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_title_in_the_asked_language(client: TestClient, path: str, lang: str) -> None:
    page = _parse(client.get(path, params={"lang": lang}).text)
    assert page.lang == lang
    assert page.h1.strip() == PAGES[path][lang]


@pytest.mark.parametrize(
    ("header", "lang"),
    [("uk-UA,uk;q=0.9,en;q=0.5", "uk"), ("de;q=0.1, ru;q=0.8", "ru"), ("xx, *;q=0.1", "en"),
     ("", "en"), ("ru;q=0, uk", "uk")],
)  # fmt: skip
def test_language_from_accept_language(client: TestClient, header: str, lang: str) -> None:
    page = _parse(client.get("/", headers={"Accept-Language": header}).text)
    assert page.lang == lang


def test_query_language_wins_over_accept_language(client: TestClient) -> None:
    page = _parse(client.get("/cases?lang=ru", headers={"Accept-Language": "uk"}).text)
    assert page.lang == "ru" and page.h1.strip() == "Дела"


def test_accept_language_order() -> None:
    assert accept_language("en;q=0.2, uk-UA, ru;q=0.5, fr;q=0") == ["uk-UA", "ru", "en"]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_fetches_nothing_from_another_origin(client: TestClient, path: str) -> None:
    html = client.get(path, params={"file": "cases/khamroev.yaml"}).text
    for url in _parse(html).urls:
        assert not re.match(r"(?i)^\s*(https?:)?//", url), url
    assert "/static/studio.css" in _parse(html).urls and "/static/studio.js" in _parse(html).urls


@pytest.mark.parametrize("path", sorted(STATIC))
def test_static_files_are_served_and_self_contained(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert STATIC[path] in response.headers["content-type"]
    assert not re.search(r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", response.text)
    assert "@import" not in response.text and "url(" not in response.text


def test_cases_page_shows_each_problem_beside_its_line(
    client: TestClient, studio_folder: Path
) -> None:
    case = studio_folder / "cases" / "khamroev.yaml"
    lines = case.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("state:"))
    lines[number - 1] = "state: Russia"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = client.post("/api/validate", json={"path": "cases/khamroev.yaml"}).json()
    assert problems["problems"]
    html = client.get("/cases", params={"file": "cases/khamroev.yaml"}).text
    for problem in problems["problems"]:
        start = f'<div class="line has-problem" role="row" id="L{problem["line"]}">'
        row = re.search(re.escape(start) + "(.*?)</div>", html, re.S)
        assert row is not None, problem
        assert problem["message"].replace("'", "&#39;") in row.group(1).replace("&#34;", '"')


def test_cases_page_gives_the_schema_help_of_a_line(client: TestClient) -> None:
    html = client.get("/cases", params={"file": "cases/khamroev.yaml", "lang": "en"}).text
    assert "The file is valid." in html
    row = re.search(
        r'id="L\d+">\s*<span class="num" role="cell">\d+</span>\s*<pre[^>]*>state:', html
    )
    assert row is not None
    assert "The State responsible (ISO 3166-1 alpha-2)." in html


def test_cases_page_refuses_a_path_out_of_the_folder(client: TestClient) -> None:
    response = client.get("/cases", params={"file": "../secret.yaml"})
    assert response.status_code == 200
    assert "leads out of the served folder" in response.text


def _studio_entries(lang: str) -> list[polib.POEntry]:
    po = polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / "advocacy_docs.po"))
    return [e for e in po if any(f.startswith("advocacy_docs/studio/") for f, _ in e.occurrences)]


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_interface_is_translated(lang: str) -> None:
    entries = _studio_entries(lang)
    assert len(entries) > 50
    assert [e.msgid for e in entries if not e.translated()] == []


def test_templates_are_extracted() -> None:
    """Every interface string a template marks is in the shipped template (i18n extract)."""
    pot = {e.msgid for e in polib.pofile(str(ROOT / "locales" / "advocacy_docs.pot"))}
    templates = ROOT / "advocacy_docs" / "studio" / "templates"
    marked = set()
    for path in templates.glob("*.html"):
        marked |= set(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', path.read_text(encoding="utf-8")))
    assert marked and marked <= pot
