"""`qa eval` as a user runs it: a real process, the real bundled model, a real index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_cli import qa

CONFIGS = ["full", "dense", "bm25", "fixed300"]


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dozen gold lines: both languages, every style, unanswerable ones included."""
    lines = (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    chosen = [r for r in records if r["type"] != "unanswerable"][:10:2] + \
        [r for r in records if r["lang"] == "en" and r["type"] != "unanswerable"][:4] + \
        [r for r in records if r["type"] == "unanswerable"][:3]
    unique = {r["id"]: r for r in chosen}.values()
    path = tmp_path_factory.mktemp("gold") / "small.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in unique),
                    encoding="utf-8")
    return path


def test_eval_writes_tables_report_predictions_and_chart(index_root: Path, small_gold: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = qa("eval", "--gold", str(small_gold), "--index", str(index_root), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in CONFIGS:
        assert f"| {name} |" in result.stdout
    assert "| full vs fixed300 |" in result.stdout and "R@1" in result.stdout
    n = len(small_gold.read_text(encoding="utf-8").splitlines())

    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["configs"] == CONFIGS and metrics["gold_problems"] == []
    assert set(metrics["splits"]) == {"lang", "style", "type"}
    predictions = [json.loads(line) for line in
                   (out / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(predictions) == n * len(CONFIGS)
    for name in CONFIGS:
        # The summary agrees with the per-question records it came from.
        mine = [p for p in predictions if p["config"] == name and p["type"] != "unanswerable"]
        overall = metrics["overall"][name]
        assert overall["questions"] == n and overall["answerable"] == len(mine)
        assert overall["recall@1"] == pytest.approx(
            sum(p["scores"]["recall@1"] for p in mine) / len(mine))
        assert overall["answer_accuracy"] == pytest.approx(
            sum(p["correct"]["answer"] for p in mine) / len(mine))
        assert 0 <= overall["recall@1"] <= overall["recall@5"] <= overall["recall@10"] <= 1
    full = [p for p in predictions if p["config"] == "full"]
    assert all(p["latency_ms"] > 0 and len(p["top_ids"]) == 10 for p in full)
    assert metrics["overall"]["full"]["recall@10"] > 0.5  # the real model finds most evidence

    report = (out / "report.md").read_text(encoding="utf-8")
    assert "## All configurations" in report and "## By lang" in report
    assert (out / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_quality_gate_exit_code_and_message(index_root: Path, small_gold: Path,
                                            tmp_path: Path) -> None:
    # Without unanswerable items abstention recall cannot be measured, so a minimum on it
    # fails whatever the product's quality; a minimum of 0 on recall@1 always passes.
    answerable = tmp_path / "answerable.jsonl"
    answerable.write_text("".join(line + "\n" for line in
                                  small_gold.read_text(encoding="utf-8").splitlines()
                                  if '"unanswerable"' not in line), encoding="utf-8")
    args = ["eval", "--index", str(index_root), "--config", "full",
            "--out", str(tmp_path / "gate")]
    failed = qa(*args, "--gold", str(answerable), "--min-recall-at-1", "0.0",
                "--min-abstention-recall", "0.5")
    assert failed.returncode == 5, failed.stderr
    assert "quality gate failed" in failed.stderr
    assert "abstention_recall = not measured (needs >= 0.5, min-abstention-recall)" in \
        failed.stderr
    assert "recall@1" not in failed.stderr.split("quality gate failed")[1]
    assert (tmp_path / "gate" / "report.md").is_file()  # the report is written either way

    thresholds = tmp_path / "t.toml"
    thresholds.write_text("min-recall-at-1 = 0.0\nmax-false-declines = 1.0\n", encoding="utf-8")
    passed = qa(*args, "--gold", str(small_gold), "--thresholds", str(thresholds))
    assert passed.returncode == 0, passed.stderr
    assert "quality gate (full): passed" in passed.stdout


def test_bad_invocations_are_clear_errors(index_root: Path, small_gold: Path,
                                          tmp_path: Path) -> None:
    out = tmp_path / "none"
    unknown = qa("eval", "--gold", str(small_gold), "--index", str(index_root),
                 "--config", "bm25", "sparse", "--out", str(out))
    assert unknown.returncode == 2 and "Unknown configuration(s) sparse" in unknown.stderr
    gated = qa("eval", "--gold", str(small_gold), "--index", str(index_root), "--config", "bm25",
               "--min-recall-at-1", "0.5", "--out", str(out))
    assert gated.returncode == 2 and "--config full" in gated.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text(small_gold.read_text(encoding="utf-8") + '{"id": "x"}\n',
                      encoding="utf-8")
    malformed = qa("eval", "--gold", str(broken), "--index", str(index_root), "--out", str(out))
    n = len(small_gold.read_text(encoding="utf-8").splitlines())
    assert malformed.returncode == 2 and f"line {n + 1}: missing field(s)" in malformed.stderr
    assert not out.exists() and "Traceback" not in malformed.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    unwritable = qa("eval", "--gold", str(small_gold), "--index", str(index_root),
                    "--out", str(blocker / "report"))
    assert unwritable.returncode == 2 and "Cannot write reports" in unwritable.stderr
    zero = qa("eval", "--gold", str(small_gold), "--index", str(index_root), "--k", "0",
              "--out", str(out))
    assert zero.returncode == 2 and "at least 1" in zero.stderr


@pytest.mark.slow
def test_holdout_runs_every_configuration(index_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "holdout"
    result = qa("eval", "--gold", "eval/holdout.jsonl", "--index", str(index_root),
                "--out", str(out))
    assert result.returncode == 0, result.stderr
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert {name: metrics["overall"][name]["questions"] for name in CONFIGS} == \
        dict.fromkeys(CONFIGS, 50)
    assert metrics["gold_problems"] == []
