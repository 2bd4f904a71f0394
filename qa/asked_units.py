"""Which unit a question asks its figure in: the measure word after 多少/几, the head noun
of what "how many" counts, else the question's words as hints (面积 → 平方米, "revenue" →
元); a share asked in so many words wins over every hint."""

from __future__ import annotations

import re

# The measure word right after 多少/几 ("多少家", "几所") is the unit the answer is counted in,
# a classifier also after a multiplier ("多少万瓶", "多少万户": 瓶, 户).
# (Not after 第 or 哪: "第几名" asks a rank, "哪几座山" which ones.)
_ZH_ASKED_UNIT_RE = re.compile(r"(?:多少|(?<![哪第这近])几)(?:[万亿](?=[户辆台头瓶箱株只张套部]))?"
                               r"(个|家|项|条|所|次|户|座|台|张|人|"
                               r"名|批|倍|辆|款|件|部|套|处|宗|栋|间|位|支|只|艘|架|棵|亩|岁|吨|"
                               r"万吨|斤|亿斤|千瓦|万千瓦|公里|米|平方米|公顷|元|亿元|万元|年|"
                               r"瓶|头|箱|株|本|篇)"
                               # (not 台资, 台企, 台胞: Taiwan's capital, firms, people)
                               r"(?!(?<=台)[资企商胞湾籍])")
# Firms, which reports count in 户 as well as 家, registered ones ("新登记企业25.31万户",
# "经营主体总量达105.48万户") and kinds of them alike ("专精特新“小巨人”企业从80户增加到810户",
# "新增规模以上工业企业755户").
_FIRMS_RE = re.compile(r"市场主体|经营主体|商户|企业")
# Classifiers that count things; "多少个…"/"how many …" asks for a count, not money or a share.
COUNT_UNITS = frozenset("个家项条所次户座台张人名批辆款件部套处宗栋间位支只艘架棵瓶头箱株本篇")
_EN_COUNT_RE = re.compile(r"\bhow many\b(?! (?:yuan|dollars|percent|square|mu|hectares|"
                          r"kilomet|met(?:er|re)s|times (?:more|bigger|larger)))", re.I)
_EN_COUNTED_RE = re.compile(r"\bhow many ((?:[\w'’-]+ ){0,3}[\w'’-]+)", re.I)

# Question words → the units the answer's figure is likely written in.
_UNIT_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), units) for pattern, units in [
        (r"户|households?|homes?|families", ("户",)),
        # (market entities, registered or in all, are counted in 户: "新登记企业25.31万户")
        (r"市场主体|经营主体|商户|businesses|market entit|registered (?:compan|firms|enterp)|"
         r"total (?:number of )?(?:compan|firms|enterp)",
         ("家", "户")),
        (r"[多几]少?家|企业|机构|compan|enterprise|firms?|institution|hospitals?", ("家",)),
        # (a change asked "降到"/"提高到多少" wants the new level, not the change)
        (r"比例|比重|占比|百分|增长(?![到至])|增幅|增速|涨(?![到至])|降(?![到至]|低[到至])|"
         r"提高(?![到至])|率|\b(?:percent|share|proportion|rate|grow|increase|rise|fall|cut|drop|reduc|"
         r"perform|fared\b|fares?\b)",
         ("%",)),
        (r"浓度|\bconcentration\b|\bmicrograms?\b", ("微克",)),
        (r"面积|平方|亩|公顷|area|square|hectare|\bmu\b|floor space|land", ("平方米", "亩", "公顷",
                                                                      "平方公里")),
        (r"元|钱|花费|花了|资金|投资|金额|收入|产值|营收|规模|补贴|yuan|rmb|money|fund|invest|revenue|subsid|"
         r"income|output|worth|value|dollars?|\bspen[dt]\b|\bcosts?\b", ("元", "美元")),
        (r"公里|千米|km|kilomet|\bhow long (?:is|are|was|were)\b|\blength\b|\bmileage\b|"
         r"里程|多长(?!时间)", ("公里",)),
        (r"多长时间|多久|几天|多少天|\bhow long did\b|\bhow long does\b|\bhow many (?:days|months|"
         r"hours)\b", ("天", "个月", "小时", "分钟", "年")),
        # what is harvested, mined or made by weight
        (r"吨|斤|产量|粮食|棉花|原煤|煤炭|粗钢|钢材|化肥|钾肥|碳酸锂|"
         r"\btonnes?\b|\btons\b|\bharvest|\bgrain\b|\bcotton\b|\bcoal\b|\bsteel\b|"
         r"\bfertili[sz]er\b|\bcarbonate\b|\bore\b|\bcrops?\b", ("吨", "斤")),
        (r"(?<!平方)(?<!立方)米(?!数)|(?<!square )(?<!cubic )\bmet(?:er|re)s?\b", ("米",)),
        # power installed is counted in 千瓦 (and 万千瓦), energy in 千瓦时 or, in everyday
        # words, 度 ("输出345亿度"): electricity made, used or sent is energy
        (r"千瓦时|度电|电量|绿电|送电|\bkilowatt[- ]hours?\b|\bkwh\b|\bterawatt[- ]hours?\b|"
         r"\belectricity\b(?! (?:prices?|tariffs?|grids?)\b)", ("千瓦时", "度")),
        (r"千瓦(?!时)|装机|\b(?:kilo|mega|giga)watts?\b|\b[kmg]w\b|"
         r"\b(?:installed|generating|power) capacity\b", ("千瓦",)),
        (r"床|beds?", ("张",)),
        (r"标箱|标准箱|集装箱|\bTEUs?\b|\bcontainers?\b", ("标准箱", "标箱")),
        (r"辆|\bvehicles?\b|\bcars\b|\bbuses\b", ("辆",)),
        (r"人才|人次|名|人数|people|persons?|talents?|experts?|visitors?|attendees", ("名", "人",
                                                                                  "人次")),
        (r"项目|项|projects?|items?|measures?|results?|achievements?", ("项", "个")),
        (r"次|times|transfers?", ("次",)),
        (r"所|schools?", ("所",)),
        (r"台|units|elevators?|lifts?|terminals?", ("台",)),
        (r"座|toilets?|bridges?", ("座",)),
        (r"条|roads?|lines?|chains?|streets?", ("条",)),
        (r"批|batch|delegations?", ("批",)),
    ])


def _counted_head(counted: str) -> tuple[str, ...]:
    """Units of the head noun of what "how many" counts: the noun before "of" ("kilometres
    of metro line" → 公里), else the last noun of the phrase ("people's livelihood
    projects" → 项, 个); () when no hint names it."""
    if re.match(r"(?:consecutive |straight |successive )?years\b", counted, re.I):
        return ("年",)  # "how many (consecutive) years" — only as what is counted
    phrase = re.split(r"\b(?:of|in|for|on|at|by|from|does|do|did|is|are|was|were|has|have|"
                      r"will|would|can|could)\b", counted, maxsplit=1, flags=re.I)[0]
    found = [(m.end(), hinted) for pattern, hinted in _UNIT_HINTS
             for m in pattern.finditer(phrase)]
    return max(found, key=lambda pair: pair[0])[1] if found else ()


# A question that asks in so many words for a percentage, or for growth over a year
# ("比上年涨了多少", "growth rate"), wants nothing else.
_PERCENT_ASKED_RE = re.compile(
    r"百分之|百分比|百分点|占比|比重|比例|增幅|增速|增长率|(?:比上年|同比|较上年)[^，,。？?]{0,4}"
    r"(?:增长|涨|降|提高|下降)|\bpercent(?:age)?\b|\bper cent\b|%|\b(?:what|which) "
    r"(?:share|proportion)\b|\bgrowth rate\b|\bby how much\b", re.I)

# "How large had the economy grown?", "规模有多大": the level reached, not how fast it grew;
# "grow" then hints no share (a share asked in so many words still is one).
_LEVEL_ASKED_RE = re.compile(r"\bhow (?:large|big)\b|\bwhat size\b|\bthe size of\b|多大", re.I)

# The size of an economy is money ("What was Hebei's GDP?" → "4.93万亿元"), and so is that
# of its trade and retail sales ("How large was foreign trade?" → "总额突破8000亿元", not
# the 20 berths beside it), unless the question asks how fast it grew (a share, hinted above).
_SIZE_HINT = (re.compile(r"(?<![a-z])gdp(?![a-z])|生产总值|经济总量|\beconomy\b|外贸|进出口|"
                         r"零售总额|\bforeign trade\b|\bimports? and exports?\b|"
                         r"\btotal trade\b|\bretail sales\b", re.I),
              ("元", "美元"))


def asked_units(text: str, plain: str, lang: str) -> tuple[tuple[str, ...], str, bool]:
    """The units the answer's figure is likely written in, the classifier a count is asked
    in ("多少张床位" → 张, "How many beds" → 张; "" when none narrows) and whether a count
    is asked. plain: the question with contractions expanded and names of plans cut
    (qa/query.py analyse)."""
    named = [m.group(1) for m in _ZH_ASKED_UNIT_RE.finditer(text)]  # "多少张" → 张
    counted_in = next((u for u in named if u in COUNT_UNITS), "") if lang == "zh" else ""
    units: list[str] = list(named)
    asks_count = bool(counted_in) if lang == "zh" else bool(_EN_COUNT_RE.search(plain))
    # "How many medical beds do the institutions have?": the words after "how many" name
    # what is counted; the rest of the question only hints.
    counted = _EN_COUNTED_RE.search(plain) if lang == "en" else None
    head = _counted_head(counted.group(1)) if counted else ()
    units += [u for u in head if u not in units]
    if head and not counted_in:  # "How many beds …?" counts in 张 as "多少张床位" does
        # (not in 个, which counts anything, nor in 户 or 家: "homes" and "firms" are as
        # often counted otherwise — "care homes" in 家, firms in 户)
        counted_in = next((u for u in head if u in COUNT_UNITS and u not in "个户家"), "")
    level = bool(_LEVEL_ASKED_RE.search(plain))
    for source in ([counted.group(1)] if counted else []) + [plain]:
        if units:
            break
        for pattern, hinted in _UNIT_HINTS:
            if pattern.search(source) and not (level and hinted == ("%",)):
                units += [u for u in hinted if u not in units]
    if not units and not asks_count and _SIZE_HINT[0].search(plain):  # (a count is no size)
        units = list(_SIZE_HINT[1])
    if counted_in == "家" and _FIRMS_RE.search(plain):  # "新注册了多少家企业" → 家, or 户
        units.append("户")
    if _PERCENT_ASKED_RE.search(plain):  # "碳酸锂产量比上年多了百分之几": a share, not tonnes
        units = ["%"]
    return tuple(units), counted_in, asks_count
