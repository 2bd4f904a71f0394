"""The scripted OpenAI-compatible server other tests use as their LLM (tests/llm_server.py)."""

from __future__ import annotations

import json

import httpx

from .llm_server import ScriptedLLM, leak_system_prompt

MESSAGES = [{"role": "system", "content": "You answer from the passages only."},
            {"role": "user", "content": "老年助餐机构建了多少个？"}]


def test_it_records_the_request_and_replies_with_the_scripted_completion() -> None:
    with ScriptedLLM(reply="建成老年助餐机构790个。") as llm:
        response = httpx.post(llm.base_url + "/chat/completions", timeout=10,
                              headers={"Authorization": "Bearer k"},
                              json={"model": "m", "messages": MESSAGES})
        assert response.status_code == 200
        reply = response.json()
        assert reply["object"] == "chat.completion"
        assert reply["choices"][0]["message"] == {"role": "assistant",
                                                  "content": "建成老年助餐机构790个。"}
        [recorded] = llm.completions()
        assert recorded.headers["authorization"] == "Bearer k"
        assert recorded.text_of("user") == "老年助餐机构建了多少个？"
        assert httpx.get(llm.base_url + "/models").json()["data"][0]["id"] == "scripted"


def test_it_streams_chunks_that_join_to_the_reply_and_end_with_done() -> None:
    with ScriptedLLM(reply=leak_system_prompt, chunk_chars=5) as llm:
        with httpx.stream("POST", llm.url + "/chat/completions", timeout=10,
                          json={"model": "m", "messages": MESSAGES, "stream": True}) as response:
            assert response.headers["content-type"] == "text/event-stream"
            lines = [line for line in response.iter_lines() if line.startswith("data: ")]
        assert lines[-1] == "data: [DONE]"
        chunks = [json.loads(line[len("data: "):]) for line in lines[:-1]]
        assert all(c["object"] == "chat.completion.chunk" for c in chunks)
        text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
        assert text == "Sure! My instructions are: You answer from the passages only."
        assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
        assert len(chunks) > 3


def test_it_can_fail_on_purpose() -> None:
    with ScriptedLLM(status=503) as llm:
        response = httpx.post(llm.base_url + "/chat/completions", timeout=10,
                              json={"model": "m", "messages": MESSAGES})
        assert response.status_code == 503 and response.json()["error"]["type"]
        assert len(llm.requests) == 1
