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
from .figure_links import paired_words
from .mentions import Mention, mentions, phrase, proposal_descriptions
from .query import language_of, proposal_ref_spans
from .quoted import figure_named_as, quoted_in
from .scope import DocumentScope
from .tense import question_tense
from .topic import topic_of, with_topic
from .types import Chunk

Rule = Literal["standalone", "context", "refers", "rescope", "expand", "llm"]
_EN_WORD_RE = re.compile(r"[A-Za-z]+")
# (a change's verb goes with it: "涨了多少" asks how much it grew, not how much it is)
_ZH_TAIL_RE = re.compile(r"(?:是|为|有|达到?|共|(?:同比)?(?:涨|增长|增加|下降|降低|降|提高|提升|"
                         r"减少|上涨|增)了?)?(?:多少|几|哪|什么|谁|何|怎么|如何)[^，,。；;]*$")
_ZH_LEAD_RE = re.compile(r"^(?:那么?(?![个些项份里样件])|还有|另外|所以)[，,]?")
# The question word of a borrowed frame and its measure word, before the thing counted
# ("建了多少个老年助餐机构": a new topic borrows "是多少", not the old object).
_ZH_ASKED_RE = re.compile(r"(?:是|为|有|达到?|共)?(?:多少|几)"
                          r"[个家项条所次户座台张人名批辆款件部套处宗栋间位]?")
_DEMONSTRATIVE_RE = re.compile(r"[那这](?:个|些|项|份|里|样|件)?")


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
        "expand_filler": (re.compile(table["expand"]["filler_zh"]),
                          frozenset(table["expand"]["filler_en"])),
        "rescope_filler": (re.compile(table["rescope"]["filler_zh"]),
                           frozenset(table["rescope"]["filler_en"])),
        "pairs_en": [list(pair) for pair in table["parts"]["pairs_en"]],
    }


def _only_filler(text: str, filler: tuple[re.Pattern[str], frozenset[str]]) -> bool:
    """Nothing is left of text but filler characters, filler words and punctuation."""
    zh, en = filler
    rest = zh.sub("", _EN_WORD_RE.sub(lambda m: "" if m.group(0).lower() in en else m.group(0),
                                      text))
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
        previous: Resolution | None = None  # the turn before, resolved once (it recurses)
        if rule == "standalone" and _ASKS_AGAIN_RE[_language(question)].search(question):
            # "广西定的目标呢？" after "…今年粮食产量的目标定的是多少？": besides its scope it only
            # repeats words of the question before, so it asks that question again
            previous = self.resolve(history[-1].question, history[:-1])
            if own and _only_repeats(_cut(question, own), previous.basis):
                rule = "rescope"
            elif (swapped := self._swapped(question, previous.basis)) is not None:
                # "昆明长水机场呢？" after "重庆江北机场去年的旅客吞吐量有多少？": the same
                # question of another thing of the same kind (its place names the document)
                cited = self._first_chunk(history[-1].citations)
                named = figure_named_as(history[-1].answer, cited.text) if cited else ""
                return Resolution(swapped, "rescope", basis=swapped, named_as=named)
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
        return replace(resolved, rule="context" if in_context else "refers", focus=cited.id,
                       said=quoted_in(history[-1].answer, cited.text))

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
        if expand.search(question) and _only_filler(expand.sub("", question),
                                                    words["expand_filler"]):
            return "expand", own
        if own:
            rest = _cut(question, own)
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
            text = _replace(text, old, written) if old else _add_scope(text, written, lang)
        names_doc = any(m.kind == "place" for m in own)
        docs = () if names_doc or self.scope.named_in(text) else was.docs
        if self.multi and len(docs) == 1:  # standalone means it names its document too
            place = phrase(Mention("place", docs[0], 0, 0, ""), lang, self.scope)
            text = _add_scope(text, place, lang) if place else text
        return Resolution(text, "rescope", docs=docs, basis=text)

    def _swapped(self, question: str, previous: str) -> str | None:
        """The previous question with the thing of the same kind as the one the follow-up
        names ("昆明长水机场" for "重庆江北机场", "Kunming Changshui Airport" for "Chongqing
        Jiangbei Airport") put in its place; None when it names no such thing."""
        lang = _language(question)
        if lang != _language(previous):
            return None
        if lang == "en":
            asked = _EN_THING_ASKED_RE.match(question)
            if asked is None:
                return None
            thing, head = asked.group("thing"), asked.group("head")
            old = re.search(rf"\b(?:[A-Z][\w'’-]*\s+){{1,5}}{re.escape(head)}\b", previous)
            if old is None or old.group().lower() == thing.lower():
                return None
            return previous[:old.start()] + thing + previous[old.end():]
        asked = _ZH_THING_ASKED_RE.match(question)
        if asked is None:
            return None
        thing = asked.group("thing")
        head = thing[-2:]
        at = previous.find(head)
        if at < 0 or thing in previous:
            return None
        # the old thing begins at a place named just before its head ("重庆" of 重庆江北机场),
        # else as many characters before it as the new thing has
        places = [start for start, _ in self.scope.place_spans(previous)
                  if at - 8 <= start < at]
        start = places[-1] if places else max(0, at - (len(thing) - 2))
        if not re.fullmatch(r"[\u4e00-\u9fff]+", previous[start:at + 2]):
            return None
        return previous[:start] + thing + previous[at + 2:]

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
        text = _insert_scope(with_topic(question, topic, lang), place, lang)
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
        narrowed = _narrowed(question, previous.basis, lang)
        if narrowed is not None:
            text = narrowed  # the question before, of a part of its thing
        else:
            text = with_topic(_with_frame(question, previous.basis, lang),
                              topic_of(previous.basis, _language(previous.basis),
                                       mentions(previous.basis, self.scope)), lang)
        written = ("" if lang == "zh" else " ").join(p for p in parts if p)
        if written and not (narrowed is not None and (self.scope.named_in(narrowed) or
                                                      proposal_ref_spans(narrowed))):
            text = _insert_scope(text, written, lang)
        if text == question:
            return Resolution(question, "standalone", basis=question)
        return Resolution(text, "refers", docs=was.docs if len(was.docs) == 1 else (),
                          basis=text)


# A follow-up naming another thing of the kind asked about before: "昆明长水机场呢？",
# "What about Kunming Changshui Airport?" (a name ending in the kind's word).
_ZH_THING_ASKED_RE = re.compile(r"^(?:那么?)?(?P<thing>[\u4e00-\u9fff]{4,12}?)的?呢[？?]?$")
_EN_THING_ASKED_RE = re.compile(
    r"^\W*(?i:and|what about|how about)\s+(?i:the\s+)?"
    r"(?P<thing>(?:[A-Z][\w'’-]*\s+){1,5}(?P<head>[A-Z][\w-]*))\s*\??\s*$")
# A follow-up naming only a part of the thing asked before: "农村的呢？", "其中出口呢？",
# "And for rural residents?", "What about exports?".
_ZH_PART_ASKED_RE = re.compile(r"^(?:那么?|其中)?(?P<part>[\u4e00-\u9fff]{2,4}?)的?呢[？?]?$")
_EN_PART_ASKED_RE = re.compile(r"^\W*(?:and|what about|how about)\s+(?:for\s+|in\s+|"
                               r"among\s+)?(?:the\s+)?(?P<part>[a-z][a-z -]{1,30}?)\s*\??\s*$",
                               re.IGNORECASE)


def _narrowed(question: str, previous: str, lang: str) -> str | None:
    """The question before asked of a part of its thing, when the follow-up names only that
    part and the question before names its counterpart or the whole (qa/data/
    paired_words.toml): "农村的呢？" after "江西今年城镇居民收入计划增长多少？" asks "江西今年
    农村居民收入计划增长多少？"; "And for rural residents?" after "…urban residents' income…"
    asks it of rural residents. None when the follow-up is no such part."""
    match = (_ZH_PART_ASKED_RE if lang == "zh" else _EN_PART_ASKED_RE).match(question)
    if match is None or _language(previous) != lang:
        return None
    part = match.group("part").strip()
    for whole, parts in _pairs(lang):
        word = next((p for p in parts if part.lower().startswith(p.lower())), None)
        if word is None:
            continue
        for other in [whole, *parts]:
            if not other or other == word:
                continue
            at = previous.lower().find(other.lower()) if lang == "en" else previous.find(other)
            if at >= 0:
                return previous[:at] + word + previous[at + len(other):]
        if lang == "en":  # the whole asked before, unnamed: asked of the part
            return f"{previous.rstrip(' ?')} for {part}?"
    return None


def _pairs(lang: str) -> list[tuple[str, list[str]]]:
    """(whole, its parts) of the paired-word tables: Chinese joined words ("城乡" = 城镇,
    农村), English pairs with no joined word of their own ("" = urban, rural)."""
    if lang == "zh":
        return list(paired_words().items())
    return [("", pair) for pair in _words()["pairs_en"]]


# The shape of a question asked again of something else: "…呢？", "And …?", "What about …?".
_ASKS_AGAIN_RE = {"zh": re.compile(r"呢[？?]?$"),
                  "en": re.compile(r"^\W*(?:and|what about|how about)\b", re.IGNORECASE)}


def _only_repeats(rest: str, before: str) -> bool:
    """Whether what a question holds besides its scope is only filler and words of the
    question before (every Chinese character, every English word)."""
    zh, en = _words()["rescope_filler"]
    words = [w for w in _EN_WORD_RE.findall(rest) if w.lower() not in en]
    characters = re.findall(r"[\u4e00-\u9fff]", zh.sub("", rest))
    if not words and not characters:
        return False
    known = {w.lower() for w in _EN_WORD_RE.findall(before)}
    return all(c in before for c in characters) and all(
        w.lower() in known or w.lower().rstrip("s") in known for w in words)


def _cut(text: str, spans: list[Mention]) -> str:
    for mention in sorted(spans, key=lambda m: m.start, reverse=True):
        text = text[:mention.start] + " " + text[mention.end:]
    return text


def _replace(text: str, old: list[Mention], written: str) -> str:
    """The first old mention becomes written; any further ones of that kind go."""
    for mention in sorted(old, key=lambda m: m.start, reverse=True):
        new = written if mention is old[0] else ""
        if mention.text.endswith(("'s", "’s")):
            new += "'s" if new else ""
        if mention.text.startswith(("in ", "for ", "of ")):
            new = mention.text.split(" ", 1)[0] + " " + new if new else ""
        text = text[:mention.start] + new + text[mention.end:]
    return re.sub(r"  +", " ", text)


def _add_scope(text: str, written: str, lang: str) -> str:
    """Writes a scope into a question that names none of its kind."""
    if lang == "zh":
        return written + text
    stem, mark = (text[:-1], text[-1]) if text[-1:] in "?？." else (text, "?")
    return f"{stem.rstrip()} in {written}{mark}"


def _insert_scope(text: str, written: str, lang: str) -> str:
    """Writes the inherited scope where the follow-up points back to it."""
    if lang == "zh":
        if "其中" in text:
            return text.replace("其中", f"{written}中", 1)
        for pronoun in ("它们的", "它的", "他们的", "该省的", "该市的", "其"):
            if pronoun in text:
                return text.replace(pronoun, f"{written}的", 1)
        return f"关于{written}，{_ZH_LEAD_RE.sub('', text)}"
    # ("on its own", "on their own" point back to nothing: "new energy on its own")
    possessive = re.search(r"\b(?<!on )(?:its|their)\b(?! own\b)", text, re.IGNORECASE)
    if possessive:
        return text[:possessive.start()] + f"{written}'s" + text[possessive.end():]
    return _add_scope(text, written, lang)


def _with_frame(question: str, previous: str, lang: str) -> str:
    """"那失业率呢？" after "北京GDP增长目标是多少？" asks "失业率是多少？": a bare topic
    with 呢 borrows the way the previous question asked; so does "And new energy on its
    own?" after "What share of … comes from clean energy?" ("What share of new energy on
    its own?": the kind of figure asked, and the new thing's words)."""
    if lang == "en":
        return _with_en_frame(question, previous)
    if not re.search(r"呢[？?]?$", question):
        return question
    topic = _ZH_LEAD_RE.sub("", re.sub(r"的?呢[？?]?$", "", question))
    tail = _ZH_TAIL_RE.search(previous.rstrip("？?"))
    if not topic or tail is None or _DEMONSTRATIVE_RE.fullmatch(topic) \
            or _DEMONSTRATIVE_RE.fullmatch(re.sub(r"的?呢[？?]?$", "", question)):
        return question  # "那个呢？" names no topic
    frame = tail.group(0)
    asked = _ZH_ASKED_RE.match(frame)
    if asked and asked.end() < len(frame):  # the old question's object follows its 多少
        frame = "是多少"
    return f"{topic}{frame}？"


# An English follow-up that is a bare noun phrase after "and", "what about", "how about"
# ("And for rural residents?", "And new energy on its own?").
_EN_BARE_RE = re.compile(r"^\s*(?:and|what about|how about)\s+(?P<rest>[^?]+?)\s*\??\s*$",
                         re.IGNORECASE)
# …which holds no question word or verb of its own ("And what was the target?" asks itself).
_EN_ASKS_ITSELF_RE = re.compile(r"\b(?:what|how|which|who|when|where|why|is|was|are|were|"
                                r"did|does|do|has|have|will|can)\b", re.IGNORECASE)
# The way a quantity question asks, when what it asks about follows at once: "What share
# of", "How many" (not "How much did … grow": the thing stands inside, the verb after it).
_EN_FRAME_RE = re.compile(r"^\s*(?:how (?:many|much)|what (?:share|percentage|proportion|"
                          r"portion|part) of)\b(?!\s+(?:did|does|do|has|have|had|was|were|"
                          r"is|are|will|would|can)\b)", re.IGNORECASE)


def _with_en_frame(question: str, previous: str) -> str:
    bare = _EN_BARE_RE.match(question)
    frame = _EN_FRAME_RE.match(previous)
    if bare is None or frame is None or _EN_ASKS_ITSELF_RE.search(bare.group("rest")) \
            or _EN_PART_RE.match(bare.group("rest")):
        return question  # ("And for rural residents?" narrows the same thing: left to the
        # passage just cited)
    return f"{frame.group(0)} {bare.group('rest')}?"


# A phrase that narrows the thing asked before rather than naming another ("for rural
# residents", "in the countryside").
_EN_PART_RE = re.compile(r"(?:for|in|among|of|at|on|by|from|with)\b", re.IGNORECASE)


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
