"""Who delivered the report: answered from the document's speaker line.

Reports and bulletins name who delivers them on a line of their own under the title
("北京市市长 殷勇", "市人民政府秘书长杨相卫"); ingest reads it as the document's speaker.
A question about who delivered, presented or made the report ("报告是谁作的？", "Who
delivered Anhui's report?") is answered by that line, cited where it stands. The line
shares few words with such a question, so similarity alone ranks the title line above it.
"""

from __future__ import annotations

import re

from .index import Index
from .query import Query
from .types import Answer, Citation, Hit

# Asking who delivered / presented / read the report (not who did something it reports).
# Chinese: the report, who (or "what is the name"), and a verb of delivering, in any order;
# English: who (or which official, or the name of the one who) delivered / presented … the
# report, or "delivered by".
DELIVERED_RE = re.compile(
    r"^(?=.*(?:报告|通报))(?=.*(?:谁|哪位|叫什么|什么名字|姓名))(?=.*(?:(?<!工)作|做|宣读|通报|代表))|"
    r"\b(?:who|which (?:[a-z-]+ ){0,2}?(?:governor|mayor|official|chair(?:man|woman)?|"
    r"secretary(?:-general)?|leader|person)) (?:delivered|presented|gave|read|made)\b"
    r".*\b(?:report|bulletin|it)\b|\b(?:report|bulletin)\b.*\b(?:delivered|presented) by\b|"
    r"\bname\b.*\b(?:who|that) (?:delivered|presented|gave|read|made)\b.*\b(?:report|bulletin)\b",
    re.IGNORECASE)


def asks_speaker(query: Query) -> bool:
    return bool(DELIVERED_RE.search(query.text))


def speaker_answer(query: Query, hits: list[Hit], index: Index) -> Answer | None:
    """The answer naming the speaker of the top passage's document, if the question asks who
    delivered it and the document names one; None otherwise."""
    if not hits or not asks_speaker(query):
        return None
    doc_id = hits[0].chunk.doc_id
    record = index.document(doc_id)
    if record is None or not record.speaker:
        return None
    text = index.text_of(doc_id)
    start = _find(text, record.speaker)
    chunk = index.chunk_at(doc_id, start) if start >= 0 else None
    if chunk is None:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    quote = text[line_start:line_end].strip()
    quote_start = line_start + text[line_start:line_end].find(quote)
    citation = Citation.of(chunk, quote, quote_start, quote_start + len(quote))
    answer = quote if query.lang == "zh" else f"{record.speaker} — “{quote}”"
    return Answer(query.text, answer, True, (citation,), tuple(hits))


def _find(text: str, speaker: str) -> int:
    """Where the speaker line stands (ingest may have joined a name set apart by spaces)."""
    at = text.find(speaker)
    if at >= 0:
        return at
    pattern = r"[ \u3000]*".join(re.escape(ch) for ch in speaker.replace(" ", ""))
    found = re.search(pattern, text)
    return found.start() if found else -1
