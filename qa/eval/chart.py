"""A bar chart of the main metrics per configuration (PNG, matplotlib's Agg backend)."""

from __future__ import annotations

from pathlib import Path

from .runner import EvalResult

CHART = "chart.png"
LABELS = {"recall@1": "R@1", "recall@5": "R@5", "answer_accuracy": "answer",
          "citation_accuracy": "citation"}


def chart_metrics(k: int) -> list[str]:
    return ["recall@1", f"recall@{min(5, k)}", f"mrr@{k}", f"ndcg@{k}", "answer_accuracy",
            "citation_accuracy"]


def write_chart(result: EvalResult, path: Path) -> Path:
    """Grouped bars: one group per metric, one bar per configuration.

    Raises ImportError when matplotlib is missing (the ``eval`` extra installs it).
    """
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    metrics = chart_metrics(result.k)
    width = 0.8 / max(len(result.configs), 1)
    figure, axes = plt.subplots(figsize=(10, 4.8), dpi=110)
    try:
        for n, name in enumerate(result.configs):
            values = [result.overall[name].get(m) or 0.0 for m in metrics]
            positions = [i + (n - (len(result.configs) - 1) / 2) * width
                         for i in range(len(metrics))]
            bars = axes.bar(positions, values, width, label=name)
            axes.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=7, padding=1)
        axes.set_xticks(range(len(metrics)),
                        [LABELS.get(m, m.replace("mrr", "MRR").replace("ndcg", "nDCG"))
                         for m in metrics])
        axes.set_ylim(0, 1.08)
        axes.set_ylabel("score (answerable questions)")
        axes.set_title(f"{result.gold_path.name}: main metrics per configuration")
        axes.legend(loc="upper right", fontsize=8, ncols=len(result.configs))
        figure.tight_layout()
        tmp = path.with_name(f".{path.name}.tmp.png")
        figure.savefig(tmp)
        tmp.replace(path)
    finally:
        plt.close(figure)
    return path
