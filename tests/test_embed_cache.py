"""The query-embedding LRU: a repeated question skips the model, nothing else changes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from qa.embed_cache import QueryEmbeddingCache, with_query_cache
from qa.service import QAService
from qa.settings import Settings

from .fakes import HashEmbedder


class Counting(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[tuple[str, ...], str]] = []

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        self.calls.append((tuple(texts), kind))
        return super().embed(texts, kind)


def test_repeated_query_is_served_from_the_cache() -> None:
    inner = Counting()
    cache = QueryEmbeddingCache(inner, size=2)
    first = cache.embed(["a"], "query")
    again = cache.embed(["a"], "query")
    assert np.array_equal(first, again) and len(inner.calls) == 1
    assert (cache.hits, cache.misses) == (1, 1)
    assert not again.flags.writeable  # shared between callers: nobody may change it
    assert cache.id == inner.id and cache.dim == inner.dim


def test_least_recently_used_goes_first() -> None:
    inner = Counting()
    cache = QueryEmbeddingCache(inner, size=2)
    for text in ["a", "b", "a", "c"]:  # "b" is the least recently used when "c" arrives
        cache.embed([text], "query")
    assert len(cache) == 2
    cache.embed(["a"], "query")
    cache.embed(["b"], "query")
    assert [texts for texts, _ in inner.calls] == [("a",), ("b",), ("c",), ("b",)]


def test_passages_batches_and_size_zero_go_to_the_model() -> None:
    inner = Counting()
    cache = QueryEmbeddingCache(inner, size=4)
    cache.embed(["a"], "passage")
    cache.embed(["a"], "passage")
    cache.embed(["a", "b"], "query")
    cache.embed(["a", "b"], "query")
    assert len(inner.calls) == 4 and len(cache) == 0
    assert with_query_cache(inner, 0) is inner


def test_cached_vector_equals_the_models_with_the_real_model(embedder) -> None:
    cache = QueryEmbeddingCache(embedder, size=8)
    question = "How many elderly meal sites were built?"
    assert np.array_equal(cache.embed([question], "query"), embedder.embed([question], "query"))
    assert np.array_equal(cache.embed([question], "query"), embedder.embed([question], "query"))
    assert cache.hits == 1


def test_service_reuses_the_embedding_for_another_k(index_root: Path) -> None:
    service = QAService.from_settings(Settings(index_dir=index_root, embed_cache_size=16))
    cache = service.embedder
    assert isinstance(cache, QueryEmbeddingCache)
    five = service.search("老人吃饭的食堂建了多少家？", k=5)
    three = service.search("老人吃饭的食堂建了多少家？", k=3)
    assert (cache.hits, cache.misses) == (1, 1)
    assert [h.chunk.id for h in three] == [h.chunk.id for h in five[:3]]
    uncached = QAService.from_settings(Settings(index_dir=index_root, embed_cache_size=0))
    assert not isinstance(uncached.embedder, QueryEmbeddingCache)
    assert [h.score for h in uncached.search("老人吃饭的食堂建了多少家？", k=5)] == \
        [h.score for h in five]


def test_ask_reports_stage_timings(index_root: Path) -> None:
    service = QAService.from_settings(Settings(index_dir=index_root))
    timing = service.ask("How many elderly meal sites were built?").timing_ms
    stages = ("embed", "lexical", "dense", "fuse", "retrieve", "answer", "total")
    assert set(stages) <= set(timing) and all(timing[s] >= 0 for s in stages)
    assert timing["embed"] + timing["lexical"] + timing["dense"] + timing["fuse"] \
        <= timing["retrieve"] + 0.1


def test_search_leaves_its_stage_timings_to_the_calling_thread(index_root: Path) -> None:
    import threading

    service = QAService.from_settings(Settings(index_dir=index_root))
    service.search("加装电梯多少台？", k=3)
    seen: list[dict[str, float]] = []
    other = threading.Thread(target=lambda: seen.append(service.last_stage_timings()))
    other.start()
    other.join()
    assert seen == [{}]  # another thread ran no search
    stages = set(service.last_stage_timings())
    assert {"embed", "lexical", "dense", "fuse"} <= stages <= {"embed", "lexical", "dense",
                                                                "fuse", "beside"}
    assert service.last_stage_timings() == {}  # taken once
