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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
            # A path, never an address elsewhere: "//host/x" would be read as another site.
            here = "/" + path.lstrip("/")
            response = RedirectResponse(here + (f"?{rest}" if rest else ""), 303)
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
        if method in _CHANGING and origin is None and not _bearer(headers):
            # The cookie rides along with whatever a browser sends: a change that rests on it
            # must say where it comes from (a browser's own pages always send Origin).
            await forbidden(path, "a change needs its Origin")(scope, receive, send)
            return
        await self.app(scope, receive, _with_headers(send))


def _bearer(headers: Headers) -> bool:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and bool(value.strip())


_SAFETY_HEADERS = [
    # Framed by its own pages only (the translation view), never by another site or port.
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def _with_headers(send: Send) -> Send:
    """``send`` adding the safety headers to every response."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(n, v) for n, v in _SAFETY_HEADERS if n not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending
