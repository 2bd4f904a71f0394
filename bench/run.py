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
from common import RESULTS, table

HERE = Path(__file__).resolve().parent


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


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
    parts = [step(["inproc.py"]), step(["conversation.py"]), step(["build_bench.py"]),
             step(["http_bench.py", *(["--quick"] if args.quick else [])]),
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
    one, two = http.get("1", {}), http.get("2", {})
    embed = inproc["bare_embed_ms"]["p50"]
    rows = []

    def check(name: str, value: float, goal: str, met: bool) -> None:
        rows.append([name, value, goal, "yes" if met else "NO"])

    qa1 = one["runs"]["qa/c1"]
    check("/v1/ask p50 (c=1, 1 worker, no cache) ÷ bare query embedding p50",
          qa1["p50"] / embed, "≤ 1.3", qa1["p50"] / embed <= 1.3)
    check("cache hit p50 over HTTP, ms", one["cache_hit"]["p50"], "< 3",
          one["cache_hit"]["p50"] < 3)
    if two:
        ratio = two["runs"]["qa/c8"]["rps"] / one["runs"]["qa/c8"]["rps"]
        errors = sum(run["errors"] for entry in (one, two) for run in entry["runs"].values())
        check("throughput 2 workers ÷ 1 worker (c=8, no cache)", ratio, "≥ 1.7", ratio >= 1.7)
        check("errors in all HTTP runs", errors, "0", errors == 0)
    rss = max(max(e["rss_rest_mb"] + e["rss_after_mb"]) for e in (one, two) if e)
    loaded = max(run["rss_peak_mb"] for e in (one, two) if e
                 for key, run in e["runs"].items() if key.startswith("qa/"))
    check("server RSS per worker at rest, MB", rss, "< 400", rss < 400)
    check("server RSS per worker under load, MB", loaded, "< 400", loaded < 400)
    startup = max(e["startup_s"] for e in (one, two) if e)
    check("start-up with a built index (process start → /readyz 200), s", startup, "< 2",
          startup < 2)
    big = [r for r in scale["runs"] if r["count"] == max(x["count"] for x in scale["runs"])
           and r["kind"] == "hnsw" and "error" not in r]
    for r in big:
        check(f"{r['count']} vectors, HNSW search p50, ms", r["search_ms"]["p50"], "< 5",
              r["search_ms"]["p50"] < 5)
        check(f"{r['count']} vectors, HNSW recall@10", r["recall_at_10"], "≥ 0.95",
              r["recall_at_10"] >= 0.95)
    for workers, entry in http.items():
        for conc in ("c1", "c8", "c32", "zipf-c8"):
            qa, base = entry["runs"].get(f"qa/{conc}"), entry["runs"].get(f"baseline/{conc}")
            if qa and base:
                for q in ("p50", "p95"):
                    value = qa[q] / base[q] if base[q] else math.nan
                    check(f"qa ÷ usual pipeline {q} ({workers} worker(s), {conc})", value,
                          "< 1", value < 1)
    return table("Targets", ["measure", "value", "target", "met"], rows)


if __name__ == "__main__":
    sys.exit(main())
