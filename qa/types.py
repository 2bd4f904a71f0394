"""Typed values that cross module boundaries: chunks, clauses, hits, citations, answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Between a document id and a chunk's id inside that document ("doc:p3-s3-m3").
ID_SEPARATOR = ":"


def chunk_id(doc_id: str, local_id: str) -> str:
    return f"{doc_id}{ID_SEPARATOR}{local_id}"


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

    id: str  # "<doc_id>:<local id>", unique across the corpus, e.g. "…-2025:p3-s3-m3"
    proposal: int | None  # None where the document has no proposal structure
    proposal_name: str
    proposal_title: str
    section: int | None
    section_title: str
    measure: int | None
    measure_title: str
    label: str  # "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务"
    short_label: str  # "3号建议案 · (三) · 三是", for chips
    start: int  # offsets into the chunk's own document
    end: int
    text: str
    context: str = ""
    clauses: tuple[Clause, ...] = ()
    doc_id: str = ""
    doc_title: str = ""
    doc_date: str | None = None
    headings: tuple[str, ...] = ()  # titles of the headings above the chunk, outermost first

    @property
    def embed_text(self) -> str:
        return f"{self.context}{self.text}" if self.context else self.text

    @property
    def local_id(self) -> str:
        """The id inside its document ("p3-s3-m3"), without the document prefix."""
        return self.id.split(ID_SEPARATOR, 1)[-1]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["clauses"] = [[c.text, c.start, c.end] for c in self.clauses]
        data["headings"] = list(self.headings)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        clauses = tuple(Clause(t, s, e) for t, s, e in data.get("clauses", ()))
        return cls(**{**data, "clauses": clauses, "headings": tuple(data.get("headings", ()))})


@dataclass(frozen=True)
class Hit:
    """A chunk found for a query, with the scores that ranked it."""

    chunk: Chunk
    score: float
    dense: float = 0.0  # best of chunk-level and clause-level cosine similarity
    lexical: float = 0.0  # BM25, scaled so the best chunk for the query has 1
    best_clause: Clause | None = None
    clause_scores: tuple[float, ...] = ()  # similarity of each of chunk.clauses to the query
    # The passage a follow-up points back to ("How many projects was that?"): the one the
    # previous answer cited. Its topic was settled by the conversation, not by the words.
    focused: bool = False
    lent: float = 0.0  # the part of score the conversation lent it (focused), not the words

    @property
    def own_score(self) -> float:
        """The score the question's own words and meaning give the passage."""
        return self.score - self.lent


@dataclass(frozen=True)
class Citation:
    chunk_id: str
    proposal: int | None
    section: int | None
    measure: int | None
    label: str
    quote: str  # exact source text backing the answer
    start: int  # offsets into the document doc_id
    end: int
    doc_id: str = ""
    doc_title: str = ""
    doc_date: str | None = None

    @classmethod
    def of(cls, chunk: Chunk, quote: str, start: int, end: int) -> Citation:
        return cls(chunk.id, chunk.proposal, chunk.section, chunk.measure, chunk.label, quote,
                   start, end, chunk.doc_id, chunk.doc_title, chunk.doc_date)


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    answerable: bool
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...]
    timing_ms: dict[str, float] = field(default_factory=dict)
    # The standalone question actually answered when a follow-up was rewritten
    # (qa/followup.py); "" when the question was answered as asked.
    resolved_question: str = ""
