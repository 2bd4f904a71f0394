"""Every error leaves the API as `{"error": {"code", "message"}}` with the right status.

One place maps the library's errors (qa/errors.py: each class carries `code` and
`http_status`), FastAPI's validation errors and Starlette's HTTP errors (404, 405, …).
Unexpected exceptions become a 500 in api/middleware.py, where the request id is known.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.errors import InvalidInputError, QAError

log = logging.getLogger("qa.api")

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 406: "not_acceptable", 413: "body_too_large",
                415: "unsupported_media_type", 422: "invalid_input", 429: "too_many_requests"}


class ServiceNotReadyError(QAError):
    """The index and model are still loading, or loading failed (see /readyz)."""

    code = "not_ready"
    http_status = 503


class InvalidEncodingError(InvalidInputError):
    """Bytes that are not UTF-8 where text was expected (query string or JSON body)."""

    code = "invalid_encoding"
    http_status = 400


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def error_bytes(code: str, message: str) -> bytes:
    """The error body for raw ASGI responses (middleware answers before routing)."""
    return json.dumps(error_body(code, message), ensure_ascii=False).encode("utf-8")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(QAError, _qa_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]


async def _qa_error(request: Request, exc: QAError) -> JSONResponse:
    if exc.http_status >= 500 and not isinstance(exc, ServiceNotReadyError):  # loader logs it
        log.warning("request failed", extra={"request_id": _request_id(request),
                                             "code": exc.code, "detail": str(exc)})
    return error_response(exc.http_status, exc.code, str(exc))


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        detail = errors[0].get("ctx", {}).get("error", "")
        return error_response(400, "invalid_json",
                              f"The request body is not valid JSON ({detail}).")
    return error_response(422, "invalid_input", "; ".join(_describe(err) for err in errors[:5]))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if isinstance(exc.__cause__, UnicodeDecodeError):  # FastAPI reading a non-UTF-8 JSON body
        return error_response(400, "invalid_encoding", "The request body is not valid UTF-8.")
    if exc.status_code == 400 and request.headers.get("content-type", "").lower().startswith(
            "multipart/"):  # an upload whose form cannot be parsed
        return error_response(400, "invalid_form", "The request body could not be read as "
                              f"multipart/form-data ({str(exc.detail)[:200]}).")
    if exc.status_code == 400 and exc.__cause__ is not None:  # e.g. JSON nested too deeply
        return error_response(400, "invalid_json", "The request body could not be read as "
                              "JSON.")
    code = STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
    message, path = str(exc.detail), request.url.path[:100]
    if exc.status_code == 404 and message == "Not Found":  # the router found no endpoint
        message = f"There is no endpoint at {path}; see /docs for the API."
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = f"{request.method} is not allowed on {path}; use {allowed}."
    return error_response(exc.status_code, code, message, headers=exc.headers)


def _describe(err: Mapping[str, Any]) -> str:
    """One readable line per pydantic error: where, and what is wrong."""
    loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
    where = ".".join(loc)
    kind, message = err.get("type", ""), str(err.get("msg", "invalid"))
    if kind == "extra_forbidden":
        return f"Unknown field {where!r}."
    if kind == "missing":
        return f"{where or 'body'}: required."
    if not where and kind in ("model_attributes_type", "dict_type"):
        return ("The body must be a JSON object like {\"question\": \"...\"}, sent with "
                "Content-Type: application/json.")
    return f"{where}: {message}." if where else f"{message}."


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))
