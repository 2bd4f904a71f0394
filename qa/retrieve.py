"""Dense retrieval over chunks and their clauses (best clause per chunk)."""

from __future__ import annotations

import numpy as np

from .embed import Embedder
from .errors import InvalidInputError
from .index import Index
from .types import Clause, Hit

CANDIDATES = 50  # rows taken from each vector index before scores are merged per chunk


class Retriever:
    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder

    def search(self, query: str, k: int = 5) -> list[Hit]:
        query = validate_query(query)
        if k < 1:
            raise InvalidInputError(f"k must be at least 1, got {k}.")
        vector = self.embedder.embed([query], "query")
        return self.search_vector(vector, k)

    def search_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        """Rank chunks by the better of their own and their best clause's similarity."""
        index = self.index
        chunk_score: dict[int, float] = {}
        clause_best: dict[int, tuple[float, Clause]] = {}
        n = min(max(CANDIDATES, k * 10), index.chunk_vectors.ntotal)
        scores, rows = index.chunk_vectors.search(vector, n)
        for score, row in zip(scores[0], rows[0], strict=True):
            if row >= 0:
                chunk_score[int(row)] = float(score)
        n = min(max(CANDIDATES, k * 10), index.clause_vectors.ntotal)
        scores, rows = index.clause_vectors.search(vector, n)
        for score, row in zip(scores[0], rows[0], strict=True):
            owner = int(index.clause_owner[row]) if row >= 0 else -1
            if owner >= 0 and owner not in clause_best:  # results come best first
                clause_best[owner] = (float(score), index.clauses[row])
        hits = []
        for row in chunk_score.keys() | clause_best.keys():
            clause_score, clause = clause_best.get(row, (-1.0, None))
            dense = max(chunk_score.get(row, -1.0), clause_score)
            hits.append(Hit(chunk=index.chunks[row], score=dense, dense=dense, best_clause=clause))
        hits.sort(key=lambda hit: (-hit.score, hit.chunk.start))
        return hits[:k]

def validate_query(query: str, max_chars: int = 500) -> str:
    """The trimmed query, or InvalidInputError if it is empty or too long."""
    if not isinstance(query, str):
        raise InvalidInputError("The question must be text.")
    query = query.strip()
    if not query:
        raise InvalidInputError("The question is empty; ask something about the bulletin.")
    if len(query) > max_chars:
        raise InvalidInputError(
            f"The question is {len(query)} characters long; the limit is {max_chars}.")
    return query
