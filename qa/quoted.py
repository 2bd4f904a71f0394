"""What an earlier answer said, read back from the text a client sends with a follow-up.

The server keeps no state: a follow-up arrives with the earlier turns' answers as text. What
the answer quoted of its cited passage (`quoted_in`) and the words naming the figure it led
with (`figure_named_as`) are read back from that text; `clause_words` gives the words of the
clause around a figure, for comparing how two passages name one (qa/abstain.py).
"""

from __future__ import annotations

import re

from .numbers import Quantity, numbers_in
from .tuning import NAMED_AS_MIN_SHARE

MIN_QUOTE = 4  # characters: shorter pieces ("27微克") are found anywhere
_SOURCE_RE = re.compile(r"^(?:据《[^》]*》：|According to [^:]*: )")
CLAUSE_MARKS = "，,；;。、：:"
_LETTERS_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]+")


def quoted_in(answer: str, passage: str) -> str:
    """The longest piece of an earlier answer that is the passage's own text: the quote it
    was built from ("…: 92.8% — “棉花总产616.5万吨、占全国92.8%”"); "" when there is none
    (a client may send back any answer text)."""
    pieces = [p.strip() for p in re.split(r"[“”\n：]|:\s|\s—\s", answer)]
    found = [p for p in pieces if len(p) >= MIN_QUOTE and p in passage]
    return max(found, key=len, default="")


def figure_named_as(answer: str, passage: str) -> str:
    """The words of the clause holding the figure an earlier answer led with, figures aside
    ("13.05亿吨 — “全年规上原煤产量13.05亿吨、增长2.1%”" → "全年规上原煤产量亿吨"); "" when
    the answer quotes nothing of the passage or leads with no figure of it."""
    said = quoted_in(answer, passage)
    figure = _figure_led_with(answer, said)
    return clause_words(said, said.find(figure.text)) if figure is not None else ""


def figure_led_with(answer: str, passage: str) -> str:
    """The figure an earlier answer led with, as the passage writes it ("790个 — “…建成老年
    助餐机构790个”" → "790个"); "" when the answer quotes nothing of the passage or leads
    with no figure of it."""
    figure = _figure_led_with(answer, quoted_in(answer, passage))
    return figure.text if figure is not None else ""


def _figure_led_with(answer: str, said: str) -> Quantity | None:
    if not said:
        return None
    lead = _SOURCE_RE.sub("", answer).split(said, 1)[0]
    quoted = numbers_in(said)
    return next((q for q in numbers_in(lead) for found in quoted if found.text == q.text),
                None) if lead.strip(" —“：:") else (quoted[0] if quoted else None)


def clause_words(text: str, at: int) -> str:
    """The Chinese and Latin letters of the clause of text holding position at (figures,
    units' digits and punctuation aside)."""
    start = max(text.rfind(mark, 0, at) for mark in CLAUSE_MARKS)
    ends = [end for mark in CLAUSE_MARKS if (end := text.find(mark, at)) >= 0]
    return "".join(_LETTERS_RE.findall(text[start + 1:min(ends, default=len(text))]))




def named_alike(text: str, at: int, named_as: str) -> bool:
    """Whether the clause of text holding the figure at position at is named much as the
    figure answered before was (named_as, figure_named_as): it holds at least
    NAMED_AS_MIN_SHARE of named_as's two-character pieces ("绿氢产量突破1万吨" is not named as
    "全年规上原煤产量亿吨" was). True when named_as has no pieces to compare."""
    named = _pieces(named_as)
    if not named:
        return True
    return len(named & _pieces(clause_words(text, at))) / len(named) >= NAMED_AS_MIN_SHARE


def _pieces(letters: str) -> set[str]:
    """Two-character pieces of a run of letters."""
    return {letters[i:i + 2] for i in range(len(letters) - 1)}
