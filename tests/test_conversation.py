"""Follow-up questions end to end: `history` on a real server on 127.0.0.1 with the real
model, and `qa chat` driven through a pipe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .api_helpers import assert_error, parse_sse
from .conftest import ROOT, seed_id

MEALS = "3号建议案建了多少个老年助餐机构？"


def ask(server, body: dict) -> httpx.Response:
    return httpx.post(server.url + "/v1/ask", json=body, timeout=60)


def first_turn(server) -> dict:
    reply = ask(server, {"question": MEALS}).json()
    return {"question": MEALS, "answer": reply["answer"],
            "citations": [c["chunk_id"] for c in reply["citations"]]}


def test_rescope_follow_up_is_answered_as_the_standalone_question(api_server) -> None:
    turn = first_turn(api_server)
    assert turn["citations"][0] == seed_id("p3-s3-m3")
    reply = ask(api_server, {"question": "那2号建议案呢？", "history": [turn]})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["question"] == "那2号建议案呢？"
    assert body["resolved_question"] == "2号建议案建了多少个老年助餐机构？"
    # A named proposal answers only from itself: never proposal 3's 790 again.
    assert "790" not in body["answer"]
    assert all(c["proposal"] in (0, 2) for c in body["citations"]), body["citations"]
    # The cache key is the resolved question with the wording the previous answer named its
    # figure in (it decides whether a figure found in the new scope answers): the same
    # follow-up again is the same entry, and asked alone the question answers alike.
    again = ask(api_server, {"question": "那2号建议案呢？", "history": [turn]})
    assert again.headers["x-cache"] == "hit" and again.json()["answer"] == body["answer"]
    alone = ask(api_server, {"question": "2号建议案建了多少个老年助餐机构？"})
    assert alone.status_code == 200 and alone.json()["answer"] == body["answer"]


def test_expand_returns_the_cited_passage_whole(api_server) -> None:
    turn = first_turn(api_server)
    body = ask(api_server, {"question": "展开说说", "history": [turn]}).json()
    assert body["answerable"] is True
    assert body["citations"][0]["chunk_id"] == seed_id("p3-s3-m3")
    assert body["answer"].startswith("三是推进老年助餐服务") and "790" in body["answer"]
    assert MEALS in body["resolved_question"]


def test_refers_follow_up_keeps_the_proposal(api_server) -> None:
    turn = {"question": "3号建议案有哪些措施？", "answer": "…", "citations": []}
    body = ask(api_server, {"question": "其中助餐机构建了多少个？", "history": [turn]}).json()
    assert body["resolved_question"] == "3号建议案中助餐机构建了多少个？"
    assert "790" in body["answer"]


def test_standalone_question_with_history_is_answered_as_asked(api_server) -> None:
    turn = first_turn(api_server)
    question = "加装电梯多少部？"
    with_history = ask(api_server, {"question": question, "history": [turn]}).json()
    alone = ask(api_server, {"question": question}).json()
    assert with_history["resolved_question"] == question
    assert with_history["answer"] == alone["answer"] and "510" in alone["answer"]


def test_stream_carries_the_resolved_question(api_server) -> None:
    turn = first_turn(api_server)
    reply = ask(api_server, {"question": "What about proposal 1?", "stream": True,
                             "history": [turn]})
    events = parse_sse(reply.text)
    assert events[0][0] == "passages"
    assert events[0][1]["resolved_question"] == "1号建议案建了多少个老年助餐机构？"
    assert events[-1][1]["resolved_question"] == events[0][1]["resolved_question"]


def test_unknown_citation_ids_in_history_are_ignored(api_server) -> None:
    # blank or control-character ids are ids like any other (the schema allows them): unknown
    turn = {"question": MEALS, "answer": "790",
            "citations": ["nowhere:p9", "x" * 200, " ", "\u001f"]}
    reply = ask(api_server, {"question": "展开说说", "history": [turn]})
    assert reply.status_code == 200, reply.text
    # nothing known was cited: the earlier question is asked again
    assert reply.json()["resolved_question"] == MEALS


@pytest.mark.parametrize(("history", "field"), [
    ([{"question": MEALS}] * 11, "history"),                    # more than 10 turns
    ("not a list", "history"),
    ([{"question": 3}], "question"),                            # wrong type
    ([{"question": "   "}], "question"),                        # blank
    ([{"question": "x" * 501}], "question"),                    # longer than a question
    ([{"question": MEALS, "citations": "p3-s3-m3"}], "citations"),  # not a list
    ([{"question": MEALS, "citations": [""]}], "citations"),
    ([{"question": MEALS, "citations": ["x" * 201]}], "citations"),  # longer than an id
    ([{"question": MEALS, "extra": 1}], "extra"),               # unknown field
])
def test_bad_history_is_a_422_that_names_the_field(api_server, history, field: str) -> None:
    reply = ask(api_server, {"question": "那2号建议案呢？", "history": history})
    error = assert_error(reply, 422)
    assert field in error["message"], error


def test_history_is_in_the_openapi_schema(api_server) -> None:
    schema = httpx.get(api_server.url + "/openapi.json", timeout=30).json()
    history = schema["components"]["schemas"]["AskRequest"]["properties"]["history"]
    assert "10" in history["description"]
    assert "resolved_question" in schema["components"]["schemas"]["AskResponse"]["required"]


def chat(index_root: Path, lines: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qa.cli", "chat", "--index", str(index_root),
                           *args], cwd=ROOT, input=lines, text=True, capture_output=True,
                          timeout=300)


def test_qa_chat_through_a_pipe(index_root: Path) -> None:
    result = chat(index_root, f"{MEALS}\n那2号建议案呢？\n\n/new\n展开说说\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "790" in out
    assert "(理解为: 2号建议案建了多少个老年助餐机构？)" in out
    assert "(new conversation)" in out
    # after /new, "展开说说" has nothing to expand: answered as asked (a decline)
    assert out.count("理解为") == 1


def test_qa_chat_json_keeps_the_conversation_and_survives_bad_lines(index_root: Path) -> None:
    result = chat(index_root, f"{MEALS}\n{'x' * 600}\n出处是哪一段？\n", "--json")
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 2  # the oversized line is reported, not answered
    assert "500" in result.stderr and "error:" in result.stderr
    assert replies[1]["citations"][0]["chunk_id"] == seed_id("p3-s3-m3")
    assert replies[1]["answer"].startswith("三是推进老年助餐服务")


@pytest.mark.parametrize(("first", "follow_up", "expected"), [
    ("九峰山论坛有多少家企业参展？", "它们来自几个国家？", "10个国家"),
    ("How many square metres of elderly-care floor space came with new housing in 2024?",
     "How many projects was that?", "97"),
])
def test_a_figure_in_the_passage_a_pronoun_points_to_is_answered(api_server, first, follow_up,
                                                                 expected) -> None:
    """"它们", "that": the passage the previous answer cited holds the figure, though the
    follow-up alone shares few words with it."""
    reply = ask(api_server, {"question": first}).json()
    turn = {"question": first, "answer": reply["answer"],
            "citations": [c["chunk_id"] for c in reply["citations"]]}
    body = ask(api_server, {"question": follow_up, "history": [turn]}).json()
    assert body["answerable"] and expected in body["answer"], body
    assert body["citations"][0]["chunk_id"] == turn["citations"][0]
