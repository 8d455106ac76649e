"""What a worker process does: one Renderer for the whole run, then item after item.

The Renderer (compiled templates, catalogs, WeasyPrint's fonts and parsed stylesheets) is made
once per process by :func:`init_worker`; each item renders its HTML once and writes every format
from it, each file atomically. Results are small records; no output is kept in memory.

Workers read no input file: the case, its photo and the senders come parsed from the planner,
which read each once and hashed what it read. What a render itself reads (stylesheets, the sheets
they import, images) is recorded with the hash of the bytes read, and an output's ``inputs``
hash covers it (:func:`with_reads`), so that ``--resume`` notices when any of them changed.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import gc
import hashlib
import json
import os
import signal
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import resources
from ..atomic import describe, write_atomic
from ..case import Case, Recipient, Sender
from ..case.types import Sensitivity
from ..errors import AdvocacyError
from ..notices import Notice
from ..pipeline import Renderer
from ..writers import get_writer
from .cputime import own_cpu
from .manifest import Entry, pdf_page_count

# Formats whose bytes an e-mail reuses are written first.
_ORDER = {"pdf": 0, "txt": 1, "docx": 2, "html": 3, "eml": 9}


@dataclass(frozen=True)
class RendererOptions:
    """How to build the Renderer: the CLI's template, locale and style options."""

    template_dirs: tuple[Path, ...] = ()
    locale_dirs: tuple[Path, ...] = ()
    reference_docx: Path | None = None
    stylesheets: tuple[Path, ...] = ()
    pdf_variant: str | None = None

    def renderer(self) -> Renderer:
        """A Renderer with these options."""
        return Renderer(
            template_dirs=self.template_dirs,
            locale_dirs=self.locale_dirs,
            reference_docx=self.reference_docx,
            stylesheets=self.stylesheets,
            pdf_variant=self.pdf_variant,
        )


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs for the whole run (sent once, to the initializer).

    The case and its photo as the planner read and hashed them, never their paths: a worker
    reading them again could print a version other than the one recorded.
    """

    case: Case
    photo: str | None  # a data: URL (pipeline.photo_url), or None
    base_dir: Path  # the campaign file's folder: resources read are recorded relative to it
    out_dir: Path
    options: RendererOptions
    senders: dict[str, Sender]
    date: _dt.date
    audience: Sensitivity | None
    attach_pdf: bool
    kinds: tuple[str, ...]
    formats: tuple[str, ...]


@dataclass(frozen=True)
class PlannedOutput:
    """One file to write: its format, its path in the output folder and its inputs' hash."""

    format: str
    path: str
    inputs: str


@dataclass(frozen=True)
class Item:
    """One document (recipient x kind x locale) and the files to write from it."""

    number: int
    origin: str  # where the recipient is written: "file:line"
    recipient: Recipient
    sender_id: str
    kind: str
    locale: str
    personal: str | None
    outputs: tuple[PlannedOutput, ...]


@dataclass
class ItemResult:
    """What became of an item: the entries of the files written, the failures, the warnings."""

    number: int
    origin: str
    recipient: str
    kind: str
    locale: str
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[str | None, str]] = field(default_factory=list)  # (format, message)
    warnings: list[Notice] = field(default_factory=list)  # pickled back to the main process
    # The worker process and its CPU time so far: the main process cannot see it otherwise.
    worker_pid: int | None = None
    worker_cpu: float = 0.0


def with_reads(inputs: str, reads: Mapping[str, str]) -> str:
    """The hash of an output's planned ``inputs`` and of the resources its render read
    (``{path relative to the campaign file: SHA-256}``); ``inputs`` itself when it read none."""
    if not reads:
        return inputs
    listed = json.dumps(sorted(reads.items()), ensure_ascii=False)
    return hashlib.sha256(f"{inputs}\x00reads\x00{listed}".encode()).hexdigest()


@dataclass
class _Worker:
    settings: Settings
    renderer: Renderer
    case: Case
    reads: dict[str, str]  # every file this process's fetchers read in this run (resources)
    covered: tuple[Path, ...]  # folders resources_hash hashes whole: their reads need no record

    def user_reads(self) -> dict[str, str]:
        """The resources read so far outside the template and locale folders, by their path
        relative to the campaign file (for the manifest: no absolute local paths)."""
        out: dict[str, str] = {}
        for name, digest in self.reads.items():
            path = Path(name)
            if any(path == d or d in path.parents for d in self.covered):
                continue
            try:
                rel = os.path.relpath(path, self.settings.base_dir)
            except ValueError:  # another drive: only an absolute path names it
                rel = str(path)
            out[rel] = digest
        return out


_worker: _Worker | None = None
_startup_error: str | None = None
_frozen = False


def init_worker(settings: Settings, *, ignore_interrupt: bool = True) -> None:
    """Set up this process for the run: the Renderer, the case, fonts and templates warmed up.

    Never raises (a failing initializer would make the pool start workers forever): a failure
    is reported by every item instead.
    """
    global _worker, _startup_error
    if ignore_interrupt:
        # Ctrl-C is the main process's to handle: it stops the pool and records what was done.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        renderer = settings.options.renderer()
        # Every resource read from now on is recorded; a stylesheet parsed by an earlier run
        # of this process would be reused unread, so the parsed sheets are dropped first.
        from ..writers import pdf

        pdf._parsed_stylesheet.cache_clear()
        reads = resources.record_reads()
        covered = tuple(
            Path(os.path.realpath(d))
            for d in (*renderer.engine.template_dirs, *renderer.locale_dirs)
        )
        for kind in settings.kinds:
            renderer.engine.env.get_template(renderer.engine.kind(kind).template_name)
        if "pdf" in settings.formats or settings.attach_pdf:
            from ..writers.pdf import _weasyprint, font_configuration

            _weasyprint()
            font_configuration()
        _worker = _Worker(settings, renderer, settings.case, reads, covered)
        _startup_error = None
    except Exception as exc:  # reported per item
        _worker = None
        _startup_error = _describe(exc)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, AdvocacyError):
        return str(exc)
    # Not the user's doing: a bug. Say where, so that it can be reported.
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    place = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
    return f"internal error ({type(exc).__name__}{place}): {exc}"


def render_item(item: Item) -> ItemResult:
    """Render one item and write its files; failures are recorded, never raised."""
    result = ItemResult(item.number, item.origin, item.recipient.id, item.kind, item.locale)
    worker = _worker
    if worker is None:
        result.errors.append((None, _startup_error or "the worker was not set up"))
        return result
    settings = worker.settings
    try:
        doc, warnings = worker.renderer.document(
            worker.case,
            kind=item.kind,
            locale=item.locale,
            recipient=item.recipient,
            sender=settings.senders[item.sender_id],
            audience=settings.audience,
            today=settings.date,
            personal=item.personal,
            photo=settings.photo,
        )
    except Exception as exc:
        result.errors.append((None, _describe(exc)))
        return result
    result.warnings = list(dict.fromkeys(warnings))
    rendered: dict[str, bytes] = {}
    written: list[tuple[PlannedOutput, int, int | None, str]] = []
    for out in sorted(item.outputs, key=lambda o: _ORDER.get(o.format, 5)):
        try:
            data = _write(out.format, doc, rendered, settings)
        except Exception as exc:
            result.errors.append((out.format, _describe(exc)))
            continue
        rendered[out.format] = data
        try:
            # No link inside -o is followed; a name that does not travel is refused.
            write_atomic(settings.out_dir / out.path, data, root=settings.out_dir)
        except OSError as exc:  # a full disk, a folder that cannot be made
            result.errors.append((out.format, f"cannot write {out.path}: {describe(exc)}"))
            continue
        pages = pdf_page_count(data) if out.format == "pdf" else None
        written.append((out, len(data), pages, hashlib.sha256(data).hexdigest()))
    del rendered
    # After every format: the PDF writer reads its stylesheets only when it lays out. What
    # this process read before (in earlier items) is included: a sheet parsed once is reused.
    reads = worker.user_reads()
    for out, size, pages, sha in written:
        entry: Entry = {
            "path": out.path,
            "recipient": item.recipient.id,
            "sender": item.sender_id,
            "kind": item.kind,
            "locale": doc.meta.lang,
            "format": out.format,
            "inputs": with_reads(out.inputs, reads),
            "size": size,
            "pages": pages,
            "sha256": sha,
        }
        if reads:
            entry["reads"] = sorted(reads)
        result.entries.append(entry)
    return result


def render_chunk(items: list[Item]) -> list[ItemResult]:
    """Render a few items (one task of the pool: fewer round trips than one item a task)."""
    results = [render_item(item) for item in items]
    _freeze_once()
    pid, cpu = os.getpid(), own_cpu()
    for result in results:
        result.worker_pid, result.worker_cpu = pid, cpu
    return results


def _freeze_once() -> None:
    """After the first chunk, keep what every later document reuses out of the collector's way.

    What is left then (modules, templates, catalogs, fonts, stylesheets: some 100,000 objects)
    lives as long as the worker, and each full collection would walk it all again: frozen, a
    collection walks only what new documents make (measured: about 2% less CPU a PDF letter in
    a two-worker campaign). Only in a pool worker, a process of our own: never in the caller's.
    """
    global _frozen
    if not _frozen:
        gc.collect()  # the first documents' garbage goes now: once frozen, it would stay
        gc.freeze()
        _frozen = True


def _write(fmt: str, doc: Any, rendered: dict[str, bytes], settings: Settings) -> bytes:
    if fmt != "eml":
        data: bytes = get_writer(fmt)(doc)
        return data
    from ..writers.eml import write_eml

    if settings.attach_pdf:
        doc = dataclasses.replace(doc, envelope={**(doc.envelope or {}), "attach": "pdf"})
    return write_eml(doc, rendered=rendered)
