"""Turn retrieved passages into a short answer with citations."""

from __future__ import annotations

from .types import Answer, Citation, Hit


def extractive_answer(question: str, hits: list[Hit]) -> Answer:
    """The best-matching clause of the top passage, cited to its exact source text."""
    if not hits:
        return Answer(question, "", False, (), ())
    top = hits[0]
    clause = top.best_clause or (top.chunk.clauses[0] if top.chunk.clauses else None)
    quote, start, end = (clause.text, clause.start, clause.end) if clause else \
        (top.chunk.text, top.chunk.start, top.chunk.end)
    chunk = top.chunk
    citation = Citation(chunk.id, chunk.proposal, chunk.section, chunk.measure, chunk.label,
                        quote, start, end)
    return Answer(question, quote, True, (citation,), tuple(hits))
