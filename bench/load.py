"""A small load generator: N keep-alive HTTP/1.1 connections to 127.0.0.1 posting JSON.

Run in its own process (so its CPU is not the server's GIL), bounded in requests and time:

    python bench/load.py --url http://127.0.0.1:8000/v1/ask --concurrency 8 \
        --requests 400 --max-seconds 60 --questions q.json --k 5

Prints one JSON object: latencies (ms) of the successful requests, errors by kind, wall
time. Raw asyncio sockets keep the client's own cost per request to a few microseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit


async def run(url: str, concurrency: int, bodies: list[bytes], max_seconds: float,
              timeout: float) -> dict[str, object]:
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path or "/"
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    next_body = 0
    deadline = time.perf_counter() + max_seconds

    async def worker() -> None:
        nonlocal next_body
        reader = writer = None
        while next_body < len(bodies) and time.perf_counter() < deadline:
            body = bodies[next_body]
            next_body += 1
            head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
            began = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                assert reader is not None
                writer.write(head.encode() + body)
                status = await asyncio.wait_for(_read_response(reader), timeout)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            if status == 200:
                latencies.append((time.perf_counter() - began) * 1000)
            else:
                errors[f"http_{status}"] += 1
        if writer is not None:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return {"latencies_ms": latencies, "errors": dict(errors),
            "seconds": time.perf_counter() - began, "concurrency": concurrency}


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one response (Content-Length framed) and return its status code."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--questions", type=Path, required=True,
                        help="JSON list of questions, or of [question, k] pairs")
    parser.add_argument("--k", type=int, default=5, help="k of questions given without one")
    parser.add_argument("--skip", type=int, default=0,
                        help="leave the first N replies out of the latencies (a warm-up)")
    args = parser.parse_args()
    pool = json.loads(args.questions.read_text(encoding="utf-8"))
    count = max(1, min(args.requests, 5000))
    items = [pool[n % len(pool)] for n in range(count)]
    bodies = [json.dumps({"question": item, "k": args.k} if isinstance(item, str) else
                         {"question": item[0], "k": item[1]}, ensure_ascii=False).encode()
              for item in items]
    result = asyncio.run(run(args.url, args.concurrency, bodies, args.max_seconds, args.timeout))
    result["latencies_ms"] = result["latencies_ms"][args.skip:]  # type: ignore[index]
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
