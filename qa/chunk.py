"""Turn a parsed bulletin into retrievable chunks, each with its clauses.

One chunk per measure (its section heading kept as context), one per proposal intro
(heading merged with the intro paragraph), one for the preamble, one for the closing.
A chunk over the size limit is split with langchain's recursive splitter on Chinese
punctuation; every piece keeps its metadata and exact source offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .parse import Document, Node, Proposal, Section
from .tuning import MAX_CHUNK_CHARS, MIN_CLAUSE_CHARS
from .types import Chunk, Clause

# Bump when chunk boundaries, ids, context or clause rules change: indexes built by an
# older chunker are then reported stale and rebuilt.
CHUNKER_VERSION = "3"  # 2: chunk ids name their document, outline chunks; 3: report chunk vectors
SPLIT_SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", ";", "，", ",", ""]
# Clause boundaries; ASCII , : ; count only when not inside a number such as 1,000 or 10:30.
CLAUSE_BREAK_RE = re.compile(r"[。；！？，：\n]|(?<!\d)[,:;]|[,:;](?!\d)")
PREAMBLE_LABEL = "前言"
CLOSING_LABEL = "结语"
INTRO_LABEL = "概述"


def chunk_document(doc: Document, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    if doc.preamble:
        chunks += _pieces(doc, doc.preamble, max_chars, id="preamble", label=PREAMBLE_LABEL,
                          short_label=PREAMBLE_LABEL)
    for proposal in doc.proposals:
        chunks += _proposal_chunks(doc, proposal, max_chars)
    if doc.closing:
        chunks += _pieces(doc, doc.closing, max_chars, id="closing", label=CLOSING_LABEL,
                          short_label=CLOSING_LABEL)
    return chunks


def _proposal_chunks(doc: Document, proposal: Proposal, max_chars: int) -> Iterator[Chunk]:
    p = proposal.number
    meta = {"proposal": p, "proposal_name": proposal.name, "proposal_title": proposal.title}
    intro_end = proposal.intro.end if proposal.intro else proposal.heading.end
    intro = Node(start=proposal.start, end=intro_end, text=doc.source[proposal.start:intro_end])
    yield from _pieces(doc, intro, max_chars, id=f"p{p}-s0-m0",
                       label=f"{proposal.name} · {INTRO_LABEL}", short_label=proposal.name,
                       **meta)
    for section in proposal.sections:
        yield from _section_chunks(doc, section, max_chars, meta)


def _section_chunks(doc: Document, section: Section, max_chars: int,
                    meta: dict) -> Iterator[Chunk]:
    p, s = meta["proposal"], section.number
    marker = section.title[: section.title.find(")") + 1 or section.title.find("）") + 1]
    sec = {**meta, "section": s, "section_title": section.title}
    base_label = f"{meta['proposal_name']} · {section.title}"
    base_short = f"{meta['proposal_name']} · {marker or section.title}"
    if section.lead or not section.measures:
        # Text outside numbered measures (or a section with none) is measure 0,
        # and keeps its heading inside the chunk so no heading stands alone.
        end = section.lead.end if section.lead else section.end
        lead = Node(start=section.start, end=end, text=doc.source[section.start:end])
        yield from _pieces(doc, lead, max_chars, id=f"p{p}-s{s}-m0", label=base_label,
                           short_label=base_short, **sec)
    for measure in section.measures:
        ordinal = measure.title[: measure.title.find("是") + 1]
        yield from _pieces(
            doc, measure, max_chars, id=f"p{p}-s{s}-m{measure.number}",
            label=f"{base_label} · {measure.title}", short_label=f"{base_short} · {ordinal}",
            context=section.heading.text, measure=measure.number,
            measure_title=measure.title, **sec,
        )


def _pieces(doc: Document, node: Node, max_chars: int, *, id: str, **fields) -> Iterator[Chunk]:
    """One chunk for node, or several (ids id, id.2, id.3 …) when it is over max_chars."""
    fields = {"proposal": 0, "proposal_name": "", "proposal_title": "", "section": 0,
              "section_title": "", "measure": 0, "measure_title": "", **fields}
    for n, (start, end) in enumerate(split_spans(node, max_chars), start=1):
        text = doc.source[start:end]
        yield Chunk(id=id if n == 1 else f"{id}.{n}", start=start, end=end, text=text,
                    clauses=tuple(split_clauses(text, start)), **fields)


def split_spans(node: Node, max_chars: int) -> list[tuple[int, int]]:
    if len(node.text) <= max_chars:
        return [(node.start, node.end)]
    # Imported here: loading langchain costs ~0.1 s, and a server loading a built index
    # never splits text.
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=0, separators=SPLIT_SEPARATORS,
        keep_separator="end", strip_whitespace=True,
    )
    spans, cursor = [], 0
    for piece in splitter.split_text(node.text):
        at = node.text.index(piece, cursor)  # pieces come in order and do not overlap
        spans.append((node.start + at, node.start + at + len(piece)))
        cursor = at + len(piece)
    return spans


def split_clauses(text: str, offset: int = 0) -> Iterator[Clause]:
    """Clauses of text with source offsets; clauses under MIN_CLAUSE_CHARS join the next."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in [*CLAUSE_BREAK_RE.finditer(text), None]:
        stop = match.start() if match else len(text)
        piece = text[cursor:stop]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((cursor + lead, cursor + len(piece.rstrip())))
        cursor = match.end() if match else len(text)
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        begin = start if pending is None else pending
        if end - begin < MIN_CLAUSE_CHARS:
            pending = begin
            continue
        merged.append((begin, end))
        pending = None
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    for start, end in merged:
        yield Clause(text[start:end], offset + start, offset + end)
