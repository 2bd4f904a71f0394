"""Work taken off the request's path: analysis and BM25 while the model runs on its own
thread, one analysis of a question, the answer stage's per-span work remembered. Results
never change."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from qa.errors import InvalidInputError
from qa.query import analyse
from qa.service import QAService
from qa.settings import Settings

QUESTIONS = ["老人吃饭的食堂建了多少家？", "How many elderly meal sites were built?",
             "加装电梯多少台？", "武汉在营商环境评价中排名第几？", "该通报是哪一天作出的？"]


class Watching:
    """Wraps an embedder: records the calls."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.id, self.dim = inner, inner.id, inner.dim
        self.calls: list[tuple[str, ...]] = []

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        self.calls.append(tuple(texts))
        return self.inner.embed(texts, kind)


def _service(index_root: Path, overlap: bool) -> QAService:
    service = QAService.from_settings(Settings(index_dir=index_root, embed_cache_size=0))
    service.overlap = overlap
    return service


@pytest.mark.slow
def test_lexical_beside_the_model_gives_the_same_hits_and_answers(index_root: Path) -> None:
    inline, beside = _service(index_root, False), _service(index_root, True)
    for question in QUESTIONS:
        a, b = inline.ask(question), beside.ask(question)
        assert [(h.chunk.id, h.score, h.lexical) for h in a.hits] == \
            [(h.chunk.id, h.score, h.lexical) for h in b.hits]
        assert (a.text, a.citations) == (b.text, b.citations)
        assert "beside" in b.timing_ms and "beside" not in a.timing_ms
        assert b.timing_ms["lexical"] == 0.0  # not on the request's path
        assert b.timing_ms["embed"] + b.timing_ms["dense"] + b.timing_ms["fuse"] \
            <= b.timing_ms["retrieve"] + 0.1


@pytest.mark.slow
def test_the_work_beside_runs_while_the_model_runs_and_not_for_a_cached_vector(
        index_root: Path) -> None:
    service = QAService.from_settings(Settings(index_dir=index_root, embed_cache_size=8))
    model = service.embedder.inner  # type: ignore[attr-defined]
    service.search(QUESTIONS[0], k=3)
    assert "beside" in service.last_stage_timings() and model.batches == 1
    service.search(QUESTIONS[0], k=3)  # the vector is cached: nothing to overlap
    assert "beside" not in service.last_stage_timings() and model.batches == 1


@pytest.mark.slow
def test_bad_documents_and_k_are_refused_before_the_model_runs(index_root: Path) -> None:
    service = _service(index_root, True)
    watching = Watching(service.embedder)
    service.embedder = watching
    with pytest.raises(InvalidInputError):
        service.search(QUESTIONS[0], k=3, docs=["no-such-document"])
    with pytest.raises(InvalidInputError):
        service.search(QUESTIONS[0], k=0)
    assert watching.calls == []


def test_a_question_is_analysed_once() -> None:
    text = "居家适老化改造了多少户？"
    assert analyse(text) is analyse(text)  # the answer stage reuses the search's analysis


def test_the_figures_of_a_span_are_remembered_per_kind_of_question() -> None:
    from qa.figures import answer_figures

    span = "2024年12月12日组织测评,全国排名第3位,新建老年助餐点790个、改造3号院120户"
    quantity = answer_figures(analyse("新建老年助餐点多少个？"), span, {"助餐": 1.0})
    again = answer_figures(analyse("新建老年助餐点多少个？"), span, {"助餐": 1.0})
    assert quantity == again and "790" in [f.quantity.text for f in quantity]
    # the same span for a question of another kind: its own figures, not the remembered ones
    when = answer_figures(analyse("哪一天组织测评？"), span, {})
    assert [f.unit for f in when][:1] == ["date年月日"]
    rank = answer_figures(analyse("全国排名第几？"), span, {})
    assert [f.unit for f in rank] == ["rank"]
    # a figure the question states itself is left out, for that question only
    stated = answer_figures(analyse("在790个助餐点中改造了多少户？"), span, {})
    assert "790" not in [f.quantity.text for f in stated]
    assert "790" in [f.quantity.text for f in answer_figures(analyse("改造了多少户？"), span, {})]
    # the terms weigh the figures per question; the layout does not keep them
    other = answer_figures(analyse("新建老年助餐点多少个？"), span, {"改造": 1.0})
    assert [f.context_terms for f in other] != [f.context_terms for f in quantity]
