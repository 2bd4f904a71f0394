"""ASGI middleware (pure ASGI, so streamed replies pass through untouched).

RequestContextMiddleware, outermost: gives every request an id (a sane incoming
X-Request-ID, else a new one) and returns it as a header; writes one JSON access-log
line (method, path without query string, status, latency); counts the request in the
metrics; turns an unexpected exception into a 500 in the error shape. A request whose
client went away before any reply (an aborted upload) is logged and counted as 499, not
500; one the HTTP layer timed out (api/protocol.py) as the 408 it got.
BodyLimitMiddleware: refuses bodies over the limit with 413 before anything reads them, and
JSON bodies that are not UTF-8 or repeat a key (api/strict_json.py); the upload route
(POST /v1/admin/documents) has a limit of its own, no other route.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_bytes
from .metrics import Metrics
from .protocol import REFUSED_KEY
from .strict_json import BodyRefused, check_json_body, is_json_body

access_log = logging.getLogger("qa.access")
error_log = logging.getLogger("qa.api")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNMATCHED = "<unmatched>"  # route label of requests no route took (404, 413 …)
CLIENT_CLOSED = 499  # logged and counted for a request whose client went away before a reply


def request_id_from(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if REQUEST_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        rid = request_id_from(scope)
        scope.setdefault("state", {})["request_id"] = rid
        status, started, disconnected = 500, False, False

        async def receive_watching() -> Message:
            nonlocal disconnected
            message = await receive()
            if message["type"] == "http.disconnect":
                disconnected = True
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started, status = True, int(message["status"])
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive_watching, send_with_id)
            if not started:
                if disconnected or REFUSED_KEY in scope:  # the client went away, or timed out
                    status = int(scope.get(REFUSED_KEY, CLIENT_CLOSED))
                else:  # the app answered nothing: still a reply in the error shape
                    await _send_json(send, 500, error_bytes(
                        "internal_error", f"Internal error (request id {rid}): no reply."),
                        {"X-Request-ID": rid})
        except Exception:
            error_log.exception("unexpected error", extra={"request_id": rid,
                                                           "path": scope.get("path")})
            if not started:
                status = 500
                await _send_json(send, 500, error_bytes(
                    "internal_error", f"Internal error (request id {rid}); it has been "
                    "logged."), {"X-Request-ID": rid})
        finally:
            seconds = time.perf_counter() - began
            route = getattr(scope.get("route"), "path", None) or UNMATCHED
            self.metrics.observe_request(route, scope["method"], status, seconds)
            access_log.info("request", extra={
                "request_id": rid, "method": scope["method"], "path": _short(scope.get("path", "")),
                "route": route, "status": status, "latency_ms": round(seconds * 1000, 2)})


def _short(path: str, limit: int = 512) -> str:
    """A path as logged: a 60 KB path would make every access line 60 KB."""
    return path if len(path) <= limit else path[:limit] + f"…(+{len(path) - limit})"


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int,
                 routes: dict[tuple[str, str], tuple[int, str]] | None = None) -> None:
        """max_bytes for every request, except (method, path) in routes: (limit, what the
        413 message names as the limit)."""
        self.app = app
        self.max_bytes = max_bytes
        self.routes = routes or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, what = self.routes.get((scope["method"], scope.get("path", "")),
                                      (self.max_bytes, f"{self.max_bytes} bytes"))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(send, what)
            return
        # Read the body here (small; an upload at most its own limit), so an undeclared
        # (chunked) one is limited too.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                await self._refuse(send, what)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and is_json_body(scope):
            try:
                check_json_body(body)
            except BodyRefused as refused:
                await _send_json(send, refused.status, error_bytes(refused.code,
                                                                   refused.message), {})
                return
        await self.app(scope, _replay(body, receive), send)

    async def _refuse(self, send: Send, what: str) -> None:
        await _send_json(send, 413, error_bytes(
            "body_too_large", f"The request body is larger than {what}."),
            {"Connection": "close"})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(body: bytes, receive: Receive) -> Callable[[], Awaitable[Message]]:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replayed


async def _send_json(send: Send, status: int, body: bytes, headers: dict[str, str]) -> None:
    raw: list[Any] = [(b"content-type", b"application/json"),
                      (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
