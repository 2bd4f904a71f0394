"""The widget embedded on another site: CORS, style isolation, text-only rendering of
server text, and its error states (some replies crafted with Playwright's page.route)."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from typing import Any

import httpx
import pytest

from tests.conftest import free_port

from .helpers import (
    HOSTILE_CSS,
    ask,
    embed_page,
    in_shadow,
    last_turn,
    passage,
    reply_events,
    sse,
    widget_ready,
)

pytestmark = pytest.mark.slow
MEALS = "How many elderly meal sites were built?"
ATTACK = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def inline_page(site: Any, script_src: str, endpoint: str, *, name: str = "host.html",
                head: str = "", extra: dict[str, str] | None = None) -> str:
    return site.page(name, embed_page(
        script_src, attrs={"endpoint": endpoint, "mount": "#qa", **(extra or {})}, head=head,
        body="<h1>Another site</h1><p class='answer q'>host paragraph</p><div id='qa'></div>"))


def test_cross_origin_page_works_when_its_origin_is_allowed(open_page, server_factory, site):
    api = server_factory(env={"QA_CORS_ORIGINS": f"https://elsewhere.example,{site.url}"})
    # A strict CSP: scripts and calls only to the API, no inline styles for the widget either.
    csp = (f"default-src 'none'; script-src {api.url}; connect-src {api.url}; "
           "style-src 'sha256-{}'".format(base64.b64encode(
               hashlib.sha256(HOSTILE_CSS.encode()).digest()).decode()))
    head = (f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f"<style>{HOSTILE_CSS}</style>")
    page = open_page(inline_page(site, api.url + "/widget.js", api.url, head=head))
    widget_ready(page)
    turn = ask(page, MEALS)
    assert "790" in turn.locator(".answer").inner_text()
    turn.locator(".cites .chip").first.click()  # GET /v1/chunks/… is cross-origin too
    assert "790" in turn.locator(".src mark").inner_text()

    # The host page's CSS does not reach into the widget, and the widget's does not leak out.
    inside = page.evaluate("""() => {
        const root = document.querySelector('[data-bulletin-qa]').shadowRoot;
        const answer = getComputedStyle(root.querySelector('.answer'));
        const send = getComputedStyle(root.querySelector('.send'));
        const mark = getComputedStyle(root.querySelector('mark'));
        return {size: answer.fontSize, color: answer.color, send: send.display,
                mark: mark.backgroundColor};
    }""")
    assert inside == {"size": "15px", "color": "rgb(31, 35, 40)", "send": "block",
                      "mark": "rgb(255, 229, 138)"}, inside
    host_paragraph = page.evaluate(
        "() => getComputedStyle(document.querySelector('p.answer')).whiteSpace")
    assert host_paragraph == "normal"
    # A 429's Retry-After is readable from that origin too.
    exposed = httpx.post(api.url + "/v1/ask", json={"question": MEALS},
                         headers={"Origin": site.url}, timeout=30).headers
    assert exposed["access-control-allow-origin"] == site.url
    assert "retry-after" in exposed["access-control-expose-headers"].lower()


def test_cross_origin_page_shows_a_clear_error_when_its_origin_is_not_allowed(
        open_page, api_server, site):
    page = open_page(inline_page(site, api_server.url + "/widget.js", api_server.url))
    widget_ready(page)
    turn = ask(page, MEALS)
    error = turn.locator(".error")
    assert error.get_attribute("data-kind") == "network"
    text = error.inner_text()
    assert api_server.url in text and site.url in text and "QA_CORS_ORIGINS" in text
    assert turn.locator(".retry").is_enabled()
    assert turn.locator(".answer").inner_text() == ""


def test_html_in_server_text_is_shown_as_text(open_page, api_server, site):
    """A crafted stream puts markup into every server string; none of it may become DOM."""
    text = f"三是推进老年助餐服务。{ATTACK}建成老年助餐机构790个。"
    quote = f"{ATTACK}建成老年助餐机构790个"
    hit = passage("p3-s3-m3", text, section_title=ATTACK)
    citation = {"chunk_id": "p3-s3-m3", "proposal": 3, "section": 3, "measure": 3,
                "label": ATTACK, "quote": quote, "start": 1011, "end": 1011 + len(quote)}
    chunk = {**hit, "start": 1000, "end": 1000 + len(text)}
    answer = f"{ATTACK} 790个"
    # Same-origin host page, so the crafted replies need no CORS; no CSP to hide mistakes.
    page = open_page()
    page.route("**/v1/ask", lambda route: route.fulfill(
        status=200, content_type="text/event-stream",
        body=reply_events(MEALS, answer, [hit], [citation])))
    page.route("**/v1/chunks/*", lambda route: route.fulfill(status=200, json=chunk))
    page.goto(inline_page(site, api_server.url + "/widget.js", site.url))
    widget_ready(page)
    turn = ask(page, ATTACK)

    assert turn.locator(".q").inner_text().endswith(ATTACK)
    assert turn.locator(".answer").inner_text() == answer
    chip = turn.locator(".cites .chip")
    assert chip.inner_text() == f"3号建议案 · {ATTACK}"
    chip.click()
    assert turn.locator(".src mark").inner_text() == quote
    assert turn.locator(".src p").inner_text() == text
    page.wait_for_timeout(300)  # an <img src=x> would have fired onerror by now
    assert in_shadow(page, "img, script, iframe, object") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("window.__xss") is None


def test_question_with_markup_is_echoed_as_text_by_the_real_server(open_page, api_server):
    page = open_page(api_server.url + "/")
    widget_ready(page)
    page.locator(".launcher").click()
    turn = ask(page, f"{ATTACK} How many elderly meal sites were built?")
    assert turn.locator(".q").inner_text().endswith(f"{ATTACK} How many elderly meal sites "
                                                    "were built?")
    assert turn.locator(".a").get_attribute("data-state") == "done"
    assert in_shadow(page, "img, script") == 0
    assert page.evaluate("window.__xss") is None


def test_declined_answer_shows_plain_text_and_nearest_passages(open_page, api_server, site):
    nearest = [passage("p1-s4-m1", "累计落地外资基金2000万美元。", "1号建议案 · (四) · 一是",
                       "(四)扩大高水平对外开放"),
               passage("p2-s1-m1", "制造业增加值增长。", "2号建议案 · (一) · 一是",
                       "(一)壮大实体经济")]
    decline = "The bulletin does not say. 通报中没有这方面的内容。"
    page = open_page()
    page.route("**/v1/ask", lambda route: route.fulfill(
        status=200, content_type="text/event-stream",
        body=reply_events("GDP?", decline, nearest, [], answerable=False)))
    page.goto(inline_page(site, api_server.url + "/widget.js", site.url))
    widget_ready(page)
    turn = ask(page, "What is Wuhan's GDP?")
    assert turn.locator(".a").get_attribute("data-answerable") == "false"
    assert turn.locator(".answer").inner_text() == decline
    assert turn.locator(".cites:not(.nearest)").count() == 0
    chips = turn.locator(".nearest .chip")
    assert chips.all_inner_texts() == ["1号建议案 · (四)扩大高水平对外开放",
                                       "2号建议案 · (一)壮大实体经济"]
    chips.nth(1).click()
    assert turn.locator(".src p").inner_text() == "制造业增加值增长。"
    assert turn.locator(".src mark").count() == 0


def test_rate_limit_counts_down_then_retry_answers(open_page, api_server):
    page = open_page()
    page.route("**/v1/ask", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "2"},
        json={"error": {"code": "rate_limited", "message": "Slow down: 10 questions a minute."}}))
    page.goto(api_server.url + "/")
    widget_ready(page)
    page.locator(".launcher").click()
    turn = ask(page, MEALS)
    error = turn.locator(".error")
    assert error.get_attribute("data-kind") == "rate"
    assert re.search(r"请 [12] 秒后重试", error.inner_text())  # the demo page is in Chinese
    assert "Slow down" in error.inner_text()
    retry = turn.locator(".retry")
    assert retry.is_disabled()
    began = time.monotonic()
    page.unroute("**/v1/ask")
    retry.wait_for(state="attached")
    page.wait_for_function("""() => !document.querySelector('[data-bulletin-qa]')
        .shadowRoot.querySelector('.retry').disabled""")
    assert time.monotonic() - began >= 0.9  # it waited for Retry-After
    retry.click()
    assert "790" in last_turn(page).locator(".answer").inner_text()


def test_server_refusal_and_failure_mid_stream_are_shown_with_retry(open_page, api_server):
    replies = [
        {"status": 503, "json": {"error": {"code": "not_ready",
                                           "message": "The index is still loading."}}},
        {"status": 200, "content_type": "text/event-stream",
         "body": sse(("passages", {"passages": []}),
                     ("error", {"error": {"code": "internal_error",
                                          "message": "Internal error (request id abc)."}}))},
        {"status": 200, "content_type": "text/event-stream",  # cut off before `done`
         "body": sse(("passages", {"passages": []}), ("delta", {"text": "部分"}))},
        {"status": 200, "content_type": "text/event-stream",
         "body": "event: passages\r\ndata: {not json\r\n\r\n"},
    ]
    page = open_page()
    # The crafted replies one per request, then the real server.
    page.route("**/v1/ask", lambda route: route.fulfill(**replies.pop(0)) if replies
               else route.continue_())
    page.goto(api_server.url + "/")
    widget_ready(page)
    page.locator(".launcher").click()
    turn = ask(page, MEALS)
    expected = [("http", "HTTP 503"), ("stream", "request id abc"),
                ("incomplete", "连接在回答完成前中断"), ("protocol", "服务的回复无法读取")]
    for number, (kind, words) in enumerate(expected):
        error = turn.locator(".error")
        error.wait_for()
        assert error.get_attribute("data-kind") == kind, number
        assert words in error.inner_text()
        turn.locator(".retry").click()  # the next crafted reply, then the real server
    assert "790" in last_turn(page).locator(".answer").inner_text()
    assert page.locator(".turn").count() == 1  # retry reuses the turn


def test_timeout_and_server_down(open_page, api_server, site):
    stalled: list[Any] = []
    page = open_page()
    page.route("**/v1/ask", lambda route: stalled.append(route))  # never answered
    page.goto(inline_page(site, api_server.url + "/widget.js", site.url,
                          extra={"timeout": "1"}))
    widget_ready(page)
    error = ask(page, MEALS).locator(".error")
    assert error.get_attribute("data-kind") == "timeout"
    assert "1 s" in error.inner_text()
    assert stalled, "the request never left the page"

    nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    down = open_page(inline_page(site, api_server.url + "/widget.js", nowhere, name="down.html"))
    widget_ready(down)
    error = ask(down, MEALS).locator(".error")
    assert error.get_attribute("data-kind") == "network"
    assert nowhere in error.inner_text()


def test_mount_api_renders_inline_next_to_the_floating_widget(open_page, api_server):
    page = open_page(api_server.url + "/")
    widget_ready(page)
    page.evaluate("window.BulletinQA.mount(document.querySelector('main'), {lang: 'en'})")
    widget_ready(page, 2)
    inline = "main [data-bulletin-qa]"
    assert page.locator(f"{inline} .panel").is_visible()
    assert page.locator(f"{inline} .launcher").count() == 0
    assert page.locator(f"{inline} h2").inner_text() == "Ask the bulletin"
    turn = ask(page, MEALS, scope=inline)
    assert "790" in turn.locator(".answer").inner_text()
    assert page.locator("[data-floating] .panel").is_hidden()  # the floating one stayed closed
