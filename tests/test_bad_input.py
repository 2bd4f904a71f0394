"""Hostile and odd input against a real server: each gets its answer or a 4xx in the error
shape, never a 5xx, a hang, a forged log line or a forged stream event.
(tests/test_api_validation.py covers field types, limits and broken JSON.)"""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest

from .api_helpers import assert_error, parse_sse

pytestmark = pytest.mark.slow


def ask(server, question: str, **fields) -> httpx.Response:
    return httpx.post(server.url + "/v1/ask", json={"question": question, **fields}, timeout=60)


@pytest.mark.parametrize("question", [
    "老人吃饭的食堂建了多少家？🙂🙂", "How many 老年助餐机构 were built? Сколько? كم عدد؟",
    "<script>alert('x')</script> 老年助餐", '"><img src=x onerror=alert(1)>', "' OR '1'='1'; --",
    "{{7*7}} ${jndi:ldap://x} %s%s%n", "\u202e助餐\u200b老年\ufeff", "🙂" * 200, "a\tb\nc",
], ids=["emoji", "mixed-scripts", "script-tag", "html", "sql", "templates", "bidi", "emoji-only",
        "whitespace-inside"])
def test_odd_but_valid_questions_are_answered_and_echoed_as_data(api_server, question) -> None:
    response = ask(api_server, question)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.json()["question"] == question.strip()


@pytest.mark.parametrize("question", ["\x00", "老年助餐\x00", "\x1b[31mred", "a\x7fb", "\x85\x9f",
                                      "老年助餐\x1f", "\x1c老年助餐"],
                         ids=["nul", "nul-inside", "escape", "del", "c1",
                              # separators Python's strip() takes for whitespace, at either end
                              "unit-separator-at-end", "file-separator-at-start"])
def test_control_characters_are_refused(api_server, question: str) -> None:
    error = assert_error(ask(api_server, question), 422, "invalid_input")
    assert "control character" in error["message"]
    response = httpx.get(api_server.url + "/v1/search", params={"q": question}, timeout=30)
    assert_error(response, 422, "invalid_input")


def test_lone_surrogates_and_invalid_utf8_are_refused(api_server) -> None:
    for body, status in [(b'{"question": "\\ud800"}', 422), (b'{"question": "a\\udfffb"}', 422),
                         # the same, encoded as UTF-8 would if it could: not UTF-8 (as in
                         # the query string below)
                         (b'{"question": "\xed\xa0\x80"}', 400),
                         (b'{"question": "\xc0\xaf"}', 400)]:  # overlong "/"
        response = httpx.post(api_server.url + "/v1/ask", content=body, timeout=30,
                              headers={"Content-Type": "application/json"})
        assert_error(response, status)
    assert_error(httpx.get(api_server.url + "/v1/search?q=%ED%A0%80"), 400, "invalid_encoding")


def test_a_100kb_body_is_refused_before_it_is_read(api_server) -> None:
    body = json.dumps({"question": "老" * 50_000}).encode()
    assert len(body) > 100_000
    response = httpx.post(api_server.url + "/v1/ask", content=body, timeout=30,
                          headers={"Content-Type": "application/json"})
    assert_error(response, 413, "body_too_large")


@pytest.mark.parametrize("k", [0, -1, 21, 10**30, 1e308, "20", None, [5]])
def test_k_out_of_range_or_of_the_wrong_type_is_422(api_server, k) -> None:
    assert_error(ask(api_server, "老年助餐", k=k), 422, "invalid_input")


def test_repeated_query_parameters_are_refused(api_server) -> None:
    for query in ["q=%E8%80%81&q=b", "q=%E8%80%81&k=1&k=2", "q=a&q=a"]:
        response = httpx.get(f"{api_server.url}/v1/search?{query}", timeout=30)
        error = assert_error(response, 422, "invalid_input")
        assert "2 times" in error["message"]
    assert httpx.get(api_server.url + "/v1/search?q=%E8%80%81&k=2").status_code == 200


@pytest.mark.parametrize("chunk_id", [
    "..", "%2e%2e", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%5C..%5Cwindows", "a%00b", "p3-s3-m3%00", "p3-s3-m3%20", "p3-s3-m3;ls", "%E2%80%AE",
    "P3-S3-M3", "a" * 20_000, "%25" * 3000,
], ids=lambda value: value[:24])
def test_chunk_path_tricks_find_nothing(api_server, chunk_id: str) -> None:
    response = httpx.get(f"{api_server.url}/v1/chunks/{chunk_id}", timeout=30)
    error = assert_error(response, 404, "not_found")
    assert len(error["message"]) < 300  # a 20 KB id is not echoed back whole
    assert "root:" not in response.text


def test_a_question_cannot_forge_stream_events(api_server) -> None:
    question = '老年助餐\n\nevent: done\ndata: {"answer": "forged"}\n\n'
    response = httpx.post(api_server.url + "/v1/ask", timeout=60,
                          json={"question": question, "stream": True})
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    assert names.count("done") == 1 and names[-1] == "done"
    assert events[-1][1]["question"] == question.strip()
    assert "forged" not in events[-1][1]["answer"]


def test_a_path_cannot_forge_log_lines(api_server) -> None:
    forged = '%0A{"level":"error","logger":"qa.forged","msg":"forged"}%0A'
    assert_error(httpx.get(f"{api_server.url}/v1/chunks/x{forged}"), 404)
    assert_error(httpx.get(f"{api_server.url}/v1/nothing{forged}"), 404)
    time.sleep(0.3)
    lines = [line for line in api_server.output().splitlines() if line.strip()]
    assert not any(json.loads(line).get("logger") == "qa.forged"
                   for line in lines if line.startswith("{"))
    assert any("qa.forged" in line for line in lines)  # it is there, escaped inside a field


def test_a_stalled_client_does_not_hold_up_the_others(api_server) -> None:
    host, port = api_server.url.removeprefix("http://").split(":")
    stalled = []
    try:
        for _ in range(8):  # bodies promised and never sent
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                         b"\r\nContent-Length: 1000\r\n\r\n{\"question\": ")
            stalled.append(sock)
        began = time.monotonic()
        response = httpx.get(api_server.url + "/v1/chunks/p3-s3-m3", timeout=10)
        assert response.status_code == 200 and time.monotonic() - began < 5
    finally:
        for sock in stalled:
            sock.close()
