"""The quality gate: minimum (or maximum) metric values for the `full` configuration.

Thresholds come from a TOML file (``eval/thresholds.toml``, flat ``name = value``) and/or
command-line flags of the same names; a flag wins over the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidInputError, QAError

GATED_CONFIG = "full"
# name → (metric key, "min" or "max"); "{k}" is the run's --k.
GATES = {
    "min-recall-at-1": ("recall@1", "min"),
    "min-recall-at-5": ("recall@5", "min"),
    "min-mrr": ("mrr@{k}", "min"),
    "min-ndcg": ("ndcg@{k}", "min"),
    "min-answer-accuracy": ("answer_accuracy", "min"),
    "min-citation-accuracy": ("citation_accuracy", "min"),
    "min-citation-precision": ("citation_precision", "min"),
    "min-abstention-recall": ("abstention_recall", "min"),
    "max-false-declines": ("false_decline_rate", "max"),
}


class QualityGateFailed(QAError):
    """A metric of the gated configuration is on the wrong side of its threshold."""

    code = "quality_gate_failed"
    exit_code = 5


@dataclass(frozen=True)
class Verdict:
    name: str
    metric: str
    value: float | None
    threshold: float
    passed: bool

    def __str__(self) -> str:
        shown = "not measured" if self.value is None else f"{self.value:.3f}"
        sign = ">=" if self.name.startswith("min") else "<="
        return f"{self.metric} = {shown} (needs {sign} {self.threshold:g}, {self.name})"


def load_thresholds(path: Path) -> dict[str, float]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidInputError(f"Thresholds file {path} does not exist.") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInputError(f"Thresholds file {path} cannot be read: {exc}.") from exc
    return {name: check_threshold(name, value, str(path)) for name, value in data.items()}


def check_threshold(name: str, value: object, where: str = "command line") -> float:
    if name not in GATES:
        raise InvalidInputError(f"Unknown threshold {name!r} in {where}; known: "
                                f"{', '.join(GATES)}.")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidInputError(f"Threshold {name} in {where} must be a number from 0 to 1, "
                                f"got {value!r}.")
    return float(value)


def judge(summary: dict[str, float | None], thresholds: dict[str, float],
          k: int) -> list[Verdict]:
    """One verdict per threshold. A metric that was not measured passes only a bound that
    nothing can fail (a minimum of 0)."""
    verdicts = []
    for name, threshold in thresholds.items():
        key, kind = GATES[name]
        metric = key.format(k=k)
        value = summary.get(metric)
        if value is None:
            passed = kind == "min" and threshold <= 0
        else:
            passed = value >= threshold if kind == "min" else value <= threshold
        verdicts.append(Verdict(name, metric, value, threshold, passed))
    return verdicts


def enforce(verdicts: list[Verdict]) -> None:
    failed = [v for v in verdicts if not v.passed]
    if failed:
        raise QualityGateFailed(f"quality gate failed for the {GATED_CONFIG} configuration: "
                                + "; ".join(str(v) for v in failed))
