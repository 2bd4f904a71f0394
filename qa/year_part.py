"""Which part of a report a year asked about goes without saying in.

A work report delivered early in 2026 reviews 2025 ("过去一年…城镇新增就业48万人") and sets
2026's targets ("城镇新增就业45万人以上") without naming either year. A question about 2025
(or "去年", "last year") is answered in the review, one about 2026 ("今年", "this year") in
the targets and tasks: a figure of the other part answers another year, unless its passage
names the year asked. The abstainer declines such a figure (qa/abstain.py).
"""

from __future__ import annotations

from .query import Query
from .tense import Tense, heading_path, passage_tense
from .types import Chunk

YearParts = dict[str, tuple[Tense, str]]


def year_parts(date: str | None) -> YearParts:
    """Year → the part it goes without saying in ("done": the review, "plan": the targets
    and tasks) and how a question names it without its number (qa/period.py
    relative_years): the year before the report's date is reviewed, its own is delivered."""
    if not date or not date[:4].isdigit():
        return {}
    return {str(int(date[:4]) - 1): ("done", "reviewed"), date[:4]: ("plan", "delivered")}


def year_in_the_other_part(query: Query, chunk: Chunk, parts: YearParts) -> str | None:
    """The year the question asks about when chunk stands in the other part of its report
    and names that year nowhere in its headings or text; else None. A result asked of the
    year ahead, or a target of the year past, is left to the tense checks ("2025年目标完成
    情况" is reviewed in the review)."""
    part = passage_tense(chunk.context, chunk.text)
    if not part:
        return None
    headings = heading_path(chunk.context)  # not the report's title ("2026年…报告")
    for year, (own, relative) in parts.items():
        asked = year in query.years or relative in query.relative_years
        if asked and part != own and query.tense != part and year not in headings + chunk.text:
            return year
    return None
