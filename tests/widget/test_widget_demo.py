"""The demo page and its widget against a real `qa serve`, in headless Chromium."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import ARTIFACTS, PHONE
from .helpers import ask, focused_in_widget, in_shadow, last_turn, widget_ready

pytestmark = pytest.mark.slow
MEALS_EN = "How many elderly meal sites were built?"
MEALS_ZH = "老人吃饭的食堂建了多少家？"
GDP = "What is Wuhan's GDP?"


# Every text the answer element has shown, in order (each update inserts a new text node).
RECORD_ANSWER_TEXTS = """() => {
    window.__answerTexts = [];
    const root = document.querySelector('[data-bulletin-qa]').shadowRoot;
    new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
        if (node.nodeType === Node.TEXT_NODE && record.target.classList.contains('answer'))
            window.__answerTexts.push(node.data);
    }))).observe(root.querySelector('.log'), {childList: true, subtree: true});
}"""


def api_reply(server: Any, question: str) -> dict:
    reply = httpx.post(server.url + "/v1/ask", json={"question": question}, timeout=30)
    reply.raise_for_status()
    return dict(reply.json())


def demo(open_page: Any, server: Any, **kwargs: Any) -> Any:
    page = open_page(server.url + "/", **kwargs)
    widget_ready(page)
    return page


def test_demo_page_streams_answer_with_citation_and_highlighted_source(open_page, api_server):
    expected = api_reply(api_server, MEALS_EN)
    labels = {p["chunk_id"]: p["label"].split(" · ")[0] + " · " + p["section_title"]
              for p in expected["passages"]}
    page = demo(open_page, api_server)
    page.locator(".launcher").click()
    page.evaluate(RECORD_ANSWER_TEXTS)
    turn = ask(page, MEALS_EN)

    answer = turn.locator(".answer").inner_text()
    assert "790" in answer and answer == expected["answer"]
    assert turn.locator(".a").get_attribute("data-answerable") == "true"
    # The answer is shown whole when it comes (one delta): no pretended streaming.
    shown = page.evaluate("window.__answerTexts")
    assert shown and {text for text in shown if text} == {answer}, shown
    assert turn.locator("[aria-live]").get_attribute("aria-busy") == "false"
    chips = turn.locator(".cites .chip")
    assert chips.count() == len(expected["citations"]) >= 1
    first = expected["citations"][0]
    # the chip names the section, e.g. 3号建议案 · (三)提升适老化服务水平, not (三) · 三是
    assert chips.first.inner_text() == labels[first["chunk_id"]]
    chips.first.click()
    mark = turn.locator(".src mark")
    mark.wait_for()
    assert mark.inner_text() == first["quote"]
    assert chips.first.get_attribute("aria-expanded") == "true"
    chunk = httpx.get(f"{api_server.url}/v1/chunks/{first['chunk_id']}", timeout=10).json()
    assert turn.locator(".src p").inner_text() == chunk["text"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-desktop.png"))


def test_phone_layout_has_no_horizontal_scroll(open_page, api_server):
    page = demo(open_page, api_server, viewport=PHONE, locale="zh-CN", phone=True)
    page.locator(".launcher").click()
    turn = ask(page, MEALS_ZH)
    assert "790" in turn.locator(".answer").inner_text()
    turn.locator(".cites .chip").first.click()
    turn.locator(".src mark").wait_for()

    sizes = page.evaluate("""() => {
        const log = document.querySelector('[data-bulletin-qa]').shadowRoot.querySelector('.log');
        return {doc: document.documentElement.scrollWidth, view: window.innerWidth,
                log: log.scrollWidth, logView: log.clientWidth};
    }""")
    assert sizes["doc"] <= sizes["view"] == PHONE["width"], sizes
    assert sizes["log"] <= sizes["logView"], sizes
    panel = page.locator(".panel").bounding_box()
    assert panel is not None
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= PHONE["width"]
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= PHONE["height"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))


def test_unanswerable_question_is_declined_with_nearest_passages(open_page, api_server):
    page = demo(open_page, api_server)
    page.locator(".launcher").click()
    turn = ask(page, GDP)
    bubble = turn.locator(".a")
    assert bubble.get_attribute("data-answerable") == "false", (
        "the answerer did not decline: " + turn.locator(".answer").inner_text())
    assert turn.locator(".answer").inner_text() == api_reply(api_server, GDP)["answer"]
    nearest = turn.locator(".nearest .chip")
    assert nearest.count() >= 1
    nearest.first.click()
    assert turn.locator(".src p").inner_text()


def test_keyboard_only(open_page, api_server):
    page = demo(open_page, api_server)
    for _ in range(12):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        focused = focused_in_widget(page)
        if focused and "launcher" in focused["cls"]:
            break
    assert focused and "launcher" in focused["cls"], focused
    assert focused["focusVisible"] and focused["outline"] != "none", focused

    page.keyboard.press("Enter")
    assert page.locator(".launcher").get_attribute("aria-expanded") == "true"
    assert (focused_in_widget(page) or {}).get("tag") == "textarea"
    page.keyboard.type(MEALS_EN)
    page.keyboard.press("Enter")
    turn = last_turn(page)
    assert "790" in turn.locator(".answer").inner_text()

    for _ in range(10):  # back from the input to the citation chip
        page.keyboard.press("Shift+Tab")
        focused = focused_in_widget(page)
        if focused and "chip" in focused["cls"]:
            break
    assert focused and "chip" in focused["cls"], focused
    assert focused["outline"] != "none", focused
    page.keyboard.press("Enter")
    turn.locator(".src mark").wait_for()

    page.keyboard.press("Escape")
    assert page.locator(".panel").is_hidden()
    assert "launcher" in (focused_in_widget(page) or {}).get("cls", "")


def test_history_survives_reload_until_new_conversation(open_page, api_server):
    page = demo(open_page, api_server)
    page.locator(".launcher").click()
    assert in_shadow(page, ".starter") >= 4
    # A starter question in each language; clicking one asks it.
    page.locator(".starter", has_text=MEALS_ZH).click()
    assert "790" in last_turn(page).locator(".answer").inner_text()

    page.reload()
    widget_ready(page)
    assert page.locator(".panel").is_visible()  # it was open before the reload
    turn = page.locator(".turn")
    assert turn.count() == 1
    assert turn.locator(".q").inner_text().endswith(MEALS_ZH)
    assert "790" in turn.locator(".answer").inner_text()
    assert turn.locator(".cites .chip").count() >= 1
    assert in_shadow(page, ".starter") == 0

    page.locator("header .new").click()
    assert page.locator(".turn").count() == 0
    assert in_shadow(page, ".starter") >= 4
    page.reload()
    widget_ready(page)
    assert page.locator(".turn").count() == 0


def test_labels_follow_the_page_language_then_the_browser(open_page, api_server, site):
    script = api_server.url + "/widget.js"
    from .helpers import embed_page

    english = open_page(site.page("en.html", embed_page(script, lang="en")), locale="zh-CN")
    widget_ready(english)
    assert english.locator(".launcher").inner_text() == "Ask"
    chinese = open_page(api_server.url + "/", locale="en-US")  # <html lang="zh-CN">
    widget_ready(chinese)
    assert chinese.locator(".launcher").inner_text() == "问答"
    unlabelled = open_page(site.page("none.html", embed_page(script, lang=None)),
                           locale="zh-CN")
    widget_ready(unlabelled)
    assert unlabelled.locator(".launcher").inner_text() == "问答"
    assert unlabelled.locator(".launcher").get_attribute("aria-label") == "打开通报问答"


def test_static_files_and_demo_page_headers(api_server):
    widget = httpx.get(api_server.url + "/widget.js", timeout=10)
    assert widget.status_code == 200
    assert widget.headers["content-type"].startswith("text/javascript")
    assert "BulletinQA" in widget.text
    page = httpx.get(api_server.url + "/", timeout=10)
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/widget.js"' in page.text and "政协" in page.text
