"""Scoring of runs against gold items, the fixed-size baseline, and the quality gate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from qa.chunk import chunk_document
from qa.errors import InvalidInputError
from qa.eval.configs import Run
from qa.eval.fixed import fixed_size_chunks
from qa.eval.gold import GoldItem
from qa.eval.locate import EvalDoc, Location
from qa.eval.scoring import score, summarise
from qa.eval.thresholds import QualityGateFailed, enforce, judge, load_thresholds
from qa.parse import parse
from qa.types import Answer, Chunk, Citation, Hit

from .conftest import ROOT

MEAL = GoldItem(id="m", lang="en", question="How many elderly meal sites were built?",
                answers=("790",), proposal=3, section=3, measure=3,
                evidence="建成老年助餐机构790个", type="number", style="cross", line=1)
NOPE = GoldItem(id="u", lang="zh", question="武汉的市花是什么？", answers=(), proposal=None,
                section=None, measure=None, evidence="", type="unanswerable", style="literal",
                line=2)


class FakeSystem:
    """A configuration whose runs are given, for scoring tests."""

    def __init__(self, chunks: list[Chunk], structured: bool = True) -> None:
        self.name = "fake"
        self.chunks = tuple(chunks)
        self.structured = structured

    def run(self, question: str, k: int, answer_k: int) -> Run:
        raise NotImplementedError


@pytest.fixture(scope="module")
def doc(source: str) -> EvalDoc:
    return EvalDoc("", source, parse(source))


@pytest.fixture(scope="module")
def chunks(doc: EvalDoc) -> dict[str, Chunk]:
    assert doc.tree is not None
    return {c.id: c for c in chunk_document(doc.tree)}


def _cite(chunk: Chunk, quote: str, source: str) -> Citation:
    start = source.index(quote, chunk.start)
    return Citation(chunk.id, chunk.proposal, chunk.section, chunk.measure, chunk.label, quote,
                    start, start + len(quote))


def test_answerable_item_scores(doc: EvalDoc, chunks: dict[str, Chunk]) -> None:
    system = FakeSystem(list(chunks.values()))
    meal, other = chunks["p3-s3-m3"], chunks["p3-s3-m2"]
    hits = (Hit(other, 0.9), Hit(meal, 0.8), Hit(other, 0.7))  # a repeat counts once
    answer = Answer(MEAL.question, "建成老年助餐机构790个", True,
                    (_cite(meal, "建成老年助餐机构790个", doc.source),
                     _cite(other, other.clauses[0].text, doc.source)), hits)
    outcome = score(MEAL, Run(hits, answer, 12.0), system, doc)
    assert outcome.top_ids == ("p3-s3-m2", "p3-s3-m3")
    assert outcome.ranking == ((0.9, False), (0.8, True)) and outcome.n_relevant == 1
    assert (outcome.recall(1), outcome.recall(3), outcome.reciprocal_rank(10)) == (0, 1, 0.5)
    assert outcome.answer_correct and outcome.citation_correct
    assert [c.relevant for c in outcome.citations] == [True, False]
    assert outcome.citations[0].location == Location(3, 3, 3)

    wrong = Answer(MEAL.question, "建成1790个", True, (answer.citations[1],), hits)
    outcome = score(MEAL, Run(hits, wrong, 5.0), system, doc)
    assert not outcome.answer_correct and not outcome.citation_correct
    declined = Answer(MEAL.question, "建成老年助餐机构790个", False, (), hits)
    assert not score(MEAL, Run(hits, declined, 1.0), system, doc).answer_correct


def test_the_figure_an_answer_shows_first(doc: EvalDoc, chunks: dict[str, Chunk]) -> None:
    """The answer's first figure (after the document it names, dates left out) is judged
    apart from whether the quote behind it holds the gold figure."""
    system = FakeSystem(list(chunks.values()))
    meal = chunks["p3-s3-m3"]
    hits = (Hit(meal, 0.8),)
    cited = (_cite(meal, "建成老年助餐机构790个", doc.source),)

    def first(text: str, declined: bool = False) -> bool | None:
        answer = Answer(MEAL.question, text, not declined, () if declined else cited, hits)
        return score(MEAL, Run(hits, answer, 1.0), system, doc).figure_first

    assert first("据《2025年通报》：790个：2024年建成老年助餐机构790个") is True
    assert first("According to the 2025 bulletin: 790 — “建成老年助餐机构790个”") is True
    assert first("1790个：建成老年助餐机构790个") is False  # the quote holds it, the lead not
    assert first("790个", declined=True) is False
    not_a_figure = replace(MEAL, answers=("市民政局",))
    answer = Answer(MEAL.question, "市民政局", True, cited, hits)
    assert score(not_a_figure, Run(hits, answer, 1.0), system, doc).figure_first is None


def test_summary_over_answerable_and_unanswerable(doc: EvalDoc,
                                                  chunks: dict[str, Chunk]) -> None:
    system = FakeSystem(list(chunks.values()))
    meal = chunks["p3-s3-m3"]
    hits = (Hit(meal, 0.8),)
    good = Answer(MEAL.question, "790个", True, (_cite(meal, "建成老年助餐机构790个",
                                                      doc.source),), hits)
    outcomes = [score(MEAL, Run(hits, good, 10.0), system, doc),
                score(NOPE, Run(hits, Answer(NOPE.question, "", False, (), hits), 30.0),
                      system, doc)]
    summary = summarise(outcomes, k=10)
    assert summary["recall@1"] == 1.0 and summary["ndcg@10"] == 1.0
    assert summary["answer_accuracy"] == 1.0 and summary["citation_precision"] == 1.0
    assert summary["abstention_precision"] == 1.0 and summary["abstention_recall"] == 1.0
    assert summary["false_decline_rate"] == 0.0
    assert (summary["questions"], summary["answerable"]) == (2.0, 1.0)
    assert summary["latency_p50_ms"] == 20.0


def test_fixed_size_passages(source: str, doc: EvalDoc) -> None:
    passages = fixed_size_chunks(source)
    assert all(source[p.start:p.end] == p.text and 0 < len(p.text) <= 300 for p in passages)
    assert all(c.start >= p.start and c.end <= p.end for p in passages for c in p.clauses)
    covered = {i for p in passages for i in range(p.start, p.end)}
    assert all(i in covered for i, ch in enumerate(source) if not ch.isspace())
    # Unstructured passages are relevant when they overlap the evidence; citations are
    # placed by where the quoted text sits.
    system = FakeSystem(passages, structured=False)
    at = source.index(MEAL.evidence)
    holding = [p for p in passages if p.start < at + len(MEAL.evidence) and at < p.end]
    quote_start = at + 2
    citation = Citation(holding[0].id, 0, 0, 0, "", source[quote_start:quote_start + 6],
                        quote_start, quote_start + 6)
    answer = Answer(MEAL.question, citation.quote, True, (citation,), ())
    outcome = score(MEAL, Run(tuple(Hit(p, 0.5) for p in holding), answer, 1.0), system, doc)
    assert outcome.n_relevant == len(holding) and outcome.recall(1) == 1.0
    assert outcome.citation_correct and outcome.citations[0].relevant


def test_thresholds_file_and_gate(tmp_path: Path) -> None:
    thresholds = load_thresholds(ROOT / "eval" / "thresholds.toml")
    assert {"min-recall-at-1", "min-recall-at-5", "min-answer-accuracy",
            "min-citation-accuracy", "min-abstention-recall",
            "max-false-declines"} <= thresholds.keys()
    summary = {"recall@1": 0.5, "recall@5": 0.9, "false_decline_rate": 0.2,
               "abstention_recall": None}
    verdicts = judge(summary, {"min-recall-at-1": 0.6, "min-recall-at-5": 0.8,
                               "max-false-declines": 0.1, "min-abstention-recall": 0.0}, k=10)
    assert [v.passed for v in verdicts] == [False, True, False, True]
    with pytest.raises(QualityGateFailed) as failure:
        enforce(verdicts)
    assert failure.value.exit_code == 5
    message = str(failure.value)
    assert "recall@1 = 0.500 (needs >= 0.6" in message
    assert "false_decline_rate = 0.200 (needs <= 0.1" in message and "recall@5" not in message
    enforce([v for v in verdicts if v.passed])  # nothing failed: no error
    assert not judge({}, {"min-answer-accuracy": 0.1}, k=10)[0].passed  # not measured

    by_language = {"zh": {"recall@1": 0.95}, "en": {"recall@1": 0.85}}
    verdicts = judge(summary, {"min-recall-at-1-zh": 0.9, "min-recall-at-1-en": 0.9}, 10,
                     by_language)
    assert [(v.metric, v.value, v.passed) for v in verdicts] == [
        ("recall@1 [zh]", 0.95, True), ("recall@1 [en]", 0.85, False)]
    assert not judge(summary, {"min-recall-at-1-en": 0.9}, k=10)[0].passed  # no split given

    bad = tmp_path / "t.toml"
    for text, message in [("min-recall-at-1-fr = 0.5", "Unknown threshold 'min-recall-at-1-fr'"),
                          ("min-recall-at-2 = 0.5", "Unknown threshold 'min-recall-at-2'"),
                          ("min-recall-at-1 = 80", "from 0 to 1"),
                          ("min-recall-at-1 = ", "cannot be read")]:
        bad.write_text(text + "\n", encoding="utf-8")
        with pytest.raises(InvalidInputError, match=message):
            load_thresholds(bad)
