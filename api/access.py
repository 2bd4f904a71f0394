"""Who may call what, and how often: API key, admin key and per-client rate limit.

AccessMiddleware (pure ASGI) guards every path under /v1 before anything reads the body:
  1. rate limit: a token bucket per client IP, IPv6 by /64 (QA_RATE_LIMIT_PER_MIN,
     QA_RATE_LIMIT_BURST, divided between `qa serve --workers N` processes); an empty
     bucket gets 429 with Retry-After. Wrong keys spend tokens too, so guessing keys is
     throttled like anything else.
  2. /v1/admin/*: always needs QA_ADMIN_KEY (403 while it is unset: admin is disabled).
  3. the rest of /v1: needs QA_API_KEY when it is set (401 without it or with a wrong one).
Keys come in `Authorization: Bearer KEY` or `X-API-Key: KEY` and are compared in constant
time (hmac.compare_digest). Nothing here logs a header or a key.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import error_bytes

API_PREFIX = "/v1/"
ADMIN_PREFIX = "/v1/admin/"
ROUTED_METHODS = ("GET", "HEAD", "POST")  # on every path; any other is a 405 whatever the key…
# … but where a route takes it: there the key is checked first, like for any routed method.
ROUTED_ELSEWHERE = {"DELETE": ("/v1/admin/documents/",)}
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen client is forgotten first


class TokenBucket:
    """Per-client buckets of `burst` tokens refilled at `per_min` a minute (thread-safe)."""

    def __init__(self, per_min: int, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_min / 60.0  # tokens a second
        self.burst = float(burst)
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, when
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 if client may go on (one token spent), else seconds until a token is back."""
        now = self._clock()
        with self._lock:
            tokens, when = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            self._buckets[client] = (tokens, now)  # most recently seen last
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            return wait

    def __len__(self) -> int:
        return len(self._buckets)


def presented_key(scope: Scope) -> bytes | None:
    """The key a request carries (Authorization: Bearer, else X-API-Key), as raw bytes."""
    bearer = api_key = None
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                bearer = token.strip()
        elif name == b"x-api-key" and value.strip():
            api_key = value.strip()
    return bearer or api_key


def key_matches(presented: bytes | None, expected: str) -> bool:
    """Constant time: how long the comparison takes tells nothing about the key."""
    return presented is not None and hmac.compare_digest(presented, expected.encode("utf-8"))


class AccessMiddleware:
    def __init__(self, app: ASGIApp, api_key: str | None, admin_key: str | None,
                 rate_limit_per_min: int, rate_limit_burst: int) -> None:
        self.app = app
        self.api_key = api_key
        self.admin_key = admin_key
        self.limiter = TokenBucket(rate_limit_per_min, rate_limit_burst) \
            if rate_limit_per_min > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(API_PREFIX) or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)  # CORS preflights never carry keys
            return
        if self.limiter is not None:
            wait = self.limiter.take(client_id(scope))
            if wait > 0:
                retry = retry_after_seconds(wait)
                await _refuse(send, 429, "too_many_requests", "Too many requests from this "
                              f"client; retry in {retry} s.", {"Retry-After": str(retry)})
                return
        if not _routed(scope.get("method", ""), path):  # TRACE, PUT …: the router's 405
            await self.app(scope, receive, send)
            return
        key = presented_key(scope)
        if path.startswith(ADMIN_PREFIX):
            if self.admin_key is None:
                await _refuse(send, 403, "admin_disabled", "Admin endpoints are disabled: "
                              "set QA_ADMIN_KEY on the server to enable them.")
                return
            if not key_matches(key, self.admin_key):
                await _unauthorized(send, "admin key")
                return
        elif self.api_key is not None and not key_matches(key, self.api_key):
            await _unauthorized(send, "API key")
            return
        await self.app(scope, receive, send)


def _routed(method: str, path: str) -> bool:
    """Whether some route answers method at path (else the router's 405 comes first)."""
    return method in ROUTED_METHODS or path.startswith(ROUTED_ELSEWHERE.get(method, ("\0",)))


def client_id(scope: Scope) -> str:
    """The client's IP (uvicorn has already applied X-Forwarded-For from trusted proxies);
    an IPv6 client is its /64, which one host or home network gets whole (so rotating
    addresses inside it does not buy new buckets)."""
    client = scope.get("client")
    if not client:
        return "unknown"
    host = str(client[0])
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return host


def per_worker(per_min: int, burst: int, workers: int) -> tuple[int, int]:
    """Each of `workers` processes keeps its own buckets, so each gets 1/workers of the
    limit: a client spread over all of them never exceeds the limit in total (one whose
    requests all reach one worker gets that worker's share)."""
    if workers <= 1 or per_min <= 0:
        return per_min, burst
    return max(1, per_min // workers), max(1, burst // workers)


async def _unauthorized(send: Send, what: str) -> None:
    await _refuse(send, 401, "unauthorized", f"This endpoint needs the {what}: send "
                  "`Authorization: Bearer KEY` or `X-API-Key: KEY`.",
                  {"WWW-Authenticate": 'Bearer realm="qa"'})


async def _refuse(send: Send, status: int, code: str, message: str,
                  headers: dict[str, str] | None = None) -> None:
    body = error_bytes(code, message)
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def retry_after_seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
