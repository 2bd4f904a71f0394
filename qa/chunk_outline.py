"""Chunks of a document that is not a proposals bulletin: paragraphs under their headings.

A chunk is one paragraph with the heading lines just above it (a heading never stands
alone: bare headings were measured to steal the top rank), and short paragraphs ("各位代表：",
a title or date line) join their neighbours. A paragraph over the size limit is split on
sentence ends like the bulletin's measures. Chunks carry the titles of their headings as
context for embedding and as their label; local ids name the heading numbers and the
paragraph's place under them ("s3.1-p2": 三、 › （一）, second chunk), so they stay the same
across builds of the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .chunk import MAX_CHUNK_CHARS, split_clauses, split_spans
from .outline import Paragraph, outline
from .parse import Node
from .tuning import MIN_PARAGRAPH_CHARS, OPENING_CHARS
from .types import Chunk

OPENING_LABEL = "前言"
PATH_SEPARATOR = " › "


@dataclass
class _Group:
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.paragraphs[0].start

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end

    @property
    def body(self) -> Paragraph:
        """The paragraph whose headings the group sits under: its last one."""
        return self.paragraphs[-1]


def chunk_outline(text: str, context_prefix: str = "",
                  max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """Chunks of text with local ids; context_prefix (e.g. the document's name) opens
    each chunk's context."""
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for group in _groups(outline(text), max_chars):
        headings = group.body.headings
        path = ".".join(str(h.number) for h in headings) or "0"
        seen[path] = seen.get(path, 0) + 1
        local = f"s{path}-p{seen[path]}"
        titles = tuple(h.title for h in headings)
        label = PATH_SEPARATOR.join(titles) or OPENING_LABEL
        markers = PATH_SEPARATOR.join(h.marker for h in headings)
        short = f"{markers} · 第{seen[path]}段" if markers else OPENING_LABEL
        context = context_prefix + (PATH_SEPARATOR.join(titles) + "\n" if titles else "")
        node = Node(start=group.start, end=group.end, text=text[group.start:group.end])
        for n, (start, end) in enumerate(split_spans(node, max_chars), start=1):
            piece = text[start:end]
            chunks.append(Chunk(
                id=local if n == 1 else f"{local}.{n}", proposal=None, proposal_name="",
                proposal_title="", section=None, section_title=titles[-1] if titles else "",
                measure=None, measure_title="", label=label, short_label=short,
                start=start, end=end, text=piece, context=context,
                clauses=tuple(split_clauses(piece, start)), headings=titles))
    return chunks


def heading_lines(chunk: Chunk) -> tuple[bool, ...]:
    """Which of chunk's clauses stand on a line that is one of the headings above it
    ("三、2026年主要工作" opening the section's first paragraph): such a line names a topic
    that every paragraph under it shares (it is in their context) and answers nothing."""
    titles = {title.rstrip("。") for title in chunk.headings}
    if not titles:
        return (False,) * len(chunk.clauses)
    flags = []
    for clause in chunk.clauses:
        at = clause.start - chunk.start
        line_start = chunk.text.rfind("\n", 0, at) + 1
        line_end = chunk.text.find("\n", at)
        line = chunk.text[line_start:line_end if line_end >= 0 else len(chunk.text)]
        flags.append(line.strip().rstrip("。") in titles)
    return tuple(flags)


def _groups(paragraphs: list[Paragraph], max_chars: int) -> list[_Group]:
    """Paragraphs grouped into chunks: heading lines and short paragraphs join others."""
    groups: list[_Group] = []
    pending = _Group()  # heading lines (and short lines) waiting for the text they head
    for para in paragraphs:
        if para.is_heading and any(not p.is_heading for p in pending.paragraphs):
            groups.append(pending)  # opening lines never merge into the first part's text
            pending = _Group()
        opening = not groups and len(para.text) < MIN_PARAGRAPH_CHARS \
            and sum(len(p.text) for p in pending.paragraphs) < OPENING_CHARS
        if para.heading_only or opening:
            pending.paragraphs.append(para)
            continue
        short = len(para.text) < MIN_PARAGRAPH_CHARS and not para.is_heading
        last = groups[-1] if groups else None
        if short and not pending.paragraphs and last is not None \
                and last.body.headings == para.headings \
                and para.end - last.start <= max_chars:
            last.paragraphs.append(para)  # a short tail line stays with its paragraph
            continue
        pending.paragraphs.append(para)
        groups.append(pending)
        pending = _Group()
    if pending.paragraphs:
        groups.append(pending)
    return groups
