"""Dense retrieval alone, as a baseline that stays dense when the product's retriever grows.

Each chunk scores the better of its own cosine similarity and its best clause's, exactly
like the project's first retriever. It reads only the index's vectors, so what the product
adds to qa/retrieve.py (lexical fusion, query analysis) never leaks into this baseline.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from ..index import Index
from ..types import Hit

# Newer Hit types carry each clause's similarity for the answerer; fill it when they do.
_HIT_HAS_CLAUSE_SCORES = "clause_scores" in {f.name for f in dataclasses.fields(Hit)}


class DenseRetriever:
    def __init__(self, index: Index) -> None:
        self.index = index
        # The whole collection as matrices: exact scores for every chunk and clause.
        self.chunk_matrix = index.chunk_vectors.reconstruct_n(0, index.chunk_vectors.ntotal)
        self.clause_matrix = index.clause_vectors.reconstruct_n(0, index.clause_vectors.ntotal)
        owners = np.asarray(index.clause_owner)
        # Clauses are stored chunk by chunk: chunk row r owns rows starts[r]:starts[r + 1].
        self.starts = np.searchsorted(owners, np.arange(len(index.chunks) + 1))

    def search_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        """Top k chunks for a query vector of shape (1, dim); equal scores by position."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        chunk_scores = self.chunk_matrix @ query
        clause_scores = self.clause_matrix @ query
        hits = [self._hit(row, float(chunk_scores[row]), clause_scores)
                for row in range(len(self.index.chunks))]
        hits.sort(key=lambda hit: (-hit.score, hit.chunk.start))
        return hits[:k]

    def _hit(self, row: int, chunk_score: float, clause_scores: np.ndarray) -> Hit:
        chunk = self.index.chunks[row]
        own = clause_scores[self.starts[row] : self.starts[row + 1]]
        dense, best = chunk_score, None
        if len(own):
            at = int(np.argmax(own))
            best = chunk.clauses[at]
            dense = max(chunk_score, float(own[at]))
        extra: dict[str, Any] = {"clause_scores": tuple(float(s) for s in own)} \
            if _HIT_HAS_CLAUSE_SCORES else {}
        return Hit(chunk=chunk, score=dense, dense=dense, best_clause=best, **extra)
