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
from .official_terms import official_terms
from .query import Query
from .tuning import (
    FOLLOW_UP_MIN_SHARE,
    MIN_PAIRS,
    MIN_SHARE,
    TEXT_MIN_HITS,
    TEXT_READING_WEIGHT,
    TEXT_SHARE,
)

_CJK_PAIR_RE = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# Words of any description that say nothing about which proposal it is.
_GENERIC_RE = re.compile(r"关于|那份|这份|那个|这个|那件|这件|那项|建议案?|提案|的")
_EN_GENERIC_RE = re.compile(r"\b(?:the|one|on|about|for|to|of|concerning|regarding|proposals?|"
                            r"recommendations?)\b", re.I)


def with_described_proposal(query: Query, titles: Mapping[int, str], terms: TermMap,
                            texts: Mapping[int, str] | None = None) -> Query:
    """query naming the proposal its description matches clearly, else query unchanged
    (also when it names a proposal by number already, or the index holds no proposals)."""
    if query.proposals or not titles:
        return query
    for mention in proposal_descriptions(query.text):
        number = _best_title(mention.text, titles, terms, texts=texts)
        if number is not None:
            return replace(query, proposals=(number,))
    return query


def described_proposal(description: str, titles: Mapping[int, str], terms: TermMap,
                       texts: Mapping[int, str] | None = None) -> int | None:
    """The proposal whose title a description ("制造业那份", "the one on Wuhan New City")
    clearly matches, else the one whose text speaks of the topic far more than the others
    ("养老的那个": 养老 is not in any title), if any."""
    if not titles:
        return None
    # A follow-up names the topic in a word or two ("制造业那份", "光谷那个"): one shared
    # pair is enough there when it is all the description has, and only one title holds it.
    # (… and a smaller share of an English word's translations: "manufacturing" spreads over
    # 制造, 制造业, 生产, 研制, one of which the title holds.)
    by_title = _best_title(description, titles, terms, min_pairs=1,
                           min_share=FOLLOW_UP_MIN_SHARE, texts=texts)
    return by_title if by_title is not None or not texts else _by_text(description, texts,
                                                                        terms)


def _translated(description: str, terms: TermMap) -> dict[str, float]:
    """Chinese terms for an English description: the bridge's, and the official names of
    places and bodies ("Optics Valley" → 光谷), which its dictionary lacks."""
    translated = terms.translate(_EN_GENERIC_RE.sub(" ", description))
    for term, weight in official_terms(description).items():
        translated[term] = max(translated.get(term, 0.0), weight)
    return translated


def _by_text(description: str, texts: Mapping[int, str], terms: TermMap) -> int | None:
    """The proposal holding most of the description's words, when it holds at least
    TEXT_SHARE of all their occurrences and TEXT_MIN_HITS of them."""
    words = _pairs(description)
    if not words:
        words = {t for t, w in _translated(description, terms).items() if w >= TEXT_READING_WEIGHT}
    counts = {number: sum(text.count(word) for word in words) for number, text in texts.items()}
    total = sum(counts.values())
    best = max(counts, key=lambda number: counts[number]) if counts else None
    if best is None or counts[best] < TEXT_MIN_HITS or counts[best] < TEXT_SHARE * total:
        return None
    return best


def _best_title(description: str, titles: Mapping[int, str], terms: TermMap,
                min_pairs: int = MIN_PAIRS, min_share: float = MIN_SHARE,
                texts: Mapping[int, str] | None = None) -> int | None:
    # An English description's translations are weighed among those the proposals' own
    # text holds: over many documents the bridge knows more of the corpus's words for
    # "manufacturing", and their weight, spread over the other reports, is no evidence
    # about which proposal is meant.
    within = "\n".join([*titles.values(), *(texts or {}).values()])
    shares = {number: _share(description, title, terms, min_pairs, within)
              for number, title in titles.items()}
    ranked = sorted(shares.items(), key=lambda item: -item[1])
    best, share = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return best if share >= min_share and share > runner_up else None


def _share(description: str, title: str, terms: TermMap, min_pairs: int = MIN_PAIRS,
           within: str = "") -> float:
    """How much of the description the title holds: its character pairs (Chinese), or the
    weight of its words' translations (English) among those that within holds."""
    pairs = _pairs(description)
    if pairs:
        shared = sum(pair in title for pair in pairs)
        needed = min_pairs if len(pairs) <= 2 else MIN_PAIRS
        return shared / len(pairs) if shared >= needed else 0.0
    translated = {t: w for t, w in _translated(description, terms).items() if t in within}
    total = sum(translated.values())
    return sum(w for t, w in translated.items() if t in title) / total if total else 0.0


def _pairs(description: str) -> set[str]:
    """The Chinese character pairs of a description, less its generic words."""
    return set(_CJK_PAIR_RE.findall(_GENERIC_RE.sub(" ", description)))
