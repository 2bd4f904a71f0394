"""Follow-up questions in the widget, against a real `qa serve`: each question goes with the
conversation's earlier answered turns (`history`), an answer to a rewritten follow-up says
what it was understood as, "new conversation" and a reload keep the history right, and a
conversation stored by an earlier version of the widget still loads."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import seed_id

from .conftest import ARTIFACTS
from .helpers import ask, in_shadow, record_asks, widget_ready

pytestmark = pytest.mark.slow
FIRST = "3号建议案建了多少个老年助餐机构？"
FOLLOW_UP = "那2号建议案呢？"
STANDALONE = "老人吃饭的食堂建了多少家？"
MEALS_CHUNK = seed_id("p3-s3-m3")


def api_reply(server: Any, question: str, history: list[dict] | None = None) -> dict:
    body: dict[str, Any] = {"question": question}
    if history is not None:
        body["history"] = history
    reply = httpx.post(server.url + "/v1/ask", json=body, timeout=30)
    reply.raise_for_status()
    return dict(reply.json())


def as_history(question: str, reply: dict) -> dict:
    """A reply as the widget sends it back in `history`."""
    return {"question": question, "answer": reply["answer"],
            "citations": [c["chunk_id"] for c in reply["citations"]]}


def open_demo(open_page: Any, server: Any) -> Any:
    page = open_page(server.url + "/", locale="zh-CN")
    widget_ready(page)
    page.locator(".launcher").click()
    return page


def understood(turn: Any) -> str | None:
    """The "理解为：…" line under a turn's answer, or None when there is none on screen."""
    line = turn.locator(".resolved")
    return line.inner_text() if line.count() and line.is_visible() else None


def test_follow_up_sends_the_history_and_says_what_it_was_understood_as(open_page, api_server):
    first = api_reply(api_server, FIRST)
    assert MEALS_CHUNK in [c["chunk_id"] for c in first["citations"]]
    expected = api_reply(api_server, FOLLOW_UP, [as_history(FIRST, first)])
    assert expected["resolved_question"] != FOLLOW_UP
    page = open_demo(open_page, api_server)
    bodies = record_asks(page)

    turn = ask(page, FIRST)
    assert "790" in turn.locator(".answer").inner_text()
    assert understood(turn) is None  # answered as asked
    follow = ask(page, FOLLOW_UP)

    assert len(bodies) == 2
    assert "history" not in bodies[0]
    assert bodies[1]["question"] == FOLLOW_UP
    assert bodies[1]["history"] == [as_history(FIRST, first)]
    assert MEALS_CHUNK in bodies[1]["history"][0]["citations"]
    line = understood(follow)
    assert line == "理解为：" + expected["resolved_question"], line
    assert "2号建议案" in line
    # Text only: the line holds the prefix and one span of server text, nothing else.
    assert in_shadow(page, ".resolved *") == 1
    assert follow.locator(".resolved span").get_attribute("lang") == "zh-CN"
    # (the locator `turn` follows the last turn: the first one is nth(0))
    assert understood(page.locator(".turn").nth(0)) is None  # the first answer has none
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-follow-up.png"))


def test_new_conversation_sends_no_history(open_page, api_server):
    page = open_demo(open_page, api_server)
    bodies = record_asks(page)
    ask(page, FIRST)
    page.locator("header .new").click()
    assert page.locator(".turn").count() == 0

    turn = ask(page, STANDALONE)
    assert "790" in turn.locator(".answer").inner_text()
    assert len(bodies) == 2
    assert not bodies[1].get("history")
    assert understood(turn) is None
    assert in_shadow(page, ".resolved:not([hidden])") == 0


def test_failed_turns_are_not_sent(open_page, api_server):
    page = open_demo(open_page, api_server)
    bodies = record_asks(page)
    page.route("**/v1/ask", lambda route: route.abort())
    failed = ask(page, FIRST)
    assert failed.locator(".error").get_attribute("data-kind") == "network"
    page.unroute("**/v1/ask")

    ask(page, FIRST)
    ask(page, FOLLOW_UP)
    assert len(bodies) == 3
    assert not bodies[1].get("history")  # the failed turn is not history
    assert [t["question"] for t in bodies[2]["history"]] == [FIRST]


def test_history_survives_a_reload(open_page, api_server):
    page = open_demo(open_page, api_server)
    ask(page, FIRST)
    second = ask(page, FOLLOW_UP)
    line = understood(second)
    assert line and "2号建议案" in line

    page.reload()
    widget_ready(page)
    assert page.locator(".panel").is_visible()
    turns = page.locator(".turn")
    assert turns.count() == 2
    assert understood(turns.nth(1)) == line  # the line is kept with the conversation
    assert understood(turns.nth(0)) is None
    bodies = record_asks(page)
    third = ask(page, "那1号建议案呢？")

    assert len(bodies) == 1
    history = bodies[0]["history"]
    assert [t["question"] for t in history] == [FIRST, FOLLOW_UP]
    assert MEALS_CHUNK in history[0]["citations"]
    assert "790" in history[0]["answer"]
    line = understood(third)
    assert line and "1号建议案" in line, line


def test_a_conversation_stored_by_an_earlier_version_loads(open_page, api_server):
    """Stored before history existed: no resolved question; the oldest shape has citations
    without chunk ids (label and quote only) and no passages; a turn cut off by an error."""
    meals = api_reply(api_server, STANDALONE)
    quote = meals["citations"][0]["quote"]
    stored = {"open": True, "turns": [
        {"question": STANDALONE, "doc": "", "answer": meals["answer"], "answerable": True,
         "citations": meals["citations"], "passages": meals["passages"], "state": "done",
         "error": None},
        {"question": FIRST, "answer": "建成老年助餐机构790个", "answerable": True,
         "citations": [{"label": "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务",
                        "quote": quote}],
         "state": "done"},
        {"question": "全市医养结合机构有多少家？", "answer": "", "answerable": True,
         "citations": [], "passages": [], "state": "error", "error": {"kind": "network"}},
    ]}
    page = open_page(api_server.url + "/", locale="zh-CN")
    widget_ready(page)
    page.evaluate("([key, value]) => sessionStorage.setItem(key, value)",
                  [f"bulletin-qa:v1:{api_server.url}:float", json.dumps(stored)])
    page.reload()
    widget_ready(page)

    turns = page.locator(".turn")
    assert page.locator(".panel").is_visible()
    assert turns.count() == 3
    assert "790" in turns.nth(0).locator(".answer").inner_text()
    assert turns.nth(1).locator(".answer").inner_text() == "建成老年助餐机构790个"
    assert turns.nth(2).locator(".error").get_attribute("data-kind") == "network"
    assert in_shadow(page, ".resolved:not([hidden])") == 0
    chip = turns.nth(1).locator(".cites .chip")  # no chunk id: it shows the stored quote
    assert chip.inner_text() == "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务"
    chip.click()
    assert turns.nth(1).locator(".src p").inner_text() == quote

    bodies = record_asks(page)
    follow = ask(page, FOLLOW_UP)
    assert bodies[0]["history"] == [as_history(STANDALONE, meals),
                                    {"question": FIRST, "answer": "建成老年助餐机构790个",
                                     "citations": []}]
    line = understood(follow)
    assert line and "2号建议案" in line, line


def test_english_labels_the_line_understood_as(open_page, api_server):
    page = open_page(api_server.url + "/")
    widget_ready(page)
    page.evaluate("window.BulletinQA.mount(document.querySelector('main'), {lang: 'en'})")
    widget_ready(page, 2)
    inline = "main [data-bulletin-qa]"
    ask(page, "How many elderly meal sites were built?", scope=inline)
    follow = ask(page, "What about proposal 2?", scope=inline)
    line = understood(follow)
    assert line and line.startswith("Understood as: ") and "proposal 2" in line, line
    assert follow.locator(".resolved span").get_attribute("lang") == "en"


def test_a_long_conversation_sends_what_fits_the_body_limit(open_page, api_server):
    """The server refuses bodies over 16 KB (QA_MAX_BODY_BYTES): the widget sends at most 10
    turns, answers cut to 1000 characters (the API's limit), and leaves out the oldest
    turns until it fits."""
    turns = [{"question": f"第{n}问：" + "老年助餐机构" * 80,
              "answer": "建成老年助餐机构790个。" * 400, "answerable": True,
              "citations": [{"chunk_id": MEALS_CHUNK}], "passages": [], "state": "done"}
             for n in range(12)]
    page = open_page(api_server.url + "/", locale="zh-CN")
    widget_ready(page)
    page.evaluate("([key, value]) => sessionStorage.setItem(key, value)",
                  [f"bulletin-qa:v1:{api_server.url}:float",
                   json.dumps({"open": True, "turns": turns})])
    page.reload()
    widget_ready(page)
    bodies = record_asks(page)
    follow = ask(page, FOLLOW_UP)

    assert follow.locator(".a").get_attribute("data-state") == "done"
    history = bodies[0]["history"]
    assert 1 <= len(history) < 10
    assert history[-1]["question"] == turns[-1]["question"]  # the newest turns are kept
    assert all(len(t["answer"]) == 1000 and t["citations"] == [MEALS_CHUNK] for t in history)
    size = len(json.dumps(bodies[0], ensure_ascii=False, separators=(",", ":")).encode())
    assert size <= 15000, size
