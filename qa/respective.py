"""Who handled which proposal, from the opening's "respectively" list.

A bulletin on proposals says in its opening who handled them all, in the proposals' order:
"3件建议案由分管副市长对口领办,东湖高新区管委会、市经信局、市民政局分别主办". A question
about one proposal's handling body ("2号建议案由哪个部门主办？", "Which body was the lead
handler of proposal 2?") is answered by the list's item in that proposal's place, cited to
the list. The proposal's own passages name who led it (the mayor), not the body, and rank
far above the opening.
"""

from __future__ import annotations

import re

from .answer_types import asked_kind
from .index import Index
from .numerals import ordinal_to_int
from .query import Query
from .types import Answer, Citation, Hit

# "3件建议案由…,A、B、C分别主办": how many proposals, then the bodies in their order.
_LIST_RE = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)件(?:建议案?|提案)[^。；;]*?[,，]"
                      r"([^,，。；;]+?)分别(主办|承办|牵头办理|牵头|负责办理|办理)")
_ITEM_SPLIT_RE = re.compile(r"、|和|及|与")


def respective_answer(query: Query, hits: list[Hit], index: Index) -> Answer | None:
    """The body that handled the one proposal the question names, from the opening's
    list; None when the question asks something else or the document has no such list."""
    if len(query.proposals) != 1 or asked_kind(query.text) != "organisation" or not hits:
        return None
    number, doc_id = query.proposals[0], hits[0].chunk.doc_id
    text = index.text_of(doc_id)
    found = handlers(text)
    if found is None or not 1 <= number <= len(found[1]):
        return None
    match, items = found
    chunk = index.chunk_at(doc_id, match.start())
    if chunk is None:
        return None
    quote = match.group(0)
    citation = Citation.of(chunk, quote, match.start(), match.end())
    item = items[number - 1]
    answer = f"{item}：{quote}" if query.lang == "zh" else f"{item} — “{quote}”"
    return Answer(query.text, answer, True, (citation,), tuple(hits))


def handlers(text: str) -> tuple[re.Match[str], list[str]] | None:
    """The "N件建议案由…,A、B、C分别主办" list of text and its bodies in order, when it names
    as many bodies as it counts proposals."""
    match = _LIST_RE.search(text)
    if match is None:
        return None
    written = match.group(1)
    count = int(written) if written.isdigit() else ordinal_to_int(written.replace("两", "二"))
    items = [item.strip() for item in _ITEM_SPLIT_RE.split(match.group(2)) if item.strip()]
    return (match, items) if count == len(items) else None
