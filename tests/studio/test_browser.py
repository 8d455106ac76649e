"""The studio in a real browser: Debian's Chromium, headless, driven by Playwright.

A campaigner opens the studio, makes the Ukrainian letter and downloads its PDF; a translator
changes one Ukrainian string in place and sees it in the document and in their ``.po`` file.
The server is the studio's own application under uvicorn, over a copy of ``examples/`` and of
the bundled locales (the translator's ``--locales-dir``), so nothing in the tree is written.
On a machine without Chromium these tests skip, saying the apt-get line that makes them run;
under ``CI=true`` (which installs it: ``tools/ensure-sysdeps.sh browser``) a skip is a failure.
"""

from __future__ import annotations

import difflib
import re
import secrets
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib
import pytest
from pypdf import PdfReader

from advocacy_docs.i18n import get_localizer
from advocacy_docs.paths import bundled_locales_dir

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CASE = "cases/khamroev.yaml"
RECIPIENTS = "recipients/officials.yaml"
UK_RECIPIENT = "ombudsman-ua"
SENDER = "senders/campaigner.yaml#alex-morgan"
CHROMIUM_INSTALL = "sudo apt-get install --no-install-recommends chromium"
BUNDLED_UK_PO = bundled_locales_dir() / "uk" / "LC_MESSAGES" / "advocacy_docs.po"
BUNDLED_UK_BEFORE = BUNDLED_UK_PO.read_bytes()
# Rendering a PDF under a loaded machine can take a while: this bounds a wait, it asserts nothing.
RENDER_WAIT_MS = 120_000


def chromium_path() -> str:
    """Debian's Chromium, or a skip whose reason is the line that installs it."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip(f"Chromium is not installed; to run this test: {CHROMIUM_INSTALL}")
    return path


@dataclass(frozen=True)
class Studio:
    """A running studio: its address, its token, and the folders it serves and writes."""

    url: str
    token: str
    folder: Path
    locales: Path

    def po(self, lang: str) -> Path:
        """The translator's catalog for ``lang`` in the copied locale folder."""
        return self.locales / lang / "LC_MESSAGES" / "advocacy_docs.po"


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Studio]:
    """The studio under uvicorn on a free port, in a thread, over copies of the examples and
    of the bundled locales."""
    uvicorn = pytest.importorskip("uvicorn", reason='pip install "advocacy-docs[studio]"')
    from advocacy_docs.studio import create_app

    base = tmp_path_factory.mktemp("studio")
    folder = base / "examples"
    shutil.copytree(EXAMPLES, folder)
    locales = base / "locales"
    shutil.copytree(bundled_locales_dir(), locales)
    token = secrets.token_urlsafe(24)
    app = create_app(folder, token=token, locale_dirs=[locales], workers=1)

    # The socket is bound before the server starts, so no other process can take the port.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="auto"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while thread.is_alive() and not server.started:
        time.sleep(0.05)
    assert server.started, "the studio's server did not start (its log is above)"
    try:
        yield Studio(f"http://127.0.0.1:{port}", token, folder, locales)
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium: Debian's, never Playwright's own download."""
    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser, studio: Studio) -> Iterator[Page]:
    """A fresh English-speaking browser tab with the studio opened through its token link."""
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    context.set_default_timeout(RENDER_WAIT_MS)
    tab = context.new_page()
    response = tab.goto(f"{studio.url}/?token={studio.token}")
    assert response is not None and response.status == 200
    try:
        yield tab
    finally:
        context.close()


def words(text: str) -> str:
    """``text`` with every run of white space one space, as a reader sees the words."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The words of every page of the PDF at ``path``."""
    return words(" ".join(page.extract_text() for page in PdfReader(path).pages))


def open_page(page: Page, name: str) -> None:
    """Open one of the studio's pages through its link in the nav bar."""
    page.locator(f"nav a[href^='/{name}']").click()
    page.wait_for_load_state()


def test_a_page_without_the_token_is_forbidden(browser: Browser, studio: Studio) -> None:
    context = browser.new_context()
    try:
        tab = context.new_page()
        for path in ("/", "/?token=not-the-token", "/api/kinds"):
            response = tab.goto(studio.url + path)
            assert response is not None
            assert response.status == 403, path
            assert studio.token not in tab.content()
    finally:
        context.close()


def test_the_token_link_sets_the_session_cookie_and_leaves_the_address(page: Page) -> None:
    assert page.locator("nav a[href^='/make']").is_visible()
    assert "token" not in page.url  # not in the history, nor in a screenshot of the address bar
    cookies = page.context.cookies()
    session = [c for c in cookies if c["name"] == "advocacy_studio"]
    assert session and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict"


def test_another_site_on_this_machine_cannot_make_the_studio_act(
    browser: Browser, studio: Studio
) -> None:
    # Another port of 127.0.0.1 is the same site: the browser sends the studio's cookie with a
    # form it posts, even SameSite=Strict; the studio's Origin check is what refuses it.
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(f"{studio.url}/?token={studio.token}")
        other = "http://127.0.0.1:9/"
        form = (
            f"<form method=post action='{studio.url}/api/validate' enctype='text/plain'>"
            f"<input name='path' value='{CASE}'><button id=go>go</button></form>"
        )
        tab.route(other, lambda route: route.fulfill(content_type="text/html", body=form))
        tab.goto(other)
        with tab.expect_navigation() as navigation:
            tab.locator("#go").click()
        response = navigation.value
        assert response is not None
        assert response.status == 403
        assert "http://127.0.0.1:9" in tab.content()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["uk", "ru"])
def test_the_interface_speaks_the_browsers_language(
    browser: Browser, studio: Studio, lang: str
) -> None:
    context = browser.new_context(locale=lang)  # the browser's Accept-Language
    try:
        tab = context.new_page()
        tab.goto(f"{studio.url}/?token={studio.token}")
        assert tab.locator("html").get_attribute("lang") == lang
        expected = get_localizer(lang, [bundled_locales_dir()]).gettext("Make a document")
        assert expected != "Make a document"
        assert tab.locator("nav a[href^='/make']").inner_text() == expected
    finally:
        context.close()


def make_the_ukrainian_letter(page: Page) -> None:
    """On the Make page: the example case's letter to the recipient whose language is uk, in
    each recipient's own language, as a PDF."""
    open_page(page, "make")
    # The form is ready once its last list, the senders, is filled.
    page.locator(f"#m-sender option[value='{SENDER}']").wait_for(state="attached")
    page.select_option("#m-case", CASE)
    page.select_option("#m-kind", "letter")
    page.select_option("#m-rfile", RECIPIENTS)
    # The file's records are listed (the first one picked) before any is picked by hand.
    page.locator("#m-records input").first.wait_for()
    page.locator("#m-none").click()
    page.locator(f"#m-records input[value='{UK_RECIPIENT}']").check()
    page.select_option("#m-sender", SENDER)
    assert page.locator("#m-own").is_checked()  # the language is the recipient's: uk
    for box in page.locator("#m-formats input").all():
        box.set_checked(box.get_attribute("value") == "pdf")


def test_making_the_ukrainian_letter_and_downloading_its_pdf(page: Page, tmp_path: Path) -> None:
    make_the_ukrainian_letter(page)

    # The preview beside the form is the letter in Ukrainian, greeting the recipient.
    preview = page.frame_locator("#m-preview")
    preview.get_by_text("Шановний Дмитре Валерійовичу!").wait_for()

    with page.expect_download(timeout=RENDER_WAIT_MS) as download_info:
        page.locator("#m-download").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "khamroev-bakhrom.letter.ombudsman-ua.uk.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    text = pdf_text(saved)
    assert "Дмитрові ЛУБІНЦЕВІ" in text  # the address, in the dative
    assert "Шановний Дмитре Валерійовичу!" in text  # the greeting, in the vocative
    assert "Звертаюся до Вас у справі Бахрома Хамроєва" in text


def entries(po: bytes | Path) -> dict[tuple[str | None, str], str]:
    """The translations of a catalog, by (context, msgid)."""
    source = po.decode("utf-8") if isinstance(po, bytes) else str(po)
    return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(source) if not e.obsolete}


# The strings of the document are wired to the editor once it has loaded (role=button then).
TRANSLATED_STRING = ".x-msg[data-msg][role=button]:not(.x-untranslated)"


def open_translated_sentence(page: Page) -> str:
    """Open in the editor a translated, singular sentence of the marked document (a sentence,
    not a lone word, so that the change is plain to see); its English, as the editor shows it."""
    spans = page.frame_locator("#t-doc").locator(TRANSLATED_STRING)
    spans.first.wait_for()
    for index in range(spans.count()):
        span = spans.nth(index)
        text = words(span.inner_text())
        if len(text) < 20 or re.search(r"\d", text) or span.locator(".x-msg").count():
            continue
        span.click()
        page.locator("#t-msgstr-0").wait_for()
        if page.locator("#t-msgstr-1").count() == 0:  # one form: no plural
            return page.locator("#t-panel-body dd[lang=en]").first.inner_text()
    raise AssertionError("the marked document outlines no translated sentence")


def test_changing_a_ukrainian_string_in_place(page: Page, studio: Studio) -> None:
    before = studio.po("uk").read_bytes()
    open_page(page, "translate")
    page.locator("#t-locale option[value='uk']").wait_for(state="attached")
    if page.locator("#t-locale").input_value() != "uk":
        page.select_option("#t-locale", "uk")
    if page.locator("#t-kind").input_value() != "letter":
        page.select_option("#t-kind", "letter")

    msgid = open_translated_sentence(page)
    editor = page.locator("#t-msgstr-0")
    current = editor.input_value()
    assert current
    assert current in {text for (_, english), text in entries(before).items() if english == msgid}

    # The marker is added to the translation, so its placeholders and markup stay as they were.
    marker = "Перевірено перекладачем"
    changed = f"{current} ({marker})"
    editor.fill(changed)
    page.locator("#t-panel-body button[type=submit]").click()

    # The document is rendered again, with the new words where the old ones were.
    document = page.frame_locator("#t-doc")
    document.locator(".x-msg", has_text=marker).first.wait_for(timeout=RENDER_WAIT_MS)

    # The translator's own .po file holds it, and only that entry changed.
    old, new = entries(before), entries(studio.po("uk"))
    changed_keys = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    assert len(changed_keys) == 1, changed_keys
    (key,) = changed_keys
    assert key[1] == msgid
    assert new[key] == changed
    # ...and the file kept its format: the lines that differ are the entry's translation (and at
    # most a header field), not a rewrapped or reordered file.
    after = studio.po("uk").read_text(encoding="utf-8").splitlines()
    differing = [
        line
        for line in difflib.unified_diff(before.decode("utf-8").splitlines(), after, n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert differing and all(line[1:].startswith(("msgstr ", '"')) for line in differing), differing
    assert len(differing) <= 6, differing
    # The bundled catalog is untouched.
    assert BUNDLED_UK_PO.read_bytes() == BUNDLED_UK_BEFORE
