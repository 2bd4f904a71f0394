"""Soak: many concurrent clients for a while, a mix of good, bad, slow and aborted requests;
no errors, the server's memory does not grow and /healthz stays quick.

    python bench/soak.py                         # starts `qa serve` on index/, 32 clients, 60 s
    python bench/soak.py --duration 15 --clients 16 --index /path/to/index
    python bench/soak.py --url http://127.0.0.1:8000 --pid 1234   # a server already running

An error is a 5xx, a connection error or a timeout; an unexpected reply is any other
status than the request kind's own (200 for good requests, the right 4xx for bad ones).
Slow and hostile clients are mixed in on raw sockets: a request whose headers stall (the
server answers 408 after QA_REQUEST_TIMEOUT_S), an upload aborted midway (no reply; the
server must count it 499, not 5xx), 64 KB of headers (431) and a 40 KB URL (414). A prober
in a process of its own asks /healthz on a fresh connection (a raw socket) 4 times a
second throughout: its latency is reported (p50, p99 and max) and, with --max-health-ms,
checked. At the end the server's own metrics must count no 5xx (aborted requests
included).
Memory: the server's RSS is sampled after a warm-up (the caches fill, the thread pool
starts), at the middle and at the end; it holds if end - warm <= 10 % of warm. The private
part (anonymous pages) is reported beside it: most of the rest is the mapped model file,
which the server makes resident when it loads (qa/resident.py).
Prints one JSON object; exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
GROWTH_SHARE = 0.10  # allowed RSS growth after warm-up, a share of the warm RSS
QUESTIONS = ["老人吃饭的食堂建了多少家？", "How many elderly meal sites were built?",
             "居家适老化改造完成了多少户？", "光谷科创供应链平台入驻了多少家企业？",
             "What is the subsidy per household for home renovation?",
             "新增整备工业用地多少平方公里？",
             "How many government websites were made elderly-friendly?", "武汉新城建设进展如何？",
             "制造业贷款余额增长了多少？", "Who led the handling of proposal 3?"]


@dataclass
class Kind:
    name: str
    weight: int
    expect: int  # the status a correct server gives


KINDS = [Kind("ask", 30, 200), Kind("ask_unique", 10, 200), Kind("ask_stream", 8, 200),
         Kind("search", 20, 200), Kind("chunk", 6, 200), Kind("chunk_unknown", 3, 404),
         Kind("empty_question", 3, 422), Kind("long_question", 2, 422),
         Kind("wrong_type", 3, 422), Kind("broken_json", 3, 400), Kind("not_utf8", 2, 400),
         Kind("too_large", 2, 413), Kind("control_char", 2, 422), Kind("repeated_param", 2, 422),
         Kind("huge_k", 2, 422), Kind("health", 2, 200),
         # raw sockets (see raw_request): slow, aborted and oversized requests
         Kind("slow_headers", 1, 408), Kind("aborted_upload", 2, 0), Kind("header_flood", 1, 431),
         Kind("long_url", 1, 414)]
RAW_KINDS = {"slow_headers", "aborted_upload", "header_flood", "long_url"}


@dataclass
class SoakResult:
    clients: int
    duration_s: float
    requests: int = 0
    errors: int = 0  # 5xx, connection errors, timeouts
    unexpected: int = 0  # a status other than the kind's own
    by_kind: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)  # first few errors/unexpected replies
    requests_per_s: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    rss_mb: dict[str, float] = field(default_factory=dict)  # warm, middle, end
    rss_growth_mb: float = 0.0
    rss_allowed_mb: float = 0.0  # 10 % of the warm figure
    private_mb: dict[str, float] = field(default_factory=dict)  # the same, anonymous pages
    private_growth_mb: float = 0.0
    health_probes: int = 0
    health_failures: int = 0  # probes without a 200 within 5 s
    health_p50_ms: float = 0.0
    health_p99_ms: float = 0.0
    health_max_ms: float = 0.0
    server_5xx: int = 0  # as the server's /metrics counts them during the soak (aborted
    # requests included)
    max_health_ms: float | None = None  # the bound checked, if any

    @property
    def ok(self) -> bool:
        health = self.health_failures == 0 and (
            self.max_health_ms is None or self.health_max_ms <= self.max_health_ms)
        return self.errors == 0 and self.unexpected == 0 and self.requests > 0 and \
            self.rss_growth_mb <= self.rss_allowed_mb and self.server_5xx == 0 and health


async def one_request(client: httpx.AsyncClient, kind: str, rng: random.Random) -> httpx.Response:
    question = rng.choice(QUESTIONS)
    json_headers = {"Content-Type": "application/json"}
    if kind == "ask":
        return await client.post("/v1/ask", json={"question": question, "k": rng.randint(1, 5)})
    if kind == "ask_unique":  # misses the cache: real work, and the caches stay bounded
        return await client.post("/v1/ask", json={"question": f"{question} #{rng.random():.9f}"})
    if kind == "ask_stream":
        async with client.stream("POST", "/v1/ask", json={"question": question,
                                                          "stream": True}) as response:
            body = (await response.aread()).decode("utf-8")
            if response.status_code == 200 and "event: done" not in body:
                raise RuntimeError("stream ended without its done event")
            return response
    if kind == "search":
        return await client.get("/v1/search", params={"q": question, "k": rng.randint(1, 10)})
    if kind == "chunk":
        return await client.get("/v1/chunks/p3-s3-m3")
    if kind == "chunk_unknown":
        return await client.get(rng.choice(["/v1/chunks/..%2F..%2Fetc%2Fpasswd",
                                            "/v1/chunks/p9-s9-m9", "/v1/chunks/" + "a" * 2000]))
    if kind == "empty_question":
        return await client.post("/v1/ask", json={"question": rng.choice(["", "   ", "\n\t"])})
    if kind == "long_question":
        return await client.post("/v1/ask", json={"question": "老" * 501})
    if kind == "wrong_type":
        return await client.post("/v1/ask", json=rng.choice([
            {"question": 5}, {"question": "问", "k": "5"}, {"question": "问", "extra": 1}, [1]]))
    if kind == "broken_json":
        return await client.post("/v1/ask", content=b'{"question": "\xe9\x97\xae"',
                                 headers=json_headers)
    if kind == "not_utf8":
        return await client.post("/v1/ask", content=b'{"question": "\xff\xfe"}',
                                 headers=json_headers)
    if kind == "too_large":
        return await client.post("/v1/ask", content=b'{"question": "' + b"x" * 40_000 + b'"}',
                                 headers=json_headers)
    if kind == "control_char":
        return await client.post("/v1/ask", json={"question": "老年\x00助餐"})
    if kind == "repeated_param":
        return await client.get("/v1/search?q=a&q=b")
    if kind == "huge_k":
        return await client.post("/v1/ask", json={"question": question, "k": 10**12})
    if kind == "health":
        return await client.get(rng.choice(["/healthz", "/readyz"]))
    raise AssertionError(kind)


async def raw_request(url: str, kind: str, timeout: float) -> int:
    """A request no HTTP library would send; the status of the reply, 0 if none is due."""
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
    try:
        if kind == "aborted_upload":  # headers and part of the body, then gone
            writer.write(b"POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                         b"\r\nContent-Length: 1000\r\n\r\n{\"question\": \"")
            await writer.drain()
            await asyncio.sleep(0.05)
            return 0
        if kind == "slow_headers":  # starts a request and never finishes it
            writer.write(b"GET /v1/search?q=a HTTP/1.1\r\nHost: x\r\n")
        elif kind == "header_flood":
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Flood: " + b"a" * 65_536
                         + b"\r\n\r\n")
        elif kind == "long_url":
            writer.write(b"GET /v1/chunks/" + b"a" * 40_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        line = await asyncio.wait_for(reader.readline(), timeout)
        return int(line.split()[1]) if line.startswith(b"HTTP/1.1 ") else -1
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


def probe_healthz(host: str, port: int, timeout: float = 5.0) -> bool:
    """One GET /healthz on a fresh connection, on a raw socket: the time measured is the
    server's (connect, request, whole reply), not a client library's set-up."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65_536):
            reply += chunk
    return reply.startswith(b"HTTP/1.1 200")


def run_prober(url: str, seconds: float) -> dict[str, Any]:
    """/healthz every 0.25 s for `seconds`; latencies in ms and the failures."""
    parsed = httpx.URL(url)
    until = time.monotonic() + seconds
    latencies: list[float] = []
    failures = 0
    while time.monotonic() < until:
        began = time.perf_counter()
        try:
            ok = probe_healthz(parsed.host, parsed.port or 80)
        except OSError:
            ok = False
        latencies.append(round((time.perf_counter() - began) * 1000, 2))
        failures += 0 if ok else 1
        time.sleep(0.25)
    return {"latencies_ms": latencies, "failures": failures}


async def health_prober(url: str, seconds: float, latencies: list[float],
                        result: SoakResult) -> None:
    """Runs the prober in a process of its own, as an outside health checker would: in the
    load clients' process it would wait on their GIL and event loop, and its latency would
    be theirs, not the server's."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(Path(__file__).resolve()), "--probe", url,
        "--duration", str(seconds), stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    report = json.loads(out)
    latencies.extend(report["latencies_ms"])
    result.health_probes += len(report["latencies_ms"])
    result.health_failures += report["failures"]


async def server_5xx(url: str) -> int:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        text = (await client.get("/metrics")).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith("qa_http_requests_total{") and 'status="5' in line:
            total += float(line.rsplit(" ", 1)[1])
    return int(total)


async def client_loop(url: str, until: float, seed: int, result: SoakResult,
                      latencies: list[float], timeout: float) -> None:
    rng = random.Random(seed)
    kinds, weights = KINDS, [k.weight for k in KINDS]
    by_kind, statuses = Counter[str](), Counter[str]()
    async with httpx.AsyncClient(base_url=url, timeout=timeout) as client:
        while time.monotonic() < until:
            kind = rng.choices(kinds, weights)[0]
            began = time.perf_counter()
            note = ""
            try:
                if kind.name in RAW_KINDS:
                    response = None
                    status = await raw_request(url, kind.name, timeout)
                else:
                    response = await one_request(client, kind.name, rng)
                    status = response.status_code
            except (httpx.TransportError, RuntimeError, OSError, TimeoutError) as exc:
                status, response = 0, None
                note = f"{kind.name}: {type(exc).__name__}: {exc}"
            latencies.append((time.perf_counter() - began) * 1000)
            by_kind[kind.name] += 1
            statuses[str(status)] += 1
            result.requests += 1
            if (status == 0 and kind.expect != 0) or status < 0 or status >= 500:
                result.errors += 1
            elif status != kind.expect:
                result.unexpected += 1
            else:
                continue
            if len(result.samples) < 10:
                result.samples.append(note or f"{kind.name}: {status}" if response is None else
                                      f"{kind.name}: {status} {response.text[:200]}")
    for name, count in by_kind.items():
        result.by_kind[name] = result.by_kind.get(name, 0) + count
    for name, count in statuses.items():
        result.statuses[name] = result.statuses.get(name, 0) + count


def memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory of the server and its children (workers), MB: all of it, and its
    private part (anonymous pages: the heap, what a leak would grow). The rest is mostly the
    model file, mapped read-only (72 MB), made resident when the server loads."""
    total = private = 0.0
    for process in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, FileNotFoundError):
            total += process.memory_info().rss
            private += _anonymous_bytes(process.pid)
    return total / 2**20, private / 2**20


def _anonymous_bytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return float(line.split()[1]) * 1024
    return float(psutil.Process(pid).memory_info().rss)  # no split known: count it all


def sample_memory(result: SoakResult, pid: int, moment: str) -> None:
    total, private = memory_mb(pid)
    result.rss_mb[moment], result.private_mb[moment] = round(total, 1), round(private, 1)


async def soak(url: str, pid: int, duration: float, clients: int, seed: int = 2025,
               warm_share: float = 0.2,
               timeout: float = 30.0, max_health_ms: float | None = None) -> SoakResult:
    result = SoakResult(clients=clients, duration_s=duration, max_health_ms=max_health_ms)
    latencies: list[float] = []
    health: list[float] = []
    before_5xx = await server_5xx(url)  # e.g. 503s of readiness polls while it loaded
    began = time.monotonic()
    until = began + duration
    tasks = [asyncio.create_task(client_loop(url, until, seed + n, result, latencies, timeout))
             for n in range(clients)]
    tasks.append(asyncio.create_task(health_prober(url, duration, health, result)))
    # Memory is compared from warm_at on: by then the bounded caches have mostly filled.
    warm_at = began + max(3.0, duration * warm_share)
    middle_at = max(warm_at, began + duration * 0.6)
    await asyncio.sleep(max(0.0, warm_at - time.monotonic()))
    sample_memory(result, pid, "warm")
    await asyncio.sleep(max(0.0, middle_at - time.monotonic()))
    sample_memory(result, pid, "middle")
    await asyncio.gather(*tasks)
    sample_memory(result, pid, "end")
    elapsed = time.monotonic() - began
    result.requests_per_s = round(result.requests / elapsed, 1)
    latencies.sort()
    if latencies:
        pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1)  # noqa: E731
        result.p50_ms, result.p95_ms, result.p99_ms = pick(0.5), pick(0.95), pick(0.99)
        result.max_ms = round(latencies[-1], 1)
    health.sort()
    if health:
        result.health_p50_ms = round(health[len(health) // 2], 1)
        result.health_p99_ms = round(health[min(len(health) - 1, int(0.99 * len(health)))], 1)
        result.health_max_ms = round(health[-1], 1)
    await asyncio.sleep(0.5)  # aborted requests are logged once the server sees them go
    result.server_5xx = await server_5xx(url) - before_5xx
    result.rss_growth_mb = round(result.rss_mb["end"] - result.rss_mb["warm"], 1)
    result.private_growth_mb = round(result.private_mb["end"] - result.private_mb["warm"], 1)
    result.rss_allowed_mb = round(GROWTH_SHARE * result.rss_mb["warm"], 1)
    return result


def start_server(index: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[Any],
                                                                          str, Path]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = Path(tempfile.mkstemp(prefix="qa-soak-", suffix=".log")[1])
    with log.open("a") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--index", str(index)],
            cwd=ROOT, env={**os.environ, **(env or {})}, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return process, url, log
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError("server not ready after 120 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--index", type=Path, default=ROOT / "index", help="index root")
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--pid", type=int, help="its process id (for memory), with --url")
    parser.add_argument("--max-health-ms", type=float, default=None,
                        help="fail if a /healthz probe takes longer (e.g. 100)")
    parser.add_argument("--probe", metavar="URL", help=argparse.SUPPRESS)  # the prober process
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(run_prober(args.probe, args.duration)))
        return 0
    process = log = None
    if args.url:
        if not args.pid:
            parser.error("--url needs --pid")
        url, pid = args.url, args.pid
    else:
        process, url, log = start_server(args.index)
        pid = process.pid
    try:
        result = asyncio.run(soak(url, pid, args.duration, args.clients,
                                  max_health_ms=args.max_health_ms))
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        if log is not None:
            log.unlink(missing_ok=True)
    print(json.dumps({**asdict(result), "ok": result.ok}, ensure_ascii=False, indent=2))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
