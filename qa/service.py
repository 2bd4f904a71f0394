"""The loaded system behind the CLI and the API: index, embedder, retriever, answerer."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from .abstain import Abstainer
from .answer import best_candidate, declined_answer, extractive_answer
from .embed import Embedder, embedder_id, load_embedder
from .embed_cache import with_query_cache
from .grounding import is_grounded
from .index import Index
from .index_fallback import load_served
from .llm import LLMAnswerer, LLMConfig
from .query import analyse
from .retrieve import Retriever, validate_query
from .settings import Settings
from .types import Answer, Hit


class QAService:
    def __init__(self, index: Index, embedder: Embedder, llm: LLMAnswerer | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder)
        self.abstainer = Abstainer(index.source, index.terms, index.lexical)
        self.llm = llm
        self.fallback: str | None = None  # why an older build than `current` is served
        self._stages = threading.local()

    @classmethod
    def from_settings(cls, settings: Settings) -> QAService:
        """Check the index against the configured embedder first: a mismatch fails fast."""
        # `current`, or the newest build that verifies if it is broken (qa/index_fallback.py)
        loaded = load_served(settings.index_dir, embedder_id=embedder_id(settings.embedder))
        index = loaded.index
        llm = None
        if settings.llm_base_url and settings.llm_model:
            llm = LLMAnswerer(LLMConfig(settings.llm_base_url, settings.llm_model,
                                        settings.llm_api_key, settings.llm_timeout_s))
        embedder = with_query_cache(load_embedder(settings.embedder), settings.embed_cache_size)
        service = cls(index, embedder, llm)
        service.fallback = loaded.fallback
        return service

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Ranked passages; raises InvalidInputError for an empty/oversized query or bad k.
        The milliseconds of each retrieval stage: `last_stage_timings()`, same thread."""
        stages: dict[str, float] = {}
        self._stages.value = stages
        return self.retriever.search(query, k, stages)

    def last_stage_timings(self) -> dict[str, float]:
        """Stage timings of this thread's last `search` (empty if none ran), then forgotten.
        A thread-local rather than a return value keeps `search`'s signature, which
        wrappers and test doubles override."""
        stages: dict[str, float] = getattr(self._stages, "value", {})
        self._stages.value = {}
        return stages

    def answer_from(self, question: str, hits: list[Hit]) -> Answer:
        """The answer to question from passages already retrieved (lets callers stream)."""
        query = analyse(validate_query(question))
        terms = self.retriever.lexical_terms(query)
        best = best_candidate(query, hits, self.retriever.by_rarity(terms))
        verdict = self.abstainer.check(query, hits, best, terms)
        if best is None or not verdict.answerable:
            return declined_answer(query, hits)
        answer = extractive_answer(query, hits, best)
        if not is_grounded(answer.text, [c.quote for c in answer.citations]):
            # Never state a figure the quote does not hold: fall back to the quote itself.
            answer = replace(answer, text=answer.citations[0].quote)
        return self.llm.answer(query, hits, answer) if self.llm else answer

    def ask(self, question: str, k: int = 5) -> Answer:
        question = validate_query(question)
        began = time.perf_counter()
        hits = self.search(question, k)
        stages = self.last_stage_timings()
        retrieved = time.perf_counter()
        answer = self.answer_from(question, hits)
        done = time.perf_counter()
        timing = {"retrieve": (retrieved - began) * 1000, "answer": (done - retrieved) * 1000,
                  "total": (done - began) * 1000}
        return Answer(answer.question, answer.text, answer.answerable, answer.citations,
                      answer.hits, stages | {k: round(v, 2) for k, v in timing.items()})
