"""What a question names as its scope: a proposal, a place (of a document or of none), a
year; where it names them, and how to write each back into a question in either language.

A follow-up that changes the scope ("那2号建议案呢？", "And Beijing?") is rewritten by
replacing these mentions in the earlier question (qa/followup.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .numerals import ENGLISH_ORDINALS, ordinal_to_int
from .query import proposal_ref_spans
from .scope import DocumentScope

Kind = Literal["proposal", "place", "year"]
_ZH_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})年?(?![\d%])")
# "3号呢？", "2号的呢？": in a conversation about proposals, the number alone names one
# (not "12月3号" or "3号线").
_BARE_PROPOSAL_RE = re.compile(r"(?<![月\d])([1-9一二三四五六七八九])号(?=呢|的|那|里|[？?]|$)")
# … and so does an ordinal or a number sign alone: "第三件呢？", "What about the third
# one?", "How about No. 2?", "And #3?".
_BARE_ORDINAL_RE = re.compile(r"第([一二三四五六七八九])(?:件|份|个|项)(?=呢|的|[？?]|$)|"
                              r"\bthe (first|second|third|fourth|fifth) one\b|"
                              r"\bNo\.\s*([1-9])\b|#([1-9])\b", re.IGNORECASE)
_EN_YEAR_RE = re.compile(r"\b(?:in |for |of )?((?:19|20)\d{2})\b")
# A proposal named by its topic, not its number ("武汉新城那份建议案", "关于养老的建议",
# "the proposal on building Wuhan New City", "the elderly-care proposal").
_ZH_DESCRIBED_RE = re.compile(r"(?:关于)?[\u4e00-\u9fff“”]{2,12}?"
                              r"(?:那份|这份|那个|这个|那件|这件|的)(?:建议案|建议|提案)"
                              r"(?![\u4e00-\u9fff]{0,2}号)")
_EN_DESCRIBED_RE = re.compile(
    r"\bthe (?:proposal|recommendation) (?:on|about|for|to|concerning|regarding) [^?,;]+?"
    r"(?=\s+(?:in|under|was|were|is|are|has|have|had|did|do|does|and)\b|[?,;.]|$)|"
    r"\bthe (?:[\w'-]+ ){1,3}?(?:proposal|recommendation)\b(?!\s*(?:no\.?\s*)?\d)", re.I)


@dataclass(frozen=True)
class Mention:
    kind: Kind
    value: str  # proposal number, doc id (or the place's own name when no document is
    # about it), or the year, as text
    start: int
    end: int
    text: str  # as written in the question


def mentions(text: str, scope: DocumentScope) -> list[Mention]:
    """Every scope the text names, in order; places take precedence over anything inside
    them, proposals over the digits of their number."""
    found: list[Mention] = []
    for start, end, number in proposal_ref_spans(text):
        found.append(Mention("proposal", str(number), start, end, text[start:end]))
    for match in _BARE_PROPOSAL_RE.finditer(text):
        if not any(start <= match.start() < end for start, end, _ in proposal_ref_spans(text)):
            written = match.group(1)
            value = written if written.isdigit() else str(ordinal_to_int(written))
            found.append(Mention("proposal", value, match.start(), match.end(), match.group(0)))
    for match in _BARE_ORDINAL_RE.finditer(text):
        if not any(m.start <= match.start() < m.end for m in found):
            written = next(g for g in match.groups() if g)
            value = ENGLISH_ORDINALS.get(written.lower()) or (
                int(written) if written.isdigit() else ordinal_to_int(written))
            found.append(Mention("proposal", str(value), match.start(), match.end(),
                                 match.group(0)))
    for start, end in scope.place_spans(text):
        name = text[start:end]
        named = scope.named_in(name)
        found.append(Mention("place", named[0] if len(named) == 1 else _bare(name), start, end,
                             name))
    for pattern in (_EN_YEAR_RE, _ZH_YEAR_RE):  # "for 2027" whole; "2025年" has no \b
        for match in pattern.finditer(text):
            if not any(m.start <= match.start(1) < m.end for m in found):
                found.append(Mention("year", match.group(1), match.start(), match.end(),
                                     match.group(0)))
    return sorted(found, key=lambda m: m.start)


def proposal_descriptions(text: str) -> list[Mention]:
    """Proposals the text names by topic rather than by number (their number unknown here):
    what a follow-up naming another proposal by number replaces."""
    found = [m for pattern in (_ZH_DESCRIBED_RE, _EN_DESCRIBED_RE) for m in pattern.finditer(text)]
    numbered = proposal_ref_spans(text)
    return [Mention("proposal", "", m.start(), m.end(), m.group(0)) for m in found
            if not any(start < m.end() and m.start() < end for start, end, _ in numbered)]


def phrase(mention: Mention, lang: str, scope: DocumentScope) -> str:
    """The mention written for a question in lang ("2号建议案" / "proposal 2", "北京" /
    "Beijing", "2023年" / "2023")."""
    if mention.kind == "proposal":
        return f"{mention.value}号建议案" if lang == "zh" else f"proposal {mention.value}"
    if mention.kind == "year":
        return f"{mention.value}年" if lang == "zh" else mention.value
    return scope.name_of(mention.value, lang) or _bare(mention.text)


def _bare(name: str) -> str:
    """A place as written, without an English possessive ("Hubei's" → "Hubei")."""
    return re.sub(r"(?:'s|’s)$", "", name)
