"""Hybrid retrieval: dense (chunk and best clause) fused with lexical, weighted by language.

Candidates come from three lists (chunk vectors, clause vectors, BM25); each candidate is
then scored exactly: its own similarity, its best clause's, and its BM25 score. Lexical
weight follows the question's language: Chinese questions meet the text word for word,
English ones only through the bilingual term map, so their lexical evidence counts less
(measured with `qa eval`: fusing BM25 the same way for every query ruins English recall).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import faiss
import numpy as np

from .embed import Embedder
from .errors import InvalidInputError
from .index import Index
from .lexical import tokenize
from .official_terms import official_terms
from .period import contradicts as other_period
from .query import Query, analyse
from .tense import contradicts, passage_tense
from .text import refuse_control_characters
from .tuning import (
    CANDIDATES,
    FOCUS_BOOST,
    HEADING_CLAUSE_PENALTY,
    LEXICAL_WEIGHT,
    MAX_TERM_WEIGHT,
    NAMED_PART_BOOST,
    OFFICIAL_TERM_WEIGHT,
    PERIOD_PENALTY,
    SECTION_TENSE_PENALTY,
    YEAR_PART_PENALTY,
)
from .types import Chunk, Hit
from .year_part import year_in_the_other_part, year_parts

MAX_K = 100
# Stages timed by search_query: query embedding, BM25 scores, dense candidate search (with
# the union of candidate lists), exact rescoring and fusion of the candidates.
STAGES = ("embed", "lexical", "dense", "fuse")


class Retriever:
    def __init__(self, index: Index, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self._periods = index.periods  # worked out now, not on the first question
        self._heading_clauses = index.heading_clauses  # likewise
        self._year_parts = {doc.doc_id: year_parts(doc.date) for doc in index.documents}
        # Searching and answering both need a question's terms: translate it once.
        self._terms = lru_cache(maxsize=1024)(self._lexical_terms)

    def search(self, query: str, k: int = 5, timing: dict[str, float] | None = None,
               docs: Sequence[str] | None = None, focus: Sequence[str] = ()) -> list[Hit]:
        return self.search_query(analyse(validate_query(query)), k, timing=timing, docs=docs,
                                 focus=focus)

    def search_query(self, query: Query, k: int, vector: np.ndarray | None = None,
                     timing: dict[str, float] | None = None,
                     docs: Sequence[str] | None = None,
                     focus: Sequence[str] = (), lexical: np.ndarray | None = None) -> list[Hit]:
        """Ranked hits, only from the documents docs names when given (None: all), the
        chunks focus names lifted; `timing`, if given, receives the milliseconds of each
        stage. `vector` and `lexical` (lexical_scores of the same query and docs), when
        given, were worked out already."""
        check_k(k)
        ranges = self._doc_ranges(docs)
        began = time.perf_counter()
        if vector is None:
            vector = self.embedder.embed([query.text], "query")
        embedded = time.perf_counter()
        if lexical is None:
            lexical = self.lexical_scores(query, ranges)
        lexed = time.perf_counter()
        rows = self._candidates(vector, lexical, k, ranges)
        focused = self._focus_rows(focus, ranges)
        rows = sorted(set(rows) | focused) if focused else rows
        searched = time.perf_counter()
        weight = lexical_weight(query)
        hits = [self._hit(row, vector[0], float(lexical[row]), weight) for row in rows]
        if query.period:
            hits = [replace(hit, score=hit.score - PERIOD_PENALTY)
                    if other_period(query.period, self._periods[row])
                    and not _names_a_year(hit.chunk.text, query.years) else hit
                    for row, hit in zip(rows, hits, strict=True)]
        if query.proposals or query.document_part:
            hits = [replace(hit, score=hit.score + NAMED_PART_BOOST)
                    if hit.chunk.proposal in query.proposals
                    or hit.chunk.local_id == query.document_part else hit for hit in hits]
        if query.tense:  # "What was … in 2025?" is answered in the review, not the tasks
            penalty = by_language(SECTION_TENSE_PENALTY, query)
            hits = [replace(hit, score=hit.score - penalty)
                    if contradicts(query.tense, passage_tense(hit.chunk.context, hit.chunk.text))
                    else hit
                    for hit in hits]
        if query.years or query.relative_years:  # "in 2025" of a report delivered in 2026
            hits = [replace(hit, score=hit.score - YEAR_PART_PENALTY)
                    if self._in_other_year_part(query, hit.chunk) else hit for hit in hits]
        if focused:
            hits = [replace(hit, score=hit.score + FOCUS_BOOST, focused=True, lent=FOCUS_BOOST)
                    if hit.chunk.id in focus else hit for hit in hits]
        hits.sort(key=lambda hit: (-hit.score, hit.chunk.start))
        if timing is not None:
            marks = (began, embedded, lexed, searched, time.perf_counter())
            for stage, start, end in zip(STAGES, marks, marks[1:], strict=False):
                timing[stage] = round((end - start) * 1000, 3)
        return hits[:k]

    def _in_other_year_part(self, query: Query, chunk: Chunk) -> bool:
        """Whether chunk stands in the part of its report that speaks of another year than
        the one query asks about (qa/year_part.py): the review for this year's target, the
        targets for last year's result. Where the question's wording says as much
        (query.tense), SECTION_TENSE_PENALTY has lowered it already."""
        parts = self._year_parts.get(chunk.doc_id) or {}
        return bool(parts) and year_in_the_other_part(query, chunk, parts) is not None \
            and not contradicts(query.tense, passage_tense(chunk.context, chunk.text))

    def lexical_scores(self, query: Query, ranges: list[range] | None = None) -> np.ndarray:
        """BM25 of every chunk row for the question's terms, 0 outside the row ranges given,
        scaled so that the best row has 1."""
        # (a token the question brings in several ways counts at most MAX_TERM_WEIGHT)
        terms = {token: min(weight, MAX_TERM_WEIGHT)
                 for token, weight in self.lexical_terms(query).items()}
        lexical = self.index.lexical.weighted_scores(terms)
        if ranges is not None:
            allowed = np.zeros(len(lexical), dtype=bool)
            for doc_rows in ranges:
                allowed[doc_rows.start:doc_rows.stop] = True
            lexical = np.where(allowed, lexical, 0.0)
        peak = float(lexical.max()) if len(lexical) else 0.0
        if peak > 0:
            lexical = lexical / peak
        return lexical

    def doc_ranges(self, docs: Sequence[str] | None) -> list[range] | None:
        """The chunk rows of the documents docs names (None: every document); raises
        InvalidInputError for an unknown id."""
        return self._doc_ranges(docs)

    def lexical_terms(self, query: Query, expanded: bool = True) -> Mapping[str, float]:
        """Lexical tokens of the question with weights: its own tokens (Chinese bigrams,
        words, figures) plus, for any English in it, the corpus terms it translates to, and
        the official terms its everyday words stand for. expanded=False gives what counts
        as evidence that a passage answers: translations word by word, without the weight
        of whole definitions (they help find a passage, they do not say it answers)."""
        return self._terms(query, expanded)

    def _lexical_terms(self, query: Query, expanded: bool) -> Mapping[str, float]:
        weights: defaultdict[str, float] = defaultdict(float, dict.fromkeys(tokenize(query.text),
                                                                        1.0))
        if query.cjk_share < 1.0:
            for term, weight in self.index.terms.translate(query.text, expanded).items():
                for token in _term_tokens(term):
                    weights[token] += weight
        for term, share in official_terms(query.text).items():
            for token in _term_tokens(term):  # "经济增长": 地区生产总值
                weights[token] = max(weights[token], OFFICIAL_TERM_WEIGHT * share)
        return dict(weights)

    def by_rarity(self, terms: Mapping[str, float]) -> dict[str, float]:
        """Terms weighted by idf: a rare word of the question found in a clause says more
        about it answering than a word found everywhere."""
        lexical = self.index.lexical
        return {t: w * lexical.idf(t) for t, w in terms.items()}

    def _doc_ranges(self, docs: Sequence[str] | None) -> list[range] | None:
        """Chunk rows of the documents named (None: every document); an unknown id is bad
        input, so a typo does not silently search everything or nothing."""
        if docs is None:
            return None
        unknown = [d for d in docs if d not in self.index.doc_rows]
        if unknown or not docs:
            known = ", ".join(sorted(self.index.doc_rows)[:5])
            raise InvalidInputError(f"Unknown document {unknown[0]!r}; GET /v1/documents (or "
                                    f"`qa documents`) lists them, e.g. {known}."
                                    if unknown else "doc names no document.")
        return [self.index.doc_rows[d] for d in dict.fromkeys(docs)]

    def _focus_rows(self, focus: Sequence[str], ranges: list[range] | None) -> set[int]:
        """Rows of the focused chunks the index holds, within the documents searched."""
        rows = {self.index.row_of[c] for c in focus if c in self.index.row_of}
        return rows if ranges is None else {r for r in rows if any(r in d for d in ranges)}

    def _candidates(self, vector: np.ndarray, lexical: np.ndarray, k: int,
                    ranges: list[range] | None = None) -> list[int]:
        index = self.index
        n = max(CANDIDATES, k * 2)
        rows: set[int] = set()
        clause_ranges = None if ranges is None else [
            range(int(index.clause_starts[r.start]), int(index.clause_starts[r.stop]))
            for r in ranges]
        for found in _search(index.chunk_vectors, vector, n, ranges):
            rows.add(found)
        for found in _search(index.clause_vectors, vector, n * 4, clause_ranges):
            rows.add(int(index.clause_owner[found]))
        if len(lexical):
            top = np.argpartition(-lexical, min(n, len(lexical) - 1))[:n]
            rows.update(int(r) for r in top if lexical[r] > 0)
        return sorted(rows)

    def _hit(self, row: int, vector: np.ndarray, lexical: float, weight: float) -> Hit:
        index = self.index
        chunk = index.chunks[row]
        stored = index.chunk_matrix
        chunk_score = float((stored[row] if stored is not None
                             else index.chunk_vectors.reconstruct(row)) @ vector)
        clause_rows = index.clause_rows(row)
        clause_scores: tuple[float, ...] = ()
        best = None
        dense = chunk_score
        if len(clause_rows):
            stored = index.clause_matrix
            sims = (stored[clause_rows.start:clause_rows.stop] if stored is not None
                    else index.clause_vectors.reconstruct_batch(
                        np.arange(clause_rows.start, clause_rows.stop))) @ vector
            scores = sims.tolist()  # Python floats, as float(s) of each would give
            clause_scores = tuple(scores)
            headings = self._heading_clauses[clause_rows.start:clause_rows.stop]
            if headings.any():  # the answer stage weighs heading lines its own way
                scores = [s - HEADING_CLAUSE_PENALTY if h else s
                          for s, h in zip(scores, headings.tolist(), strict=True)]
                # … and the passage as a whole takes the heading line in, as alike to any
                # question on its section's topic
                chunk_score -= HEADING_CLAUSE_PENALTY
            at = max(range(len(scores)), key=scores.__getitem__)  # the first best, as argmax
            best = chunk.clauses[at]
            dense = max(chunk_score, scores[at])
        return Hit(chunk=chunk, score=dense + weight * lexical, dense=dense, lexical=lexical,
                   best_clause=best, clause_scores=clause_scores)


@lru_cache(maxsize=65_536)
def _term_tokens(term: str) -> tuple[str, ...]:
    """The tokens of a dictionary or official term (a finite set: an English question
    translates to a hundred or more, the same ones question after question)."""
    return tuple(tokenize(term))


def _search(vectors: faiss.Index, vector: np.ndarray, n: int,
            ranges: list[range] | None) -> list[int]:
    """Rows of the n nearest vectors, within the row ranges given (None: all rows)."""
    if ranges is None:
        _, rows = vectors.search(vector, min(n, vectors.ntotal))
        return [int(r) for r in rows[0] if r >= 0]
    found: list[int] = []
    for rows_range in ranges:
        size = len(rows_range)
        if not size:
            continue
        _, rows = vectors.search(vector, min(n, size), params=_within(vectors, rows_range))
        found += [int(r) for r in rows[0] if r >= 0]
    return found


def _within(vectors: faiss.Index, rows: range) -> faiss.SearchParameters:
    """Search parameters that keep a search inside rows (and an HNSW graph's own depth)."""
    selector = faiss.IDSelectorRange(rows.start, rows.stop)
    graph = faiss.downcast_index(vectors)
    params: Any
    if isinstance(graph, faiss.IndexHNSW):
        params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
        params.efSearch = graph.hnsw.efSearch
    else:
        params = faiss.SearchParameters()
    params.sel = selector
    return params


def _names_a_year(text: str, years: Sequence[str]) -> bool:
    """Whether text gives a figure of one of the years asked: the five-year review's "增长到
    2025年的4.93万亿元" speaks of 2025 too. The figure follows the year within its clause,
    with no other year between ("2025年总量比2020年增加7400亿元" gives a change, "2025年目标
    任务顺利完成" no figure)."""
    return any(re.search(rf"{year}年[^，,。；;、\d]{{0,8}}(?!(?:19|20)\d\d年)\d", text)
               for year in years)


def lexical_weight(query: Query) -> float:
    """Blend of the per-language weights by how much of the question is Chinese."""
    return by_language(LEXICAL_WEIGHT, query)


def by_language(values: Mapping[str, float], query: Query) -> float:
    """A per-language value ("zh", "en") blended by how much of the question is Chinese."""
    return query.cjk_share * values["zh"] + (1 - query.cjk_share) * values["en"]


def check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise InvalidInputError(f"k must be between 1 and {MAX_K}, got {k}.")


def validate_query(query: str, max_chars: int = 500) -> str:
    """The trimmed query, or InvalidInputError if it is empty or too long."""
    if not isinstance(query, str):
        raise InvalidInputError("The question must be text.")
    # (before stripping: str.strip() takes the separators U+001C–U+001F for whitespace, and
    # the published pattern refuses them wherever they stand)
    refuse_control_characters(query)
    query = query.strip()
    if not query:
        raise InvalidInputError("The question is empty; ask something about the bulletin.")
    if len(query) > max_chars:
        raise InvalidInputError(
            f"The question is {len(query)} characters long; the limit is {max_chars}.")
    return query
