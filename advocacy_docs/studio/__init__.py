"""The studio: a local web application over the library (``advocacy-docs studio``).

``create_app`` builds the Starlette application: the JSON API, campaign runs, and the pages
and translation routes when their modules are present, all behind the token (see ``auth``).
"""

from __future__ import annotations

import contextlib
import importlib
import ipaddress
import webbrowser
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute

from . import api, campaigns
from .auth import TokenGuard, new_token
from .files import Folder
from .work import WorkPool

_PLUGGED = ("advocacy_docs.studio.pages", "advocacy_docs.studio.translate")


def plugged_routes() -> list[BaseRoute]:
    """The ``routes`` of the studio's page and translation modules, when they are present."""
    routes: list[BaseRoute] = []
    for name in _PLUGGED:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        routes.extend(getattr(module, "routes", []))
    return routes


def static_routes() -> list[BaseRoute]:
    """``/static``: the pages' stylesheet and script, when the package has them."""
    if not (Path(__file__).parent / "static").is_dir():
        return []
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    files = StaticFiles(packages=[("advocacy_docs.studio", "static")])
    return [Mount("/static", files, name="static")]


def default_locale_dirs(folder: Path) -> tuple[Path, ...]:
    """The user's locales the studio uses when none are given: ``<folder>/locales`` (used once
    it exists: saving the first translation makes it)."""
    return (Path(folder).resolve() / "locales",)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
    return PlainTextResponse(exc.detail, status_code=exc.status_code)


def create_app(
    folder: Path, *, token: str, locale_dirs: Sequence[Path] = (), workers: int = 2
) -> Starlette:
    """The studio's ASGI application over ``folder``, guarded by ``token``."""
    served = Folder(Path(folder))
    dirs = tuple(Path(d).resolve() for d in locale_dirs) or default_locale_dirs(served.root)
    work = WorkPool(served.root, locale_dirs=dirs, workers=workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            work.shutdown()

    app = Starlette(
        routes=[*api.routes, *campaigns.routes, *plugged_routes(), *static_routes()],
        middleware=[Middleware(TokenGuard, token=token)],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.folder = served
    app.state.token = token
    app.state.locale_dirs = dirs
    app.state.work = work
    app.state.campaign_runs = {}
    return app


def studio_url(host: str, port: int, token: str) -> str:
    """The address to open: ``http://HOST:PORT/?token=…``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    open_browser: bool = False,
    *,
    locale_dirs: Sequence[Path] = (),
    workers: int = 2,
) -> None:
    """Run the studio over ``folder`` until interrupted (uvicorn)."""
    import uvicorn

    token = token or new_token()
    app = create_app(folder, token=token, locale_dirs=locale_dirs, workers=workers)
    url = studio_url("127.0.0.1" if host in ("0.0.0.0", "::") else host, port, token)

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if open_browser and self.started:
                # Once the socket listens: a browser opened earlier would find nobody there.
                webbrowser.open(url)

    Server(uvicorn.Config(app, host=host, port=port, log_level="warning")).run()


__all__ = ["create_app", "is_loopback", "new_token", "plugged_routes", "serve", "studio_url"]
