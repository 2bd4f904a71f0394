"""Outline answers: what a proposal or a part of a report covers, as the list of its parts.

"3号建议案有哪些措施？", "What did proposal 2 do?", "2026年重点工作有哪些？" ask for the parts
under a node of the document, not for one clause: the answer lists the titles of the
headings under it, in order, each cited where it stands. The node is the proposal the
question names, else the part of a report the best passage sits in whose title shares
words with the question. A question asking for one part by its place ("3号建议案的第一部分
标题是什么？", "the last section") is answered with that part's title. Words that ask for an
outline or a part are data (qa/data/overview.toml).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .data import alternation, load_table
from .index import Index
from .lexical import token_set
from .numerals import ENGLISH_ORDINALS, ordinal_to_int
from .query import Query
from .types import Answer, Chunk, Citation, Hit

MIN_PARTS = 2  # one heading under a node is not an outline


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    table = load_table("overview.toml")
    return {"zh": alternation(table["zh"]), "en": alternation(table["en"], re.I),
            "nth_zh": alternation(table["nth"]["zh"]),
            "nth_en": alternation(table["nth"]["en"], re.I)}


def asked_part(query: Query) -> int | None:
    """The place of the one part a question asks for ("第一部分" → 1, "the last section" →
    -1), or None."""
    match = _patterns()[f"nth_{query.lang}"].search(query.text)
    if match is None:
        return None
    written = next(g for g in match.groups() if g)
    if written.lower() in ("last", "最后"):
        return -1
    if written.isdigit():
        return int(written)
    return ENGLISH_ORDINALS.get(written.lower()) or ordinal_to_int(written)


def asks_overview(query: Query) -> bool:
    return bool(_patterns()[query.lang].search(query.text))


def overview_answer(query: Query, hits: list[Hit], index: Index) -> Answer | None:
    """The outline of the node the question asks about, or the one part of it asked for by
    its place; None when the question asks neither or the node has no parts."""
    place = asked_part(query) if hits else None
    if not hits or (place is None and not asks_overview(query)):
        return None
    found = _proposal_parts(query, hits, index) or _report_parts(query, hits, index)
    if found is None:
        return None
    node, parts = found
    if place is not None:
        return _nth_part(query, hits, index, parts, place)
    citations = tuple(c for c in (_cite(index, chunk, title) for title, chunk in parts) if c)
    if len(citations) < MIN_PARTS:
        return None
    titles = [c.quote for c in citations]
    text = f"{node}包括：" + "；".join(titles) + "。" if query.lang == "zh" else \
        f"{node} covers: " + "; ".join(titles) + "."
    return Answer(query.text, text, True, citations, tuple(hits))


def _nth_part(query: Query, hits: list[Hit], index: Index,
              parts: list[tuple[str, Chunk]], place: int) -> Answer | None:
    """The title of the part in that place, cited where it stands."""
    if not (1 <= place <= len(parts) or place == -1):
        return None
    title, chunk = parts[place - 1] if place > 0 else parts[-1]
    citation = _cite(index, chunk, title)
    if citation is None:
        return None
    return Answer(query.text, citation.quote, True, (citation,), tuple(hits))


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
    citation = Citation.of(chunk, title, start, start + len(title))
    if start < chunk.start and chunk.measure:
        # The heading of the section, standing before its first measure: it sits in the
        # section, not in that measure (location and label say where the quote is).
        citation = replace(citation, measure=0, label=chunk.label.rsplit(" · ", 1)[0])
    return citation
