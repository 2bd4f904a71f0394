"""Parse a bulletin into a tree.

preamble · proposals (一、) · sections ((一)) · measures (一是) · closing.

Every node keeps exact character offsets into the source, so ``source[node.start:node.end]``
is ``node.text``. Markers count only when their ordinals run in sequence, which keeps a
stray "二是" or "三、" inside prose from being read as structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import CorpusError
from .numerals import ORDINAL_CHARS, ordinal_to_int

_ORD = f"[{ORDINAL_CHARS}]+"
PROPOSAL_RE = re.compile(rf"({_ORD})、")
SECTION_RE = re.compile(rf"[(（]({_ORD})[)）]")
# A measure marker opens a paragraph or follows the end of a sentence.
MEASURE_RE = re.compile(rf"(?:^|(?<=[。；;！!？?\n]))[ \t　]*({_ORD})是")
# Web-page navigation copied along with the text ("- 上一篇:", "下一篇：…").
FOOTER_RE = re.compile(r"[-–—•·*>\s]*(上一篇|下一篇|返回顶部|打印本页|关闭窗口)")
PROPOSAL_TAG_RE = re.compile(r"[(（](\d+号[^()（）]{0,12})[)）]")
BOOK_TITLE_RE = re.compile(r"《([^》]+)》")
SENTENCE_END = "。；;！!？?"


@dataclass(frozen=True, kw_only=True)
class Node:
    start: int
    end: int
    text: str


@dataclass(frozen=True, kw_only=True)
class Measure(Node):
    number: int
    title: str  # the measure's first sentence, e.g. "三是推进老年助餐服务"


@dataclass(frozen=True, kw_only=True)
class Section(Node):
    number: int
    title: str  # "(三)提升适老化服务水平"
    heading: Node  # the title with its full stop, as it stands in the source
    lead: Node | None  # text between the heading and the first measure, if any
    measures: tuple[Measure, ...]


@dataclass(frozen=True, kw_only=True)
class Proposal(Node):
    number: int
    name: str  # short name for labels, e.g. "3号建议案"
    title: str  # e.g. "关于全面推进社会适老化建设,加快发展老年友好型城市的建议案"
    heading: Node
    intro: Node | None  # paragraphs between the heading and the first section
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Document:
    source: str
    title: str
    preamble: Node | None
    proposals: tuple[Proposal, ...]
    closing: Node | None


def parse(source: str) -> Document:
    """Parse bulletin text. Raises CorpusError when there is no text at all."""
    paragraphs = [p for p in _paragraphs(source) if not FOOTER_RE.match(p.text)]
    if not paragraphs:
        raise CorpusError("The bulletin is empty: it has no text to index.")
    heads = _sequential(paragraphs, PROPOSAL_RE)
    if not heads:
        return Document(source, paragraphs[0].text, _join(source, paragraphs), (), None)

    preamble = _join(source, paragraphs[: heads[0]])
    proposals: list[Proposal] = []
    closing: Node | None = None
    for n, head in enumerate(heads):
        last = n == len(heads) - 1
        body = paragraphs[head : heads[n + 1] if not last else len(paragraphs)]
        proposal, rest = _proposal(source, n + 1, body, is_last=last)
        proposals.append(proposal)
        if rest:
            closing = _join(source, rest)
    title = paragraphs[0].text if preamble else proposals[0].title
    return Document(source, title, preamble, tuple(proposals), closing)


def _paragraphs(source: str) -> Iterator[Node]:
    """Non-empty lines, trimmed of surrounding whitespace, with their offsets."""
    for match in re.finditer(r"[^\n]+", source):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            yield Node(start=start, end=start + len(stripped), text=stripped)


def _sequential(paragraphs: list[Node], pattern: re.Pattern[str]) -> list[int]:
    """Indices of paragraphs that open with pattern's ordinal 1, 2, 3 … in order."""
    found, expected = [], 1
    for i, para in enumerate(paragraphs):
        match = pattern.match(para.text)
        if match and _ordinal(match.group(1)) == expected:
            found.append(i)
            expected += 1
    return found


def _ordinal(text: str) -> int | None:
    try:
        return ordinal_to_int(text)
    except ValueError:
        return None


def _join(source: str, paragraphs: list[Node]) -> Node | None:
    if not paragraphs:
        return None
    start, end = paragraphs[0].start, paragraphs[-1].end
    return Node(start=start, end=end, text=source[start:end])


def _proposal(
    source: str, number: int, body: list[Node], *, is_last: bool
) -> tuple[Proposal, list[Node]]:
    """Build one proposal from its paragraphs; also return trailing closing paragraphs."""
    heading, rest = body[0], body[1:]
    starts = _sequential(rest, SECTION_RE)
    closing: list[Node] = []
    if starts:
        intro = rest[: starts[0]]
        section_paras = [rest[a : starts[i + 1] if i + 1 < len(starts) else len(rest)]
                         for i, a in enumerate(starts)]
        if is_last:  # after the final section, the first unmarked paragraph opens the closing
            section_paras[-1], closing = _split_closing(section_paras[-1])
    else:
        intro, closing = (rest[:1], rest[1:]) if is_last else (rest, [])
    sections = tuple(_section(source, i + 1, paras) for i, paras in enumerate(section_paras)) \
        if starts else ()
    end_node = sections[-1] if sections else (_join(source, intro) or heading)
    text = heading.text[len(PROPOSAL_RE.match(heading.text).group()):]  # type: ignore[union-attr]
    tag = PROPOSAL_TAG_RE.search(text)
    book = BOOK_TITLE_RE.search(text)
    proposal = Proposal(
        start=heading.start, end=end_node.end, text=source[heading.start : end_node.end],
        number=number,
        name=tag.group(1) if tag else f"第{number}项",
        title=book.group(1) if book else text,
        heading=heading,
        intro=_join(source, intro),
        sections=sections,
    )
    return proposal, closing


def _split_closing(paras: list[Node]) -> tuple[list[Node], list[Node]]:
    """Keep continuation paragraphs that open a measure; the rest is the closing."""
    for i, para in enumerate(paras[1:], start=1):
        if not MEASURE_RE.match(para.text):
            return paras[:i], paras[i:]
    return paras, []


def _section(source: str, number: int, paras: list[Node]) -> Section:
    start, end = paras[0].start, paras[-1].end
    text = source[start:end]
    title_len = _sentence_length(text)
    heading_end = start + title_len
    if heading_end < end and source[heading_end] in SENTENCE_END:
        heading_end += 1
    heading = Node(start=start, end=heading_end, text=source[start:heading_end])
    measures = tuple(_measures(source, heading_end, end))
    lead_end = measures[0].start if measures else end
    lead_text = source[heading_end:lead_end]
    lead = None
    if lead_text.strip():
        lead_start = heading_end + len(lead_text) - len(lead_text.lstrip())
        lead_stop = heading_end + len(lead_text.rstrip())
        lead = Node(start=lead_start, end=lead_stop, text=source[lead_start:lead_stop])
    return Section(start=start, end=end, text=text, number=number,
                   title=text[:title_len], heading=heading, lead=lead, measures=measures)


def _measures(source: str, start: int, end: int) -> Iterator[Measure]:
    body = source[start:end]
    marks, expected = [], 1
    for match in MEASURE_RE.finditer(body):
        if _ordinal(match.group(1)) == expected:
            marks.append(start + match.start(1))
            expected += 1
    for i, mark in enumerate(marks):
        stop = marks[i + 1] if i + 1 < len(marks) else end
        text = source[mark:stop].rstrip()
        yield Measure(start=mark, end=mark + len(text), text=text, number=i + 1,
                      title=text[: _sentence_length(text)])


def _sentence_length(text: str) -> int:
    """Length of text up to (not including) its first sentence end or line break."""
    match = re.search(f"[{SENTENCE_END}\n]", text)
    return match.start() if match else len(text)
