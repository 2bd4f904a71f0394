"""Where the time of one question goes, in process: embedding, lexical, dense, fusion, answer.

    python bench/inproc.py [--index index] [--limit N]

Every gold question once (after a short warm-up), caches off. The bare query embedding is
timed separately on the same question (the model alone, the floor of any pipeline).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, questions, save, summary, table

STAGES = ("embed", "lexical", "dense", "fuse", "answer", "total")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--limit", type=int, default=0, help="first N gold questions (0: all)")
    args = parser.parse_args()

    from qa.threads import configure_threads

    configure_threads(1)
    from qa.service import QAService
    from qa.settings import Settings

    service = QAService.from_settings(Settings(index_dir=args.index, embed_cache_size=0))
    asked = questions()[: args.limit or None]
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
            stages[name].append(answer.timing_ms[name])
        stages["total"].append(wall)
    rows = [["bare query embedding", *summary(bare).values()]]
    rows += [[name, *summary(values).values()] for name, values in stages.items()]
    result = {"questions": len(asked), "bare_embed_ms": summary(bare),
              "stages_ms": {name: summary(values) for name, values in stages.items()}}
    save("inproc.json", result)
    print(table(f"In process, per question ({len(asked)} gold questions, caches off), ms",
                ["stage", "p50", "p95", "p99"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
