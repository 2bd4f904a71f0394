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

from .lexical import token_set
from .numbers import Quantity, numbers_in
from .query import Query

UNIT_RE = re.compile(r"(?:万|亿)?(?:平方公里|平方米|公顷|亩|公里|千米|米|英寸|寸|人次|亿元|万元|"
                     r"美元|元|个|家|项|条|所|次|户|座|台|张|人|名|批|倍|P)")
# "A、B、C分别达x、y、z": the i-th subject belongs to the i-th figure after 分别.
RESPECTIVELY_RE = re.compile(r"([^，,；;。：:]+?)分别")
SEPARATORS = "、，,；;。：:\n"
UNIT_WEIGHT = 1.0  # a figure in the unit asked for …
CONTEXT_WEIGHT = 2.0  # … counts less than one whose own words match the question
CONTEXT_BEFORE = 6  # characters before a figure that can name it


@dataclass(frozen=True)
class Figure:
    quantity: Quantity
    unit: str  # as written after the number ("万平方米", "个"); "%" for percentages
    unit_matches: bool  # the unit is one the question asks in
    context_terms: float  # share of the question's term weight in the figure's own context

    @property
    def text(self) -> str:
        """The figure as an answer shows it: "790个", "1.57万次", "35.8%"."""
        return self.quantity.text if self.quantity.percent else self.quantity.text + self.unit


def answer_figures(query: Query, text: str, query_terms: dict[str, float]) -> list[Figure]:
    """Figures of text that could answer query: not ordinals ("第1", "3是"), not dates unless
    the question asks when, and not a figure the question states itself ("in the 150 pilot
    communities, how many …?")."""
    quantities = [q for q in _numbers(text) if not _is_ordinal(text, q, query)
                  and q.value not in query.numbers and not _is_name_part(text, q)
                  and (query.asks_time or not _is_date_part(text, q))]
    total = sum(query_terms.values()) or 1.0
    subjects = _respective_subjects(text, quantities)
    units = ["%" if q.percent else _unit_after(text, q) for q in quantities]
    contexts = [token_set(subjects.get(i, "") + _context(text, quantities, i, len(unit)))
                for i, unit in enumerate(units)]
    # Words every figure shares ("服务企业引进" before a list of counts) tell none apart.
    shared = frozenset.intersection(*contexts) if len(contexts) > 1 else frozenset()
    return [Figure(quantity, unit, _unit_matches(query, unit),
                   sum(w for t, w in query_terms.items() if t in context - shared) / total)
            for quantity, unit, context in zip(quantities, units, contexts, strict=True)]


@lru_cache(maxsize=16_384)
def _numbers(text: str) -> tuple[Quantity, ...]:
    """numbers_in, once per span: spans are pieces of the index, the same for every question."""
    return tuple(numbers_in(text))


def best_figure(figures: list[Figure]) -> Figure | None:
    """The figure whose unit and own words fit the question best; the first on a tie."""
    if not figures:
        return None
    return max(figures, key=lambda f: UNIT_WEIGHT * f.unit_matches
               + CONTEXT_WEIGHT * f.context_terms)


def _respective_subjects(text: str, quantities: list[Quantity]) -> dict[int, str]:
    """Figure index → its subject, when text lists subjects and then 分别 their figures."""
    match = RESPECTIVELY_RE.search(text)
    if not match:
        return {}
    subjects = re.split(r"[、和及与]", match.group(1))
    after = [i for i, q in enumerate(quantities) if q.start >= match.end()][:len(subjects)]
    if len(subjects) < 2 or len(subjects) != len(after):
        return {}
    return dict(zip(after, subjects, strict=True))


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
    if unit == "%":
        return "%" in query.units
    return any(unit.startswith(u) or unit.lstrip("万亿").startswith(u) for u in query.units)


def _unit_after(text: str, quantity: Quantity) -> str:
    match = UNIT_RE.match(text, quantity.end)
    return match.group() if match else ""


def _is_ordinal(text: str, quantity: Quantity, query: Query) -> bool:
    """"三是", "3号建议案" and "第1" are structure, names or rank; a rank is an answer only to
    a rank question."""
    if text[quantity.end:quantity.end + 1] in ("是", "号"):
        return True
    return text[max(0, quantity.start - 1):quantity.start] == "第" and not query.asks_rank


def _is_name_part(text: str, quantity: Quantity) -> bool:
    """"5G", "8K", "M0": a digit fused with Latin letters names a thing, it counts nothing."""
    before, after = text[quantity.start - 1:quantity.start], text[quantity.end:quantity.end + 1]
    return (after.isascii() and after.isalpha()) or (before.isascii() and before.isalpha())


def _is_date_part(text: str, quantity: Quantity) -> bool:
    return text[quantity.end:quantity.end + 1] in ("年", "月", "日") and not quantity.percent
