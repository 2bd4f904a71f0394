"""Words in a question that name its document or a plan (qa/names.py), in sentences written
for these tests: the year of a report's name is not a year asked about, "Plan" in a plan's
name is no plan asked for; other years and plans stay."""

from __future__ import annotations

import pytest

from qa.names import asked_years, without_names
from qa.query import analyse


@pytest.mark.parametrize(("question", "lang", "years"), [
    ("What was the province's GDP in 2024, according to its 2026 government work report?",
     "en", ("2024",)),
    ("Per the region's 2026 work report, how many jobs were created?", "en", ()),
    ("In Gansu's 2026 Government Work Report, what is the grain target?", "en", ()),
    ("What does the 2025 Wuhan bulletin say about elderly care?", "en", ()),
    ("What did the report of 2026 say about tourism?", "en", ()),
    ("据2026年甘肃省政府工作报告，2024年粮食产量是多少？", "zh", ("2024",)),
    ("2026年政府工作报告提出今年的就业目标是多少？", "zh", ()),
    ("2025年通报里说养老床位有多少张？", "zh", ()),
    # years that are asked about stay
    ("What is the 2026 GDP growth target?", "en", ("2026",)),
    ("How many jobs were created in 2025 per the report?", "en", ("2025",)),
    ("2026年GDP增长目标是多少？", "zh", ("2026",)),
    ("2025年粮食产量是多少，报告怎么说？", "zh", ("2025",)),
])
def test_the_years_asked_are_not_those_of_a_documents_name(question: str, lang: str,
                                                            years: tuple[str, ...]) -> None:
    assert asked_years(question, lang) == years


def test_a_plans_name_is_no_plan_asked_for() -> None:
    text = "How large had the economy grown by the end of the 14th Five-Year Plan?"
    assert "Plan" not in without_names(text, "en")
    query = analyse(text)
    assert query.tense == "done" and query.period == "years"
    # a plan asked for in so many words still is one
    assert analyse("What does the province plan to build under the 15th Five-Year Plan?"
                   ).tense == "plan"


def test_the_report_year_does_not_set_the_question_period_or_tense() -> None:
    assert analyse("据2026年甘肃省政府工作报告，全省有多少家上市公司？").period == ""
    assert analyse("据2026年甘肃省政府工作报告，2024年全省有多少家上市公司？").period == "year"
    assert analyse("What was GDP, according to Gansu's 2026 government work report?"
                   ).years == ()


def test_a_quoted_name_in_an_english_question_asks_nothing() -> None:
    """'Model of the Times' counts no times; a quoted period in Chinese stays a period."""
    assert analyse("Who was given the 'Model of the Times' title in 2025?").units == ()
    assert analyse("How many times did the city's exports grow?").units == ("次",)
    assert analyse('What is the "dual carbon" target for 2026?').asks_quantity
    assert analyse("How many 'little giant' firms does Anhui have?").units == ("家",)
    assert analyse("“十四五”期间新增就业多少人？").period == "years"
