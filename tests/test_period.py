"""The span a figure covers (qa/period.py): one year or a five-year plan period, in
questions and in reports written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.build import build_index
from qa.index import load_index
from qa.period import (
    contradicts,
    heading_period,
    paragraph_opens,
    question_period,
    relative_years,
)
from qa.query import analyse
from qa.retrieve import PERIOD_PENALTY, Retriever
from tests.fakes import HashEmbedder
from tests.penalties import assert_only_lowered


@pytest.mark.parametrize(("question", "lang", "period"), [
    ("去年全省城镇新增就业多少人？", "zh", "year"),
    ("2025年粮食产量是多少？", "zh", "year"),
    ("今年的经济增长目标是多少？", "zh", "year"),
    ("“十四五”期间累计新增就业多少人？", "zh", "years"),
    ("过去五年地区生产总值年均增长多少？", "zh", "years"),
    ("地区生产总值年均增长多少？", "zh", "years"),
    ("PM2.5年均浓度比上一年降了百分之几？", "zh", "year"),  # one year's average
    ("2021至2025年共建成多少所学校？", "zh", "years"),  # a span of years, not one
    ("到2030年研发投入强度要达到多少？", "zh", "years"),
    ("全省有多少家高新技术企业？", "zh", ""),
    ("How many urban jobs were created in 2025?", "en", "year"),
    ("What is the growth target for this year?", "en", "year"),
    ("How many jobs did the province add during the 14th Five-Year Plan?", "en", "years"),
    ("What was the average annual growth over the past five years?", "en", "years"),
    ("What does the province aim for by 2030?", "en", "years"),
    ("How many high-tech enterprises does the province have?", "en", ""),
])
def test_the_span_a_question_asks_about(question: str, lang: str, period: str) -> None:
    assert question_period(question, lang) == period
    assert analyse(question).period == period


@pytest.mark.parametrize(("title", "period"), [
    ("一、2025年工作回顾", "year"), ("三、2026年重点工作", "year"),
    ("二、“十五五”时期主要目标任务", "years"),
    ("二、“十四五”时期发展成就和“十五五”时期主要目标任务", "years"),
    ("一、“十四五”时期和2025年工作回顾", ""),  # both: the paragraphs decide
    ("四、全面加强政府自身建设", ""),
])
def test_the_span_a_top_heading_speaks_of(title: str, period: str) -> None:
    assert heading_period(title) == period


@pytest.mark.parametrize(("paragraph", "period"), [
    ("刚刚过去的2025年，面对复杂严峻的形势，全省上下稳中求进。", "year"),
    ("各位代表！过去一年，我们坚持稳中求进工作总基调。", "year"),
    ("今年是“十五五”开局之年，做好政府工作意义重大。", "year"),
    ("五年来，我们坚持创新驱动发展，产业体系更加完善。", "years"),
    ("“十四五”时期是全省发展历程中极不平凡的五年。", "years"),
    # the year named first, the five years opened in the next sentence
    ("各位代表！2025年是“十四五”收官之年。五年来，我们牢记嘱托。", "years"),
    ("各位代表，2025年目标的完成，标志着“十四五”顺利收官。", "years"),
    ("刚刚过去的2025年，是“十四五”收官之年，也是改革攻坚之年。", "year"),
    ("城镇新增就业55万人，城镇调查失业率5.1%。", ""),  # opens nothing: the part goes on
])
def test_the_span_a_paragraph_opens(paragraph: str, period: str) -> None:
    assert paragraph_opens(paragraph) == period


def test_only_the_other_known_span_contradicts() -> None:
    assert contradicts("year", "years") and contradicts("years", "year")
    assert not contradicts("year", "year") and not contradicts("", "years")
    assert not contradicts("years", "")


REPORT = ("2026年某省政府工作报告\n"
          "一、“十四五”时期和2025年工作回顾\n"
          "“十四五”时期是极不平凡的五年。\n"
          "（一）民生保障有力。城镇新增就业超过300万人。\n"
          "刚刚过去的2025年，全省经济稳中向好。"
          + "经济运行总体平稳，发展质量稳步提升。" * 40 + "\n"
          "（二）就业稳定。城镇新增就业62万人。\n"
          "二、2026年重点工作\n"
          "今年城镇新增就业55万人以上。\n")


def test_a_passage_keeps_the_span_its_part_opened(tmp_path: Path) -> None:
    """Passages under one heading take the span of the part they sit in: the five-year
    part until a paragraph opens the year's, which lasts to the next top section."""
    corpus = tmp_path / "2026_某省_政府工作报告.txt"
    corpus.write_text(REPORT, encoding="utf-8")
    index = load_index(build_index(corpus, tmp_path / "index", HashEmbedder()))

    def span_of(words: str) -> str:
        return next(period for chunk, period in zip(index.chunks, index.periods, strict=True)
                    if words in chunk.text)

    assert span_of("超过300万人") == "years"
    assert span_of("62万人") == "year"
    assert span_of("55万人以上") == "year"


def test_a_passage_running_from_one_part_into_the_next_belongs_to_neither(
        tmp_path: Path) -> None:
    corpus = tmp_path / "2026_某省_政府工作报告.txt"
    corpus.write_text("2026年某省政府工作报告\n一、“十四五”时期和2025年工作回顾\n"
                      "五年来，城镇新增就业超过300万人。\n刚刚过去的2025年，城镇新增就业62万人。\n",
                      encoding="utf-8")
    index = load_index(build_index(corpus, tmp_path / "index", HashEmbedder()))
    both = next(row for row, chunk in enumerate(index.chunks) if "62万人" in chunk.text)
    assert "300万人" in index.chunks[both].text and index.periods[both] == ""


@pytest.mark.parametrize(("question", "lowered"), [
    ("2025年城镇新增就业多少人？", "（一）"), ("“十四五”时期城镇新增就业多少人？", "（二）"),
    ("城镇新增就业多少人？", None)])  # names no span: nothing moves
def test_retrieval_lowers_the_passage_of_the_other_span(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, question: str,
        lowered: str | None) -> None:
    """The passage of the other span loses PERIOD_PENALTY, the rest nothing (scores
    compared with the penalty switched off)."""
    corpus = tmp_path / "2026_某省_政府工作报告.txt"
    corpus.write_text(REPORT, encoding="utf-8")
    retriever = Retriever(load_index(build_index(corpus, tmp_path / "index", HashEmbedder())),
                          HashEmbedder())
    assert_only_lowered(retriever, question, ("（一）", "（二）"), lowered, "PERIOD_PENALTY",
                        PERIOD_PENALTY, monkeypatch)


def test_a_passage_of_the_other_span_naming_the_year_asked_is_not_lowered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The five-year review often gives the last year's level ("增长到2025年的4.9万亿元"):
    that passage speaks of 2025 too; another five-year passage is still lowered, also one
    naming 2025 with no figure of its own."""
    corpus = tmp_path / "2026_某省_政府工作报告.txt"
    corpus.write_text("2026年某省政府工作报告\n一、“十四五”时期和2025年工作回顾\n"
                      "“十四五”时期是极不平凡的五年。\n"
                      "（一）经济实力跃升。全省生产总值从2020年的3.6万亿元增长到2025年的4.9万亿元。\n"
                      # a change since another year is no figure of 2025
                      "（二）民生保障有力。全省城镇新增就业超过300万人，2025年总量比2020年"
                      "增加1.3万亿元。\n"
                      "刚刚过去的2025年，全省经济稳中向好。"
                      + "经济运行总体平稳，发展质量稳步提升。" * 40 + "\n", encoding="utf-8")
    retriever = Retriever(load_index(build_index(corpus, tmp_path / "index", HashEmbedder())),
                          HashEmbedder())
    assert_only_lowered(retriever, "2025年全省生产总值和城镇新增就业是多少？",
                        ("4.9万亿元", "超过300万人"), "超过300万人", "PERIOD_PENALTY",
                        PERIOD_PENALTY, monkeypatch)


@pytest.mark.parametrize(("question", "lang", "relative"), [
    ("去年城镇新增就业多少人？", "zh", ("reviewed",)),
    ("今年城镇新增就业目标是多少？", "zh", ("delivered",)),
    ("How many jobs were created last year?", "en", ("reviewed",)),
    ("What is this year's growth target?", "en", ("delivered",)),
    ("前年城镇新增就业多少人？", "zh", ("earlier",)),
    ("How many jobs were created the year before last?", "en", ("earlier",)),
    ("比上年增长多少？", "zh", ()),  # the year before a figure, whichever year that is
    ("2025年城镇新增就业多少人？", "zh", ()),  # named by its number: Query.years
])
def test_years_named_by_where_they_stand_to_the_report(question: str, lang: str,
                                                       relative: tuple[str, ...]) -> None:
    assert relative_years(question, lang) == relative
    assert analyse(question).relative_years == relative
