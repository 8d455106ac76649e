"""What WeasyPrint and fontTools log during a render becomes the render's warnings, in the
render's thread only; the process's logging (levels, handlers, what its handlers see) is never
changed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from advocacy_docs import Renderer
from advocacy_docs.case import Case, Recipient, Sender
from advocacy_docs.notices import LAYOUT

from .conftest import TODAY, recipient_for

ENGINE = ("weasyprint", "weasyprint.progress", "fontTools", "fontTools.subset")
BAD_CSS = "p { colour: red; }\n"  # WeasyPrint warns: the property is ignored


class Recorder(logging.Handler):
    """Keeps every record that reaches it."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def engine(self) -> list[logging.LogRecord]:
        """The records of the PDF engine's loggers."""
        return [r for r in self.records if r.name.split(".")[0] in ("weasyprint", "fontTools")]


@pytest.fixture
def root_recorder() -> Iterator[Recorder]:
    """A handler on the root logger, which is opened to DEBUG for the test (then restored)."""
    import weasyprint  # noqa: F401  (its import adds its own NullHandler: before the snapshot)

    root = logging.getLogger()
    recorder, level = Recorder(), root.level
    root.addHandler(recorder)
    root.setLevel(logging.DEBUG)
    try:
        yield recorder
    finally:
        root.removeHandler(recorder)
        root.setLevel(level)


def state() -> dict[str, tuple[int, list[logging.Handler], bool, bool]]:
    """Each engine logger's level, handlers, propagation and whether it is disabled."""
    out = {}
    for name in ENGINE:
        logger = logging.getLogger(name)
        out[name] = (logger.level, list(logger.handlers), logger.propagate, logger.disabled)
    return out


@pytest.fixture
def bad_css(tmp_path: Path) -> Path:
    css = tmp_path / "user.css"
    css.write_text(BAD_CSS, encoding="utf-8")
    return css


def letter(renderer: Renderer, case: Case, recipients: list[Recipient], sender: Sender) -> object:
    rec = recipient_for(recipients, "en")
    return renderer.render(case, kind="letter", locale="en", fmt="pdf", recipient=rec,
                           sender=sender, today=TODAY)  # fmt: skip


def test_no_global_logging_change_after_a_render(
    root_recorder: Recorder, bad_css: Path, case: Case, recipients: list[Recipient],
    sender: Sender,
) -> None:  # fmt: skip
    before = state()
    out = Renderer(stylesheets=[bad_css]).render(
        case, kind="letter", locale="en", fmt="pdf", recipient=recipient_for(recipients, "en"),
        sender=sender, today=TODAY,
    )  # fmt: skip
    assert state() == before
    assert logging.getLogger("weasyprint").level == before["weasyprint"][0]
    # Nothing the engine said reached the root's handlers; progress INFO is dropped entirely.
    assert root_recorder.engine() == []
    layout = [w for w in out.warnings if w.code == LAYOUT]
    assert layout, out.warnings
    assert all(w.locale == "en" and w.field and "colour" in str(w) for w in layout)
    assert not any("Step " in str(w) for w in out.warnings)  # weasyprint.progress


def test_outside_a_render_the_engine_logs_as_configured(root_recorder: Recorder) -> None:
    # Loggers were given the render's filter: outside a render it lets everything through.
    Renderer().warm(kinds=["letter"], locales=["en"])
    logging.getLogger("weasyprint").warning("said outside a render")
    logging.getLogger("fontTools.subset").warning("also outside")
    assert [r.getMessage() for r in root_recorder.engine()] == [
        "said outside a render",
        "also outside",
    ]


def test_warnings_stay_with_the_render_of_their_thread(
    root_recorder: Recorder, bad_css: Path, case: Case, recipients: list[Recipient],
    sender: Sender,
) -> None:  # fmt: skip
    noisy, quiet = Renderer(stylesheets=[bad_css]), Renderer()
    results: dict[str, list[object]] = {"noisy": [], "quiet": []}
    start = threading.Barrier(3)

    def run(name: str, renderer: Renderer) -> None:
        start.wait()
        for _ in range(3):
            results[name].append(letter(renderer, case, recipients, sender))

    threads = [threading.Thread(target=run, args=("noisy", noisy)),
               threading.Thread(target=run, args=("quiet", quiet))]  # fmt: skip
    for t in threads:
        t.start()
    start.wait()
    # A third thread logs on the engine's logger meanwhile: its record is its own, not a
    # render's, and reaches the root's handlers.
    logging.getLogger("weasyprint").warning("a record of another thread")
    for t in threads:
        t.join()
    for out in results["noisy"]:
        assert any(w.code == LAYOUT for w in out.warnings)  # type: ignore[attr-defined]
    for out in results["quiet"]:
        assert not any(w.code == LAYOUT for w in out.warnings)  # type: ignore[attr-defined]
    assert [r.getMessage() for r in root_recorder.engine()] == ["a record of another thread"]
