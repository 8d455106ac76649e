"""Render the pictures in README.md and docs/ from the bundled example (needs pdftoppm and a
headless Chromium: apt-get install poppler-utils chromium).

    .venv/bin/python tools/make_gallery.py

Writes docs/images/letter-ru.png and docs/images/briefing-<lang>-<page>.png from the PDFs, and
docs/images/html-*.png, the HTML as a browser shows it (a wide window and a phone's); rerun it
when a template, a stylesheet or a translation changes what a document looks like.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.i18n import get_localizer
from advocacy_docs.pipeline import reader_of

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
# As `make demo` dates the example (see the Makefile): just after the day its facts are told as of.
TODAY = dt.date(2023, 6, 1)
DPI = "80"
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
# The HTML pictures: (kind, locale, window width, window height, picture name). The picture is
# the window's top, as a reader first sees the document.
SCREENSHOTS = (
    ("briefing", "en", 1000, 1250, "html-briefing-en"),
    ("letter", "de", 1000, 1100, "html-letter-de"),
    ("briefing", "uk", 390, 844, "html-briefing-uk-phone"),
)


def _png(pdf: bytes, stem: str, *, first_only: bool) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        args = ["pdftoppm", "-r", DPI, "-png"]
        if first_only:
            args += ["-singlefile"]
        subprocess.run([*args, str(src), str(IMAGES / stem)], check=True)
    pages = sorted(IMAGES.glob(f"{stem}*.png"))
    for page in pages:
        _optimise(page, page)
    return pages


def _optimise(source: Path, target: Path) -> None:
    """``source`` saved as ``target`` with a palette of 128 colours: text stays crisp at about
    a third of the size."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(target, optimize=True)


def _browser() -> str | None:
    return next((found for name in CHROMIUM if (found := shutil.which(name))), None)


def _screenshot(browser: str, html: bytes, stem: str, width: int, height: int) -> Path:
    """A headless browser's picture of ``html`` in a window of ``width`` x ``height``."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "doc.html"
        page.write_bytes(html)
        shot = Path(tmp) / "shot.png"
        # A throw-away profile, and nothing that reaches the network (the page is self-contained).
        args = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--screenshot={shot}", f"--window-size={width},{height}", page.as_uri(),
        ]  # fmt: skip
        subprocess.run(args, check=True, capture_output=True, timeout=120)
        target = IMAGES / f"{stem}.png"
        _optimise(shot, target)
    return target


def main() -> int:
    """Render the gallery images."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 1
    browser = _browser()
    if browser is None:
        print("a headless Chromium is missing: apt-get install chromium", file=sys.stderr)
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    examples = ROOT / "examples"
    case = load_case(examples / "cases" / "khamroev.yaml")
    recipients = load_recipients(examples / "recipients" / "officials.yaml")
    sender = load_senders(examples / "senders" / "campaigner.yaml")[0]
    renderer = Renderer()
    prosecutor = reader_of(recipients, get_localizer("ru").chain)
    letter = renderer.render(
        case, locale="ru", fmt="pdf", recipient=prosecutor, sender=sender, today=TODAY
    )
    written = _png(letter.data, "letter-ru", first_only=True)
    for lang in ("en", "uk"):
        for old in IMAGES.glob(f"briefing-{lang}-*.png"):
            old.unlink()
        brief = renderer.render(case, kind="briefing", locale=lang, fmt="pdf", sender=sender,
                                today=TODAY)  # fmt: skip
        written += _png(brief.data, f"briefing-{lang}", first_only=False)
    for kind, lang, width, height, stem in SCREENSHOTS:
        reader = reader_of(recipients, get_localizer(lang).chain) if kind == "letter" else None
        html = renderer.render(
            case, kind=kind, locale=lang, fmt="html", recipient=reader, sender=sender, today=TODAY
        )
        written.append(_screenshot(browser, html.data, stem, width, height))
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
