"""Fixtures of the widget's browser tests: Debian's headless Chromium driven by Playwright,
pages opened in fresh contexts (JavaScript errors fail the test), and a second local web
site (another origin) to embed the widget on."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("QA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium "
                    "fonts-noto-cjk) or set QA_CHROMIUM to a Chromium binary.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """open_page(url, viewport=DESKTOP, locale="en-US", phone=False) -> a Playwright Page.

    Every page gets a fresh context (own sessionStorage); an uncaught JavaScript error on
    any of them fails the test."""
    contexts: list[Any] = []
    errors: list[str] = []

    def new(url: str | None = None, *, viewport: dict[str, int] = DESKTOP,
            locale: str = "en-US", phone: bool = False) -> Any:
        context = browser.new_context(viewport=viewport, locale=locale, is_mobile=phone,
                                      has_touch=phone)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        if url:
            page.goto(url)
        return page

    yield new
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


class Site:
    """A plain static web site on 127.0.0.1 (another port, so another origin than the API)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        handler = partial(_QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def page(self, name: str, html: str) -> str:
        (self.folder / name).write_text(html, encoding="utf-8")
        return f"{self.url}/{name}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def site(tmp_path: Path) -> Iterator[Site]:
    served = Site(tmp_path)
    try:
        yield served
    finally:
        served.stop()
