"""Everyday words for the measures government reports give → the official terms the
reports use ("经济增长" → 地区生产总值, "fiscal revenue" → 一般公共预算收入). The words are
data (qa/data/official_terms.toml, and the reports' common vocabulary in
qa/data/report_terms.toml); the retriever adds the official terms to a question's
lexical terms, as the English bridge adds translations (qa/bridge.py)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from .data import alternation, load_table, required_words
from .lexical import tokenize
from .text import CJK_RE
from .tuning import EN_REACH, TOPIC_SPREAD, ZH_REACH

# The measures and names (official_terms.toml), then the reports' common vocabulary
# (report_terms.toml): one table, in that order.
TABLES = ("official_terms.toml", "report_terms.toml")


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:  # TOML tables
    return tuple(entry for name in TABLES for entry in load_table(name)["term"])


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[re.Pattern[str], tuple[str, ...], float], ...]:
    return tuple((alternation(entry["ask"], re.I),
                  tuple(entry["official"]), float(entry.get("weight", 1.0)))
                 for entry in _entries())


_LATIN_RE = re.compile(r"[A-Za-z0-9]")
_CJK_EDGE_RE = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z0-9])|"
                          r"(?<=[A-Za-z0-9])(?=[\u3400-\u9fff])")


@lru_cache(maxsize=1)
def _by_script() -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None,
                                tuple[str, ...]], ...]:
    """Each entry's words as two patterns, the Chinese ones and the rest, and the plain
    words (lower case) one of which any match of the rest holds, () when some pattern has
    none. A question is searched only with its own script's patterns, and an English one
    only where it holds such a word: a few hundred patterns run on every question cost
    ~1 ms; most are English and most questions hold none of their words."""
    def joined(patterns: list[str]) -> re.Pattern[str] | None:
        return alternation(patterns, re.I) if patterns else None
    out = []
    for entry in _entries():
        chinese = [p for p in entry["ask"] if CJK_RE.search(p)]
        other = [p for p in entry["ask"] if not CJK_RE.search(p)]
        keys = [required_words(p) for p in other]
        out.append((joined(chinese), joined(other),
                    tuple(k for found in keys for k in found) if all(keys) else ()))
    return tuple(out)


@lru_cache(maxsize=4096)
def _asked(text: str) -> tuple[int, ...]:
    """The entries whose everyday words text holds."""
    has_cjk, has_latin = bool(CJK_RE.search(text)), bool(_LATIN_RE.search(text))
    lowered = text.lower()
    # (a Latin word written in Chinese, "武汉AI产业", has no word boundary \b at its ends:
    # the Latin patterns read it with spaces around it)
    latin = _CJK_EDGE_RE.sub(" ", text) if has_cjk and has_latin else text
    found = []
    for number, (chinese, other, keys) in enumerate(_by_script()):
        if (has_cjk and chinese is not None and chinese.search(text)) or (
                has_latin and other is not None
                and (not keys or any(key in lowered for key in keys))
                and other.search(latin)):
            found.append(number)
    return tuple(found)




def official_terms(text: str) -> dict[str, float]:
    """The official terms for the everyday words in text, with the weight of their entry
    (1.0 unless the table says otherwise), in table order."""
    found: dict[str, float] = {}
    table = _table()
    for number in _asked(text):
        _, terms, weight = table[number]
        if weight < 1.0:  # a topic (or name) of many terms spreads its weight over them
            weight /= len(terms) ** TOPIC_SPREAD
        for term in terms:
            found[term] = max(weight, found.get(term, 0.0))
    return found


# Where a question names what it measures: in Chinese just before its 多少 ("一般公共预算收入
# 是多少"), in English near its question word ("What was the total size of Tianjin's GDP
# …", "According to Beijing's report, how many billion yuan of budget revenue …"). Further
# away an indicator word only describes something else ("外贸进出口资格的企业多了多少家",
# "… industries such as the low-altitude economy").
_ZH_ASKS_RE = re.compile(r"多少|几|多大|多高|多快")
_EN_ASKS_RE = re.compile(r"\b(?:how|what|which|when|who)\b", re.I)


def indicators_asked(text: str, lang: str) -> list[int]:
    """The indicators (table entries of full weight, not names of places or bodies) a
    quantity question asks for, by everyday or official words, where it says what it
    measures."""
    if lang == "zh":
        cue = _ZH_ASKS_RE.search(text)
        if cue is None:
            return []
        start, end = max(0, cue.start() - ZH_REACH), cue.start()
    else:
        cue = _EN_ASKS_RE.search(text)
        start = cue.start() if cue else 0
        end = start + EN_REACH
    spans_of: dict[int, list[tuple[int, int]]] = {}
    for number, (pattern, terms, weight) in enumerate(_table()):
        if weight < 1.0:
            continue
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        spans += [(at, at + len(term)) for term in terms if (at := text.find(term)) >= 0]
        spans = [(begin, stop) for begin, stop in spans if stop > start and begin < end]
        if spans:
            spans_of[number] = spans
    # An indicator named only inside another's longer name is not asked: "研发投入强度" asks
    # the intensity, not the spending "研发投入".
    every = [span for spans in spans_of.values() for span in spans]
    return [number for number, spans in spans_of.items()
            if not all(any(b <= begin and stop <= e and (b, e) != (begin, stop) for b, e in every)
                       for begin, stop in spans)]


@lru_cache(maxsize=4096)
def entries_named(text: str) -> tuple[int, ...]:
    """The table entries whose everyday or official words text holds."""
    found = set(_asked(text))
    owners = _owners()
    for match in _official_re().finditer(text):
        found.update(owners[match.group(1)])
    return tuple(sorted(found))


def indicators_named(text: str) -> tuple[int, ...]:
    """The indicators (entries of full weight) text names, in everyday or official words."""
    table = _table()
    return tuple(number for number in entries_named(text) if table[number][2] >= 1.0)


@lru_cache(maxsize=1)
def _official_re() -> re.Pattern[str]:
    """Every official term, longest first, matched at each position of a text (inside a
    lookahead, so terms that overlap are all found: 地区生产总值 and 生产总值)."""
    terms = sorted({t for _, official, _ in _table() for t in official}, key=len, reverse=True)
    return re.compile("(?=(" + "|".join(map(re.escape, terms)) + "))")


@lru_cache(maxsize=1)
def _owners() -> dict[str, frozenset[int]]:
    """Official term → the entries naming it or a term it starts with (the lookahead finds
    the longest term at a position; the shorter ones there are in the text too)."""
    table = _table()
    entries_of: dict[str, set[int]] = {}
    for number, (_, official, _) in enumerate(table):
        for term in official:
            entries_of.setdefault(term, set()).add(number)
    return {term: frozenset(n for other, numbers in entries_of.items()
                            if term.startswith(other) for n in numbers)
            for term in entries_of}


@lru_cache(maxsize=1)
def _written() -> tuple[tuple[str, ...], ...]:
    """Per entry, the other words reports themselves write the measure in (`written`)."""
    return tuple(tuple(entry.get("written", ())) for entry in _entries())


@lru_cache(maxsize=32_768)
def official_tokens_of(text: str, entries: tuple[int, ...]) -> frozenset[str]:
    """The tokens of the official terms of those entries that text names only in the other
    words reports write them in: "经济增长5%左右" names the 地区生产总值 a question asks for.
    (Reports write a year's target so and its result "地区生产总值增长5.1%"; by their words
    alone the question's official term would pull every answer to the result.) Only the
    table's `written` words count: a question's everyday words are looser ("外贸" asks for
    进出口, but a passage's "外贸泊位" is a berth)."""
    table, written = _table(), _written()
    found: set[str] = set()
    for number in entries:
        terms = table[number][1]
        if any(word in text for word in written[number]) and not any(t in text for t in terms):
            found.update(token for term in terms for token in tokenize(term))
    return frozenset(found)


def names_indicator(text: str, indicator: int) -> bool:
    """Whether text names the indicator, in official or everyday words."""
    pattern, terms, _ = _table()[indicator]
    text = _plain(text)  # "PM_2.5", "ＧＤＰ": as the table writes them
    return any(t in text for t in terms) or bool(pattern.search(text))


def opens_with_last_word(clause: str, indicator: int) -> bool:
    """Whether clause opens with the last word (two characters) of one of the indicator's
    official terms of four or more: "产量稳定在13亿吨左右" of 原煤产量, a measure whose subject
    the report left to the sentence's lead. (Of a shorter term the last two characters are a
    word of their own: 出口 of 进出口 is exports, not trade.)"""
    _, terms, _ = _table()[indicator]
    return any(len(term) >= 4 and len(CJK_RE.findall(term[-2:])) == 2
               and clause.startswith(term[-2:]) for term in terms)


def _plain(text: str) -> str:
    return re.sub(r"[_\s]", "", unicodedata.normalize("NFKC", text))
