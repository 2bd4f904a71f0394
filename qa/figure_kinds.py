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
    # A share is asked of a whole the question names in other kinds' words ("what share of
    # the budget", "占耕地面积比重"): the share is what is demanded, not the whole.
    return ("percent",) if "percent" in kinds else kinds


def holds_kind(text: str, kind: str) -> bool:
    return any(given.search(text) for name, _, given in _kinds() if name == kind)
