"""Counting the reader's work instead of timing it: a cap that holds does so on any machine.

A test that says "this hostile file is refused fast" cannot use a clock (a loaded CI machine is
slow, a fast one hides a blow-up). It counts the steps that could blow up instead: YAML nodes
composed and built, JSON values parsed. Each must stay within the reader's caps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from advocacy_docs.case import source

COUNTED = {
    "yaml nodes composed": (source._Loader, "compose_node"),
    "yaml values built": (source._YamlBuilder, "build"),
    "json values parsed": (source._JsonParser, "value"),
}


@contextmanager
def counting_work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Count, while inside, every step of the case-file readers that could blow up."""
    steps: Counter[str] = Counter()

    def counted(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            steps[name] += 1
            return original(*args, **kwargs)

        return step

    with monkeypatch.context() as patch:
        for name, (owner, attribute) in COUNTED.items():
            patch.setattr(owner, attribute, counted(name, getattr(owner, attribute)))
        yield steps


def within_caps(steps: Counter[str], size: int, *, reads: int = 1) -> bool:
    """Whether ``reads`` readings of a file of ``size`` characters stayed within the caps."""
    # Composing visits each node of the text once (aliases are not expanded there); building
    # may expand aliases, up to the node cap (one more, to notice it was passed).
    return (
        steps["yaml nodes composed"] <= reads * size
        and steps["yaml values built"] <= reads * (source.MAX_NODES + 1)
        and steps["json values parsed"] <= reads * size
    )
