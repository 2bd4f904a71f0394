"""Qualifiers of a figure — per head ("人均"), a yearly average ("年均") — that the question
must ask for: a qualified figure is not the plain amount (words as data:
qa/data/figure_qualifiers.toml).

"What was Chongqing's GDP in 2025?" is not answered by "人均地区生产总值突破10万元", nor
"增长了多少" by "年均增长5.2%" when the question asks for no average.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import asked_and_given


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    return asked_and_given("figure_qualifiers.toml")


def asked_qualifiers(question: str) -> tuple[str, ...]:
    """The qualifiers question asks its figure to have."""
    return tuple(name for name, asked, _ in _qualifiers() if asked.search(question))


# (32k spans, as token_set's: the spans a few hundred questions over the 24 reports
# touch, ~25k; with 16k the cache was thrashed and every span parsed again)
@lru_cache(maxsize=32_768)
def gives_any(span: str) -> bool:
    """Whether span holds any qualifier at all (most do not: their figures need no look).
    Spans are pieces of the index, the same for every question."""
    return any(given.search(span) for _, _, given in _qualifiers())


def unasked_qualifier(lead: str, asked: tuple[str, ...]) -> str | None:
    """A qualifier the figure's own words (lead) give that the question did not ask for."""
    return next((name for name, _, given in _qualifiers()
                 if name not in asked and given.search(lead)), None)
