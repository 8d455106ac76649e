"""The studio's pages: Cases, Make a document, Campaigns, Translate, Check, and the folder's files.

Pages are server-rendered from the studio's own Jinja templates (ours, not users': a plain
environment with autoescape) and do their work over the JSON API with a few lines of plain
JavaScript. Every interface string goes through the project's gettext catalogs; the interface
language comes from ``?lang=``, then the browser's Accept-Language, then English.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..case.schema import json_schema
from ..case.source import Document, parse_text, read_text
from ..errors import AdvocacyError, InputError, Problem, ValidationFailed
from ..i18n import Localizer, get_localizer
from ..i18n.localedata import available_locales
from ..paths import bundled_locales_dir
from .api import folder_of, pool_of, problem_json, problems_of
from .files import Folder

SOURCE_LANGUAGE = "en"
CASE_SCHEMA = "advocacy-docs/case@1"
# The `schema:` line of a file, read from its text: a file too broken to parse is still listed.
_SCHEMA_LINE = re.compile(r"""^\s*"?schema"?\s*:\s*["']?(advocacy-docs/[a-z-]+@\d+)""", re.M)
_ACCEPT_ITEM = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q=([0-9.]+))?")

_ENV = Environment(
    loader=PackageLoader("advocacy_docs.studio", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# New-style gettext (``_("%(n)s files", n=3)``); each render passes the callables of its language.
_ENV.install_null_translations(newstyle=True)  # type: ignore[attr-defined]


# -- the interface language ------------------------------------------------------------------


def ui_locale_dirs(request: Request) -> tuple[Path, ...]:
    """The locale folders the interface reads: the studio's own first, then the bundled one."""
    dirs = [Path(d) for d in getattr(request.app.state, "locale_dirs", ()) or ()]
    bundled = bundled_locales_dir()
    return (*(d for d in dirs if d.is_dir()), bundled)


def ui_languages(request: Request) -> list[str]:
    """The interface languages on offer: every locale with a catalog or locale data."""
    try:
        return available_locales(ui_locale_dirs(request))
    except AdvocacyError:
        return [SOURCE_LANGUAGE]


def accept_language(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first (q=0 left out)."""
    wanted: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")):
        match = _ACCEPT_ITEM.match(item)
        if not match:
            continue
        try:
            q = float(match.group(2)) if match.group(2) else 1.0
        except ValueError:
            continue
        if q > 0:
            wanted.append((-q, index, match.group(1)))
    return [tag for _, _, tag in sorted(wanted)]


def ui_language(request: Request) -> str:
    """The interface language: ``?lang=``, then Accept-Language, then English."""
    offered = ui_languages(request)
    asked = request.query_params.get("lang", "")
    if asked in offered:
        return asked
    for tag in accept_language(request.headers.get("accept-language", "")):
        for candidate in (tag, tag.split("-")[0].lower()):
            if candidate in offered:
                return candidate
    return SOURCE_LANGUAGE


def localizer(request: Request, lang: str) -> Localizer:
    """The interface's localizer for ``lang``; English when that language cannot be loaded."""
    dirs = ui_locale_dirs(request)
    try:
        return get_localizer(lang, dirs)
    except AdvocacyError:
        return get_localizer(SOURCE_LANGUAGE, (bundled_locales_dir(),))


def _gettext_callables(loc: Localizer) -> dict[str, Callable[..., str]]:
    """New-style gettext callables over ``loc``: placeholders filled from keyword arguments.

    The result is a plain string, escaped when printed: a translation never adds markup.
    """

    @pass_context
    def gettext(_context: Context, message: str, **variables: Any) -> str:
        text = loc.gettext(message)
        return text % variables if variables else text

    @pass_context
    def ngettext(_context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        return loc.ngettext(singular, plural, num) % variables

    @pass_context
    def pgettext(_context: Context, context: str, message: str, **variables: Any) -> str:
        text = loc.pgettext(context, message)
        return text % variables if variables else text

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext, "pgettext": pgettext}


# -- rendering a page ------------------------------------------------------------------------


def render_page(request: Request, template: str, status_code: int = 200, **values: Any) -> Response:
    """``template`` rendered in the interface language of ``request``."""
    lang = ui_language(request)
    loc = localizer(request, lang)
    names: dict[str, str] = {}
    for code in ui_languages(request):
        try:
            names[code] = get_localizer(code, ui_locale_dirs(request)).name
        except AdvocacyError:
            continue
    html = _ENV.get_template(template).render(
        lang=lang,
        languages=names,
        page=request.url.path,
        query=request.query_params,
        **_gettext_callables(loc),
        **values,
    )
    return HTMLResponse(html, status_code=status_code, headers={"Content-Language": lang})


async def home(request: Request) -> Response:
    """The folder's files, by what they hold, and the way to each page."""
    return render_page(request, "home.html", files=files_by_schema(folder_of(request)))


async def cases(request: Request) -> Response:
    """The case files, each validated: problems beside the lines, field help from the schema."""
    folder = folder_of(request)
    listed = files_by_schema(folder).get("case", [])
    chosen = request.query_params.get("file") or (listed[0] if listed else "")
    view: dict[str, Any] | None = None
    error = ""
    if chosen:
        try:
            rel = folder.ref(chosen, what="file").rel
            problems = await pool_of(request).call(problems_of, rel)
            view = case_view(folder, rel, problems)
        except InputError as exc:
            error = str(exc)
    return render_page(request, "cases.html", cases=listed, chosen=chosen, view=view, error=error)


async def make(request: Request) -> Response:
    """Make a document: the form, and the preview beside it."""
    return render_page(request, "make.html", files=files_by_schema(folder_of(request)))


async def campaigns(request: Request) -> Response:
    """Run or resume a campaign, with its progress, its zip and its errors."""
    return render_page(request, "campaigns.html", files=files_by_schema(folder_of(request)))


async def translate(request: Request) -> Response:
    """The document with its strings in place, the side panel to edit one, and the status."""
    return render_page(request, "translate.html", files=files_by_schema(folder_of(request)))


async def check(request: Request) -> Response:
    """A case's legal checks for a body."""
    return render_page(request, "check.html", files=files_by_schema(folder_of(request)))


# -- the folder's files ----------------------------------------------------------------------


def schema_of(text: str, path: Path) -> str | None:
    """The ``schema:`` a file declares (a CSV file's is its header's: recipients or senders)."""
    match = _SCHEMA_LINE.search(text[:4096])
    if match:
        return match.group(1)
    if path.suffix.lower() == ".csv":
        return "advocacy-docs/recipients@1"
    return None


def files_by_schema(folder: Folder) -> dict[str, list[str]]:
    """The folder's data files by what they hold: case, recipients, senders, campaign, other."""
    grouped: dict[str, list[str]] = {}
    for rel in folder.data_files():
        try:
            schema = schema_of(read_text(folder.resolve(rel)), Path(rel))
        except AdvocacyError:
            schema = None
        kind = schema.split("/")[1].split("@")[0] if schema else "other"
        grouped.setdefault(kind, []).append(rel)
    return grouped


# -- the Cases page --------------------------------------------------------------------------


def case_view(folder: Folder, rel: str, found: Sequence[Problem]) -> dict[str, Any]:
    """A case file's lines, each with its problems (``found``, as ``validate`` lists them) and
    the schema's help for its field."""
    path = folder.resolve(rel, what="file")
    text = read_text(path)
    doc: Document | None = None
    # A file that is not well-formed has no field help; its problems say where it breaks.
    with contextlib.suppress(ValidationFailed):
        doc = parse_text(text, path)
    problems = [problem_json(p) for p in found]
    helps = help_by_line(doc, json_schema("case")) if doc is not None else {}
    by_line: dict[int, list[dict[str, Any]]] = {}
    for problem in problems:
        by_line.setdefault(problem["line"] or 0, []).append(problem)
    lines = [
        {"number": n, "text": line, "problems": by_line.get(n, []), "help": helps.get(n)}
        for n, line in enumerate(text.splitlines(), start=1)
    ]
    return {
        "file": folder.relative(path),
        "lines": lines,
        "problems": problems,
        "unplaced": [p for p in problems if not p["line"] or p["line"] > len(lines)],
        "fields": field_help(json_schema("case")),
    }


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with ``$ref`` followed and a nullable ``anyOf`` reduced to its non-null side."""
    for _ in range(20):
        if "$ref" in schema:
            name = str(schema["$ref"]).rsplit("/", 1)[-1]
            schema = {**root.get("$defs", {}).get(name, {}), **{
                k: v for k, v in schema.items() if k != "$ref"
            }}  # fmt: skip
            continue
        options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
        if "properties" not in schema and "items" not in schema and len(options) == 1:
            schema = {**options[0], **{k: v for k, v in schema.items() if k != "anyOf"}}
            continue
        break
    return schema


def describe_field(root: dict[str, Any], loc: Sequence[str | int]) -> str | None:
    """The schema's description of the field at ``loc`` (``("charges", 0, "article")``)."""
    schema = _resolve(root, root)
    description: str | None = None
    for part in loc:
        if isinstance(part, int):
            items = schema.get("items")
            if not isinstance(items, dict):
                return None
            schema = _resolve(items, root)
            continue
        properties = schema.get("properties")
        if not isinstance(properties, dict) or part not in properties:
            return None
        schema = _resolve(properties[part], root)
        description = schema.get("description")
    return str(description) if description else None


def help_by_line(doc: Document, root: dict[str, Any]) -> dict[int, dict[str, str]]:
    """For each line that writes a key: the field's path and the schema's description of it."""
    found: dict[int, dict[str, str]] = {}
    for loc, (line, _column) in sorted(doc.keys.items(), key=lambda item: item[1]):
        description = describe_field(root, loc)
        if description and line not in found:
            found[line] = {"field": doc.describe(loc), "description": description}
    return found


def field_help(root: dict[str, Any], depth: int = 2) -> list[dict[str, str]]:
    """Every field of the schema down to ``depth`` levels, with its description."""
    rows: list[dict[str, str]] = []

    def walk(schema: dict[str, Any], prefix: str, level: int) -> None:
        schema = _resolve(schema, root)
        if "items" in schema and isinstance(schema["items"], dict):
            walk(schema["items"], prefix + "[]", level)
            return
        for name, sub in (schema.get("properties") or {}).items():
            resolved = _resolve(sub, root)
            path = f"{prefix}.{name}" if prefix else name
            rows.append({"field": path, "description": str(resolved.get("description", ""))})
            if level + 1 < depth:
                walk(resolved, path, level + 1)

    walk(root, "", 0)
    return rows


routes: list[Route] = [
    Route("/", home, name="page-home"),
    Route("/cases", cases, name="page-cases"),
    Route("/make", make, name="page-make"),
    Route("/campaigns", campaigns, name="page-campaigns"),
    Route("/translate", translate, name="page-translate"),
    Route("/check", check, name="page-check"),
]
"""The studio's pages."""
