"""Declining when the bulletin holds no answer, with the real index and model."""

from __future__ import annotations

import pytest

from qa.index import Index
from qa.service import QAService


@pytest.fixture(scope="module")
def service(index: Index, embedder) -> QAService:
    return QAService(index, embedder)


@pytest.mark.parametrize("question", [
    "江汉区建成了多少个老年助餐点？",  # a district the bulletin never names
    "What was Wuhan's GDP in 2024?",
    "2023年武汉新城完成投资多少亿元？",  # another year
    "九峰山论坛是几月份办的？",  # asks when; the passage gives no date
    "How many households in Shanghai received renovation subsidies?",
    "今天天气怎么样？", "hello", "谁是美国总统？", "How do I bake bread?",
    # tried as a new user would (the answers issue): small talk, markup, the weather
    "What is the weather tomorrow?", "test", "<script>alert(1)</script>{{7*7}}",
    # the title asked about names nobody ("主任"), or only a different title ("秘书长")
    "东湖高新区管委会主任是谁？",
    "Who is the deputy secretary-general of the municipal government?",
    # counts the bulletin does not give: people (it counts schools), robots, buses
    "How many students attend the new schools in Wuhan New City?",
    "How many robots did Optics Valley export in 2024?", "武汉新城一共有多少辆公交车？",
])
def test_questions_the_bulletin_does_not_answer_are_declined(service: QAService,
                                                             question: str) -> None:
    answer = service.ask(question)
    assert not answer.answerable and answer.citations == ()
    assert answer.hits, "the nearest passages are still listed"
    expected = "通报中没有" if any("\u4e00" <= ch <= "\u9fff" for ch in question) else \
        "The bulletin does not answer"
    assert answer.text.startswith(expected)


@pytest.mark.parametrize("question", [
    # (Before totals were told from increments, "光谷现在企业加起来总共有多少户？" was
    # "answered" with 3551, a talent programme's name; it is declined now.)
    "2024年武汉新城起步区完成投资多少？", "全市企业加起来总共有多少户？",
    "What position does Guo Yuanqiang hold?", "When was the report delivered?",
    "Who delivered this report on behalf of the Wuhan municipal government?",
])
def test_answerable_questions_are_not_declined(service: QAService, question: str) -> None:
    assert service.ask(question).answerable
