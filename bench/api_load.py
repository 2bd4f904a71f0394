"""Latency and throughput of the HTTP API: starts `qa serve` on 127.0.0.1, sends a bounded
number of /v1/ask requests, prints figures, stops the server.

    .venv/bin/python bench/api_load.py --index index --workers 1 --requests 200 --concurrency 4

Two passes: distinct questions (nothing cached) and one repeated question (answer cache).
Timings on a shared 2-core machine are noisy; compare runs made one after another.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["How many elderly meal sites were built?", "老人吃饭的食堂建了多少家？",
             "居家适老化改造了多少户？", "How many old residential compounds were renovated?",
             "加装电梯多少台？", "What is the Wuhan elderly care supply-chain platform?"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, help="per pass (max 2000)")
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    count = max(1, min(args.requests, 2000))

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--index",
         str(args.index), "--workers", str(args.workers)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "QA_LOG_LEVEL": "warning"})
    try:
        _wait_ready(url)
        with httpx.Client(base_url=url, timeout=60) as client:
            # Distinct questions: a suffix makes each one new to the cache.
            fresh = [f"{QUESTIONS[n % len(QUESTIONS)]} #{n}" for n in range(count)]
            _report("distinct questions (no cache)", client, fresh, args.concurrency)
            _report("one repeated question (cached)", client, [QUESTIONS[0]] * count,
                    args.concurrency)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


def _wait_ready(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


def _report(name: str, client: httpx.Client, questions: list[str], concurrency: int) -> None:
    def one(question: str) -> float:
        began = time.perf_counter()
        response = client.post("/v1/ask", json={"question": question})
        response.raise_for_status()
        return (time.perf_counter() - began) * 1000

    began = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = sorted(pool.map(one, questions))
    seconds = time.perf_counter() - began
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    print(f"{name}: {len(latencies)} requests, concurrency {concurrency}: "
          f"{len(latencies) / seconds:.1f} req/s, p50 {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
