"""The loaded system behind the CLI and the API: index, embedder, retriever, answerer."""

from __future__ import annotations

import threading
import time

from .answer import extractive_answer
from .embed import Embedder, embedder_id, load_embedder
from .embed_cache import with_query_cache
from .index import Index, load_index
from .query import analyse
from .retrieve import Retriever, validate_query
from .settings import Settings
from .types import Answer, Hit


class QAService:
    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder)
        self._stages = threading.local()

    @classmethod
    def from_settings(cls, settings: Settings) -> QAService:
        """Check the index against the configured embedder first: a mismatch fails fast."""
        index = load_index(settings.index_dir, embedder_id=embedder_id(settings.embedder))
        return cls(index, with_query_cache(load_embedder(settings.embedder),
                                           settings.embed_cache_size))

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
        return extractive_answer(query, hits, self.retriever.lexical_terms(query))

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
