"""Small helpers for the API tests: read an SSE body, read Prometheus samples, check errors."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

EN_QUESTION = "How many elderly meal sites were built?"
ZH_QUESTION = "老人吃饭的食堂建了多少家？"


def parse_sse(body: str) -> list[tuple[str, Any]]:
    """(event, decoded data) pairs, in order, as an EventSource client would see them."""
    events = []
    for block in body.split("\n\n"):
        if not block.strip():
            continue
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:"):].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:"):].removeprefix(" "))
        events.append((name, json.loads("\n".join(data))))
    return events


def without_timing(reply: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in reply.items() if key != "timing_ms"}


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0 if absent)."""
    for line in text.splitlines():
        match = re.fullmatch(r"([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)", line)
        if not match or match.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(3) or ""))
        if found == labels:
            return float(match.group(4))
    return 0.0


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """The response is `status` with the error shape (docs/architecture.md); returns the error."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return dict(body["error"])
