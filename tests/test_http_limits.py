"""The HTTP layer's limits (api/protocol.py) against a real server on 127.0.0.1: header and
URL size, whole-request timeout, refusals in the error shape, aborted uploads, redirects.
Raw sockets, because an HTTP client library would not send these requests."""

from __future__ import annotations

import contextlib
import json
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from api.protocol import Limits
from qa.settings import Settings

from .api_helpers import assert_error, metric
from .conftest import ROOT, Server, free_port

pytestmark = pytest.mark.slow
TIMEOUT_S = 1.5  # QA_REQUEST_TIMEOUT_S of the test server (default 5)


@pytest.fixture(scope="module")
def guarded(index_root: Path) -> Iterator[Server]:
    server = Server(index_root, env={"QA_REQUEST_TIMEOUT_S": str(TIMEOUT_S),
                                     "QA_CORS_ORIGINS": "https://allowed.example"})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def connect(server: Server, timeout: float = 10.0) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=timeout)


def read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return data


def raw(server: Server, request: bytes, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    """Send bytes, read until the server closes: (status, headers, body)."""
    with connect(server, timeout) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        data = read_all(sock)
    return parse_reply(data)


def parse_reply(data: bytes) -> tuple[int, dict, bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def assert_error_reply(reply: tuple[int, dict, bytes], status: int, code: str) -> None:
    got, headers, body = reply
    assert got == status, (got, body)
    assert headers["content-type"] == "application/json", headers
    assert json.loads(body)["error"]["code"] == code, body
    assert set(json.loads(body)["error"]) == {"code", "message"}


def test_the_limits_have_documented_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("QA_MAX_URL_BYTES", "QA_MAX_HEADER_BYTES", "QA_REQUEST_TIMEOUT_S",
                 "QA_KEEP_ALIVE_S"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.max_url_bytes, settings.max_header_bytes) == (32_768, 32_768)
    assert (settings.request_timeout_s, settings.keep_alive_s) == (5.0, 5.0)
    assert Limits() == Limits(32_768, 32_768, 5.0, 5.0)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    security = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    for name in ("QA_MAX_URL_BYTES", "QA_MAX_HEADER_BYTES", "QA_REQUEST_TIMEOUT_S",
                 "QA_KEEP_ALIVE_S"):
        assert name in readme and name in security, name


@pytest.mark.parametrize("headers", [
    b"X-Big: " + b"a" * 200_000 + b"\r\n",  # one huge header
    b"X-Small: aaaaaaaaaa\r\n" * 4000,  # many small ones
], ids=["one-huge", "many-small"])
def test_oversized_headers_get_431(guarded: Server, headers: bytes) -> None:
    reply = raw(guarded, b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert_error_reply(reply, 431, "headers_too_large")


def test_a_header_flood_does_not_grow_the_server_and_others_are_served(guarded: Server) -> None:
    """4 connections each trying to send 300 MB of headers (the audit's attack)."""
    process = psutil.Process(guarded.process.pid)
    before = process.memory_info().rss
    sent = [0] * 4

    def flood(n: int) -> None:
        with connect(guarded) as sock:
            try:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Flood: ")
                chunk = b"a" * (1 << 20)
                for _ in range(300):
                    sock.sendall(chunk)
                    sent[n] += len(chunk)
            except OSError:
                pass  # the server closed the connection: what it should do

    threads = [threading.Thread(target=flood, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    assert httpx.get(guarded.url + "/healthz", timeout=5).status_code == 200
    for thread in threads:
        thread.join(timeout=60)
    assert max(sent) < 50 * (1 << 20), sent  # cut off long before 300 MB
    assert process.memory_info().rss - before < 64 * (1 << 20)
    assert httpx.get(guarded.url + "/healthz", timeout=5).status_code == 200


def test_a_long_url_gets_414(guarded: Server) -> None:
    reply = raw(guarded, b"GET /v1/chunks/" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert_error_reply(reply, 414, "uri_too_long")


@pytest.mark.parametrize("request_bytes", [
    b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    "GET /v1/search?q=老年 HTTP/1.1\r\nHost: x\r\n\r\n".encode(),
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n",
    b"NOT HTTP AT ALL\r\n\r\n",
], ids=["cl-and-te", "bad-cl", "two-cl", "raw-utf8-url", "folded-header", "garbage"])
def test_unparsable_requests_get_400_in_the_error_shape(guarded: Server,
                                                        request_bytes: bytes) -> None:
    assert_error_reply(raw(guarded, request_bytes), 400, "bad_request")


def test_a_partial_request_is_answered_408_and_closed(guarded: Server) -> None:
    began = time.monotonic()
    reply = raw(guarded, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", timeout=TIMEOUT_S + 10)
    assert_error_reply(reply, 408, "request_timeout")
    assert TIMEOUT_S - 0.2 < time.monotonic() - began < TIMEOUT_S + 5


def test_a_connection_that_sends_nothing_is_closed(guarded: Server) -> None:
    began = time.monotonic()
    with connect(guarded, timeout=TIMEOUT_S + 10) as sock:
        assert read_all(sock) == b""
    assert time.monotonic() - began < TIMEOUT_S + 5


def test_a_slow_body_gets_408_and_is_logged_as_408(guarded: Server) -> None:
    reply = raw(guarded, b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                b"\r\nContent-Length: 100\r\n\r\n{\"question\"", timeout=TIMEOUT_S + 10)
    assert_error_reply(reply, 408, "request_timeout")
    time.sleep(0.3)
    statuses = [line.get("status") for line in guarded.log_lines()
                if line.get("msg") == "request" and line.get("path") == "/v1/ask"]
    assert 408 in statuses and 500 not in statuses


def test_an_aborted_upload_is_counted_as_499_not_500(guarded: Server) -> None:
    labels = {"route": "<unmatched>", "method": "POST"}
    before = httpx.get(guarded.url + "/metrics").text
    for _ in range(3):
        with connect(guarded) as sock:
            sock.sendall(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                         b"\r\nContent-Length: 1000\r\n\r\n{\"question\": \"")
            time.sleep(0.1)
    time.sleep(0.5)
    after = httpx.get(guarded.url + "/metrics").text
    assert metric(after, "qa_http_requests_total", **labels, status="499") == \
        metric(before, "qa_http_requests_total", **labels, status="499") + 3
    assert metric(after, "qa_http_requests_total", **labels, status="500") == \
        metric(before, "qa_http_requests_total", **labels, status="500")
    assert not [line for line in guarded.log_lines() if line.get("status") == 500]


def test_many_idle_and_partial_sockets_do_not_lock_others_out(guarded: Server) -> None:
    socks = []
    try:
        for n in range(100):
            sock = connect(guarded)
            if n % 2:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            socks.append(sock)
        began = time.monotonic()
        assert httpx.get(guarded.url + "/healthz", timeout=5).status_code == 200
        assert time.monotonic() - began < 1.0
        time.sleep(TIMEOUT_S + 1.5)
        for sock in socks:  # the server closed every one of them
            sock.settimeout(5)
            data = read_all(sock)
            assert data == b"" or data.startswith(b"HTTP/1.1 408"), data[:80]
    finally:
        for sock in socks:
            sock.close()


def test_idle_sockets_cannot_exhaust_the_servers_file_descriptors(index_root: Path) -> None:
    """With `ulimit -n 128`, 200 idle connections: the server still answers /healthz soon
    after, because it closes connections that send no whole request."""
    port = free_port()

    def low_fd_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (128, 128))

    env = {"PATH": "/usr/bin:/bin", "QA_REQUEST_TIMEOUT_S": "1", "QA_LOAD_RETRY_S": "0",
           "QA_INDEX_DIR": str(index_root / "missing")}  # no index: only /healthz is used
    process = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, preexec_fn=low_fd_limit)
    socks = []
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.2)
        for _ in range(200):
            socks.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(0.5)
        deadline = time.monotonic() + 20
        while True:  # served within a few timeouts, not never
            try:
                assert httpx.get(url, timeout=3).status_code == 200
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "/healthz never answered"
    finally:
        for sock in socks:
            sock.close()
        process.terminate()
        process.wait(timeout=20)


def test_no_redirect_is_built_from_the_host_header(guarded: Server) -> None:
    for path in ("/v1/search/?q=a", "/v1/ask/", "/healthz/", "/docs/"):
        response = httpx.get(guarded.url + path, headers={"Host": "evil.example"})
        assert "location" not in response.headers, path
        assert_error(response, 404, "not_found")


def test_a_refused_cors_preflight_is_in_the_error_shape(guarded: Server) -> None:
    response = httpx.options(guarded.url + "/v1/ask", headers={
        "Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in response.headers
    assert_error(response, 400, "cors_refused")
    allowed = httpx.options(guarded.url + "/v1/ask", headers={
        "Origin": "https://allowed.example", "Access-Control-Request-Method": "POST"})
    assert allowed.status_code == 200


def test_a_body_sent_with_the_headers_is_not_counted_as_headers(guarded: Server) -> None:
    body = json.dumps({"question": "问" + " " * 15_000 + "x"}).encode()
    head = (b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    status, _, reply = raw(guarded, head + body + b"")
    assert status == 422, reply  # the question's length, not the header limit
    headers = b"".join(b"X-H%d: %s\r\n" % (n, b"v" * 100) for n in range(250))  # ~27 KB
    status, _, reply = raw(guarded, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close"
                           b"\r\n" + headers + b"\r\n")
    assert status == 200, reply
