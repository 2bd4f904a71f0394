"""What the performance work changed over HTTP: stage timings, and the caches' behaviour."""

from __future__ import annotations

import uuid

import httpx
import pytest

pytestmark = pytest.mark.slow
STAGES = {"embed", "lexical", "dense", "fuse", "retrieve", "answer", "total"}


def ask(server, question: str, **fields) -> httpx.Response:
    return httpx.post(server.url + "/v1/ask", json={"question": question, **fields}, timeout=60)


def test_a_new_question_reports_every_stage_and_a_repeat_none(api_server) -> None:
    question = f"加装电梯多少台？ {uuid.uuid4().hex[:6]}"
    first = ask(api_server, question)
    assert first.status_code == 200 and first.headers["X-Cache"] == "miss"
    assert set(first.json()["timing_ms"]) >= STAGES
    again = ask(api_server, question)
    assert again.headers["X-Cache"] == "hit"
    assert set(again.json()["timing_ms"]) == {"retrieve", "answer", "total"}  # nothing ran


def test_another_k_is_a_new_answer_with_the_same_ranking(api_server) -> None:
    question = f"How many elderly meal sites were built? {uuid.uuid4().hex[:6]}"
    five = ask(api_server, question, k=5).json()
    three = ask(api_server, question, k=3)
    assert three.headers["X-Cache"] == "miss"  # the answer cache keys on k …
    ids = [p["chunk_id"] for p in three.json()["passages"]]
    assert ids == [p["chunk_id"] for p in five["passages"]][:3]  # … the vector is the same
