"""The studio over a copy of the examples, and a client that carries its token."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from advocacy_docs.studio import create_app
from tests.conftest import EXAMPLES


@pytest.fixture
def token() -> str:
    """The studio's token."""
    return "test-token-0123456789"


@pytest.fixture
def studio_folder(tmp_path: Path) -> Path:
    """A copy of examples/: tests may change it."""
    folder = tmp_path / "studio"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("integrations"))
    return folder


@pytest.fixture
def app(studio_folder: Path, token: str) -> Starlette:
    """The studio over ``studio_folder``, with one worker process."""
    return create_app(studio_folder, token=token, workers=1)


@pytest.fixture
def client(app: Starlette, token: str) -> Iterator[TestClient]:
    """A client of ``app`` sending the token; the app's lifespan runs around the test."""
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as test_client:
        yield test_client
