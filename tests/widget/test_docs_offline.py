"""/docs and /redoc render with no network but this server's (an offline intranet), under
their Content-Security-Policy, in headless Chromium (issue 15 item 10)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = pytest.mark.slow


def offline_page(open_page: Any, server: Any) -> tuple[Any, list[str], list[str]]:
    """A page that can reach only the server; returns (page, requests elsewhere, CSP and
    other console errors)."""
    page = open_page()
    elsewhere: list[str] = []
    errors: list[str] = []
    own = urlsplit(server.url).netloc

    def route(request_route: Any) -> None:
        if urlsplit(request_route.request.url).netloc == own:
            request_route.continue_()
        else:
            elsewhere.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    return page, elsewhere, errors


def test_swagger_ui_renders_from_this_server_alone(open_page: Any, api_server: Any) -> None:
    page, elsewhere, errors = offline_page(open_page, api_server)
    page.goto(api_server.url + "/docs")
    page.wait_for_selector(".opblock-summary", timeout=30_000)
    assert page.locator(".opblock").count() >= 5
    assert page.get_by_text("/v1/ask", exact=True).count() >= 1
    assert not elsewhere, elsewhere
    assert not errors, errors


def test_redoc_renders_from_this_server_alone(open_page: Any, api_server: Any) -> None:
    page, elsewhere, errors = offline_page(open_page, api_server)
    page.goto(api_server.url + "/redoc")
    page.wait_for_selector("text=Answer a question", state="attached", timeout=60_000)
    assert page.get_by_role("heading", name="Answer a question").count() >= 1
    assert not elsewhere, elsewhere
    # ReDoc links its "API docs by Redocly" logo to its own CDN: the CSP blocks that image
    # (nothing is fetched); no script, style, font or connection is blocked.
    blocked = [e for e in errors if "Content Security Policy" in e
               and not ('img-src' in e and "cdn.redoc.ly" in e)]
    assert not blocked, errors


def test_docs_pages_name_no_other_origin_and_carry_a_csp(api_server: Any) -> None:
    for path in ("/docs", "/redoc"):
        reply = httpx.get(api_server.url + path)
        assert reply.status_code == 200
        assert "http://" not in reply.text and "https://" not in reply.text, path
        csp = reply.headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    asset = httpx.get(api_server.url + "/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and asset.headers["content-type"].startswith("text/javascript")
    assert len(asset.content) > 100_000
    assert httpx.get(api_server.url + "/docs-assets/..%2Fdocs.py").status_code == 404
