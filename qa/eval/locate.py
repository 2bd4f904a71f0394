"""Where a piece of a document sits, and which chunks count as holding it.

A location is (proposal, section, measure) as in docs/architecture.md: 0 means "outside any numbered
node of that level" (preamble and closing are proposal 0). A span gets the innermost nodes
that hold it whole, so text that crosses two measures sits at measure 0 of its section.
Documents without proposal structure (the work reports) have no locations: there the
evidence string alone says which chunks hold the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..parse import Document


@dataclass(frozen=True)
class EvalDoc:
    """One document of the index as the harness sees it: its text and, for a proposals
    bulletin, its parsed tree (for locations)."""

    doc_id: str
    source: str
    tree: Document | None

    def locate(self, start: int, end: int) -> Location | None:
        return locate(self.tree, start, end) if self.tree is not None else None


@dataclass(frozen=True, order=True)
class Location:
    proposal: int
    section: int
    measure: int

    def __str__(self) -> str:
        return f"p{self.proposal}-s{self.section}-m{self.measure}"


def locate(doc: Document, start: int, end: int) -> Location:
    """The location of source[start:end] in the tree."""
    for proposal in doc.proposals:
        if not (proposal.start <= start and end <= proposal.end):
            continue
        for section in proposal.sections:
            if not (section.start <= start and end <= section.end):
                continue
            for measure in section.measures:
                if measure.start <= start and end <= measure.end:
                    return Location(proposal.number, section.number, measure.number)
            return Location(proposal.number, section.number, 0)
        return Location(proposal.number, 0, 0)
    return Location(0, 0, 0)


def evidence_spans(source: str, evidence: str) -> list[tuple[int, int]]:
    """Every (start, end) where evidence occurs in source (overlapping occurrences too)."""
    if not evidence:
        return []
    spans, at = [], source.find(evidence)
    while at >= 0:
        spans.append((at, at + len(evidence)))
        at = source.find(evidence, at + 1)
    return spans


@dataclass(frozen=True)
class Evidence:
    """The spans of one gold item's evidence (in document doc_id) at its gold location.

    A chunk is relevant when it holds one of these spans whole. When no chunk of the
    collection does (the evidence crosses a chunk boundary) or ``overlap`` is set (the
    fixed-size baseline), a chunk that overlaps a span is relevant.
    """

    spans: tuple[tuple[int, int], ...]
    doc_id: str = ""

    def holds(self, doc_id: str, start: int, end: int) -> bool:
        return doc_id == self.doc_id and any(start <= s and e <= end for s, e in self.spans)

    def overlaps(self, doc_id: str, start: int, end: int) -> bool:
        return doc_id == self.doc_id and any(start < e and s < end for s, e in self.spans)


def gold_evidence(doc: EvalDoc, evidence: str, location: Location | None) -> Evidence:
    """Spans of evidence at location; all its spans when none sits there (a gold problem
    the validator reports, so the harness still scores the item)."""
    spans = evidence_spans(doc.source, evidence)
    at_location = [span for span in spans if location is not None
                   and doc.locate(*span) == location]
    return Evidence(tuple(at_location or spans), doc.doc_id)


class Relevance:
    """Decides which chunks of one collection are relevant to one gold item."""

    def __init__(self, evidence: Evidence, collection: list[tuple[str, int, int]],
                 overlap: bool = False) -> None:
        self.evidence = evidence
        held = any(evidence.holds(d, s, e) for d, s, e in collection)
        self.overlap = overlap or not held
        self.total = sum(self.relevant(d, s, e) for d, s, e in collection)

    def relevant(self, doc_id: str, start: int, end: int) -> bool:
        if self.overlap:
            return self.evidence.overlaps(doc_id, start, end)
        return self.evidence.holds(doc_id, start, end)
