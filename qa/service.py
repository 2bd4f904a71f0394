"""The loaded system behind the CLI and the API: index, embedder, retriever, answerer."""

from __future__ import annotations

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

    @classmethod
    def from_settings(cls, settings: Settings) -> QAService:
        """Check the index against the configured embedder first: a mismatch fails fast."""
        index = load_index(settings.index_dir, embedder_id=embedder_id(settings.embedder))
        return cls(index, with_query_cache(load_embedder(settings.embedder),
                                           settings.embed_cache_size))

    def search(self, query: str, k: int = 5, timing: dict[str, float] | None = None,
               ) -> list[Hit]:
        """Ranked passages; raises InvalidInputError for an empty/oversized query or bad k.
        `timing`, if given, receives the milliseconds of each retrieval stage."""
        return self.retriever.search(query, k, timing)

    def answer_from(self, question: str, hits: list[Hit]) -> Answer:
        """The answer to question from passages already retrieved (lets callers stream)."""
        query = analyse(validate_query(question))
        return extractive_answer(query, hits, self.retriever.lexical_terms(query))

    def ask(self, question: str, k: int = 5) -> Answer:
        question = validate_query(question)
        began = time.perf_counter()
        stages: dict[str, float] = {}
        hits = self.search(question, k, stages)
        retrieved = time.perf_counter()
        answer = self.answer_from(question, hits)
        done = time.perf_counter()
        timing = {"retrieve": (retrieved - began) * 1000, "answer": (done - retrieved) * 1000,
                  "total": (done - began) * 1000}
        return Answer(answer.question, answer.text, answer.answerable, answer.citations,
                      answer.hits, stages | {k: round(v, 2) for k, v in timing.items()})
