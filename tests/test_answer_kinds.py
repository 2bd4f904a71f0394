"""What a question asks for, and the pieces of text that can answer it (no model needed)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.answer_types import asked_kind, holds_kind
from qa.figures import added_not_asked, answer_figures, best_figure, lead_words
from qa.lexical import tokenize
from qa.people import asked_titles, names_official
from qa.query import analyse, expand_contractions, without_proposal_refs


@pytest.mark.parametrize(("question", "kind"), [
    ("养老那份建议是哪个部门牵头办的？", "organisation"),
    ("Which three bodies were the lead handlers of the proposals?", "organisation"),
    ("这份报告是在政协哪一次会议上作的？", "session"),
    ("At which session was the report delivered?", "session"),
    ("通报的是哪次会议的建议案？", "proposals_session"),
    ("Proposals from which session does the report cover?", "proposals_session"),
    ("这些建议是政协哪一次会议上提出的？", "proposals_session"),
    ("The proposals it reports on: which session put them forward?", "proposals_session"),
    ("动工的项目里点名举例的是哪家公司？", "company"),
    ("Who delivered the report?", "person"),
    ("Whom does the report thank at its end?", "person"),
    ("念报告的人是什么身份？", "person"),
    ("What is the policy package on research results called?", "name"),
    ("What business-environment policy package was issued?", "name"),
    ("武汉新城办学走的是什么路子？", "name"),
    ("比全国高还是低？", "comparison"),
    ("Was growth higher or lower than the national rate?", "comparison"),
    ("2号建议案的标题是什么？", "title"),
    ("5号建议想把城市建成什么样？", "title"),  # a proposal's aim is its title
    ("What kind of city is proposal 4 working towards?", "title"),
    ("What is the full title of the report?", "title"),
    ("市民对这项工作打了什么评价？", "rating"),
    ("How were the two proposals rated by the members?", "rating"),
    ("What was the result of the annual performance assessment?", "rating"),
    ("市民满意度是多少？", None),  # a share asked, not a verdict
    ("How many elderly meal sites were built?", None),
    # "which levels of government policy": levels are asked for, not a policy's name
    ("Which levels of government policy support lists are projects put on?", None),
])
def test_asked_kind(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


def test_holds_kind() -> None:
    assert holds_kind("东湖高新区管委会、市经信局、市民政局分别主办", "organisation")
    assert not holds_kind("布局建设16条重点产业链", "organisation")  # 布局 is no bureau
    assert holds_kind("政协武汉市第十四届委员会第四次会议上", "session")
    assert holds_kind("开工芯盟科技等50亿元以上项目11个", "company")
    assert holds_kind("出台“优化营商环境30条”", "name")
    assert holds_kind("一、《关于加快发展冰雪经济的建议案》办理情况", "title")
    assert holds_kind("地区生产总值增长4.7%、低于全国0.3个百分点", "comparison")
    assert not holds_kind("地区生产总值增长5%左右", "comparison")
    assert not holds_kind("打造冰雪经济的建议案》办理情况", "title")  # a scrap of one
    assert not holds_kind("编制《养老设施空间布局规划》", "title")  # a plan the text cites
    # The session a proposal came from is not the session something took place at.
    assert not holds_kind("关于政协第十四届委员会第三次会议建议案办理情况的通报", "session")
    assert holds_kind("关于政协第十四届委员会第三次会议建议案办理情况的通报", "proposals_session")
    assert not holds_kind("高度重视市政协十四届三次会议《关于加快冰雪经济发展的建议案》", "session")
    assert holds_kind("深入贯彻落实习近平总书记关于加强和改进人民政协工作的重要思想", "person")
    assert not holds_kind("3件建议案由分管副市长对口领办", "person")
    assert holds_kind("测评结果均为“良好”", "rating")
    assert holds_kind("成为全省唯一的B类保税区", "rating")
    assert holds_kind("年度考核被评为优秀", "rating")
    assert not holds_kind("组织民主测评", "rating")  # the evaluation, not its verdict
    assert not holds_kind("群众不满意的问题", "rating")


def test_titles_and_named_officials() -> None:
    assert asked_titles("市人民政府副秘书长是谁？") == ("副秘书长",)
    assert asked_titles("Which vice mayor handled proposal 3?") == ("副市长",)
    assert asked_titles("Who is the mayor?") == ("市长",)
    text = "市委副书记、市长盛阅春领衔办理2号建议案"
    assert names_official(text) and names_official(text, ("市长",))
    assert not names_official(text, ("副市长",))  # a vice mayor is not the mayor
    assert names_official("市人民政府秘书长杨相卫", ("秘书长",))
    # the name before the title, as an address names one; a deputy is not the chair
    assert names_official("一年来,杨智主席、各位副主席多次调研指导", ("主席",))
    assert not names_official("一年来,王副主席、各位秘书长多次调研指导", ("主席",))
    assert not names_official("各位副主席多次调研指导", ("主席",))
    assert not names_official("市人民政府秘书长杨相卫", ("副秘书长",))
    assert not names_official("3件建议案由分管副市长对口领办")  # 对口领 is no name
    assert names_official("北京市市长 殷勇", ("市长",))  # a speaker line sets the name apart
    assert names_official("省长　王予波", ("省长",)) and not names_official("省长  报告")
    # the head of an autonomous region is its 主席, of a municipality its 市长; a
    # two-character name may be padded with a space on the speaker line
    titles = asked_titles("这个自治区的省长是谁？")
    assert set(titles) == {"省长", "主席", "市长"}
    assert names_official("自治区主席 韦 韬", titles)
    assert asked_titles("副省长是谁？") == ("副省长", "副主席", "副市长")
    assert asked_titles("Which vice governor spoke?") == ("副省长", "副主席", "副市长")


@pytest.mark.parametrize(("question", "quantity"), [
    ("What is the outstanding balance of guaranteed loans?", True),
    ("What was the total cost of the new stadium?", True),
    ("What is public spending on schools this year?", True),
    ("What was the price reform about?", False),  # a reform, not a price
    ("What is the pricing mechanism for water?", False),
    # a level and a gross product are figures; a level of government is not
    ("What annual average PM2.5 level is the city aiming for?", True),
    ("What was the province's gross regional product in 2025?", True),
    ("What level of government runs the schools?", False),
])
def test_a_balance_a_cost_or_spending_asks_a_figure(question: str, quantity: bool) -> None:
    assert analyse(question).asks_quantity is quantity


def test_quantity_question_analysis() -> None:
    assert analyse("How many humanoid robots were produced?").asks_count
    assert not analyse("How many yuan were invested?").asks_count
    assert analyse("武汉新城一共有多少辆公交车？").asks_count
    assert analyse("How many students will the school enrol?").asks_people
    assert analyse("新增学位多少人？").asks_people
    assert not analyse("新投用多少所中小学？").asks_people
    assert analyse("这个平台有多少老年人注册使用？").asks_people  # the people, then the verb
    # a word that starts with 人 is no person counted
    assert not analyse("新签约了多少个人工智能产业项目？").asks_people
    assert analyse("去年有多少个人参加培训？").asks_people
    # the people a count serves are not what it counts
    assert not analyse("How many meal sites for elderly people were built?").asks_people
    assert not analyse("How many clinics serving local residents opened?").asks_people
    assert analyse("How many elderly people were served?").asks_people
    # spectators, tourists, passengers, patients and graduates are people too ("How many
    # spectators attended the open?" is not answered by "63个" matches or "11条" routes)
    for people in ("How many spectators attended the open?", "How many tourists came?",
                   "How many passengers did the airport handle?", "多少毕业生留在本地就业？",
                   "运送了多少旅客？", "How many patients were treated?"):
        assert analyse(people).asks_people, people
    assert not analyse("How many tourist attractions are rated 5A?").asks_people
    assert not analyse("How many passenger flights were added?").asks_people
    # the words after "how many" name what is counted, before the rest of the question
    assert analyse("How many medical beds do the care institutions have?").units[0] == "张"
    assert analyse("How many new energy vehicles did the city make?").units == ("辆",)
    # the size of an economy is money; how fast it grew is a share
    assert analyse("What was the province's GDP in 2025?").units == ("元", "美元")
    assert analyse("全省经济总量达到多少？").units == ("元", "美元")
    # … and of its trade and retail sales; what is counted beside them is no size
    assert analyse("How large was the region's foreign trade in 2025?").units == ("元", "美元")
    assert analyse("外贸进出口总额是多少？").units == ("元", "美元")
    assert analyse("How fast did foreign trade grow?").units == ("%",)
    assert analyse("How many foreign trade berths were added?").units == ()
    assert analyse("去年GDP增速是多少？").units == ("%",)
    assert analyse("What per-capita income in US dollars did it reach?").units[1] == "美元"
    # firms are counted in 户 as well as 家: registered ones, market entities and kinds of
    # firm alike ("新增规模以上工业企业755户", "“小巨人”企业从80户增加到810户"); other things
    # counted in 家 are not
    assert analyse("今年新注册了多少家企业？").units == ("家", "户")
    assert analyse("全市经营主体一共有多少家？").units == ("家", "户")
    assert analyse("How many businesses are there in the city?").units == ("家", "户")
    assert analyse("全市规上工业企业有多少家？").units == ("家", "户")
    assert analyse("“小巨人”企业从80家增加到多少家？").units == ("家", "户")
    assert analyse("全市有多少家养老机构？").units == ("家",)
    # a classifier after a multiplier is still the one counted in ("多少万瓶", "多少万户")
    assert analyse("葡萄酒产量是多少万瓶？").counted_in == "瓶"
    assert analyse("全市有多少万户家庭？").units == ("户",)
    assert analyse("粮食产量多少万吨？").units == ("万吨",)
    assert analyse("How many companies were listed?").units == ("家",)
    assert analyse("On which day did the CPPCC inspect the handling?").date_part == "日"
    assert analyse("去年城镇新增就业多少万人？").asks_people  # people counted in ten thousands
    # … or days, over more than one ("On which dates did the inspection take place?")
    dates = analyse("On which dates did the leaders inspect the works?")
    assert dates.asks_time and dates.date_part == "日"
    assert analyse("In which years did the output double?").date_part == "年"
    assert analyse("累计接待外事组团同比增长多少？").predicate == "同比增长"
    assert not analyse("光电子那块动工的几十亿大项目里是哪家公司？").asks_quantity  # an estimate
    assert analyse("What is the population of Wuhan?").asks_quantity
    # a goal is a target in other words ("What's the goal for new urban jobs this year?")
    assert analyse("And what's the province's goal for new urban jobs this year?").asks_quantity
    # "这几年", "近几年" are a time, not a question of how many
    assert not analyse("贵州这几年把什么作为全省发展的主战略？").asks_quantity
    assert analyse("近几年新增了几家企业？").asks_quantity  # … its own 几家 still asks
    assert analyse("通报最后说要写好哪一篇章？").document_part == "closing"
    assert analyse("What does the opening say about the proposals?").document_part == "preamble"
    assert analyse("最后一共建成多少个？").document_part == ""  # 最后 alone is "in the end"
    # the document named at length, or by another word for its end
    assert analyse("Whom does the city thank at the end of its briefing on the proposals?"
                   ).document_part == "closing"
    assert analyse("At the close of the bulletin, whom does it thank?").document_part == "closing"
    assert analyse("How many were built by the end of 2025?").document_part == ""


def test_figure_kinds_and_units() -> None:
    query = analyse("布设自助政务服务终端多少台？")
    figures = answer_figures(query, "布设自助政务服务终端600余台,接入民生服务事项200余项", {})
    assert [(f.text, f.kind) for f in figures] == [("600余台", "count"), ("200余项", "count")]
    money = answer_figures(analyse("完成投资多少？"), "2024年完成投资185亿元", {})
    assert [(f.text, f.kind) for f in money] == [("185亿元", "money")]


def test_session_numbers_are_not_counts() -> None:
    query = analyse("How many members does the committee have?")
    assert answer_figures(query, "市政协十四届三次会议", {}) == []


def test_party_congress_plenum_and_anniversary_numbers_are_not_counts() -> None:
    query = analyse("How many new urban jobs will the province create?")
    text = "深入贯彻党的二十大和二十届四中全会精神，城镇新增就业55万人"
    assert [f.text for f in answer_figures(query, text, {})] == ["55万人"]
    text = "今年是中国共产党成立105周年，地区生产总值增长5%左右"
    assert [f.text for f in answer_figures(analyse("增长目标是多少？"), text, {})] == ["5%"]


@pytest.mark.parametrize("question", ["What's the province's GDP growth target for 2026?",
                                      "What’s the share of service industries?",
                                      "How's the number of new jobs planned?"])
def test_a_contracted_english_question_is_analysed_as_spelled_out(question: str) -> None:
    spelled = expand_contractions(question)
    assert spelled.startswith(("What is ", "How is "))
    assert analyse(question).asks_quantity and analyse(question) == replace(
        analyse(spelled), text=question)


def test_a_possessive_is_not_a_contraction() -> None:
    assert expand_contractions("What is Yunnan's target? It's 5%.") == \
        "What is Yunnan's target? It is 5%."


def test_a_when_question_gets_the_whole_date_as_precise_as_asked() -> None:
    text = "2024年3件建议案的办理工作取得成效。2024年12月12日,市政协组织民主测评"
    best = best_figure(answer_figures(analyse("On which day did the CPPCC evaluate it?"), text, {}))
    assert best is not None and best.text == "2024年12月12日"
    figures = answer_figures(analyse("When was it evaluated?"), text, {})
    assert [f.text for f in figures] == ["2024年", "2024年12月12日"]


def test_a_rank_question_gets_a_place_not_a_percentage() -> None:
    text = "中长期制造业贷款余额增长4.33%。全国万家民企评营商环境,我市均位列全国前十"
    figures = answer_figures(analyse("武汉在营商环境评价中排名第几？"), text, {})
    assert [f.text for f in figures] == ["全国前十"]


def test_the_figure_after_the_questions_predicate() -> None:
    query = analyse("在试点小区完成改造多少户？")
    text = "意向改造1.1万户,签订协议9042户,完成改造6713户"
    figures = answer_figures(query, text, {})
    shares = {f.text: f.predicate for f in figures}
    assert shares == {"1.1万户": 0.5, "9042户": 0.0, "6713户": 1.0}
    best = best_figure(figures)
    assert best is not None and best.text == "6713户"


@pytest.mark.parametrize(("question", "predicate"), [
    ("同比增长多少？", "同比增长"),
    # the words between the predicate and 多少 are no part of it
    ("地铁总里程现在有多少公里？", "铁总里程"),
    ("今年的目标定的是多少？", "的目标定"),
    ("科技成果累计达到多少项？", "科技成果"),
    ("现在有多少？", ""),  # nothing but filler
])
def test_the_predicate_is_the_words_before_how_many(question: str, predicate: str) -> None:
    assert analyse(question).predicate == predicate


def test_a_total_is_not_answered_by_what_was_added() -> None:
    query = analyse("全市规上工业企业一共有多少家？")
    assert query.asks_total and not analyse("新增了多少家规上工业企业？").asks_total
    span = "新增规上工业企业406家，全市规上工业企业总数达到4200家"
    added, total = answer_figures(query, span, {})
    assert lead_words(span, added) == "新增规上工业企业406"
    assert added_not_asked(span, added, query.text) == "新增"
    assert added_not_asked(span, total, query.text) is None
    # Asked about what was added, the increment is the answer.
    assert added_not_asked(span, added, "一共新增了多少家规上工业企业？") is None


@pytest.mark.parametrize("question", [
    "全省累计建成多少个充电站？", "这些项目合计投资多少亿元？", "三个园区加起来有多少家企业？",
    "全市共有多少所高校？", "How many charging stations has the province built in all?",
    "What is the combined output of the three parks?",
    "What is the cumulative number of charging stations?",
])
def test_a_total_asked_in_everyday_words(question: str) -> None:
    """"累计", "加起来", "in all", "combined": the whole, not what one year added."""
    query = analyse(question)
    assert query.asks_total, question
    span = "新建充电站1200个，累计建成充电站8600个"
    if "charging" in question or "充电站" in question:
        added, total = answer_figures(query, span, {})
        assert added_not_asked(span, added, query.text) == "新建"
        assert added_not_asked(span, total, query.text) is None


@pytest.mark.parametrize("question", [
    "共有产权住房供应多少套？",  # shared-ownership housing is a kind, not a total
    "新建了多少个充电站？", "How many charging stations were added?",
])
def test_words_that_only_look_like_a_total(question: str) -> None:
    assert not analyse(question).asks_total, question


def test_the_level_asked_is_the_level_counted() -> None:
    from qa.answer_checks import LEVELS

    asked = [level for level, p in LEVELS.items() if p.search("新培育的省级绿色工厂有多少家？")]
    given = [level for level, p in LEVELS.items() if p.search("新培育国家级绿色工厂32家")]
    assert asked == ["provincial"] and given == ["national"]
    assert [level for level, p in LEVELS.items()
            if p.search("How many national-level green factories?")] == ["national"]
    assert [level for level, p in LEVELS.items()
            if p.search("How many green factories at the city level?")] == []


@pytest.mark.parametrize(("question", "expected"), [
    ("今年要改造多少公里燃气老旧管网？", "600"),
    ("今年要改造多少公里供热老旧管网？", "800"),
    ("排水管网改造多少公里？", "300"),
])
def test_a_run_of_figures_after_as_many_items_is_read_item_by_item(question: str,
                                                                    expected: str) -> None:
    """"改造老旧供热、燃气、排水管网800公里、600公里、300公里": no 分别, yet each figure is its
    item's; the list's head (改造老旧…管网) names them all alike."""
    span = "改造老旧供热、燃气、排水管网800公里、600公里、300公里"
    query = analyse(question)
    figure = best_figure(answer_figures(query, span, {t: 1.0 for t in tokenize(question)}))
    assert figure is not None and figure.quantity.text == expected


def test_a_total_asked_in_one_word() -> None:
    """"总里程", "total length": the whole network, not the kilometres added this year."""
    for question in ("地铁运营总里程达到多少公里？", "What is the total length of the metro?"):
        query = analyse(question)
        assert query.asks_total, question
        span = "开通3条地铁新线、新增运营里程30公里，总里程达909公里"
        _, added, total = answer_figures(query, span, {})
        assert added_not_asked(span, added, query.text) == "新增"
        assert added_not_asked(span, total, query.text) is None
    assert not analyse("新增运营里程多少公里？").asks_total


def test_a_figure_per_head_answers_only_a_question_per_head() -> None:
    span = "经济总量超过3万亿元，人均地区生产总值突破10万元"
    plain = answer_figures(analyse("全市地区生产总值是多少？"), span, {})
    assert [f.text for f in plain] == ["3万亿元"]
    for question in ("人均地区生产总值是多少？", "What is GDP per capita?"):
        figures = answer_figures(analyse(question), span, {})
        assert [f.text for f in figures] == ["3万亿元", "10万元"], question


def test_a_yearly_average_answers_only_a_question_asking_for_one() -> None:
    span = "五年来地区生产总值年均增长5.2%，2025年增长5.5%"
    assert [f.text for f in answer_figures(analyse("地区生产总值增长了多少？"), span, {})] \
        == ["5.5%"]
    for question in ("五年来年均增长多少？", "What was the average annual growth rate?"):
        assert "5.2%" in [f.text for f in answer_figures(analyse(question), span, {})]


def test_a_figure_per_unit_of_output_answers_only_a_question_asking_for_one() -> None:
    """"单位GDP二氧化碳排放下降3%" measures intensity: not the GDP growth target beside it."""
    span = "地区生产总值增长5%左右，单位GDP二氧化碳排放下降3%左右"
    assert [f.text for f in answer_figures(analyse("What is the GDP growth target?"), span,
                                           {})] == ["5%"]
    for question in ("单位GDP二氧化碳排放要下降多少？", "What is the carbon intensity target?"):
        assert "3%" in [f.text for f in answer_figures(analyse(question), span, {})]


def test_a_narrower_kind_of_the_thing_answers_only_a_question_naming_it() -> None:
    """Medical tourism is not tourism as a whole, nor inbound tourists all tourists; medical
    beds answer only a question on medical beds."""
    span = "接待游客突破1亿人次，医疗旅游人次86.5万，接待入境游客150万人次"
    figures = answer_figures(analyse("How many tourist visits did the province receive?"), span,
                             {})
    assert [f.text for f in figures] == ["1亿人次"]
    assert "150万人次" in [f.text for f in answer_figures(
        analyse("How many inbound tourists came?"), span, {})]
    assert "86.5万" in [f.text for f in answer_figures(analyse("医疗旅游人次有多少？"), span, {})]
    beds = "全市医养结合机构达到78家，医疗总床位5019张"
    assert [f.text for f in answer_figures(analyse("养老院一共有多少张床位？"), beds, {})] \
        == ["78家"]
    assert "5019张" in [f.text for f in answer_figures(
        analyse("How many medical beds do the institutions have?"), beds, {})]


@pytest.mark.parametrize("question", [
    "Date of the report to the fourth session?", "The date of the meeting?",
    "On what date was it delivered?"])
def test_a_date_asked_without_when(question: str) -> None:
    assert analyse(question).asks_time


def test_a_count_in_any_measure_word_is_not_answered_by_money() -> None:
    query = analyse("试点落地了几支外资基金？")
    assert query.asks_count and query.units == ("支",)


@pytest.mark.parametrize(("question", "content"), [
    ("4号建议案里，托育服务是怎么安排的？", "托育服务是怎么安排的？"),
    ("Under proposal 2, how much was invested in parks?", "how much was invested in parks?"),
    ("How many parks were built in proposal 3?", "How many parks were built ?"),
    ("第二件建议中公园建了多少个？", "公园建了多少个？"),
    ("How many parks were built?", "How many parks were built?"),  # names none
    ("3号建议案呢？", "3号建议案呢？"),  # nothing would be left
])
def test_the_proposal_a_question_names_is_cut_from_its_content(question, content) -> None:
    assert without_proposal_refs(question) == content


@pytest.mark.parametrize(("question", "span", "figure"), [
    ("农村居民收入增长多少？", "农村居民人均可支配收入增长8%左右", "8%"),
    ("What income growth is targeted for rural residents?", "农村居民人均可支配收入增长8%", "8%"),
    ("预期寿命是多少岁？", "人均预期寿命达到79.2岁", "79.2岁"),  # the unit shown with it
    ("城市低保标准每月多少钱？", "城市低保人均保障标准提高至842元/月", "842元"),
])
def test_a_figure_per_head_by_definition_needs_no_per_head_question(question, span,
                                                                     figure) -> None:
    assert [f.text for f in answer_figures(analyse(question), span, {})] == [figure]


@pytest.mark.parametrize(("question", "people"), [
    ("论坛吸引了多少专业观众？", True), ("来了几位外国专家？", True),
    ("有多少名游客来到景区？", True), ("建了多少专家工作站？", False),
    ("新建多少游客中心？", False)])
def test_people_are_counted_only_when_the_noun_names_them(question, people) -> None:
    assert analyse(question).asks_people is people


def test_growth_over_years_is_asked_as_a_yearly_average() -> None:
    span = "五年来地区生产总值年均增长5.2%，2025年增长5.5%"
    for question in ("“十四五”时期经济增长了多少？",
                     "How fast did GDP grow over the past five years?"):
        assert "5.2%" in [f.text for f in answer_figures(analyse(question), span, {})], question


def test_a_span_crosses_a_line_only_from_the_start_of_its_line() -> None:
    """A whole line and what follows may be quoted together; a scrap of a line may not."""
    from qa.chunk import split_clauses
    from qa.spans import passage_spans as _spans
    from qa.types import Chunk

    text = "一、《关于冰雪经济,打造冰雪之城的建议案》办理情况\n市长督办此案,要求加快建设。"
    chunk = Chunk("doc:p1-s0-m0", None, "", "", None, "", None, "", "", "", 0, len(text), text,
                  clauses=tuple(split_clauses(text)))
    _, spans = _spans(chunk)
    quoted = [span.text for _, _, span in spans]
    assert "打造冰雪之城的建议案》办理情况\n市长督办此案" not in quoted  # a scrap of the heading
    assert "市长督办此案" in quoted and "市长督办此案,要求加快建设" in quoted
    line = "（2025年1月7日在第四次会议上）\n秘书长张三"
    dated = Chunk("doc:preamble", None, "", "", None, "", None, "", "", "", 0, len(line), line,
                  clauses=tuple(split_clauses(line)))
    assert line in [span.text for _, _, span in _spans(dated)[1]]  # a whole line and the next


@pytest.mark.parametrize(("question", "units"), [
    # the head of what "how many" counts names the unit: the noun before "of" …
    ("How many kilometres of tram line are open now that two new lines opened?", ("公里",)),
    ("How many tonnes of rice did the county harvest?", ("吨",)),
    # … else the last noun of the phrase (a possessive does not end it)
    ("How many people's livelihood projects were completed?", ("项", "个")),
    ("How many new energy vehicle companies moved in?", ("家",)),
    ("How many consecutive years has the port led in throughput?", ("年",)),
    # "years" names the unit only as what is counted, not as a time in passing
    ("How many clinics opened this year?", ()),
    ("How long is the province's expressway network now?", ("公里",)),
    ("全省高速公路里程是多少？", ("公里",)),
])
def test_the_unit_asked_is_the_unit_of_what_is_counted(question: str,
                                                        units: tuple[str, ...]) -> None:
    found = analyse(question).units
    if units:
        assert found[:len(units)] == units
    else:
        assert "年" not in found


def test_english_words_do_not_hint_units_from_inside_other_words() -> None:
    # "consecutive" holds "cut", "separate" holds "rate": neither asks for a share
    assert "%" not in analyse("For how many consecutive terms did the club win?").units
    assert "%" not in analyse("How many separate sites were opened?").units
    assert "%" in analyse("What was the growth rate of exports?").units


def test_a_rank_asked_with_di_ji_is_not_a_count_of_people() -> None:
    query = analyse("女排在全运会上拿了第几名？")
    assert query.asks_rank and not query.asks_people
    assert "名" not in [m for m in query.units if query.asks_count]


@pytest.mark.parametrize("question", [
    "What R&D intensity target has the province set for 2026?",
    "What was the city's average per capita disposable income in 2025?",
    # the new figure of a change, asked with no measure named
    "What will the annual premium per student rise to?",
    "To what level will the allowance be raised?",
])
def test_a_what_question_naming_a_measure_asks_a_quantity(question: str) -> None:
    assert analyse(question).asks_quantity


def test_a_share_is_demanded_alone_though_its_whole_is_money() -> None:
    from qa.figure_kinds import demanded_kinds

    assert demanded_kinds(analyse(
        "What share of the general public budget spending went to education?")) == ("percent",)
    assert demanded_kinds(analyse("民生支出占一般公共预算支出的比重是多少？")) == ("percent",)
    assert "money" in demanded_kinds(analyse("How much was the general public budget?"))


@pytest.mark.parametrize(("question", "kinds"), [
    ("What subsidy did each family get?", ("money",)),
    ("How much subsidy was paid per household?", ("money",)),
    ("What was the province's GDP in 2030?", ("money",)),
    ("What was Upper Xanadu's GDP in 2030?", ("money",)),  # a name of two words
    ("What was the Xanadu Autonomous Region's GDP in 2030?", ("money",)),
    ("How large had the economy grown by 2030?", ("money",)),
    ("去年地区生产总值是多少？", ("money",)),
    # the growth of an economy or a list of subsidies asks no sum
    ("What was the province's GDP growth in 2030?", ()),
    ("今年GDP增长目标是多少？", ()),
    ("Which subsidies did the city expand?", ()),
    # funds put in or paid out are a sum; attention paid is not
    ("How much funding did the county put into rural roads?", ("money",)),
    ("How much did the city pay out in heating allowances?", ("money",)),
    ("How much did the province allocate to flood control?", ("money",)),
    ("全市投入了多少资金改造老旧小区？", ("money",)),
    ("专项经费是多少？", ("money",)),
    ("How much did the city pay attention to air quality?", ()),
    # a premium or a fee is a sum
    ("What will the annual premium per student rise to?", ("money",)),
    ("学生意外伤害保险保费提高到多少？", ("money",)),
    ("What is the monthly minimum wage now?", ("money",)),
    # a growth on the year before, or averaged, or how fast: a share, not the sum grown
    ("新型显示产值同比增长多少？", ("percent",)),
    ("出口额年均增长了多少？", ("percent",)),
    ("软件收入增速是多少？", ("percent",)),
    ("How fast did software revenue grow?", ("percent",)),
    # … while "增长了多少" alone may ask the sum added
    ("全市产值增长了多少？", ()),
    # a change of a sum may be given as its rate, unless money is named
    ("游客总花费涨了多少？", ()),
    ("How much did tourist spending grow?", ()),
    ("游客总花费涨了多少钱？", ("money",)),
    ("低保标准提高了多少元？", ("money",)),
    # what is harvested or mined is weighed, and trips are counted as visits; a change of
    # either may be given as its rate, unless its unit is named
    ("全县去年一共打了多少粮食？", ("weight",)),
    ("原煤产量是多少？", ("weight",)),
    ("How much cotton did the region produce?", ("weight",)),
    ("What was the county's grain output last year?", ("weight",)),
    ("What was the county's grain output growth?", ()),
    ("粮食产量增加了多少？", ()),
    ("粮食产量增加了多少万吨？", ("weight",)),
    ("What was the airport's passenger throughput?", ("visits",)),
    ("景区全年接待了多少游客？", ("visits",)),
    ("客流量增长了多少？", ()),
    ("客流量增长了多少人次？", ("visits",)),
    # the level an income reached is a sum, in Chinese as in English
    ("农村居民人均可支配收入去年达到多少？", ("money",)),
    ("城镇居民人均可支配收入是多少？", ("money",)),
    ("城镇居民人均可支配收入增长了多少？", ()),
    # the size of an economy in other words
    ("全省去年GDP总量是多少？", ("money",)),
    ("这个市的经济规模有多少？", ("money",)),
    ("生产总值总量达到了多少？", ("money",)),
    ("GDP总量增长了多少？", ()),
])
def test_a_subsidy_or_the_size_of_an_economy_is_a_sum(question: str,
                                                     kinds: tuple[str, ...]) -> None:
    from qa.figure_kinds import demanded_kinds

    assert demanded_kinds(analyse(question)) == kinds


@pytest.mark.parametrize("question", ["这个港口连续多少年吞吐量第一？",
                                      "For how many consecutive years has the port led?"])
def test_a_count_of_years_is_a_figure_for_a_question_counting_years(question: str) -> None:
    span = "2024年港口吞吐量增长8%、连续12年居全省第一"
    figures = [(f.quantity.text, f.unit) for f in answer_figures(analyse(question), span, {})]
    assert ("12", "年") in figures
    assert not any(text.startswith("2024") for text, _ in figures)  # a year stays a date
    # a question that counts no years does not get them as figures
    assert all(f.unit != "年" for f in answer_figures(analyse("吞吐量增长了多少？"), span, {}))


def test_a_concentration_is_answered_in_its_own_units() -> None:
    from qa.figure_kinds import demanded_kinds, holds_kind

    asked = demanded_kinds(analyse("去年细颗粒物平均浓度是多少？"))
    assert asked == ("concentration",)
    assert holds_kind("细颗粒物年均浓度31微克/立方米", "concentration")
    assert not holds_kind("细颗粒物浓度下降8.5%", "concentration")
    # how much it fell is not asked in micrograms
    assert "concentration" not in demanded_kinds(analyse("细颗粒物浓度下降了多少？"))


@pytest.mark.parametrize("question", ["How much did the district spend on school meals?",
                                      "How much money was spent on the new parks?",
                                      "这次旧城改造一共花了多少？"])
def test_what_was_spent_is_asked_in_money(question: str) -> None:
    from qa.figure_kinds import demanded_kinds

    assert demanded_kinds(analyse(question)) == ("money",)


def test_visits_are_demanded_but_do_not_put_a_span_first() -> None:
    # 人次 of an airport, a railway and the sights stand side by side in a report: a span
    # lacking 人次 is declined, but one holding it is not thereby the one asked about
    from qa.figure_kinds import demanded_kinds, preferred_kinds

    trips = analyse("What was the airport's passenger throughput last year?")
    assert demanded_kinds(trips) == ("visits",)
    assert preferred_kinds(trips) == ()
    harvest = analyse("How much grain did the province harvest?")
    assert preferred_kinds(harvest) == demanded_kinds(harvest) == ("weight",)


def test_a_population_is_answered_in_people() -> None:
    from qa.figure_kinds import demanded_kinds, holds_kind

    for question in ("What is the population of the city?", "全市常住人口有多少？"):
        assert demanded_kinds(analyse(question)) == ("population",)
    assert holds_kind("年末常住人口1377.4万人", "population")
    assert not holds_kind("新建医院3家", "population")
    assert not holds_kind("接待游客4.7万人次", "population")  # visits are not residents
    # an animal population is not asked in people
    assert demanded_kinds(analyse("To how many has the gibbon population recovered?")) == ()


@pytest.mark.parametrize(("question", "kind"), [
    ("How much land will be greened this year, in mu?", "area"),
    ("How much transport investment does the province plan?", "money"),
])
def test_a_unit_or_an_investment_named_in_english(question: str, kind: str) -> None:
    from qa.figure_kinds import demanded_kinds

    assert demanded_kinds(analyse(question)) == (kind,)


@pytest.mark.parametrize(("question", "asks_rank"), [
    ("Where did the province rank nationally in grain output?", True),
    ("How does the city rank among sub-provincial cities?", True),
    # a rank the question states is no rank asked for
    ("What share of installed capacity comes from new energy, a share that ranks first "
     "in China?", False),
    ("How many firms ranked among the top 500?", False),
    # "the ranks of" is a membership, not a place in an order
    ("Which city joined the ranks of trillion-yuan economies?", False),
    ("What was the ranking of its GDP?", True),
    # a place asked in other words
    ("在全国万家民企评营商环境中，武汉排在什么位置？", True),
    ("这个数量在全国处于什么位置？", True),
])
def test_a_rank_stated_in_passing_is_not_asked(question: str, asks_rank: bool) -> None:
    assert analyse(question).asks_rank is asks_rank


@pytest.mark.parametrize(("question", "counted_in"), [
    ("实际使用了多少台资？", ""),  # Taiwan's capital, not machines
    ("新设了多少台企？", ""),
    ("新增多少台工业机器人？", "台"),
])
def test_tai_counts_machines_not_taiwan(question: str, counted_in: str) -> None:
    assert analyse(question).counted_in == counted_in


@pytest.mark.parametrize(("question", "unit"), [
    ("How many square metres of floor space came with the new housing?", "平方米"),
    ("多少平方米的养老用房？", "平方米"),
    ("How many metres of greenway were built?", "米"),
])
def test_square_metres_are_an_area_not_a_length(question: str, unit: str) -> None:
    assert analyse(question).units[0] == unit


@pytest.mark.parametrize("question", ["今年的粮食目标是多少？", "去年生产了多少碳酸锂？",
                                      "棉花一共收了多少？"])
def test_what_is_harvested_mined_or_made_is_weighed(question: str) -> None:
    assert {"吨", "斤"} <= set(analyse(question).units)
