"""Which figure of a passage a quantity question asks for.

A measure often lists several figures ("服务企业引进顶尖人才2名、湖北卓越工程师5名、“武汉英才”
106名"). Each figure has a local context — the words from the previous separator or figure
up to its unit and the noun after it — and the question's terms found there, together with
the unit the question asks in, tell which figure is meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from math import fsum
from typing import NamedTuple

from .asked_units import COUNT_UNITS
from .figure_links import (
    SEPARATORS,
    SHARED_TAIL_RE,
    TOTAL_WORDS,
    changes,
    growths,
    listed_subjects,
    respective_subjects,
    subjects_before,
    totals,
)
from .figure_numbers import plain_numbers, span_dates, span_numbers, span_ranks
from .lexical import token_set
from .numbers import Quantity
from .official_terms import entries_named, official_tokens_of
from .qualifiers import gives_any, unasked_qualifier
from .query import Query
from .tuning import (
    CONTEXT_BEFORE,
    CONTEXT_WEIGHT,
    PREDICATE_WEIGHT,
    SUPERSEDED_WEIGHT,
    UNIT_WEIGHT,
)

UNIT_RE = re.compile(r"(?:余|多)?(?:万|亿)?(?:平方公里|平方米|公顷|亩|公里|千米|米|英寸|寸|"
                     r"人次|亿元|万元|美元|元|个月|个|家|项|条|所|次|户|座|台|张|人|名|批|倍|辆|款|件|部|套|处|"
                     r"宗|栋|间|位|支|只|头|株|棵|艘|架|岁|吨|千瓦时|千瓦|度|公斤|千克|斤|微克/立方米|微克|立方米|标准箱|标箱|"
                     r"[EPT][Ff][Ll][Oo][Pp][Ss]|P|年|天|小时|"
                     r"分钟)")
# Units of physical measures: a figure in one answers "how much" of it, never "how many" of a
# thing ("How many tourist visits…?" is not answered by "1000亿千瓦时"). (度 is the everyday
# name of the 千瓦时: "输出345亿度".) (标箱 counts
# containers and 岁 years: "how many TEUs", "how many years" are counts.)
MEASURE_UNITS = ("吨", "千瓦时", "千瓦", "度", "公斤", "千克", "斤", "微克", "立方米", "小时",
                 "分钟", "天")


@dataclass(frozen=True)
class Figure:
    quantity: Quantity
    unit: str  # as written after the number ("万平方米", "个"); "%" for percentages
    unit_matches: bool  # the unit is one the question asks in
    context_terms: float  # share of the question's term weight in the figure's own context
    # Share of the words before 多少 in the question ("完成改造多少户") that come just before
    # the figure ("完成改造6713户": 1.0; "意向改造1.1万户": 0.5).
    predicate: float = 0.0
    # The old figure of a change the text states ("由21%提升至74%"), when the question does
    # not ask for the old one, or a threshold the exact figure follows ("突破1万美元、达1.12万
    # 美元"): the new, exact figure answers.
    superseded: bool = False
    # Named by the words of the figure before it, in an earlier clause of the span (a
    # change's new figure, a level's change, a change's total): that clause's likeness and
    # words count for it.
    named_before: bool = False
    # Stated as a total ("以上共计28项指标", "合计…"), or named as one by the clause before
    # ("进出口总值创历史新高，达到5379亿元"): what a question asking how many in all wants,
    # before a part's figure beside it ("提出5项指标").
    stated_total: bool = False
    # Sizes or counts projects ("2万吨高质碳酸锂项目顺利投产", "总投资50亿元的…工程", "97个新建
    # 居住项目"): their capacity, cost or number, not what was produced, built or done that
    # year (unless the question asks of projects).
    of_project: bool = False

    @property
    def kind(self) -> str:
        """What the figure measures: "count", "money", "percent", "area", "length",
        "measure" (weight, energy, volume, time …) or ""."""
        unit = measure_word(self.unit)
        if unit == "%":
            return "percent"
        if unit.endswith("元"):
            return "money"
        if unit.startswith(("平方", "公顷", "亩")):
            return "area"
        if unit in ("米", "公里", "千米"):
            return "length"
        if unit.startswith(MEASURE_UNITS):
            return "measure"
        return "count" if unit and unit[0] in COUNT_UNITS else ""

    @property
    def text(self) -> str:
        """The figure as an answer shows it: "790个", "1.57万次", "35.8%"."""
        if self.quantity.percent or self.unit.startswith("date") or self.unit == "rank":
            return self.quantity.text
        return self.quantity.text + self.unit


# Words that state the figure after them as a total of what the text lists or counts.
STATED_TOTAL_RE = re.compile(rf"共计|总计|合计|总共|一共|共有|{TOTAL_WORDS}")


def answer_figures(query: Query, text: str, query_terms: dict[str, float],
                   total: float = 0.0) -> list[Figure]:
    """Figures of text that could answer query: not ordinals ("第1", "3是"), not dates unless
    the question asks when, and not a figure the question states itself ("in the 150 pilot
    communities, how many …?")."""
    total = total or sum(query_terms.values()) or 1.0  # (given once a question by callers)
    qualified = gives_any(text)
    named = entries_named(query.text)  # an indicator asked, named by other words here
    dated = _dated_as_asked(query, text)
    predicate = _plain_predicate(query.predicate)
    return [Figure(p.quantity, p.unit, _unit_matches(query, p.unit),
                   fsum(query_terms[t] for t in (p.context | official_tokens_of(p.before, named)
                                                if named else p.context)
                       & query_terms.keys()) / total,
                   _predicate_share(predicate, p.plain_before),
                   superseded=dated.get(p.quantity.start, p.old and not query.asks_previous)
                   or (query.asks_total and p.totalled
                       and _added_unasked(p.lead, query.text) is not None),
                   named_before=p.inherited,
                   stated_total=p.stated_total,
                   of_project=not query.asks_project and p.of_project)
            for p in _layout(query, text)
            # "人均…10万元" does not answer "GDP" unless the question asks per head
            if not qualified or not unasked_qualifier(
                # (a figure named by the one before it, "人均…突破1万美元、达1.12万美元", is
                # qualified as that one is: its lead runs across 、)
                _lead_of(text, p.quantity, "，,；;。：:") if p.inherited else p.lead,
                query.qualifiers)]


# The year a figure is of, written just before it ("从2020年的3.68万亿元增长到2025年的4.93万亿元").
_OWN_YEAR_RE = re.compile(r"((?:19|20)\d\d)年(?:底|末|年底|年末)?的?$")


def _dated_as_asked(query: Query, text: str) -> dict[int, bool]:
    """Whether each figure dated by a year of its own is superseded, where the question asks
    one of those years: "How big was the economy in 2020?" asks the old figure of a change
    ("从2020年的3.68万亿元增长到2025年的4.93万亿元"), "in 2025" the new one. Keyed by the
    figure's start; empty when no figure carries a year the question asks."""
    asked = set(query.years)
    if not asked:
        return {}
    own = _own_years(text)
    if not asked & set(own.values()):
        return {}
    return {start: year not in asked for start, year in own.items()}


@lru_cache(maxsize=16_384)
def _own_years(text: str) -> dict[int, str]:
    """The year each figure of text dated by one of its own is of, keyed by its start (the
    same for every question: spans are pieces of the index; not to be changed)."""
    return {q.start: m.group(1) for q in span_numbers(text)
            if (m := _OWN_YEAR_RE.search(text, max(0, q.start - 8), q.start))}


class _Placed(NamedTuple):
    """A figure of a span as the question's words meet it: what does not depend on the
    question, worked out once per span and kind of question."""

    quantity: Quantity
    unit: str
    # Tokens of its own context. (Those every figure of the span shares are kept: they add
    # the same to each, so they never told them apart, and left out they made a figure of a
    # list weigh less than a lone one in another span — "分别居全国第二、第七、第九" lost
    # 全国 to "居全国第四".)
    context: frozenset[str]
    before: str  # the characters just before it (and before what names it)
    plain_before: str  # … less words of time or comparison (_predicate_share)
    old: bool  # a figure after it supersedes it (a change's new one, a threshold's exact one)
    inherited: bool  # named by the words of a figure before it
    totalled: bool  # a total of the same follows it ("新增上市公司48家、总量达122家")
    lead: str  # the words of its own clause up to it (_lead_of)
    stated_total: bool  # stated as a total ("合计…", STATED_TOTAL_RE), or named as one before
    of_project: bool  # sizes or counts projects (_of_project)


Layout = tuple[_Placed, ...]


def _layout(query: Query, text: str) -> Layout:
    """The figures of text the question may ask for, and their contexts: what does not depend
    on the question's words, worked out once per span and kind of question (spans are
    pieces of the index, asked about again and again)."""
    if query.asks_time and not query.asks_quantity:  # "when" wants a date, not one the
        # question states ("When was Shandong's 2026 report delivered?" is not "2026年")
        kept = tuple(i for i, q in enumerate(span_dates(text))
                     if q.text not in query.text and q.text.removesuffix("年") not in query.text)
        return _figure_layout(text, "date", kept)
    if query.asks_rank and not query.asks_quantity:  # "排第几" wants "前十", "第一"
        kept = tuple(i for i, q in enumerate(span_ranks(text)) if q.text not in query.text)
        return _figure_layout(text, "rank", kept)
    # The question's own numbers are left out here, not inside the cache: a key holding them
    # would make every question with a new number ("#0.52…") a new entry for every span.
    found = span_numbers(text)
    kept = tuple(i for i in plain_numbers(text, query.asks_rank, query.asks_time,
                                          "年" in query.units)
                 if found[i].value not in query.numbers)
    return _figure_layout(text, "number", kept)


@lru_cache(maxsize=32_768)
def _figure_layout(text: str, kind: str, kept: tuple[int, ...]) -> Layout:
    found = span_dates(text) if kind == "date" else span_ranks(text) if kind == "rank" \
        else span_numbers(text)
    quantities = [found[i] for i in kept]
    if kind == "number":
        units = ["%" if q.percent else _unit_after(text, q) for q in quantities]
    else:
        units = [("date" + "".join(p for p in "年月日" if p in q.text)) if kind == "date"
                 else "rank" for q in quantities]
    subjects = respective_subjects(text, quantities)
    listed = {} if subjects else listed_subjects(text, quantities)
    # A figure of a listed run is named by its item alone: the words before the run are
    # the list's head, the same for every item.
    contexts = [token_set(listed[i] + unit if i in listed else
                          subjects.get(i, "") + _context(text, quantities, i,
                                                         0 if quantities[i].percent else len(unit)))
                for i, unit in enumerate(units)]
    # A figure of a list is not named by the other items' words ("进出口分别增长4.1%、
    # 6.3%": 出口 does not name 4.1%, though it stands within a few characters of it).
    for i, subject in subjects.items():
        own = token_set(subject)
        contexts[i] -= frozenset().union(*(token_set(other) for j, other in subjects.items()
                                           if j != i)) - own
    befores = [text[max(0, q.start - CONTEXT_BEFORE):q.start] for q in quantities]
    # The words leading to a figure of a list are its subject's ("城乡低保标准提高到每月815元
    # 和615元": 农村…提高到每月 leads to 615元), or the run's head, not its neighbour's figure.
    for i, subject in subjects.items():
        befores[i] = subject[-CONTEXT_BEFORE:]
    for i in listed:
        befores[i] = befores[min(listed)]
    # "税目比例由21%提升至74%": the new figure is named by the words before the old one.
    stated = changes(text, quantities)
    for old, new in stated.items():
        contexts[new] = contexts[new] | contexts[old]
        befores[new] = f"{befores[old]}|{befores[new]}"
    # "细颗粒物年均浓度27微克/立方米、下降11.5%": the change is of what the level names.
    reached = set()  # "突破1万美元、达1.12万美元": the threshold gives way to the exact figure
    inherited = set(stated.values())
    for level, (growth, exact) in growths(text, quantities).items():
        contexts[growth] = contexts[growth] | contexts[level]
        befores[growth] = f"{befores[level]}|{befores[growth]}"
        inherited.add(growth)
        if exact:
            reached.add(level)
    # "外贸进出口增长8.4%，总额突破8000亿元": the total is of what the change names.
    summed = totals(text, quantities)
    for change, total in summed.items():
        contexts[total] = contexts[total] | contexts[change]
        befores[total] = f"{befores[change]}|{befores[total]}"
        inherited.add(total)
    # "全省进出口总值创历史新高，达到5379亿元": the clause before names the figure, and says
    # when what it names is a total (总值).
    named_total = set()
    for i, subject in subjects_before(text, quantities).items():
        if i in summed.values():  # (named by its change already)
            continue
        contexts[i] = contexts[i] | token_set(subject)
        befores[i] = f"{subject[-CONTEXT_BEFORE:]}|{befores[i]}"
        inherited.add(i)
        if STATED_TOTAL_RE.search(subject):
            named_total.add(i)
    leads = [_lead_of(text, quantity) for quantity in quantities]
    return tuple(_Placed(quantity, unit, context, before,
                         SHARED_TAIL_RE.sub("", before), i in stated or i in reached,
                         i in inherited, i in summed, lead,
                         i in named_total or bool(STATED_TOTAL_RE.search(lead)),
                         _of_project(text, quantity))
                 for i, (quantity, unit, context, before, lead)
                 in enumerate(zip(quantities, units, contexts, befores, leads, strict=True)))


# What was added in the year ("新增规上工业企业406家") does not answer how many there are in all.
INCREMENT_RE = re.compile(r"新增|新建|新培育|新登记|新引进|新开工|新投用|新认定|新获批|新开通|"
                          r"新签约|新设立?|新落地|新招引")


def lead_words(span: str, figure: Figure) -> str:
    """The words of the figure's own clause up to the figure ("新增规上工业企业406家")."""
    return _lead_of(span, figure.quantity)


def _lead_of(span: str, quantity: Quantity, marks: str = "，,；;。：:、") -> str:
    """The span from the last of marks before the figure to the figure's end."""
    at = quantity.start
    start = max(span.rfind(mark, 0, at) for mark in marks)
    return span[start + 1:at + len(quantity.text)]


def added_not_asked(span: str, figure: Figure, question: str) -> str | None:
    """The increment word leading to the figure ("新增") when the question does not use it."""
    return _added_unasked(lead_words(span, figure), question)


def _added_unasked(lead: str, question: str) -> str | None:
    # ("新增上市公司48家、总量达122家": a question asking how many in all wants the 122, so
    # the added figure of the span counts as superseded, as a change's old figure does)
    added = INCREMENT_RE.search(lead)
    return added.group() if added and added.group() not in question else None


def measure_word(unit: str) -> str:
    """The unit without its approximation and multiplier: "余万户" → "户"."""
    return unit.lstrip("余多万亿")


def best_figure(figures: list[Figure]) -> Figure | None:
    """The figure whose unit and own words fit the question best; the first on a tie."""
    if not figures:
        return None
    return max(figures, key=lambda f: UNIT_WEIGHT * f.unit_matches
               + CONTEXT_WEIGHT * f.context_terms + PREDICATE_WEIGHT * f.predicate
               - SUPERSEDED_WEIGHT * (f.superseded or f.of_project))


# What follows a figure of projects, in the figure's own clause: its unit, a few words
# naming the plant, then 项目 or 工程 ("2万吨高质碳酸锂项目", "50亿元以上的产业化项目",
# "97个新建居住项目").
_PROJECT_AFTER_RE = re.compile(r"[^，,。；;、：:（(]{0,16}?(?:等)?(?:项目|工程)(?!数|个)")


def _of_project(text: str, quantity: Quantity) -> bool:
    return bool(_PROJECT_AFTER_RE.match(text, quantity.end))


@lru_cache(maxsize=1024)
def _plain_predicate(predicate: str) -> str:
    return SHARED_TAIL_RE.sub("", predicate)


def _predicate_share(predicate: str, before: str) -> float:
    """The longest end of predicate (two characters at least) found in before, as a share;
    words of time or comparison ("每月", "同比") are already left out of both (_Placed,
    _plain_predicate): "低保标准每月提高" raises the standard as "低保标准提高" does."""
    if len(predicate) < 2:
        return 0.0
    for size in range(len(predicate), 1, -1):
        if predicate[-size:] in before:
            return size / len(predicate)
    return 0.0


def _context(text: str, quantities: list[Quantity], i: int, unit_len: int) -> str:
    """The words naming figure i: from the previous separator or figure (at most
    CONTEXT_BEFORE characters back, so the head of a list — "服务企业引进顶尖人才2名、…" —
    does not go to its first item alone) to the next separator or figure."""
    quantity = quantities[i]
    start = quantities[i - 1].end if i > 0 else 0
    start = max([start, quantity.start - CONTEXT_BEFORE]
                + [text.rfind(s, 0, quantity.start) + 1 for s in SEPARATORS])
    stop = quantities[i + 1].start if i + 1 < len(quantities) else len(text)
    after = quantity.end + unit_len
    stop = min([stop] + [p for p in (text.find(s, after) for s in SEPARATORS) if p >= 0])
    return text[start:max(stop, after)]


def _unit_matches(query: Query, unit: str) -> bool:
    if unit == "rank":
        return True
    if unit.startswith("date"):  # a date as precise as asked: "which day" wants a 日
        return not query.date_part or query.date_part in unit
    if unit == "%":
        return "%" in query.units
    return any(unit.startswith(u) or measure_word(unit).startswith(u) for u in query.units)


def _unit_after(text: str, quantity: Quantity) -> str:
    match = UNIT_RE.match(text, quantity.end)
    return match.group() if match else ""


