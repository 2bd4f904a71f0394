"""An LRU of query embeddings in front of an embedder.

The API caches whole answers per (question, k); a repeat of a question with another k,
or a search after an ask, still needs the question's vector, the costliest step of a
query. Keys are the exact text (embeddings of texts that differ in any character may
differ). Passages (index builds) go to the model as they are.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from .embed import Embedder, Kind

T = TypeVar("T")


class QueryEmbeddingCache:
    """An Embedder that remembers the vectors of up to `size` single-text queries."""

    def __init__(self, inner: Embedder, size: int) -> None:
        self.inner = inner
        self.size = size
        self.id = inner.id
        self.dim = inner.dim
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the API embeds from a thread pool

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if kind != "query" or len(texts) != 1 or self.size <= 0:
            return self.inner.embed(texts, kind)
        text = texts[0]
        with self._lock:
            vector = self._items.get(text)
            if vector is not None:
                self._items.move_to_end(text)
                self.hits += 1
                return vector
            self.misses += 1
        vector = self.inner.embed([text], kind)
        self._keep(text, vector)
        return vector

    def _keep(self, text: str, vector: np.ndarray) -> None:
        vector.setflags(write=False)  # shared by every caller that asks the same question
        with self._lock:
            self._items[text] = vector
            self._items.move_to_end(text)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def embed_with(self, text: str, work: Callable[[], T]) -> tuple[np.ndarray, T, bool]:
        """The query's vector and work(): done beside the model when the vector is not
        kept and the embedder behind can (qa/embed_queue.py), else one after the other;
        True when it ran beside."""
        with self._lock:
            vector = self._items.get(text) if self.size > 0 else None
            if vector is not None:
                self._items.move_to_end(text)
                self.hits += 1
        if vector is not None:
            return vector, work(), False
        beside = getattr(self.inner, "embed_with", None)
        if beside is None:
            return self.embed([text], "query"), work(), False
        with self._lock:
            self.misses += 1
        vector, done, overlapped = beside(text, work)
        self._keep(text, vector)
        return vector, done, overlapped

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


def with_query_cache(embedder: Embedder, size: int) -> Embedder:
    """embedder behind a query-embedding LRU of `size` entries (0: embedder itself)."""
    return QueryEmbeddingCache(embedder, size) if size > 0 else embedder
