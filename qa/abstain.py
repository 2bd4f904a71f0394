"""Decide whether the bulletin answers a question at all.

Similarity alone cannot tell: a question about something the bulletin does not say
("江汉区建成了多少个老年助餐点？") sits as close to the text as one it answers. So besides a
per-language score floor, each check below looks for a concrete sign that the answer is
missing — a place, year or figure the bulletin never mentions, or a question asking for a
kind of answer (a date, an amount of money, a superlative, a person) that the chosen
passage does not contain. Any sign declines. Floors and checks were calibrated on the gold
set's unanswerable items as a whole (`qa eval` reports declines and false declines).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from .answer import Candidate
from .answer_checks import (
    classifier_not_given,
    date_not_given,
    increment_for_total,
    indicator_not_given,
    kind_not_given,
    named_otherwise,
    no_figure,
    other_level,
    people_not_counted,
    per_head_not_given,
    person_not_given,
    ratio_for_count,
    superlative_not_given,
    total_not_given,
    whole_for_part,
)
from .bridge import ENGLISH_WORD_RE, STOPWORDS, TermMap
from .lexical import LexicalIndex, token_set
from .names import YEAR_RE
from .numbers import numbers_in
from .official_terms import (
    official_terms,
)
from .query import Query
from .small_talk import not_a_question
from .tense import passage_tense
from .tuning import (
    FIGURE_GAP,
    FIGURE_GAP_IN_UNIT,
    FIRM_READING_WEIGHT,
    SCORE_FLOOR,
    SPECIFIC_DF,
    SUPPORT_FLOOR,
)
from .types import Hit
from .year_part import year_in_the_other_part, year_parts

PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2})(区|县|镇|乡)")
NOT_PLACE_PREFIX = set("哪个几各每全本该这那此新老小了的在到和与进")
# The reason given for a figure from a passage scored well below the top ones (the service
# then looks again for the indicator asked, QAService._second_look).
OFF_TOP = "the figure is not in the best passages"


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reasons: tuple[str, ...] = ()


def specific_terms(terms: Mapping[str, float], lexical: LexicalIndex) -> dict[str, float]:
    """The question's terms specific enough to say what it is about: held by some passage,
    by at most SPECIFIC_DF of them, and not a year ("in 2024" sets a time, not a topic)."""
    limit = SPECIFIC_DF * lexical.size
    return {token: weight for token, weight in terms.items()
            if 0 < lexical.document_frequency(token) <= limit and not YEAR_RE.fullmatch(token)}


class Abstainer:
    def __init__(self, source: str, terms: TermMap, lexical: LexicalIndex,
                 date: str | None = None) -> None:
        self.source = source
        self.terms = terms
        self.lexical = lexical
        self.ascii_words = {w.lower() for w in re.findall(r"[A-Za-z0-9]+", source)}
        self.values = {q.value for q in numbers_in(source)}
        years = Counter(YEAR_RE.findall(source))
        # The year a bulletin reports on goes without saying in its text ("建成…790个"),
        # so a question naming it is not asking about another period.
        self.report_year = years.most_common(1)[0][0] if years else None
        # A report delivered early in a year reviews the year before ("过去一年") without
        # naming it: that year goes without saying too.
        self.implicit_years = {self.report_year} | (
            {str(int(date[:4]) - 1)} if date and date[:4].isdigit() else set())
        # …but only in its review: its targets and tasks speak of the year it is delivered
        # in, which goes without saying there and only there. Year → the part it is implicit
        # in, and how a question names it without its number (qa/period.py relative_years).
        self.year_parts = year_parts(date)
        # The year before the one reviewed ("前年"), which no report leaves unsaid.
        self.earlier_year = str(int(date[:4]) - 2) if date and date[:4].isdigit() else None

    def check(self, query: Query, hits: list[Hit], best: Candidate | None,
              query_terms: Mapping[str, float], named_as: str = "",
              whole: str = "") -> Verdict:
        """named_as: for a question asked again of another document, the words that named
        the figure answered before (qa/quoted.py figure_named_as); whole: for a follow-up
        asking for a part of what was just said, the figure answered before."""
        if not hits or best is None:
            return Verdict(False, ("nothing retrieved",))
        reasons = [reason for reason in (
            not_a_question(query.text),
            self._score_floor(query, hits[0]),
            self._unsupported(query, hits[0], best.hit, query_terms),
            self._unknown_place(query),
            self._other_year(query, hits[0]),
            self._year_in_the_other_part(query, best),
            self._unknown_figure(query),
            date_not_given(query, best),
            kind_not_given(query, best),
            superlative_not_given(query, best),
            person_not_given(query, best),
            total_not_given(query, best),
            increment_for_total(query, best),
            other_level(query, best),
            people_not_counted(query, best),
            classifier_not_given(query, best),
            self._figure_off_top(query, hits, best),
            ratio_for_count(query, best),
            indicator_not_given(query, best),
            per_head_not_given(query, best),
            no_figure(query, best),
            named_otherwise(query, best, named_as),
            whole_for_part(query, best, whole),
        ) if reason]
        return Verdict(not reasons, tuple(reasons))

    def _score_floor(self, query: Query, top: Hit) -> str | None:
        floor = SCORE_FLOOR[query.lang]
        if top.dense == 0.0:
            return None  # a lexical-only retriever (an eval baseline) gives no similarity
        return f"best passage similarity {top.dense:.3f} < {floor}" if top.dense < floor else None

    def _unsupported(self, query: Query, top: Hit, answered: Hit,
                     query_terms: Mapping[str, float]) -> str | None:
        """Support in the passage answered from, or else in the one ranked first: the answer
        may come from a passage below the top one ("新注册了多少家企业？" answered by
        "新登记企业25.31万户" third), and a top passage that holds the question's words still
        vouches for the topic (measured: the answer's passage alone declined one right
        follow-up of the test conversations)."""
        reason = self._no_support(query, answered, query_terms)
        if reason is not None and answered is not top \
                and self._no_support(query, top, query_terms) is None:
            return None
        return reason

    def _no_support(self, query: Query, top: Hit, query_terms: Mapping[str, float]) -> str | None:
        if query.document_part and top.chunk.local_id == query.document_part:
            return None  # "What does the closing say …?" names its passage by its place
        if top.focused:  # "How many projects was that?": the conversation named the topic
            return None
        # Words no passage holds ("how", "much" of an English question) can support none:
        # they are left out of the share, so English and Chinese questions are measured alike.
        total = sum(weight for token, weight in query_terms.items()
                    if self.lexical.document_frequency(token) > 0)
        if total <= 0:
            return "the question has no words the bulletin uses"
        passage = token_set(top.chunk.context + top.chunk.text)
        found = sum(weight for token, weight in specific_terms(query_terms, self.lexical).items()
                    if token in passage)
        floor = SUPPORT_FLOOR[query.lang]
        return f"specific term support {found / total:.3f} < {floor}" \
            if found / total < floor else None

    def _unknown_place(self, query: Query) -> str | None:
        for match in PLACE_RE.finditer(query.text):
            name, suffix = match.group(), match.group(2)
            if NOT_PLACE_PREFIX & set(match.group(1)):
                continue
            if name not in self.source and match.group(1)[-1] + suffix not in self.source:
                return f"place {name} is not in the bulletin"
        for run in _capitalised_runs(query.text):
            joined = "".join(run).lower()
            if joined in self.ascii_words or _in_vocabulary(query.text, " ".join(run)):
                continue  # (an English name the vocabulary knows: "Biolake", "Taiwanese
                # investment")
            readings = self.terms.translate(" ".join(run))
            if not readings and self.terms.is_pinyin(joined):
                return f"name {' '.join(run)} is not in the bulletin"
            if any(weight >= FIRM_READING_WEIGHT and reading in self.source
                   for reading, weight in readings.items()):
                continue  # "Sheng Yuechun" reads as 盛阅春, a name of the text
            # "Wuchang District" reads as something only through "District": its name, a
            # word of pinyin the corpus has no other reading of, is not in the text
            unknown = next((w for w in run if len(run) > 1 and self._unknown_pinyin(w)), None)
            if unknown is not None:
                return f"name {unknown} is not in the bulletin"
        return None

    def _unknown_pinyin(self, word: str) -> bool:
        """A word that reads only as pinyin (five letters or more: "Xi", "Hu" are too short
        to tell) and that neither the text nor the term map knows."""
        lower = word.lower()
        return lower not in self.ascii_words and not self.terms.translate(word) \
            and self.terms.is_pinyin(lower) and len(lower) > 4 and not official_terms(word)

    def _other_year(self, query: Query, top: Hit) -> str | None:
        passage = top.chunk.context + top.chunk.text
        years = list(query.years)  # not the year of a report's name ("the 2026 report")
        if "earlier" in query.relative_years and self.earlier_year:
            years.append(self.earlier_year)  # "前年", named by number where it is spoken of
        for year in years:
            if year not in self.implicit_years and year not in passage:
                return f"the passage says nothing about {year}"
        return None

    def _year_in_the_other_part(self, query: Query, best: Candidate) -> str | None:
        # "江西2025年 / 去年城镇新增就业多少人？" is not answered by this year's target ("城镇新增
        # 就业41万人" under "2026年工作安排"), nor "广西2026年城镇新增就业目标是多少？" by
        # last year's result under "2025年工作回顾" (qa/year_part.py).
        year = year_in_the_other_part(query, best.hit.chunk, self.year_parts)
        if year is None:
            return None
        part = passage_tense(best.hit.chunk.context, best.hit.chunk.text)
        return f"asks about {year}, the passage " + (
            "sets later targets" if part == "plan" else "reviews the years before")

    def _unknown_figure(self, query: Query) -> str | None:
        for quantity in numbers_in(query.text):
            text = quantity.text
            if YEAR_RE.fullmatch(text) or quantity.value < 10 or not re.search(r"\d", text):
                continue  # years are checked apart; "几十亿" is an estimate, not a figure
            if quantity.value not in self.values:
                return f"the bulletin never mentions {text}"
        return None

    def _figure_off_top(self, query: Query, hits: list[Hit], best: Candidate) -> str | None:
        # The passages retrieval trusts most hold no figure for the question: a figure taken
        # from a passage scored well below them answers something else. (Passages of long
        # reports sit close together; a figure in a passage within FIGURE_GAP still counts.)
        # The passage a follow-up points back to is trusted by the conversation itself; the
        # score the conversation lent it does not push other passages off the top, either.
        gap = FIGURE_GAP_IN_UNIT if best.figure is not None and best.figure.unit_matches \
            else FIGURE_GAP
        if query.asks_quantity and best.figure is not None and not best.hit.focused \
                and best.hit.score < max(hit.own_score for hit in hits) - gap:
            return OFF_TOP
        return None


def _in_vocabulary(question: str, name: str) -> bool:
    """Whether the vocabulary of official terms reads name, alone or with the words beside
    it in question: "Taiwanese" is no place, but "Taiwanese investment" reads as 台资."""
    if official_terms(name):
        return True
    without = official_terms(question.replace(name, " "))
    return bool(official_terms(question).keys() - without.keys())


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words after the first word (names in an English question)."""
    words = ENGLISH_WORD_RE.findall(re.sub(r"['’]s\b", "", text))
    runs: list[list[str]] = []
    current: list[str] = []
    for i, word in enumerate(words):
        if i > 0 and word[0].isupper() and not word.isupper() and word.lower() not in STOPWORDS:
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs
