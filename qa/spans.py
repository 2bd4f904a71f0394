"""A passage's candidate answer spans: each clause, and each clause with its neighbour, as one
exact piece of source text (qa/answer.py scores them against a question).

What a span may be does not depend on the question, so the spans of a passage are worked
out once and remembered: a span runs across a line break only from the start of its line,
never takes in a page's own fields ("来源：…"), and runs on to the close of a bracket it
opens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .ingest import is_field_line
from .tuning import MAX_SPAN_CLAUSES
from .types import Chunk, Clause


@lru_cache(maxsize=8192)
def passage_spans(chunk: Chunk) -> tuple[tuple[bool, ...], tuple[tuple[int, int, Clause], ...]]:
    """Which clauses of chunk are headings, and its candidate spans (first clause, last
    clause, the span as one piece of source text): the same for every question."""
    # A proposal's intro opens with its heading line ("一、《关于…》(1号建议案)办理情况").
    heading_end = chunk.start + chunk.text.find("\n") \
        if chunk.proposal and not chunk.measure and "\n" in chunk.text else chunk.start
    # Heading lines and measure titles name a topic; they seldom answer themselves.
    heading = tuple(c.text == chunk.measure_title or c.end <= heading_end for c in chunk.clauses)
    # A page's own fields ("来源：大众日报", "时间：2026-02-01") answer nothing.
    field = [is_field_line(c.text) for c in chunk.clauses]
    spans = []
    for first in range(len(chunk.clauses)):
        for last in range(first, min(first + MAX_SPAN_CLAUSES, len(chunk.clauses))):
            a, b = chunk.clauses[first], chunk.clauses[last]
            # A span may run across a line break only from the start of its line: a whole
            # line (a heading, a date line) with what follows it reads as one piece, but a
            # span that starts inside a line and runs past its end quotes a scrap of it
            # ("打造“世界光谷”的建议案》(1号建议案)办理情况\n省委常委…").
            if any(field[first:last + 1]) or (
                    "\n" in chunk.text[a.start - chunk.start:b.end - chunk.start]
                    and not _starts_line(chunk, a)):
                break
            end = _closing_bracket(chunk, a.start, b.end)
            spans.append((first, last, Clause(chunk.text[a.start - chunk.start:
                                                         end - chunk.start], a.start, end)))
    return heading, tuple(spans)


_BRACKET_CLOSE_RE = re.compile(r"[^（(。；\n]{0,40}?[）)]")


def _closing_bracket(chunk: Chunk, start: int, end: int) -> int:
    """Where a span that opens a bracket and stops inside it ends once it is closed:
    "建成家庭养老床位7000张（牵头单位" stops at the colon, and what the bracket says — who
    leads — is the rest ("：民政厅）")."""
    text = chunk.text[start - chunk.start:end - chunk.start]
    if text.count("（") + text.count("(") <= text.count("）") + text.count(")"):
        return end
    close = _BRACKET_CLOSE_RE.match(chunk.text, end - chunk.start)
    return end + len(close.group(0)) if close else end


def _starts_line(chunk: Chunk, clause: Clause) -> bool:
    at = clause.start - chunk.start
    return at == 0 or chunk.text[:at].rstrip(" \t\u3000").endswith("\n")
