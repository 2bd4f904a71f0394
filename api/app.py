"""FastAPI app factory. Nothing loads at import: `create_app` builds the app, and its
lifespan starts loading the index and model in a background thread (api/loader.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from qa import __version__
from qa.rebuild import load_or_rebuild
from qa.settings import Settings
from qa.threads import configure_threads

from .access import AccessMiddleware, per_worker
from .docs import install_docs
from .errors import install_error_handlers
from .loader import LoadFn, ServiceLoader
from .logs import configure_logging
from .metrics import Metrics
from .middleware import BodyLimitMiddleware, RequestContextMiddleware
from .models import ACCESS_ERRORS
from .openapi import install_openapi
from .pipeline import Pipeline
from .reindex import Reindexer
from .routes_admin import router as admin_router
from .routes_ops import STATIC
from .routes_ops import router as ops_router
from .routes_qa import router as qa_router
from .security import JSONCORSMiddleware, SecurityHeadersMiddleware
from .server import serving_workers

# Room for the multipart framing around an uploaded file (boundaries, part headers).
MULTIPART_OVERHEAD = 64 * 1024
DESCRIPTION = """Answers questions, in Chinese or English, about a Chinese government
bulletin, with citations to the proposal, section and measure holding the evidence.
Every error is `{"error": {"code": str, "message": str}}`. `POST /v1/ask` with
`"stream": true` replies with server-sent events: passages, delta…, citations, done."""


def create_app(settings: Settings | None = None, load: LoadFn | None = None) -> FastAPI:
    """The app for settings (default: from QA_* environment variables).

    `load` builds the QA service from settings (default QAService.from_settings); tests
    pass their own to exercise a seam.
    """
    settings = settings or Settings()
    configure_logging(settings.log_level)
    if load is None and settings.rebuild_on_start:
        load = load_or_rebuild
    configure_threads(1, settings.threads)  # before the loader makes the embedder
    loader = ServiceLoader(settings, load) if load else ServiceLoader(settings)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        loader.start()
        try:
            yield
        finally:
            loader.stop()

    app = FastAPI(title="Bulletin QA", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan,
                  # No redirect from /v1/ask/ to /v1/ask: Starlette builds its Location from
                  # the Host header (Host: evil.example → http://evil.example/…); a 404 in
                  # the error shape instead.
                  redirect_slashes=False,
                  docs_url=None, redoc_url=None)  # served offline by install_docs
    app.state.settings = settings
    app.state.loader = loader
    app.state.metrics = metrics
    app.state.pipeline = Pipeline(settings.cache_size, metrics)
    install_error_handlers(app)
    install_openapi(app, settings, lambda: _served_documents(loader))
    install_docs(app)
    app.state.reindexer = Reindexer(loader)
    app.include_router(qa_router, responses=ACCESS_ERRORS)
    app.include_router(ops_router)
    app.include_router(admin_router, responses={429: ACCESS_ERRORS[429]})
    # Added innermost first: the request context wraps everything, CORS preflights included.
    upload_limit = settings.max_upload_bytes + MULTIPART_OVERHEAD  # the file is limited exactly
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes, routes={
        ("POST", "/v1/admin/documents"): (upload_limit, f"{settings.max_upload_bytes} bytes "
                                          "(QA_MAX_UPLOAD_BYTES) and its form fields")})
    per_min, burst = per_worker(settings.rate_limit_per_min, settings.rate_limit_burst,
                                serving_workers())  # the limit is for all workers together
    app.add_middleware(AccessMiddleware, api_key=settings.api_key, admin_key=settings.admin_key,
                       rate_limit_per_min=per_min,
                       rate_limit_burst=burst)  # before the body is read
    app.add_middleware(SecurityHeadersMiddleware, page=STATIC / "index.html")
    if settings.cors_origins:
        app.add_middleware(JSONCORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "X-Request-ID"],
                           expose_headers=["X-Request-ID", "X-Cache", "Retry-After"], max_age=600)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    return app


def _served_documents(loader: ServiceLoader) -> tuple[str, ...]:
    """The doc_ids of the index being served (none while it loads)."""
    service = loader.service
    return tuple(d.doc_id for d in service.index.documents) if service is not None else ()
