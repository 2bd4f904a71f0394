"""The quality gate: minimum (or maximum) metric values for the `full` configuration.

Thresholds come from a TOML file (``eval/thresholds.toml``, flat ``name = value``) and/or
command-line flags of the same names; a flag wins over the file. A name may end in a
language of the gold set ("min-recall-at-1-en"): it then applies to that language's
questions alone (file only).
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
    "min-document-accuracy": ("document_accuracy", "min"),
    "min-abstention-recall": ("abstention_recall", "min"),
    "max-false-declines": ("false_decline_rate", "max"),
}
LANGUAGES = ("zh", "en")


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


def split_name(name: str) -> tuple[str, str | None]:
    """"min-recall-at-1-en" → ("min-recall-at-1", "en"); a name without a language → None."""
    for lang in LANGUAGES:
        if name.endswith(f"-{lang}") and name[:-len(lang) - 1] in GATES:
            return name[:-len(lang) - 1], lang
    return name, None


def check_threshold(name: str, value: object, where: str = "command line") -> float:
    if split_name(name)[0] not in GATES:
        raise InvalidInputError(f"Unknown threshold {name!r} in {where}; known: "
                                f"{', '.join(GATES)}, each also with -{' or -'.join(LANGUAGES)} "
                                f"for one language.")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidInputError(f"Threshold {name} in {where} must be a number from 0 to 1, "
                                f"got {value!r}.")
    return float(value)


def judge(summary: dict[str, float | None], thresholds: dict[str, float], k: int,
          by_language: dict[str, dict[str, float | None]] | None = None) -> list[Verdict]:
    """One verdict per threshold; a language's threshold reads by_language[lang]. A metric
    that was not measured passes only a bound that nothing can fail (a minimum of 0)."""
    verdicts = []
    for name, threshold in thresholds.items():
        base, lang = split_name(name)
        key, kind = GATES[base]
        metric = key.format(k=k)
        scope = summary if lang is None else (by_language or {}).get(lang, {})
        value = scope.get(metric)
        if lang is not None:
            metric += f" [{lang}]"
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
