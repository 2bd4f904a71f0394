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
from collections.abc import Callable, KeysView
from dataclasses import dataclass, replace
from functools import lru_cache
from math import fsum

from .answer_types import asked_kind, holds_kind
from .figure_kinds import holds_kind as holds_figure_kind
from .figure_kinds import preferred_kinds
from .figure_links import names_part, parts_asked
from .figures import (
    Figure,
    added_not_asked,
    answer_figures,
    best_figure,
    measure_word,
)
from .lexical import token_set, tokenize
from .numbers import numbers_in
from .official_terms import (
    entries_named,
    names_indicator,
    official_tokens_of,
    opens_with_last_word,
)
from .people import asked_titles
from .query import Query, accepted_classifiers
from .quoted import named_alike
from .spans import passage_spans
from .tense import contradicts, figure_tense
from .tuning import CANDIDATE_PASSAGES, DEFAULT_WEIGHTS, QUANTITY_PASSAGES, ClauseWeights
from .types import Answer, Chunk, Citation, Clause, Hit

# A span ending on a copula or a colon introduces its content, it does not hold it.
DANGLING_RE = re.compile(r"(?:是|为|如下|包括|：|:)\s*$")


DECLINE = {
    "zh": "通报中没有这个问题的答案。下面列出最接近的段落供参考。",
    "en": "The bulletin does not answer this question. The nearest passages are listed below.",
}


@dataclass(frozen=True)
class Candidate:
    """One or two adjacent clauses of a passage, with what the span score is made of."""

    hit: Hit
    clause: Clause  # the span as one exact piece of source text
    similarity: float  # the best similarity of its body clauses to the question (-1: none)
    heading_similarity: float  # … of its heading lines and measure titles (-1: none)
    terms: float
    passage: float
    restated: bool
    figure: Figure | None  # the figure the question asks for, if the span holds one
    kind: bool = False  # the span holds the kind of thing the question asks for
    contradicts_tense: bool = False  # a target where a result is asked, or the reverse
    dangling: bool = False  # ends where its content would begin ("主要预期目标是")
    said: bool = False  # stands in the sentence the previous answer quoted (a follow-up)

    def score(self, query: Query, w: ClauseWeights) -> float:
        similarity = max(self.similarity, self.heading_similarity - w.title)
        value = (similarity + w.terms * self.terms + w.passage * self.passage
                 - w.restated * self.restated + w.kind * self.kind
                 - w.dangling * self.dangling + w.said * self.said)
        if query.asks_quantity or query.asks_time or query.asks_rank:
            figure = self.figure
            if figure is not None:
                value += (w.figure + w.unit * figure.unit_matches
                          + w.figure_terms * figure.context_terms + w.predicate * figure.predicate
                          - w.tense * self.contradicts_tense
                          + w.total * (query.asks_total and figure.stated_total)
                          - w.project * figure.of_project)
        return value


def best_candidate(query: Query, hits: list[Hit], query_terms: dict[str, float],
                   weights: ClauseWeights = DEFAULT_WEIGHTS, said: str = "",
                   other_year: Callable[[Chunk], bool] | None = None,
                   named_as: str = "") -> Candidate | None:
    """The span that best answers query among the top passages (None without passages);
    said: what the previous answer quoted, when the question refers back to it;
    named_as: the words that named the figure answered before, when the question asks it
    again of another document;
    other_year: whether a passage stands in the part of its report that speaks of another
    year than the one asked (qa/year_part.py)."""
    if not hits:
        return None
    found = candidates(query, hits, query_terms)
    if said:  # "这占全国的比重是多少？" after "棉花总产616.5万吨、占全国92.8%": "this" was
        # just said, and what is asked of it most often stands in the same sentence
        found = [replace(c, said=True) if _in_sentence_of(c, said) else c for c in found]
    if query.proposals:  # "2号建议案…": answered from that proposal (or the opening and
        # closing, which speak of every proposal), else not at all
        found = [c for c in found if c.hit.chunk.proposal in (*query.proposals, 0, None)]
    if query.asks_quantity and any(c.figure is not None for c in found):
        found = [c for c in found if c.figure is not None]  # a quantity needs a figure
    parts = parts_asked(query.text) if query.asks_quantity else ()
    if parts:  # "… for rural residents?" of "居民收入增长5.4%，其中农村居民收入增长6.3%": in a
        # passage that names the part asked, only its spans naming it (a passage naming no
        # part, "农牧区劳动力转移就业106万人次", is judged as it stands)
        found = [c for c in found if c.figure is None or names_part(c.clause.text, parts[0])
                 or not names_part(c.hit.chunk.text, parts[0])] or found
    titles = asked_titles(query.text) if asked_kind(query.text) == "person" else ()
    if titles:  # "感谢了哪位政协主席？" names the title of the one asked: spans holding it, if
        # any ("杨智主席、各位副主席…", not "习近平总书记…" beside it in the closing)
        holding = [c for c in found if any(t in c.clause.text for t in titles)]
        found = holding or found
    if query.asks_count:  # "how many" is not answered by an amount of money, a share or a
        # measure ("1000亿千瓦时"), unless the question counts in that unit ("how many tonnes")
        found = [c for c in found if c.figure is None or c.figure.kind in ("count", "")
                 or c.figure.unit_matches]
    accepted = accepted_classifiers(query)
    if accepted:  # "一共改了多少户？", "How many beds …?": a figure counted in the classifier
        # asked ("累计改造10076户") over one counting other things beside it ("150个试点小区")
        counted = [c for c in found if c.figure is not None
                   and measure_word(c.figure.unit)[:1] in accepted]
        found = counted or found
    if query.asks_total:  # "how many in all" is not answered by what was added, if any other
        totals = [c for c in found if c.figure is None
                  or not added_not_asked(c.clause.text, c.figure, query.text)]
        found = totals if any(c.figure is not None for c in totals) else found
    if query.asks_quantity:  # "How did fixed-asset investment perform?" is not answered by
        # the GDP beside it: spans naming the indicator asked, if any (else the abstainer
        # judges the sentence)
        naming = [c for c in found if c.figure is not None
                  and any(_names_asked(c, i) for i in query.indicators)]
        found = naming or found
    if named_as:  # asked again of another document ("And Jiangsu?" after "地区生产总值增长
        # 5.5%"): spans whose figure is named as the one answered before, if any (else the
        # abstainer declines whichever is chosen)
        alike = [c for c in found if c.figure is not None
                 and named_alike(c.clause.text, c.figure.quantity.start, named_as)]
        found = alike or found
    if other_year is not None:  # "2025年城镇新增就业多少人？" of a report delivered in 2026
        # is answered in its review ("城镇新增就业52万人"), not by the target that ranked above
        # it ("城镇新增就业50万人以上", which the abstainer would decline): spans of the part
        # the year goes without saying in, if any (after the narrowing above, so that an
        # indicator the report gives only as a target still finds the target, and is declined)
        found = [c for c in found if not other_year(c.hit.chunk)] or found
    # A tie (a span and the sentence holding it share their clause's similarity) goes to
    # the longer span: it holds what the shorter one holds, and the words around it.
    best = max(found, key=lambda c: (c.score(query, weights), len(c.clause.text))) \
        if found else None
    # "多少钱" where the best span holds no money: a span holding money whose figure the
    # question's words name answers instead, if there is one (else the abstainer declines).
    kinds = preferred_kinds(query)
    # A span whose figure is of the kind asked comes first; then one that holds such a figure
    # beside its own ("累计接待外事组团33批,同比增长50%" for "how many, and how fast?").
    if best is not None and kinds and not _figure_of_kinds(best, kinds):
        named = [c for c in found if c.figure is not None and c.figure.context_terms > 0]
        fitting = [c for c in named if _figure_of_kinds(c, kinds)] \
            or [c for c in named if _holds_kinds(c, kinds)]
        if fitting:
            best = max(fitting, key=lambda c: (c.score(query, weights), len(c.clause.text)))
    return best


def indicator_in_kind(query: Query, hits: list[Hit], query_terms: dict[str, float],
                      kinds: tuple[str, ...],
                      other_year: Callable[[Chunk], bool] | None = None) -> Candidate | None:
    """The best span of hits whose figure is of the kinds demanded and whose own words name
    an indicator the question asks ("地区生产总值…达到23562亿元" for "What was the GDP?");
    None if no span is both. Any passage of hits may hold it, however far down: only those
    naming an indicator asked and holding the kinds compete."""
    hits = [hit for hit in hits
            if any(names_indicator(hit.chunk.text, i) for i in query.indicators)
            and all(holds_figure_kind(hit.chunk.text, kind) for kind in kinds)]
    if not hits:
        return None
    found = [c for c in candidates(query, hits, query_terms)
             if c.figure is not None and _figure_of_kinds(c, kinds) and _stands_alone(c)
             and any(_names_asked(c, i) for i in query.indicators)]
    if other_year is not None:
        found = [c for c in found if not other_year(c.hit.chunk)] or found
    return max(found, key=lambda c: (c.score(query, DEFAULT_WEIGHTS), len(c.clause.text)),
               default=None)


# What may follow a figure that is a level of its own: a qualifier, then a break.
_ALONE_AFTER_RE = re.compile(r"(?:以上|左右|多|余)?(?:[，,、。；;：:）)\s]|$)")
# A threshold passed, not the level reached: "跨过3万亿元", "突破2万亿元".
_THRESHOLD_BEFORE_RE = re.compile(r"(?:突破|超过|跨过|跨越|迈上|迈过|站上|越过|超|逾)了?$")


def _stands_alone(candidate: Candidate) -> bool:
    """Whether the candidate's figure states the level reached: not a threshold passed
    ("地区生产总值跨过3万亿元"), nor the mark of a class of things it names after it
    ("新增经济总量超200亿元县2个": counties, not the economy)."""
    figure = candidate.figure
    assert figure is not None
    text = candidate.clause.text
    return not _THRESHOLD_BEFORE_RE.search(text, 0, figure.quantity.start) and bool(
        _ALONE_AFTER_RE.match(text, figure.quantity.end + len(figure.unit)))


def _in_sentence_of(candidate: Candidate, said: str) -> bool:
    """Whether the candidate's span lies in the sentence of its (focused) passage that holds
    said."""
    chunk = candidate.hit.chunk
    at = chunk.text.find(said) if candidate.hit.focused else -1
    if at < 0:
        return False
    begin, end = sentence_bounds(chunk.text, at, at + len(said))
    start = candidate.clause.start - chunk.start
    return begin <= start and start + len(candidate.clause.text) <= end + 1


SENTENCE_ENDS = "。！？\n"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) holding text[start:end] begins and stops."""
    begin = max(text.rfind(mark, 0, start) for mark in SENTENCE_ENDS) + 1
    stops = [at for mark in SENTENCE_ENDS if (at := text.find(mark, end)) >= 0]
    return begin, min(stops, default=len(text))


def to_sentence_end(candidate: Candidate) -> Clause:
    """The candidate's span run on to the end of its sentence: a yes/no question is answered
    by what the sentence says in the end ("…全国中小企业发展环境评估,我市均位列全国前十",
    "虽然取得一些成效,但…还有一定差距"), which a span of one or two clauses cuts off."""
    chunk, span = candidate.hit.chunk, candidate.clause
    start = span.start - chunk.start
    _, stop = sentence_bounds(chunk.text, start, start + len(span.text))
    stop = max(stop, start + len(span.text))
    return Clause(chunk.text[start:stop], span.start, chunk.start + stop)


def _names_asked(candidate: Candidate, indicator: int) -> bool:
    """Whether the words that can name the candidate's figure name the indicator: the span
    up to it ("城镇、农村居民人均可支配收入分别增长4.4%、5.9%"), not what follows ("提出5项指标，
    其中研发经费投入…": the 5项 is no R&D spending). A span naming the measure by its last
    word alone takes the rest from its sentence's lead ("煤炭…开采方面，抓好产能接续，产量稳定在
    13亿吨左右")."""
    figure = candidate.figure
    assert figure is not None
    own = candidate.clause.text[:figure.quantity.end]
    if names_indicator(own, indicator):
        return True
    if figure.kind == "count":  # "培育593家国家专精特新“小巨人”企业": a count names what it
        # counts after its classifier, to the end of its clause
        after = candidate.clause.text[figure.quantity.end + len(figure.unit):]
        if names_indicator(_COUNTED_END_RE.split(after, maxsplit=1)[0], indicator):
            return True
    last_clause = _CLAUSE_BREAK_RE.split(own)[-1]
    return opens_with_last_word(last_clause, indicator) and names_indicator(
        _sentence_lead(candidate.hit.chunk, candidate.clause, figure), indicator)


_CLAUSE_BREAK_RE = re.compile(r"[，,；;：:]")
# What a count counts is written after it up to the next break or list mark.
_COUNTED_END_RE = re.compile(r"[，,；;：:。、]")


def _figure_of_kinds(candidate: Candidate, kinds: tuple[str, ...]) -> bool:
    """Whether the candidate's figure is of the kinds demanded: a span holding "20793元"
    whose figure is the "7%" beside it gives no money."""
    figure = candidate.figure
    return figure is not None and all(
        holds_figure_kind(figure.quantity.text + figure.unit, kind) for kind in kinds)


def _holds_kinds(candidate: Candidate, kinds: tuple[str, ...]) -> bool:
    return all(holds_figure_kind(candidate.clause.text, kind) for kind in kinds)


def extractive_answer(query: Query, hits: list[Hit], best: Candidate) -> Answer:
    """The answer built from the chosen span, cited to its exact source text."""
    if query.asks_whether:
        best = replace(best, clause=to_sentence_end(best))
    chunk, span = best.hit.chunk, best.clause
    citation = Citation.of(chunk, span.text, span.start, span.end)
    return Answer(query.text, format_answer(query, best), True, (citation,), tuple(hits))


def declined_answer(query: Query, hits: list[Hit]) -> Answer:
    """A plain "not in the bulletin" in the question's language; the passages stay listed."""
    return Answer(query.text, DECLINE[query.lang], False, (), tuple(hits))


def format_answer(query: Query, best: Candidate) -> str:
    """The span, led by the figure asked for when the span holds several or the question is
    English (the quote stays Chinese: it is the evidence, not a translation)."""
    quote, figure = best.clause.text, best.figure
    lead = figure.text if figure is not None and (
        query.asks_quantity or query.asks_time or query.asks_rank) else ""
    if query.lang == "zh":
        # The lead picks the figure out of several; a quote that opens with it needs none.
        return f"{lead}：{quote}" if lead and len(numbers_in(quote)) > 1 \
            and not quote.startswith(lead) else quote
    return f"{lead} — “{quote}”" if lead else f"“{quote}”"


def candidates(query: Query, hits: list[Hit], query_terms: dict[str, float]) -> list[Candidate]:
    top = hits[0].score
    total = sum(query_terms.values()) or 1.0
    # Not token_set: its cache is for pieces of the index, and each new question would
    # stay in it (memory grew with every distinct question asked).
    question_tokens = frozenset(tokenize(query.text))
    kind = asked_kind(query.text)
    term_keys = query_terms.keys()  # a set view: intersected with each span's tokens in C
    named = entries_named(query.text)  # indicators the question names ("GDP", "经济增长")
    found: list[Candidate] = []
    read = 0  # passages read; for a quantity, a passage with no figure to give is skipped
    # ("What's Guangxi's GDP growth target?": the title line and the heading of the year's
    # tasks rank above the targets) and the next one read, down to QUANTITY_PASSAGES
    first_read: list[Candidate] = []
    for rank, hit in enumerate(hits[:QUANTITY_PASSAGES if query.asks_quantity
                                    else CANDIDATE_PASSAGES]):
        if read == CANDIDATE_PASSAGES:
            break
        own = _passage_candidates(query, hit, top, total, question_tokens, kind, term_keys,
                                  query_terms, named)
        if rank < CANDIDATE_PASSAGES:
            first_read += own
        if query.asks_quantity and not any(c.figure is not None for c in own):
            continue
        read += 1
        found += own
    return found or first_read


def _passage_candidates(query: Query, hit: Hit, top: float, total: float,
                        question_tokens: frozenset[str], kind: str | None,
                        term_keys: KeysView[str], query_terms: dict[str, float],
                        named: tuple[int, ...]) -> list[Candidate]:
    """The candidate spans of one passage."""
    found = []
    chunk = hit.chunk
    heading, spans = passage_spans(chunk)
    scores = hit.clause_scores or (hit.dense,) * len(chunk.clauses)
    for first, last, span in spans:
        a = chunk.clauses[first]
        figures = answer_figures(query, span.text, query_terms, total)
        figure = best_figure(figures)
        # For a figure, its own clause must match the question: a neighbour that
        # restates the question lends it neither similarity nor terms — unless the
        # figure follows the question's own predicate ("…33批,同比增长50%") or the
        # figure before it names it ("粮食产量1347万吨、增长2.1%"): then the neighbour
        # names what grew.
        own = last if figure is not None and query.asks_quantity and \
            figure.quantity.start > a.end - a.start else first
        matched = (first, last) if figure is None or not query.asks_quantity \
            or figure.predicate == 1.0 or figure.named_before else (own, own)
        matched_range = range(matched[0], matched[1] + 1)
        text = chunk.text[chunk.clauses[matched[0]].start - chunk.start:
                          chunk.clauses[matched[1]].end - chunk.start]
        tokens = token_set(text)
        if named:  # "经济增长5%左右" names the 地区生产总值 asked, in other words
            tokens = tokens | official_tokens_of(text, named)
        found.append(Candidate(
            hit=hit, clause=span,
            similarity=max((scores[i] for i in matched_range if not heading[i]),
                           default=-1),
            heading_similarity=max((scores[i] for i in matched_range if heading[i]),
                                   default=-1),
            # (fsum: the exact sum, whatever order the set gives the terms in — with sum,
            # a span and the longer one holding it could differ in the last bit by the
            # process's string hashing, and their tie went either way)
            terms=fsum(query_terms[t] for t in tokens & term_keys) / total,
            passage=hit.score - top,
            restated=bool(tokens) and tokens <= question_tokens,
            dangling=bool(DANGLING_RE.search(span.text)),
            figure=figure, kind=kind is not None and _holds_kind(span.text, kind),
            contradicts_tense=figure is not None and bool(query.tense) and contradicts(
                query.tense, figure_tense(_sentence_lead(chunk, span, figure),
                                          chunk.context, chunk.text))))
    return found


def _sentence_lead(chunk: Chunk, span: Clause, figure: Figure) -> str:
    """The words of the figure's sentence up to it: a list after a colon speaks in the tense
    of what leads to it ("今年…主要预期目标是：地区生产总值增长5%左右" is a target)."""
    end = span.start - chunk.start + figure.quantity.end
    start = max(chunk.text.rfind(mark, 0, end) for mark in "。！？；\n")
    return chunk.text[start + 1:end]


@lru_cache(maxsize=32_768)
def _holds_kind(text: str, kind: str) -> bool:
    return holds_kind(text, kind)
