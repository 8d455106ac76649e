"""SECURITY.md backs each promise with tests: every test it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_security_md_names_exists() -> None:
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    named = sorted(set(re.findall(r"(tests/[\w/]+\.py)::(\w+)", text)))
    assert len(named) > 50
    missing = []
    for file, name in named:
        path = ROOT / file
        tree = ast.parse(path.read_text(encoding="utf-8")) if path.is_file() else None
        functions = (
            {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)} if tree else set()
        )
        if name not in functions:
            missing.append(f"{file}::{name}")
    assert missing == []
