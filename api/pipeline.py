"""Search and answer for one request: the QA service behind two LRU caches.

Both the JSON and the streaming reply of /v1/ask go through `search` then `answer`, so
a stream's last event equals the JSON reply. Search results (the query's embedding and
ranking) and answers are cached per (normalised question, k, index build, documents,
passage): for a follow-up, the question is the resolved one, so "那2号建议案呢？" after a
question on proposal 3 shares its entry with "2号建议案建了多少个…？" asked alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from qa.followup import Resolution
from qa.service import QAService
from qa.types import Answer, Hit

from .cache import LRUCache, question_key
from .metrics import Metrics


@dataclass(frozen=True)
class Searched:
    question: str  # trimmed; the resolved question when a follow-up was rewritten
    hits: tuple[Hit, ...]
    key: tuple[str, int, str, tuple[str, ...], str | tuple[str, ...] | None]
    ms: float
    stages: dict[str, float] = field(default_factory=dict)  # empty when the cache answered
    asked: str = ""  # the question as the user asked it ("" = question)
    passage: str | None = None  # a follow-up asked for this chunk's passage in full
    said: str = ""  # what the previous answer quoted, for a follow-up referring back to it
    named_as: str = ""  # the words naming the previous figure, for the same asked elsewhere
    whole: str = ""  # the previous answer's figure, for a follow-up asking for a part of it


class Pipeline:
    def __init__(self, cache_size: int, metrics: Metrics) -> None:
        self.hits: LRUCache[tuple[Hit, ...]] = LRUCache(cache_size)
        self.answers: LRUCache[Answer] = LRUCache(cache_size)
        self.metrics = metrics

    def search(self, service: QAService, question: str, k: int,
               docs: tuple[str, ...] = (), resolution: Resolution | None = None) -> Searched:
        """Ranked passages; docs (empty: all, or those the question names) narrows them.
        With a resolution (a follow-up), its standalone question is searched, in the
        documents the conversation was about unless docs says otherwise."""
        began = time.perf_counter()
        asked = question.strip()
        question = resolution.question if resolution else asked
        docs = docs or (resolution.docs if resolution else ())
        passage = resolution.passage if resolution else None
        focus = (resolution.focus,) if resolution and resolution.focus else ()
        said = resolution.said if resolution else ""
        named_as = resolution.named_as if resolution else ""
        whole = resolution.whole if resolution else ""
        # (what the previous answer quoted picks among the spans, how it named its figure
        # decides whether one asked elsewhere answers, and its figure whether a part asked
        # of it does: all part of the answer's key)
        key = (*question_key(question, k, str(service.index.path)), docs,
               passage or ((*focus, said, named_as, whole) if said or named_as else focus))
        hits = self.hits.get(key)
        self.metrics.observe_cache("search", hits is not None)
        stages: dict[str, float] = {}
        if hits is None:
            if passage is not None:  # "展开说说": the passage cited before, nothing to search
                hits = (service.passage_hit(passage),)
            else:
                # (a test double of the service may know no `focus`: passed only if set)
                hits = tuple(service.search(question, k, docs or None, focus) if focus
                             else service.search(question, k, docs or None))
                stages = service.last_stage_timings()
            self.hits.put(key, hits)
        return Searched(question, hits, key, _ms(began), stages, asked, passage, said,
                        named_as, whole)

    def answer(self, service: QAService, searched: Searched) -> tuple[Answer, bool]:
        """The answer to a searched question with timings, and whether it came from the cache."""
        began = time.perf_counter()
        answer = self.answers.get(searched.key)
        cached = answer is not None
        self.metrics.observe_cache("answer", cached)
        if answer is None:
            if searched.passage is not None:
                answer = service.passage_answer(searched.question, searched.hits[0])
            else:
                answer = service.answer_from(searched.question, list(searched.hits),
                                             searched.said, searched.named_as,
                                             searched.whole)
            self.answers.put(searched.key, answer)
        answer_ms = _ms(began)
        timing = searched.stages | {"retrieve": round(searched.ms, 2),
                                    "answer": round(answer_ms, 2),
                                    "total": round(searched.ms + answer_ms, 2)}
        self.metrics.observe_answer(answer.answerable)
        # The question answered, as the cache knows it (whitespace runs are one space).
        resolved = " ".join(searched.question.split())
        return replace(answer, question=searched.asked or searched.question,
                       resolved_question=resolved, timing_ms=timing), cached


def _ms(began: float) -> float:
    return (time.perf_counter() - began) * 1000
