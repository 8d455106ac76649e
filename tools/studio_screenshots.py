"""Take the pictures of the studio in docs/studio.md (needs Chromium: tools/ensure-sysdeps.sh
browser, and the studio's extra: pip install "advocacy-docs[studio]" playwright).

    .venv/bin/python tools/studio_screenshots.py

Starts ``advocacy-docs studio`` over a copy of examples/ as a user would, reads its address from
its first line, and lets headless Chromium (Debian's, driven by Playwright) open each page and
do what the guide describes; writes docs/images/studio-<page>.png. Rerun it when a page changes.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
WIDTH, HEIGHT = 1280, 860
# A PDF's render can take a while on a busy machine: this bounds each wait.
WAIT_MS = 120_000


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_studio(folder: Path) -> Iterator[str]:
    """``advocacy-docs studio FOLDER`` running; its first line, the address with the token."""
    command = [sys.executable, "-m", "advocacy_docs", "studio", str(folder)]
    command += ["--port", str(free_port()), "--no-browser"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        if not url.startswith("http://"):
            raise SystemExit(f"advocacy-docs studio did not print its address: {url!r}")
        # The address is printed before the server listens: wait until it does.
        address = urlsplit(url)
        while process.poll() is None:
            try:
                socket.create_connection((address.hostname, address.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        if process.poll() is not None:
            raise SystemExit("advocacy-docs studio stopped (its message is above)")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


def go(page: Page, name: str) -> None:
    """Open a page of the studio from the nav bar."""
    page.locator(f"nav a[href^='/{name}']").click()
    page.wait_for_load_state("networkidle")


def cases(page: Page) -> None:
    """The example case file, validated, a line's help showing."""
    go(page, "cases")
    page.locator(".source .line").first.wait_for()
    page.locator(".source .text[title]").nth(3).hover()


def make(page: Page) -> None:
    """The Ukrainian letter to the ombudsperson, previewed beside the form."""
    go(page, "make")
    # The form is ready once its last list, the senders, is filled.
    page.locator("#m-sender option[value='senders/campaigner.yaml#alex-morgan']").wait_for(
        state="attached"
    )
    page.select_option("#m-case", "cases/khamroev.yaml")
    page.select_option("#m-kind", "letter")
    page.select_option("#m-rfile", "recipients/officials.yaml")
    # The file's records are listed (the first one picked) before any is picked by hand.
    page.locator("#m-records input").first.wait_for()
    page.locator("#m-none").click()
    page.locator("#m-records input[value='ombudsman-ua']").check()
    page.select_option("#m-sender", "senders/campaigner.yaml#alex-morgan")
    page.frame_locator("#m-preview").get_by_text("Шановний Дмитре Валерійовичу!").wait_for()


def campaigns(page: Page) -> None:
    """The example campaign, run to its end."""
    go(page, "campaigns")
    page.select_option("#c-file", "campaigns/khamroev-embassies.yaml")
    page.locator("#c-run").click()
    page.locator("#c-zip:not([hidden])").wait_for()


def translate(page: Page) -> None:
    """The Ukrainian letter with its strings outlined, one of them open in the editor."""
    go(page, "translate")
    page.locator("#t-locale option[value='uk']").wait_for(state="attached")
    if page.locator("#t-locale").input_value() != "uk":
        page.select_option("#t-locale", "uk")
    spans = page.frame_locator("#t-doc").locator(".x-msg[role=button]:not(.x-untranslated)")
    spans.first.wait_for()
    for index in range(spans.count()):
        if len(spans.nth(index).inner_text()) >= 40:
            spans.nth(index).click()
            break
    page.locator("#t-msgstr-0").wait_for()


def check(page: Page) -> None:
    """The legal checks of the example case for the European Court."""
    go(page, "check")
    page.select_option("#k-case", "cases/khamroev.yaml")
    page.select_option("#k-for", "echr")
    # The overall status, in its colour, is shown once the last run of the checks has answered.
    page.locator("#k-summary .badge").wait_for()
    page.locator("#k-table tbody tr").first.wait_for()


PAGES: dict[str, Callable[[Page], None]] = {
    "cases": cases,
    "make": make,
    "campaigns": campaigns,
    "translate": translate,
    "check": check,
}


def main(argv: list[str] | None = None) -> int:
    """Write docs/images/studio-<page>.png for the pages named (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help=f"of {', '.join(PAGES)}; default: all")
    parser.add_argument("-o", "--output", type=Path, default=IMAGES)
    args = parser.parse_args(argv)
    unknown = [name for name in args.pages if name not in PAGES]
    if unknown:
        parser.error(f"no page {', '.join(unknown)}; the pages: {', '.join(PAGES)}")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no Chromium: run tools/ensure-sysdeps.sh browser")
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "examples"
        shutil.copytree(ROOT / "examples", folder)
        with running_studio(folder) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            context = browser.new_context(
                locale="en-GB", viewport={"width": WIDTH, "height": HEIGHT}
            )
            context.set_default_timeout(WAIT_MS)
            page = context.new_page()
            page.goto(url)
            for name in args.pages or PAGES:
                PAGES[name](page)
                target = args.output / f"studio-{name}.png"
                page.screenshot(path=str(target))
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
