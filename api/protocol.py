"""uvicorn's httptools protocol with the limits it lacks, and its refusals in the error shape.

uvicorn (0.54, httptools) sets no limit on the request line or the header block and starts
its only timer (keep-alive) after the first response, so a client could send 300 MB of
headers, or open sockets and never finish a request, and hold memory or file descriptors
for ever. GuardedProtocol, used by `qa serve`, adds:

- request line (URL) over `QA_MAX_URL_BYTES` → 414 `uri_too_long`;
- header block over `QA_MAX_HEADER_BYTES` → 431 `headers_too_large`, read no further;
- a request (line, headers, body) not whole within `QA_REQUEST_TIMEOUT_S` of the
  connection opening or of its own first byte → 408 `request_timeout` (a connection that
  sent nothing is just closed); between requests uvicorn's keep-alive timeout applies;
- whatever the parser refuses (a bad Content-Length, both Content-Length and
  Transfer-Encoding, raw non-ASCII in the URL, a folded header …) → 400 `bad_request`.

Every refusal is `{"error": {"code", "message"}}` with `Connection: close`, then the
connection is closed. The limits are read once per process from the QA_* settings.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from dataclasses import dataclass
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

log = logging.getLogger("qa.http")
REFUSED_KEY = "qa.refused"  # scope key: the status this layer answered a request with


@dataclass(frozen=True)
class Limits:
    max_url_bytes: int = 32_768
    max_header_bytes: int = 32_768
    request_timeout_s: float = 5.0
    keep_alive_s: int = 5


@functools.cache
def limits() -> Limits:
    from qa.settings import Settings

    settings = Settings()
    return Limits(settings.max_url_bytes, settings.max_header_bytes,
                  settings.request_timeout_s, settings.keep_alive_s)


class _Refused(Exception):
    """Raised inside a parser callback to stop parsing; the reason is on the protocol."""


def refusal_bytes(status: int, code: str, message: str,
                  extra_headers: list[tuple[bytes, bytes]] | None = None) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
    head = [STATUS_LINE[status]]
    for name, value in extra_headers or ():
        head += [name, b": ", value, b"\r\n"]
    head += [b"content-type: application/json\r\n",
             b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
             b"x-content-type-options: nosniff\r\n",
             b"connection: close\r\n\r\n", body]
    return b"".join(head)


class GuardedProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits()
        self.url = b""
        self._in_head = True  # reading a request line and headers
        self._head_bytes = 0  # bytes received while reading them
        self._header_bytes = 0  # size of the headers parsed so far
        self._received = False  # any byte on this connection yet
        self._refusal: tuple[int, str, str] | None = None
        self._refused = False
        self._timer: asyncio.TimerHandle | None = None

    # connection and data
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._unset_keepalive_if_required()
        self._received = True
        if self._timer is None:
            self._arm()
        if self._in_head:
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError as exc:
            status, code, message = self._refusal or (
                400, "bad_request", f"The request is not valid HTTP/1.1 ({_reason(exc)}).")
            self._refuse(status, code, message)
            return
        # Still reading the head after this feed: every byte since it began is head (one
        # header still being accumulated by the parser included).
        if self._in_head and self._head_bytes - len(self.url) > self.limits.max_header_bytes:
            self._refuse(*self._too_large_headers())

    def send_400_response(self, msg: str) -> None:  # uvicorn's own plain-text 400
        self._refuse(400, "bad_request", "The request is not valid HTTP/1.1.")

    # parser callbacks
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        if self._timer is None:  # a pipelined request behind one already read
            self._arm()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.max_url_bytes:
            self._refusal = (414, "uri_too_long", "The request line is longer than "
                             f"{self.limits.max_url_bytes} bytes (QA_MAX_URL_BYTES).")
            raise _Refused

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._header_bytes += len(name) + len(value) + 4  # "name: value\r\n"
        if self._header_bytes > self.limits.max_header_bytes:
            self._refusal = self._too_large_headers()
            raise _Refused

    def on_headers_complete(self) -> None:
        self._in_head, self._head_bytes = False, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self._in_head = True
        super().on_message_complete()

    # refusals
    def _too_large_headers(self) -> tuple[int, str, str]:
        return (431, "headers_too_large", "The request headers are larger than "
                f"{self.limits.max_header_bytes} bytes (QA_MAX_HEADER_BYTES).")

    def _refuse(self, status: int, code: str, message: str, *, reply: bool = True) -> None:
        self._refused = True
        self._disarm()
        cycle = self.cycle
        started = cycle is not None and not cycle.response_complete and cycle.response_started
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the app, if it runs, gets http.disconnect
            cycle.message_event.set()
            cycle.scope[REFUSED_KEY] = status  # type: ignore[literal-required]  # access log
        if reply and not started and not self.transport.is_closing():
            self.transport.write(refusal_bytes(status, code, message,
                                               list(self.server_state.default_headers)))
        log.warning("request refused by the HTTP layer", extra={
            "status": status, "code": code, "client": _client(self.client)})
        if not self.transport.is_closing():
            self.transport.close()

    # the whole-request timer
    def _arm(self) -> None:
        self._disarm()
        self._timer = self.loop.call_later(self.limits.request_timeout_s, self._timed_out)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        self._refuse(408, "request_timeout", "The request did not arrive whole within "
                     f"{self.limits.request_timeout_s:g} s (QA_REQUEST_TIMEOUT_S).",
                     reply=self._received)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:100].encode("ascii", "replace").decode("ascii")


def _client(client: tuple[str, int] | None) -> str:
    return client[0] if client else "unknown"
