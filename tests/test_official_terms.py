"""Everyday words → the official terms of work reports (qa/official_terms.py), with
sentences written for these tests; and the retriever searching for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.build import build_index
from qa.figures import answer_figures, best_figure
from qa.index import Index, load_index
from qa.lexical import tokenize
from qa.official_terms import (
    entries_named,
    indicators_asked,
    names_indicator,
    official_terms,
    official_tokens_of,
)
from qa.query import analyse
from qa.retrieve import MAX_TERM_WEIGHT, OFFICIAL_TERM_WEIGHT, Retriever

from .fakes import HashEmbedder


@pytest.mark.parametrize(("question", "term"), [
    ("今年经济增长目标是多少？", "地区生产总值"),
    ("What was the province's GDP last year?", "地区生产总值"),
    ("How fast did the economy grow?", "地区生产总值"),
    ("财政收入增长了多少？", "一般公共预算收入"),
    ("What is the target for new urban jobs?", "城镇新增就业"),
    ("老百姓收入涨了多少？", "人均可支配收入"),
    ("How much grain did the province produce?", "粮食总产量"),
    ("外贸进出口总额是多少？", "进出口"),
    ("What was the average PM2.5 concentration?", "细颗粒物"),
    ("By how much should the value added of above-designated-size industry grow?",
     "规模以上工业增加值"),
    ("What is the province's R&D intensity?", "研发投入强度"),
    # the reports' own words for topics CC-CEDICT names otherwise (report_terms.toml)
    ("How many new businesses were registered last year?", "新登记企业"),
    ("今年新注册了多少家企业？", "新登记企业"),
    ("How many businesses are there in the city in total?", "企业总量"),
    ("How many China-Europe freight trains ran?", "中欧班列"),
    ("How many Taiwan-funded companies were set up?", "台企"),
    ("How many sister cities does the province have?", "友城"),
    ("How many academicians of the Chinese Academy of Sciences work there?", "两院院士"),
    ("How many older people receive the advanced-age allowance?", "高龄津贴"),
    ("能做临终关怀的医疗机构有几家？", "安宁疗护"),
    ("How much lithium carbonate did the salt lakes yield?", "碳酸锂"),
    ("How much potash was produced?", "钾肥"),
    ("How many lithium batteries were made?", "锂电池"),
    ("How many lifts were retrofitted into existing residential buildings?", "加装电梯"),
    ("How many lifts were retrofitted into existing residential buildings?", "既有住宅"),
    ("今年计划加装多少部电梯？", "加装电梯"),
])
def test_everyday_words_find_the_official_term(question: str, term: str) -> None:
    assert term in official_terms(question)


@pytest.mark.parametrize(("question", "term"), [
    ("What did the report say about the Optics Valley?", "光谷"),
    ("How many firms are in Biolake?", "生物城"), ("What did the CPPCC ask for?", "政协"),
    ("What did the East Lake High-tech Zone build?", "东湖高新区"),
    ("How many China-Europe Railway Express trains ran?", "中欧班列"),
    ("What share of China's silk output came from the province?", "占全国"),
])
def test_official_english_names_find_the_documents_names_at_a_lower_weight(
        question: str, term: str) -> None:
    found = official_terms(question)
    assert 0 < found[term] < 1.0  # a name says where, seldom what: less than an indicator
    assert official_terms("今年经济增长目标是多少？")["地区生产总值"] == 1.0


@pytest.mark.parametrize(("question", "term"), [
    ("全省AI产业规模有多大？", "人工智能"), ("全省 AI 产业规模有多大？", "人工智能"),
    ("新建5G基站多少个？", "5G基站"),
])
def test_a_latin_word_written_in_chinese_is_read(question: str, term: str) -> None:
    # (no space around "AI": a pattern's word boundary \b does not fall between 省 and A)
    assert term in official_terms(question)


@pytest.mark.parametrize("question", ["老年助餐机构建了多少个？", "Who led proposal 3?",
                                      "How many schools opened?"])
def test_questions_without_such_words_get_none(question: str) -> None:
    assert official_terms(question) == {}


def _report_searched(tmp_path: Path, review: str) -> tuple[Index, Retriever]:
    """A report of our own (its review as given, then a part on this year's work), indexed
    with the fake embedder, and its retriever."""
    corpus = tmp_path / "2026_某省_政府工作报告.txt"
    corpus.write_text(f"2026年某省政府工作报告\n{review}"
                      "三、2026年重点工作\n新建学校20所，新增学位3万个。\n", encoding="utf-8")
    index = load_index(build_index(corpus, tmp_path / "index", HashEmbedder()))
    return index, Retriever(index, HashEmbedder())


def test_the_retriever_searches_for_the_official_term_too(tmp_path: Path) -> None:
    """A report of our own where only one passage writes the official term: a question in
    everyday words reaches it through the lexical scores (the fake embedder ranks nothing)."""
    index, retriever = _report_searched(tmp_path, "一、2025年工作回顾\n"
                                        "全年地区生产总值增长5.2%，总量迈上新台阶。\n"
                                        "新建改造老旧小区1200个，惠及居民30万户。\n")
    query = analyse("去年经济增长了多少？")
    terms = retriever.lexical_terms(query)
    assert terms["总值"] == OFFICIAL_TERM_WEIGHT and terms["经济"] == 1.0
    scores = retriever.lexical_scores(query)
    best = max(range(len(scores)), key=lambda row: scores[row])
    assert "地区生产总值增长5.2%" in index.chunks[best].text


def _asked(question: str) -> set[str]:
    """The first official term of each indicator the question asks for."""
    from qa.official_terms import _table
    return {_table()[i][1][0] for i in indicators_asked(question, analyse(question).lang)}


@pytest.mark.parametrize(("question", "indicators"), [
    ("全省一般公共预算收入是多少亿元？", {"一般公共预算收入"}),
    ("今年固定资产投资增长目标是多少？", {"固定资产投资"}),
    ("去年粮食总产量是多少？", {"粮食总产量"}),
    ("What was the province's GDP in 2025?", {"地区生产总值"}),
    ("What growth rate in fixed-asset investment is the city targeting?", {"固定资产投资"}),
    # a frame before the question word does not push the indicator out of reach
    ("According to Beijing's 2026 government work report, how many billion yuan of general "
     "public budget revenue did the city collect?", {"一般公共预算收入"}),
    # indicator words that only describe what is counted are not what is asked
    ("新拿到外贸进出口资格的企业多了大概多少家？", set()),
    ("How fast did revenue grow in emerging industries such as AI, commercial space and "
     "the low-altitude economy?", set()),
    ("全市有多少家医院？", set()),
])
def test_the_indicator_a_question_asks_for(question: str, indicators: set[str]) -> None:
    assert _asked(question) == indicators


@pytest.mark.parametrize(("clause", "named"), [
    ("一般公共预算收入812亿元", True), ("一般公共预算支出2164.2亿元", False),
])
def test_a_clause_names_the_indicator_or_not(clause: str, named: bool) -> None:
    (revenue,) = indicators_asked("一般公共预算收入是多少？", "zh")
    assert names_indicator(clause, revenue) is named


@pytest.mark.parametrize(("question", "clause", "named"), [
    # the same last word, another indicator
    ("全省旅游总收入是多少亿元？", "地方一般公共预算收入达3507.6亿元", False),
    ("全省旅游总收入是多少亿元？", "旅游总花费增长9%、达1.1万亿元", True),
    ("去年煤炭产量多少亿吨？", "绿氢产量突破1万吨", False),
    ("去年煤炭产量多少亿吨？", "全年规上原煤产量13.05亿吨", True),
    ("How much coal did the region produce last year?", "原煤产量13.05亿吨", True),
    # a sentence about coal names its output in its own words
    ("How much raw coal did the province produce over five years?", "五年生产原煤65亿吨", True),
    ("今年煤炭产量目标是多少？", "煤炭智能绿色安全开采方面，抓好产能接续，产量稳定在13亿吨左右",
     True),
    ("What were the province's exports worth?", "实际使用外资33.8亿美元", False),
    ("What were the province's exports worth?", "出口总额增长7.8%", True),
    ("How much foreign direct investment did the city attract?", "实际使用外资33.8亿美元", True),
    ("What was the airport's passenger throughput?", "新建国省干线公路11条", False),
    ("What was the airport's passenger throughput?", "机场旅客吞吐量突破800万人次", True),
    ("港口集装箱吞吐量是多少？", "完成集装箱吞吐量1000万标箱", True),
    ("How many tourists visited the province?", "接待游客突破1亿人次", True),
])
def test_indicators_of_the_economys_parts(question: str, clause: str, named: bool) -> None:
    asked = indicators_asked(question, analyse(question).lang)
    assert asked, question
    assert any(names_indicator(clause, indicator) for indicator in asked) is named


@pytest.mark.parametrize("question", [
    "新增出口企业多少家？", "How many foreign investment projects were signed?",
    "进出口总额是多少？",  # foreign trade, not exports alone
    "By how much did the province's total imports and exports grow?",
    "How much did import and export trade grow?",
])
def test_words_that_name_no_indicator_of_the_economys_parts(question: str) -> None:
    from qa.official_terms import _table
    asked = {_table()[i][1][0] for i in indicators_asked(question, analyse(question).lang)}
    assert not asked & {"出口总额", "实际使用外资"}, asked


def test_lithium_from_salt_lakes_is_not_a_battery() -> None:
    """Lithium carbonate is a salt-lake chemical; asked of it, the batteries stay unsearched."""
    found = official_terms("What was the lithium carbonate output?")
    assert "碳酸锂" in found and "锂电池" not in found
    assert "碳酸锂" not in official_terms("How many lithium batteries were made?")


def test_an_indicator_is_named_however_the_document_writes_it() -> None:
    (pm25,) = indicators_asked("去年PM2.5平均浓度是多少？", "zh")
    assert names_indicator("PM_2.5浓度为25.9微克/立方米", pm25)
    (gdp,) = indicators_asked("去年GDP增长多少？", "zh")
    assert names_indicator("全年生产总值增长5.6%", gdp)


def test_the_pm25_concentration_is_not_the_share_of_good_air_days() -> None:
    (pm25,) = indicators_asked("What was the average PM2.5 concentration last year?", "en")
    assert not names_indicator("空气质量优良天数比例达到92.8%", pm25)
    assert names_indicator("细颗粒物（PM2.5）平均浓度30微克/立方米", pm25)
    (good_air,) = indicators_asked("空气质量优良天数比例是多少？", "zh")
    assert names_indicator("空气质量优良天数比例达到92.8%", good_air)



def test_a_passage_naming_the_indicator_in_everyday_words_lends_its_official_tokens() -> None:
    """"经济增长5%左右" names the 地区生产总值 a question asks for: the official term's tokens
    count as present; a passage writing the official term itself, or another indicator,
    gains nothing."""
    named = entries_named("今年地区生产总值增长目标是多少？")
    assert named == entries_named("What is the GDP growth target?")
    gained = official_tokens_of("经济增长5%左右，城镇调查失业率5.5%左右", named)
    assert {"生产", "总值"} <= gained
    assert official_tokens_of("全区地区生产总值增长5.1%", named) == frozenset()
    assert official_tokens_of("一般公共预算收入增长3%", named) == frozenset()
    assert entries_named("Who led proposal 3?") == ()


def test_the_target_in_everyday_words_beats_the_result_in_official_ones() -> None:
    """The year's target ("经济增长5%左右", in the tasks) answers a question asking the
    target in the official term, though the review's result ("地区生产总值增长5.1%") holds
    that term word for word."""
    query = analyse("今年地区生产总值增长目标是多少？")
    terms = dict.fromkeys(tokenize(query.text), 1.0)
    target = best_figure(answer_figures(query, "主要预期目标是：经济增长5%左右", terms))
    result = best_figure(answer_figures(query, "全区地区生产总值增长5.1%", terms))
    assert target is not None and result is not None
    assert target.context_terms >= result.context_terms * 0.8


def test_only_the_words_reports_write_stand_for_the_official_term() -> None:
    """A question's "外贸" asks for 进出口; a passage's "外贸泊位" is a berth, not trade."""
    named = entries_named("How big was the province's foreign trade last year?")
    assert official_tokens_of("北部湾港新增外贸泊位20个", named) == frozenset()


@pytest.mark.parametrize("text", [
    "How many new energy vehicles did the province produce?", "What was fiscal revenue?",
    "去年GDP增长多少？", "全省地区生产总值增长5.2%", "How much PM2.5 was there?",
    "What did the CPPCC ask for in the Optics Valley?", "城乡低保标准提高到每月815元",
    "How many inbound tourists came, and how much did they spend?", "hello", "",
])
def test_the_quick_search_finds_what_every_pattern_would(text: str) -> None:
    """Questions are searched with their own script's patterns, English ones only where a
    word every match needs is present, and official terms all at once: the same entries as
    trying every pattern and term of the table in turn."""
    from qa.official_terms import _asked, _table
    every = tuple(n for n, (pattern, _, _) in enumerate(_table()) if pattern.search(text))
    assert _asked(text) == every
    assert entries_named(text) == tuple(
        n for n, (pattern, terms, _) in enumerate(_table())
        if pattern.search(text) or any(term in text for term in terms))



def test_a_topic_of_many_terms_spreads_its_weight_over_them() -> None:
    """"new energy vehicles" searches for 新能源汽车 (report_terms.toml) below an indicator's
    weight; a topic entry listing many terms gives each less."""
    assert 0 < official_terms("How many new energy vehicles were made?")["新能源汽车"] < 1.0
    assert official_terms("What was the GDP?")["地区生产总值"] == 1.0
    spread = official_terms("How much was invested in water conservancy and reservoirs?")
    assert 0 < spread["水库"] < official_terms("How many new energy vehicles?")["新能源汽车"]


@pytest.mark.parametrize(("pattern", "words"), [
    (r"\bnew[- ]energy vehicles?\b", ("energy vehicle",)),
    (r"\b(?:fiscal|budget) revenue\b", (" revenue",)),
    (r"\b(?:hogs?|pigs?|pork)\b", ("hog", "pig", "pork")),
    (r"\bK[- ]?12\b", ()),  # no plain word of three characters: the pattern always runs
])
def test_the_plain_words_every_match_of_a_pattern_holds(pattern: str,
                                                         words: tuple[str, ...]) -> None:
    from qa.data import required_words
    assert required_words(pattern) == words


def test_rd_intensity_is_not_the_growth_of_rd_spending() -> None:
    (intensity,) = indicators_asked("What R&D intensity is the province targeting?", "en")
    assert not names_indicator("力争研发经费投入增长8%以上", intensity)
    assert names_indicator("全社会研发投入强度提升至2.62%", intensity)
    (spending,) = indicators_asked("研发经费投入增长多少？", "zh")
    assert names_indicator("力争研发经费投入增长8%以上", spending)
    assert indicators_asked("研发投入强度是多少？", "zh") == [intensity]


def test_a_clause_opening_with_a_measures_last_word() -> None:
    """"产量" is coal output's last word; "出口" is no last word of 进出口 (it is exports)."""
    from qa.official_terms import opens_with_last_word
    coal = indicators_asked("今年原煤产量打算稳定在多少？", "zh")
    assert coal and opens_with_last_word("产量稳定在13亿吨左右", coal[0])
    assert not opens_with_last_word("新建智能化煤矿60座，产量", coal[0])
    trade = indicators_asked("By how much did total imports and exports grow?", "en")
    assert trade and not opens_with_last_word("出口增长88%", trade[0])


@pytest.mark.parametrize(("question", "found", "not_found"), [
    ("How fast did the primary industry grow?", "一产增加值", "农业总产值"),
    ("第一产业增加值增长了多少？", "一产增加值", "农业总产值"),
    ("What was the gross output value of agriculture?", "农业总产值", "一产增加值"),
    ("How much did farm output grow?", "农林牧渔业总产值", "一产"),
])
def test_the_primary_industrys_value_added_is_not_farmings_gross_output(
        question: str, found: str, not_found: str) -> None:
    terms = official_terms(question)
    assert found in terms and not_found not in terms


@pytest.mark.parametrize(("question", "term"), [
    ("By how much was the minimum wage raised?", "最低工资标准"),
    ("How much did unemployment benefits go up per month?", "失业保险金"),
])
def test_the_livelihood_standards_in_everyday_english(question: str, term: str) -> None:
    assert term in official_terms(question)



def test_the_question_analysis_holds_the_indicators_a_quantity_question_asks() -> None:
    """Analysed once (qa/query.py), read by answering and declining alike."""
    for question in ("全省一般公共预算收入是多少亿元？", "What was the province's GDP in 2025?"):
        query = analyse(question)
        assert query.indicators == tuple(indicators_asked(question, query.lang)) != ()
    assert analyse("谁作的政府工作报告？").indicators == ()  # no quantity asked: none


def test_a_token_brought_in_many_ways_weighs_at_most_the_cap_in_search(
        tmp_path: Path) -> None:
    """An English place name adds its token once for the place and once for each place in
    it: summed, it outweighed the thing asked. In search a token counts at most
    MAX_TERM_WEIGHT, so the passage holding three words of the question comes before the
    one holding only the place (the weights are given: this is the search's seam)."""
    index, retriever = _report_searched(tmp_path, "一、2025年工作回顾\n"
                                        "海南自贸港建设有序推进，全省上下真抓实干。\n"
                                        "二、文化和旅游\n接待入境游客150万人次，文旅消费持续升温。\n")
    assert not any("海南" in c.text and "入境" in c.text for c in index.chunks)
    assert MAX_TERM_WEIGHT < 3.0  # below the three words of the question the passage holds
    weights = {"海南": 6.0, "入境": 1.0, "境游": 1.0, "游客": 1.0}
    retriever.lexical_terms = lambda query, expanded=True: weights  # type: ignore[method-assign]
    scores = retriever.lexical_scores(analyse("How many inbound tourists did Hainan receive?"))
    best = max(range(len(scores)), key=lambda row: scores[row])
    assert "入境游客" in index.chunks[best].text
