"""HTTP latency and throughput of `qa serve`, side by side with the usual pipeline.

    python bench/http_bench.py [--quick] [--index index] [--workers 1] [--concurrency 1,8,32]

For each worker count (default: 1; `--workers 1,2` for more), three servers: `qa serve` as
shipped (caches on), `qa serve` with its caches off, and bench/baseline_app.py. Measured:
start-up (process start → /readyz 200) and RSS; concurrency 1, 8 and 32 with the distinct
gold questions against qa (caches off) and the baseline, taking turns; Zipf-distributed
repeated questions at concurrency 8 against qa (caches on) and the baseline; a repeated
question (answer cache) and a repeated question with another k (embedding cache). The load
generator (bench/load.py) is a separate process; every run is bounded in requests and
seconds; errors are counted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, ROOT, Server, questions, save, summary, table

HERE = Path(__file__).resolve().parent
BASELINE_INDEX = RESULTS / "baseline-index"
UNCACHED = {"QA_CACHE_SIZE": "0", "QA_EMBED_CACHE_SIZE": "0"}


def load(url: str, pool: list, concurrency: int, requests: int, seconds: float,
         k: int = 5, skip: int = 0) -> dict:
    """One bounded run of bench/load.py against url; latencies, errors, requests/s."""
    digest = hashlib.sha256(json.dumps(pool).encode()).hexdigest()[:12]
    pool_file = RESULTS / f"pool-{digest}.json"
    if not pool_file.exists():
        pool_file.write_text(json.dumps(pool, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(HERE / "load.py"), "--url", url + "/v1/ask", "--concurrency",
         str(concurrency), "--requests", str(requests), "--max-seconds", str(seconds),
         "--questions", str(pool_file), "--k", str(k), "--skip", str(skip)],
        capture_output=True, text=True, check=True, timeout=seconds + 60)
    raw = json.loads(out.stdout)
    latencies = raw["latencies_ms"]
    errors = sum(raw["errors"].values())
    return {**summary(latencies), "requests": len(latencies) + errors, "errors": errors,
            "error_kinds": raw["errors"], "rps": len(latencies) / raw["seconds"],
            "concurrency": concurrency}


class PeakRSS:
    """Samples the RSS of a server's processes every 50 ms while in a `with` block."""

    def __init__(self, server: Server) -> None:
        self.server, self.peak, self.total = server, 0.0, 0.0
        self._stop = threading.Event()

    def __enter__(self) -> PeakRSS:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            sizes = self.server.rss()
            self.peak = max(self.peak, max(sizes, default=0.0))
            self.total = max(self.total, sum(sizes))


def qa_server(index: Path, workers: int, env: dict[str, str] | None = None) -> Server:
    return Server(["-m", "qa.cli", "serve", "--index", str(index), "--workers", str(workers)],
                  env={"QA_LOG_LEVEL": "info", **(env or {})})


def baseline_server(workers: int) -> Server:
    from qa.threads import configure_threads

    # The same thread settings qa serve gives itself, so both compare as pipelines.
    threads = configure_threads(workers, 0, env={})
    return Server([str(HERE / "baseline_app.py"), "serve", "--workers", str(workers)],
                  env={"BASELINE_INDEX": str(BASELINE_INDEX), **threads})


def measured(server: Server, pool: list[str], concurrency: int, requests: int,
             seconds: float) -> dict:
    """A load run with the server's peak RSS sampled during it."""
    with PeakRSS(server) as rss:
        run = load(server.url, pool, concurrency, requests, seconds)
    run["rss_peak_mb"], run["rss_total_mb"] = rss.peak, rss.total
    return run


def zipf(pool: list[str], count: int, s: float = 1.1) -> list[str]:
    """count questions drawn from pool with Zipf-like popularity (rank r: weight 1/r^s)."""
    rng = np.random.default_rng(7)
    order = rng.permutation(len(pool))
    weights = 1.0 / np.arange(1, len(pool) + 1) ** s
    picks = rng.choice(len(pool), size=count, p=weights / weights.sum())
    return [pool[order[p]] for p in picks]


def warm(url: str, pool: list[str]) -> None:
    load(url, pool, 2, 10, 30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    parser.add_argument("--workers", default="1",
                        help="worker counts, comma-separated (on 2 cores one worker already "
                             "uses both: see bench/README.md)")
    parser.add_argument("--concurrency", default="1,8,32")
    args = parser.parse_args()
    scale = 0.4 if args.quick else 1.0
    seconds = 30.0 if args.quick else 60.0
    counts = {1: 200, 8: 400, 32: 640}
    pool = questions()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not (BASELINE_INDEX / "chunks.faiss").exists():
        subprocess.run([sys.executable, str(HERE / "baseline_app.py"), "build", "--out",
                        str(BASELINE_INDEX)], check=True, cwd=ROOT)

    result: dict[str, dict] = {}
    for workers in (int(w) for w in args.workers.split(",")):
        entry: dict = {"workers": workers}
        servers: list[Server] = []
        try:
            # One at a time, so each start-up is timed alone; idle servers cost no CPU.
            cached = qa_server(args.index, workers)
            servers.append(cached)
            entry["startup_s"] = cached.wait_ready()
            qa = qa_server(args.index, workers, UNCACHED)
            servers.append(qa)
            entry["startup_uncached_s"] = qa.wait_ready()
            base = baseline_server(workers)
            servers.append(base)
            entry["baseline_startup_s"] = base.wait_ready()
            time.sleep(1.0)
            entry["rss_rest_mb"] = cached.rss()
            entry["baseline_rss_rest_mb"] = base.rss()
            for srv in servers:
                warm(srv.url, pool[-10:])
            runs: dict[str, dict] = {}
            for concurrency in (int(c) for c in args.concurrency.split(",")):
                requests = int(counts.get(concurrency, 400) * scale)
                for name, srv in (("qa", qa), ("baseline", base)):
                    runs[f"{name}/c{concurrency}"] = measured(srv, pool, concurrency, requests,
                                                              seconds)
            # Traffic with repeats (Zipf over the gold questions): qa with its caches on.
            traffic = zipf(pool, int(600 * scale))
            for name, srv in (("qa", cached), ("baseline", base)):
                runs[f"{name}/zipf-c8"] = measured(srv, traffic, 8, len(traffic), seconds)
            entry["runs"] = runs
            entry["rss_after_mb"] = cached.rss()
            repeated = [pool[0]]
            entry["cache_hit"] = load(cached.url, repeated, 1, int(300 * scale), seconds)
            # Asked with k=5, then again with k=4, over one connection (so one worker: each
            # has its own caches); only the second pass is timed.
            few = [q for q in pool if q not in set(traffic)][:40] or pool[:40]
            pairs = [[q, 5] for q in few] + [[q, 4] for q in few]
            entry["embed_cache_hit"] = load(cached.url, pairs, 1, len(pairs), seconds,
                                            skip=len(few))
        finally:
            for srv in servers:
                srv.stop()
        result[str(workers)] = entry
    save("http.json", result)
    print(report(result))
    return 0


def report(result: dict[str, dict]) -> str:
    rows, ratios, other = [], [], []
    for workers, entry in result.items():
        for key, run in entry["runs"].items():
            name, conc = key.split("/", 1)
            conc = conc.removeprefix("c")
            rows.append([name, workers, conc, run["p50"], run["p95"], run["p99"], run["rps"],
                         run["requests"], run["errors"], run["rss_peak_mb"]])
            if name == "qa":
                base = entry["runs"][key.replace("qa/", "baseline/")]
                ratios.append([workers, conc, _ratio(run["p50"], base["p50"]),
                               _ratio(run["p95"], base["p95"]), _ratio(run["rps"], base["rps"])])
        other += [[workers, "start-up, process start → /readyz 200 (s)", entry["startup_s"]],
                  [workers, "RSS at rest, per worker (MB)", max(entry["rss_rest_mb"])],
                  [workers, "RSS after the runs, per worker (MB)", max(entry["rss_after_mb"])],
                  [workers, "usual pipeline: start-up (s)", entry["baseline_startup_s"]],
                  [workers, "usual pipeline: RSS at rest, per worker (MB)",
                   max(entry["baseline_rss_rest_mb"])],
                  [workers, "cache hit (same question), p50 ms", entry["cache_hit"]["p50"]],
                  [workers, "cache hit (same question), p95 ms", entry["cache_hit"]["p95"]],
                  [workers, "embedding cache hit (same question, other k), p50 ms",
                   entry["embed_cache_hit"]["p50"]],
                  [workers, "errors in cached runs", entry["cache_hit"]["errors"]
                   + entry["embed_cache_hit"]["errors"]]]
    return "\n".join([
        table("HTTP /v1/ask, ms. concurrency N: distinct gold questions, qa with its caches "
              "off; zipf-c8: repeated questions (Zipf), qa with its caches on",
              ["server", "workers", "concurrency", "p50", "p95", "p99", "req/s", "requests",
               "errors", "peak RSS/worker MB"], rows),
        table("qa ÷ baseline (below 1: qa faster / less throughput)",
              ["workers", "concurrency", "p50 ratio", "p95 ratio", "req/s ratio"], ratios),
        table("Server start-up, memory, caches", ["workers", "measure", "value"], other)])


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


if __name__ == "__main__":
    sys.exit(main())
