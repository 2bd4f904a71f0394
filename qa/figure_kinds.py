"""Kinds of figure a quantity question can demand — money, a share, an area, a weight, a
length, an age — and whether a span holds one (words as data: qa/data/figure_kinds.toml).

The answerer prefers spans holding the kind asked for; the abstainer declines when the span
chosen holds none ("人均预期寿命是多少岁？" against "托位数从0.5个增至4.8个").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import asked_and_given, load_table
from .query import Query

_CHANGE_ASKED_RE = re.compile(
    r"(?:增长|增加|上涨|涨|提高|上升|下降|减少|降低|降)了?(?:多少|几)(?![十百千万亿]*元|钱)|"
    r"\bby how much\b|\bhow much (?:did|does|has|have|had|will) .{0,60}"
    r"\b(?:grow|rise|increase|fall|drop|decline)\b", re.I)
# The kinds a change asked of them need not come in, unless the question names their unit:
# "游客总花费涨了多少？" is answered by a rate ("增长10.4%") as well as by the sum added, and so
# are "粮食产量增加了多少？" and "客流量增长了多少？".
_NAMED_UNIT_RE = {
    "money": re.compile(r"多少钱|(?:多少|几)[十百千万亿]*元|\byuan\b|\bhow much money\b", re.I),
    "weight": re.compile(r"(?:多少|几)[十百千万亿]*(?:吨|斤|公斤)|\btonnes?\b|\btons\b", re.I),
    "visits": re.compile(r"(?:多少|几)[十百千万亿]*人次|\bvisits\b", re.I),
}


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    return asked_and_given("figure_kinds.toml", re.IGNORECASE)


@lru_cache(maxsize=1)
def _decline_only() -> frozenset[str]:
    """Kinds whose `given` is met by too many spans to pick one by (`prefer = false`): a span
    lacking them is declined, but holding them does not put a span first."""
    return frozenset(name for name, entry in load_table("figure_kinds.toml").items()
                     if entry.get("prefer", True) is False)


def preferred_kinds(query: Query) -> tuple[str, ...]:
    """The demanded kinds a span holding one is put first for (qa/answer.py)."""
    return tuple(kind for kind in demanded_kinds(query) if kind not in _decline_only())


def demanded_kinds(query: Query) -> tuple[str, ...]:
    """The kinds of figure query demands; none for a ranking ("rank by share of …" asks for a
    place) or a question that asks for no quantity ("Which four trillion-yuan industries
    …?" asks for names, the money only describes them)."""
    if query.asks_rank or not query.asks_quantity:
        return ()
    kinds = tuple(kind for kind, asked, _ in _kinds() if asked.search(query.text))
    # A change asked of a sum ("游客总花费涨了多少？") is answered by the sum added or by its
    # rate ("分别增长10.4%、10.2%"): money is demanded then only when named ("涨了多少钱"),
    # and so are a weight and a number of visits.
    if _CHANGE_ASKED_RE.search(query.text):
        kinds = tuple(kind for kind in kinds
                      if kind not in _NAMED_UNIT_RE or _NAMED_UNIT_RE[kind].search(query.text))
    # A share is asked of a whole the question names in other kinds' words ("what share of
    # the budget", "占耕地面积比重"): the share is what is demanded, not the whole.
    return ("percent",) if "percent" in kinds else kinds


def holds_kind(text: str, kind: str) -> bool:
    return any(given.search(text) for name, _, given in _kinds() if name == kind)
