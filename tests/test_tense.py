"""When a figure stands (qa/tense.py): a target or a result, in questions and in report
sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.build import build_index
from qa.index import load_index
from qa.query import analyse
from qa.retrieve import SECTION_TENSE_PENALTY, Retriever
from qa.tense import contradicts, figure_tense, passage_tense, question_tense, section_tense
from tests.fakes import HashEmbedder
from tests.penalties import assert_only_lowered

REVIEW = "2026年某省政府工作报告：一、2025年和“十四五”时期工作回顾 › （二）经济运行\n"
TASKS = "2026年某省政府工作报告：三、2026年重点工作 › （一）扩大有效需求\n"
TARGETS = "2026年某省政府工作报告：二、“十五五”时期主要目标与重点任务\n"


@pytest.mark.parametrize(("question", "lang", "tense"), [
    ("今年全省经济增长的预期目标是多少？", "zh", "plan"),
    ("明年计划新建多少所学校？", "zh", "plan"),
    ("去年粮食产量是多少？", "zh", "done"),
    ("过去五年累计新增就业多少人？", "zh", "done"),
    ("全省有多少家高新技术企业？", "zh", "done"),
    ("高速公路总里程是多少？", "zh", ""),
    ("What growth target did the province set for 2026?", "en", "plan"),
    ("How many homes will be renovated this year?", "en", "plan"),
    ("What was the province's GDP in 2025?", "en", "done"),
    ("How many jobs were created last year?", "en", "done"),
    ("How long is the expressway network?", "en", ""),
    ("How long is the metro network now?", "en", "done"),
    ("How many pilot zones are there currently?", "en", "done"),
    ("目前全省有多少个国家级开发区？", "zh", "done"),
    ("现在的增长目标定了多少？", "zh", "plan"),  # a target asked now is still a target
    ("What is the target now?", "en", "plan"),
])
def test_the_tense_a_question_asks_for(question: str, lang: str, tense: str) -> None:
    assert question_tense(question, lang) == tense
    assert analyse(question).tense == tense


@pytest.mark.parametrize(("lead", "context", "tense"), [
    ("力争到2030年，全省地区生产总值迈上4万亿元", REVIEW, "plan"),  # its own words first
    ("全省地区生产总值达到3.38万亿元", TASKS, "done"),
    ("一般公共预算收入增长4%", TASKS, "plan"),  # no sign of its own: the section's
    ("一般公共预算收入增长4.6%", REVIEW, "done"),
    ("城镇新增就业55万人", TARGETS, "plan"),
    ("累计争取政策资金300亿元", "", "done"),  # funds secured, not a target
    ("建成老年助餐机构790个", "", "done"),
    ("光电子信息产业规模迈上5000亿元", "", ""),
    ("实现地区生产总值增长5%，力争增长5.5%", "", "plan"),  # the word nearest the figure
    ("力争完成交通投资800亿元", REVIEW, "plan"),  # … governed by a plan word before it
    ("推进“渝企出海”行动计划，外贸在对美贸易下降超3成", REVIEW, "done"),  # a programme's name
    ("确保全面完成改造任务1200个", REVIEW, "plan"),
])
def test_the_tense_a_figure_stands_in(lead: str, context: str, tense: str) -> None:
    assert figure_tense(lead, context) == tense


def test_only_a_figure_that_stands_the_other_way_contradicts() -> None:
    assert contradicts("done", "plan") and contradicts("plan", "done")
    assert not contradicts("done", "done") and not contradicts("", "plan")
    assert not contradicts("plan", "")


PREAMBLE = "2026年某自治区政府工作报告："  # a passage before the report's first heading


@pytest.mark.parametrize(("context", "text", "tense"), [
    # under no heading, a passage speaks in the tense of its opening
    (PREAMBLE, "刚刚过去的2025年，面对复杂形势，全区固定资产投资增长4%。", "done"),
    (PREAMBLE, "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。", "plan"),
    (PREAMBLE, "各位代表：现在，我代表自治区人民政府作报告。", ""),
    # under a heading, the heading speaks: its opening is not read
    (TASKS, "刚刚过去的一年，我们顶住压力。今年要新建学校30所。", "plan"),
    ("(一)健全综合保障机制。", "一是聚焦重点任务，建成站点20个。", ""),  # a bulletin's measure
])
def test_the_tense_of_a_passage(context: str, text: str, tense: str) -> None:
    assert passage_tense(context, text) == tense
    # a figure whose own words say neither takes its passage's tense
    assert figure_tense("全区固定资产投资增长", context, text) == tense


@pytest.mark.parametrize(("context", "tense"), [
    (REVIEW, "done"), (TASKS, "plan"), (TARGETS, "plan"), ("某市通报：一、概况\n", ""),
    # the year ahead or the plan period ahead named in the heading
    ("某省政府工作报告：三、关于2026年工作\n", "plan"),
    ("某省政府工作报告：二、“十五五”时期发展的主要考虑\n", "plan"),
    ("某省政府工作报告：一、“十四五”时期和2025年工作回顾\n", "done"),
])
def test_the_tense_of_a_report_section(context: str, tense: str) -> None:
    assert section_tense(context) == tense


@pytest.mark.parametrize(("question", "lowered", "language"), [
    ("去年城镇新增就业多少人？", "重点工作", "zh"),
    ("今年城镇新增就业的目标是多少？", "回顾", "zh"),
    ("How many urban jobs were created last year?", "重点工作", "en"),
    ("城镇新增就业多少人？", None, "zh")])  # asks neither: nothing moves
def test_retrieval_lowers_the_section_that_stands_the_other_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, question: str,
        lowered: str | None, language: str) -> None:
    """The same sentence in the review and in the tasks of a report of our own: the one in
    the section that contradicts the question loses SECTION_TENSE_PENALTY, the other
    nothing (scores compared with the penalty switched off). An English question's
    section loses more: its words for the time meet no Chinese word in the vector."""
    corpus = tmp_path / "2026_某省_政府工作报告.txt"
    corpus.write_text("2026年某省政府工作报告\n一、2025年工作回顾\n城镇新增就业55万人。\n"
                      "二、2026年重点工作\n城镇新增就业55万人。\n", encoding="utf-8")
    retriever = Retriever(load_index(build_index(corpus, tmp_path / "index", HashEmbedder())),
                          HashEmbedder())
    assert_only_lowered(retriever, question, ("回顾", "重点工作"), lowered,
                        "SECTION_TENSE_PENALTY", SECTION_TENSE_PENALTY[language], monkeypatch,
                        where="context", off={"zh": 0.0, "en": 0.0})
    assert SECTION_TENSE_PENALTY["en"] > SECTION_TENSE_PENALTY["zh"]
