"""Campaign runs from the studio: the CLI's runner in a thread, its progress as server-sent events.

A run writes to ``<folder>/out/<campaign-stem>/`` and ``<stem>.zip`` beside it, as
``advocacy-docs campaign FILE -o out/<stem> --zip`` would.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ..errors import AdvocacyError, InputError
from .api import content_disposition, error_response, folder_of, json_body, json_errors
from .files import Folder

# The runner's progress line, as it prints it without a terminal: "[ 3/12]  25% ... failed 1".
_LINE = re.compile(r"^\[\s*(\d+)/(\d+)\].*?(?:failed (\d+))?\s*$")


@dataclass
class Run:
    """One campaign run: its events so far, and the listeners waiting for more."""

    id: str
    root: Path
    stem: str
    out_dir: Path
    loop: asyncio.AbstractEventLoop
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    ended: bool = False
    started: float = field(default_factory=time.monotonic)
    listeners: set[asyncio.Queue[None]] = field(default_factory=set)

    def emit(self, event: str, data: dict[str, Any]) -> None:
        """Record an event (from any thread) and wake the listeners."""
        self.loop.call_soon_threadsafe(self._add, event, data)

    def _add(self, event: str, data: dict[str, Any]) -> None:
        self.events.append((event, data))
        if event == "end":
            self.ended = True
        for queue in self.listeners:
            queue.put_nowait(None)

    def progress(self, done: int, total: int, failed: int) -> None:
        """Report a progress line of the runner."""
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else None
        self.emit(
            "progress",
            {"done": done, "total": total, "failed": failed, "rate": rate, "eta": eta},
        )


class _ProgressStream:
    """The text stream the runner writes its progress lines to; each becomes an event."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            match = _LINE.match(line.strip())
            if match:
                done, total, failed = match.groups()
                self.run.progress(int(done), int(total), int(failed or 0))
            elif line.strip():
                self.run.emit("note", {"text": line.strip()})
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered beyond a line."""

    def isatty(self) -> bool:
        """Never a terminal: plain lines, one per update."""
        return False


def _inside(folder: Folder, path: Path, what: str) -> None:
    if not path.resolve().is_relative_to(folder.root):
        raise InputError(f"{what}: {folder.relative(path)} is outside the served folder")


def check_campaign_paths(folder: Folder, campaign_path: Path) -> None:
    """InputError when the campaign file names a case, recipients or senders file outside the
    served folder (the studio reads nothing else)."""
    from ..campaign.spec import load_campaign

    campaign = load_campaign(campaign_path)
    _inside(folder, campaign.resolve(campaign.spec.case), "case")
    _inside(folder, campaign.resolve(campaign.spec.recipients), "recipients")
    for ref in campaign.sender_refs():
        _inside(folder, ref.path, "senders")


def _run_campaign(
    run: Run, campaign: Path, resume: bool, workers: int, locales: tuple[Path, ...]
) -> None:
    from ..campaign import RendererOptions, run_campaign
    from ..case.source import inputs_confined_to

    try:
        # Its files are read inside the served folder (out/<stem> lies two levels below it),
        # no link followed, whatever changed since their paths were checked.
        with inputs_confined_to(run.out_dir.parent.parent):
            summary = run_campaign(
                campaign,
                run.out_dir,
                workers=workers,
                resume=resume,
                zip_output=True,
                options=RendererOptions(locale_dirs=locales),
                progress=_ProgressStream(run),  # type: ignore[arg-type]
                progress_tty=False,
                progress_every=0.0,
            )
    except Exception as exc:
        response = error_response(exc)
        error = json.loads(bytes(response.body))
        run.emit("end", {"ok": False, "status": response.status_code, **error})
        return
    run.emit(
        "end",
        {
            "ok": summary.exit_code == 0,
            "documents": summary.documents,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "interrupted": summary.interrupted,
            "zip": summary.zip_path is not None,
            # Paths as the folder's: where the studio is installed is nobody's business.
            "summary": summary.text().replace(f"{run.root}{os.sep}", ""),
        },
    )


def _runs(request: Request) -> dict[str, Run]:
    runs: dict[str, Run] = request.app.state.campaign_runs
    return runs


def _run_of(request: Request) -> Run:
    run = _runs(request).get(request.path_params["id"])
    if run is None:
        raise LookupError
    return run


def _unknown() -> Response:
    return JSONResponse({"error": "no such campaign run"}, status_code=404)


@json_errors
async def start(request: Request) -> Response:
    """POST /api/campaigns/run: ``{"campaign", "resume"?}`` -> ``{"id"}``."""
    folder = folder_of(request)
    body = await json_body(request)
    ref = folder.ref(body.get("campaign"), what="campaign")
    resume = body.get("resume", False)
    if not isinstance(resume, bool):
        raise InputError("resume: give true or false")
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(check_campaign_paths, folder, ref.path)
    stem = ref.path.stem
    out_dir = folder.resolve(f"out/{stem}", what="output")
    folder.resolve(f"out/{stem}.zip", what="output")
    for other in _runs(request).values():
        if other.stem == stem and not other.ended:
            raise InputError(f"campaign: {ref.rel} is running already")
    run = Run(secrets.token_hex(8), folder.root, stem, out_dir, asyncio.get_running_loop())
    _runs(request)[run.id] = run
    workers: int = request.app.state.work.workers
    locales = tuple(Path(p) for p in request.app.state.work.existing_locale_dirs())
    thread = threading.Thread(
        target=_run_campaign,
        args=(run, ref.path, resume, workers, locales),
        name=f"campaign-{run.id}",
        daemon=True,
    )
    thread.start()
    return JSONResponse({"id": run.id})


def _sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


async def events(request: Request) -> Response:
    """GET /api/campaigns/{id}/events: progress (done, total, failed, rate, eta), then end."""
    try:
        run = _run_of(request)
    except LookupError:
        return _unknown()

    async def stream() -> AsyncIterator[str]:
        queue: asyncio.Queue[None] = asyncio.Queue()
        run.listeners.add(queue)
        try:
            sent = 0
            while True:
                while sent < len(run.events):
                    yield _sse(*run.events[sent])
                    sent += 1
                if run.ended:
                    return
                await queue.get()
        finally:
            run.listeners.discard(queue)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


async def download(request: Request) -> Response:
    """GET /api/campaigns/{id}/zip: the zip of the outputs."""
    try:
        run = _run_of(request)
    except LookupError:
        return _unknown()
    target = run.out_dir.with_name(run.stem + ".zip")
    if not run.ended:
        return JSONResponse({"error": "the zip is not there (yet)"}, status_code=404)
    try:
        fd = _open_output(request, target)
    except FileNotFoundError:
        return JSONResponse({"error": "the zip is not there (yet)"}, status_code=404)
    except OSError as exc:
        return error_response(InputError(f"the zip: {exc.strerror or exc}"))
    return StreamingResponse(
        _chunks(fd),
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(target.name)},
    )


def _open_output(request: Request, path: Path) -> int:
    """A read descriptor of an output inside the served folder, opened with no link followed
    at any step (an output swapped for a link after the run is refused, not read)."""
    from ..atomic import open_regular

    root = request.app.state.folder.root
    fd = open_regular(root, path.relative_to(root))
    os.set_blocking(fd, True)
    return fd


def _chunks(fd: int) -> Iterator[bytes]:
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(1 << 20):
            yield chunk


async def errors(request: Request) -> Response:
    """GET /api/campaigns/{id}/errors: the run's errors.json."""
    try:
        run = _run_of(request)
    except LookupError:
        return _unknown()
    path = run.out_dir / "errors.json"
    if not run.ended:
        return JSONResponse({"error": "errors.json is not there (yet)"}, status_code=404)
    try:
        with os.fdopen(_open_output(request, path), "rb") as fh:
            return JSONResponse(json.loads(fh.read(_ERRORS_MAX).decode("utf-8")))
    except FileNotFoundError:
        return JSONResponse({"error": "errors.json is not there (yet)"}, status_code=404)
    except OSError as exc:
        return error_response(InputError(f"errors.json: {exc.strerror or exc}"))
    except (ValueError, AdvocacyError) as exc:
        return error_response(exc)


_ERRORS_MAX = 64 * 1024 * 1024  # bytes of errors.json read: a campaign's, never a stranger file


routes: list[Route] = [
    Route("/api/campaigns/run", start, methods=["POST"]),
    Route("/api/campaigns/{id}/events", events, methods=["GET"]),
    Route("/api/campaigns/{id}/zip", download, methods=["GET"]),
    Route("/api/campaigns/{id}/errors", errors, methods=["GET"]),
]
