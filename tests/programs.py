"""The programs some tests open our documents with (LibreOffice, pandoc), and how to get them.

On a laptop without them those tests skip, and the reason is the one apt-get line that makes
them run; under ``CI=true`` a skip is a failure (tests/conftest.py), and .ci/run installs them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

# program: (its name for people, the Debian package, other names it is installed under)
PROGRAMS = {
    "soffice": ("LibreOffice", "libreoffice-writer-nogui", ("libreoffice",)),
    "pandoc": ("pandoc", "pandoc", ()),
}


def install_line(program: str) -> str:
    """The apt-get line that installs ``program``."""
    return f"sudo apt-get install --no-install-recommends {PROGRAMS[program][1]}"


def program(name: str) -> str:
    """The path of ``name``, or a skip whose reason says how to install it."""
    label, _, aliases = PROGRAMS[name]
    for candidate in (name, *aliases):
        path = shutil.which(candidate)
        if path:
            return path
    pytest.skip(f"{label} is not installed; to run this test: {install_line(name)}")


@dataclass(frozen=True)
class Office:
    """LibreOffice, headless, with a profile of its own (made once, then reused)."""

    binary: str
    profile: Path

    def to_pdf(self, source: Path) -> Path:
        """Convert ``source`` to PDF beside it, as a user's LibreOffice would; the PDF's path."""
        subprocess.run(
            [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return source.with_suffix(".pdf")

    def to_pdfs(self, sources: list[Path]) -> list[Path]:
        """Convert ``sources`` (files of one folder) to PDF beside them, in one run of
        LibreOffice (starting it takes most of a conversion's time); the PDFs' paths."""
        folders = {source.parent for source in sources}
        assert len(folders) == 1, "to_pdfs converts the files of one folder"
        subprocess.run(
            [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", str(folders.pop()),
             *map(str, sources)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        return [source.with_suffix(".pdf") for source in sources]


def pandoc_markdown(source: Path) -> str:
    """What pandoc reads from a DOCX, as Markdown."""
    return subprocess.run(
        [program("pandoc"), "-f", "docx", "-t", "markdown", str(source)],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
