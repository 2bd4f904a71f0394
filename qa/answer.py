"""Extractive answers: the clause that answers the question, its key figure, its citation.

Candidates are single clauses and pairs of adjacent clauses from the top passages (the
clause matching the question often sets the context, and the answer follows it: "…组织民主
测评,测评结果均为“满意”"). Each is scored by its similarity to the question, the question's
terms it contains, the rank of its passage and — for questions about quantities — whether
it holds a figure in the unit asked for, so "how many households completed renovation"
gets 6713户, not the 9042户 signed in the same measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexical import tokenize
from .numbers import Quantity, numbers_in
from .query import Query
from .types import Answer, Citation, Clause, Hit

CANDIDATE_PASSAGES = 3
MAX_SPAN_CLAUSES = 2  # an answer is a clause, or a clause and its neighbour


@dataclass(frozen=True)
class ClauseWeights:
    """Weights of the span score, fitted on the gold set as a whole (qa eval)."""

    terms: float = 0.10  # share of the question's lexical terms in the span
    passage: float = 1.0  # how far the span's passage ranks below the top one
    title: float = 0.05  # a measure's title line names a topic, it rarely answers
    restated: float = 0.05  # a span that only repeats the question adds nothing
    figure: float = 0.04  # quantity questions: the span holds a figure
    unit: float = 0.04  # … in the unit asked for
    extra_clause: float = 0.0  # cost of a second clause
    extra_figure: float = 0.04  # quantity questions: a second figure in the span blurs the answer


DEFAULT_WEIGHTS = ClauseWeights()
_RESPECTIVELY_RE = re.compile(r"(.+?)分别(?:为|是|达到?|有|增长)?")
UNIT_RE = re.compile(r"(?:万|亿)?(?:平方公里|平方米|公顷|亩|公里|千米|米|人次|亿元|万元|美元|元|"
                     r"个|家|项|条|所|次|户|座|台|张|人|名|批|倍|P)")


@dataclass(frozen=True)
class Candidate:
    """One or two adjacent clauses of a passage, with what the span score is made of."""

    hit: Hit
    clause: Clause  # the span as one exact piece of source text
    similarity: float  # the best similarity of its clauses to the question
    terms: float
    passage: float
    title: bool
    restated: bool
    figure: Quantity | None
    unit: bool
    extra_clauses: int
    figures: int  # figures in the span that the question does not state itself

    def score(self, query: Query, w: ClauseWeights) -> float:
        value = (self.similarity + w.terms * self.terms + w.passage * self.passage
                 - w.title * self.title - w.restated * self.restated
                 - w.extra_clause * self.extra_clauses)
        if query.asks_quantity or query.asks_time:
            value += (w.figure * (self.figure is not None) + w.unit * self.unit
                      - w.extra_figure * max(0, self.figures - 1))
        return value


def extractive_answer(query: Query, hits: list[Hit], query_terms: dict[str, float],
                      weights: ClauseWeights = DEFAULT_WEIGHTS) -> Answer:
    """Pick the answering span among the top passages; the caller decides abstention."""
    if not hits:
        return Answer(query.text, "", False, (), ())
    best = max(candidates(query, hits, query_terms), key=lambda c: c.score(query, weights))
    chunk, span = best.hit.chunk, best.clause
    citation = Citation(chunk.id, chunk.proposal, chunk.section, chunk.measure, chunk.label,
                        span.text, span.start, span.end)
    return Answer(query.text, format_answer(query, best), True, (citation,), tuple(hits))


def format_answer(query: Query, best: Candidate) -> str:
    """The span, led by the figure asked for when the span holds several or the question is
    English (the quote stays Chinese: it is the evidence, not a translation)."""
    quote, figure = best.clause.text, best.figure
    lead = f"{figure.text}{_unit_after(quote, figure)}" if figure is not None and (
        query.asks_quantity or query.asks_time) else ""
    if query.lang == "zh":
        return f"{lead}：{quote}" if lead and best.figures > 1 else quote
    return f"{lead} — “{quote}”" if lead else f"“{quote}”"


def candidates(query: Query, hits: list[Hit], query_terms: dict[str, float]) -> list[Candidate]:
    top = hits[0].score
    total = sum(query_terms.values()) or 1.0
    question_tokens = set(tokenize(query.text))
    found = []
    for hit in hits[:CANDIDATE_PASSAGES]:
        chunk = hit.chunk
        heading_end = chunk.start + chunk.text.find("\n") if "\n" in chunk.text else chunk.start
        for first in range(len(chunk.clauses)):
            for last in range(first, min(first + MAX_SPAN_CLAUSES, len(chunk.clauses))):
                a, b = chunk.clauses[first], chunk.clauses[last]
                span = Clause(chunk.text[a.start - chunk.start:b.end - chunk.start], a.start, b.end)
                tokens = span_tokens(span.text)
                sims = hit.clause_scores[first:last + 1] or (hit.dense,)
                figures = own_figures(query, span.text)
                figure = pick_figure(query, span.text, query_terms, figures)
                found.append(Candidate(
                    hit=hit, clause=span, similarity=max(sims),
                    terms=sum(w for t, w in query_terms.items() if t in tokens) / total,
                    passage=hit.score - top,
                    title=last == first and (a.text == chunk.measure_title or a.end <= heading_end),
                    restated=bool(tokens) and tokens <= question_tokens,
                    figure=figure, unit=_unit_matches(query, span.text, figure),
                    extra_clauses=last - first, figures=len(figures)))
    return found


# Spans are pieces of the indexed text, the same few hundred for every question: their
# tokens and figures are worked out once (profiled: most of the answer step's time).
@lru_cache(maxsize=16_384)
def span_tokens(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


@lru_cache(maxsize=16_384)
def span_numbers(text: str) -> tuple[Quantity, ...]:
    return tuple(numbers_in(text))


def own_figures(query: Query, text: str) -> list[Quantity]:
    """Figures of text that could answer query: not ordinals, not dates unless asked for,
    and not a figure the question states itself ("in the 150 pilot communities, how many…")."""
    figures = [q for q in span_numbers(text) if not _is_ordinal(text, q)
               and q.value not in query.numbers]
    if not query.asks_time:
        figures = [q for q in figures if not _is_date_part(text, q)]
    return figures


def pick_figure(query: Query, text: str, query_terms: dict[str, float],
                figures: list[Quantity]) -> Quantity | None:
    """The figure of text the question asks for: the one in the asked unit, the one aligned
    with the asked subject in "A、B、C分别达x、y、z", else the first."""
    if not figures:
        return None
    aligned = _respectively(text, figures, query_terms)
    if aligned is not None:
        return aligned
    for figure in figures:
        if _unit_matches(query, text, figure):
            return figure
    return figures[0]


def _respectively(text: str, figures: list[Quantity],
                  query_terms: dict[str, float]) -> Quantity | None:
    match = _RESPECTIVELY_RE.search(text)
    if not match:
        return None
    subjects = re.split(r"[、和及与]", match.group(1))
    after = [f for f in figures if f.start >= match.end()]
    if len(subjects) != len(after) or len(after) < 2:
        return None
    overlap = [sum(w for t, w in query_terms.items() if t in span_tokens(s)) for s in subjects]
    best = max(range(len(subjects)), key=lambda i: overlap[i])
    return after[best] if overlap[best] > 0 else None


def _unit_matches(query: Query, text: str, figure: Quantity | None) -> bool:
    if figure is None or not query.units:
        return False
    if figure.percent:
        return "%" in query.units
    unit = _unit_after(text, figure)
    return any(unit.startswith(u) or unit.lstrip("万亿").startswith(u) for u in query.units)


def _unit_after(text: str, figure: Quantity) -> str:
    match = None if figure.percent else UNIT_RE.match(text, figure.end)
    return match.group() if match else ""


def _is_ordinal(text: str, figure: Quantity) -> bool:
    """"1是", "第1" — Chinese ordinals turned into digits are structure, not figures."""
    return text[figure.end:figure.end + 1] == "是" or text[max(0, figure.start - 1)
                                                           :figure.start] == "第"


def _is_date_part(text: str, figure: Quantity) -> bool:
    return text[figure.end:figure.end + 1] in ("年", "月", "日") and not figure.percent
