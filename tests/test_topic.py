"""The thing a question asks about (qa/topic.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from qa.mentions import mentions
from qa.scope import DocumentScope, NamedDocument
from qa.topic import topic_of

SCOPE = DocumentScope([NamedDocument("2026_湖南省_政府工作报告", "2026年湖南省政府工作报告",
                                     "work_report"),
                       NamedDocument("2026_贵州省_政府工作报告", "2026年贵州省政府工作报告",
                                     "work_report")])


@pytest.mark.parametrize(("question", "topic"), [
    ("湖南去年粮食总产量是多少？", "粮食总产量"),
    ("湖南这五年居民人均可支配收入涨到多少了？", "居民人均可支配收入"),
    ("贵州今年城镇新增就业目标定的多少？", "城镇新增就业目标"),
    ("贵州去年建了多少个5G基站？", "5G基站"),  # the thing counted follows 多少个
    ("去年到湖南旅居的人有多少？", "旅居的人"),  # the direction to the place cut goes too
    ("湖南封关后，进口零关税商品的税目比例提到了多少？", "进口零关税商品的税目比例"),
    ("湖南通过改革，营商环境排名升到第几？", "营商环境排名"),
    ("How many inbound tourists did Hunan receive in 2025?", "inbound tourists"),
    ("How big was Guizhou's digital economy last year?", "digital economy"),
    ("What's Hunan's target for new urban jobs this year?", "target for new urban jobs"),
    ("How long is Guizhou's expressway network now?", "expressway network"),
    # nothing but scope, time and question words: no thing to carry
    ("那贵州呢？", ""),
    ("Who is the governor of Hunan?", ""),
    ("And what about it?", ""),
])
def test_the_thing_asked_about(question: str, topic: str) -> None:
    lang = "en" if question[0].isascii() else "zh"
    assert topic_of(question, lang, mentions(question, SCOPE)) == topic
