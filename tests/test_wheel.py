"""The built wheel carries its templates, locales and examples and works from any directory."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this source tree."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(dist.glob("advocacy_docs-*.whl"))


def test_wheel_contains_data_and_no_junk(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "advocacy_docs/py.typed" in names
    assert "advocacy_docs/_data/templates/letter/kind.toml" in names
    assert "advocacy_docs/_data/templates/reference.docx" in names
    assert "advocacy_docs/_data/locales/uk/LC_MESSAGES/advocacy_docs.po" in names
    assert "advocacy_docs/_data/examples/cases/khamroev.yaml" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_installed_wheel_renders_the_example_from_another_directory(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # Dependencies come from this test environment (no network needed); the project itself only
    # from the wheel: the fresh venv's own site-packages comes first on sys.path.
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(py), "-c", "import advocacy_docs; print(advocacy_docs.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=elsewhere,
    ).stdout
    assert where.startswith(str(env_dir))
    result = subprocess.run(
        [str(env_dir / "bin" / "advocacy-docs"), "demo", "-o", "out", "--date", "2026-11-27"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    pdfs = sorted((elsewhere / "out" / "letter").glob("*/*.pdf"))
    assert {"en", "ru", "uk"} <= {p.parent.name for p in pdfs}
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)


def test_wheel_ships_the_license_and_metadata_an_index_can_show(wheel: Path) -> None:
    import email
    import re

    import advocacy_docs

    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    info = next(n.rsplit("/", 1)[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert f"{info}/licenses/LICENSE" in names
    assert "MIT License" in archive.read(f"{info}/licenses/LICENSE").decode()
    meta = email.message_from_bytes(archive.read(f"{info}/METADATA"))
    assert meta["Version"] == advocacy_docs.__version__  # written once, in the package
    assert meta["License-Expression"] == "MIT"
    assert len(meta.get_all("Classifier") or []) >= 10
    description = meta.get_payload()
    assert isinstance(description, str) and "advocacy-docs" in description
    # Nothing that only works inside the repository: no image, no relative link.
    assert "![" not in description
    assert not re.search(r"\]\((?![a-z]+:)[^)]*\)", description)
    extras = meta.get_all("Provides-Extra") or []
    assert {"docs", "test"} <= set(extras)
