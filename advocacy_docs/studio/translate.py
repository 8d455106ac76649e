"""The translation view's API: a document with its messages outlined, and their editing.

Routes over :mod:`advocacy_docs.i18n.incontext`, for the translator's locale folder (the
studio's first ``--locales-dir``, else ``<folder>/locales``, made on the first save). A render
here is one document: it runs in a thread of the server, never on its event loop.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..case import load_recipients, load_senders
from ..errors import InputError
from ..i18n import incontext
from .api import _date, _text, folder_of, json_body, json_errors
from .files import Folder

P = TypeVar("P")


def locale_dir_of(request: Request) -> Path:
    """The translator's locale folder: the studio's first locale folder, else
    ``<folder>/locales`` (which a first save makes)."""
    dirs: tuple[Path, ...] = tuple(request.app.state.locale_dirs or ())
    return dirs[0] if dirs else folder_of(request).root / "locales"


def _number(request: Request) -> int:
    raw = str(request.path_params["number"])
    if not raw.isdigit() or len(raw) > 9:
        raise InputError(f"message {raw[:20]!r}: give the message's number")
    return int(raw)


def _one(folder: Folder, spec: str | None, loader: Callable[[str], list[P]], what: str) -> P | None:
    """The person ``FILE#id`` names in the served folder (the file's first without an id)."""
    if spec is None:
        return None
    ref = folder.ref(spec, what=what)
    people = loader(str(ref.path))
    chosen = [p for p in people if ref.id is None or getattr(p, "id", None) == ref.id]
    if not chosen:
        raise InputError(f"{what}: {ref.rel} has no {what} with id {ref.id!r}")
    return chosen[0]


@json_errors
async def marked(request: Request) -> Response:
    """``GET /api/i18n/{locale}/{kind}/marked``: the kind in the locale, every message in a
    ``<span class="x-msg" data-msg="N">``; query: case, recipient, sender (``FILE#id``,
    relative to the folder), today; ``?format=json`` answers with the messages shown too."""
    folder = folder_of(request)
    query: dict[str, Any] = dict(request.query_params)
    case = _text(query, "case")
    today = _date(query, "today")

    def run() -> incontext.InContext:
        return incontext.render(
            locale_dir_of(request),
            str(request.path_params["locale"]),
            str(request.path_params["kind"]),
            case_path=folder.resolve(case, what="case") if case else None,
            recipient=_one(folder, _text(query, "recipient"), load_recipients, "recipient"),
            sender=_one(folder, _text(query, "sender"), load_senders, "sender"),
            today=_dt.date.fromisoformat(today) if today else None,
        )

    result = await run_in_threadpool(run)
    if query.get("format") == "json":
        return JSONResponse(
            {
                "html": result.html,
                "outlined": list(result.outlined),
                "hidden": list(result.hidden),
                "untranslated": sorted(result.untranslated),
                "warnings": list(result.warnings),
            }
        )
    return Response(result.html, media_type="text/html; charset=utf-8")


@json_errors
async def message(request: Request) -> Response:
    """``GET /api/i18n/{locale}/messages/{N}``: the message and its translation."""
    info = await run_in_threadpool(
        incontext.message,
        locale_dir_of(request),
        str(request.path_params["locale"]),
        _number(request),
    )
    return JSONResponse(info.as_json())


@json_errors
async def save(request: Request) -> Response:
    """``PUT /api/i18n/{locale}/messages/{N}`` ``{"msgstr": ...}`` or ``{"msgstr_plural":
    [...]}``: the translation written into the translator's catalog."""
    body = await json_body(request)
    unknown = sorted(set(body) - {"msgstr", "msgstr_plural"})
    if unknown:
        raise InputError(f"{unknown[0]}: unknown field; give msgstr or msgstr_plural")
    plural = body.get("msgstr_plural")
    if plural is not None and not isinstance(plural, list):
        raise InputError("msgstr_plural: give a list of texts")
    saved = await run_in_threadpool(
        incontext.save_translation,
        locale_dir_of(request),
        str(request.path_params["locale"]),
        _number(request),
        body.get("msgstr"),
        plural,
    )
    return JSONResponse(
        {"file": saved.path, "changed": saved.changed, "message": saved.message.as_json()}
    )


@json_errors
async def status(request: Request) -> Response:
    """``GET /api/i18n/status``: the rows of ``i18n status``."""
    rows = await run_in_threadpool(incontext.status, locale_dir_of(request))
    return JSONResponse({"rows": rows})


@json_errors
async def check(request: Request) -> Response:
    """``GET /api/i18n/{locale}/check``: the findings of ``i18n check``, each with the number
    of its message when it has one."""
    findings = await run_in_threadpool(
        incontext.check, locale_dir_of(request), str(request.path_params["locale"])
    )
    return JSONResponse({"findings": findings})


routes: list[Route] = [
    Route("/api/i18n/status", status, methods=["GET"]),
    Route("/api/i18n/{locale}/check", check, methods=["GET"]),
    Route("/api/i18n/{locale}/messages/{number}", message, methods=["GET"]),
    Route("/api/i18n/{locale}/messages/{number}", save, methods=["PUT"]),
    Route("/api/i18n/{locale}/{kind}/marked", marked, methods=["GET"]),
]
