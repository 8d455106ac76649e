"""The studio's worker processes: rendering (and reading the user's files) off the event loop.

Each worker runs in the served folder (its working directory), so that paths and messages read
as they do when the CLI is run there, and holds one :class:`Renderer` for all its renders.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from ..case import load_case, load_recipients, load_senders
from ..case.parties import Recipient, Sender
from ..case.source import inputs_confined_to
from ..case.types import Sensitivity
from ..errors import (
    AdvocacyError,
    ConfigurationError,
    InputError,
    Problem,
    RenderError,
    ValidationFailed,
)
from ..pipeline import Output, Renderer

log = logging.getLogger(__name__)
T = TypeVar("T")

_renderer: Renderer | None = None


def _start_worker(root: str, locale_dirs: tuple[str, ...]) -> None:
    global _renderer
    os.chdir(root)
    _renderer = Renderer(locale_dirs=locale_dirs)


def worker_renderer() -> Renderer:
    """The renderer of this worker process (one made on the spot outside a worker)."""
    global _renderer
    if _renderer is None:
        _renderer = Renderer()
    return _renderer


FailureKind = Literal["validation", "input", "configuration", "render", "internal"]


@dataclass(frozen=True)
class Failure:
    """An exception of a worker, as plain values (exceptions do not all survive pickling)."""

    kind: FailureKind
    message: str
    problems: tuple[Problem, ...] = ()

    def exception(self) -> Exception:
        """The exception to raise in the server for this failure."""
        if self.kind == "validation":
            return ValidationFailed(self.problems)
        if self.kind == "input":
            return InputError(self.message)
        if self.kind == "configuration":
            return ConfigurationError(self.message)
        if self.kind == "render":
            return RenderError(self.message)
        return RuntimeError(self.message)


def _guarded(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Failure | None, Any]:
    try:
        # The worker runs in the served folder: every input file it reads is read inside it,
        # no link followed, however it changed since the server checked its path.
        with inputs_confined_to(Path.cwd()):
            return None, fn(*args)
    except ValidationFailed as exc:
        return Failure("validation", str(exc), tuple(exc.problems)), None
    except InputError as exc:
        return Failure("input", str(exc)), None
    except ConfigurationError as exc:
        return Failure("configuration", str(exc)), None
    except AdvocacyError as exc:
        return Failure("render", str(exc)), None
    except Exception as exc:
        log.exception("studio worker: %s failed", getattr(fn, "__name__", fn))
        return Failure("internal", f"{type(exc).__name__} in {fn.__name__}"), None


@dataclass(frozen=True)
class RenderJob:
    """One document to render, as plain values: paths relative to the served folder, already
    checked (``recipient``/``sender`` as ``FILE#id``), ``today`` as YYYY-MM-DD."""

    case: str
    kind: str = "letter"
    locale: str | None = None
    formats: tuple[str, ...] = ("pdf",)
    recipient: str | None = None
    sender: str | None = None
    personal: str | None = None
    today: str | None = None
    audience: str | None = None


@dataclass(frozen=True)
class RenderResult:
    """The files of one render job (one per format), in the order of ``RenderJob.formats``."""

    outputs: tuple[Output, ...]


def _one(spec: str, loader: Callable[[str], list[Any]], what: str) -> Any:
    path, _, wanted = spec.partition("#")
    people = loader(path)
    if wanted:
        chosen = [p for p in people if p.id == wanted]
        if not chosen:
            ids = ", ".join(p.id for p in people if p.id) or "none"
            raise InputError(f"{path}: no {what} with id {wanted!r}; the file has: {ids}")
        return chosen[0]
    if len(people) != 1:
        ids = ", ".join(p.id or "?" for p in people)
        raise InputError(f"{path}: has {len(people)} {what}s ({ids}); pick one with FILE#id")
    return people[0]


def render_in_worker(job: RenderJob) -> RenderResult:
    """Render ``job`` with this worker's renderer (called in a worker process)."""
    renderer = worker_renderer()
    case = load_case(job.case)
    recipient: Recipient | None = None
    if job.recipient:
        recipient = _one(job.recipient, load_recipients, "recipient")
    sender: Sender | None = _one(job.sender, load_senders, "sender") if job.sender else None
    today = _dt.date.fromisoformat(job.today) if job.today else None
    outputs = renderer.render_formats(
        case,
        kind=job.kind,
        locale=job.locale,
        formats=job.formats,
        recipient=recipient,
        sender=sender,
        audience=cast(Sensitivity | None, job.audience),
        today=today,
        personal=job.personal,
    )
    return RenderResult(tuple(outputs))


class WorkPool:
    """A small pool of worker processes, each started in ``folder``."""

    def __init__(self, folder: Path, *, locale_dirs: Sequence[Path] = (), workers: int = 2) -> None:
        self.folder = Path(folder)
        self.locale_dirs = tuple(str(Path(d).resolve()) for d in locale_dirs)
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._started_with: tuple[str, ...] = ()

    def existing_locale_dirs(self) -> tuple[str, ...]:
        """The locale folders that exist now (the user's is made with the first translation)."""
        return tuple(d for d in self.locale_dirs if Path(d).is_dir())

    def executor(self) -> ProcessPoolExecutor:
        """The pool, started on first use, and again when a locale folder has appeared."""
        dirs = self.existing_locale_dirs()
        if self._executor is not None and dirs != self._started_with:
            self.restart()
        if self._executor is None:
            # Not "fork": the server has threads, and a fork can copy a held lock.
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_start_worker,
                initargs=(str(self.folder), dirs),
            )
            self._started_with = dirs
        return self._executor

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker; its AdvocacyError raised here as the same class."""
        loop = asyncio.get_running_loop()
        try:
            failure, value = await loop.run_in_executor(self.executor(), _guarded, fn, args)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the next request gets fresh workers.
            self.restart()
            raise RenderError("a worker process stopped; try again") from None
        if failure is not None:
            raise failure.exception()
        return cast(T, value)

    async def render(self, job: RenderJob) -> RenderResult:
        """Render ``job`` in a worker."""
        return await self.call(render_in_worker, job)

    def restart(self) -> None:
        """Start fresh workers for the next jobs (after a catalog changed, for one)."""
        old, self._executor = self._executor, None
        if old is not None:
            old.shutdown(wait=False)

    def shutdown(self) -> None:
        """Stop the workers (at the server's shutdown)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
