"""Follow-up questions: turn the newest question of a conversation into one that stands
alone, without a language model.

Five rules, tried in this order on the newest question (the words are data,
qa/data/followup.toml):

- expand: "展开说说", "出处是哪一段？", "Tell me more" → the passage the previous answer
  cited, in full;
- rescope: the question only names a new scope ("那2号建议案呢？", "And Beijing?",
  "2023年呢？") → the previous question asked again of that scope;
- refers: the question refers back ("其中…", "它的…", "how many of them…") and names no
  scope of its own → it inherits the document and proposal the previous turn was about;
- context: over many documents, a question that names no document is asked of the one
  the conversation is about (its name written in, the passage the previous answer cited
  lifted as for refers);
- standalone: anything else is answered exactly as written.

The server keeps no state: the client sends the earlier turns, and the earlier questions are
resolved again here (lazily: only as far back as each turn leans on the one before).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from .data import alternation, load_table
from .elliptical import narrowed, placed, retimed, swapped, with_frame
from .mentions import Mention, mentions, phrase, proposal_descriptions
from .query import language_of, proposal_ref_spans
from .quoted import figure_led_with, figure_named_as, quoted_in
from .scope import DocumentScope
from .scope_rewrite import add_scope, cut, insert_scope, replace_mentions
from .tense import question_tense
from .topic import topic_of, with_topic
from .types import Chunk

Rule = Literal["standalone", "context", "refers", "rescope", "expand", "llm"]
_EN_WORD_RE = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Turn:
    """An earlier turn as the client sends it back: its question, answer and cited chunks."""

    question: str
    answer: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    question: str  # the standalone question that is answered
    rule: Rule
    docs: tuple[str, ...] = ()  # documents inherited from the conversation (search only these)
    passage: str | None = None  # expand: id of the chunk whose passage is the answer
    focus: str | None = None  # refers: the chunk the previous answer cited, lifted in search
    said: str = ""  # refers: what the previous answer quoted of that chunk (its exact text)
    # rescope: the words of the clause that held the previous answer's figure ("全年规上原煤
    # 产量亿吨"): the same thing asked of another document is named alike there
    named_as: str = ""
    basis: str = ""  # the question later turns build on (for expand: the one expanded)
    # refers to a part of what was just said ("其中街道的有多少？", "How many of those …?"):
    # the figure the previous answer led with, the whole, which cannot answer for its part
    whole: str = ""

    @property
    def rewritten(self) -> bool:
        return self.rule != "standalone"


@dataclass(frozen=True)
class TurnScope:
    """What a resolved turn was about."""

    docs: tuple[str, ...] = ()
    proposal: int | None = None


@cache
def _words() -> dict[str, Any]:
    table = load_table("followup.toml")

    def joined(patterns: list[str]) -> re.Pattern[str]:
        return alternation(patterns, re.IGNORECASE)

    return {
        "expand": {"zh": joined(table["expand"]["zh"]), "en": joined(table["expand"]["en"])},
        "refers": {"zh": joined(table["refers"]["zh"]), "en": joined(table["refers"]["en"])},
        "across": {"zh": joined(table["context"]["across_zh"]),
                   "en": joined(table["context"]["across_en"])},
        "described": {"zh": joined(table["described"]["zh"]),
                      "en": joined(table["described"]["en"])},
        "expand_filler": _filler(table["expand"], table["stopwords"]),
        "rescope_filler": _filler(table["rescope"], table["stopwords"]),
    }


@dataclass(frozen=True)
class Filler:
    """What a follow-up of one rule may hold besides its own words: Chinese words (taken out
    first), then single Chinese characters, and English words."""

    words_zh: re.Pattern[str]
    characters_zh: re.Pattern[str]
    words_en: frozenset[str]


def _filler(rule: dict[str, Any], stopwords: dict[str, Any]) -> Filler:
    """A rule's filler: its own (`filler_zh`, `filler_words_zh`, `filler_en`) and the words
    that ask nothing in any request (`[stopwords]`: particles, politeness, pronouns, the
    English function words)."""
    words_zh = sorted([*rule.get("filler_words_zh", ()), *stopwords["words_zh"]], key=len,
                      reverse=True)
    return Filler(re.compile("|".join(map(re.escape, words_zh))),
                  re.compile(rule["filler_zh"]),
                  frozenset([*rule["filler_en"], *stopwords["en"]]))


def _only_filler(text: str, filler: Filler) -> bool:
    """Nothing is left of text but filler characters, filler words and punctuation."""
    rest = _EN_WORD_RE.sub(lambda m: "" if m.group(0).lower() in filler.words_en
                           else m.group(0), text)
    rest = filler.characters_zh.sub("", filler.words_zh.sub("", rest))
    return not re.sub(r"[\W_]", "", rest)


def _language(text: str) -> str:
    return language_of(text)


class FollowUpResolver:
    """Resolves follow-ups against the documents of one index."""

    def __init__(self, scope: DocumentScope, chunk_of: Callable[[str], Chunk | None],
                 documents: int, describe: Callable[[str], int | None] | None = None,
                 speaks_of: Callable[[str, str], bool] | None = None) -> None:
        self.scope = scope
        self.chunk_of = chunk_of
        self.multi = documents > 1
        # The proposal a description by topic names ("制造业那份"), when the index has any.
        self.describe = describe
        # Whether a document speaks of what a question asks about (doc id, question): a new
        # question keeps the conversation's document only then ("新建排涝泵站多少座？" after a
        # question on a report that builds none is asked of every document).
        self.speaks_of = speaks_of

    def resolve(self, question: str, history: Sequence[Turn] = ()) -> Resolution:
        question = question.strip()
        if not history:
            return Resolution(question, "standalone", basis=question)
        rule, own = self.classify(question)
        if rule in ("refers", "standalone") and _expands_what_was_said(question, own,
                                                                       history[-1]):
            rule = "expand"  # "助餐机构那段原文呢？": the thing named is the one just answered
        previous: Resolution | None = None  # the turn before, resolved once (it recurses)
        if rule == "standalone" and _ASKS_AGAIN_RE[_language(question)].search(question):
            # "广西定的目标呢？" after "…今年粮食产量的目标定的是多少？": besides its scope it only
            # repeats words of the question before, so it asks that question again
            previous = self.resolve(history[-1].question, history[:-1])
            if own and _only_repeats(cut(question, own), previous.basis):
                rule = "rescope"
            elif (swapped_question := swapped(question, previous.basis,
                                                   self.scope.place_spans)) is not None:
                # "昆明长水机场呢？" after "重庆江北机场去年的旅客吞吐量有多少？": the same
                # question of another thing of the same kind (its place names the document)
                cited = self._first_chunk(history[-1].citations)
                named = figure_named_as(history[-1].answer, cited.text) if cited else ""
                return Resolution(swapped_question, "rescope", basis=swapped_question,
                                  named_as=named)
            elif (placed_question := placed(question, previous.basis)) is not None:
                # "那东湖高新区呢？" after "全市企业总量是多少？": the same question of a
                # local area of the document (and of the scope the follow-up names, if any)
                cited = self._first_chunk(history[-1].citations)
                was = self._scope_of(previous, cited)
                moved = replace(previous, question=placed_question, basis=placed_question)
                return self._rescoped(moved, was, own) if own else Resolution(
                    placed_question, "refers", docs=was.docs if len(was.docs) == 1 else (),
                    basis=placed_question)
        # Over many documents, a question naming none is about the one the conversation is
        # about ("What about the unemployment rate?" after a question on Henan): people do
        # not repeat the province. Over one document nothing is inherited without a cue.
        in_context = rule == "standalone" and self.multi and not self._names_document(own,
                                                                                   question)
        if rule == "standalone" and not in_context:
            return Resolution(question, "standalone", basis=question)
        if previous is None:
            previous = self.resolve(history[-1].question, history[:-1])
        cited = self._first_chunk(history[-1].citations)
        if rule == "expand":
            if cited is None:  # nothing was cited: the earlier question is asked again
                return replace(previous, rule="expand", focus=None)
            if own and cited.doc_id not in self.scope.named_in(question):
                # the source asked for is another document's than the one just cited
                return Resolution(question, "standalone", basis=question)
            return Resolution(_expanded(previous.basis), "expand", docs=(cited.doc_id,),
                              passage=cited.id, basis=previous.basis)
        was = self._scope_of(previous, cited)
        if rule == "rescope":
            named = figure_named_as(history[-1].answer, cited.text) if cited else ""
            return replace(self._rescoped(previous, was, own), named_as=named)
        if in_context:
            resolved = self._in_context(question, was, previous)
            if resolved.rule != "context":  # asked of every document: nothing leaned on
                return resolved
        else:
            resolved = self._referred(question, previous, was)
        # What a pronoun points at was just said: the passage the previous answer cited. A
        # follow-up with no pronoun most often asks on about it too ("How many households
        # benefited?" after the old compounds renovated) — unless it moves in time ("今年的
        # 目标呢？" after last year's result: the target is written elsewhere).
        if cited is None or _moves_in_time(question, previous.basis):
            return resolved
        part_of = bool(_PART_OF_RE.search(question))
        return replace(resolved, rule="context" if in_context else "refers", focus=cited.id,
                       said=quoted_in(history[-1].answer, cited.text),
                       whole=figure_led_with(history[-1].answer, cited.text) if part_of else "")

    def classify(self, question: str) -> tuple[Rule, list[Mention]]:
        """The rule a question calls for (before looking at any earlier turn), with the
        scopes it names itself."""
        words = _words()
        lang = _language(question)
        own = mentions(question, self.scope)
        if not any(m.kind == "proposal" for m in own):
            described = self._described(question, lang)
            # "the Wuhan New City one" names a proposal, not the place inside its words
            own = sorted([*(m for m in own if not any(d.start <= m.start < d.end
                                                      for d in described)), *described],
                         key=lambda m: m.start)
        expand = words["expand"][lang]
        # ("北京这条原文是怎么说的？": the place may be named, the document just cited)
        places = [m for m in own if m.kind == "place"]
        if expand.search(question) and _only_filler(expand.sub("", cut(question, places)),
                                                    words["expand_filler"]):
            return "expand", own
        if own:
            rest = cut(question, own)
            if _only_filler(rest, words["rescope_filler"]):
                return "rescope", own
            # "And what's its target for 2026?": a year places the question in time, it
            # chooses no document; the pronoun still points back
            if all(m.kind == "year" for m in own) and words["refers"][lang].search(question):
                return "refers", own
            return "standalone", own
        if words["refers"][lang].search(question):
            return "refers", own
        return "standalone", own

    def _described(self, question: str, lang: str) -> list[Mention]:
        """Proposals the question names by topic, as mentions of their numbers."""
        if self.describe is None:
            return []
        spans = [(m.start, m.end, m.text) for m in proposal_descriptions(question)]
        spans += [(m.start(), m.end(), m.group(0))
                  for m in _words()["described"][lang].finditer(question)]
        found: list[Mention] = []
        for start, end, text in spans:
            number = self.describe(text)
            if number is not None and not any(m.start < end and start < m.end for m in found):
                found.append(Mention("proposal", str(number), start, end, text))
        return found

    def _first_chunk(self, citations: Sequence[str]) -> Chunk | None:
        """The first cited chunk the index still holds (unknown ids are ignored)."""
        return next((c for c in map(self.chunk_of, citations) if c is not None), None)

    def _scope_of(self, resolved: Resolution, cited: Chunk | None) -> TurnScope:
        """Documents and proposal the question names, else those of its answer's citation."""
        docs = self.scope.named_in(resolved.basis) or resolved.docs
        if not docs and cited is not None and self.multi:
            docs = (cited.doc_id,)
        named = {n for _, _, n in proposal_ref_spans(resolved.basis)}
        proposal = next(iter(named)) if len(named) == 1 else None
        if proposal is None and not named and cited is not None and cited.proposal:
            proposal = cited.proposal
        return TurnScope(tuple(docs), proposal)

    def _rescoped(self, previous: Resolution, was: TurnScope, own: list[Mention]) -> Resolution:
        """The previous question with each kind of scope the follow-up names replaced."""
        text = previous.basis
        lang = _language(text)
        for kind in dict.fromkeys(m.kind for m in own):
            new = next(m for m in own if m.kind == kind)
            old = [m for m in mentions(text, self.scope) if m.kind == kind]
            if kind == "proposal" and not old:  # "the proposal on …", "养老那份建议案"
                old = proposal_descriptions(text)
            written = phrase(new, lang, self.scope)
            text = replace_mentions(text, old, written) if old else add_scope(text, written, lang)
        names_doc = any(m.kind == "place" for m in own)
        docs = () if names_doc or self.scope.named_in(text) else was.docs
        if self.multi and len(docs) == 1:  # standalone means it names its document too
            place = phrase(Mention("place", docs[0], 0, 0, ""), lang, self.scope)
            text = add_scope(text, place, lang) if place else text
        return Resolution(text, "rescope", docs=docs, basis=text)

    def _names_document(self, own: list[Mention], question: str) -> bool:
        """Whether the question chooses its documents itself: names one, or asks across
        them."""
        return any(m.kind == "place" for m in own) or bool(self.scope.named_in(question)) \
            or bool(_words()["across"][_language(question)].search(question))

    def _in_context(self, question: str, was: TurnScope, previous: Resolution) -> Resolution:
        """A new question of the conversation's document: that document written into it (a
        new topic, so no passage is lifted), else the question as asked. One that names no
        thing ("去年实际完成了多少？") asks about the thing asked before."""
        if len(was.docs) != 1 or (self.speaks_of is not None
                                  and not self.speaks_of(was.docs[0], question)):
            return Resolution(question, "standalone", basis=question)
        lang = _language(question)
        place = phrase(Mention("place", was.docs[0], 0, 0, ""), lang, self.scope)
        if not place:
            return Resolution(question, "standalone", basis=question)
        topic = topic_of(previous.basis, _language(previous.basis),
                         mentions(previous.basis, self.scope))
        text = insert_scope(with_topic(question, topic, lang), place, lang)
        return Resolution(text, "context", docs=was.docs, basis=text)

    def _referred(self, question: str, previous: Resolution, was: TurnScope) -> Resolution:
        """The follow-up with the previous turn's scope written into it."""
        lang = _language(question)
        parts = []
        if self.multi and len(was.docs) == 1:
            doc = Mention("place", was.docs[0], 0, 0, "")
            parts.append(phrase(doc, lang, self.scope))
        if was.proposal:
            parts.append(phrase(Mention("proposal", str(was.proposal), 0, 0, ""), lang,
                                self.scope))
        narrowed_question = narrowed(question, previous.basis, lang) \
            or placed(question, previous.basis) or retimed(question, previous.basis, lang)
        if narrowed_question is not None:
            text = narrowed_question  # the question before, of a part of its thing or place
        else:
            text = with_topic(with_frame(question, previous.basis, lang),
                              topic_of(previous.basis, _language(previous.basis),
                                       mentions(previous.basis, self.scope)), lang)
        written = ("" if lang == "zh" else " ").join(p for p in parts if p)
        if written and not (narrowed_question is not None and (
                self.scope.named_in(narrowed_question) or proposal_ref_spans(narrowed_question))):
            text = insert_scope(text, written, lang)
        if text == question:
            return Resolution(question, "standalone", basis=question)
        return Resolution(text, "refers", docs=was.docs if len(was.docs) == 1 else (),
                          basis=text)


# The shape of a question asked again of something else: "…呢？", "And …?", "What about …?".
_ASKS_AGAIN_RE = {"zh": re.compile(r"呢[？?]?$"),
                  "en": re.compile(r"^\W*(?:and|what about|how about)\b", re.IGNORECASE)}


def _only_repeats(rest: str, before: str) -> bool:
    """Whether what a question holds besides its scope is only filler and words of the
    question before (every Chinese character, every English word)."""
    filler = _words()["rescope_filler"]
    words = [w for w in _EN_WORD_RE.findall(rest) if w.lower() not in filler.words_en]
    characters = re.findall(r"[\u4e00-\u9fff]",
                            filler.characters_zh.sub("", filler.words_zh.sub("", rest)))
    if not words and not characters:
        return False
    known = {w.lower() for w in _EN_WORD_RE.findall(before)}
    return all(c in before for c in characters) and all(
        w.lower() in known or w.lower().rstrip("s") in known for w in words)


# Words that ask for something besides the text: a figure, a time, a person.
_ASKS_RE = {"zh": re.compile(r"多少|几(?![段句条部处章节])|谁|何时|什么时候|哪一?年|哪天|"
                             r"为什么|是否"),
            "en": re.compile(r"\b(?:how (?:many|much|long|big|fast)|when|who|whom|why|whether)\b",
                             re.IGNORECASE)}


def _expands_what_was_said(question: str, own: list[Mention], before: Turn) -> bool:
    """Whether a question asks to see the text of the answer before, naming what it was
    about: the words of an expand request, and besides them and its filler only words of
    the question or answer before, asking nothing of its own ("助餐机构那段原文呢？" after
    "建了多少个老年助餐机构？", "Where does the report talk about the meal sites?")."""
    words = _words()
    lang = _language(question)
    expand = words["expand"][lang]
    if own or not expand.search(question) or _ASKS_RE[lang].search(question):
        return False
    filler: Filler = words["expand_filler"]
    rest = expand.sub(" ", question)
    said = f"{before.question} {before.answer}"
    known = {w.lower().rstrip("s") for w in _EN_WORD_RE.findall(said)}
    left = [w for w in _EN_WORD_RE.findall(rest)
            if w.lower() not in filler.words_en and w.lower().rstrip("s") not in known]
    characters = re.findall(r"[\u4e00-\u9fff]",
                            filler.characters_zh.sub("", filler.words_zh.sub("", rest)))
    return not left and all(c in said for c in characters)


# A part of what was just said ("其中治沙的有多少？", "How many of them …?"): the same time.
_PART_OF_RE = re.compile(r"其中|\b(?:of (?:which|them|these|those)|among (?:them|these|those))\b",
                         re.IGNORECASE)


def _moves_in_time(question: str, previous: str) -> bool:
    """Whether one asks for a plan and the other for what was done (a part of what was
    just said stays in its time, whatever its words: "其中…有多少" after a target)."""
    if _PART_OF_RE.search(question):
        return False
    now = question_tense(question, _language(question))
    before = question_tense(previous, _language(previous))
    return bool(now and before and now != before)


def _expanded(question: str) -> str:
    if _language(question) == "zh":
        return f"「{question}」的出处原文"
    return f'The full passage for "{question}"'
