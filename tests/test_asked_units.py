"""The unit a question asks its figure in (qa/asked_units.py), with sentences written here;
no model, no index."""

from __future__ import annotations

import pytest

from qa.asked_units import asked_units


@pytest.mark.parametrize(("question", "unit", "counted_in", "count"), [
    ("去年全市新建了多少张床位？", "张", "张", True),  # the measure word after 多少
    ("新登记了多少万户经营主体？", "户", "户", True),  # … also after a multiplier
    ("河道整治了多少公里？", "公里", "", False),  # a measure, not a count
    ("How many hospital beds were added?", "张", "张", True),  # the head of what is counted
    ("How many kilometres of metro line opened?", "公里", "", False),  # "of": the head before it
])
def test_the_unit_named_by_the_question(question: str, unit: str, counted_in: str,
                                        count: bool) -> None:
    units, counted, asks_count = asked_units(question, question,
                                             "en" if question.isascii() else "zh")
    assert unit in units
    assert (counted, asks_count) == (counted_in, count)


def test_a_share_asked_in_so_many_words_wins_over_every_hint() -> None:
    question = "粮食产量比上年增长了百分之几？"  # 产量 hints tonnes; 百分之几 asks a share
    assert asked_units(question, question, "zh")[0] == ("%",)


def test_the_size_of_an_economy_is_money_unless_its_growth_is_asked() -> None:
    assert asked_units("What was the GDP of the province?", "What was the GDP of the province?",
                       "en")[0] == ("元", "美元")
    assert asked_units("How fast did GDP grow?", "How fast did GDP grow?", "en")[0] == ("%",)


def test_firms_counted_in_jia_may_be_counted_in_hu() -> None:
    units, counted, _ = asked_units("新注册了多少家企业？", "新注册了多少家企业？", "zh")
    assert counted == "家" and "户" in units


def test_how_large_asks_the_level_not_the_growth() -> None:
    question = "How large had the economy grown?"
    assert "%" not in asked_units(question, question, "en")[0]


@pytest.mark.parametrize("question", [
    "全市去年用了多少电量？",  # electricity used
    "今年向外省送了多少绿电？",  # green power sent out
    "How much electricity did the province send to other regions?",
])
def test_electricity_is_asked_in_kilowatt_hours_or_du(question: str) -> None:
    units, _, _ = asked_units(question, question, "en" if question.isascii() else "zh")
    assert units[:2] == ("千瓦时", "度")


def test_electricity_prices_are_not_energy() -> None:
    question = "How much did electricity prices fall?"
    assert "度" not in asked_units(question, question, "en")[0]
