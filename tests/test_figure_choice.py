"""Which figure of a clause answers (qa/figures.py), in sentences written for these tests:
the new figure of a change the text states ("由21%提升至74%") unless the old one is asked
for; the figure of the subject asked, when one paired word ("城乡") names the subjects."""

from __future__ import annotations

import pytest

from qa.figures import answer_figures, best_figure
from qa.lexical import tokenize
from qa.query import analyse


def answer_of(question: str, span: str) -> str:
    query = analyse(question)
    terms = {token: 1.0 for token in tokenize(question)}
    figure = best_figure(answer_figures(query, span, terms))
    assert figure is not None
    return figure.text


@pytest.mark.parametrize(("question", "span", "figure"), [
    ("零关税商品税目比例提高到了多少？", "进口零关税商品税目比例由21%提升至74%", "74%"),
    ("零关税商品税目比例是多少？", "进口零关税商品税目比例由21%提升至74%", "74%"),
    ("What share of tariff lines carries zero tariffs now?",
     "进口零关税商品税目比例由21%提升至74%", "74%"),
    ("高铁里程有多少公里？", "高铁里程从2110公里增至3055公里，居全国前列", "3055公里"),
    ("基础养老金最低标准每月多少钱？", "城乡居民基础养老金最低标准从98元/月提高到178元/月",
     "178元"),
    ("长臂猿种群恢复到多少只？", "长臂猿种群由2群12只恢复至7群42只", "42只"),
    # the year each figure stands in, between them
    ("What was the province's GDP in 2025?",
     "全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元、实现万亿级跃升", "4.93万亿元"),
])
def test_the_new_figure_of_a_change_answers(question: str, span: str, figure: str) -> None:
    assert answer_of(question, span) == figure


@pytest.mark.parametrize(("question", "span", "figure"), [
    ("零关税商品税目比例原来是多少？", "进口零关税商品税目比例由21%提升至74%", "21%"),
    ("高铁里程是从多少公里增加的？", "高铁里程从2110公里增至3055公里", "2110公里"),
    ("What was the share of zero-tariff lines originally?",
     "进口零关税商品税目比例由21%提升至74%", "21%"),
    ("What was the share of zero-tariff lines before in Hainan?",
     "进口零关税商品税目比例由21%提升至74%", "21%"),
    # the year asked is the old figure's own
    ("How big was the province's economy in 2020?",
     "全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元、实现万亿级跃升", "3.68万亿元"),
    ("2020年全省生产总值是多少？", "全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元",
     "3.68万亿元"),
])
def test_the_old_figure_answers_when_it_is_asked_for(question: str, span: str,
                                                     figure: str) -> None:
    assert answer_of(question, span) == figure


def test_figures_that_are_not_a_change_keep_their_own_words() -> None:
    """"由企业投资5亿元，建成3个项目": 由 names who paid, the figures are no change; the
    question's words pick the figure as before."""
    assert answer_of("建成多少个项目？", "由企业投资5亿元，建成3个项目") == "3个"
    assert answer_of("企业投资多少钱？", "由企业投资5亿元，建成3个项目") == "5亿元"


@pytest.mark.parametrize(("question", "span", "figure"), [
    ("农村低保标准每月多少钱？", "城乡低保标准提高到每月815元和615元", "615元"),
    ("城镇低保标准每月多少钱？", "城乡低保标准提高到每月815元和615元", "815元"),
    ("农村居民低保标准是多少？", "城乡居民低保月均标准分别提高到798元和676元", "676元"),
    ("农村居民人均可支配收入是多少？", "城乡居民人均可支配收入分别达6.9万元、3.4万元", "3.4万元"),
    ("出口增长了多少？", "进出口分别增长4.1%、6.3%", "6.3%"),
    ("农村居民收入增长多少？",
     "一般公共预算收入增长2.9%，城镇、农村常住居民人均可支配收入分别增长4.4%、5.9%", "5.9%"),
])
def test_a_paired_word_gives_each_subject_its_figure(question: str, span: str,
                                                     figure: str) -> None:
    assert answer_of(question, span) == figure


def test_a_paired_word_with_other_figures_in_its_clause_pairs_nothing() -> None:
    """Three figures after "城乡" are no pair: the question's own words decide."""
    assert answer_of("农村低保标准每月多少钱？",
                     "城乡低保标准提高到每月815元、615元和500元") == "815元"


def test_a_number_in_chinese_numerals_inside_a_quoted_name_is_no_figure() -> None:
    """"“两项补贴”" names an allowance; "“15分钟养老服务圈”" still measures a walk."""
    assert answer_of("低保标准每月多少钱？",
                     "城市低保标准提高至842元/月，残疾人“两项补贴”标准稳步提高") == "842元"
    assert answer_of("走多少分钟能享受养老服务？", "打造“15分钟养老服务圈”，建成设施3588个") \
        == "15分钟"


def test_a_list_items_number_at_the_start_of_its_line_is_no_figure() -> None:
    """"11.“2030先锋工程”：到2030年，布局20个左右重大专项": the 11 numbers the item."""
    span = "11.“2030先锋工程”：到2030年，布局20个左右重大专项"
    assert answer_of("“2030先锋工程”是多少？", span) == "20个"
    # …but a figure with its unit at the start of a line is still one
    assert answer_of("建成多少个？", "建成站点\n11个.") == "11个"


def test_a_second_respectively_goes_on_with_the_subjects_of_the_first() -> None:
    """"一产、二产、三产增加值分别增长6%、5.2%、5.2%，分别居全国第二、第七、第九": the second
    分别 has no subjects of its own; the head the subjects share (增加值) is each one's."""
    span = "一产、二产、三产增加值分别增长6%、5.2%、5.2%，分别居全国第二、第七、第九"
    assert answer_of("二产增加值增速排第几？", span) == "第七"
    assert answer_of("一产增加值增长了多少？", span) == "6%"


def test_the_words_closing_a_lists_last_subject_measure_every_subject() -> None:
    """"城乡居民基础养老金、低保标准每月分别提高25元、50元": both are raised per month, so a
    question on the pension per month is about the first figure, not the one whose subject
    happens to hold 每月."""
    span = "城乡居民基础养老金、低保标准每月分别提高25元、50元，特困供养生活费标准每月提高65元"
    weights = {"基础": 1.7, "础养": 4.2, "养老": 2.8, "老金": 4.1, "每月": 6.0, "月提": 6.2,
               "提高": 1.7, "多少": 8.2, "去年": 6.2}  # by rarity, as answering weighs them
    query = analyse("去年城乡居民基础养老金每月提高了多少？")
    figure = best_figure(answer_figures(query, span, weights))
    assert figure is not None and figure.text == "25元"
    assert answer_of("低保标准每月提高了多少？", span) == "50元"


def test_words_of_time_between_subject_and_verb_do_not_hide_the_predicate() -> None:
    """"低保标准提高了多少？": "低保标准每月分别提高…50元" raises the standard as much as
    "补助标准提高到700元" does, and names it."""
    span = "低保标准每月分别提高25元、50元，城乡居民基本医保人均补助标准提高到700元"
    assert answer_of("低保标准提高了多少？", "城乡居民基础养老金、" + span) == "50元"
    query = analyse("低保标准提高了多少？")
    shares = {f.text: f.predicate for f in answer_figures(query, "低保标准每月提高50元", {})}
    assert shares == {"50元": 1.0}


def test_the_most_of_a_whole_is_a_place_in_its_ranking() -> None:
    """"医养结合养老机构增至1125家、全国最多": asked where it ranks, 全国最多."""
    assert answer_of("这个数量在全国排什么位置？", "医养结合养老机构增至1125家、全国最多") == \
        "全国最多"


def test_a_version_number_is_no_figure() -> None:
    """"零基预算改革2.0版" names a version of the reform."""
    assert answer_figures(analyse("零基预算改革推进到多少了？"), "推深做实零基预算改革2.0版",
                          {}) == []


def test_the_first_year_of_a_span_of_years_is_no_figure() -> None:
    """"规划(2024-2035年)" dates a plan: neither year is a count, even the one without 年."""
    query = analyse("全市建了多少个养老设施？")
    for span in ("编制《养老设施布局规划(2024-2035年)》", "落实2021至2025年行动方案",
                 "实施2026—2030年规划"):
        assert not answer_figures(query, span, {}), span
    assert answer_of("全市建了多少个养老设施？", "2021至2025年建成养老设施120个") == "120个"



@pytest.mark.parametrize(("question", "figure"), [
    ("How many kilowatts is that capacity?", "9048万千瓦"),
    ("新能源和清洁能源装机有多少？", "9048万千瓦"),
    ("去年发电量多少？", "3500亿千瓦时"),
])
def test_power_is_counted_in_kilowatts_and_energy_in_kilowatt_hours(question: str,
                                                                    figure: str) -> None:
    span = "布局13个绿电产业园区，装机达到9048万千瓦，发电量3500亿千瓦时"
    assert answer_of(question, span) == figure


def test_money_asked_in_everyday_words_is_answered_in_money() -> None:
    assert answer_of("游客一共花了多少钱？", "全年接待游客3.23亿人次、游客花费3700亿元") \
        == "3700亿元"


@pytest.mark.parametrize(("question", "figure"), [
    ("碳酸锂产量比上年多了百分之几？", "25.3%"),  # a percentage asked in so many words
    ("碳酸锂产量是多少？", "16.9万吨"),  # output is weighed
    ("How much lithium carbonate was produced?", "16.9万吨"),
])
def test_output_is_answered_by_weight_unless_a_percentage_is_asked(question: str,
                                                                    figure: str) -> None:
    assert answer_of(question, "生产碳酸锂16.9万吨、增长25.3%") == figure


@pytest.mark.parametrize(("question", "figure"), [
    ("细颗粒物年均浓度降到多少？", "27微克/立方米"),  # "降到": the new level
    ("细颗粒物年均浓度比上年下降了百分之几？", "11.5%"),  # the change, named by the level's words
    ("What was the fine particulate concentration?", "27微克/立方米"),
])
def test_a_level_and_its_change(question: str, figure: str) -> None:
    span = "优良天数比例首次突破80%，细颗粒物年均浓度27微克/立方米、下降11.5%"
    assert answer_of(question, span) == figure


@pytest.mark.parametrize("question", ["新能源和清洁能源装机占到多大比重？",
                                      "新能源和清洁能源装机占比是多少？"])
def test_the_share_a_level_makes_is_named_by_the_levels_words(question: str) -> None:
    """"装机…达到9048万千瓦，占比55.1%": the share is the capacity's, though its own clause
    says only 占比."""
    span = "煤炭先进产能占比提高到84%，新能源和清洁能源装机达到9048万千瓦，占比55.1%"
    assert answer_of(question, span) == "55.1%"


def test_a_date_the_question_states_is_not_the_answer() -> None:
    """"When was Shandong's 2026 report delivered?": the day, not the year it names."""
    span = "2026年山东省政府工作报告——2026年1月27日在山东省第十四届人民代表大会第四次会议上"
    assert answer_of("When was Shandong's 2026 government work report delivered?",
                     span) == "2026年1月27日"


def test_a_figure_that_goes_on_about_the_same_thing_is_named_by_its_words() -> None:
    """"首次突破2万元、达到20793元": 20793元 is the income the clause names."""
    assert answer_of("农村居民人均可支配收入达到多少元？",
                     "其中农村居民人均可支配收入首次突破2万元、达到20793元") == "20793元"


@pytest.mark.parametrize(("question", "span", "figure"), [
    ("人均地区生产总值达到多少美元？", "人均地区生产总值突破1万美元、达1.12万美元", "1.12万美元"),
    ("算力规模要突破多少？", "全省算力规模突破190Eflops。累计引进150家企业", "190Eflops"),
    # a bare P or E is petaflops or exaflops where computing power is spoken of
    ("智算算力新增了多少？", "新增智算算力1630P,算力规模位居副省级城市第1", "1630P"),
    ("软件业务收入比上年涨了多少？", "软件业务营业收入突破3500亿元、增长15%", "15%"),
    ("优良天数比例在全国排第几？", "城市空气质量优良天数比率98.9%、居全国第1位", "全国第1位"),
])
def test_the_exact_figure_the_unit_and_the_kind_asked(question: str, span: str,
                                                     figure: str) -> None:
    """A threshold gives way to the exact figure after it; a unit in Latin letters is a
    unit (5G stays a name); growth over a year is a rate; a place asked for is a rank."""
    assert answer_of(question, span) == figure


def test_a_digit_fused_with_letters_is_still_a_name() -> None:
    query = analyse("建成多少个基站？")
    assert [f.text for f in answer_figures(query, "建成5G基站12个", {})] == ["12个"]
    # … and a bare P names a thing where no computing power is spoken of
    assert [f.text for f in answer_figures(analyse("建成多少个车位？"), "建成3P停车场车位12个",
                                           {})] == ["12个"]


def test_numbers_joined_by_plus_are_a_name() -> None:
    query = analyse("城镇化率目标是多少？")
    span = "聚焦“1+3+N”任务体系，常住人口城镇化率达到61%"
    assert [f.text for f in answer_figures(query, span, {})] == ["61%"]


def test_a_total_after_a_change_is_named_by_the_changes_words() -> None:
    """"外贸进出口增长8.4%，总额突破8000亿元": 总额 is the trade's; the total is named by
    外贸进出口 as the growth is, and by the clause before its own."""
    query = analyse("外贸进出口总额是多少亿元？")
    span = "外贸进出口增长8.4%，总额突破8000亿元"
    figures = answer_figures(query, span, dict.fromkeys(tokenize("外贸进出口"), 1.0))
    growth, total = figures
    assert total.context_terms == growth.context_terms > 0
    assert total.named_before and not growth.named_before
    assert best_figure(figures) is total


@pytest.mark.parametrize(("question", "span", "total"), [
    ("全市绿道一共有多少公里？", "今年新建绿道120公里，总长度达到2400公里", "2400公里"),
    ("How many charging piles are there in total?", "新建充电桩3000个、累计达5.2万个",
     "5.2万个"),
    ("How long is the subway network in total?", "新增地铁里程25公里，总里程达580公里",
     "580公里"),
])
def test_a_total_after_what_was_added_answers_a_question_asking_the_total(
        question: str, span: str, total: str) -> None:
    """What was added in the year, then the whole so far (总长度, 总里程, 累计): "in total"
    asks the whole, even where the question's words name neither figure's clause."""
    assert answer_of(question, span) == total


def test_what_was_added_still_answers_a_question_asking_what_was_added() -> None:
    span = "今年新建绿道120公里，总长度达到2400公里"
    assert answer_of("今年新建绿道多少公里？", span) == "120公里"


@pytest.mark.parametrize(("question", "reading", "figure"), [
    ("How many kilometres of new expressways opened?", "高速公路", "320公里"),
    ("How many kilometres of new high-speed rail opened?", "高铁", "95公里"),
])
def test_a_clause_naming_only_a_measure_measures_the_thing_before_it(
        question: str, reading: str, figure: str) -> None:
    """"新增里程320公里" names no thing: the clause before says what it measures, though
    that clause counts something of its own ("8个县"). reading: the term map's Chinese for
    the question's thing."""
    span = "新增高铁运营里程95公里，8个县通了高速公路，新增里程320公里"
    terms = dict.fromkeys(tokenize(question), 1.0) | dict.fromkeys(tokenize(reading), 1.0)
    found = best_figure(answer_figures(analyse(question), span, terms))
    assert found is not None and found.text == figure


@pytest.mark.parametrize(("text", "subject"), [
    ("全市外贸总值创历史新高，达到812亿元、增长6.1%", "全市外贸总值创历史新高"),
    ("森林覆盖率稳步提高，提升至47.5%", "森林覆盖率稳步提高"),
])
def test_a_clause_opening_with_a_verb_of_attainment_takes_its_subject_before(
        text: str, subject: str) -> None:
    from qa.figure_links import subjects_before
    from qa.numbers import numbers_in

    assert subjects_before(text, numbers_in(text)) == {0: subject}
    # the figure is named by its subject's words
    question = subject[:4] + "是多少？"
    figure = answer_figures(analyse(question), text, dict.fromkeys(tokenize(subject[:4]), 1.0))[0]
    assert figure.named_before and figure.context_terms > 0


@pytest.mark.parametrize("text", [
    "粮食产量610万吨，增长2.1%",  # its own subject
    "新增就业8万人，达到历史最高",  # the clause before holds a figure: no subject to lend
    "达到812亿元",  # nothing before it
])
def test_a_clause_with_a_subject_of_its_own_borrows_none(text: str) -> None:
    from qa.figure_links import subjects_before
    from qa.numbers import numbers_in

    assert subjects_before(text, numbers_in(text)) == {}


def test_asked_in_all_the_added_figure_gives_way_to_the_total() -> None:
    span = "新增高新技术企业45家、总数达到310家"
    for question in ("全市一共有多少家高新技术企业？",
                     "How many high-tech firms are there in total?"):
        assert answer_of(question, span) == "310家", question
    assert answer_of("新增了多少家高新技术企业？", span) == "45家"


def test_a_figure_named_by_a_per_head_one_is_per_head_too() -> None:
    """"人均地区生产总值突破1万美元、达1.12万美元": the exact figure after the threshold is per
    head as the threshold is; a question on GDP itself gets neither."""
    span = "地区生产总值突破3万亿元、达3.4万亿元，人均地区生产总值突破1万美元、达1.05万美元"
    assert answer_of("What size had the province's GDP reached?", span) == "3.4万亿元"
    per_head = "人均地区生产总值突破1万美元、达1.05万美元"
    assert answer_figures(analyse("What was the GDP?"), per_head, {}) == []
    assert answer_of("人均地区生产总值达到多少？", per_head) == "1.05万美元"


@pytest.mark.parametrize(("question", "figure"), [
    # what was produced, not the plant that opened
    ("碳酸锂产量是多少？", "12.4万吨"),
    ("How much lithium carbonate was produced?", "12.4万吨"),
    # asked of the plant itself, its capacity answers
    ("新投产的碳酸锂项目产能多大？", "3万吨"),
    ("What capacity does the new lithium carbonate plant have?", "3万吨"),
])
def test_a_figure_sizing_a_project_answers_only_a_question_about_the_project(
        question: str, figure: str) -> None:
    span = "3万吨电池级碳酸锂项目建成投产，全年生产碳酸锂12.4万吨"
    assert answer_of(question, span) == figure


def test_a_figure_of_projects_answers_a_question_about_projects() -> None:
    """"实施重点项目120个" answers how many projects; "97个新建居住项目" and "总投资50亿元的
    …工程" are of projects, which a question on canteens or on investment in all is not."""
    query = analyse("How many projects were carried out?")
    figures = answer_figures(query, "全年实施重点项目120个、完成投资800亿元", {})
    assert figures and not any(f.of_project for f in figures)
    counted = answer_figures(analyse("新建了多少个食堂？"), "97个新建居住项目配建养老用房", {})
    assert [f.of_project for f in counted] == [True]
    sized = answer_figures(analyse("投资多少？"), "总投资50亿元的跨江大桥工程开工", {})
    assert [f.of_project for f in sized] == [True]


def test_energy_in_du_answers_how_much_electricity_beside_a_count() -> None:
    # 度 is the everyday name of the kilowatt-hour: the energy sent answers, not the count of
    # regions it was sent to
    span = "绿电外送至15个省区市，输出120亿度、增长8%"
    assert answer_of("向外省送了多少绿电？", span) == "120亿度"
    assert answer_of("How much green electricity was sent out?", span) == "120亿度"


def test_words_every_figure_of_a_list_shares_still_name_each_of_them() -> None:
    """A figure of a list keeps the words of its list's head ("分别居全国…"): they add the
    same to every figure of the list, and left out they made the figure asked weigh less
    than a lone figure of another span that has them ("居民收入居全国第五")."""
    question = "农村居民收入增速在全国排第几？"
    query = analyse(question)
    terms = {token: 1.0 for token in tokenize(question)}
    listed = answer_figures(query, "城镇、农村居民收入分别增长4%、6%，分别居全国第九、第三", terms)
    lone = answer_figures(query, "居民收入居全国第五", terms)
    best = best_figure(listed)
    assert best is not None and best.text == "第三"
    assert best.context_terms > max(f.context_terms for f in lone)
