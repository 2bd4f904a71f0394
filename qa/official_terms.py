"""Everyday words for the measures government reports give → the official terms the
reports use ("经济增长" → 地区生产总值, "fiscal revenue" → 一般公共预算收入). The words are
data (qa/data/official_terms.toml); the retriever adds the official terms to a question's
lexical terms, as the English bridge adds translations (qa/bridge.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from .data import alternation, load_table


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[re.Pattern[str], tuple[str, ...], float], ...]:
    entries = load_table("official_terms.toml")["term"]
    return tuple((alternation(entry["ask"], re.I),
                  tuple(entry["official"]), float(entry.get("weight", 1.0)))
                 for entry in entries)


def official_terms(text: str) -> dict[str, float]:
    """The official terms for the everyday words in text, with the weight of their entry
    (1.0 unless the table says otherwise), in table order."""
    found: dict[str, float] = {}
    for pattern, terms, weight in _table():
        if pattern.search(text):
            for term in terms:
                found[term] = max(weight, found.get(term, 0.0))
    return found
