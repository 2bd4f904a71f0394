"""Strict reading of JSON request bodies, before FastAPI's lenient one.

FastAPI reads a body with `json.loads(bytes)`, which guesses UTF-16 and UTF-32 and lets the
last of two equal keys win. A proxy or a logger reading the same body may see another
question than the app, so the API takes one reading only: UTF-8 (else 400
`invalid_encoding`), valid JSON as Python reads a str (else 400 `invalid_json`; a UTF-8
byte-order mark included), and no key twice in an object (else 422 `invalid_input`, as for
a query parameter given twice).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Scope


class BodyRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def is_json_body(scope: Scope) -> bool:
    """FastAPI parses a body as JSON with no Content-Type or an application/*json one."""
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or (media.startswith(b"application/")
                                                    and media.endswith(b"+json"))
    return True


def check_json_body(body: bytes) -> None:
    """Raise BodyRefused unless body is UTF-8 JSON without a repeated key."""
    if not body:
        return
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyRefused(400, "invalid_encoding", "The request body is not valid UTF-8 "
                          "(send JSON as UTF-8).") from None
    try:
        json.loads(text, object_pairs_hook=_unique)
    except _Duplicate as exc:
        raise BodyRefused(422, "invalid_input", f"Field {exc.key!r} is given more than once "
                          "in one JSON object; give it once.") from None
    except (ValueError, RecursionError) as exc:
        raise BodyRefused(400, "invalid_json", "The request body is not valid JSON "
                          f"({str(exc)[:100]}).") from None


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key[:40]


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Duplicate(key)
        found[key] = value
    return found
