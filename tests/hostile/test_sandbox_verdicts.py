"""The sandbox remembers its verdict on an attribute by the types of the object and the value
and the attribute's name: remembered or not, the verdict is the same, in whatever order the
reads come (a read refused on one type is never allowed because the name was allowed on
another)."""

from __future__ import annotations

import functools
import io
import os
import types
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from advocacy_docs import Renderer, load_case
from advocacy_docs.sandbox import DocumentSandbox
from tests.conftest import CASE_FILE

CASE = load_case(CASE_FILE)
OBJECTS: list[Any] = [
    CASE, CASE.person, CASE.charges[0], CASE.sources, {"a": 1}, [1, 2], "text", 3,
    Path("/etc"), io.StringIO("x"), os, type, functools.partial(print), print,
    Renderer, CASE.model_copy, (lambda: 0), types.SimpleNamespace(a=1), range(3), {1, 2},
]  # fmt: skip
NAMES = [
    "person", "name", "sources", "id", "append", "pop", "keys", "items", "a", "upper",
    "__class__", "__globals__", "_private", "mro", "func", "read", "path", "model_copy",
    "parent", "environ", "system", "gi_frame", "f_globals", "base_dir", "source_path",
]  # fmt: skip


def _read(obj: Any, name: str) -> tuple[Any, str, Any]:
    return obj, name, getattr(obj, name, None)


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(OBJECTS), st.sampled_from(NAMES)), min_size=1))
def test_a_remembered_verdict_is_the_verdict(reads: list[tuple[Any, str]]) -> None:
    env = DocumentSandbox()
    fresh = DocumentSandbox()
    for obj, name in reads:
        args = _read(obj, name)
        assert env.is_safe_attribute(*args) == fresh._attribute_verdict(*args), (obj, name)


def test_what_the_sandbox_refuses_stays_refused_after_allowed_reads_of_the_same_name() -> None:
    env = DocumentSandbox()
    assert env.is_safe_attribute(*_read(CASE, "person"))
    assert env.is_safe_attribute(*_read(types.SimpleNamespace(base_dir=1), "base_dir"))
    for obj, name in [(CASE, "base_dir"), (CASE, "source_path"), (os, "environ"),
                      (Path("/etc"), "parent"), (CASE, "model_copy")]:  # fmt: skip
        assert not env.is_safe_attribute(*_read(obj, name)), name
        assert not env.is_safe_attribute(*_read(obj, name)), name  # and when remembered
