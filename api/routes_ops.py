"""Operations and static files: /healthz, /readyz, /metrics, / and /widget.js."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from qa.errors import NotFoundError

from .deps import LoaderDep, MetricsDep
from .loader import ServiceLoader
from .models import ERRORS, Health, Ready
from .redact import public

STATIC = Path(__file__).resolve().parent / "static"
# The demo page runs no inline script; the widget styles itself with a constructed sheet.
DEMO_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}
router = APIRouter()


@router.get("/healthz", response_model=Health, tags=["operations"],
            summary="Liveness: 200 while the process serves, even before the index is loaded")
async def healthz(request: Request) -> Health:
    # async, and no (sync) dependency: answered on the event loop, never queued behind
    # the thread pool that busy /v1 requests fill.
    loader: ServiceLoader = request.app.state.loader
    service = loader.service
    if service is not None:
        return Health(status="ok", chunks=len(service.index.chunks),
                      model=public(service.embedder.id))
    status = "failed" if loader.state == "failed" else "loading"
    return Health(status=status, chunks=0, model=public(loader.settings.embedder))


@router.get("/readyz", response_model=Ready, responses={503: ERRORS[503]}, tags=["operations"],
            summary="Readiness: 200 once the index and model are loaded, 503 with the reason "
                    "before")
def readyz(loader: LoaderDep) -> Ready:
    service = loader.get()  # raises the 503 with the reason
    return Ready(status="ready", chunks=len(service.index.chunks),
                 model=public(service.embedder.id), index=service.index.path.name,
                 fallback=public(service.fallback) if service.fallback else None)


@router.get("/metrics", tags=["operations"], response_class=Response,
            responses={200: {"content": {"text/plain": {}}}},
            summary="Prometheus metrics (text exposition format)")
def metrics(metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type=metrics.content_type)


def _content(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": what,
                  "content": {media_type: {"schema": {"type": "string"}}}},
            404: {"description": "The file is not installed with this server."}}


@router.get("/", response_class=FileResponse, tags=["widget"], summary="Demo page",
            responses=_content("text/html", "The demo page with the chat widget."))
def index_page() -> FileResponse:
    return _static("index.html", "text/html; charset=utf-8", DEMO_PAGE_HEADERS)


@router.get("/widget.js", response_class=FileResponse, tags=["widget"],
            summary="The embeddable chat widget",
            responses=_content("text/javascript", "The widget script."))
def widget() -> FileResponse:
    return _static("widget.js", "text/javascript; charset=utf-8")


def _static(name: str, media_type: str, headers: dict[str, str] | None = None) -> FileResponse:
    path = STATIC / name
    if not path.is_file():
        raise NotFoundError(f"{name} is not installed with this server (api/static/{name}).")
    return FileResponse(path, media_type=media_type, headers={
        "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", **(headers or {})})
