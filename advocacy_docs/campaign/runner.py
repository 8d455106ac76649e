"""Running a campaign: plan, render in a process pool, record, summarize.

1. The campaign file is checked against its files; nothing is written if it is wrong.
2. The recipients are walked once: the items to render are spooled to a temporary file (so
   memory stays flat however many recipients), bad rows and impossible items are recorded,
   and with ``--resume`` outputs still intact from an earlier run are kept as they are.
3. A pool of worker processes (one Renderer each, for the whole run) renders the items
   (``imap_unordered`` in chunks); each output is written atomically and journaled.
4. The journal is compacted into ``manifest.json``; ``errors.json`` lists every failure; the
   summary says what happened. ``--zip`` packs the outputs into DIR.zip.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import IO, Any, TextIO

from .. import __version__, resources
from ..atomic import describe
from ..case.types import Sensitivity
from ..errors import InputError
from ..notices import Notice, NoticeLog
from .cputime import WorkerCpu, forkserver_cpu, own_cpu
from .manifest import (
    ERRORS,
    MANIFEST,
    Journal,
    encode,
    locked_folder,
    read_state,
    remove_temp_files,
    write_errors,
    write_manifest,
    write_zip,
    zip_problem,
)
from .plan import Done, Failed, Failure, Note, Plan, Walker, Work, check, resources_hash
from .spec import load_campaign
from .worker import (
    Item,
    ItemResult,
    RendererOptions,
    Settings,
    init_worker,
    render_chunk,
    render_item,
)

__all__ = ["Progress", "Summary", "run_campaign"]

PLAN_NOTE = "campaign-plan"
"""The code of a note the planner makes about a recipient (a locale fallback, no personal text)."""


@dataclass
class Summary:
    """What a campaign run did."""

    out_dir: Path
    name: str | None = None
    rows: int = 0
    bad_rows: int = 0
    recipients: int = 0
    documents: int = 0  # planned documents (recipient x kind x locale), including skipped
    rendered: int = 0  # documents rendered in this run (all their files written)
    skipped: int = 0  # documents whose files an earlier run wrote
    files_written: int = 0
    files_kept: int = 0
    failures: list[Failure] = field(default_factory=list)
    notices: NoticeLog = field(default_factory=NoticeLog)
    seconds: float = 0.0
    # User + system CPU seconds of the run: the main process, the workers and the fork server
    # they start from (counted apart: they are not the main process's children).
    cpu_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0  # the workers' and the fork server's part of cpu_seconds
    interrupted: bool = False
    aborted: str | None = None  # why the run stopped before the end
    zip_path: Path | None = None
    temp_removed: int = 0
    unrecorded_removed: int = 0  # files a stopped worker wrote but never reported
    audience: str | None = None  # the line saying a kind's default audience was raised

    @property
    def warnings(self) -> Counter[str]:
        """How often each warning was given, by its sentence."""
        return self.notices.messages

    @property
    def failed(self) -> int:
        """How many failures (bad rows, documents or files)."""
        return len(self.failures)

    @property
    def exit_code(self) -> int:
        """0 when everything was written; 1 when anything failed; 130 when interrupted."""
        if self.interrupted:
            return 130
        return 1 if self.failures or self.aborted else 0

    def text(self, *, limit: int = 20) -> str:
        """The summary for the campaigner."""
        lines = []
        title = f"campaign {self.name!r}" if self.name else "campaign"
        lines.append(
            f"{title}: {self.recipients} recipient(s) of {self.rows} row(s), "
            f"{self.documents} document(s) into {self.out_dir}"
        )
        if self.audience:
            lines.append(f"  {self.audience}")
        rate = self.rendered / self.seconds if self.seconds > 0 else 0.0
        lines.append(
            f"  rendered: {self.rendered} document(s), {self.files_written} file(s) written "
            f"in {_clock(self.seconds)} ({rate:.1f} documents/s)"
        )
        if self.skipped or self.files_kept:
            lines.append(
                f"  skipped: {self.skipped} document(s), {self.files_kept} file(s) already "
                "written by an earlier run from the same inputs"
            )
        if self.temp_removed:
            lines.append(f"  removed {self.temp_removed} temporary file(s) of an interrupted run")
        if self.unrecorded_removed:
            lines.append(
                f"  removed {self.unrecorded_removed} file(s) written but not recorded before the "
                "run stopped (--resume writes them again)"
            )
        lines.extend(f"  warning: {line}" for line in self.notices.lines())
        if self.failures:
            lines.append(f"  FAILED: {self.failed} (details in {self.out_dir / ERRORS})")
            for failure in self.failures[:limit]:
                lines.append(f"    {failure}")
                for problem in failure.problems[:5]:
                    lines.append(f"      {problem}")
            if self.failed > limit:
                lines.append(f"    ... and {self.failed - limit} more")
        if self.aborted:
            lines.append(f"  STOPPED: {self.aborted}")
        if self.interrupted:
            lines.append("  INTERRUPTED: run again with --resume to finish")
        if self.zip_path is not None:
            lines.append(f"  packed into {self.zip_path}")
        return "\n".join(lines)


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """A progress line: redrawn in place on a terminal, else a plain line now and then.

    The first line is always shown; later ones at most every ``every`` seconds of ``clock``
    (injected so that tests need no sleeping and no real time).
    """

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        tty: bool | None = None,
        every: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.every = every if not self.tty else 0.2
        self.clock = clock
        self.start = clock()
        # None until something is shown: the clock's own origin (boot, for the monotonic
        # clock) says nothing about when the last line was printed.
        self.last: float | None = None
        self.done = 0
        self.failed = 0
        self.shown = False

    def _due(self, now: float, force: bool = False) -> bool:
        if not force and self.last is not None and now - self.last < self.every:
            return False
        self.last = now
        return True

    def update(self, done: int, failed: int, *, force: bool = False) -> None:
        """Report ``done`` of ``total`` documents (``failed`` of them failed)."""
        self.done, self.failed = done, failed
        now = self.clock()
        if self._due(now, force):
            self._show(self.line(now))

    def note(self, text: str) -> None:
        """Show a line about work before the counted part starts (reading the recipients)."""
        if self._due(self.clock()):
            self._show(text)

    def _show(self, text: str) -> None:
        self.stream.write(("\r\x1b[K" + text) if self.tty else (text + "\n"))
        self.stream.flush()
        self.shown = True

    def line(self, now: float | None = None) -> str:
        """The progress text: count, percentage, rate and time left."""
        elapsed = (now if now is not None else self.clock()) - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else None
        pct = 100 * self.done / self.total if self.total else 100.0
        width = len(str(self.total))
        text = (
            f"[{self.done:>{width}}/{self.total}] {pct:3.0f}%  {rate:5.1f} documents/s  "
            f"elapsed {_clock(elapsed)}  left {_clock(left) if left is not None else '?'}"
        )
        if self.failed:
            text += f"  failed {self.failed}"
        return text

    def close(self) -> None:
        """End the progress line."""
        if self.tty and self.shown:
            self.stream.write("\n")
            self.stream.flush()


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's or taskset's share, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _drop_unrecorded(folder: Path, spool: IO[bytes], written: dict[str, bytes]) -> int:
    """Remove the planned outputs on disk that no result recorded; how many there were.

    A worker that dies (killed, out of memory) may have written files of the chunk it was on
    before it could report them: left, they would be files the manifest does not list. Only
    planned paths are touched, through no link; --resume renders them again.
    """
    top = os.path.realpath(folder)
    count = 0
    for item in _spooled(spool):
        for out in item.outputs:
            if out.path in written:
                continue
            path = folder / out.path
            if not os.path.lexists(path) or os.path.islink(path):
                continue
            if os.path.commonpath([os.path.realpath(path.parent), top]) != top:
                continue  # a linked folder on the way: never reached through it
            try:
                os.unlink(path)
            except OSError:
                continue
            count += 1
    return count


def _spooled(spool: IO[bytes]) -> Iterator[Item]:
    spool.seek(0)
    while True:
        try:
            item = pickle.load(spool)
        except EOFError:
            return
        yield item


def _chunked(items: Iterator[Item], size: int, total: int, workers: int) -> Iterator[list[Item]]:
    # Chunks shrink towards the end, so that the workers finish together: a worker left alone
    # with a whole chunk is a core idle.
    chunk: list[Item] = []
    left = total
    for item in items:
        chunk.append(item)
        if len(chunk) >= min(size, max(1, left // (2 * workers))):
            left -= len(chunk)
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chunksize(total: int, workers: int) -> int:
    # Small enough that progress moves and work is shared evenly at the end; large enough
    # that the pool's bookkeeping costs nothing next to a render.
    return max(1, min(8, total // (workers * 16) or 1))


def run_campaign(
    campaign_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    resume: bool = False,
    zip_output: bool = False,
    options: RendererOptions | None = None,
    progress: TextIO | None = None,
    progress_tty: bool | None = None,
    progress_every: float = 10.0,
    allow_audience: Sensitivity | None = None,
) -> Summary:
    """Run a campaign; returns what happened (``exit_code`` 1 when anything failed).

    Raises ValidationFailed / InputError before writing anything when the campaign file, the
    case or the senders are wrong, or when the campaign's ``audience`` raises a kind's default
    audience beyond ``allow_audience`` (the command line's ``--allow-audience``).
    """
    cpu_start, server_start = own_cpu(), forkserver_cpu()
    options = options or RendererOptions()
    campaign = load_campaign(campaign_path)
    if workers != 1 and (os.cpu_count() or 1) > 1:
        _start_forkserver(campaign.spec.formats, campaign.spec.attach_pdf)
    plan = check(campaign, options, allow_audience=allow_audience)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{folder}: cannot make the output folder: {exc.strerror}") from None
    folder = folder.resolve()
    summary = Summary(out_dir=folder, name=campaign.spec.name, audience=plan.audience_line())
    target = folder.with_name(folder.name + ".zip")
    problem = zip_problem(target) if zip_output else None
    if problem:  # found now, not after hours of rendering
        raise InputError(f"--zip: {problem}")
    started = time.monotonic()
    written: dict[str, bytes] = {}
    fresh: set[str] = set()  # the paths this run wrote (written also holds the kept ones)
    with (
        locked_folder(folder),  # a second campaign into this folder stops here, told by whom
        tempfile.TemporaryFile(prefix="advocacy-docs-campaign-") as spool,
    ):
        summary.temp_removed = remove_temp_files(folder)
        # Planning writes nothing: a recipients file that cannot be read stops here.
        walker = Walker(plan, folder, read_state(folder) if resume else None)
        status = Progress(0, progress, tty=progress_tty, every=progress_every) if progress else None
        todo = _plan(walker, spool, summary, written, status)
        summary.rows, summary.bad_rows = walker.rows, walker.bad_rows
        summary.recipients = walker.matched
        summary.documents = todo + summary.skipped
        del walker
        journal = Journal(folder, fresh=not resume)
        restore = _interrupt_on_sigterm()
        try:
            _render(plan, folder, spool, todo, workers, summary, written, fresh, journal,
                    progress, progress_tty, progress_every)  # fmt: skip
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            restore()
            summary.seconds = time.monotonic() - started
            summary.worker_cpu_seconds += forkserver_cpu() - server_start
            summary.cpu_seconds = own_cpu() - cpu_start + summary.worker_cpu_seconds
            journal.close()
            if summary.interrupted or summary.aborted:
                summary.unrecorded_removed = _drop_unrecorded(folder, spool, written)
            _finish(plan, folder, summary, written, fresh, journal)
        if zip_output and not (summary.interrupted or summary.aborted):
            try:
                summary.zip_path = write_zip(folder, target, [*written, MANIFEST, ERRORS])
            except OSError as exc:
                summary.aborted = f"cannot write {target}: {describe(exc)}"
    return summary


def _start_forkserver(formats: Sequence[str], attach_pdf: bool) -> BaseContext:
    """The workers' start method, its server started now if it is not running yet.

    Started before the checks and the planning, the server imports what every worker needs
    (this module, WeasyPrint when there are PDFs to write) while the main process plans; each
    worker is forked from it with all that loaded, once instead of once per worker.
    """
    # Not "fork": forking a process that has other threads (a web app using the API,
    # pytest-xdist's worker) can copy a held lock into the child, which then hangs.
    ctx = multiprocessing.get_context("forkserver")
    pdf = "pdf" in formats or attach_pdf
    ctx.set_forkserver_preload([__name__, "weasyprint"] if pdf else [__name__])
    multiprocessing.forkserver.ensure_running()
    return ctx


def _interrupt_on_sigterm() -> Callable[[], None]:
    """Treat SIGTERM like Ctrl-C while rendering, so that what was done is recorded."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)

    def restore() -> None:
        signal.signal(signal.SIGTERM, old)

    return restore


def _plan(
    walker: Walker,
    spool: IO[bytes],
    summary: Summary,
    written: dict[str, bytes],
    status: Progress | None = None,
) -> int:
    todo = 0
    for step in walker.steps():
        if status is not None and walker.rows % 500 == 0:
            status.note(f"reading recipients: {walker.rows} rows, {todo} documents to render")
        if isinstance(step, Work):
            pickle.dump(step.item, spool, protocol=pickle.HIGHEST_PROTOCOL)
            todo += 1
        elif isinstance(step, Done):
            summary.files_kept += len(step.entries)
            for line in step.entries:
                written[json.loads(line)["path"]] = line
            summary.skipped += step.whole
        elif isinstance(step, Failed):
            summary.failures.append(step.failure)
        elif isinstance(step, Note):
            recipient, _, message = step.message.partition(": ")
            summary.notices.add(recipient, [Notice(PLAN_NOTE, message or step.message)])
    spool.flush()
    return todo


def _render(
    plan: Plan,
    folder: Path,
    spool: IO[bytes],
    todo: int,
    workers: int | None,
    summary: Summary,
    written: dict[str, bytes],
    fresh: set[str],
    journal: Journal,
    stream: TextIO | None,
    tty: bool | None,
    every: float,
) -> None:
    spec = plan.spec
    settings = Settings(
        case=plan.case,
        photo=plan.photo,
        base_dir=plan.campaign.base_dir,
        out_dir=folder,
        options=plan.options,
        senders=plan.senders,
        date=plan.date,
        audience=spec.audience,
        attach_pdf=spec.attach_pdf,
        kinds=tuple(spec.kinds),
        formats=tuple(spec.formats),
    )
    if todo == 0:
        return
    count = max(1, min(workers or usable_cpus(), todo))
    progress = Progress(todo, stream, tty=tty, every=every) if stream is not None else None
    done = failed = 0
    cpu = WorkerCpu()

    def record(result: ItemResult) -> None:
        nonlocal done, failed
        done += 1
        cpu.observe(result.worker_pid, result.worker_cpu)
        lines = [encode(entry) for entry in result.entries]
        journal.append(lines)
        for entry, line in zip(result.entries, lines, strict=True):
            written[entry["path"]] = line
            fresh.add(entry["path"])
        summary.files_written += len(result.entries)
        summary.notices.add(f"{result.recipient}/{result.kind}.{result.locale}", result.warnings)
        if result.errors:
            failed += 1
            _note_errors(result, summary)
        else:
            summary.rendered += 1
        if progress is not None:
            progress.update(done, failed, force=done == todo)

    try:
        if count == 1:
            try:
                init_worker(settings, ignore_interrupt=False)
                for item in _spooled(spool):
                    record(render_item(item))
            finally:
                resources.stop_recording()  # this is the caller's process
        else:
            ctx = _start_forkserver(spec.formats, spec.attach_pdf)
            with ctx.Pool(count, initializer=init_worker, initargs=(settings,)) as pool:
                # Chunks made here, not by imap_unordered's own chunksize, which would hide the
                # iterator's next(timeout) that the watchdog needs.
                chunks = _chunked(_spooled(spool), _chunksize(todo, count), todo, count)
                results = pool.imap_unordered(render_chunk, chunks)
                watch = _Watchdog(pool)
                while True:
                    try:
                        done_chunk = results.next(timeout=1.0)
                    except StopIteration:
                        break
                    except multiprocessing.TimeoutError:
                        died = watch.dead()
                        if died is None:
                            continue
                        # The pool would wait forever for the documents that worker had.
                        summary.aborted = (
                            f"a worker process stopped unexpectedly ({died}); the documents "
                            "it was rendering were not written. Run again with --resume "
                            "to finish the others"
                        )
                        break
                    watch.observe()
                    for result in done_chunk:
                        record(result)
    finally:
        summary.worker_cpu_seconds = cpu.seconds
        if progress is not None:
            progress.close()


class _Watchdog:
    """Notices a worker process that died (killed, out of memory, a crash in a C library)."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.known: dict[int, Any] = {}
        self.observe()

    def observe(self) -> None:
        """Remember the pool's current workers.

        Pool keeps its processes in `_pool` and replaces a dead one silently: a worker must be
        seen before it dies, so this runs at the start and after every result, not only when
        results stop coming (a killed worker is replaced before that).
        """
        for process in getattr(self.pool, "_pool", []):
            self.known.setdefault(process.pid, process)

    def dead(self) -> str | None:
        """How the first dead worker ended, or None while all are alive."""
        self.observe()
        for process in self.known.values():
            code = process.exitcode
            if code is not None:
                return f"exit code {code}" if code >= 0 else f"killed by signal {-code}"
        return None


def _note_errors(result: ItemResult, summary: Summary) -> None:
    file, _, line = result.origin.rpartition(":")
    for fmt, message in result.errors:
        summary.failures.append(
            Failure(
                message,
                file if line.isdigit() else result.origin,
                int(line) if line.isdigit() else None,
                result.recipient,
                result.kind,
                result.locale,
                fmt,
            )
        )


def _finish(
    plan: Plan,
    folder: Path,
    summary: Summary,
    written: dict[str, bytes],
    fresh: set[str],
    journal: Journal,
) -> None:
    spec = plan.spec
    campaign = plan.campaign
    _mark_stale_if_changed(plan, summary, written, fresh)
    header: dict[str, Any] = {
        "generator": f"advocacy-docs {__version__}",
        "campaign": campaign.path.name,
        "name": spec.name,
        "case": spec.case,
        "recipients": spec.recipients,
        "date": plan.date.isoformat(),
        "inputs": {
            "campaign_sha256": campaign.sha256,
            "case_sha256": plan.case_hash,
            "templates_and_locales_sha256": plan.resources_hash,
        },
        "audience": plan.audience_record(),
        "pages_note": "pages: PDF page count; null for docx, html, txt and eml (not paginated "
        "by us: Word and mail clients lay them out)",
    }
    # Each record is attempted whatever happened to the one before (a full disk): the summary
    # says what could not be written, and the journal stays for --resume.
    try:
        write_manifest(folder, header, written)
    except OSError as exc:
        summary.aborted = "; ".join(
            filter(None, [summary.aborted, f"cannot write {MANIFEST}: {describe(exc)}; the "
                          "journal keeps what was written: run again with --resume"])
        )  # fmt: skip
    else:
        journal.remove()
    failures = sorted(
        summary.failures,
        key=lambda f: (f.file or "", f.line or 0, f.recipient or "", f.kind or "", f.format or ""),
    )
    summary.failures = failures
    warnings = [{"message": m, "count": c} for m, c in sorted(summary.warnings.items())]
    try:  # paths relative to the campaign file: errors.json travels in the zip
        write_errors(folder, [f.to_json() for f in failures], warnings, base=campaign.path.parent)
    except OSError as exc:
        summary.aborted = "; ".join(
            filter(None, [summary.aborted, f"cannot write {ERRORS}: {describe(exc)}"])
        )


STALE = "changed-during-the-run"
"""The ``inputs`` of an output whose templates changed while it was rendered: no hash is it."""


def _mark_stale_if_changed(
    plan: Plan, summary: Summary, written: dict[str, bytes], fresh: set[str]
) -> None:
    """Record this run's outputs as made from unknown inputs when the templates, catalogs,
    stylesheets or reference document changed while they were rendered (workers read those as
    they go): ``--resume`` then renders them again instead of keeping them under a hash they
    may not match."""
    if not fresh:
        return
    try:
        now = resources_hash(plan.renderer, plan.options)
    except OSError:  # a template or stylesheet removed meanwhile: changed too
        now = ""
    if now == plan.resources_hash:
        return
    for path in fresh:
        entry = json.loads(written[path])
        entry["inputs"] = STALE
        written[path] = encode(entry)
    summary.failures.append(
        Failure(
            "templates, catalogs, stylesheets or the reference document changed during the "
            f"run: the {len(fresh)} file(s) written are recorded as stale; run again with "
            "--resume to render them from the files as they are now"
        )
    )


def print_summary(summary: Summary, stream: TextIO = sys.stderr) -> None:
    """Print the summary."""
    print(summary.text(), file=stream)
