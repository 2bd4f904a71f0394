"""What a question is about, as words that can stand in for a pronoun of a later question.

"北京去年PM2.5年均浓度降到多少了？" is about "PM2.5年均浓度"; "How many inbound tourists did
Hainan receive in 2025?" about "inbound tourists". A follow-up that points back at that
thing with a pronoun ("这个数比上一年降了百分之几？", "By how much did that grow?") is
asked again with the thing written in (`with_topic`, called by qa/followup.py): the words
then reach the search and the answer's choice of clause, which a pronoun cannot.

The topic is what is left of the question once its question words, its scope (place,
proposal), its time and its closing verb are gone; these are shapes of questions, not words
of any document.
"""

from __future__ import annotations

import re
from functools import cache

from .data import load_table
from .mentions import Mention
from .query import expand_contractions, language_of

# Times a question places itself in; the follow-up keeps its own time, not the old one.
_ZH_TIME_RE = re.compile(
    r"(?:19|20)\d{2}年(?:全年|底|末|初)?|去年|今年|明年|前年|上一?年|本年|全年|年底|"
    r"“?十[三四五]五”?(?:时期|期间|以来|末)?|(?:这|过去|近)(?:五|几)年(?:来)?|五年来|近年来?|"
    r"目前|现在|当前|如今")
# The question's tail: its question word and anything after it ("多少了？", "是谁？").
_ZH_TAIL_RE = re.compile(r"(?:多少|第?几|哪|什么|谁|何|怎么|怎样|如何|是否)[^，,。；;]*$")
# … unless the thing counted follows the question word: "建了多少个老年助餐机构？".
_ZH_OBJECT_RE = re.compile(r"(?:多少|几)(?:[个家项条所次户座台张人名批辆款件部套处宗栋间位]|"
                           r"[万亿]?(?:亩|吨|公里|千瓦|元|平方米|立方米))?"
                           r"(?P<object>[\u4e00-\u9fffA-Za-z0-9.]{2,12})[？?]?$")
# Words that lead a question in or close the thing asked about before its question word.
_ZH_LEAD_RE = re.compile(r"^(?:那么?|还有|另外|关于|请问|你知道)+[，,]?")
# Adverbs of manner and degree that stand before a verb and name no thing ("去年实际收了多少？":
# what was harvested is the thing of the question before).
_ZH_ADVERB_RE = re.compile(r"^(?:实际上?|真正|具体|到底|究竟|大概|大约|大致|总共|一共|共|总计|"
                           r"累计|全年|又|还|再|已经|已|都|最终|最后|"
                           # … and intent ("今年打算装多少？": the verb alone is left)
                           r"打算|计划|准备|预计|拟|要)+")
# A direction left at the start once the place it led to is cut ("到旅居的人").
_ZH_DIRECTION_RE = re.compile(r"^(?:到|去|来)(?=[\u4e00-\u9fff]{2})")
_ZH_CLOSING_RE = re.compile(
    r"(?:降到|降至|降了|升到|升至|提到|提升到|提升至|涨到|涨了|增长到|增加到|增至|增长了|增长|"
    r"达到|达|提高到|提高了|突破|超过|"
    r"完成了?|实现了?|定的|定了|定为|定在|定到|设为|设在|打算|计划|要|预计|约|共|一共|总共|能|可以|"
    r"是|为|有|了|的|在|给|把|将)+$")

_EN_QUESTION_RE = re.compile(
    r"^(?:and |so |then )?(?:"
    r"how (?:many|much)(?: more)?|"
    r"how (?:big|large|fast|high|long|far) (?:is|was|are|were|did|does|do)|"
    r"what (?:is|was|are|were)(?: the)?|what|which)\s+(?P<rest>.+)$", re.IGNORECASE)
# Where the noun phrase of the topic ends: an auxiliary (the clause's verb follows it).
_EN_END_RE = re.compile(r"\s+(?:did|does|do|has|have|had|will|would|is|was|were|are|can|"
                        r"could|should)\b.*$", re.IGNORECASE)
# … and what may hang after it once the scope and time are cut ("network now", "jobs in").
_EN_TRAILING_RE = re.compile(r"(?:\s+(?:in|at|for|by|on|of|during|now|so far|currently|today|"
                             r"at present|last|this|next|"
                             # the verb a "how big did … get" closes on
                             r"get|got|become|became|grow|grew|reach|reached|stand|stood))+\s*$",
                             re.IGNORECASE)
# "How much did X reach?": the auxiliary after the question word opens the topic, the verb
# closes it.
_EN_LEADING_AUX_RE = re.compile(r"^(?:did|does|do|has|have|had|will|would|is|was|were|are|"
                                r"can|could|should)\s+", re.IGNORECASE)
# Where the question says what it is according to ("…, according to the report on the
# manufacturing proposal"): the source, not the thing.
_EN_SOURCE_RE = re.compile(r",?\s+(?:according to|as (?:stated|reported|given) in|"
                           r"(?:as )?(?:per|in) the (?:report|bulletin)\b)[^?]*$",
                           re.IGNORECASE)
_EN_TIME_RE = re.compile(r"\b(?:in |for |by |during )?(?:(?:19|20)\d{2}|last year|this year|"
                         r"next year|the past (?:five|5) years)\b", re.IGNORECASE)
_EN_POSSESSIVE_RE = re.compile(r"\b[A-Z][\w-]*(?: [A-Z][\w-]*)*['’]s\s+")
_EN_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# A target or goal that names no thing of its own ("its target for 2026", not "its target
# for new jobs").
_EN_BARE_TARGET_RE = re.compile(r"\b(?:target|goal)s?\b(?!\s+(?:for|of)\s+(?!(?:19|20)\d\d)"
                                r"(?!this\b|next\b|the year\b)[a-z])", re.IGNORECASE)
# Words that may stand before a target that names no thing ("its target", "the target",
# "this year's target", "what growth target"): determiners, question words, and aspects.
_EN_NO_THING_BEFORE = frozenset({"the", "its", "their", "a", "an", "that", "this", "year's",
                                 "year’s", "annual", "main", "overall", "what's", "what",
                                 "which", "is", "was", "are", "and", "about", "growth",
                                 "increase"})
_MIN_ZH = 2  # characters: "产量" is a topic, "的" is not
_MAX_ZH = 12  # longer, it holds a clause of its own, not a thing
_MAX_EN_WORDS = 6


def topic_of(question: str, lang: str, scope_mentions: list[Mention]) -> str:
    """The thing question asks about, without scope, time or question words ("" when
    nothing of the kind is left, e.g. "那2号建议案呢？")."""
    text = _without(question, scope_mentions)
    return _zh_topic(text) if lang == "zh" else _en_topic(text)


def _without(text: str, spans: list[Mention]) -> str:
    for mention in sorted(spans, key=lambda m: m.start, reverse=True):
        text = text[:mention.start] + text[mention.end:]
    return text


def _zh_topic(text: str) -> str:
    text = _zh_words_asked_about(text)
    if not _MIN_ZH <= len(text) <= _MAX_ZH or re.search(r"[那这它呢]", text):
        return ""
    return text


def _zh_words_asked_about(text: str) -> str:
    """What is left of a Chinese question once its scope, question words, time and closing
    verb are gone ("" for "去年完成了多少？")."""
    text = re.sub(r"^关于[^，,]*[，,]", "", text.strip())  # an earlier resolution's scope
    counted = _ZH_OBJECT_RE.search(text)
    if counted:
        text = counted.group("object")
    text = _ZH_TAIL_RE.sub("", text.rstrip("？?。！! "))
    text = _ZH_TIME_RE.sub("", _ZH_LEAD_RE.sub("", text))
    text = _ZH_DIRECTION_RE.sub("", text.strip())  # "到云南旅居的人" with its place cut
    text = _ZH_CLOSING_RE.sub("", _ZH_ADVERB_RE.sub("", text)).strip("，,、 的")
    # A clause before a comma sets the scene ("封关后，进口零关税商品的税目比例"): the thing
    # asked about is in the last one.
    return re.split(r"[，,]", text)[-1].strip()


def _en_topic(text: str) -> str:
    text = _EN_SOURCE_RE.sub("", expand_contractions(text.strip().rstrip("?.! ")))
    match = _EN_QUESTION_RE.match(_EN_TIME_RE.sub("", text).strip())
    if match is None:
        return ""
    rest = _EN_LEADING_AUX_RE.sub("", match.group("rest").strip())
    rest = _EN_POSSESSIVE_RE.sub("", rest)  # "Guangxi's foreign trade"
    rest = _EN_POSSESSIVE_RE.sub("", _EN_END_RE.sub("", rest))
    rest = _EN_ARTICLE_RE.sub("", _EN_TRAILING_RE.sub("", rest).strip(" ,"))
    words = rest.split()
    if not words or len(words) > _MAX_EN_WORDS or re.search(
            r"\b(?:it|its|that|this|they|them|their|those|these)\b", rest, re.IGNORECASE):
        return ""
    return rest


def with_topic(question: str, topic: str, lang: str) -> str:
    """The pronoun that stands for the previous question's thing replaced by its words
    ("这个数比上一年降了百分之几？" → "PM2.5年均浓度比上一年降了百分之几？")."""
    if not topic or topic.lower() in question.lower() or language_of(topic) != lang:
        return question
    if lang == "zh":  # "这个产量" after a question on "原煤产量": the demonstrative's noun
        for match in re.finditer(r"[这那](?:个|一|项|些)?", question):  # ("这些机构": the things)
            for size in range(min(4, len(topic)), 1, -1):
                noun = question[match.end():match.end() + size]
                if len(noun) == size and topic.endswith(noun):
                    return question[:match.start()] + topic + question[match.end() + size:]
    if lang == "en":  # "that capacity" after a question on "new energy capacity"
        for match in re.finditer(r"\b(?:that|this|those|these) ([a-z][\w-]*)\b", question, re.I):
            if topic.lower().split()[-1] == match.group(1).lower():
                return question[:match.start()] + topic + question[match.end():]
    if lang == "en":  # "And what output is it aiming for?" after a question on "total grain
        # output": the thing's last word, after no word of its own, names the whole thing
        words = topic.split()
        head = re.search(rf"\b(?:what|which|the|its|their|this|that) ({re.escape(words[-1])})\b",
                         question, re.IGNORECASE) if len(words) > 1 else None
        if head:
            return question[:head.start(1)] + topic + question[head.end(1):]
    for pattern in _pronouns()[lang]:
        pronoun = pattern.search(question)
        if pronoun:
            start, end = pronoun.span("pronoun")
            # (an English pronoun of no words stands between two words: "How many did …")
            written = f" {topic}" if lang == "en" and start == end else topic
            return question[:start] + written + question[end:]
    if lang == "en":  # "And what's its target for 2026?": a target of nothing named
        aim = _EN_BARE_TARGET_RE.search(question)
        before = question[:aim.start()].split() if aim else []
        # ("the grain output target" names its thing before the word)
        if aim and (not before or before[-1].lower() in _EN_NO_THING_BEFORE):
            thing = re.sub(r"^(?:target|goal|aim)s? (?:for|of) ", "", topic, flags=re.I)
            return f"{question[:aim.end()]} for {thing}{question[aim.end():]}"
    if lang == "zh":
        return _zh_thing_written_in(question, topic)
    return question


def _zh_thing_written_in(question: str, topic: str) -> str:
    """A follow-up that names no thing, or only an aspect of one, asks about the thing
    asked before: "今年的目标是多少？" after a question on 粮食产量 → "今年的粮食产量目标是
    多少？"; "去年完成了多少？" → "去年粮食产量完成了多少？"."""
    # ("它今年的目标": the pronoun stands for the place or body, the aspect is what is asked)
    # ("这个目标": a demonstrative before the aspect points at the thing asked before)
    own = re.sub(r"^(?:它们?|其|该省|该市|该区|[这那](?:个|项|一)?)的?", "",
                 _zh_words_asked_about(question))
    aspects = _aspects()
    thing = topic
    for aspect in sorted(aspects, key=len, reverse=True):  # "城镇新增就业目标": its thing
        if thing.endswith(aspect) and len(thing) > len(aspect):
            # ("城镇新增就业定的目标": the verb that set the aspect goes with it)
            thing = _ZH_CLOSING_RE.sub("", thing[:-len(aspect)]).rstrip("的") or topic
            break
    head = _thing_head_named(own, thing, aspects)
    if head:  # "那今年的产量目标定在多少？" after a question on 原煤产量: the thing's last
        # words, with nothing of their own before them, name the whole thing
        at = question.find(own)
        return question[:at] + thing + question[at + len(head):]
    if own in aspects:
        at = question.find(own)
        pointer = _ZH_POINTER_RE.search(question[:at])  # "这个目标" → "棉花总产量目标"
        before = question[:pointer.start()] if pointer else question[:at]
        return before + thing + question[at:]
    if len(_frames().sub("", own)) < _MIN_ZH and _ZH_HOW_MUCH_RE.search(question):  # no
        # thing, a bare verb ("收") or only what the figure is measured against ("比上年多",
        # "占全国"), of a figure: after the words that lead in and set the time, before the
        # verb ("有哪些措施？" names its thing after the question word)
        lead = _ZH_LEADING_RE.match(question)
        at = lead.end() if lead else 0
        return question[:at] + thing + question[at:]
    return question


def _thing_head_named(own: str, thing: str, aspects: frozenset[str]) -> str:
    """The last words of thing that own is made of, alone or before an aspect ("产量" of
    "产量目标" when the thing is 原煤产量); "" when own names more, or all, of the thing."""
    for aspect in ("", *aspects):
        if aspect and not own.endswith(aspect):
            continue
        head = own[:len(own) - len(aspect)]
        if _MIN_ZH <= len(head) < len(thing) and thing.endswith(head):
            return head
    return ""


_ZH_HOW_MUCH_RE = re.compile(r"多少|几|多大|多高|多快|多长")
# A demonstrative right before an aspect, which the thing's words replace.
_ZH_POINTER_RE = re.compile(r"[这那](?:个|项|一)?的?$")
# The words a Chinese follow-up may open with before what it asks: "那", "那么去年", "今年".
_ZH_LEADING_RE = re.compile(rf"(?:(?:那么?|还有|另外)[，,]?)?(?:{_ZH_TIME_RE.pattern})*")


@cache
def _aspects() -> frozenset[str]:
    """Aspects of a thing that name no thing themselves (`aspects_zh` of the [topic] table
    of qa/data/followup.toml)."""
    return frozenset(load_table("followup.toml")["topic"]["aspects_zh"])


@cache
def _frames() -> re.Pattern[str]:
    """What a figure is measured against ("比上年", "占全国"): `frames_zh` of the [topic]
    table of qa/data/followup.toml."""
    frames = load_table("followup.toml")["topic"]["frames_zh"]
    return re.compile("|".join(f"(?:{frame})" for frame in frames))


@cache
def _pronouns() -> dict[str, list[re.Pattern[str]]]:
    """The pronouns that stand for the thing asked about (`[topic]` of
    qa/data/followup.toml), each with its group `pronoun`."""
    table = load_table("followup.toml")["topic"]
    return {"zh": [re.compile(p) for p in table["zh"]],
            "en": [re.compile(p, re.IGNORECASE) for p in table["en"]]}
