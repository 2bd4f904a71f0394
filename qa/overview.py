"""Outline answers: what a proposal or a part of a report covers, as the list of its parts.

"3号建议案有哪些措施？", "What did proposal 2 do?", "2026年重点工作有哪些？" ask for the parts
under a node of the document, not for one clause: the answer lists the titles of the
headings under it, in order, each cited where it stands. The node is the proposal the
question names, else the part of a report the best passage sits in whose title shares
words with the question. Words that ask for an outline are data (qa/data/overview.toml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import alternation, load_table
from .index import Index
from .lexical import token_set
from .query import Query
from .types import Answer, Chunk, Citation, Hit

MIN_PARTS = 2  # one heading under a node is not an outline


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    table = load_table("overview.toml")
    return {"zh": alternation(table["zh"]), "en": alternation(table["en"], re.I)}


def asks_overview(query: Query) -> bool:
    return bool(_patterns()[query.lang].search(query.text))


def overview_answer(query: Query, hits: list[Hit], index: Index) -> Answer | None:
    """The outline of the node the question asks about, or None (not an outline question,
    or no node with parts)."""
    if not hits or not asks_overview(query):
        return None
    found = _proposal_parts(query, hits, index) or _report_parts(query, hits, index)
    if found is None:
        return None
    node, parts = found
    citations = tuple(c for c in (_cite(index, chunk, title) for title, chunk in parts) if c)
    if len(citations) < MIN_PARTS:
        return None
    titles = [c.quote for c in citations]
    text = f"{node}包括：" + "；".join(titles) + "。" if query.lang == "zh" else \
        f"{node} covers: " + "; ".join(titles) + "."
    return Answer(query.text, text, True, citations, tuple(hits))


def _proposal_parts(query: Query, hits: list[Hit], index: Index
                    ) -> tuple[str, list[tuple[str, Chunk]]] | None:
    if len(query.proposals) != 1:
        return None
    number = query.proposals[0]
    first: dict[str, Chunk] = {}
    for chunk in index.chunks_of(hits[0].chunk.doc_id):
        if chunk.proposal == number and chunk.section and chunk.section_title:
            first.setdefault(chunk.section_title, chunk)
    if len(first) < MIN_PARTS:
        return None
    node = f"{number}号建议案" if query.lang == "zh" else f"Proposal {number}"
    return node, list(first.items())


def _report_parts(query: Query, hits: list[Hit], index: Index
                  ) -> tuple[str, list[tuple[str, Chunk]]] | None:
    """The deepest heading above the best passage that has parts and shares words with the
    question ("重点工作" of "三、2026年重点工作")."""
    top = hits[0].chunk
    chunks = index.chunks_of(top.doc_id)
    asked = token_set(query.text)
    for depth in range(len(top.headings), 0, -1):
        node = top.headings[depth - 1]
        if not asked & token_set(node):
            continue
        first: dict[str, Chunk] = {}
        for chunk in chunks:
            if chunk.headings[:depth] == top.headings[:depth] and len(chunk.headings) > depth:
                first.setdefault(chunk.headings[depth], chunk)
        if len(first) >= MIN_PARTS:
            return node, list(first.items())
    return None


def _cite(index: Index, chunk: Chunk, title: str) -> Citation | None:
    """The heading where it stands: at the top of its first passage, or just before it."""
    text = index.text_of(chunk.doc_id)
    start = text.find(title, chunk.start, chunk.end)
    if start < 0:  # the bulletin's section headings stand between passages
        start = text.rfind(title, 0, chunk.start)
    if start < 0:
        return None
    return Citation.of(chunk, title, start, start + len(title))
