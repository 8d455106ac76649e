"""The studio's JSON API: what the CLI does, over HTTP, for the pages and for other tools.

Errors are JSON: ``{"error": ..., "problems": [...]}`` with 400 for the caller's input
(:class:`InputError`), ``{"error": ...}`` with 500 otherwise; never a traceback.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import json
import logging
import zipfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..case import load_recipients, load_senders
from ..errors import AdvocacyError, InputError, Problem, ValidationFailed
from ..pipeline import Output, Renderer
from ..templating import FORMATS
from .files import Folder
from .work import RenderJob, RenderResult, WorkPool, render_in_worker

log = logging.getLogger(__name__)

Endpoint = Callable[[Request], Awaitable[Response]]
_AUDIENCES = ("public", "partners", "legal")
_BODIES = ("echr", "wgad", "hrc")


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as the API lists it."""
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "field": problem.path,
        "message": problem.message,
    }


def error_response(exc: BaseException) -> JSONResponse:
    """The JSON answer for an exception: 400 for the caller's input, 500 otherwise."""
    if isinstance(exc, InputError):
        problems = exc.problems if isinstance(exc, ValidationFailed) else []
        body = {"error": str(exc), "problems": [problem_json(p) for p in problems]}
        return JSONResponse(body, status_code=400)
    if isinstance(exc, AdvocacyError):
        log.error("studio: %s", exc)
        return JSONResponse({"error": str(exc)}, status_code=500)
    log.error("studio: internal error", exc_info=exc)
    return JSONResponse({"error": f"internal error ({type(exc).__name__})"}, status_code=500)


def json_errors(endpoint: Endpoint) -> Endpoint:
    """``endpoint`` answering its exceptions as JSON errors."""

    @wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception as exc:
            return error_response(exc)

    return guarded


# Request parts


def folder_of(request: Request) -> Folder:
    """The served folder."""
    folder: Folder = request.app.state.folder
    return folder


def pool_of(request: Request) -> WorkPool:
    """The worker pool."""
    pool: WorkPool = request.app.state.work
    return pool


def renderer_of(request: Request) -> Renderer:
    """The server's own renderer, for kinds and locales (no rendering happens in the server);
    made again when a locale folder has appeared."""
    dirs = pool_of(request).existing_locale_dirs()
    cached: tuple[tuple[str, ...], Renderer] | None = getattr(request.app.state, "_renderer", None)
    if cached is None or cached[0] != dirs:
        cached = (dirs, Renderer(locale_dirs=dirs))
        request.app.state._renderer = cached
    return cached[1]


MAX_BODY = 20 * 1024 * 1024
"""The largest request body read (a case with its photo is far smaller)."""


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; InputError when it is not one, is larger than
    :data:`MAX_BODY`, or nests too deep."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            raise InputError(f"the request body is larger than {MAX_BODY // (1024 * 1024)} MB")
    try:
        body = json.loads(bytes(data) or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise InputError("the request body is not JSON") from None
    except RecursionError:
        raise InputError("the request body nests too deep") from None
    if not isinstance(body, dict):
        raise InputError("the request body must be a JSON object")
    return body


def _text(body: dict[str, Any], key: str, default: str | None = None) -> str | None:
    value = body.get(key, default)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{key}: give a string")
    return value


def _date(body: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = _text(body, key)
        if value:
            try:
                return _dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise InputError(f"{key}: {value!r} is not a date such as 2026-11-27") from None
    return None


def _choice(body: dict[str, Any], key: str, allowed: Sequence[str], default: str | None) -> Any:
    value = _text(body, key, default)
    if value is not None and value not in allowed:
        raise InputError(f"{key}: unknown value {value!r}; known: {', '.join(allowed)}")
    return value


def render_job(folder: Folder, body: dict[str, Any], *, formats: Sequence[str] = ()) -> RenderJob:
    """The render job a request body asks for (paths checked against the folder)."""
    case = folder.ref(body.get("case"), what="case")
    recipient = body.get("recipient")
    sender = body.get("sender")
    kind = _text(body, "kind", "letter") or "letter"
    if not formats:
        formats = (_choice(body, "format", FORMATS, "pdf"),)
    personal = _text(body, "personal")
    return RenderJob(
        case=case.rel,
        kind=kind,
        locale=_text(body, "locale") or None,
        formats=tuple(formats),
        recipient=folder.ref(recipient, what="recipient").spec if recipient else None,
        sender=folder.ref(sender, what="sender").spec if sender else None,
        personal=personal if personal and personal.strip() else None,
        today=_date(body, "date", "today"),
        audience=_choice(body, "audience", _AUDIENCES, None),
    )


def content_disposition(filename: str) -> str:
    """An attachment header naming ``filename`` (RFC 6266, also for non-ASCII names)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += f"; filename*=UTF-8''{quote(filename)}"
    return header


def file_response(out: Output) -> Response:
    """One rendered file as a download."""
    return Response(
        out.data,
        media_type=out.media_type,
        headers={"Content-Disposition": content_disposition(out.filename)},
    )


# Work done in the workers (they run in the served folder: paths are relative to it)


def problems_of(rel: str) -> list[Problem]:
    """Every problem of one file, as ``advocacy-docs validate`` lists them."""
    from ..cli import _problems

    return _problems(rel)


def problems_of_data(data: object, schema: str) -> list[Problem]:
    """Every problem of data shaped like a ``schema`` file (case, recipients, senders, campaign)."""
    from ..campaign.spec import parse_campaign
    from ..case import parse_case, parse_recipients, parse_senders

    parse: dict[str, Callable[[object], object]] = {
        "case": parse_case,
        "recipients": parse_recipients,
        "senders": parse_senders,
        "campaign": parse_campaign,
    }
    try:
        parse[schema](data)
    except ValidationFailed as exc:
        return list(exc.problems)
    return []


def check_in_worker(rel: str, body: str, today: str | None, lang: str = "en") -> dict[str, Any]:
    """The legal checks of a case for ``body``, as ``check --json`` prints them, with each
    finding's sentence in ``lang`` (as a draft's notes in that language say it)."""
    from ..case import load_case
    from ..checks import run
    from ..i18n import get_localizer

    day = _dt.date.fromisoformat(today) if today else _dt.date.today()
    found = run(load_case(rel), body, day)  # type: ignore[arg-type]
    report: dict[str, Any] = found.to_json(get_localizer(lang))
    return report


def _people(rel: str, loader: Callable[[str], list[Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "name": p.name.resolve(("en",), getattr(p, "language", None) or "en")[0],
            "language": getattr(p, "language", None),
            "country": getattr(p, "country", None),
            "spec": f"{rel}#{p.id}" if p.id else rel,
        }
        for p in loader(rel)
    ]


def files_in_worker(rels: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The folder's input files, by what their ``schema:`` says they are."""
    from ..case.source import read_document
    from ..case.validate import model_for

    found: dict[str, list[dict[str, Any]]] = {
        "cases": [],
        "recipients": [],
        "senders": [],
        "campaigns": [],
    }
    for rel in rels:
        try:
            doc = read_document(Path(rel))
        except AdvocacyError:
            continue
        data = doc.data if isinstance(doc.data, dict) else {}
        schema = str(data.get("schema", ""))
        if schema.startswith("advocacy-docs/campaign@"):
            found["campaigns"].append({"path": rel, "name": data.get("name") or rel})
            continue
        try:
            model = model_for(doc).__name__
        except AdvocacyError:
            continue
        if model == "Case":
            problems = problems_of(rel)
            found["cases"].append({"path": rel, "ok": not problems, "problems": len(problems)})
        elif model == "RecipientsFile":
            entry: dict[str, Any] = {"path": rel, "records": []}
            try:
                entry["records"] = _people(rel, load_recipients)
            except AdvocacyError as exc:
                entry["error"] = str(exc)
            found["recipients"].append(entry)
        elif model == "SendersFile":
            entry = {"path": rel, "records": []}
            try:
                entry["records"] = _people(rel, load_senders)
            except AdvocacyError as exc:
                entry["error"] = str(exc)
            found["senders"].append(entry)
    return found


def recipient_specs(spec: str) -> list[str]:
    """``FILE#id`` for each recipient ``spec`` stands for (all of FILE without an id)."""
    rel, _, wanted = spec.partition("#")
    if wanted:
        return [spec]
    return [f"{rel}#{r.id}" if r.id else rel for r in load_recipients(rel)]


def pages_in_worker(job: RenderJob, scale: float) -> list[str]:
    """The PDF's pages as PNG images (data URLs), drawn by PDFium."""
    import pypdfium2

    (pdf,) = render_in_worker(replace(job, formats=("pdf",))).outputs
    document = pypdfium2.PdfDocument(pdf.data)
    pages: list[str] = []
    try:
        for index in range(len(document)):
            image = document[index].render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            pages.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode())
    finally:
        document.close()
    return pages


# Endpoints


@json_errors
async def kinds(request: Request) -> Response:
    """GET /api/kinds[?lang=uk]: the document kinds, titled in the interface's language."""

    from .pages import localizer

    loc = localizer(request, _interface_language(request, None))

    def listed() -> list[dict[str, Any]]:
        # The title in the interface's language (the catalogs translate each kind's title).
        return [
            {**spec.summary(), "title": loc.gettext(spec.title)}
            for spec in renderer_of(request).kinds().values()
        ]

    return JSONResponse(await run_in_threadpool(listed))


@json_errors
async def locales(request: Request) -> Response:
    """GET /api/locales: the locales, with their names and fallbacks."""
    from ..i18n import get_localizer

    renderer = renderer_of(request)

    def listed() -> list[dict[str, Any]]:
        out = []
        for code in renderer.locales():
            loc = get_localizer(code, renderer.locale_dirs)
            out.append({"code": code, "name": loc.name, "fallbacks": list(loc.chain[1:])})
        return out

    return JSONResponse(await run_in_threadpool(listed))


@json_errors
async def files(request: Request) -> Response:
    """GET /api/files: the cases, recipients, senders and campaigns in the folder."""
    rels = await run_in_threadpool(folder_of(request).data_files)
    return JSONResponse(await pool_of(request).call(files_in_worker, rels))


@json_errors
async def validate(request: Request) -> Response:
    """POST /api/validate: ``{"path"}`` or ``{"data", "schema"}`` -> ok and problems."""
    body = await json_body(request)
    if "path" in body:
        rel = folder_of(request).ref(body["path"], what="path").rel
        problems = await pool_of(request).call(problems_of, rel)
    elif "data" in body:
        schema = _choice(body, "schema", ("case", "recipients", "senders", "campaign"), "case")
        problems = await pool_of(request).call(problems_of_data, body["data"], schema)
    else:
        raise InputError('give "path" (a file in the folder) or "data" (with "schema")')
    return JSONResponse({"ok": not problems, "problems": [problem_json(p) for p in problems]})


def _interface_language(request: Request, asked: object) -> str:
    """The language a tool or a page asks for (a body's ``lang``), else the interface's own:
    ``?lang=``, then Accept-Language, then English."""
    from .pages import ui_language, ui_languages

    if isinstance(asked, str) and asked in ui_languages(request):
        return asked
    return ui_language(request)


@json_errors
async def check(request: Request) -> Response:
    """POST /api/check: ``{"case", "for", "today"?, "lang"?}`` -> the check@2 report, its
    sentences in ``lang`` (default: the interface's language)."""
    body = await json_body(request)
    rel = folder_of(request).ref(body.get("case"), what="case").rel
    for_body = _choice(body, "for", _BODIES, None)
    if for_body is None:
        raise InputError(f"for: give one of {', '.join(_BODIES)}")
    lang = _interface_language(request, body.get("lang"))
    report = await pool_of(request).call(check_in_worker, rel, for_body, _date(body, "today"), lang)
    return JSONResponse(report)


@json_errors
async def render(request: Request) -> Response:
    """POST /api/render: one file, as a download."""
    job = render_job(folder_of(request), await json_body(request))
    result: RenderResult = await pool_of(request).render(job)
    return file_response(result.outputs[0])


@json_errors
async def preview(request: Request) -> Response:
    """POST /api/preview: the HTML of a document and its warnings."""
    job = render_job(folder_of(request), await json_body(request), formats=("html",))
    (out,) = (await pool_of(request).render(job)).outputs
    return JSONResponse(
        {
            "html": out.data.decode("utf-8"),
            "filename": out.filename,
            "warnings": [str(w) for w in out.warnings],
        }
    )


@json_errors
async def pages(request: Request) -> Response:
    """POST /api/pages: the PDF's pages as images."""
    body = await json_body(request)
    job = render_job(folder_of(request), body, formats=("pdf",))
    scale = body.get("scale", 1.0)
    if not isinstance(scale, int | float) or not 0.1 <= scale <= 4:
        raise InputError("scale: give a number from 0.1 to 4")
    images = await pool_of(request).call(pages_in_worker, job, float(scale))
    return JSONResponse({"pages": images})


MAX_DOCUMENTS = 500
"""The most documents one request makes (more: a campaign)."""


def _list(body: dict[str, Any], key: str) -> list[Any]:
    value = body.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise InputError(f"{key}: give a list")
    # Refused before any work: no list a request gives can ask for more documents than this.
    if len(value) > MAX_DOCUMENTS:
        raise InputError(f"{key}: {len(value)} items; at most {MAX_DOCUMENTS} at once")
    return value


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``stem-2.ext``, ``stem-3.ext``… when a file of the zip has it already (the
    same recipient id in two files)."""
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate)
    return candidate


@json_errors
async def render_zip(request: Request) -> Response:
    """POST /api/render/zip: several recipients, locales and formats, as one zip.

    Body as /api/render, with ``recipients`` (each ``FILE`` for all of it, or ``FILE#id``),
    ``locales`` (none: each recipient's language) and ``formats`` (none: the kind's). A
    recipient that fails is listed in the zip's ``errors.json``; the others are written."""
    import asyncio

    folder, pool = folder_of(request), pool_of(request)
    body = await json_body(request)
    formats = [str(f) for f in _list(body, "formats")] or [str(body.get("format") or "")]
    if formats == [""]:
        spec = renderer_of(request).engine.kind(_text(body, "kind", "letter") or "letter")
        formats = list(spec.formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"formats: unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    base = render_job(folder, {**body, "recipient": None}, formats=formats)
    recipients: list[str | None] = []
    for spec_ in _list(body, "recipients") or (
        [body["recipient"]] if body.get("recipient") else []
    ):
        ref = folder.ref(spec_, what="recipients")
        recipients.extend(await pool.call(recipient_specs, ref.spec))
    locales_: list[str | None] = [str(code) for code in _list(body, "locales")] or [base.locale]
    if max(len(recipients), 1) * len(locales_) > MAX_DOCUMENTS:
        raise InputError(
            f"{max(len(recipients), 1) * len(locales_)} documents at once; make a campaign for "
            f"more than {MAX_DOCUMENTS}"
        )
    jobs = [
        replace(base, recipient=r, locale=loc) for r in recipients or [None] for loc in locales_
    ]
    results = await asyncio.gather(*(pool.render(j) for j in jobs), return_exceptions=True)
    failures = [(j, r) for j, r in zip(jobs, results, strict=True) if isinstance(r, BaseException)]
    if failures and len(failures) == len(jobs):
        raise failures[0][1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        taken: set[str] = set()
        for result in results:
            if isinstance(result, RenderResult):
                for out in result.outputs:
                    archive.writestr(_unique(out.filename, taken), out.data)
        if failures:
            errors = [
                {"recipient": j.recipient, "locale": j.locale, "error": str(exc)}
                for j, exc in failures
            ]
            archive.writestr("errors.json", json.dumps(errors, indent=2, ensure_ascii=False))
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition("documents.zip")},
    )


routes: list[Route] = [
    Route("/api/kinds", kinds, methods=["GET"]),
    Route("/api/locales", locales, methods=["GET"]),
    Route("/api/files", files, methods=["GET"]),
    Route("/api/validate", validate, methods=["POST"]),
    Route("/api/check", check, methods=["POST"]),
    Route("/api/render", render, methods=["POST"]),
    Route("/api/render/zip", render_zip, methods=["POST"]),
    Route("/api/preview", preview, methods=["POST"]),
    Route("/api/pages", pages, methods=["POST"]),
]
