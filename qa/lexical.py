"""Lexical (BM25) retrieval over chunks, with a tokenizer that understands Chinese.

Tokens: character bigrams of each run of Chinese characters (a run of one character is
kept as a unigram), whole ASCII words (lowercased, those with at least one letter), and a
canonical key for every number (qa/numbers.py), so "1.57万" in a question meets "15700"
in a passage. bm25s does the scoring; its own tokenizer is not used (it splits on spaces,
which Chinese does not have).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .numbers import number_keys
from .types import Chunk

_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ASCII_WORD_RE = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")


def tokenize(text: str) -> list[str]:
    """Bigrams of Chinese runs, ASCII words, number keys; in that order, repeats kept."""
    text = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for run in _CJK_RUN_RE.findall(text):
        tokens += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    tokens += _ASCII_WORD_RE.findall(text)
    tokens += number_keys(text)
    return tokens


@lru_cache(maxsize=32_768)
def token_set(text: str) -> frozenset[str]:
    """The distinct tokens of text, remembered: answering looks at the same pieces of the
    bulletin (clauses, spans, figure contexts) for question after question."""
    return frozenset(tokenize(text))


class LexicalIndex:
    """BM25 over a fixed list of chunks; rows are positions in that list."""

    def __init__(self, model: object | None, size: int) -> None:
        self._model = model  # a bm25s.BM25, or None when no chunk has any token
        self.size = size
        # Rows holding each vocabulary column, as Python ints: answering and declining look
        # up a few hundred a question, and a numpy lookup each cost ~10 times as much.
        self._frequencies: list[int] = [] if model is None else \
            np.diff(model.scores["indptr"]).tolist()  # type: ignore[attr-defined]
        self._idfs: dict[int, float] = {}

    @classmethod
    def build(cls, chunks: Sequence[Chunk], k1: float = 1.5, b: float = 0.75) -> LexicalIndex:
        """Index each chunk's text with its heading context (what a reader sees)."""
        return cls.from_texts([chunk.embed_text for chunk in chunks], k1=k1, b=b)

    @classmethod
    def from_texts(cls, texts: Sequence[str], k1: float = 1.5, b: float = 0.75) -> LexicalIndex:
        import bm25s

        corpus = [tokenize(text) for text in texts]
        if not any(corpus):
            return cls(None, len(texts))
        model = bm25s.BM25(k1=k1, b=b)
        model.index(corpus, show_progress=False)
        return cls(model, len(texts))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for query (zeros when no query token is indexed)."""
        if self._model is None:
            return np.zeros(self.size, dtype=np.float32)
        vocab = self._model.vocab_dict  # type: ignore[attr-defined]
        # Each distinct token once: a repeated bigram in a question is not extra evidence.
        known = [token for token in dict.fromkeys(tokenize(query)) if token in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def document_frequency(self, token: str) -> int:
        """How many rows hold token (0 when it is not indexed)."""
        if self._model is None:
            return 0
        column = self._model.vocab_dict.get(token)  # type: ignore[attr-defined]
        if column is None or column >= len(self._frequencies):
            return 0
        return self._frequencies[column]

    def idf(self, token: str) -> float:
        """BM25's inverse document frequency of token (highest for tokens never indexed)."""
        df = self.document_frequency(token)
        found = self._idfs.get(df)
        if found is None:  # one per distinct frequency (at most size + 1 of them)
            found = self._idfs[df] = float(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))
        return found

    def weighted_scores(self, weights: Mapping[str, float]) -> np.ndarray:
        """BM25 of every row for tokens with their own weights (a translated English
        question holds terms of unequal certainty)."""
        scores = np.zeros(self.size, dtype=np.float32)
        if self._model is None:
            return scores
        vocab = self._model.vocab_dict  # type: ignore[attr-defined]
        for token, weight in weights.items():
            if token in vocab and weight > 0:
                scores += weight * self._model.get_scores([token])  # type: ignore[attr-defined]
        return scores

    def save(self, folder: Path) -> list[Path]:
        """Write the model into folder; return the files written (for checksums)."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._model is not None:
            self._model.save(str(folder))  # type: ignore[attr-defined]
        (folder / "size.txt").write_text(str(self.size), encoding="utf-8")
        return sorted(p for p in folder.iterdir() if p.is_file())

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        size = int((folder / "size.txt").read_text(encoding="utf-8"))
        has_model = any(p.name != "size.txt" for p in folder.iterdir())
        return cls(bm25s.BM25.load(str(folder)) if has_model else None, size)

    def search(self, query: str, k: int = 10) -> list[tuple[int, float]]:
        """Up to k (row, score) with a positive score, best first; equal scores by row."""
        scores = self.scores(query)
        order = np.lexsort((np.arange(len(scores)), -scores))  # last key sorts first
        return [(int(row), float(scores[row])) for row in order[:k] if scores[row] > 0]
