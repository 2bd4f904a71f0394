"""Which proposal a question describes by its topic rather than its number.

Users rarely remember a proposal's number: "建武汉新城、打造世界光谷那件建议案由哪个单位主办？",
"关于养老的那份建议", "the proposal on building Wuhan New City". The description is matched
against the titles of the index's proposals ("关于加快武汉新城建设,打造“世界光谷”的建议案"):
Chinese by the character pairs they share, English through the bridge's translations. Only
a clear best match counts; the answer then treats the question as if it had said
"1号建议案": spans come from that proposal (or the opening and closing), and the opening's
list of handlers applies. (Retrieval does not lift it: see QAService._analyse.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from .bridge import TermMap
from .mentions import proposal_descriptions
from .query import Query

# Share of the description's character pairs (or translated weight) a title must hold, and
# for Chinese at least two pairs: one shared pair is often a common word ("城市").
MIN_SHARE = 0.3
MIN_PAIRS = 2
_CJK_PAIR_RE = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# Words of any description that say nothing about which proposal it is.
_GENERIC_RE = re.compile(r"关于|那份|这份|那个|这个|那件|这件|建议案?|提案|的")


def with_described_proposal(query: Query, titles: Mapping[int, str], terms: TermMap) -> Query:
    """query naming the proposal its description matches clearly, else query unchanged
    (also when it names a proposal by number already, or the index holds no proposals)."""
    if query.proposals or not titles:
        return query
    for mention in proposal_descriptions(query.text):
        number = _best_title(mention.text, titles, terms)
        if number is not None:
            return replace(query, proposals=(number,))
    return query


def _best_title(description: str, titles: Mapping[int, str], terms: TermMap) -> int | None:
    shares = {number: _share(description, title, terms) for number, title in titles.items()}
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    best, share = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return best if share >= MIN_SHARE and share > runner_up else None


def _share(description: str, title: str, terms: TermMap) -> float:
    """How much of the description the title holds: its character pairs (Chinese), or the
    weight of its words' translations (English)."""
    pairs = set(_CJK_PAIR_RE.findall(_GENERIC_RE.sub(" ", description)))
    if pairs:
        shared = sum(pair in title for pair in pairs)
        return shared / len(pairs) if shared >= MIN_PAIRS else 0.0
    translated = terms.translate(description)
    total = sum(translated.values())
    return sum(w for t, w in translated.items() if t in title) / total if total else 0.0
