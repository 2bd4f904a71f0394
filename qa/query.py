"""What a question is: its language, whether it asks for a quantity, and which unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .asked_units import COUNT_UNITS, asked_units
from .figure_links import MEASURE_NOUNS
from .names import asked_years, without_names
from .numbers import numbers_in
from .numerals import ENGLISH_NUMBERS, ENGLISH_ORDINALS, ordinal_to_int
from .official_terms import indicators_asked
from .period import Period, question_period, relative_years
from .qualifiers import asked_qualifiers
from .tense import Tense, question_tense
from .text import CJK_RE

LATIN_WORD_RE = re.compile(r"[A-Za-z]+")

_ZH_QUANTITY_RE = re.compile(
    r"多少|(?<![哪第这近])几(?![十百千万亿])|多大|多高|多长|多远|多久|多重|多快|比例|比重|占比|百分比|增幅|增速|规模|总量|总额|"
    r"面积|金额|数量|率[是为达]?[？?]?$")
# A count of people is answered in people ("4.7万人次"), not in schools or sessions.
PEOPLE_UNITS = ("人", "名", "位", "人次")
# Nouns that name people: "多少专业观众" asks for a count of people, and "高龄津贴惠及130万老年人"
# gives one (a figure of no measure word, the people it counts right after it).
PEOPLE_NOUNS = ("观众|游客|人才|学生|员工|专家|老人|老年人|居民|人员|职工|教师|医生|志愿者|代表|"
                "委员|群众|村民|市民|旅客|乘客|患者|毕业生|农民工|儿童|青年|妇女|农民|人口")
# Classifiers that count anything, and groups that stand for one another.
GENERIC_CLASSIFIERS = "个"
CLASSIFIER_GROUPS = ("台部辆套架", "所家", "座栋处", "项件宗", "条段", "次场")
# How many there are in all, not how many were added ("一共有多少家", "in total").
_TOTAL_RE = re.compile(rf"一共|总共|总数|总量|总(?:{MEASURE_NOUNS})|累计|"
                       r"合计|总计|加起来|共(?:有|计)?(?:多少|几)|"
                       r"\bin total\b|\baltogether\b|\bin all\b|\ball told\b|\bcombined\b|"
                       r"\bcumulative(?:ly)?\b|\btotal (?:number|length|mileage|area|"
                       r"size|output|capacity)\b", re.I)
# The figure before a change ("由多少提高到…", "what was it before"), not the one after it.
_PREVIOUS_RE = re.compile(r"从多少|由多少|原来|原先|原本|此前|以前|之前|起初|最初|"
                          r"\bfrom (?:what|how)\b|\bprevious(?:ly)?\b|\boriginal(?:ly)?\b|"
                          r"\bused to\b|\binitially\b|\bat first\b|\bbefore (?:the|it|that)\b|"
                          r"\bwhat (?:was|were) .{0,60}\bbefore\b(?!\s+(?:19|20)\d\d)",
                          re.I)
# Projects and capacity: a figure of projects, their size or number ("2万吨碳酸锂项目投产",
# "97个新建居住项目"), answers only a question asking of them (Figure.of_project).
_PROJECT_RE = re.compile(r"项目|工程|产能|规模|\bprojects?\b|\bplants?\b|\bcapacity\b|"
                         r"\bfactor(?:y|ies)\b|\bfacilit(?:y|ies)\b|\bschemes?\b", re.I)
_PEOPLE_COUNT_RE = re.compile(
    # (not a word that starts with 人: "多少个人工智能产业项目" counts projects)
    r"多少(?:万|亿)?(?:个)?(?:人(?![工民造])|名|位)|(?<!第)几(?:万|亿)?(?:个)?(?:人(?![工民造])|名|位)|"
    r"人数|"
    # "多少专业观众", "几名外国专家": the noun after the question word names people
    rf"(?:多少|几)(?:名|位|个)?[\u4e00-\u9fff]{{0,4}}?(?:{PEOPLE_NOUNS})"
    # … the people themselves, not a thing named after them ("多少专家工作站", "游客中心")
    r"(?:(?![\u4e00-\u9fff])|(?=[参来到入加报上被获受得接享在注使领签办用留乘]))|"
    r"\bhow many (?:(?!(?:for|of|in|at|to|with|under|by|from|across|serving)\b)[a-z-]+ ){0,3}?"
    r"(?:people|persons|students|pupils|members|residents|"
    r"visitors|attendees|experts|talents|workers|employees|"
    r"staff|teachers|doctors|nurses|volunteers|officials|seniors|elderly people|participants|"
    r"spectators|viewers|audiences?|fans|tourists|travell?ers|passengers|patients|"
    r"graduates|trainees|children|women|farmers|youths?)\b",
    re.I)
_CONTRACTIONS = tuple((re.compile(pattern, re.I), replacement) for pattern, replacement in [
    (r"\b(what|who|where|when|how|which|that|it|there|here)['’]s\b", r"\1 is"),
    (r"\bwon['’]t\b", "will not"), (r"\bcan['’]t\b", "cannot"), (r"n['’]t\b", " not"),
    (r"['’]re\b", " are"), (r"['’]ll\b", " will"), (r"['’]ve\b", " have"), (r"['’]d\b", " would"),
])
_EN_QUANTITY_RE = re.compile(
    r"\bhow (?:many|much|large|big|long|far|high|fast|often)\b|"
    r"\bwhat (?:was |is |were |are )?(?:the )?(?:[\w.&-]+(?:['’]s?)? ){0,5}?(?:total )?"
    r"(?:share|percentage|proportion|number|"
    r"amount|total|rate|size|area|value|sum|volume|scale|ratio|length|capacity|count|"
    r"population|gdp|budget|revenue|income|output|concentration|expectancy|intensity|target|goal|"
    r"objective|growth|throughput|turnover|production|milestone|subsid(?:y|ies)|allowance|"
    r"level(?!\s+of\s+(?:government|administration|authority))|"
    r"gross (?:regional |domestic )?product|"
    r"floor space|figure|balance|expenditure|spending|debt|price|cost|premium|fee|wage|"
    r"salary)\b"
    # ("the price reform", "the pricing mechanism" name no figure)
    r"(?!\s+(?:polic|reform|mechanism|control|regulation)\w*)|"
    r"\bnumber of\b|\bpercent(?:age)?\b|\bin total\b|\bcount\b|"
    # "How did fixed-asset investment perform?": a measure's performance is its figure
    r"\bhow (?:did|does|do|has|have) (?:[\w.&'’-]+ ){1,8}?(?:perform(?:ed)?|fare[sd]?)\b|"
    # "What will the premium rise to?", "to what level …": the new figure of a change
    r"\b(?:rise|increase|grow|climb|go up|be raised|be increased|be lifted|reach|fall|drop|"
    r"decline|go down|be cut|be reduced) to\s*[?.!]*$|\bto what (?:level|amount|extent)\b",
    re.IGNORECASE)
# "3号建议案", "第二件建议", "proposal No. 3", "the second proposal": the user names the
# proposal the answer belongs to.
_PROPOSAL_REF_RE = re.compile(
    r"(\d|[一二三四五六七八九十])\s*号\s*建议|第([一二三四五六七八九十\d])(?:件|个|份|项)建议|"
    r"\bproposal\s*(?:No\.?|number|#)?\s*(\d|one|two|three|four|five|six|seven|eight|nine)\b|"
    r"\b(first|second|third|fourth|fifth)\s+proposal\b", re.IGNORECASE)
_ZH_RANK_RE = re.compile(r"第几|排名|排第|位列|位居|名次|位次|排在(?:什么|哪个?)|"
                         r"(?:什么|哪个)位置")
# "ranks first", "ranked among the top" state a rank the question goes on from; "What rank",
# "How does it rank", "ranked where" ask for one.
# ("joined the ranks of trillion-yuan economies" is a membership, not a place in an order)
_EN_RANK_RE = re.compile(
    r"\brank(?!s of\b)(?:s|ed|ing)?\b(?!\s+(?:first|second|third|top|highest|lowest|"
    r"among the (?:top|best|first)|no\.?\s*\d|number\s+(?:one|\d)|\d))|"
    r"\b(?:what|which) place\b", re.IGNORECASE)
_HOW_MUCH_RE = re.compile(r"多少|\bhow (?:many|much)\b", re.I)
_ZH_YEAR_RE = re.compile(r"哪一?年|何年|什么时候|何时|哪天|哪一天|几月|日期|时间")
_EN_YEAR_RE = re.compile(r"\bwhen\b|\b(?:what|which) (?:years?|dates?|days?|months?)\b|\bby when\b|"
                         r"\bdate of\b|^(?:the )?date\b", re.I)

# "进出口总额同比增长多少": the words just before 多少 say what the figure measures, and the
# bulletin writes them just before it ("同比增长35.8%").
_ZH_PREDICATE_RE = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:了|有|是|为|达|到|达到|共|一共|总共)*(?:多少|几)")
# Words between a predicate and 多少 that are no part of it: "里程现在有多少" → 里程,
# "目标定的是多少" → 目标定, "成果累计达到多少" → 成果.
_PREDICATE_TAIL_RE = re.compile(r"(?:的|现在|目前|如今|已经|已|具体|大概|大约|实际上?|"
                                r"一共|总共|累计|共)+$")
# Chunk ids of the report's opening and closing, and how a question names them.
_DOCUMENT_PARTS = tuple((part, re.compile(pattern, re.I)) for part, pattern in [
    # (the document may be named at length: "at the end of its briefing on the proposals")
    ("closing", r"结尾|末尾|(?:报告|通报|文件)(?:的)?最后|最后(?:一段|部分)|\bclosing\b|"
                r"\b(?:end|close|last part|final part|final paragraph) of (?:the |its |this )?"
                r"(?:[\w'’-]+ ){0,3}?(?:report|bulletin|document|briefing)\b|"
                r"\bconclu(?:ding|sion)\b"),
    ("preamble", r"开头|开篇|(?:报告|通报|文件)(?:的)?开始|\bopening\b|\bpreamble\b|"
                 r"\b(?:beginning|start|first part|first paragraph) of (?:the |its |this )?"
                 r"(?:[\w'’-]+ ){0,3}?(?:report|bulletin|document|briefing)\b"),
])
_DATE_PARTS = tuple((part, re.compile(pattern, re.I)) for part, pattern in [
    ("日", r"哪一?天|几号|几日|日期|\b(?:what|which) (?:days?|dates?)\b|\bon what day\b"),
    ("月", r"几月|哪个月|\b(?:what|which) months?\b"),
    ("年", r"哪一?年|何年|\b(?:what|which) years?\b"),
])

@dataclass(frozen=True)
class Query:
    text: str
    lang: Literal["zh", "en"]
    cjk_share: float  # CJK characters / (CJK characters + Latin words): weight of Chinese
    asks_quantity: bool
    asks_time: bool
    asks_rank: bool
    units: tuple[str, ...]  # units the answer's figure is likely written in, best first
    numbers: tuple[float, ...]  # figures the question itself mentions
    asks_count: bool = False  # a number of things ("多少个", "how many"), not an amount
    asks_people: bool = False  # … of people ("多少人", "how many students")
    asks_project: bool = False  # … about projects or capacity ("项目", "产能", "plant")
    asks_total: bool = False  # … in all ("一共", "in total"), not what was added
    asks_previous: bool = False  # the figure before a change ("原来是多少"), not after it
    date_part: str = ""  # "日", "月" or "年": how precise a date the question asks for
    document_part: str = ""  # "preamble" or "closing" when the question names one
    predicate: str = ""  # up to four characters before 多少/几 ("同比增长多少" → "同比增长";
    # filler between them dropped: "里程现在有多少" → "里程")
    proposals: tuple[int, ...] = ()  # proposals the question names ("3号建议", "proposal 2")
    tense: Tense = ""  # asks for a plan or target ("plan"), or for what was done ("done")
    period: Period = ""  # asks about one year ("year") or a five-year plan period ("years")
    qualifiers: tuple[str, ...] = ()  # "per_capita", "annual_average" (qa/qualifiers.py)
    counted_in: str = ""  # the classifier a Chinese question counts in ("多少张床位" → 张)
    years: tuple[str, ...] = ()  # years asked about, not those naming a document (qa/names.py)
    # … and those named by where they stand to the report: "reviewed" (去年), "delivered" (今年)
    relative_years: tuple[str, ...] = ()
    asks_whether: bool = False  # a yes/no question ("是否…", "…吗？", "Did …?")
    # Indicators a quantity question asks for (entries of qa/data/official_terms.toml),
    # where it says what it measures ("一般公共预算收入是多少", "GDP growth")
    indicators: tuple[int, ...] = ()


# A yes/no question: Chinese "是否", "有没有", "…吗？"; English opening with an auxiliary
# verb ("Did Wuhan make the top ten?", "Is the target higher …?").
_WHETHER_RE = {
    "zh": re.compile(r"是否|有没有|是不是|能否|[吗么]\s*[？?]?\s*$"),
    "en": re.compile(r"^\W*(?:(?:and|so|but|then)\s+)?(?:did|does|do|is|are|was|were|has|have|"
                     r"had|can|could|will|would)\b", re.IGNORECASE),
}


def cjk_share(text: str) -> float:
    """CJK characters / (CJK characters + Latin words); 1.0 for text with neither."""
    cjk = len(CJK_RE.findall(text))
    latin = len(LATIN_WORD_RE.findall(text))
    return cjk / (cjk + latin) if cjk + latin else 1.0


def language_of(text: str) -> Literal["zh", "en"]:
    return "zh" if cjk_share(text) >= 0.5 else "en"


@lru_cache(maxsize=1024)
def analyse(text: str) -> Query:
    """What the question asks (remembered: searching and answering a question both need it,
    and a Query is immutable)."""
    share = cjk_share(text)
    lang: Literal["zh", "en"] = "zh" if share >= 0.5 else "en"
    quantity_re, time_re, rank_re = (_ZH_QUANTITY_RE, _ZH_YEAR_RE, _ZH_RANK_RE) \
        if lang == "zh" else (_EN_QUANTITY_RE, _EN_YEAR_RE, _EN_RANK_RE)
    # The patterns read "What's …" as "What is …", and without the names of documents and
    # plans (qa/names.py); the question itself stays as asked.
    plain = without_names(expand_contractions(text) if lang == "en" else text, lang)
    units, counted_in, asks_count = asked_units(text, plain, lang)
    asks_rank = bool(rank_re.search(plain))
    # "优良天数比例在全国排第几？" asks a place; 比例 only says what is ranked
    asks_quantity = bool(quantity_re.search(plain)) and not (
        asks_rank and not _HOW_MUCH_RE.search(plain))
    return Query(text=text, lang=lang, cjk_share=share,
                 asks_quantity=asks_quantity,
                 asks_time=bool(time_re.search(plain)),
                 asks_rank=asks_rank,
                 units=units, numbers=tuple(q.value for q in numbers_in(text)),
                 proposals=_proposal_refs(text), asks_count=asks_count,
                 asks_people=bool(_PEOPLE_COUNT_RE.search(plain)),
                 asks_project=bool(_PROJECT_RE.search(plain)),
                 asks_total=bool(_TOTAL_RE.search(plain)),
                 asks_previous=bool(_PREVIOUS_RE.search(plain)), date_part=_date_part(plain),
                 predicate=_predicate(text) if lang == "zh" else "",
                 tense=question_tense(plain, lang), period=question_period(plain, lang),
                 qualifiers=asked_qualifiers(plain),
                 document_part=next((part for part, pattern in _DOCUMENT_PARTS
                                     if pattern.search(plain)), ""),
                 counted_in=counted_in, years=asked_years(text, lang),
                 relative_years=relative_years(plain, lang),
                 asks_whether=bool(_WHETHER_RE[lang].search(plain)),
                 indicators=tuple(indicators_asked(text, lang)) if asks_quantity else ())


def expand_contractions(text: str) -> str:
    """"What's the target?" → "What is the target?", "won't" → "will not"; a possessive
    ("Yunnan's") stays."""
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def _predicate(text: str) -> str:
    """Up to four characters before 多少/几, without the filler between them and it."""
    match = _ZH_PREDICATE_RE.search(text)
    predicate = _PREDICATE_TAIL_RE.sub("", match.group(1))[-4:] if match else ""
    return predicate if len(predicate) >= 2 else ""


def _date_part(text: str) -> str:
    return next((part for part, pattern in _DATE_PARTS if pattern.search(text)), "")


def _proposal_refs(text: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(number for _, _, number in proposal_ref_spans(text)))


# What is left around a proposal reference cut out of a question: "3号建议案里，…",
# "under proposal 2, …", "… in proposal 3?".
_REF_LEFTOVER_RE = re.compile(r"^\s*(?:的|里|中|方面|当中)?[，,：:]?\s*|"
                              r"\s*\b(?:in|under|for|of|by)\s*(?=[,?.!]|$)|^\s*[,，]\s*",
                              re.IGNORECASE)


def without_proposal_refs(text: str) -> str:
    """text with the proposals it names cut out ("3号建议案里，养老服务体系是怎么定位的？" →
    "养老服务体系是怎么定位的？"); text itself when nothing else would be left."""
    spans = proposal_ref_spans(text)
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end, _ in spans:
        pieces.append(text[cursor:start])
        cursor = end
    pieces.append(text[cursor:])
    cut = " ".join(_REF_LEFTOVER_RE.sub("", piece.strip()) if i else
                   _REF_LEFTOVER_RE.sub("", piece.rstrip()) for i, piece in enumerate(pieces))
    cut = re.sub(r"\s+", " ", cut).strip(" ,，")
    return cut if len(re.sub(r"\W", "", cut)) >= 4 else text


def proposal_ref_spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of each proposal the text names ("3号建议案", "proposal 2")."""
    found = []
    for match in _PROPOSAL_REF_RE.finditer(text):
        ref = next(g for g in match.groups() if g)
        number = ENGLISH_ORDINALS.get(ref.lower()) or ENGLISH_NUMBERS.get(ref.lower()) or (
            int(ref) if ref.isdigit() else ordinal_to_int(ref))
        end = match.end()
        # "3号建议" is read as far as the noun goes: "3号建议案" is one mention.
        while end < len(text) and text[end] in "案书":
            end += 1
        found.append((match.start(), end, number))
    return found


def accepted_classifiers(query: Query) -> str:
    """The classifiers a count asked in a particular one is answered in ("多少张床位": 张;
    电梯 in 台 or 部; firms in 家 or 户), "" when the question names none that narrows
    (个 goes with anything; people are counted by other checks)."""
    asked = query.counted_in
    if not asked or asked in GENERIC_CLASSIFIERS or asked in PEOPLE_UNITS:
        return ""
    accepted = next((group for group in CLASSIFIER_GROUPS if asked in group), asked)
    return accepted + "".join(u for u in query.units if u in COUNT_UNITS and u not in accepted)
