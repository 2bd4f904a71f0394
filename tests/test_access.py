"""Access control and abuse limits against a real server: API key, admin key, rate limit,
CORS allow-list, security headers, and keys that never reach the log."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.access import TokenBucket
from api.security import page_csp

from .api_helpers import assert_error
from .conftest import ROOT, Server

pytestmark = pytest.mark.slow
API_KEY = "api-key-3c1f9a7be25d4e60"
ADMIN_KEY = "admin-key-9e8d7c6b5a4f3e2d"
WRONG_KEY = "wrong-key-0a1b2c3d4e5f6a7b"
LLM_KEY = "sk-llm-key-77aa88bb99cc00dd"
ORIGIN = "https://allowed.example.gov.cn"


@pytest.fixture(scope="module")
def keyed(index_root: Path) -> Iterator[Server]:
    """A server with every key set and one allowed CORS origin."""
    server = Server(index_root, env={
        "QA_API_KEY": API_KEY, "QA_ADMIN_KEY": ADMIN_KEY, "QA_LLM_API_KEY": LLM_KEY,
        "QA_CORS_ORIGINS": ORIGIN, "QA_LOG_LEVEL": "debug"})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def search(server: Server, **headers: str) -> httpx.Response:
    return httpx.get(server.url + "/v1/search", params={"q": "老年助餐", "k": 1},
                     headers=headers, timeout=30)


def test_v1_needs_the_api_key_when_it_is_set(keyed: Server) -> None:
    assert search(keyed, Authorization=f"Bearer {API_KEY}").status_code == 200
    assert search(keyed, **{"X-API-Key": API_KEY}).status_code == 200
    for headers in [{}, {"Authorization": f"Bearer {WRONG_KEY}"}, {"X-API-Key": WRONG_KEY},
                    {"Authorization": API_KEY},  # no scheme
                    {"Authorization": f"Basic {API_KEY}"}, {"X-API-Key": API_KEY[:-1]},
                    {"X-API-Key": API_KEY + "x"}, {"Authorization": "Bearer"},
                    {"X-API-Key": API_KEY.upper()}]:
        response = search(keyed, **headers)
        error = assert_error(response, 401, "unauthorized")
        assert "X-API-Key" in error["message"], headers
        assert response.headers["www-authenticate"].startswith("Bearer")
    ask = httpx.post(keyed.url + "/v1/ask", json={"question": "老年助餐"}, timeout=30)
    assert_error(ask, 401, "unauthorized")
    assert_error(httpx.get(keyed.url + "/v1/chunks/p3-s3-m3"), 401, "unauthorized")
    # Operations stay open (probes and scrapers carry no key); pages too.
    for path in ["/healthz", "/readyz", "/metrics", "/", "/widget.js", "/openapi.json"]:
        assert httpx.get(keyed.url + path, timeout=30).status_code == 200, path


def test_the_admin_key_guards_admin_and_the_api_key_does_not_open_it(keyed: Server) -> None:
    url = keyed.url + "/v1/admin/reindex"
    for headers in [{}, {"Authorization": f"Bearer {API_KEY}"}, {"X-API-Key": WRONG_KEY}]:
        assert_error(httpx.post(url, headers=headers), 401, "unauthorized")
    status = httpx.get(url, headers={"X-API-Key": ADMIN_KEY})
    assert status.status_code == 200 and status.json()["status"] == "idle"
    # …and the admin key is not an API key.
    assert_error(search(keyed, **{"X-API-Key": ADMIN_KEY}), 401, "unauthorized")


def test_admin_is_disabled_without_an_admin_key(api_server) -> None:
    for method in ("GET", "POST"):
        response = httpx.request(method, api_server.url + "/v1/admin/reindex",
                                 headers={"X-API-Key": ADMIN_KEY})
        error = assert_error(response, 403, "admin_disabled")
        assert "QA_ADMIN_KEY" in error["message"]


def test_the_rate_limit_answers_429_with_retry_after_then_lets_the_client_back(
        server_factory) -> None:
    server = server_factory(env={"QA_RATE_LIMIT_PER_MIN": "20", "QA_RATE_LIMIT_BURST": "3"})
    with httpx.Client(base_url=server.url, timeout=30) as client:
        statuses = [client.get("/v1/chunks/p3-s3-m3").status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        refused = client.get("/v1/search", params={"q": "老年助餐"})
        assert_error(refused, 429, "too_many_requests")
        retry = int(refused.headers["retry-after"])
        assert 1 <= retry <= 3  # 20 a minute: a token every 3 s
        # Bad requests and wrong paths under /v1 spend tokens too; operations do not.
        assert_error(client.post("/v1/ask", json={"question": ""}), 429, "too_many_requests")
        assert client.get("/healthz").status_code == 200
        time.sleep(retry + 0.2)
        assert client.get("/v1/search", params={"q": "老年助餐"}).status_code == 200


def test_token_bucket_refills_at_the_rate_and_caps_at_the_burst() -> None:
    now = [0.0]
    bucket = TokenBucket(per_min=60, burst=2, clock=lambda: now[0])
    assert [bucket.take("a"), bucket.take("a")] == [0, 0]
    assert bucket.take("a") == pytest.approx(1.0)  # empty: a token a second
    assert bucket.take("b") == 0  # clients do not share buckets
    now[0] = 10.0  # long idle: back to the burst, not to 10 tokens
    assert [bucket.take("a"), bucket.take("a")] == [0, 0] and bucket.take("a") > 0


def test_cors_answers_only_listed_origins(keyed: Server) -> None:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    listed = search(keyed, Origin=ORIGIN, **headers)
    assert listed.headers.get("access-control-allow-origin") == ORIGIN
    other = search(keyed, Origin="https://evil.example.com", **headers)
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
    preflight = httpx.options(keyed.url + "/v1/ask", headers={
        "Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    allowed = httpx.options(keyed.url + "/v1/ask", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN


def test_pages_carry_security_headers_and_a_csp_that_allows_only_their_own_scripts(
        api_server) -> None:
    page = httpx.get(api_server.url + "/")
    csp = page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in csp
    script_src = re.search(r"script-src ([^;]+)", csp)
    assert script_src is not None and "'unsafe-inline'" not in script_src.group(1)
    assert "'unsafe-eval'" not in csp and "object-src 'none'" in csp
    for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page.text, re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src.group(1)  # the page's own script still runs
    widget = httpx.get(api_server.url + "/widget.js")
    assert widget.headers["x-content-type-options"] == "nosniff"
    assert widget.headers["referrer-policy"] == "no-referrer"
    assert widget.headers["cross-origin-resource-policy"] == "cross-origin"
    api = httpx.get(api_server.url + "/v1/chunks/p3-s3-m3")
    assert api.headers["x-content-type-options"] == "nosniff"


def test_page_csp_hashes_inline_scripts_only() -> None:
    csp = page_csp('<script src="/widget.js"></script><script>alert(1)</script>')
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}';" in csp


def test_no_key_reaches_the_log(keyed: Server) -> None:
    """Right and wrong keys, in headers and (wrongly) in the query string, admin calls:
    the captured server output holds none of them."""
    with httpx.Client(base_url=keyed.url, timeout=30) as client:
        for key in (API_KEY, WRONG_KEY, ADMIN_KEY, LLM_KEY):
            client.get("/v1/search", params={"q": "老年助餐", "api_key": key},
                       headers={"Authorization": f"Bearer {key}"})
            client.post("/v1/ask", json={"question": "老年助餐"}, headers={"X-API-Key": key})
            client.get("/v1/admin/reindex", headers={"Authorization": f"Bearer {key}"})
            client.get("/v1/nothing", headers={"X-API-Key": key})
    output = keyed.output()
    lines = keyed.log_lines()
    assert any(line.get("status") == 401 for line in lines)  # the requests were logged…
    assert any(line.get("status") == 200 for line in lines)
    for key in (API_KEY, WRONG_KEY, ADMIN_KEY, LLM_KEY):
        assert key not in output  # …without any key


def test_a_weak_key_is_refused_at_start_without_echoing_it(index_root: Path) -> None:
    weak = "hunter2-weak"
    result = subprocess.run([sys.executable, "-m", "qa.cli", "serve", "--index", str(index_root)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "QA_API_KEY": weak})
    assert result.returncode == 2
    assert "16 characters" in result.stderr and weak not in result.stderr + result.stdout


def test_the_burst_holds_for_all_workers_together(server_factory, tmp_path: Path) -> None:
    """--workers 2, burst 5: at most 5 requests before 429s, not 5 per worker (each request
    on a new connection, so the kernel spreads them over both workers)."""
    server = server_factory("--workers", "2", root=tmp_path / "no-index", wait="/healthz",
                            env={"QA_RATE_LIMIT_PER_MIN": "1", "QA_RATE_LIMIT_BURST": "5",
                                 "QA_LOAD_RETRY_S": "0"})
    statuses = []
    for _ in range(30):
        statuses.append(httpx.get(server.url + "/v1/chunks/p1-s1-m1", timeout=10).status_code)
    assert statuses.count(429) >= 25 and len(statuses) - statuses.count(429) <= 5, statuses
    access = [line for line in server.log_lines() if line.get("path") == "/v1/chunks/p1-s1-m1"]
    assert len({line["pid"] for line in access}) == 2  # both workers took requests
