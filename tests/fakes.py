"""Deterministic stand-ins for unit tests of seams (never the only test of a feature)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np


class HashEmbedder:
    """Vectors from a hash of the text: fast, stable, and meaningless for ranking."""

    def __init__(self, dim: int = 16, id: str = "fake:hash") -> None:
        self.dim = dim
        self.id = id

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(f"{kind}:{text}".encode()).digest()[:8], "big")
            rows.append(np.random.default_rng(seed).standard_normal(self.dim))
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
