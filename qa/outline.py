"""The heading outline of any Chinese document: numbered headings over paragraphs.

Government texts number their parts in a few common styles, outermost first::

    一、           level 1
    （一） / (一)   level 2
    1. / 1、 / 1．  level 3
    （1） / (1)     level 4

A line opening with such a marker is a heading only when its number continues the count
of its level under the same parent (1, 2, 3 …; one number may be missing, as when a scraped
page lost a line), so "2. …" inside prose or a date such as "1.5万" is never structure. A
heading may stand alone on its line ("一、2025年工作回顾") or open a paragraph
("（一）着力扩大内需。我们…"). Every paragraph keeps exact offsets into the text and the
path of headings above it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .numerals import ORDINAL_CHARS, ordinal_to_int

_ORD = f"[{ORDINAL_CHARS}]+"
# (level, pattern): group 1 is the number.
MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"({_ORD})、")),
    (2, re.compile(rf"[（(]({_ORD})[）)]")),
    (3, re.compile(r"(\d{1,2})(?:[.．](?!\d)|、)")),
    (4, re.compile(r"[（(](\d{1,2})[）)]")),
)
LEVELS = len(MARKERS)
# A heading's title is its first sentence, cut at this many characters for labels.
TITLE_CHARS = 40
TITLE_END_RE = re.compile(r"[。；;！!？?：:\n]")
# A heading paragraph this short, of one sentence, stands for its heading only.
HEADING_LINE_CHARS = 80
SENTENCE_END_RE = re.compile(r"[。；;！!？?]")


@dataclass(frozen=True)
class Heading:
    level: int
    number: int
    marker: str  # "三、", "（一）", "1."
    title: str  # "三、2026年重点工作" (first sentence, at most TITLE_CHARS)
    start: int


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str
    headings: tuple[Heading, ...]  # outermost first; the last may be this paragraph's own
    is_heading: bool  # the paragraph opens with a heading marker that counts

    @property
    def heading_only(self) -> bool:
        """A heading line with no body of its own ("一、2025年工作回顾", "（一）推动科技
        创新。"): short, and one sentence at most."""
        body = self.text.rstrip("。；;！!？?")
        return self.is_heading and len(self.text) <= HEADING_LINE_CHARS \
            and not SENTENCE_END_RE.search(body)


def outline(text: str) -> list[Paragraph]:
    """The paragraphs (non-empty lines) of text, each with the headings above it."""
    counters = [0] * (LEVELS + 1)
    path: list[Heading] = []
    paragraphs: list[Paragraph] = []
    for start, end in _lines(text):
        line = text[start:end]
        heading = _heading(line, start, counters)
        if heading is not None:
            counters[heading.level] = heading.number
            for deeper in range(heading.level + 1, LEVELS + 1):
                counters[deeper] = 0
            path = [h for h in path if h.level < heading.level] + [heading]
        paragraphs.append(Paragraph(start, end, line, tuple(path), heading is not None))
    return paragraphs


def _heading(line: str, start: int, counters: list[int]) -> Heading | None:
    for level, pattern in MARKERS:
        match = pattern.match(line)
        if not match:
            continue
        number = _number(match.group(1))
        if number is None or not counters[level] < number <= counters[level] + 2:
            continue
        if number == counters[level] + 2 and level == 1:
            continue  # the outermost count never skips: a stray "三、" is prose
        return Heading(level, number, match.group(), _title(line), start)
    return None


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return ordinal_to_int(text)
    except ValueError:
        return None


def _title(line: str) -> str:
    found = TITLE_END_RE.search(line)
    title = line[: found.start()] if found else line
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of the non-empty lines of text, surrounding whitespace trimmed."""
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + len(raw) - len(raw.lstrip())
            yield start, start + len(stripped)
