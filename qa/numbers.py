"""Numbers written every way the bulletin and its readers write them, reduced to values.

"1.57万", "15700", "15,700", "一万五千七百" and "15.7 thousand" all mean 15700; "35.8%" and
"百分之三十五点八" mean 35.8 percent. Used to match figures across question, passage and
answer (lexical search, answer selection, grounding checks, gold validation).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from decimal import Decimal

_MULTIPLIERS = {
    "万亿": Decimal("1e12"), "亿": Decimal("1e8"), "万": Decimal("1e4"), "千": Decimal("1e3"),
    "百": Decimal("1e2"), "trillion": Decimal("1e12"), "billion": Decimal("1e9"),
    "million": Decimal("1e6"), "thousand": Decimal("1e3"),
}
NUMBER_RE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:\s|-(?=(?:trillion|billion|million|thousand)\b))?"  # "500-billion-yuan" too
    r"(万亿|亿|万|千(?![米克瓦])|百(?![分米])|trillion|billion|million|thousand)?"
    r"\s?(%|％|percent\b|个百分点)?",
    re.IGNORECASE,
)
_CN = "零〇一二两三四五六七八九十百千万亿"
# A Chinese numeral that is a quantity: two or more numeral characters with a place value
# ("七百九十", "两千", "千万"), or one digit followed by a measure word ("三个"); a lone
# place value is a word part ("每万人", "百姓"), not a figure; nor are "一批" (a number
# of, no count) and "一次性" (one-off).
CHINESE_NUMBER_RE = re.compile(
    rf"(?P<percent>百分之)?(?P<digits>(?<![{_CN}\d.])(?:[{_CN}]+[十百千万亿][{_CN}点]*|"
    rf"[十百千万亿][{_CN}点]+|"
    rf"(?!一批|一次性)[零〇一二两三四五六七八九](?=[个家项条所次户座台张人名批倍])))(?![是])")


@dataclass(frozen=True)
class Quantity:
    value: float
    percent: bool
    text: str  # as written
    start: int  # offsets into the text numbers_in() was given
    end: int


def numbers_in(text: str) -> list[Quantity]:
    """Every number in text, with 万/亿/million multipliers applied and offsets into text.

    Chinese numerals count when they are clearly a quantity ("七百九十个", "百分之二十",
    "两千"), not when they are part of a word ("统一", "一卡通") or an ordinal ("三是").
    """
    found = []
    for match in NUMBER_RE.finditer(text):
        digits, fraction, unit, percent = match.groups()
        exact = Decimal(digits.replace(",", "") + (fraction or ""))  # no float rounding
        if unit:
            exact *= _MULTIPLIERS[unit.lower()]
        found.append(Quantity(float(exact), bool(percent), match.group().strip(),
                              match.start(), match.start() + len(match.group().rstrip())))
    for match in CHINESE_NUMBER_RE.finditer(text):
        value = _chinese_value(match.group("digits"))
        if value is not None:
            end = match.end("digits")
            found.append(Quantity(value, bool(match.group("percent")), text[match.start():end],
                                  match.start(), end))
    return sorted(found, key=lambda q: q.start)


def values_in(text: str) -> set[float]:
    return {q.value for q in numbers_in(text)}


def same_number(a: str, b: str) -> bool:
    """True when a and b each hold one number and the values are equal ("1.57万" ~ "15,700")."""
    x, y = numbers_in(a), numbers_in(b)
    return len(x) == 1 and len(y) == 1 and x[0].value == y[0].value


def number_keys(text: str) -> list[str]:
    """Canonical tokens for the numbers in text ("1.57万" → "15700"), for lexical matching."""
    return [canonical(q.value) for q in numbers_in(text)]


def canonical(value: float) -> str:
    """A number as one token: 15700.0 → "15700", 37.8 → "37.8"."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _chinese_value(numeral: str) -> float | None:
    import cn2an

    if numeral[0] in "十百千万亿":  # "千万" means 一千万
        numeral = "一" + numeral
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(cn2an.cn2an(numeral, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            return None
