"""The wire format (docs/architecture.md): what the API returns and `qa ask --json` prints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from .types import Answer, Chunk, Hit


class Citation(BaseModel):
    model_config = ConfigDict(frozen=True)

    chunk_id: str
    proposal: int | None
    section: int | None
    measure: int | None
    label: str
    quote: str
    start: int = Field(description="Offset of the quote in the document's text.")
    end: int
    doc_id: str
    doc_title: str
    doc_date: str | None


class Passage(BaseModel):
    model_config = ConfigDict(frozen=True)

    chunk_id: str
    proposal: int | None
    proposal_title: str
    section: int | None
    section_title: str
    measure: int | None
    label: str
    short_label: str
    text: str
    score: float
    doc_id: str
    doc_title: str
    doc_date: str | None


class ChunkOut(Passage):
    start: int
    end: int
    # A chunk looked up by id was ranked by no query: no score, in the reply or the schema.
    score: SkipJsonSchema[float] = Field(0.0, exclude=True)


class DocumentOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc_id: str
    doc_title: str
    doc_date: str | None
    chunks: int


class AskResponse(BaseModel):
    question: str
    answer: str
    answerable: bool
    citations: list[Citation]
    passages: list[Passage]
    timing_ms: dict[str, float]
    resolved_question: str = Field(
        description="The standalone question that was answered: the question itself, or, "
                    "after `history`, the follow-up rewritten (\"那2号建议案呢？\" → "
                    "\"2号建议案建了多少个…？\").")


def passage(chunk: Chunk, score: float) -> Passage:
    return Passage(chunk_id=chunk.id, proposal=chunk.proposal,
                   proposal_title=chunk.proposal_title, section=chunk.section,
                   section_title=chunk.section_title, measure=chunk.measure, label=chunk.label,
                   short_label=chunk.short_label, text=chunk.text, score=round(score, 4),
                   doc_id=chunk.doc_id, doc_title=chunk.doc_title, doc_date=chunk.doc_date)


def passages(hits: list[Hit] | tuple[Hit, ...]) -> list[Passage]:
    return [passage(hit.chunk, hit.score) for hit in hits]


def chunk_out(chunk: Chunk) -> ChunkOut:
    return ChunkOut(**passage(chunk, 0.0).model_dump(), start=chunk.start, end=chunk.end)


def ask_response(answer: Answer) -> AskResponse:
    return AskResponse(
        question=answer.question, answer=answer.text, answerable=answer.answerable,
        citations=[Citation(**vars(c)) for c in answer.citations],
        passages=passages(answer.hits), timing_ms=answer.timing_ms,
        resolved_question=answer.resolved_question or answer.question,
    )
