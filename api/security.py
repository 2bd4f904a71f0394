"""Security headers: what a browser may do with the pages and replies of this server.

Every reply: `X-Content-Type-Options: nosniff` (a JSON answer is never run as a script)
and `Referrer-Policy: no-referrer`. The demo page `/` also gets a Content-Security-Policy
that allows only this origin's scripts plus the page's own inline scripts, by hash (no
'unsafe-inline' for scripts: a question echoed into the page can never run), and may not
be framed by another site. `/widget.js` is a script other sites embed: it gets a locked
CSP (it is not a page) and `Cross-Origin-Resource-Policy: cross-origin` so they can load it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body

EVERY_REPLY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
WIDGET_HEADERS = {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
                  "Cross-Origin-Resource-Policy": "cross-origin"}
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def page_csp(html: str) -> str:
    """The CSP of a page: its inline scripts allowed by their sha256, nothing else inline."""
    hashes = [base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
              for body in _INLINE_SCRIPT.findall(html)]
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in hashes)])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self' 'unsafe-inline'; "  # styles cannot run code; widgets inject them
            "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, page: Path) -> None:
        self.app = app
        self.page = page
        self._csp: tuple[tuple[float, int], str] | None = None  # (mtime, size) → CSP

    def page_headers(self) -> dict[str, str]:
        try:
            stat = self.page.stat()
        except OSError:
            return {"X-Frame-Options": "DENY"}
        stamp = (stat.st_mtime, stat.st_size)
        if self._csp is None or self._csp[0] != stamp:  # recomputed when the page changes
            self._csp = (stamp, page_csp(self.page.read_text(encoding="utf-8")))
        return {"Content-Security-Policy": self._csp[1], "X-Frame-Options": "DENY"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        extra = self.page_headers() if path == "/" else \
            WIDGET_HEADERS if path == "/widget.js" else {}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in {**EVERY_REPLY, **extra}.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class JSONCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight in the error shape instead of plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode("utf-8", "replace")  # "Disallowed CORS origin…"
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "content-type")}
        return JSONResponse(error_body("cors_refused", f"{reason}: this origin, method or "
                                       "header is not allowed (QA_CORS_ORIGINS)."),
                            status_code=response.status_code, headers=headers)
