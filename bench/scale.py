"""How vector search cost grows with the corpus: flat (exact) vs HNSW (and IVF) at 10k,
100k and 1M vectors, each index built by qa/vectors.py exactly as `qa build` builds it.

    python bench/scale.py [--sizes 10000,100000,1000000] [--kinds flat,hnsw] [--queries 200]

Vectors are synthetic, 384-d unit vectors shaped like sentence embeddings rather than
uniform noise (on uniform random vectors every point is about equally far from every
other, which no real corpus looks like, and ANN recall means little): a Gaussian with a
power-law spectrum (a few directions carry most of the variance) around a common mean
direction, normalised. Queries are fresh draws from the same distribution. Recall@10 is
against exact search over the same vectors. Each (size, kind) runs in its own process, so
its peak RSS is its own; the 1M vectors alone take 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS, save, summary, table

DIM = 384
WORK = RESULTS / "scale"


def synthetic(count: int, seed: int) -> np.ndarray:
    """count unit vectors from one fixed embedding-like distribution (seed picks the draw)."""
    shape = np.random.default_rng(12345)  # the distribution itself never changes
    spectrum = (np.arange(1, DIM + 1) ** -0.8).astype(np.float32)
    basis = np.linalg.qr(shape.standard_normal((DIM, DIM)))[0].astype(np.float32)
    mean = shape.standard_normal(DIM).astype(np.float32)
    mean /= np.linalg.norm(mean)
    draws = np.random.default_rng(seed)
    out = np.empty((count, DIM), dtype=np.float32)
    for start in range(0, count, 100_000):  # in blocks: bounded temporary memory
        n = min(100_000, count - start)
        block = (draws.standard_normal((n, DIM), dtype=np.float32) * spectrum) @ basis.T
        block += mean * np.float32(0.8 * np.linalg.norm(block, axis=1).mean())
        out[start:start + n] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def one(count: int, kind: str, queries: int) -> dict:
    """Build one index over the stored vectors; time searches; recall against exact."""
    from qa.threads import configure_threads

    configure_threads(1)
    import faiss

    from qa.vectors import build_vectors, choose_spec

    vectors = np.load(WORK / f"vectors-{count}.npy")
    asked = np.load(WORK / f"queries-{count}.npy")[:queries]
    before = _peak_mb()
    spec = choose_spec(count, threshold=0, kind=kind)
    began = time.perf_counter()
    index = build_vectors(vectors, DIM, spec)
    build_s = time.perf_counter() - began
    del vectors
    # One thread per search: the server runs one query per request, requests in parallel
    # (and a one-query flat search split over busy cores is slower, not faster).
    faiss.omp_set_num_threads(1)
    times, found = [], []
    for query in asked[:10]:  # warm-up
        index.search(query[None], 10)
    for query in asked:
        began = time.perf_counter()
        _, rows = index.search(query[None], 10)
        times.append((time.perf_counter() - began) * 1000)
        found.append(rows[0])
    found_rows = np.array(found)
    truth_file = WORK / f"truth-{count}.npy"
    if kind == "flat":
        np.save(truth_file, found_rows)
    truth = np.load(truth_file)[: len(found_rows)]
    recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(found_rows, truth,
                                                                      strict=True)]))
    peak = _peak_mb()
    stored = WORK / f"index-{count}-{kind}.faiss"
    faiss.write_index(index, str(stored))
    size_mb = stored.stat().st_size / 2**20
    stored.unlink()
    return {"count": count, "kind": kind, "spec": spec, "build_s": build_s,
            "search_ms": summary(times), "recall_at_10": recall, "index_mb": size_mb,
            "peak_rss_mb": peak, "vectors_mb": count * DIM * 4 / 2**20,
            "rss_before_build_mb": before}


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--kinds", default="flat,hnsw")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ivf-up-to", type=int, default=100_000,
                        help="build IVF only up to this many vectors (its k-means is slow)")
    parser.add_argument("--timeout", type=float, default=3000, help="seconds per (size, index) run")
    parser.add_argument("--one", nargs=2, metavar=("COUNT", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args.queries)))
        return 0

    from qa.vectors import ANN_THRESHOLD, choose_spec

    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    kinds = ["flat", *(k for k in args.kinds.split(",") if k != "flat")]  # flat: the truth
    for count in (int(s) for s in args.sizes.split(",")):
        if not (WORK / f"vectors-{count}.npy").exists():
            np.save(WORK / f"vectors-{count}.npy", synthetic(count, seed=count))
            np.save(WORK / f"queries-{count}.npy", synthetic(1000, seed=count + 1))
        for kind in kinds:
            if kind == "ivf" and count > args.ivf_up_to:
                continue
            cmd = [sys.executable, __file__, "--one", str(count), kind,
                   "--queries", str(args.queries)]
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                                     timeout=args.timeout)
                entry = json.loads(out.stdout)
            except subprocess.TimeoutExpired:
                entry = {"count": count, "kind": kind, "error": f"over {args.timeout:.0f} s"}
            except subprocess.CalledProcessError as exc:
                entry = {"count": count, "kind": kind, "error": exc.stderr[-500:]}
            entry["auto"] = choose_spec(count)["type"]
            results.append(entry)
            print(f"  scale: {count} {kind} done", file=sys.stderr, flush=True)
        (WORK / f"vectors-{count}.npy").unlink(missing_ok=True)  # 1.5 GB at 1M: not kept
    save("scale.json", {"ann_threshold": ANN_THRESHOLD, "runs": results})
    print(report(results))
    return 0


def report(results: list[dict]) -> str:
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["count"], r["kind"], "-", "-", "-", "-", "-", "-", r["error"][:60]])
            continue
        spec = ",".join(f"{k}={v}" for k, v in r["spec"].items() if k != "type") or "-"
        rows.append([r["count"], r["kind"], r["build_s"], r["search_ms"]["p50"],
                     r["search_ms"]["p95"], r["recall_at_10"], r["index_mb"], r["peak_rss_mb"],
                     f"{spec}; auto: {r['auto']}"])
    return table("Vector search by corpus size (synthetic 384-d, one query at a time, k=10)",
                 ["vectors", "index", "build s", "search p50 ms", "search p95 ms",
                  "recall@10", "index MB", "peak RSS MB", "parameters; what qa build picks"],
                 rows)


if __name__ == "__main__":
    sys.exit(main())
