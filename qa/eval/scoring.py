"""Score one configuration's run on one gold item, and summarise many such outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Chunk, Citation
from . import metrics
from .configs import Run, System
from .gold import GoldItem
from .locate import EvalDoc, Location, Relevance, gold_evidence
from .normalise import contains_answer, first_figure

RECALL_AT = (1, 3, 5, 10)


@dataclass(frozen=True)
class CitationOutcome:
    chunk_id: str
    location: Location | None  # where the cited text sits (None: a document without one)
    doc_id: str
    quote: str
    start: int
    end: int
    relevant: bool  # its chunk holds the gold evidence


@dataclass(frozen=True)
class Outcome:
    """One configuration on one gold item: what it did and how that scores."""

    config: str
    item: GoldItem
    top_ids: tuple[str, ...]
    ranking: tuple[tuple[float, bool], ...]  # (score, relevant) best first
    n_relevant: int  # relevant chunks in the configuration's whole collection
    answer: str
    declined: bool
    citations: tuple[CitationOutcome, ...]
    latency_ms: float
    error: str = ""
    doc_id: str = ""  # the document the item is about
    top_docs: tuple[str, ...] = ()  # the document of each ranked chunk

    def recall(self, k: int) -> float:
        return metrics.recall_at(self.ranking, k)

    def reciprocal_rank(self, k: int) -> float:
        return metrics.reciprocal_rank(self.ranking, k)

    def ndcg(self, k: int) -> float:
        return metrics.ndcg_at(self.ranking, self.n_relevant, k)

    @property
    def answer_correct(self) -> bool:
        return not self.declined and any(contains_answer(self.answer, gold)
                                         for gold in self.item.answers)

    @property
    def figure_first(self) -> bool | None:
        """For a question whose gold answer is a figure: the first figure the answer shows
        (after the document it names) is that figure — what a reader takes as the answer,
        which answer_correct does not judge when the quote behind it holds the gold
        figure too. None for a question whose gold answers hold no figure but a date."""
        gold = {figure[0] for answer in self.item.answers
                if (figure := first_figure(answer)) is not None}  # dates are no figure
        if not self.item.answerable or not gold:
            return None
        shown = first_figure(self.answer) if not self.declined else None
        return shown is not None and shown[0] in gold

    @property
    def citation_correct(self) -> bool:
        """The first citation is at the gold location (bulletins) or its chunk holds the
        gold evidence (documents without locations), in the gold document."""
        if self.declined or not self.citations:
            return False
        first = self.citations[0]
        if self.item.location is not None and first.location is not None:
            return first.location == self.item.location and first.doc_id == self.doc_id
        return first.relevant

    @property
    def document_correct(self) -> bool:
        """The answer's first citation (or, declined, the top passage) is in the gold
        document."""
        if self.citations and not self.declined:
            return self.citations[0].doc_id == self.doc_id
        return bool(self.top_docs) and self.top_docs[0] == self.doc_id


def score(item: GoldItem, run: Run, system: System, doc: EvalDoc, error: str = "") -> Outcome:
    relevance = None
    if item.answerable:
        relevance = Relevance(gold_evidence(doc, item.evidence, item.location),
                              [(c.doc_id, c.start, c.end) for c in system.chunks],
                              overlap=not system.structured)
    ranking, ids, docs = [], [], []
    for hit in run.hits:
        if hit.chunk.id in ids:  # a chunk counts once, at its best rank
            continue
        ids.append(hit.chunk.id)
        docs.append(hit.chunk.doc_id)
        ranking.append((hit.score, bool(relevance and relevance.relevant(
            hit.chunk.doc_id, hit.chunk.start, hit.chunk.end))))
    known = {c.id: c for c in system.chunks} | {h.chunk.id: h.chunk
                                                 for h in (*run.hits, *run.answer.hits)}
    citations = tuple(_citation(c, known.get(c.chunk_id), relevance, system.structured, doc)
                      for c in run.answer.citations)
    return Outcome(
        config=system.name, item=item, top_ids=tuple(ids), ranking=tuple(ranking),
        n_relevant=relevance.total if relevance else 0, answer=run.answer.text,
        declined=not run.answer.answerable, citations=citations,
        latency_ms=run.latency_ms, error=error, doc_id=doc.doc_id, top_docs=tuple(docs))


def _citation(citation: Citation, chunk: Chunk | None, relevance: Relevance | None,
              structured: bool, doc: EvalDoc) -> CitationOutcome:
    if structured and citation.proposal is not None and citation.section is not None \
            and citation.measure is not None:
        location: Location | None = Location(citation.proposal, citation.section,
                                             citation.measure)
    else:
        location = doc.locate(citation.start, citation.end) \
            if citation.doc_id in ("", doc.doc_id) else None
    relevant = bool(chunk and relevance and relevance.relevant(chunk.doc_id, chunk.start,
                                                               chunk.end))
    return CitationOutcome(citation.chunk_id, location, citation.doc_id, citation.quote,
                           citation.start, citation.end, relevant)


def summarise(outcomes: Sequence[Outcome], k: int) -> dict[str, float | None]:
    """Metrics over outcomes: retrieval and answers over answerable items, abstention over
    all, latency over all questions."""
    answerable = [o for o in outcomes if o.item.answerable]
    summary: dict[str, float | None] = {
        "questions": float(len(outcomes)), "answerable": float(len(answerable))}
    for at in (*(n for n in RECALL_AT if n < k), k):
        summary[f"recall@{at}"] = metrics.mean([o.recall(at) for o in answerable])
    summary[f"mrr@{k}"] = metrics.mean([o.reciprocal_rank(k) for o in answerable])
    summary[f"ndcg@{k}"] = metrics.mean([o.ndcg(k) for o in answerable])
    summary["answer_accuracy"] = metrics.mean([float(o.answer_correct) for o in answerable])
    summary["citation_accuracy"] = metrics.mean([float(o.citation_correct)
                                                 for o in answerable])
    summary["figure_first_accuracy"] = metrics.mean(
        [float(first) for o in answerable if (first := o.figure_first) is not None])
    cited = [c.relevant for o in answerable for c in o.citations]
    summary["citation_precision"] = metrics.ratio(sum(cited), len(cited))
    summary["document_accuracy"] = metrics.mean([float(o.document_correct)
                                                 for o in answerable])
    summary |= metrics.abstention([o.declined for o in outcomes],
                                  [o.item.answerable for o in outcomes])
    latencies = [o.latency_ms for o in outcomes]
    summary["latency_p50_ms"] = metrics.percentile(latencies, 50)
    summary["latency_p95_ms"] = metrics.percentile(latencies, 95)
    summary["errors"] = float(sum(1 for o in outcomes if o.error))
    return summary
