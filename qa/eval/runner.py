"""Run the selected configurations over a gold set and summarise, overall and by split."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import is_bulletin
from ..embed import embedder_id, load_embedder
from ..errors import InvalidInputError, QAError
from ..index import Index, load_index
from ..parse import parse
from ..service import QAService
from ..settings import Settings
from ..types import Answer
from .configs import (
    CONFIGS,
    BM25System,
    DenseSystem,
    FixedSystem,
    FullSystem,
    QueryVectors,
    Run,
    System,
)
from .gold import GoldItem, GoldProblem, document_of, validate_gold
from .locate import EvalDoc
from .scoring import Outcome, score, summarise

SPLITS = ("lang", "style", "type")
Summary = dict[str, float | None]


@dataclass(frozen=True)
class EvalResult:
    gold_path: Path
    k: int
    answer_k: int
    configs: tuple[str, ...]
    outcomes: dict[str, tuple[Outcome, ...]]
    overall: dict[str, Summary]
    splits: dict[str, dict[str, dict[str, Summary]]]  # split → value → config → summary
    gold_problems: tuple[GoldProblem, ...]
    index_info: dict[str, str]
    seconds: dict[str, float] = field(default_factory=dict)  # setup, each config, total
    machine: dict[str, str] = field(default_factory=dict)  # what latency figures depend on


def choose_configs(names: Sequence[str] | None) -> tuple[str, ...]:
    """The configurations to run, in the standard order; all when none are named."""
    if not names:
        return CONFIGS
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise InvalidInputError(f"Unknown configuration(s) {', '.join(unknown)}; "
                                f"choose from {', '.join(CONFIGS)}.")
    return tuple(n for n in CONFIGS if n in names)


def build_systems(names: Sequence[str], settings: Settings) -> tuple[list[System], Index]:
    """The product service (full, and the answerer of every baseline) and each baseline."""
    index = load_index(settings.index_dir, embedder_id=embedder_id(settings.embedder))
    service = QAService.from_settings(settings)

    @functools.cache
    def vectors() -> QueryVectors:  # the embedder loads once, and only if a baseline needs it
        return QueryVectors(load_embedder(settings.embedder))

    makers: dict[str, Callable[[], System]] = {
        "full": lambda: FullSystem(service, index.chunks),
        "dense": lambda: DenseSystem(service, index, vectors()),
        "bm25": lambda: BM25System(service, index),
        "fixed300": lambda: FixedSystem(service, _only_document(index), vectors()),
    }
    return [makers[name]() for name in names], index


def evaluate(items: Sequence[GoldItem], settings: Settings, names: Sequence[str], k: int = 10,
             answer_k: int = 5, gold_path: Path = Path("eval/gold.jsonl"),
             progress: Callable[[str], None] | None = None) -> EvalResult:
    if k < 1 or answer_k < 1:
        raise InvalidInputError(f"k and answer-k must be at least 1 (got {k}, {answer_k}).")
    began = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    names = choose_configs(names)
    systems, index = build_systems(names, settings)
    docs = eval_documents(index)
    problems = tuple(validate_gold(list(items), docs, index.chunks))
    if progress:
        for problem in problems:
            progress(f"warning: gold {problem}")
    seconds = {"setup": time.perf_counter() - began}
    outcomes: dict[str, tuple[Outcome, ...]] = {}
    for system in systems:
        started = time.perf_counter()
        outcomes[system.name] = tuple(
            _run_one(system, item, document_of(item, docs) or _unknown(item), k, answer_k)
            for item in items)
        seconds[system.name] = time.perf_counter() - started
        if progress:
            progress(f"{system.name}: {len(items)} questions in {seconds[system.name]:.1f} s")
    overall = {name: summarise(found, k) for name, found in outcomes.items()}
    splits: dict[str, dict[str, dict[str, Summary]]] = {}
    for split in (*SPLITS, "doc") if any(item.doc for item in items) else SPLITS:
        values = sorted({getattr(item, split) or "" for item in items})
        splits[split] = {value: {name: summarise([o for o in found
                                                  if (getattr(o.item, split) or "") == value], k)
                                 for name, found in outcomes.items()}
                         for value in values}
    seconds["total"] = time.perf_counter() - began
    manifest = index.manifest
    info = {"index": str(index.path), "embedder": manifest.embedder_id,
            "chunker": manifest.chunker_version, "corpus": manifest.corpus_name}
    return EvalResult(gold_path, k, answer_k, names, outcomes, overall, splits, problems, info,
                      seconds, machine_conditions(load_at_start))


def machine_conditions(load_at_start: float) -> dict[str, str]:
    """Cores, load and OpenMP settings: the embedder's OpenMP threads slow down many times
    over when other processes keep the cores busy, so latency needs this context."""
    conditions = {"cores": str(os.cpu_count()),
                  "load": f"{load_at_start:.1f} → {os.getloadavg()[0]:.1f}"}
    conditions |= {name: value for name, value in os.environ.items() if name.startswith("OMP_")}
    return conditions


def eval_documents(index: Index) -> dict[str, EvalDoc]:
    """Each document of the index with its text and, for a bulletin, its tree."""
    return {d.doc_id: EvalDoc(d.doc_id, text, parse(text) if is_bulletin(text) else None)
            for d in index.documents for text in [index.text_of(d.doc_id)]}


def _only_document(index: Index) -> EvalDoc:
    if len(index.documents) != 1:
        raise InvalidInputError("fixed300 indexes one document; this index holds "
                                f"{len(index.documents)} (use --config full dense bm25).")
    return next(iter(eval_documents(index).values()))


def _unknown(item: GoldItem) -> EvalDoc:
    """A stand-in for a document the index lacks (already reported as a gold problem)."""
    return EvalDoc(item.doc or "", "", None)


def _run_one(system: System, item: GoldItem, doc: EvalDoc, k: int, answer_k: int) -> Outcome:
    """A product error on one question is recorded (as a decline), not fatal to the run."""
    try:
        run = system.run(item.question, k, answer_k)
    except QAError as exc:
        empty = Run((), Answer(item.question, "", False, (), ()), 0.0)
        return score(item, empty, system, doc, error=f"{type(exc).__name__}: {exc}")
    return score(item, run, system, doc)
