"""Text and figure normalisation for judging answers and checking gold figures.

An answer is judged by substring match after NFKC (full-width → half-width), case folding,
whitespace collapsing, and writing every number as one canonical token, so "1.57万" in an
answer matches a gold "15700" while a gold "700" does not match "1700".
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from ..numbers import NUMBER_RE, canonical, numbers_in

try:  # numbers_in of the first qa/numbers.py reads Chinese numerals only once converted
    from ..numbers import to_arabic  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # later ones read them in place, with offsets into the text given
    def to_arabic(text: str) -> str:
        return text

_SPACE_RE = re.compile(r"\s+")
_PER_CENT_RE = re.compile(r"\bper\s+cent\b", re.IGNORECASE)
_CHENG_RE = re.compile(r"([一二两三四五六七八九十]|10|\d)成")  # 七成 = 70%
_TENTHS = {ch: n for n, ch in enumerate("零一二三四五六七八九十")} | {"两": 2}
_WORD_RE = re.compile(r"[a-z]+", re.IGNORECASE)
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
          "seventeen", "eighteen", "nineteen", "twenty"]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90, "hundred": 100}
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth"]
ENGLISH_NUMBERS = {**{w: n for n, w in enumerate(_UNITS)}, **_TENS,
                   **{w: n for n, w in enumerate(_ORDINALS, start=1)}}
Figure = tuple[float, bool]  # (value, is a percentage)


def normalise(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed, "per cent" → "percent"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE_RE.sub(" ", _PER_CENT_RE.sub("percent", text)).strip()


def with_number_tokens(text: str) -> str:
    """normalise(text) with each number replaced by ⟨canonical value⟩ ("1.57万" → ⟨15700⟩)."""
    converted = to_arabic(normalise(text))
    out, cursor = [], 0
    for quantity in numbers_in(converted):
        start, written = quantity.start, quantity.text
        if start < cursor or converted[start : start + len(written)] != written:
            continue  # not where this text has it: leave that figure as written
        out.append(converted[cursor:start])
        # The percent sign stays outside the token: gold "99.3" matches "99.3%", but gold
        # "40%" needs the answer's "%".
        out.append(f"⟨{canonical(quantity.value)}⟩{'%' if quantity.percent else ''}")
        cursor = start + len(written)
    out.append(converted[cursor:])
    return "".join(out)


def contains_answer(text: str, answer: str) -> bool:
    """True when text states answer: as written, or with its numbers in another form."""
    needle = normalise(answer)
    if not needle:
        return False
    haystack = normalise(text)
    if not any(ch.isdigit() for ch in needle) and needle in haystack:
        return True
    return with_number_tokens(answer) in with_number_tokens(text)


def figures(text: str) -> list[tuple[Figure, str]]:
    """The figures in text with the text each was written as, including English number
    words ("six", "first") and 成 (tenths: 七成 = 70%), for checking gold answers."""
    text = normalise(text)
    found: list[tuple[Figure, str]] = [
        ((float(_TENTHS[m.group(1)] if m.group(1) in _TENTHS else int(m.group(1))) * 10,
          True), m.group())
        for m in _CHENG_RE.finditer(text)]
    text = _CHENG_RE.sub(" ", text)
    found += [((q.value, q.percent), q.text) for q in numbers_in(text)]
    for word in _WORD_RE.findall(text):
        if word in ENGLISH_NUMBERS:
            found.append(((float(ENGLISH_NUMBERS[word]), False), word))
    return found


# The document an answer names before it ("据《…》：", "According to …: "), and a year or
# date, which no figure question's answer opens with.
_ATTRIBUTION_RE = re.compile(r"^(?:据《[^》]*》：|According to [^:]*: )")
_DATE_AFTER_RE = re.compile(r"\s*(?:年|月|日)")


def first_figure(answer: str) -> Figure | None:
    """The first figure an answer shows, after the document it names, years and dates left
    out ("据《2026年…》：2025年医疗旅游人次86.5万…" → 86.5万)."""
    text = to_arabic(normalise(_ATTRIBUTION_RE.sub("", answer, count=1)))
    for quantity in numbers_in(text):
        if not quantity.percent and _DATE_AFTER_RE.match(text, quantity.end):
            continue
        return (quantity.value, quantity.percent)
    return None


def same_figure(answer: tuple[Figure, str], evidence: Figure) -> bool:
    """Equal values, or the answer is the evidence figure rounded to the digits the answer
    shows ("27.72 billion" for 277.21亿 = 27.721 billion)."""
    (value, percent), written = answer
    if percent and not evidence[1]:  # a bare figure may stand for a percentage, not back
        return False
    if value == evidence[0]:
        return True
    match = NUMBER_RE.match(written)
    if not match or not match.group(2):  # only figures written with decimals count as rounded
        return False
    places = Decimal(1).scaleb(-(len(match.group(2)) - 1))
    shown = Decimal(match.group(1).replace(",", "") + match.group(2))
    scale = Decimal(value) / shown
    rounded = (Decimal(evidence[0]) / scale).quantize(places, rounding=ROUND_HALF_UP)
    return rounded == shown
