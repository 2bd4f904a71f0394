"""Who delivered the report, and when: answered from the document's own header lines.

Reports and bulletins name who delivers them on a line of their own under the title
("北京市市长 殷勇", "市人民政府秘书长杨相卫"), and the day and the meeting on the line
before it ("——2026年1月20日在…会议上"); ingest reads them as the document's speaker and
date. A question about who delivered, presented or made the report ("报告是谁作的？", "Who
delivered Anhui's report?") is answered by the speaker line, one about when ("通报是哪天作
的？", "On what date was the report presented?") by the date line, each cited where it
stands. These lines share few words with such questions, and a report holds many other
dates (a review's meeting, a deadline), so similarity alone answers with another line.
"""

from __future__ import annotations

import re

from .corpus import DocumentRecord
from .index import Index
from .query import Query
from .types import Answer, Chunk, Citation, Hit

# Asking who delivered / presented / read the report (not who did something it reports).
# Chinese: the report, who (or "what is the name"), and a verb of delivering, in any order;
# English: who (or which official, or the name of the one who) delivered / presented … the
# report, or "delivered by".
DELIVERED_RE = re.compile(
    # (通报 is the verb only as "来通报", "通报的", "作了通报": "通报最后感谢了哪位主席？"
    # asks who is thanked)
    r"^(?=.*(?:报告|通报))(?=.*(?:谁|哪位|叫什么|什么名字|姓名))"
    r"(?=.*(?:(?<!工)作|做|宣读|代表|来通报|通报的|通报了?情况))|"
    r"\b(?:who|which (?:[a-z-]+ ){0,2}?(?:governor|mayor|official|chair(?:man|woman)?|"
    r"secretary(?:-general)?|leader|person)) (?:delivered|presented|gave|read|made)\b"
    r".*\b(?:report|bulletin|it)\b|\b(?:report|bulletin)\b.*\b(?:delivered|presented) by\b|"
    r"\bname\b.*\b(?:who|that) (?:delivered|presented|gave|read|made)\b.*\b(?:report|bulletin)\b",
    re.IGNORECASE)


# Asking when the report was delivered: the report, when (or its date), and a verb of
# delivering ("什么时候作的", "哪天在会上宣读"); English: when / on what date … delivered,
# presented … the report, or "the date of the report". "通报说什么时候实现全覆盖？" asks the
# date of something the report speaks of: no verb of delivering, no match.
DELIVERED_ON_RE = re.compile(
    r"^(?=.*(?:报告|通报))(?=.*(?:什么时候|何时|哪天|哪一天|几月几[日号]|什么日子|日期))"
    r"(?=.*(?:(?<!工)作的|做的|作了|宣读|发表|提交|在.{0,12}会上))|"
    r"\b(?:when|(?:on )?(?:what|which) (?:date|day))\b.{0,60}\b(?:deliver|present|gave|give|"
    r"read|made|submit)\w*\b(?: it\b|.{0,60}\b(?:report|bulletin)\b)|"
    # (the report may be named at length: "the report on handling the three proposals")
    r"\b(?:when|(?:on )?(?:what|which) (?:date|day))\b.{0,60}\b(?:report|bulletin)\b.{0,60}"
    r"\b(?:delivered|presented|given|read|made|submitted)\b|"
    r"\bdate of (?:the |this |its )?(?:[\w'’-]+ ){0,4}?(?:report|bulletin)\b",
    re.IGNORECASE)
CHINESE_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
HEADER_CHARS = 600  # the title, date and speaker lines stand in the first few hundred


def asks_delivery_date(query: Query) -> bool:
    return bool(DELIVERED_ON_RE.search(query.text))


def delivery_date_answer(query: Query, hits: list[Hit], index: Index) -> Answer | None:
    """The answer quoting the line that dates the top passage's document (the day it was
    delivered, as ingest read it), if the question asks when it was delivered; else None."""
    top = _top_document(hits, index) if asks_delivery_date(query) else None
    if top is None or not top[0].date:
        return None
    record, text = top
    found = next((m for m in CHINESE_DATE_RE.finditer(text, 0, HEADER_CHARS)
                  if f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" == record.date), None)
    chunk = index.chunk_at(record.doc_id, found.start()) if found else None
    if found is None or chunk is None:
        return None
    return _line_answer(query, hits, chunk, text, found.start(), found.group())


def asks_speaker(query: Query) -> bool:
    return bool(DELIVERED_RE.search(query.text))


def speaker_answer(query: Query, hits: list[Hit], index: Index) -> Answer | None:
    """The answer naming the speaker of the top passage's document, if the question asks who
    delivered it and the document names one; None otherwise."""
    top = _top_document(hits, index) if asks_speaker(query) else None
    speaker = top[0].speaker if top is not None else None
    if top is None or not speaker:
        return None
    record, text = top
    start = _find(text, speaker)
    chunk = index.chunk_at(record.doc_id, start) if start >= 0 else None
    if chunk is None:
        return None
    return _line_answer(query, hits, chunk, text, start, speaker)


def _top_document(hits: list[Hit], index: Index) -> tuple[DocumentRecord, str] | None:
    """The record and text of the top passage's document (None without passages)."""
    record = index.document(hits[0].chunk.doc_id) if hits else None
    return None if record is None else (record, index.text_of(record.doc_id))


def _line_answer(query: Query, hits: list[Hit], chunk: Chunk, text: str, start: int,
                 value: str) -> Answer:
    """The whole line holding text[start], cited where it stands: the answer in Chinese,
    value before the quote in English."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    quote = text[line_start:line_end].strip()
    quote_start = line_start + text[line_start:line_end].find(quote)
    citation = Citation.of(chunk, quote, quote_start, quote_start + len(quote))
    answer = quote if query.lang == "zh" else f"{value} — “{quote}”"
    return Answer(query.text, answer, True, (citation,), tuple(hits))


def _find(text: str, speaker: str) -> int:
    """Where the speaker line stands (ingest may have joined a name set apart by spaces)."""
    at = text.find(speaker)
    if at >= 0:
        return at
    pattern = r"[ \u3000]*".join(re.escape(ch) for ch in speaker.replace(" ", ""))
    found = re.search(pattern, text)
    return found.start() if found else -1
