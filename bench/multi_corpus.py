"""The multi-document corpus (bulletin + 23 work reports): build time and peak memory, the
cost of adding one report, and per-question latency beside the bare query embedding.

    python bench/multi_corpus.py [--index index-multi] [--full]

--full builds the whole corpus from nothing in a fresh folder (about 1.3 M characters to
embed: many minutes on two cores). Without it the full build is skipped and the figures of
the incremental builds and of the questions use the built index (`make index-multi`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, save, summary, table

REPORTS = ROOT.parent / "shared" / "corpus" / "gov-reports-2026"
MULTI_GOLD = ROOT / "eval" / "multi-dev.jsonl"


def timed_build(corpus: list[Path], out: Path) -> dict[str, float]:
    """`qa build` in its own process: wall seconds and peak RSS (MB)."""
    args = [sys.executable, "-m", "qa.cli", "build", "--out", str(out)]
    for path in corpus:
        args += ["--corpus", str(path)]
    began = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"qa build {corpus} failed")
    return {"seconds": time.perf_counter() - began, "peak_rss_mb": usage.ru_maxrss / 1024}


def add_one_report(index: Path) -> dict[str, float]:
    """From the built index: the corpus less its last report (everything reused), then the
    whole corpus again, which embeds that one report."""
    reports = sorted(REPORTS.glob("*.txt"))
    with tempfile.TemporaryDirectory(prefix="qa-bench-multi-") as tmp:
        root, less = Path(tmp) / "index", Path(tmp) / "less"
        build = (index / "current").resolve()
        shutil.copytree(build, root / "builds" / build.name)
        (root / "current").symlink_to(Path("builds") / build.name)
        less.mkdir()
        for report in reports[:-1]:
            (less / report.name).symlink_to(report)
        without = timed_build([ROOT / "data", less], root)
        (less / reports[-1].name).symlink_to(reports[-1])
        added = timed_build([ROOT / "data", less], root)
    return {"rebuild_without_one_s": without["seconds"], "add_one_s": added["seconds"],
            "add_one_peak_rss_mb": added["peak_rss_mb"], "report_chars":
            len(reports[-1].read_text(encoding="utf-8"))}


def latency(index: Path, limit: int) -> dict[str, dict[str, float]]:
    """In process, caches off: bare query embedding and the whole ask, per question."""
    from qa.threads import configure_threads

    configure_threads(1)
    from qa.eval.gold import load_gold
    from qa.service import QAService
    from qa.settings import Settings

    service = QAService.from_settings(Settings(index_dir=index, embed_cache_size=0))
    asked = [item.question for item in load_gold(MULTI_GOLD)][:limit]
    for question in asked[:5]:
        service.ask(question)
    bare, ask = [], []
    for question in asked:
        began = time.perf_counter()
        service.embedder.embed([question], "query")
        bare.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        service.ask(question)
        ask.append((time.perf_counter() - began) * 1000)
    return {"bare_embed_ms": summary(bare), "ask_ms": summary(ask)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=ROOT / "index-multi")
    parser.add_argument("--full", action="store_true", help="also time a build from nothing")
    parser.add_argument("--limit", type=int, default=100, help="questions timed (default 100)")
    args = parser.parse_args()
    result: dict[str, object] = {}
    rows: list[list[object]] = []
    if args.full:
        with tempfile.TemporaryDirectory(prefix="qa-bench-full-") as tmp:
            full = timed_build([ROOT / "data", REPORTS], Path(tmp) / "index")
        result["full_build"] = full
        rows += [["full build (24 documents, fresh folder), s", full["seconds"]],
                 ["full build peak RSS, MB", full["peak_rss_mb"]]]
    added = add_one_report(args.index)
    result["add_one"] = added
    rows += [["rebuild with one report fewer (all reused), s", added["rebuild_without_one_s"]],
             [f"add one report ({added['report_chars']:.0f} chars), s", added["add_one_s"]],
             ["add one report, peak RSS MB", added["add_one_peak_rss_mb"]]]
    timed = latency(args.index, args.limit)
    result |= timed
    bare, ask = timed["bare_embed_ms"], timed["ask_ms"]
    rows += [["bare query embedding p50 / p95, ms", f"{bare['p50']:.1f} / {bare['p95']:.1f}"],
             ["ask p50 / p95 (in process), ms", f"{ask['p50']:.1f} / {ask['p95']:.1f}"],
             ["ask p50 ÷ bare embedding p50", ask["p50"] / bare["p50"]]]
    save("multi_corpus.json", result)
    print(table(f"Multi-document corpus ({args.index.name}), load {os.getloadavg()[0]:.1f}",
                ["measure", "value"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
