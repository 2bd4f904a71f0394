"""Typed values that cross module boundaries: chunks, clauses, hits, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Clause:
    """A clause inside a chunk (split on 。；，), for fine matching and exact quotes."""

    text: str
    start: int  # offsets into the source document
    end: int


@dataclass(frozen=True)
class Chunk:
    """One retrievable unit: a measure, a proposal intro, the preamble or the closing.

    ``text`` is exactly ``source[start:end]``; ``context`` is the heading the text sits
    under (prepended when embedding, so a measure keeps its section's meaning).
    """

    id: str
    proposal: int
    proposal_name: str
    proposal_title: str
    section: int
    section_title: str
    measure: int
    measure_title: str
    label: str  # "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务"
    short_label: str  # "3号建议案 · (三) · 三是", for chips
    start: int
    end: int
    text: str
    context: str = ""
    clauses: tuple[Clause, ...] = ()

    @property
    def embed_text(self) -> str:
        return f"{self.context}{self.text}" if self.context else self.text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["clauses"] = [[c.text, c.start, c.end] for c in self.clauses]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        clauses = tuple(Clause(t, s, e) for t, s, e in data.get("clauses", ()))
        return cls(**{**data, "clauses": clauses})


@dataclass(frozen=True)
class Hit:
    """A chunk found for a query, with the scores that ranked it."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # best of chunk-level and clause-level cosine similarity
    lexical: float = 0.0  # BM25, scaled so the best chunk for the query has 1
    best_clause: Clause | None = None
    clause_scores: tuple[float, ...] = ()  # similarity of each of chunk.clauses to the query


@dataclass(frozen=True)
class Citation:
    chunk_id: str
    proposal: int
    section: int
    measure: int
    label: str
    quote: str  # exact source text backing the answer
    start: int
    end: int


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    answerable: bool
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    timing_ms: dict[str, float] = field(default_factory=dict)
