"""The studio's door: every request carries the token, and a change comes from its own pages.

The token comes as ``Authorization: Bearer T``, or as the cookie set when a page is opened with
``?token=T`` (the address the command prints); anything else is answered 403. A request that
changes something (POST, PUT, PATCH, DELETE) whose ``Origin`` is not the studio's own is 403 as
well: another site open in the same browser cannot make it act.
"""

from __future__ import annotations

import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "advocacy_studio"
_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORBIDDEN_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>403</title></head><body>"
    "<h1>403</h1><p>{message}</p><p>Open the address <code>advocacy-docs studio</code> printed "
    "(it ends in <code>?token=…</code>).</p></body></html>"
)


def new_token() -> str:
    """A fresh random token."""
    return secrets.token_urlsafe(24)


def _same(given: str | None, token: str) -> bool:
    return given is not None and secrets.compare_digest(given.encode(), token.encode())


def presented_token(headers: Headers) -> str | None:
    """The token a request carries in its Authorization header or its cookie."""
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no token
        return None
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel is not None else None


def own_origin(scope: Scope, headers: Headers) -> str:
    """The origin the studio's own pages send: scheme and the Host the request came to."""
    scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
    return f"{scheme}://{headers.get('host', '')}"


def forbidden(path: str, message: str) -> Response:
    """The 403 answer: JSON for the API, a short page otherwise."""
    if path.startswith("/api/") or path == "/api":
        return JSONResponse({"error": message}, status_code=403)
    return HTMLResponse(_FORBIDDEN_PAGE.format(message=message), status_code=403)


class TokenGuard:
    """ASGI middleware: 403 for a request without the token, or changing from another origin."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if method == "GET" and "token" in query and scope["type"] == "http":
            if not _same(query["token"], self.token):
                await forbidden(path, "wrong token")(scope, receive, send)
                return
            # The token leaves the address (history, screenshots) and lives in the cookie.
            rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
            response = RedirectResponse(path + (f"?{rest}" if rest else ""), 303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        if not _same(presented_token(headers), self.token):
            await forbidden(path, "this studio needs its token")(scope, receive, send)
            return
        origin = headers.get("origin")
        if method in _CHANGING and origin is not None and origin != own_origin(scope, headers):
            await forbidden(path, f"requests from {origin} are not accepted")(scope, receive, send)
            return
        await self.app(scope, receive, send)
