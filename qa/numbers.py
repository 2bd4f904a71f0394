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
from functools import lru_cache

_MULTIPLIERS = {
    "万亿": Decimal("1e12"), "亿": Decimal("1e8"), "万": Decimal("1e4"), "千": Decimal("1e3"),
    "百": Decimal("1e2"), "trillion": Decimal("1e12"), "billion": Decimal("1e9"),
    "million": Decimal("1e6"), "thousand": Decimal("1e3"),
}
NUMBER_RE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"\s?(万亿|亿|万|千(?![米克瓦])|百(?![分米])|trillion|billion|million|thousand)?"
    r"\s?(%|percent\b|个百分点)?",
    re.IGNORECASE,
)
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"


@dataclass(frozen=True)
class Quantity:
    value: float
    percent: bool
    text: str  # as written (after Chinese numerals were turned into digits)
    start: int  # offsets into the text numbers_in() was given, when it had no Chinese numerals
    end: int


def numbers_in(text: str) -> list[Quantity]:
    """Every number in text, with 万/亿/million multipliers applied.

    Chinese numerals are converted first (cn2an), which can shift offsets; ``start``/``end``
    are exact only when text has none (true of the bulletin's figures).
    """
    converted = to_arabic(text)
    found = []
    for match in NUMBER_RE.finditer(converted):
        digits, fraction, unit, percent = match.groups()
        exact = Decimal(digits.replace(",", "") + (fraction or ""))  # no float rounding
        if unit:
            exact *= _MULTIPLIERS[unit.lower()]
        found.append(Quantity(float(exact), bool(percent), match.group().strip(),
                              match.start(), match.end()))
    return found


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


def to_arabic(text: str) -> str:
    """Chinese numerals → digits ("七百九十" → "790"); text without them is returned as is."""
    if not any(ch in _CN_DIGITS for ch in text):
        return text
    return _to_arabic(text)


@lru_cache(maxsize=4096)
def _to_arabic(text: str) -> str:
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.transform(text, "cn2an"))
        except (ValueError, KeyError, IndexError):
            return text
