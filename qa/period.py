"""How long a span a figure covers: one year, or a five-year plan period.

A provincial work report reviews 2025 and the whole 14th Five-Year Plan, then sets 2026's
targets and the 15th Plan's, often for the same measure ("城镇新增就业141万人" in 2025, "超
690万人" over the five years). A question asks for one span ("How many jobs in 2025?",
"“十四五”期间累计…"). One heading often holds both parts ("一、“十四五”时期和2025年工作回顾"),
so a passage's span comes from the paragraphs: a part opens with "刚刚过去的2025年" or "五年
来" and lasts until another opens or the top section ends. The words are data
(qa/data/period.toml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from .data import alternation, load_table
from .types import Chunk

Period = Literal["year", "years", ""]
# Paragraph sentences whose openings are read for the start of a part ("2025年是“十四五”收官
# 之年。五年来，…" opens the five-year part in its second sentence).
OPENING_SENTENCES = 2
# How a question names a year by where it stands to the report ([relative] of period.toml).
RELATIVE_YEARS = ("reviewed", "delivered", "earlier")
ADDRESS = re.compile(r"^\s*(?:各位代表|同志们)[！!，,、]?\s*")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    table = load_table("period.toml")
    patterns = {f"question_{period}_{lang}": alternation(table["question"][period][lang],
                                                         re.I if lang == "en" else 0)
                for period in ("years", "year") for lang in ("zh", "en")}
    for relative in RELATIVE_YEARS:
        for lang in ("zh", "en"):
            patterns[f"relative_{relative}_{lang}"] = alternation(
                table["relative"][relative][lang], re.I if lang == "en" else 0)
    for part in ("heading", "opener"):
        for period in ("years", "year"):
            patterns[f"{part}_{period}"] = alternation(table[part][period])
    return patterns


def question_period(text: str, lang: str) -> Period:
    """"years" when the question asks about a five-year span, "year" about one year, ""
    when it names neither."""
    patterns = _patterns()
    if patterns[f"question_years_{lang}"].search(text):
        return "years"
    return "year" if patterns[f"question_year_{lang}"].search(text) else ""


def relative_years(text: str, lang: str) -> tuple[str, ...]:
    """The years a question names by where they stand to its report: "reviewed" (去年,
    last year), "delivered" (今年, this year), "earlier" (前年, the year before last)."""
    patterns = _patterns()
    return tuple(relative for relative in RELATIVE_YEARS
                 if patterns[f"relative_{relative}_{lang}"].search(text))


def heading_period(title: str) -> Period:
    """The span a top-level heading speaks of, "" when it names both or neither."""
    patterns = _patterns()
    years = bool(patterns["heading_years"].search(title))
    year = bool(patterns["heading_year"].search(title.replace("十四五", "").replace("十五五", "")))
    return "years" if years and not year else "year" if year and not years else ""


def paragraph_opens(paragraph: str) -> Period:
    """The span a paragraph opens a part of, "" when it opens none."""
    patterns = _patterns()
    sentences = re.split(r"(?<=[。！？；])", ADDRESS.sub("", paragraph, count=1))
    found: Period = ""
    for sentence in sentences[:OPENING_SENTENCES]:
        body = ADDRESS.sub("", sentence)
        if patterns["opener_years"].match(body):
            found = "years"
        elif patterns["opener_year"].match(body):
            found = "year"
    return found


def passage_periods(chunks: Sequence[Chunk]) -> tuple[Period, ...]:
    """The span of each chunk of one document, given in document order."""
    periods: list[Period] = []
    section: str | None = None
    current: Period = ""
    for chunk in chunks:
        top = chunk.headings[0] if chunk.headings else ""
        if top != section:  # a new top section starts from what its heading says
            section, current = top, heading_period(top)
        spans: set[Period] = set()  # the span in force at each paragraph of the chunk
        for line in chunk.text.split("\n"):
            if line.strip() and line.strip() != top.strip():
                current = paragraph_opens(line) or current
                spans.add(current)
        # A heading alone speaks for its section; a passage that runs from one part into
        # the next belongs to neither.
        periods.append(current if not spans else spans.pop() if len(spans) == 1 else "")
    return tuple(periods)


def contradicts(asked: Period, given: Period) -> bool:
    """The passage covers the other span than asked; a passage of no known span never does."""
    return bool(asked and given and asked != given)
