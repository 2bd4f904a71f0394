"""/docs (Swagger UI) and /redoc (ReDoc) served wholly from this server.

FastAPI's pages load their scripts and styles from a CDN: blank on an intranet without
internet, and run code nobody checked. The assets ship in the `fastapi-offline` package
(Swagger UI bundle and CSS, ReDoc standalone, favicon) and are served here from a fixed
allow-list under /docs-assets/, never as a folder. Each page gets a Content-Security-Policy
that allows scripts from this origin and its own inline script by hash, nothing else.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

from qa.errors import NotFoundError

from .security import page_csp

ASSETS_URL = "/docs-assets"
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
          "swagger-ui.css": "text/css; charset=utf-8",
          "redoc.standalone.js": "text/javascript; charset=utf-8",
          "favicon.png": "image/png"}


def assets_folder() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


def install_docs(app: FastAPI) -> None:
    """Add /docs, /redoc and their assets (create the app with docs_url=redoc_url=None)."""
    openapi_url = app.openapi_url or "/openapi.json"
    title = app.title

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url, title=f"{title} - Swagger UI",
            swagger_js_url=f"{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_URL}/favicon.png",
            # no badge fetched from validator.swagger.io
            swagger_ui_parameters={"validatorUrl": None})
        return _page(page)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(openapi_url=openapi_url, title=f"{title} - ReDoc",
                              redoc_js_url=f"{ASSETS_URL}/redoc.standalone.js",
                              redoc_favicon_url=f"{ASSETS_URL}/favicon.png",
                              with_google_fonts=False)
        return _page(page, extra="; worker-src 'self' blob:")  # ReDoc's search worker

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        media_type = ASSETS.get(name)
        path = assets_folder() / name
        if media_type is None or not path.is_file():
            raise NotFoundError(f"There is no documentation asset {name[:40]!r}.")
        return Response(path.read_bytes(), media_type=media_type,
                        headers={"Cache-Control": "public, max-age=86400"})


def _page(page: HTMLResponse, extra: str = "") -> HTMLResponse:
    html = bytes(page.body).decode("utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": page_csp(html) + extra,
                                       "X-Frame-Options": "DENY", "Cache-Control": "no-cache"})
