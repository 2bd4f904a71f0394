"""Does the answer found give what the question asks? Each rule reads the analysed question
and the chosen span (its figure, clause and passage) and nothing else, and returns the
reason to decline or None: a date asked where the span gives none, a sum of money asked and
a share found, a count in 张 where the span counts 家, a total asked and an increment found …
The abstainer (qa/abstain.py) runs them beside its checks against the corpus as a whole."""

from __future__ import annotations

import re

from .answer import Candidate, sentence_bounds
from .figure_kinds import demanded_kinds, holds_kind
from .figures import Figure, added_not_asked, lead_words, measure_word
from .names import YEAR_RE
from .numbers import numbers_in
from .official_terms import indicators_named, names_indicator
from .people import asked_titles, names_official
from .query import GENERIC_CLASSIFIERS, PEOPLE_NOUNS, PEOPLE_UNITS, Query, accepted_classifiers
from .quoted import named_alike

ASKS_DATE = {"zh": re.compile(r"何时|什么时[候间]|哪一?年|哪一?天|几月|几号|哪个月|日期"),
             "en": re.compile(r"^\s*when (?:did|was|were|will|is|are|does|do|has|had)\b|"
                              r"\bwhat (?:year|date|day|month)\b|\bby when\b|"
                              r"\bsince when\b|\bwhich (?:year|month|day)\b", re.I)}
# "What is the name of the …" asks for a person only with a title after it (asked_titles
# and ASKS_WHO below); the name of a plan, a policy or a system is not a person's.
ASKS_OFFICIAL = re.compile(r"是谁|哪位|叫什么名字|^\s*who (?:is|was|are|were)\b|"
                         r"\bwhich (?:vice )?(?:mayor|official|leader|secretary|"
                         r"chair(?:man|woman|person)?|director)\b", re.I)
ASKS_WHO = re.compile(r"谁|哪位|名字|姓名|\bwho\b|\bwhich\b|\bname\b", re.I)
# Levels a count can be kept at: the level asked must be the level counted.
LEVELS = {"national": re.compile(r"国家级|\bnational\b|\bstate-level\b", re.I),
          "provincial": re.compile(r"省级|\bprovincial\b", re.I),
          "municipal": re.compile(r"市级|\bmunicipal\b|\bcity-level\b", re.I)}
ASKS_SUPERLATIVE = re.compile(r"最[多高大早少低长]|\bmost\b|\blargest\b|\bhighest\b|\bbiggest\b|"
                              r"\bmaximum\b|\bat most\b|\bminimum\b|\bat least\b", re.I)
# … or a bound on an amount ("每户最少补贴多少钱？", "at most how much"): a passage stating
# a bound of the same side gives it ("每户给予不少于3000元" a floor, "补贴最高5000元" a
# ceiling); a floor does not answer "最多能补多少" (a near miss).
ASKS_BOUND = {"floor": re.compile(r"最[少低][^，,。？?]{0,8}(?:多少|几)|\bat least\b|\bminimum\b",
                                  re.I),
              "ceiling": re.compile(r"最[多高][^，,。？?]{0,8}(?:多少|几)|\bat most\b|\bmaximum\b",
                                    re.I)}
BOUND_GIVEN = {"floor": re.compile(r"不[少低]于|至少|最[少低]|以上|\bat least\b"),
               "ceiling": re.compile(r"不超过|不高于|最[多高]|上限|封顶|以内|以下|\bat most\b|"
                                     r"\bup to\b")}
# A ratio answers no "how many": "增长3倍", "占比80%".
RATIO_UNITS = frozenset({"倍", "%"})  # "2个百分点" is read as "%" too

# Kinds of figure no figure of another of them can answer: a sum of money is no share, no
# area and no length (Figure.kind names them alike).
EXCLUSIVE_KINDS = frozenset({"money", "percent", "area", "length"})


def date_not_given(query: Query, best: Candidate) -> str | None:
    if not ASKS_DATE[query.lang].search(query.text):
        return None
    span = best.clause.text
    has_date = YEAR_RE.search(span) or re.search(r"\d+\s*[月日]", span)
    return None if has_date else "asks when, the passage gives no date"


def kind_missing(kind: str) -> str:
    """The reason kind_not_given gives when the span holds no figure of kind."""
    return f"asks for {kind}, the passage gives none"


def kind_not_given(query: Query, best: Candidate) -> str | None:
    # The figure answered must be of the kind asked, not only stand beside one: "人均可支配
    # 收入是多少元？" is not answered by "…增长34.3%" in a clause that holds "万亿元" too.
    figure = best.figure.kind if best.figure is not None else ""
    for kind in demanded_kinds(query):
        if not holds_kind(best.clause.text, kind):
            return kind_missing(kind)
        # … nor is it a figure of another of these kinds that stands beside one ("增长
        # 34.3%" beside "突破万亿元", "绿道10公里" beside "绿地154公顷")
        if kind in EXCLUSIVE_KINDS and figure in EXCLUSIVE_KINDS and figure != kind:
            return f"asks for {kind}, the figure is {figure}"
    return None


def superlative_not_given(query: Query, best: Candidate) -> str | None:
    # The sentence, not the span: "研发投入强度2.61％、居中国西部第1" says it in the
    # clause after the figure.
    if not ASKS_SUPERLATIVE.search(query.text):
        return None
    sentence = _sentence_of(best)
    bounds = [side for side, asks in ASKS_BOUND.items() if asks.search(query.text)]
    if bounds:  # a floor or a ceiling: only a bound of that side says it
        if any(BOUND_GIVEN[side].search(sentence) for side in bounds):
            return None
        return f"asks for a {'/'.join(bounds)}, the passage gives none"
    if re.search(r"最|首|第一|第1", sentence):
        return None
    return "asks for a maximum, the passage gives none"


def person_not_given(query: Query, best: Candidate) -> str | None:
    titles = asked_titles(query.text)
    if not (ASKS_OFFICIAL.search(query.text) or (titles and ASKS_WHO.search(query.text))):
        return None
    if names_official(best.hit.chunk.text, titles):
        return None
    return f"asks who, the passage names no {'/'.join(titles) or 'official'}"


def total_not_given(query: Query, best: Candidate) -> str | None:
    if query.asks_total and best.figure is not None and "每" in _clause_lead(best):
        return "asks for a total, the passage gives a rate"  # "每万人…37.8个"
    return None


def increment_for_total(query: Query, best: Candidate) -> str | None:
    if not query.asks_total or best.figure is None:
        return None
    added = added_not_asked(best.clause.text, best.figure, query.text)
    return f"asks for a total, the passage gives what was added ({added})" if added \
        else None


def other_level(query: Query, best: Candidate) -> str | None:
    asked = [level for level, pattern in LEVELS.items() if pattern.search(query.text)]
    if len(asked) != 1 or best.figure is None:
        return None
    clause = lead_words(best.clause.text, best.figure)
    given = [level for level, pattern in LEVELS.items() if pattern.search(clause)]
    if given and asked[0] not in given:
        return f"asks for a {asked[0]} count, the passage counts {'/'.join(given)}"
    return None


def classifier_not_given(query: Query, best: Candidate) -> str | None:
    """"多少张床位" is counted in 张: a span counting only in other classifiers
    ("3家医院", "105.48万户") counts other things. 个 goes with anything, and some
    classifiers stand for one another (电梯 in 台 or 部)."""
    accepted = accepted_classifiers(query)
    if not accepted:
        return None
    pattern = (rf"(?:\d(?:\.\d+)?|[一二两三四五六七八九十百千])(?:余|多)?(?:万|亿)?"
               rf"(?:余|多)?[{accepted}{GENERIC_CLASSIFIERS}]")
    if re.search(pattern, best.clause.text):
        return None
    return f"asks for a count in {query.counted_in}, the passage counts none"


def people_not_counted(query: Query, best: Candidate) -> str | None:
    figure = best.figure
    if query.asks_people and figure is not None and not counts_people(best.clause.text, figure):
        return f"asks how many people, the passage counts {figure.unit or 'something else'}"
    return None


_PEOPLE_AFTER_RE = re.compile(rf"(?:余|多)?(?:{PEOPLE_NOUNS})")


def counts_people(text: str, figure: Figure) -> bool:
    """Whether the figure counts people: in a measure word of people ("52万人", "1.2万名"), or
    of no measure word, the people named right after it ("惠及130万老年人")."""
    unit = measure_word(figure.unit)
    if any(unit.startswith(u) for u in PEOPLE_UNITS):
        return True
    return not unit and bool(_PEOPLE_AFTER_RE.match(text, figure.quantity.end + len(figure.unit)))


def ratio_for_count(query: Query, best: Candidate) -> str | None:
    # "How many 5A attractions …?" is not answered by "增长3倍" or "占比80%".
    figure = best.figure
    if query.asks_count and figure is not None \
            and measure_word(figure.unit) in RATIO_UNITS:
        return f"asks how many, the passage gives a ratio ({figure.unit})"
    return None


def indicator_not_given(query: Query, best: Candidate) -> str | None:
    # "一般公共预算收入是多少？" is not answered by "一般公共预算支出2164.2亿元", nor a
    # fixed-asset investment target by the GDP target beside it.
    asked = query.indicators
    if not asked:
        return None
    # The sentence names what its figures measure: "全省生产总值从…增长到2025年的4.93万亿元".
    sentence = _sentence_of(best)
    if not any(names_indicator(sentence, indicator) for indicator in asked):
        return "asks for an indicator the passage does not name"
    # … but where the figure's own clause names another indicator and not the one asked,
    # the figure is that one's: "全市地区生产总值5.2万亿元" does not give the budget revenue
    # the same sentence names only with its growth ("一般公共预算收入增长4.8%").
    lead = _clause_lead(best) if best.figure is not None else ""
    if not any(names_indicator(lead, indicator) for indicator in asked) and any(
            other not in asked for other in indicators_named(lead)):
        return "asks for an indicator, the figure measures another"
    return None


def no_figure(query: Query, best: Candidate) -> str | None:
    if query.asks_quantity and best.figure is None:
        return "asks how many or how much, the passage gives no figure"
    return None


# Words that make a figure one per head ("人均地区生产总值", "每人每月"), in the sentence
# that states it; the last line: measures per head by definition, as in
# qa/data/figure_qualifiers.toml — income, life expectancy, an allowance's or the minimum
# wage's standard ("城乡居民低保月均标准分别提高到798元和676元").
PER_HEAD_RE = re.compile(r"人均|每人|每位|每名|每个?(?:居民|农民|职工|老人|学生)|每一?万人|"
                         r"每千人|每百人|"
                         r"(?:可支配|纯)收入|预期寿命|低保|最低生活保障|最低工资|"
                         r"(?:保障|补助|救助|补贴)标准")


def per_head_not_given(query: Query, best: Candidate) -> str | None:
    """"陕西的人均生产总值是多少元？" is not answered by "地区生产总值跨过3万亿元" (though
    "人均生产总值居全国第12位" follows it): a figure asked per head is stated per head in
    its own clause, or at the head of the list it stands in ("人均…分别增长5.3%、7%")."""
    if "per_capita" not in query.qualifiers or best.figure is None:
        return None
    lead = _clause_lead(best)
    if lead.startswith("其中"):  # "居民人均可支配收入增长5.4%，其中农村居民收入增长6.3%": a
        # part of the figure before it is measured as that one is
        sentence = _sentence_of(best)
        lead = sentence[:sentence.find(lead)] + lead if lead in sentence else lead
    return None if PER_HEAD_RE.search(lead) else \
        "asks for a figure per head, the figure is not one"


def _clause_lead(best: Candidate) -> str:
    """The words of the chosen figure's own clause before it (a list's head included: 、
    does not end a clause)."""
    assert best.figure is not None
    span, at = best.clause.text, best.figure.quantity.start
    return span[max(span.rfind(mark, 0, at) for mark in "，,；;。") + 1:at]


def named_otherwise(query: Query, best: Candidate, named_as: str) -> str | None:
    """A figure asked again of another document ("And Inner Mongolia?" after "全年规上原煤产量
    13.05亿吨") is named there much as it was: "绿氢产量突破1万吨" answers something else."""
    figure = best.figure
    if not named_as or not query.asks_quantity or figure is None:
        return None
    if not named_alike(best.clause.text, figure.quantity.start, named_as):
        return f"the figure is named otherwise than the one answered before ({named_as})"
    return None


def whole_for_part(query: Query, best: Candidate, whole: str) -> str | None:
    """A part asked of a figure just answered ("其中街道的幸福食堂有多少个？" after "建成老年
    助餐机构790个") is not that figure again: when the best figure is the whole itself, the
    text gives no such part. ("Who took charge of them?" asks no figure of the whole.)"""
    figure = best.figure
    wholes = numbers_in(whole)
    if not query.asks_quantity or figure is None or not wholes:
        return None
    same = wholes[0].value == figure.quantity.value and wholes[0].percent == figure.quantity.percent
    return f"asks for a part of {whole}, the passage gives only the whole" if same else None


def _sentence_of(best: Candidate) -> str:
    """The sentence (or sentences) of its passage the chosen span stands in."""
    chunk, span = best.hit.chunk, best.clause
    text, start, end = chunk.text, span.start - chunk.start, span.end - chunk.start
    if not (0 <= start <= end <= len(text)) or text[start:end] != span.text:
        return span.text  # a span not cut from this passage's text: judge it alone
    begin, stop = sentence_bounds(text, start, end)
    return text[begin:stop]
