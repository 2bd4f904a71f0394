"""`qa eval --dialogues FILE`: ask each conversation turn by turn, as a client would (each
turn's history is the service's own earlier answers), and score every turn.

Per turn: the answer holds a gold string, the first citation is at the gold place, and the
resolved question holds the gold scope (a standalone turn: exactly the question as asked).
A standalone turn is also asked alone, with no history: the conversation must cost it
nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from ..followup import Resolution, Turn
from ..query import proposal_ref_spans
from ..service import QAService
from ..settings import Settings
from ..types import Answer
from . import metrics
from .configs import Run, System
from .dialogues import FOLLOW_UPS, Dialogue, DialogueTurn
from .gold import document_of, validate_gold
from .locate import EvalDoc
from .runner import eval_documents
from .scoring import Outcome, score
from .thresholds import Verdict

# name → (summary key, "min" or "max")
DIALOGUE_GATES = {
    "min-followup-answer-accuracy": ("followup.answer_accuracy", "min"),
    "min-followup-citation-accuracy": ("followup.citation_accuracy", "min"),
    # every follow-up turn right, a near miss declined as much as a figure answered
    "min-followup-correct": ("followup.correct", "min"),
    "min-followup-abstention-recall": ("followup.abstention_recall", "min"),
    "min-scope-accuracy": ("followup.scope_accuracy", "min"),
    "min-standalone-kept": ("standalone.kept", "min"),
    "max-standalone-loss": ("standalone.loss", "max"),
}


@dataclass(frozen=True)
class TurnOutcome:
    turn: DialogueTurn
    outcome: Outcome
    resolution: Resolution
    scope_held: bool
    alone: Outcome | None = None  # a standalone turn asked with no history


class _Full:
    """The `full` configuration as scoring sees it (the service's own chunks)."""

    name = "full"
    structured = True

    def __init__(self, service: QAService) -> None:
        self.chunks = service.index.chunks


def run_dialogues(dialogues: Sequence[Dialogue], settings: Settings, k: int = 10,
                  answer_k: int = 5, progress: Callable[[str], None] | None = None,
                  ) -> list[TurnOutcome]:
    service = QAService.from_settings(settings)
    docs = eval_documents(service.index)
    items = [t.item for d in dialogues for t in d.turns]
    for problem in validate_gold(items, docs, service.index.chunks):
        if progress:
            progress(f"warning: dialogue turn {problem}")
    system = _Full(service)
    outcomes: list[TurnOutcome] = []
    began = time.perf_counter()
    for dialogue in dialogues:
        history: list[Turn] = []
        for turn in dialogue.turns:
            doc = document_of(turn.item, docs) or EvalDoc(turn.item.doc or "", "", None)
            outcome, resolution, answer = _ask(service, system, turn, doc, history, k, answer_k)
            alone = None
            if turn.follows == "standalone":
                alone = _ask(service, system, turn, doc, [], k, answer_k)[0]
            outcomes.append(TurnOutcome(turn, outcome, resolution,
                                        _holds_scope(turn, resolution, service), alone))
            history.append(Turn(turn.item.question, answer.text,
                                tuple(c.chunk_id for c in answer.citations)))
    if progress:
        progress(f"dialogues: {len(outcomes)} turns of {len(dialogues)} conversations in "
                 f"{time.perf_counter() - began:.1f} s")
    return outcomes


def _ask(service: QAService, system: _Full, turn: DialogueTurn, doc: EvalDoc,
         history: Sequence[Turn], k: int, answer_k: int,
         ) -> tuple[Outcome, Resolution, Answer]:
    question = turn.item.question
    resolution = service.resolve(question, history)
    began = time.perf_counter()
    answer = service.ask(question, answer_k, history=history)
    latency = (time.perf_counter() - began) * 1000
    if resolution.passage is not None:
        hits = answer.hits
    else:
        focus = (resolution.focus,) if resolution.focus else ()
        hits = tuple(service.search(resolution.question, k, resolution.docs or None, focus))
    # score reads only the name, chunks and structure of a configuration, not its run
    scored = score(turn.item, Run(hits, answer, latency), cast(System, system), doc)
    return scored, resolution, answer


def _holds_scope(turn: DialogueTurn, resolution: Resolution, service: QAService) -> bool:
    """The resolved question names the gold scope (a standalone turn: is the question)."""
    if turn.follows in ("first", "standalone"):
        return resolution.question == turn.item.question.strip()
    if resolution.passage is not None:
        chunk = service.index.chunk(resolution.passage)
        return chunk is not None and turn.scope_doc in (None, chunk.doc_id) and \
            turn.scope_proposal in (None, chunk.proposal)
    proposals = {n for _, _, n in proposal_ref_spans(resolution.question)}
    if turn.scope_proposal is not None and turn.scope_proposal not in proposals:
        return False
    if turn.scope_doc is not None and len(service.index.documents) > 1:
        return turn.scope_doc in service.scope.named_in(resolution.question)
    return True


def summarise_dialogues(outcomes: Sequence[TurnOutcome]) -> dict[str, dict[str, float | None]]:
    """Figures per kind of turn, for follow-ups together, and standalone turns alone."""
    groups: dict[str, list[TurnOutcome]] = {"all": list(outcomes), "followup": [
        o for o in outcomes if o.turn.follows in FOLLOW_UPS]}
    for follows in ("first", *FOLLOW_UPS, "standalone"):
        groups[follows] = [o for o in outcomes if o.turn.follows == follows]
    for lang in ("zh", "en"):
        groups[f"followup-{lang}"] = [o for o in groups["followup"] if o.turn.item.lang == lang]
    summary = {name: _figures(group) for name, group in groups.items()}
    standalone = [o for o in outcomes if o.alone is not None]
    in_dialogue = [_correct(o.outcome) for o in standalone]
    alone = [_correct(o.alone) for o in standalone if o.alone is not None]
    kept = metrics.mean([float(a == b) for a, b in zip(in_dialogue, alone, strict=True)])
    summary["standalone"] |= {
        "alone_correct": metrics.mean([float(c) for c in alone]),
        "kept": kept,
        "loss": (metrics.mean([float(c) for c in alone]) or 0.0)
        - (metrics.mean([float(c) for c in in_dialogue]) or 0.0) if standalone else None}
    return summary


def _correct(outcome: Outcome) -> bool:
    """Right on its own terms: the answer holds a gold string, or an unanswerable declined."""
    return outcome.answer_correct if outcome.item.answerable else outcome.declined


def _figures(group: Sequence[TurnOutcome]) -> dict[str, float | None]:
    answerable = [o for o in group if o.turn.item.answerable]
    figures: dict[str, float | None] = {
        "turns": float(len(group)), "answerable": float(len(answerable)),
        "correct": metrics.mean([float(_correct(o.outcome)) for o in group]),
        "answer_accuracy": metrics.mean([float(o.outcome.answer_correct) for o in answerable]),
        "citation_accuracy": metrics.mean([float(o.outcome.citation_correct)
                                           for o in answerable]),
        "scope_accuracy": metrics.mean([float(o.scope_held) for o in group]),
    }
    return figures | metrics.abstention([o.outcome.declined for o in group],
                                        [o.turn.item.answerable for o in group])


def judge_dialogues(summary: dict[str, dict[str, float | None]],
                    thresholds: dict[str, float]) -> list[Verdict]:
    verdicts = []
    for name, threshold in thresholds.items():
        key, kind = DIALOGUE_GATES[name]
        group, metric = key.split(".")
        value = summary.get(group, {}).get(metric)
        passed = value is not None and (value >= threshold if kind == "min"
                                        else value <= threshold)
        verdicts.append(Verdict(name, key, value, threshold, passed))
    return verdicts


def dialogue_text(summary: dict[str, dict[str, float | None]]) -> str:
    """The table `qa eval --dialogues` prints."""
    columns = ("turns", "correct", "answer_accuracy", "citation_accuracy", "scope_accuracy",
               "abstention_recall", "false_decline_rate")
    lines = ["| turn kind | " + " | ".join(columns) + " |", "|" + "---|" * (len(columns) + 1)]
    for group, figures in summary.items():
        shown = [_shown(figures.get(c), c == "turns") for c in columns]
        lines.append(f"| {group} | " + " | ".join(shown) + " |")
        if group == "standalone":
            lines.append(f"| standalone asked alone | — | "
                         f"{_shown(figures.get('alone_correct'))} | kept "
                         f"{_shown(figures.get('kept'))} | loss {_shown(figures.get('loss'))}"
                         " | | | |")
    return "\n".join(lines)


def _shown(value: float | None, whole: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if whole else f"{value:.3f}"


def write_predictions(outcomes: Sequence[TurnOutcome], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for o in outcomes:
            handle.write(json.dumps({
                "id": o.turn.item.id, "follows": o.turn.follows,
                "question": o.turn.item.question, "resolved": o.resolution.question,
                "rule": o.resolution.rule, "scope_held": o.scope_held,
                "answer": o.outcome.answer, "declined": o.outcome.declined,
                "answer_correct": o.outcome.answer_correct,
                "citation_correct": o.outcome.citation_correct,
                "citations": [c.chunk_id for c in o.outcome.citations],
                "gold": list(o.turn.item.answers)}, ensure_ascii=False) + "\n")
    return path
