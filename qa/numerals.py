"""Ordinals: Chinese numerals in document structure (一、 (二) 三是 …), English words
("the second proposal", "the third section")."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
ORDINAL_CHARS = "零〇一二两三四五六七八九十百"
ENGLISH_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
# "proposal two", "proposal No. three": a number written as a word.
ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                   "eight": 8, "nine": 9, "ten": 10}


def ordinal_to_int(text: str) -> int:
    """Convert a Chinese ordinal up to 999 ("十一" → 11, "二十" → 20, "一百零五" → 105).

    Raises ValueError for anything else, so callers can reject false markers.
    """
    if not text or any(ch not in ORDINAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese ordinal: {text!r}")
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def int_to_ordinal(number: int) -> str:
    """Inverse of ordinal_to_int for 1..999 (11 → "十一", 20 → "二十")."""
    if not 0 < number < 1000:
        raise ValueError(f"ordinal out of range: {number}")
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out
