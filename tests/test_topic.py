"""The thing a question asks about (qa/topic.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from qa.mentions import mentions
from qa.scope import DocumentScope, NamedDocument
from qa.topic import topic_of, with_topic

SCOPE = DocumentScope([NamedDocument("2026_湖南省_政府工作报告", "2026年湖南省政府工作报告",
                                     "work_report"),
                       NamedDocument("2026_贵州省_政府工作报告", "2026年贵州省政府工作报告",
                                     "work_report")])


@pytest.mark.parametrize(("question", "topic"), [
    ("湖南去年粮食总产量是多少？", "粮食总产量"),
    ("湖南这五年居民人均可支配收入涨到多少了？", "居民人均可支配收入"),
    ("贵州今年城镇新增就业目标定的多少？", "城镇新增就业目标"),
    ("贵州去年建了多少个5G基站？", "5G基站"),  # the thing counted follows 多少个
    ("贵州今年打算完成多少亩生态建设？", "生态建设"),  # … or a unit after 多少
    ("去年到湖南旅居的人有多少？", "旅居的人"),  # the direction to the place cut goes too
    ("湖南封关后，进口零关税商品的税目比例提到了多少？", "进口零关税商品的税目比例"),
    ("湖南通过改革，营商环境排名升到第几？", "营商环境排名"),
    ("How many inbound tourists did Hunan receive in 2025?", "inbound tourists"),
    ("How big was Guizhou's digital economy last year?", "digital economy"),
    ("How big did Hunan's economy get in 2025?", "economy"),  # the closing verb goes
    ("What's Hunan's target for new urban jobs this year?", "target for new urban jobs"),
    ("How long is Guizhou's expressway network now?", "expressway network"),
    # the auxiliary after "how much" opens the thing, the verb closes it; the source the
    # question cites is no part of it
    ("How much did Hunan's software revenue reach?", "software revenue"),
    ("How many new jobs did Guizhou create, according to the report?", "new jobs"),
    ("What was the grain output, as stated in the bulletin on the farming proposal?",
     "grain output"),
    # nothing but scope, time and question words: no thing to carry
    ("那贵州呢？", ""),
    ("Who is the governor of Hunan?", ""),
    ("And what about it?", ""),
])
def test_the_thing_asked_about(question: str, topic: str) -> None:
    lang = "en" if question[0].isascii() else "zh"
    assert topic_of(question, lang, mentions(question, SCOPE)) == topic


@pytest.mark.parametrize(("question", "topic", "expected"), [
    # only an aspect of a thing: asked of the thing asked about before
    ("今年的目标是多少？", "粮食产量", "今年的粮食产量目标是多少？"),
    ("增速是多少？", "规上工业增加值", "规上工业增加值增速是多少？"),
    # the earlier thing's own aspect is not carried twice
    ("今年的目标是多少？", "城镇新增就业目标", "今年的城镇新增就业目标是多少？"),
    # the pronoun stands for the place; the aspect is still of the thing
    ("那它今年的目标是多少？", "城镇新增就业", "那它今年的城镇新增就业目标是多少？"),
    # nothing named at all: the thing after the time the follow-up sets
    ("去年完成了多少？", "粮食产量", "去年粮食产量完成了多少？"),
    # an adverb and a bare verb name no thing either ("实际收了" is "harvested")
    ("那去年实际收了多少？", "粮食产量目标", "那去年粮食产量实际收了多少？"),
    ("去年实际完成了多少？", "城镇新增就业定的目标", "去年城镇新增就业实际完成了多少？"),
    # a demonstrative before the aspect points at the thing: the thing takes its place
    ("今年这个目标定在多少？", "棉花总产量", "今年棉花总产量目标定在多少？"),
    # … and one before the thing's last words names the things ("这些机构")
    ("这些机构一共有多少张床位？", "医养结合机构", "医养结合机构一共有多少张床位？"),
    # a question word with its own thing after it is not a figure of the thing before
    ("有哪些措施？", "粮食产量", "有哪些措施？"),
    # a thing of its own: left as asked
    ("失业率是多少？", "粮食产量", "失业率是多少？"),
    ("其中治沙的有多少？", "生态建设", "其中治沙的有多少？"),
    # only what the figure is measured against: a comparison or a ranking of that thing
    ("比上年多了多少？", "粮食产量", "粮食产量比上年多了多少？"),
    ("那同比增长了多少？", "原煤产量", "那原煤产量同比增长了多少？"),
    ("占全国多少？", "棉花总产量", "棉花总产量占全国多少？"),
    ("排全国第几？", "地区生产总值", "地区生产总值排全国第几？"),
    # … beside a thing of its own, left as asked
    ("比上年多招了多少名教师？", "粮食产量", "比上年多招了多少名教师？"),
    ("全国有多少个省份？", "粮食产量", "全国有多少个省份？"),
])
def test_a_chinese_follow_up_naming_no_thing_asks_about_the_one_before(
        question: str, topic: str, expected: str) -> None:
    assert with_topic(question, topic, "zh") == expected


@pytest.mark.parametrize(("question", "topic", "expected"), [
    # "how many" with no noun counts the things counted before
    ("How many did it actually add last year?", "new urban jobs",
     "How many new urban jobs did it actually add last year?"),
    ("And how many were completed?", "old compounds", "And how many old compounds were completed?"),
    # a noun of its own after "how many": left as asked
    ("How many schools did it build?", "new urban jobs", "How many schools did it build?"),
])
def test_how_many_with_no_noun_counts_the_things_before(question: str, topic: str,
                                                        expected: str) -> None:
    assert with_topic(question, topic, "en") == expected


@pytest.mark.parametrize(("question", "topic", "expected"), [
    # a target of nothing named, even as "growth target": of the thing before
    ("What growth target has it set for 2026?", "retail sales",
     "What growth target for retail sales has it set for 2026?"),
    ("And what's its target?", "new urban jobs", "And what's its target for new urban jobs?"),
    # a target that names its thing before the word is left as asked
    ("What is the grain output target?", "GDP growth", "What is the grain output target?"),
    # only an aspect, or a streak, of nothing named: of the thing before
    ("What was the growth rate?", "retail sales", "What was retail sales growth rate?"),
    ("What's this year's goal?", "grain output", "What's this year's goal for grain output?"),
    ("How many years in a row?", "grain output", "How many years in a row grain output?"),
    # the aspect of a thing named: left as asked
    ("What was the growth rate of exports?", "retail sales",
     "What was the growth rate of exports?"),
])
def test_an_english_target_naming_no_thing_is_of_the_thing_before(
        question: str, topic: str, expected: str) -> None:
    assert with_topic(question, topic, "en") == expected


@pytest.mark.parametrize(("question", "topic", "lang", "expected"), [
    # the thing's last words, with nothing of their own before them, name the whole thing
    ("那今年的产量目标定在多少？", "规上原煤产量", "zh", "那今年的规上原煤产量目标定在多少？"),
    ("And what output is it aiming for this year?", "total grain output", "en",
     "And what total grain output is it aiming for this year?"),
    ("What throughput target has it set for this year?", "container throughput", "en",
     "What container throughput target has it set for this year?"),
    # words of their own before them name another thing: left as asked
    ("那今年的农业产量目标呢？", "工业产量", "zh", "那今年的农业产量目标呢？"),
    ("And what is the industrial output?", "grain output", "en",
     "And what is the industrial output?"),
])
def test_a_follow_up_naming_the_things_last_words_names_the_whole_thing(
        question: str, topic: str, lang: str, expected: str) -> None:
    assert with_topic(question, topic, lang) == expected


def test_a_bare_verb_of_intent_names_no_thing() -> None:
    # "今年打算装多少？" after the lifts installed: what is to be installed is the thing before
    assert with_topic("今年打算装多少？", "电梯", "zh") == "今年电梯打算装多少？"
