"""A pytest plugin: under ``CI=true`` nothing skips; a test that would skip fails, saying why.

CI installs every program the suite uses (.ci/run), so a skip there means a test that proves
something (a Word document opening in LibreOffice, say) silently did not run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def in_ci() -> bool:
    """Whether the CI environment variable is set to something true."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true nothing skips: a test that would skip fails, saying why it would have."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and in_ci() and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"would skip, and nothing may skip under CI=true: {reason}"
