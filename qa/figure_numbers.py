"""Which numbers of a passage's span are figures: not structure ("三是", "3号建议案", "第1"),
not part of a name ("5G", "“两项补贴”", "零基预算改革2.0版") and not part of a date unless a
date is asked; dates and ranks read as whole figures when they are what is asked. Keyed by
the span's text alone and remembered: spans are pieces of the index, the same for every
question (qa/figures.py reads them)."""

from __future__ import annotations

import re
from functools import lru_cache

from .numbers import Quantity, numbers_in

# Units written in Latin letters right after the digits (not a name such as "5G").
LATIN_UNIT_RE = re.compile(r"[EPT]flops|[EPT]FLOPS|[EPT]Flops")
_BARE_PFLOPS_RE = re.compile(r"[EP](?![A-Za-z])")
DATE_RE = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:前|底|初|中旬|下旬|上旬)?|"
                     r"\d{4}年(?:底|初|末|上半年|下半年)?")
RANK_RE = re.compile(r"(?:全国|全省|全球|世界|中部)?(?:第|前)[一二三四五六七八九十百\d]+"
                     r"(?:位|名|强)?|[一二三四五六七八九十百\d]+强|首位|榜首|首个|首款|首家|"
                     # the most of a whole ranks first in it ("增至1125家、全国最多")
                     r"(?:全国|全省|全球|世界|中部|西部|东部)(?:最多|最高|最大|最长|最快|最优)")
QUOTED_NAME_CHARS = 15  # a quoted stretch this short is a name or slogan, not a statement


@lru_cache(maxsize=32_768)
def plain_numbers(text: str, asks_rank: bool, asks_time: bool,
                  asks_years: bool = False) -> tuple[int, ...]:
    """Which figures of text are not structure, names nor dates (unless the question asks
    when): indexes into span_numbers(text). A question counting years ("连续多少年", "how many
    consecutive years") counts "连续47年" — only a year number is a date for it."""
    return tuple(i for i, q in enumerate(span_numbers(text))
                 if not _is_ordinal(text, q, asks_rank) and not _is_name_part(text, q)
                 and (asks_time or not _is_date_part(text, q)
                      or (asks_years and text[q.end:q.end + 1] == "年"
                          and not 1900 <= q.value < 2100)))


# (32k spans, as token_set's: the spans a few hundred questions over the 24 reports
# touch, ~25k; with 16k the cache was thrashed and every span parsed again)
@lru_cache(maxsize=32_768)
def span_numbers(text: str) -> tuple[Quantity, ...]:
    """numbers_in, once per span: spans are pieces of the index, the same for every question."""
    return tuple(numbers_in(text))


@lru_cache(maxsize=16_384)
def span_dates(text: str) -> tuple[Quantity, ...]:
    """Dates as whole figures: "2024年12月12日", "12月", "2024年底"."""
    return tuple(Quantity(float(re.sub(r"\D", "", m.group())), False, m.group(), m.start(), m.end())
                 for m in DATE_RE.finditer(text))


@lru_cache(maxsize=16_384)
def span_ranks(text: str) -> tuple[Quantity, ...]:
    """Places in a ranking as whole figures: "全国前十", "第一", "首位", "前3强"."""
    return tuple(Quantity(1.0, False, m.group(), m.start(), m.end())
                 for m in RANK_RE.finditer(text))


def _is_ordinal(text: str, quantity: Quantity, asks_rank: bool) -> bool:
    """"三是", "3号建议案", "十四届三次会议", "党的二十大" and "第1" are structure, names or
    rank; a rank is an answer only to a rank question."""
    if text[quantity.end:quantity.end + 1] in ("是", "号", "届"):
        return True
    if text[quantity.end:quantity.end + 1] in (".", "．", "、") and quantity.text.isdigit() \
            and (quantity.start == 0 or text[quantity.start - 1] == "\n"):
        return True  # a list item's number at the start of its line ("11.“2030先锋工程”")
    if text.startswith(("次会议", "中全会", "次全会", "周年"), quantity.end):  # "十四届三次会
        return True  # 议", "二十届四中全会", "成立105周年": sessions, plenums, anniversaries
    if text.startswith("大", quantity.end) and text.endswith("党的", 0, quantity.start):
        return True  # "党的二十大": the Party congress, named by its number
    return text[max(0, quantity.start - 1):quantity.start] == "第" and not asks_rank


def _is_name_part(text: str, quantity: Quantity) -> bool:
    """"5G", "8K", "M0": a digit fused with Latin letters names a thing, it counts nothing;
    so does a version ("零基预算改革2.0版");
    nor do numbers joined by "+" ("“1+2+4+N”目标任务体系", "“8+5”任务抓手"), nor a number in
    Chinese numerals inside a short quoted name ("“两项补贴”", "“七桥四隧”"; "“15分钟养老
    服务圈”" measures a walk, in digits)."""
    before, after = text[quantity.start - 1:quantity.start], text[quantity.end:quantity.end + 1]
    if LATIN_UNIT_RE.match(text, quantity.end):  # "190Eflops" measures computing power
        return False
    if _BARE_PFLOPS_RE.match(text, quantity.end) and "算力" in text:  # "新增智算算力1630P":
        return False  # P for petaflops, where computing power is spoken of ("5G" names)
    return (after.isascii() and after.isalpha()) or (before.isascii() and before.isalpha()) \
        or "+" in (before, after) or after == "版" \
        or (not any(ch.isdigit() for ch in quantity.text) and _in_quoted_name(text, quantity))


def _in_quoted_name(text: str, quantity: Quantity) -> bool:
    opened = text.rfind("“", 0, quantity.start)
    if opened < 0 or text.rfind("”", opened, quantity.start) >= 0:
        return False
    closed = text.find("”", quantity.end)
    return 0 <= closed - opened <= QUOTED_NAME_CHARS


# The first year of a span of years written once with 年: "(2024-2035年)", "2021至2025年".
_YEAR_SPAN_AFTER_RE = re.compile(r"\s*[-–—~～至到]\s*(?:19|20)\d{2}\s*年")


def _is_date_part(text: str, quantity: Quantity) -> bool:
    if quantity.percent:
        return False
    if text[quantity.end:quantity.end + 1] in ("年", "月", "日"):
        return True
    return quantity.text.isdigit() and len(quantity.text) == 4 \
        and 1900 <= quantity.value < 2100 \
        and bool(_YEAR_SPAN_AFTER_RE.match(text, quantity.end))
