"""A hostile locale folder: each of a locale's data files (``locale.toml``, ``names.toml``,
``etiquette.toml``, ``phrases.toml``) replaced, one at a time, by each thing a translator's folder
can hold instead of a small text file: a named pipe, a folder, a link to a device, a link to a
file outside the folder, a file too large, tables nested too deep, a control character in a text.

Every variant is refused before anything is written: a render fails with one error naming the
file (never a hang, a traceback or memory running out), and ``advocacy-docs i18n check`` reports
the same file (the class of findings 4, 7, 9, 10 and 13 of the second security review).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from advocacy_docs import Renderer, load_case, load_recipients, load_senders
from advocacy_docs.errors import AdvocacyError
from advocacy_docs.i18n.datacheck import DATA_FILES, check_data
from advocacy_docs.i18n.datafile import MAX_DATA_BYTES, MAX_DEPTH
from tests.conftest import CASE_FILE, RECIPIENTS_FILE, SENDERS_FILE

ROOT = Path(__file__).resolve().parents[2]
LANG = "de"  # a locale with every data file
TODAY = dt.date(2026, 11, 27)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _device(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _outside(path: Path) -> None:
    elsewhere = path.parents[2] / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    shutil.copy(path, elsewhere / path.name)  # the same, valid text, but not in the folder
    path.unlink()
    path.symlink_to(elsewhere / path.name)


def _huge(path: Path) -> None:
    padding = "# " + "x" * 98 + "\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(padding * (MAX_DATA_BYTES // len(padding) + 1) + text, encoding="utf-8")


def _deep(path: Path) -> None:
    depth = MAX_DEPTH + 4
    text = path.read_text(encoding="utf-8")
    path.write_text(f"zz_deep = {'[' * depth}1{']' * depth}\n" + text, encoding="utf-8")


def _control(path: Path) -> None:
    # The first text of the file gets an ESC (as a TOML escape, as a translator would type it).
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r'= "([^"\\]+)"', r'= "\1\\u001b[2J"', text, count=1)
    assert count == 1, f"{path.name} has no plain text to change"
    path.write_text(changed, encoding="utf-8")


VARIANTS: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo,
    "folder": _folder,
    "device": _device,
    "outside": _outside,
    "huge": _huge,
    "deep": _deep,
    "control": _control,
}
# What the error says, beside the file's name.
SAYS = {
    "fifo": "not a regular file",
    "folder": "not a regular file",
    "device": "outside the locale folder",
    "outside": "outside the locale folder",
    "huge": f"larger than {MAX_DATA_BYTES:,} bytes",
    "deep": f"nested more than {MAX_DEPTH} deep",
    "control": "U+001B",
}


def _folder_with(tmp_path: Path, name: str, variant: str) -> tuple[Path, Path]:
    """A copy of the bundled locale with ``name`` replaced by ``variant``: (folder, file)."""
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales" / LANG, locales / LANG)
    target = locales / LANG / name
    VARIANTS[variant](target)
    return locales, target


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", DATA_FILES)
def test_a_hostile_data_file_stops_the_render_naming_it(
    tmp_path: Path, name: str, variant: str
) -> None:
    locales, target = _folder_with(tmp_path, name, variant)
    case = load_case(CASE_FILE)
    recipient = next(r for r in load_recipients(RECIPIENTS_FILE) if r.language == LANG)
    sender = load_senders(SENDERS_FILE)[0]
    out = tmp_path / "out"
    with pytest.raises(AdvocacyError) as caught:
        docs = Renderer(locale_dirs=[locales]).render_formats(
            case, kind="letter", locale=LANG, formats=("txt", "docx"), recipient=recipient,
            sender=sender, today=TODAY,
        )  # fmt: skip
        for doc in docs:
            doc.save(out)
    message = str(caught.value)
    assert str(target) in message and SAYS[variant] in message, message
    assert "\x1b" not in message  # said, never sent to the terminal
    assert not out.exists()


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", DATA_FILES)
def test_i18n_check_reports_a_hostile_data_file(tmp_path: Path, name: str, variant: str) -> None:
    locales, target = _folder_with(tmp_path, name, variant)
    found = check_data(locales, LANG)
    mine = [problem for path, _, problem in found if path == target]
    assert any(SAYS[variant] in problem for problem in mine), found
    assert all("\x1b" not in problem for _, _, problem in found)


def test_the_bundled_data_files_are_clean() -> None:
    for lang in sorted(p.name for p in (ROOT / "locales").iterdir() if p.is_dir()):
        assert check_data(ROOT / "locales", lang) == [], lang
