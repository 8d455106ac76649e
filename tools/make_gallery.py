"""Render the pictures in README.md and docs/ from the bundled example (needs pdftoppm).

    .venv/bin/python tools/make_gallery.py

Writes docs/images/letter-ru.png and docs/images/briefing-<lang>-<page>.png; rerun it when a
template or a translation changes what a document looks like.
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
TODAY = dt.date(2026, 11, 27)
DPI = "80"


def _png(pdf: bytes, stem: str, *, first_only: bool) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        args = ["pdftoppm", "-r", DPI, "-png"]
        if first_only:
            args += ["-singlefile"]
        subprocess.run([*args, str(src), str(IMAGES / stem)], check=True)
    return sorted(IMAGES.glob(f"{stem}*.png"))


def main() -> int:
    """Render the gallery images."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
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
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
