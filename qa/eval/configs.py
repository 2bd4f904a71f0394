"""The configurations an eval run compares, each behind one small interface.

full      the product as configured: QAService.search for the ranking, QAService.ask
          (timed) for the answer; no internals.
dense     dense similarity alone (qa/eval/dense.py: chunk or best clause, as the first
          qa/retrieve.py) + the product's answerer (answer_from).
bm25      qa/lexical.py BM25 alone + the product's answerer; the best clause of a passage
          is the one sharing most tokens with the question.
fixed300  ~300-character passages, same embedder, FAISS + the product's answerer.

dense and fixed300 share one timed embedding of each question (same embedder): each is
charged its time, the machine computes it once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..embed import Embedder
from ..index import Index
from ..lexical import LexicalIndex, tokenize
from ..service import QAService
from ..types import Answer, Chunk, Clause, Hit
from .dense import DenseRetriever
from .fixed import FixedSizeRetriever
from .locate import EvalDoc

CONFIGS = ("full", "dense", "bm25", "fixed300")
DESCRIPTIONS = {
    "full": "the product as configured (QAService.search / ask)",
    "dense": "dense retriever (chunks + best clause) + product answerer",
    "bm25": "BM25 over chunks (CJK bigrams, words, number keys) + product answerer",
    "fixed300": "300-char RecursiveCharacterTextSplitter passages, same embedder, FAISS "
                "+ product answerer",
}


@dataclass(frozen=True)
class Run:
    """What one configuration did for one question."""

    hits: tuple[Hit, ...]  # the ranking scored by the retrieval metrics
    answer: Answer
    latency_ms: float  # retrieval + answer, as a user would wait for it


class System(Protocol):
    name: str
    chunks: tuple[Chunk, ...]  # the collection it retrieves from (for relevance totals)
    structured: bool  # chunks know their proposal/section/measure

    def run(self, question: str, k: int, answer_k: int) -> Run: ...


class FullSystem:
    name = "full"
    structured = True

    def __init__(self, service: QAService, chunks: tuple[Chunk, ...]) -> None:
        self.service = service
        self.chunks = chunks

    def run(self, question: str, k: int, answer_k: int) -> Run:
        # ask first, so no cache the product may keep has seen the question when timed.
        began = time.perf_counter()
        answer = self.service.ask(question, answer_k)
        latency_ms = (time.perf_counter() - began) * 1000
        return Run(tuple(self.service.search(question, k)), answer, latency_ms)


class QueryVectors:
    """One timed embedding per question, shared by the baselines that use the same embedder
    (dense, fixed300): each is charged the embedding time, the machine does the work once."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, tuple[np.ndarray, float]] = {}

    def get(self, question: str) -> tuple[np.ndarray, float]:
        """(query vector, milliseconds it took to embed)."""
        if question not in self._cache:
            began = time.perf_counter()
            vector = self.embedder.embed([question], "query")
            self._cache[question] = (vector, (time.perf_counter() - began) * 1000)
        return self._cache[question]


class _RetrieveThenAnswer:
    """A retriever of its own, then the product's answerer on its top answer_k hits."""

    name = ""
    structured = True
    chunks: tuple[Chunk, ...] = ()
    vectors: QueryVectors | None = None

    def __init__(self, answerer: QAService) -> None:
        self.answerer = answerer

    def ranked(self, question: str, vector: np.ndarray | None, k: int) -> list[Hit]:
        raise NotImplementedError

    def run(self, question: str, k: int, answer_k: int) -> Run:
        vector, embed_ms = self.vectors.get(question) if self.vectors else (None, 0.0)
        began = time.perf_counter()
        hits = self.ranked(question, vector, k)
        # No passage (BM25 meets no token of the question): nothing to answer from.
        answer = self.answerer.answer_from(question, hits[:answer_k]) if hits \
            else Answer(question, "", False, (), ())
        return Run(tuple(hits), answer, embed_ms + (time.perf_counter() - began) * 1000)


class DenseSystem(_RetrieveThenAnswer):
    name = "dense"

    def __init__(self, answerer: QAService, index: Index, vectors: QueryVectors) -> None:
        super().__init__(answerer)
        self.retriever = DenseRetriever(index)
        self.chunks = index.chunks
        self.vectors = vectors

    def ranked(self, question: str, vector: np.ndarray | None, k: int) -> list[Hit]:
        assert vector is not None
        return self.retriever.search_vector(vector, k)


class BM25System(_RetrieveThenAnswer):
    name = "bm25"

    def __init__(self, answerer: QAService, index: Index) -> None:
        super().__init__(answerer)
        self.chunks = index.chunks
        self.lexical = LexicalIndex.build(index.chunks)

    def ranked(self, question: str, vector: np.ndarray | None, k: int) -> list[Hit]:
        tokens = set(tokenize(question))
        return [Hit(chunk=self.chunks[row], score=score, lexical=score,
                    best_clause=best_clause(self.chunks[row].clauses, tokens))
                for row, score in self.lexical.search(question, k)]


class FixedSystem(_RetrieveThenAnswer):
    name = "fixed300"
    structured = False

    def __init__(self, answerer: QAService, doc: EvalDoc, vectors: QueryVectors) -> None:
        super().__init__(answerer)
        self.retriever = FixedSizeRetriever(doc.source, vectors.embedder, doc.doc_id)
        self.chunks = tuple(self.retriever.chunks)
        self.vectors = vectors

    def ranked(self, question: str, vector: np.ndarray | None, k: int) -> list[Hit]:
        assert vector is not None
        return self.retriever.search_vector(vector, k)


def best_clause(clauses: tuple[Clause, ...], tokens: set[str]) -> Clause | None:
    """The clause sharing most distinct tokens with the question (earliest on a tie)."""
    best, best_overlap = None, 0
    for clause in clauses:
        overlap = len(tokens & set(tokenize(clause.text)))
        if overlap > best_overlap:
            best, best_overlap = clause, overlap
    return best
