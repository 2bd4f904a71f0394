"""Kinds of figure a quantity question can demand — money, a share, an area, a weight, a
length, an age — and whether a span holds one (words as data: qa/data/figure_kinds.toml).

The answerer prefers spans holding the kind asked for; the abstainer declines when the span
chosen holds none ("人均预期寿命是多少岁？" against "托位数从0.5个增至4.8个").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import asked_and_given
from .query import Query

_CHANGE_ASKED_RE = re.compile(
    r"(?:增长|增加|上涨|涨|提高|上升|下降|减少|降低|降)了?(?:多少|几)(?![十百千万亿]*元|钱)|"
    r"\bby how much\b|\bhow much (?:did|does|has|have|had|will) .{0,60}"
    r"\b(?:grow|rise|increase|fall|drop|decline)\b", re.I)
_MONEY_NAMED_RE = re.compile(r"多少钱|(?:多少|几)[十百千万亿]*元|\byuan\b|\bhow much money\b",
                             re.I)


@lru_cache(maxsize=1)
def _kinds() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    return asked_and_given("figure_kinds.toml", re.IGNORECASE)


def demanded_kinds(query: Query) -> tuple[str, ...]:
    """The kinds of figure query demands; none for a ranking ("rank by share of …" asks for a
    place) or a question that asks for no quantity ("Which four trillion-yuan industries
    …?" asks for names, the money only describes them)."""
    if query.asks_rank or not query.asks_quantity:
        return ()
    kinds = tuple(kind for kind, asked, _ in _kinds() if asked.search(query.text))
    # A change asked of a sum ("游客总花费涨了多少？") is answered by the sum added or by its
    # rate ("分别增长10.4%、10.2%"): money is demanded then only when named ("涨了多少钱").
    if "money" in kinds and _CHANGE_ASKED_RE.search(query.text) \
            and not _MONEY_NAMED_RE.search(query.text):
        kinds = tuple(kind for kind in kinds if kind != "money")
    # A share is asked of a whole the question names in other kinds' words ("what share of
    # the budget", "占耕地面积比重"): the share is what is demanded, not the whole.
    return ("percent",) if "percent" in kinds else kinds


def holds_kind(text: str, kind: str) -> bool:
    return any(given.search(text) for name, _, given in _kinds() if name == kind)
