"""The abstainer's checks on sentences written for them, without the model: a small
document of our own, its lexical index and term map, a stand-in for the chosen span."""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace

import pytest

from qa import answer_checks
from qa.abstain import FIGURE_GAP, FIGURE_GAP_IN_UNIT, Abstainer
from qa.bridge import build_term_map
from qa.figures import answer_figures
from qa.lexical import LexicalIndex
from qa.query import analyse
from qa.types import Hit

DOCUMENT = ("某市人民政府工作报告\n市长　张三\n一、过去一年工作回顾\n"
            "构建“1188”现代化产业体系，培育高端装备、信息技术服务等四个万亿级产业。\n"
            "建成产业园3个，新增就业岗位1.2万个。\n")


@pytest.fixture(scope="module")
def abstainer() -> Abstainer:
    lines = DOCUMENT.splitlines()
    return Abstainer(DOCUMENT, build_term_map(DOCUMENT), LexicalIndex.from_texts(lines))


def span(text: str) -> SimpleNamespace:
    """What the checks read of a candidate: its span and its passage."""
    return SimpleNamespace(clause=SimpleNamespace(text=text, start=0, end=len(text)),
                           hit=SimpleNamespace(chunk=SimpleNamespace(text=text, start=0)),
                           figure=None)


@pytest.mark.parametrize("question", [
    "What is the name of the modern industrial system the city plans to build?",
    "What is the name of the policy package for industry?",
])
def test_the_name_of_a_plan_or_policy_is_not_asked_of_a_person(abstainer, question) -> None:
    best = span("构建“1188”现代化产业体系")
    assert answer_checks.person_not_given(analyse(question), best) is None


@pytest.mark.parametrize("question", ["What is the name of the mayor?", "市长是谁？",
                                      "Who is the vice mayor in charge?"])
def test_a_person_asked_for_is_still_required(abstainer, question) -> None:
    assert answer_checks.person_not_given(analyse(question), span("建成产业园3个")) is not None


def test_money_that_only_describes_what_is_asked_does_not_demand_a_sum(abstainer) -> None:
    best = span("培育高端装备、信息技术服务等四个万亿级产业")
    question = "Which four trillion-yuan industries does the city plan to grow?"
    assert answer_checks.kind_not_given(analyse(question), best) is None


@pytest.mark.parametrize("question", ["How much money was invested in the industrial parks?",
                                      "产业园总投资多少亿元？", "产业园的占比是多少？",
                                      # the size of trade is a sum, not what it counts
                                      "How large was the city's foreign trade last year?",
                                      "全市外贸进出口总额是多少？",
                                      # a rate asked for is a share
                                      "What urbanization rate is the city aiming for?",
                                      # the level an income reached is a sum, not its growth
                                      "What was rural residents' per capita disposable income?",
                                      "What was the total value of the city's e-commerce sales?"])
def test_a_quantity_of_a_kind_the_span_lacks_is_declined(abstainer, question) -> None:
    assert answer_checks.kind_not_given(analyse(question), span("建成产业园3个")) is not None


@pytest.mark.parametrize(("question", "other", "own"), [
    ("全市人均预期寿命是多少岁？", "每千人口托位数从0.5个增至4.8个", "人均预期寿命达到79.2岁"),
    ("What is the average life expectancy in the city?", "托位数增至4.8个", "人均预期寿命79.2岁"),
    ("去年粮食总产量是多少万吨？", "林下经济总面积202万亩", "粮食总产量1347万吨"),
    ("How many tonnes of grain did the city harvest?", "建成高标准农田47.8万亩", "粮食产量50万吨"),
    ("新建地铁多少公里？", "开通地铁新线3条", "新增运营里程30公里"),
    ("一般公共预算收入是多少亿元？", "民生支出占比稳定在80%左右", "一般公共预算收入812亿元"),
    ("民主测评的满意率是多少？", "对3件建议案组织民主测评", "测评满意率达98%"),
    ("新园区建成用了多长时间？", "新园区引进企业12家", "仅用90天建成新园区"),
    ("How long did it take to build the new park?", "新园区引进企业12家", "仅用90天建成新园区"),
    # a harvest is weighed, not counted in points of growth or in mines
    ("全省去年一共收了多少粮食？", "粮食生产增速快于全国1.8个百分点", "粮食总产量1347万吨"),
    ("How much coal did the province produce last year?", "建成智能化煤矿12座", "原煤产量13亿吨"),
    # trips are counted in 人次, not in the routes beside them
    ("What was the airport's passenger throughput last year?", "新开国际航线11条",
     "旅客吞吐量3000万人次"),
    ("景区全年接待了多少游客？", "新增A级景区20家", "接待游客1.2亿人次"),
])
def test_a_unit_named_in_the_question_must_be_in_the_span(abstainer, question, other,
                                                          own) -> None:
    query = analyse(question)
    assert answer_checks.kind_not_given(query, span(other)) is not None
    assert answer_checks.kind_not_given(query, span(own)) is None


@pytest.mark.parametrize(("question", "clause", "figure", "declined"), [
    # a figure of another kind that stands beside one of the kind asked
    ("全市居民人均可支配收入是多少元？", "民生支出突破千亿元，居民人均可支配收入增长6.1%", "6.1%",
     True),
    ("新建绿地多少公顷？", "新改建绿地120公顷、绿道15公里", "15公里", True),
    ("What share of the budget went to education?", "教育支出300亿元，占比18%", "300亿元", True),
    ("What share of the budget went to education?", "教育支出300亿元，占比18%", "18%", False),
    ("全市居民人均可支配收入是多少元？", "居民人均可支配收入42000元，增长6.1%", "42000元", False),
    # square kilometres are an area, not a length
    ("How many square kilometres of parks were upgraded?", "提升工业园区32.1平方公里",
     "32.1平方公里", False),
    ("How many kilometres of new expressway opened?", "新增高速公路120公里", "120公里", False),
])
def test_the_figure_answered_is_of_the_kind_asked(abstainer, question, clause, figure,
                                                  declined) -> None:
    from qa.figures import answer_figures

    best = span(clause)
    best.figure = next(f for f in answer_figures(analyse(question), clause, {})
                       if f.text == figure)
    assert (answer_checks.kind_not_given(analyse(question), best) is not None) is declined


@pytest.mark.parametrize(("clause", "declined"), [
    ("游客人次增长3倍", True), ("景区占比80%", True), ("景区占比提高2个百分点", True),
    ("景区占比提高5.2％", True), ("建成景区12个", False), ("新增景区5家", False)])
def test_a_count_is_not_answered_by_a_ratio(abstainer, clause, declined) -> None:
    query = analyse("How many tourist attractions are there?")
    best = span(clause)
    best.figure = answer_figures(query, clause, {})[0]
    assert (answer_checks.ratio_for_count(query, best) is not None) is declined


def test_a_question_that_names_the_closing_needs_no_shared_words_with_it(abstainer) -> None:
    closing = SimpleNamespace(chunk=SimpleNamespace(local_id="closing", context="",
                                                    text="奋力谱写新篇章"), focused=False)
    question = analyse("What does the closing part of the report say the city will do?")
    assert abstainer._no_support(question, closing, {"what": 1.0, "city": 1.0}) is None
    elsewhere = SimpleNamespace(chunk=SimpleNamespace(local_id="s1-p2", context="",
                                                      text="奋力谱写新篇章"),
                                focused=False)
    assert abstainer._no_support(question, elsewhere, {"what": 1.0, "city": 1.0}) is not None


def test_words_no_passage_holds_do_not_dilute_the_support(abstainer) -> None:
    """An English question's own words are in no Chinese passage; the share of specific
    support is taken over the words some passage holds, so a long English question about
    the industrial parks is supported by the parks' passage as a Chinese one is."""
    passage = SimpleNamespace(chunk=SimpleNamespace(local_id="s1-p2", context="",
                                                    text="建成产业园3个，新增就业岗位1.2万个。"),
                              focused=False)
    english = dict.fromkeys(re.findall(r"\w+", "how many industrial parks has the city built so "
                                       "far according to its government work report for "
                                       "the whole of last year in total"), 1.0)
    question = analyse("How many industrial parks has the city built so far?")
    assert abstainer._no_support(question, passage, {**english, "业园": 0.5}) is None
    assert abstainer._no_support(question, passage, english) is not None  # nothing to hold


@pytest.mark.parametrize(("question", "clause", "declined"), [
    ("全省一般公共预算收入是多少亿元？", "一般公共预算支出2164.2亿元", True),
    ("全省一般公共预算收入是多少亿元？", "一般公共预算收入812亿元", False),
    ("今年固定资产投资增长目标是多少？", "地区生产总值增长5%左右", True),
    ("What was the province's GDP in 2025?", "全年生产总值增长5.6%", False),
    ("全市有多少家医院？", "新建医院3家", False),  # asks no indicator
])
def test_an_indicator_asked_must_be_named_by_the_span(abstainer, question, clause,
                                                      declined) -> None:
    verdict = answer_checks.indicator_not_given(analyse(question), span(clause))
    assert (verdict is not None) is declined


def test_an_indicator_named_earlier_in_the_sentence_governs_the_span(abstainer) -> None:
    passage = "一、经济实力跃上新台阶。全省生产总值从3.68万亿元增长到4.93万亿元。新增就业5万人。"
    at = passage.index("增长到")
    best = span("增长到4.93万亿元")
    best.clause.start, best.clause.end = at, at + len("增长到4.93万亿元")
    best.hit.chunk.text = passage
    question = analyse("What was the province's GDP in 2025?")
    assert answer_checks.indicator_not_given(question, best) is None
    elsewhere = span("新增就业5万人")
    at = passage.index("新增就业")
    elsewhere.clause.start, elsewhere.clause.end = at, at + len("新增就业5万人")
    elsewhere.hit.chunk.text = passage
    assert answer_checks.indicator_not_given(question, elsewhere) is not None


@pytest.mark.parametrize("question", ["论坛一共吸引了多少专业观众？", "来了几位外国专家？"])
def test_people_named_by_a_noun_are_counted_in_people(abstainer, question) -> None:
    query = analyse(question)
    assert query.asks_people
    counted = span("论坛吸引10个国家200家企业参展")
    counted.figure = answer_figures(query, counted.clause.text, {})[-1]
    assert answer_checks.people_not_counted(query, counted) is not None
    visitors = span("线下参会专业观众4.7万人次")
    visitors.figure = answer_figures(query, visitors.clause.text, {})[0]
    assert answer_checks.people_not_counted(query, visitors) is None


@pytest.mark.parametrize(("question", "text"), [
    ("How many older people get the old-age allowance?", "养老补贴覆盖45万老年人"),
    ("帮扶了多少困难群众？", "累计帮扶12万余群众"),
    ("How many children were vaccinated?", "为8万儿童免费接种疫苗"),
])
def test_people_named_right_after_a_figure_are_counted_in_people(abstainer, question,
                                                                 text) -> None:
    query = analyse(question)
    assert query.asks_people
    counted = span(text)
    counted.figure = answer_figures(query, text, {})[0]
    assert answer_checks.people_not_counted(query, counted) is None


@pytest.mark.parametrize("text", ["建成老年人食堂300个", "建设45万平方米老年人活动中心",
                                  "覆盖45万户居民"])
def test_a_figure_of_things_for_people_does_not_count_them(abstainer, text) -> None:
    query = analyse("How many older people were served?")
    counted = span(text)
    counted.figure = answer_figures(query, text, {})[0]
    assert answer_checks.people_not_counted(query, counted) is not None


def test_the_passage_a_follow_up_points_to_is_trusted(abstainer) -> None:
    """"How many projects was that?" shares no specific word with the passage it means, and
    that passage need not rank first: the previous answer cited it."""
    query = analyse("How many projects was that?")
    passage = Hit(chunk=SimpleNamespace(text="建成产业园3个", context="", start=0,
                                        local_id="m1"), score=0.80)
    other = Hit(chunk=passage.chunk, score=0.85)
    best = span("建成产业园3个")
    best.figure = answer_figures(query, best.clause.text, {})[0]
    best.hit = passage
    assert abstainer._figure_off_top(query, [other, passage], best) is not None
    assert abstainer._no_support(query, passage, {"project": 1.0}) is not None
    best.hit = passage = replace(passage, focused=True)
    assert abstainer._figure_off_top(query, [other, passage], best) is None
    assert abstainer._no_support(query, passage, {"project": 1.0}) is None


def test_the_lead_a_conversation_lent_a_passage_does_not_push_figures_off_the_top(
        abstainer) -> None:
    """The previous answer's passage, lifted above the rest, is not what the words trust
    most: a figure within FIGURE_GAP of its own score still answers."""
    query = analyse("How many projects were built?")
    passage = Hit(chunk=SimpleNamespace(text="建成产业园3个", start=0), score=0.80)
    best = span("建成产业园3个")
    best.figure, best.hit = answer_figures(query, best.clause.text, {})[0], passage
    lifted = Hit(chunk=SimpleNamespace(text="这五年，民生保障扎实稳固", start=0),
                 score=0.80 + 3 * FIGURE_GAP)
    assert abstainer._figure_off_top(query, [lifted, passage], best) is not None
    lent = replace(lifted, focused=True, lent=3 * FIGURE_GAP)
    assert abstainer._figure_off_top(query, [lent, passage], best) is None


@pytest.mark.parametrize(("question", "other", "own"), [
    ("新院区设了多少张床位？", "新院区等3家医院主体结构封顶", "新院区开放床位1200张"),
    ("全市有多少家养老机构？", "完成适老化改造6713户", "养老机构达到300家"),
    ("葡萄酒产量是多少万瓶？", "粮食总产量达76.28亿斤", "葡萄酒产量1.4亿瓶"),
    ("老旧小区加装电梯多少部？", "改造老旧小区300处", "既有住宅加装电梯510台"),  # 台 for 部
    ("新建了几所学校？", "新增学位2万席", "新建中小学三所"),
    ("新建了几所学校？", "新增学位2万席", "新建中小学3个"),  # 个 counts anything
    ("新注册了多少家企业？", "新增床位300张", "新登记企业25.31万户"),  # firms registered in 户
])
def test_a_count_in_a_classifier_needs_that_classifier(abstainer, question, other,
                                                       own) -> None:
    query = analyse(question)
    assert answer_checks.classifier_not_given(query, span(own)) is None
    assert answer_checks.classifier_not_given(query, span(other)) is not None


def test_an_english_count_names_its_classifier_by_what_it_counts(abstainer) -> None:
    # "How many beds" counts in 张, as "多少张床位" does: 106 care homes do not answer it
    query = analyse("How many nursing home beds does the city have?")
    assert query.counted_in == "张"
    assert answer_checks.classifier_not_given(query, span("106家养老机构纳入医保定点")) is not None
    assert answer_checks.classifier_not_given(query, span("新院区开放床位1200张")) is None
    # homes and firms are counted in more ways than one: no classifier demanded
    assert analyse("In how many care homes were clinics set up?").counted_in == ""
    assert analyse("How many companies were listed?").counted_in == ""


def test_a_count_in_ge_or_of_people_is_left_to_other_checks(abstainer) -> None:
    # … and so is a question that counts nothing: "哪家企业" asks which firm
    for question in ("建成多少个食堂？", "培训了多少人？", "How many beds were added?",
                     "哪家企业的基地建成投产？", "说的是哪四条链？", "修复的是哪几座山？"):
        assert answer_checks.classifier_not_given(analyse(question), span("新增床位300张")) is None



def test_a_maximum_asked_may_stand_in_the_clause_after_the_figure(abstainer) -> None:
    """"…the highest in the west?": "研发投入强度2.61％、居西部第1" says so after the figure;
    a sentence that says nothing of the kind is declined."""
    query = analyse("What is the R&D intensity, said to be the highest in the west?")
    sentence = "新增实验室5家，研发投入强度2.61％、居西部第1，企业研发经费增长5%。"
    best = span("研发投入强度2.61％")
    best.hit = SimpleNamespace(chunk=SimpleNamespace(text=sentence, start=0))
    best.clause = SimpleNamespace(text="研发投入强度2.61％", start=sentence.index("研发"),
                                  end=sentence.index("研发") + len("研发投入强度2.61％"))
    assert answer_checks.superlative_not_given(query, best) is None
    assert answer_checks.superlative_not_given(query, span("研发投入强度2.61％")) is not None


@pytest.mark.parametrize(("question", "bound", "none"), [
    ("适老化改造每户最少补贴多少钱？", "每户给予不少于3000元的改造补贴",
     "每户给予3000元的改造补贴"),
    ("What is the minimum subsidy per household?", "每户给予不少于3000元的改造补贴",
     "每户给予3000元的改造补贴"),
    ("创业担保贷款最多能贷多少？", "个人贷款额度最高30万元", "个人贷款额度为30万元"),
    ("At most how much can one borrow?", "贷款额度不超过30万元", "贷款额度为30万元"),
    # a floor does not answer a ceiling asked, nor the reverse
    ("适老化改造每户最多能补多少钱？", "每户补贴封顶5000元", "每户给予不少于3000元的改造补贴"),
    ("每户最少补贴多少钱？", "补贴不低于3000元", "补贴不超过5000元"),
])
def test_a_bound_asked_is_given_by_a_bound_of_its_side(abstainer, question, bound,
                                                      none) -> None:
    """"每户最少补贴多少钱？" asks a floor: "不少于3000元" states one; a plain amount does
    not say it is the least, and a ceiling is another answer."""
    assert answer_checks.superlative_not_given(analyse(question), span(bound)) is None
    assert answer_checks.superlative_not_given(analyse(question), span(none)) is not None


def test_a_year_naming_the_report_is_not_a_year_asked_about(abstainer) -> None:
    """"according to its 2031 government work report" says which report: the passage need
    not speak of 2031. A year asked about that the passage does not name still declines."""
    passage = "建成产业园3个，新增就业岗位1.2万个。"
    hit = SimpleNamespace(chunk=SimpleNamespace(context="", text=passage))
    named = ("How many industrial parks were built, according to the city's 2031 government "
             "work report?")
    assert abstainer._other_year(analyse(named), hit) is None
    named_zh = "据2031年某市政府工作报告，建成了多少个产业园？"
    assert abstainer._other_year(analyse(named_zh), hit) is None
    asked = "How many industrial parks were built in 2031?"
    assert abstainer._other_year(analyse(asked), hit) == "the passage says nothing about 2031"


@pytest.mark.parametrize(("question", "text", "declined"), [
    # the year before the one reviewed goes without saying nowhere: the passage must name it
    ("前年城镇新增就业多少人？", "城镇新增就业8万人", True),
    ("How many urban jobs were created the year before last?", "城镇新增就业8万人", True),
    ("前年城镇新增就业多少人？", "2029年城镇新增就业7万人，去年8万人", False),
    # the year reviewed does go without saying in the review
    ("去年城镇新增就业多少人？", "城镇新增就业8万人", False),
])
def test_the_year_before_last_is_answered_only_where_it_is_named(
        question: str, text: str, declined: bool) -> None:
    document = "\n".join(["某市政府工作报告", "一、2030年工作回顾", text])
    checker = Abstainer(document, build_term_map(document),
                        LexicalIndex.from_texts(document.splitlines()), date="2031-01-20")
    hit = SimpleNamespace(chunk=SimpleNamespace(context="一、2030年工作回顾", text=text))
    reason = checker._other_year(analyse(question), hit)
    assert (reason is not None) == declined, reason


@pytest.mark.parametrize(("question", "section", "text", "declined"), [
    ("2030年城镇新增就业多少人？", "二、2031年工作安排", "城镇新增就业8万人", True),
    ("How many urban jobs were created in 2030?", "二、2031年工作安排", "城镇新增就业8万人", True),
    # the review speaks of the year reviewed without naming it
    ("2030年城镇新增就业多少人？", "一、2030年工作回顾", "城镇新增就业8万人", False),
    ("2030年城镇新增就业多少人？", "一、过去一年工作回顾", "城镇新增就业8万人", False),
    # a passage of the tasks that names the year does speak of it
    ("2030年城镇新增就业多少人？", "二、2031年工作安排", "2030年新增8万人，今年再增9万人",
     False),
    # a target asked for, or another year: other checks' business
    ("2031年城镇新增就业目标是多少？", "二、2031年工作安排", "城镇新增就业8万人", False),
    # the year delivered is the targets' year: the review does not answer it …
    ("2031年城镇新增就业目标是多少？", "一、2030年工作回顾", "城镇新增就业8万人", True),
    ("How many new urban jobs is the city targeting for 2031?", "一、2030年工作回顾",
     "城镇新增就业8万人", True),
    ("2031年城镇新增就业多少人？", "一、2030年工作回顾", "城镇新增就业8万人", True),
    # a year named by where it stands to the report
    ("去年城镇新增就业多少人？", "二、2031年工作安排", "城镇新增就业8万人", True),
    ("How many urban jobs were created last year?", "二、2031年工作安排", "城镇新增就业8万人",
     True),
    ("今年城镇新增就业目标是多少？", "一、2030年工作回顾", "城镇新增就业8万人", True),
    ("去年城镇新增就业多少人？", "一、2030年工作回顾", "城镇新增就业8万人", False),
    # … unless it names that year, or the part is neither review nor tasks
    ("2031年城镇新增就业目标是多少？", "一、2030年工作回顾", "预计2031年新增就业9万人", False),
    ("2031年城镇新增就业目标是多少？", "附件", "城镇新增就业8万人", False),
    # before the first heading, a passage's opening says which part it is (section "")
    ("2031年城镇新增就业目标是多少？", "", "刚刚过去的2030年，城镇新增就业8万人", True),
    ("2030年城镇新增就业多少人？", "", "刚刚过去的2030年，城镇新增就业8万人", False),
    ("去年城镇新增就业多少人？", "", "今年的主要预期目标是：城镇新增就业9万人", True),
])
def test_each_year_is_answered_only_in_its_own_part_of_a_report(
        question: str, section: str, text: str, declined: bool) -> None:
    lines = ["某市政府工作报告", section, text]
    document = "\n".join(lines)
    checker = Abstainer(document, build_term_map(document), LexicalIndex.from_texts(lines),
                        date="2031-01-20")
    best = SimpleNamespace(hit=SimpleNamespace(chunk=SimpleNamespace(
        context=f"2031年某市政府工作报告：{section}", text=text)))  # the title names no year asked
    reason = checker._year_in_the_other_part(analyse(question), best)
    assert (reason is not None) == declined, reason


def figure_span(text: str, question: str) -> SimpleNamespace:
    """A span with the figure of it that best answers question."""
    from qa.figures import answer_figures, best_figure

    found = span(text)
    found.figure = best_figure(answer_figures(analyse(question), text, {}))
    return found


@pytest.mark.parametrize(("question", "clause", "declined"), [
    # the sentence names the revenue only with its growth; the figure chosen is the GDP's
    ("How many billion yuan of general public budget revenue did the city collect?",
     "全市地区生产总值5.2万亿元", True),
    ("一般公共预算收入是多少亿元？", "全市地区生产总值5.2万亿元", True),
    # the figure's own clause names the indicator asked
    ("一般公共预算收入增长了多少？", "一般公共预算收入增长4.8%", False),
    # a clause naming no indicator is read with its sentence, as before
    ("What was the province's GDP in 2025?", "增长到4.93万亿元", False),
])
def test_a_figure_whose_clause_names_another_indicator_measures_that_one(
        abstainer, question: str, clause: str, declined: bool) -> None:
    sentence = "全市地区生产总值5.2万亿元、增长5.4%，一般公共预算收入增长4.8%，" \
               "全省生产总值增长到4.93万亿元。"
    best = figure_span(clause, question)
    at = sentence.index(clause)
    best.clause.start, best.clause.end = at, at + len(clause)
    best.hit.chunk.text = sentence
    reason = answer_checks.indicator_not_given(analyse(question), best)
    assert (reason is not None) == declined, reason


@pytest.mark.parametrize(("named_as", "question", "text", "declined"), [
    # asked again of another report, the thing is named otherwise there: something else
    ("老旧小区改造惠及", "天津老旧小区改造惠及多少户？", "建成养老服务综合体30个", True),
    ("全年规上原煤产量", "How much raw coal did the region produce?", "绿氢产量突破1万吨", True),
    # named alike, in other words around it: the same thing
    ("粮食产量", "湖南去年粮食产量是多少？", "全年粮食总产量达到620亿斤", False),
    ("高铁里程由公里增至", "湖南的高铁里程是多少公里？", "高铁营运里程达2501公里", False),
    # nothing named before (not a follow-up asked elsewhere): no check
    ("", "天津老旧小区改造惠及多少户？", "建成养老服务综合体30个", False),
])
def test_a_figure_asked_again_elsewhere_is_named_as_it_was(
        named_as: str, question: str, text: str, declined: bool) -> None:

    reason = answer_checks.named_otherwise(analyse(question), figure_span(text, question), named_as)
    assert (reason is not None) == declined



@pytest.mark.parametrize(("whole", "question", "text", "declined"), [
    # a part asked of the figure just answered: the same figure is not its part
    ("790", "其中街道的幸福食堂有多少个？", "建成老年助餐机构790个", True),
    ("1.2万", "How many of those are in rural areas?", "建成充电桩1.2万个", True),
    # a figure of its own in the passage is the part's answer
    ("790", "其中街道的幸福食堂有多少个？", "建成老年助餐机构790个，其中街道幸福食堂120个", False),
    # a share is not the count it has the digits of
    ("30", "其中农村占多少？", "覆盖社区30个，农村占30%", False),
    # nothing answered before (not a part asked of a figure): no check
    ("", "其中街道的幸福食堂有多少个？", "建成老年助餐机构790个", False),
    # "of them" that asks no figure
    ("3", "Which officials took charge of them?", "市领导领衔督办3件建议案", False),
])
def test_a_part_is_not_answered_by_its_whole(whole: str, question: str, text: str,
                                            declined: bool) -> None:

    reason = answer_checks.whole_for_part(analyse(question), figure_span(text, question), whole)
    assert (reason is not None) == declined, reason


@pytest.mark.parametrize(("question", "text", "declined"), [
    # asked per head, the figure is the whole economy's (per head only in a later clause)
    ("陕西的人均生产总值是多少元？", "地区生产总值跨过3万亿元，人均生产总值居全国第12位", True),
    ("What is per capita GDP?", "地区生产总值跨过3万亿元，人均生产总值居全国第12位", True),
    # per head in the figure's own clause, or at the head of its list
    ("人均生产总值是多少元？", "人均地区生产总值突破10万元", False),
    ("农村居民人均可支配收入增长多少？", "城乡居民人均可支配收入分别增长5.3%、7%", False),
    # a part of the figure before it ("其中…") is measured as that one is
    ("农村居民人均可支配收入增长多少？", "居民人均可支配收入增长5.4%，其中农村居民收入增长6.3%",
     False),
    ("农村人均收入增长多少？", "工业税收增长3.9%，其中农村居民收入增长6.3%", True),
    # measures per head by definition: an allowance's standard, the minimum wage, income
    ("What is the urban minimum living allowance per person per month?",
     "城乡居民低保月均标准分别提高到798元和676元", False),
    ("每人每月最低工资标准提高了多少？", "最低工资标准每月提高183元", False),
    ("What is rural per capita income?", "农村居民可支配收入达到2万元", False),
    ("What is the per capita subsidy?", "发放各类补贴资金3亿元", True),  # a sum, not a standard
    # not asked per head: no check
    ("生产总值是多少？", "地区生产总值跨过3万亿元", False),
])
def test_a_figure_asked_per_head_is_stated_per_head(question: str, text: str,
                                                    declined: bool) -> None:

    reason = answer_checks.per_head_not_given(analyse(question), figure_span(text, question))
    assert (reason is not None) == declined


@pytest.mark.parametrize(("question", "answered"), [
    ("How many tonnes of lithium carbonate were produced?", True),  # the unit asked: 吨
    ("How much lithium carbonate was produced?", True),  # … hinted by what is asked
    ("How many projects were built?", False),  # no unit asked: the figure stays off the top
])
def test_a_figure_in_the_unit_asked_may_stand_a_little_further_down(
        abstainer, question: str, answered: bool) -> None:
    """A figure in the unit asked for is evidence of its own: it may come from a passage up
    to FIGURE_GAP_IN_UNIT below the top, others only FIGURE_GAP."""
    query = analyse(question)
    text = "生产碳酸锂16.9万吨"
    passage = Hit(chunk=SimpleNamespace(text=text, start=0), score=0.80)
    best = span(text)
    best.figure, best.hit = answer_figures(query, text, {})[0], passage
    top = Hit(chunk=SimpleNamespace(text="锂电产业加快发展", start=0),
              score=0.80 + (FIGURE_GAP + FIGURE_GAP_IN_UNIT) / 2)
    assert (abstainer._figure_off_top(query, [top, passage], best) is None) == answered
    far = replace(top, score=0.80 + 2 * FIGURE_GAP_IN_UNIT)
    assert abstainer._figure_off_top(query, [far, passage], best) is not None


def test_a_place_named_in_pinyin_the_text_does_not_hold_is_unknown(abstainer) -> None:
    # "District" gives the run readings of its own; the name beside it has none in the text
    assert abstainer._unknown_place(analyse("How many parks were built in Wuchang District?")) \
        == "name Wuchang is not in the bulletin"
    assert abstainer._unknown_place(analyse("How many jobs did Hanyang add?")) is not None
    # a name the text holds, read as a whole, is known even where a word alone is not
    assert abstainer._unknown_place(analyse("What did Mayor Zhang San report?")) is None
    # an official English name the vocabulary knows is no unknown pinyin ("Biolake" 生物城)
    assert abstainer._unknown_place(analyse("How many drugs came from Optics Valley Biolake?")) \
        is None
    assert abstainer._unknown_place(analyse("How many parks were built in the city?")) is None
    # … read with the words beside it ("Taiwanese investment" 台资), not alone
    assert abstainer._unknown_place(
        analyse("How much Taiwanese investment was actually used?")) is None
    assert abstainer._unknown_place(analyse("What did Taiwanese officials say?")) is not None


def test_support_is_measured_in_the_passage_answered_from(abstainer) -> None:
    """The words of the question are looked for in the passage the answer is taken from, or
    else in the one ranked first: "建成了多少个产业园？" answered from the parks' passage is
    supported though a passage on the industrial system ranked above it, and not supported
    when the answer comes from a passage without its words that also ranked first."""
    from qa.answer import Candidate
    from qa.lexical import tokenize
    from qa.types import Chunk, Clause

    def hit(local: str, text: str, score: float) -> Hit:
        return Hit(Chunk(f"doc:{local}", None, "", "", None, "", None, "", "", "", 0,
                         len(text), text, doc_id="doc"), score, dense=0.9)

    system = hit("s1-p1", "构建“1188”现代化产业体系，培育高端装备、信息技术服务等四个万亿级产业。",
                 0.9)
    parks = hit("s1-p2", "建成产业园3个，新增就业岗位1.2万个。", 0.85)
    question = analyse("建成了多少个产业园？")
    terms = dict.fromkeys(tokenize(question.text), 1.0)

    def best(passage: Hit) -> Candidate:
        text = passage.chunk.text
        return Candidate(passage, Clause(text, 0, len(text)), 0.9, -1.0, 0.3, 0.0, False,
                         None)

    def support_reasons(ranked: list[Hit], answered: Hit) -> list[str]:
        verdict = abstainer.check(question, ranked, best(answered), terms)
        return [r for r in verdict.reasons if r.startswith("specific term support")]

    assert support_reasons([system, parks], parks) == []
    assert support_reasons([system, parks], system) != []
    # a top passage holding the question's words still vouches for the topic
    assert support_reasons([parks, system], system) == []
