"""Widget polish from a new user's first hour (issue 15 item 19): one name for the
document, a phone panel that reaches the bottom with the launcher out of the way."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ROOT

from .helpers import ask, widget_ready

pytestmark = pytest.mark.slow
IPHONE = {"width": 390, "height": 844}
UNANSWERABLE_ZH = "2023年武汉新城完成投资多少亿元？"


def test_the_widget_calls_the_document_by_one_name() -> None:
    """The server's declines say 通报 (the document is a 通报); so does every label."""
    script = (ROOT / "api" / "static" / "widget.js").read_text(encoding="utf-8")
    page = (ROOT / "api" / "static" / "index.html").read_text(encoding="utf-8")
    assert "公报" not in script and "公报" not in page
    assert "通报" in script


def test_a_chinese_decline_uses_one_name(open_page: Any, api_server: Any) -> None:
    page = open_page(api_server.url + "/", locale="zh-CN")
    widget_ready(page)
    page.locator(".launcher").click()
    turn = ask(page, UNANSWERABLE_ZH)
    assert turn.locator(".a").get_attribute("data-answerable") == "false"
    text = turn.inner_text()
    assert "通报" in text and "公报" not in text, text


def test_on_a_phone_the_panel_reaches_the_bottom_and_the_launcher_steps_aside(
        open_page: Any, api_server: Any) -> None:
    page = open_page(api_server.url + "/", viewport=IPHONE, locale="zh-CN", phone=True)
    widget_ready(page)
    launcher = page.locator(".launcher")
    closed = launcher.bounding_box()
    assert closed is not None and closed["width"] <= 56 and closed["height"] <= 56, closed
    assert closed["y"] + closed["height"] <= IPHONE["height"]
    launcher.click()
    panel = page.locator(".panel").bounding_box()
    assert panel is not None
    assert abs(panel["y"] + panel["height"] - IPHONE["height"]) <= 1, panel  # no gap below
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= IPHONE["width"]
    assert not launcher.is_visible()  # nothing floats over the open panel
    page.locator(".close").click()
    assert launcher.is_visible() and launcher.evaluate(
        "el => el.getRootNode().activeElement === el")  # focus back on the launcher
