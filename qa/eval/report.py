"""Tables (markdown, also printed), metrics.json and predictions.jsonl of an eval run."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .configs import DESCRIPTIONS
from .runner import EvalResult
from .scoring import Outcome
from .thresholds import GATED_CONFIG, Verdict

REPORT, METRICS, PREDICTIONS = "report.md", "metrics.json", "predictions.jsonl"
BASE_COLUMNS = ("recall@1", "recall@3", "recall@5", "recall@10")
OTHER_COLUMNS = ("answer_accuracy", "citation_accuracy", "citation_precision",
                 "document_accuracy", "abstention_precision", "abstention_recall",
                 "false_decline_rate", "figure_first_accuracy")
HEADERS = {"answer_accuracy": "answer", "citation_accuracy": "cite acc",
           "citation_precision": "cite prec", "document_accuracy": "doc acc",
           "abstention_precision": "abst P",
           "abstention_recall": "abst R", "false_decline_rate": "false decl",
           "figure_first_accuracy": "figure 1st",
           "latency_p50_ms": "p50 ms", "latency_p95_ms": "p95 ms"}


def main_columns(k: int) -> list[str]:
    recalls = [c for c in BASE_COLUMNS if int(c.split("@")[1]) < k] + [f"recall@{k}"]
    return [*recalls, f"mrr@{k}", f"ndcg@{k}", *OTHER_COLUMNS, "latency_p50_ms",
            "latency_p95_ms"]


def gain_columns(k: int) -> list[str]:
    return ["recall@1", f"recall@{min(5, k)}", f"mrr@{k}", f"ndcg@{k}", "answer_accuracy",
            "citation_accuracy", "citation_precision"]


def _header(metric: str) -> str:
    if metric in HEADERS:
        return HEADERS[metric]
    name, _, at = metric.partition("@")
    return {"recall": "R", "mrr": "MRR", "ndcg": "nDCG"}.get(name, name) + "@" + at


def _cell(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if metric.endswith("_ms") else f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main_table(result: EvalResult) -> str:
    columns = main_columns(result.k)
    rows = [[name, *(_cell(c, result.overall[name].get(c)) for c in columns)]
            for name in result.configs]
    return _table(["config", *(_header(c) for c in columns)], rows)


def gain_table(result: EvalResult) -> str | None:
    """full − baseline for each baseline (None when full or every baseline is missing)."""
    baselines = [name for name in result.configs if name != GATED_CONFIG]
    if GATED_CONFIG not in result.configs or not baselines:
        return None
    full = result.overall[GATED_CONFIG]
    columns = gain_columns(result.k)
    rows = []
    for name in baselines:
        base = result.overall[name]
        rows.append([f"full vs {name}", *(_gain(full.get(c), base.get(c)) for c in columns)])
    return _table(["gain", *(_header(c) for c in columns)], rows)


def _gain(full: float | None, base: float | None) -> str:
    return "–" if full is None or base is None else f"{full - base:+.3f}"


def split_table(result: EvalResult, split: str) -> str:
    columns = [c for c in main_columns(result.k) if not c.startswith("latency")
               and c not in ("recall@3", "recall@10", "citation_precision",
                             "abstention_precision")]
    rows = []
    for value, by_config in result.splits[split].items():
        for name in result.configs:
            summary = by_config[name]
            n = f"{summary['answerable']:.0f}/{summary['questions']:.0f}"
            rows.append([value, name, n, *(_cell(c, summary.get(c)) for c in columns)])
    return _table([split, "config", "ans/all", *(_header(c) for c in columns)], rows)


def stdout_text(result: EvalResult, verdicts: Sequence[Verdict]) -> str:
    n = len(next(iter(result.outcomes.values()), ()))
    parts = [f"{result.gold_path}: {n} questions, k={result.k}, answer k={result.answer_k}",
             "", main_table(result)]
    gains = gain_table(result)
    if gains:
        parts += ["", gains]
    timing = ", ".join(f"{name} {result.seconds[name]:.1f} s" for name in result.configs)
    parts += ["", f"time: setup {result.seconds['setup']:.1f} s, {timing}, "
                  f"total {result.seconds['total']:.1f} s ({_machine(result)})"]
    if result.gold_problems:
        parts.append(f"warning: {len(result.gold_problems)} gold problem(s), see report.md")
    if verdicts:
        failed = [v for v in verdicts if not v.passed]
        parts.append(f"quality gate ({GATED_CONFIG}): "
                     + ("passed" if not failed else f"{len(failed)} of {len(verdicts)} failed"))
    return "\n".join(parts)


def _machine(result: EvalResult) -> str:
    return ", ".join(f"{name} {value}" for name, value in result.machine.items())


def report_markdown(result: EvalResult, verdicts: Sequence[Verdict]) -> str:
    info = result.index_info
    n = len(next(iter(result.outcomes.values()), ()))
    answerable = sum(1 for o in next(iter(result.outcomes.values()), ()) if o.item.answerable)
    lines = [
        "# Eval report", "",
        f"- gold: `{result.gold_path}` ({n} questions, {answerable} answerable)",
        f"- k = {result.k} (retrieval metrics), answer k = {result.answer_k} "
        "(passages the answerer gets)",
        f"- index: `{info['index']}`, embedder `{info['embedder']}`, chunker "
        f"{info['chunker']}, corpus `{info['corpus']}`",
        f"- run at {datetime.now(UTC).isoformat(timespec='seconds')}, "
        f"{result.seconds['total']:.1f} s in all ({_machine(result)})", "",
        "## All configurations", "", main_table(result), "",
    ]
    gains = gain_table(result)
    if gains:
        lines += ["## Gain of the product over each baseline (full − baseline)", "", gains, ""]
    for split in result.splits:
        lines += [f"## By {split}", "", split_table(result, split), ""]
    lines += ["## Configurations", ""]
    lines += [f"- `{name}`: {DESCRIPTIONS[name]}" for name in result.configs] + [""]
    if verdicts:
        lines += [f"## Quality gate ({GATED_CONFIG})", ""]
        lines += [f"- {'pass' if v.passed else 'FAIL'}: {v}" for v in verdicts] + [""]
    if result.gold_problems:
        lines += ["## Gold problems", ""] + [f"- {p}" for p in result.gold_problems] + [""]
    lines += ["## How to read it", "", DEFINITIONS]
    return "\n".join(lines)


DEFINITIONS = """\
- Relevant chunk: the chunk whose span holds the gold evidence at its gold location (a
  chunk overlapping it for `fixed300`, or when no chunk holds it whole).
- R@k: share of answerable questions with a relevant chunk in the top k. MRR, nDCG: binary
  relevance, cut at k. Tied scores count at their expected value over all orders.
- answer: the answer text contains a gold answer (NFKC, case, whitespace and numbers
  normalised: "1.57万" matches "15700"); a decline is never correct.
- cite acc: the first citation is at the gold proposal · section · measure (in a document
  without them: its chunk holds the gold evidence), in the gold document. cite prec: share
  of all citations whose chunk holds the evidence. doc acc: the first citation (declined:
  the top passage) is in the gold document.
- abst P / abst R: precision / recall of declining (answerable=false) on unanswerable
  questions; false decl: share of answerable questions declined.
- p50 / p95: latency of one question (retrieval + answer), in ms.
- Retrieval and answer metrics are over answerable questions; abstention over all.
"""


def prediction_records(outcomes: Sequence[Outcome], k: int) -> list[dict[str, Any]]:
    records = []
    for o in outcomes:
        item = o.item
        records.append({
            "config": o.config, "id": item.id, "lang": item.lang, "style": item.style,
            "type": item.type, "question": item.question,
            "gold": {"answers": list(item.answers), "location": str(item.location or ""),
                     "evidence": item.evidence},
            "top_ids": list(o.top_ids),
            "relevant_ranks": [rank for rank, (_, rel) in enumerate(o.ranking, 1) if rel],
            "answer": o.answer, "answerable": not o.declined,
            "citations": [{"chunk_id": c.chunk_id, "location": str(c.location),
                           "quote": c.quote, "start": c.start, "end": c.end,
                           "relevant": c.relevant} for c in o.citations],
            # Retrieval figures are tie-aware expectations (0.5: a tie for first place).
            "scores": {"recall@1": o.recall(1), f"recall@{k}": o.recall(k),
                       f"rr@{k}": o.reciprocal_rank(k)} if item.answerable else None,
            "correct": {"answer": o.answer_correct if item.answerable else None,
                        "citation": o.citation_correct if item.answerable else None,
                        "abstention": o.declined != item.answerable},
            "latency_ms": round(o.latency_ms, 2), "error": o.error or None,
        })
    return records


def metrics_json(result: EvalResult, verdicts: Sequence[Verdict]) -> dict[str, Any]:
    return {
        "gold": str(result.gold_path), "k": result.k, "answer_k": result.answer_k,
        "configs": list(result.configs), "index": result.index_info, "machine": result.machine,
        "seconds": {name: round(s, 2) for name, s in result.seconds.items()},
        "overall": result.overall, "splits": result.splits,
        "thresholds": [{"name": v.name, "metric": v.metric, "value": v.value,
                        "threshold": v.threshold, "passed": v.passed} for v in verdicts],
        "gold_problems": [str(p) for p in result.gold_problems],
    }


def write_report(result: EvalResult, verdicts: Sequence[Verdict], out: Path) -> list[Path]:
    """Write report.md, metrics.json and predictions.jsonl into out; each file appears
    whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    records = [r for name in result.configs
               for r in prediction_records(result.outcomes[name], result.k)]
    files = {
        REPORT: report_markdown(result, verdicts),
        METRICS: json.dumps(metrics_json(result, verdicts), ensure_ascii=False, indent=2),
        PREDICTIONS: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
    }
    written = []
    for name, text in files.items():
        written.append(write_atomic(out / name, text))
    return written


def write_atomic(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path

