"""The one fetcher: data: URLs and files inside allowed folders only; never the network."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from advocacy_docs.errors import ResourceError
from advocacy_docs.resources import ResourceFetcher


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """An allowed folder with an image, and a secret file outside it."""
    allowed = tmp_path / "case"
    allowed.mkdir()
    (allowed / "photo.png").write_bytes(b"\x89PNG fake")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    return allowed, secret


def test_reads_allowed_file_and_data_urls(tree: tuple[Path, Path]) -> None:
    allowed, _ = tree
    fetcher = ResourceFetcher([allowed])
    res = fetcher.fetch((allowed / "photo.png").as_uri())
    assert res.data == b"\x89PNG fake" and res.mime_type == "image/png"
    data = fetcher.fetch("data:text/plain;base64," + base64.b64encode(b"hi").decode())
    assert data.data == b"hi" and data.mime_type == "text/plain"
    assert fetcher.fetch("data:,a%20b").data == b"a b"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "file://otherhost/etc/passwd",
        "file:///etc/passwd",
        "x.png",
    ],
)
def test_refuses_network_and_foreign_files(tree: tuple[Path, Path], url: str) -> None:
    fetcher = ResourceFetcher([tree[0]])
    with pytest.raises(ResourceError):
        fetcher.fetch(url)


def test_refuses_traversal_and_symlinks_out(tree: tuple[Path, Path]) -> None:
    allowed, secret = tree
    fetcher = ResourceFetcher([allowed])
    with pytest.raises(ResourceError, match="outside"):
        fetcher.fetch((allowed / ".." / secret.name).as_uri())
    link = allowed / "innocent.png"
    os.symlink(secret, link)
    with pytest.raises(ResourceError, match="outside"):
        fetcher.fetch(link.as_uri())


def test_missing_file_is_a_clear_error(tree: tuple[Path, Path]) -> None:
    fetcher = ResourceFetcher([tree[0]])
    with pytest.raises(ResourceError, match="does not exist"):
        fetcher.fetch((tree[0] / "nope.png").as_uri())
