"""ASGI wrappers that make the server safe to point at untrusted articles and to run on a laptop.

Written as plain ASGI callables (not BaseHTTPMiddleware) so they add almost nothing per request:

* :class:`SecurityHeaders` adds the CSP and friends to every response;
* :class:`BodyLimit` refuses request bodies over a limit (413) before the application parses
  them, and bodies that trickle in slower than a deadline (408);
* :class:`HostCheck` refuses a Host header that is not on the allow-list (400): a page on
  another site that rebinds its DNS name to 127.0.0.1 reaches the server under its own name,
  so checking the name is what keeps such a page from reading the corpus;
* :class:`OriginCheck` refuses state-changing requests (POST and friends) whose Origin, or
  Referer when Origin is absent, is not this server (403): a form on another site cannot
  make a visitor's browser post here. Clients that send neither (curl, scripts) are served;
* :func:`timed_h11_protocol` closes connections whose request headers do not arrive in time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# no inline script or style, nothing loaded from elsewhere, no framing, forms post only here
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # not no-referrer: that makes browsers post Origin: null
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    detail = f"request body too large (limit {limit} bytes)"
    if scope.get("path", "").startswith("/api/"):
        body = json.dumps({"detail": detail}).encode()
        ctype = b"application/json"
    else:
        body = (f"<!doctype html><title>413 Too large</title><h1>413 Too large</h1><p>{detail}. "
                "Paste a shorter text.</p>").encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Read at most ``max_bytes`` of a request body; beyond that answer 413 without calling the app."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await _too_large(scope, send, self.max_bytes)
                    return
        chunks: list[bytes] = []
        size = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.01, deadline - loop.time()))
            except TimeoutError:
                await _plain(scope, send, 408, f"request body not received within {self.timeout_s:g} s")
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _too_large(scope, send, self.max_bytes)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _plain(scope: Scope, send: Send, status: int, detail: str) -> None:
    """A short refusal: JSON under /api/, a one-line HTML page elsewhere."""
    import html

    if scope.get("path", "").startswith("/api/"):
        body = json.dumps({"detail": detail}).encode()
        ctype = b"application/json"
    else:
        body = f"<!doctype html><title>{status}</title><h1>{status}</h1><p>{html.escape(detail)}</p>".encode()
        ctype = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def host_name(value: str) -> str:
    """The name part of a Host header or URL authority, lower-cased: ``[::1]:8000`` -> ``::1``."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", []):
        if k == name:
            return v.decode("latin-1")
    return None


class HostCheck:
    """Serve only requests whose Host header names an allowed host (DNS-rebinding defence)."""

    def __init__(self, app: ASGIApp, allowed: list[str] | tuple[str, ...]) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in allowed if h}
        self.any = "*" in allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.any:
            host = _header(scope, b"host")
            if host is None or host_name(host) not in self.allowed:
                shown = (host or "(none)")[:100]
                await _plain(scope, send, 400, f"Host {shown!r} is not served here; allowed: "
                             f"{', '.join(sorted(self.allowed))} (add one with --allow-host)")
                return
        await self.app(scope, receive, send)


UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class OriginCheck:
    """Refuse cross-site state-changing requests: their Origin (else Referer) must be this server.

    The request's own Host (already checked by :class:`HostCheck`) is the server's origin, so a
    page served from ``http://localhost:8000`` may post to it and a page on any other site,
    or one sending ``Origin: null`` (sandboxed frames, file: pages), may not.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            origin = _header(scope, b"origin")
            referer = _header(scope, b"referer") if origin is None else None
            claimed = origin if origin is not None else referer
            if claimed is not None and not self._same(claimed, _header(scope, b"host") or "", scope):
                what = "Origin" if origin is not None else "Referer"
                await _plain(scope, send, 403, f"cross-site request refused: {what} {claimed[:100]!r} is not this "
                             "server; post from this server's own pages")
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _same(claimed: str, host: str, scope: Scope) -> bool:
        from urllib.parse import urlsplit

        if claimed.strip().lower() == "null":
            return False
        try:
            parts = urlsplit(claimed.strip())
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False
        return parts.netloc.lower() == host.strip().lower()


def timed_h11_protocol(header_timeout_s: float) -> type:
    """uvicorn's h11 protocol, closing a connection whose request headers take over ``header_timeout_s``.

    uvicorn times out idle keep-alive connections but not a client that trickles a request's
    headers one byte at a time (slowloris): the timer here runs from the connection's start,
    and again from the end of each response, until the next request's headers are complete.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TimedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def _arm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
            self._header_timer = self.loop.call_later(header_timeout_s, self._headers_late)

        def _headers_late(self) -> None:
            self._header_timer = None
            if self.cycle is not None and not self.cycle.response_complete:
                return  # a request is being served: its headers arrived
            if not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None
            super().connection_lost(exc)

    return TimedH11Protocol
