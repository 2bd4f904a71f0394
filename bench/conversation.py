"""What a conversation costs: `ask` with a 10-turn history against the same question alone.

    python bench/conversation.py [--index index] [--limit N]

In process, caches off. Two histories per gold question: ten earlier gold questions with
their real answers and citations (the question itself stands alone: the resolver only
classifies it), and the worst case, a follow-up ("What about proposal 2?") after ten turns
that each rescope the one before, so every turn is resolved again. Printed: p50 of each and
the difference to the question alone (target: within 1 ms at p50), and the resolver alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, questions, save, summary, table

TURNS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index")
    parser.add_argument("--limit", type=int, default=60, help="gold questions (0: all)")
    args = parser.parse_args()

    from qa.threads import configure_threads

    configure_threads(1)
    from qa.followup import Turn
    from qa.service import QAService
    from qa.settings import Settings

    service = QAService.from_settings(Settings(index_dir=args.index, embed_cache_size=0))
    asked = questions()[: args.limit or None]
    earlier = []
    for question in questions()[-TURNS:]:
        answer = service.ask(question)
        earlier.append(Turn(question, answer.text, tuple(c.chunk_id for c in answer.citations)))
    first = service.ask("How many elderly meal sites were built under proposal 3?")
    chained = [Turn(first.question, first.text, tuple(c.chunk_id for c in first.citations))]
    chained += [Turn(f"What about proposal {1 + n % 3}?", "", ()) for n in range(TURNS - 1)]
    times: dict[str, list[float]] = {"alone": [], "10 turns before": [], "resolve only": [],
                                     "follow-up after 10 rescopes": []}
    for question in asked:
        for name, history in (("alone", []), ("10 turns before", earlier)):
            began = time.perf_counter()
            service.ask(question, history=history)
            times[name].append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        service.resolve("What about proposal 2?", chained)
        times["resolve only"].append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        service.ask("What about proposal 2?", history=chained)
        times["follow-up after 10 rescopes"].append((time.perf_counter() - began) * 1000)
    stats = {name: summary(values) for name, values in times.items()}
    extra = stats["10 turns before"]["p50"] - stats["alone"]["p50"]
    save("conversation.json", {"questions": len(asked), "ms": stats,
                               "history_cost_p50_ms": extra})
    print(table(f"ask with a {TURNS}-turn history, in process ({len(asked)} gold questions, "
                "caches off), ms", ["case", "p50", "p95", "p99"],
                [[name, *s.values()] for name, s in stats.items()]))
    print(f"\n{TURNS}-turn history costs {extra:+.2f} ms at p50 (target: within 1 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
