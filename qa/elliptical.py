"""What an elliptical follow-up borrows from the question before it.

"那失业率呢？" asks the way the question before asked ("是多少"); "农村的呢？" asks the
question before of a part of its thing ("城镇居民收入" → "农村居民收入"); "昆明长水机场呢？"
asks it of another thing of the same kind ("重庆江北机场" → "昆明长水机场"). These are shapes
of questions, not words of any document: qa/followup.py decides which rule a follow-up
calls for and writes the conversation's scope into what these give back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .data import load_table
from .figure_links import paired_words
from .query import language_of
from .topic import topic_of

# Words that lead a Chinese follow-up in ("那", "还有", "另外"), not part of what it asks.
ZH_LEAD_RE = re.compile(r"^(?:那么?(?![个些项份里样件])|还有|另外|所以)[，,]?")

# How the question before asked, from its question word to its end (a change's verb goes
# with it: "涨了多少" asks how much it grew, not how much it is).
_ZH_TAIL_RE = re.compile(r"(?:是|为|有|达到?|共|(?:同比)?(?:涨|增长|增加|下降|降低|降|提高|提升|"
                         r"减少|上涨|增)了?)?(?:多少|几|哪|什么|谁|何|怎么|如何)[^，,。；;]*$")
# The question word of a borrowed frame and its measure word, before the thing counted
# ("建了多少个老年助餐机构": a new topic borrows "是多少", not the old object).
_ZH_ASKED_RE = re.compile(r"(?:是|为|有|达到?|共)?(?:多少|几)"
                          r"[个家项条所次户座台张人名批辆款件部套处宗栋间位]?")
_DEMONSTRATIVE_RE = re.compile(r"[那这](?:个|些|项|份|里|样|件)?")

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


def narrowed(question: str, previous: str, lang: str) -> str | None:
    """The question before asked of a part of its thing, when the follow-up names only that
    part and the question before names its counterpart or the whole (qa/data/
    paired_words.toml): "农村的呢？" after "江西今年城镇居民收入计划增长多少？" asks "江西今年
    农村居民收入计划增长多少？"; "And for rural residents?" after "…urban residents' income…"
    asks it of rural residents. None when the follow-up is no such part."""
    match = (_ZH_PART_ASKED_RE if lang == "zh" else _EN_PART_ASKED_RE).match(question)
    if match is None or language_of(previous) != lang:
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
        # "其中农村的呢？" after "江西今年的居民收入增长目标是怎么定的？": the part stands
        # before the thing asked about ("农村居民收入增长目标")
        thing = topic_of(previous, lang, []).rsplit("的", 1)[-1]
        at = previous.find(thing) if len(thing) >= 2 else -1
        return previous[:at] + word + previous[at:] if at >= 0 else None
    return None


def _pairs(lang: str) -> list[tuple[str, list[str]]]:
    """(whole, its parts) of the paired-word tables: Chinese joined words ("城乡" = 城镇,
    农村), English pairs with no joined word of their own ("" = urban, rural)."""
    if lang == "zh":
        return list(paired_words().items())
    return [("", pair) for pair in _english_pairs()]



def with_frame(question: str, previous: str, lang: str) -> str:
    """"那失业率呢？" after "北京GDP增长目标是多少？" asks "失业率是多少？": a bare topic
    with 呢 borrows the way the previous question asked; so does "And new energy on its
    own?" after "What share of … comes from clean energy?" ("What share of new energy on
    its own?": the kind of figure asked, and the new thing's words)."""
    if lang == "en":
        return _with_en_frame(question, previous)
    if not re.search(r"呢[？?]?$", question):
        return question
    topic = ZH_LEAD_RE.sub("", re.sub(r"的?呢[？?]?$", "", question))
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



def swapped(question: str, previous: str,
            place_spans: Callable[[str], list[tuple[int, int]]]) -> str | None:
    """The previous question with the thing of the same kind as the one the follow-up
    names ("昆明长水机场" for "重庆江北机场", "Kunming Changshui Airport" for "Chongqing
    Jiangbei Airport") put in its place; None when it names no such thing. place_spans:
    where a question names places (qa/scope.py)."""
    lang = language_of(question)
    if lang != language_of(previous):
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
    places = [start for start, _ in place_spans(previous)
              if at - 8 <= start < at]
    start = places[-1] if places else max(0, at - (len(thing) - 2))
    if not re.fullmatch(r"[\u4e00-\u9fff]+", previous[start:at + 2]):
        return None
    return previous[:start] + thing + previous[at + 2:]


# A follow-up asking the question before of a local area — a district, a zone, a county of
# the document's own place: "那东湖高新区呢？", "What about for the East Lake High-tech Zone
# under proposal 1?" (its scope, if it names one, is the caller's to replace).
_ZH_AREA_ASKED_RE = re.compile(
    r"^(?:那么?|其中)?(?P<area>[\u4e00-\u9fff]{1,10}?(?:高新区|开发区|新区|新城|园区|自贸区|"
    r"示范区|区|县|旗|州|盟))(?:那边|这边|那里)?的?呢[？?]?$")
_EN_AREA_ASKED_RE = re.compile(
    r"^\W*(?i:and|what about|how about)\s+(?i:for\s+|in\s+)?(?i:the\s+)?"
    r"(?P<area>(?:[A-Z][\w'’-]*\s+){1,5}(?i:district|zone|county|new area|park|"
    r"prefecture|league|banner))\b")
# What the question before says of the whole place instead ("全市企业总量", "citywide").
_ZH_WHOLE_RE = re.compile(r"全(?:市|省|区|县)")
_EN_WHOLE_RE = re.compile(r"\s*\b(?:city-?wide|province-?wide|across the (?:city|province|"
                          r"region)|in the (?:whole|entire) (?:city|province|region))\b",
                          re.IGNORECASE)


def placed(question: str, previous: str) -> str | None:
    """The question before asked of the local area the follow-up names ("全市企业总量是
    多少？" → "东湖高新区企业总量是多少？"; "…enterprises now in proposal 2?" → "…enterprises
    now in the East Lake High-tech Zone in proposal 2?"); None when it names none, or the
    question before names it already."""
    lang = language_of(question)
    if lang != language_of(previous):
        return None
    if lang == "zh":
        asked = _ZH_AREA_ASKED_RE.match(question)
        if asked is None or asked.group("area") in previous:
            return None
        area = asked.group("area")
        whole = _ZH_WHOLE_RE.search(previous)
        if whole:
            return previous[:whole.start()] + area + previous[whole.end():]
        lead = re.match(r"^关于[^，,]*[，,]", previous)  # an earlier resolution's scope
        at = lead.end() if lead else 0
        return previous[:at] + area + previous[at:]
    asked = _EN_AREA_ASKED_RE.match(question)
    if asked is None or asked.group("area").lower() in previous.lower():
        return None
    body = _EN_WHOLE_RE.sub("", previous).rstrip(" ?")
    return f"{body} in the {asked.group('area')}?"


@cache
def _english_pairs() -> list[list[str]]:
    """`[parts] pairs_en` of qa/data/followup.toml."""
    return [list(pair) for pair in load_table("followup.toml")["parts"]["pairs_en"]]


# A follow-up naming only another stretch of time: "And over the whole 14th Five-Year Plan
# period?", "整个“十四五”时期呢？" (a year or "去年" is a scope of its own, qa/mentions.py).
_EN_PERIOD_ASKED_RE = re.compile(
    r"^\W*(?:and|what about|how about)\s+(?P<time>(?:over|during|for|across|throughout|in)\s+"
    r"(?:the\s+)?(?:whole\s+|entire\s+|past\s+|last\s+|previous\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:period|years|five[- ]year plan))\s*\??\s*$", re.IGNORECASE)
_ZH_PERIOD_ASKED_RE = re.compile(
    r"^(?:那么?)?(?P<time>(?:整个|全|过去)?“?十[三四五]五”?(?:时期|期间|以来)?|过去五年|这五年|五年来)"
    r"(?:的|里|内|间)?呢[？?]?$")
# The time the question before was asked of, which the new stretch replaces.
_EN_ASKED_TIME_RE = re.compile(r"\b(?:in|for|during|by) (?:(?:19|20)\d{2}|last year|this year)\b",
                               re.IGNORECASE)
_ZH_ASKED_TIME_RE = re.compile(r"(?:19|20)\d{2}年(?:全年)?|去年|今年|上一?年|全年")


# A follow-up naming only the year before the one asked: "And the year before?", "前一年呢？".
_EN_YEAR_BEFORE_RE = re.compile(
    r"^\W*(?:and|what about|how about)\s+(?:in\s+|for\s+)?(?:the\s+)?"
    r"(?:year\s+before|previous\s+year|prior\s+year|year\s+prior)\s*\??\s*$", re.IGNORECASE)
_ZH_YEAR_BEFORE_RE = re.compile(r"^(?:那么?)?(?:前一年|上一年|前一年度)(?:的|里)?呢[？?]?$")
# The year the question before named, by number or by where it stands to the report.
_EN_NAMED_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b|\blast year\b|\bthis year\b", re.IGNORECASE)
_ZH_NAMED_YEAR_RE = re.compile(r"(?:19|20)\d{2}(?=年)|去年|今年")
# A year named by where it stands to the report, and the year before it, in the same words.
_YEAR_BEFORE_WORDS = {"last year": "the year before last", "this year": "last year",
                      "去年": "前年", "今年": "去年"}


def year_before(question: str, previous: str, lang: str) -> str | None:
    """The question before asked of the year before the one it named ("And the year before?"
    after "What was Hebei's GDP in 2025?" → "What was Hebei's GDP in 2024?"; "前一年呢？"
    after "湖北去年粮食产量是多少？" → "湖北前年粮食产量是多少？"); None when the follow-up
    says more, or the question before named no year to step back from."""
    match = (_ZH_YEAR_BEFORE_RE if lang == "zh" else _EN_YEAR_BEFORE_RE).match(question)
    if match is None or language_of(previous) != lang:
        return None
    named = (_ZH_NAMED_YEAR_RE if lang == "zh" else _EN_NAMED_YEAR_RE).search(previous)
    if named is None:
        return None
    said = named.group()
    before = str(int(said) - 1) if said.isdigit() else _YEAR_BEFORE_WORDS[said.lower()]
    return previous[:named.start()] + before + previous[named.end():]


def retimed(question: str, previous: str, lang: str) -> str | None:
    """The question before asked of the stretch of time the follow-up names alone ("And over
    the whole 14th Five-Year Plan period?" after "How much raw coal did … produce in 2025?"
    → "How much raw coal did … produce over the whole 14th Five-Year Plan period?"), or of
    the year before the one it named (year_before); None when the follow-up names more
    than a time."""
    match = (_ZH_PERIOD_ASKED_RE if lang == "zh" else _EN_PERIOD_ASKED_RE).match(question)
    if match is None or language_of(previous) != lang:
        return year_before(question, previous, lang)
    time = match.group("time")
    before = (_ZH_ASKED_TIME_RE if lang == "zh" else _EN_ASKED_TIME_RE).search(previous)
    if before is not None:
        return previous[:before.start()] + time + previous[before.end():]
    if lang == "zh":
        return time + previous
    return f"{previous.rstrip(' ?')} {time}?"
