"""Inputs that are not questions about the documents (qa/small_talk.py), on inputs written
for these tests; no model needed."""

from __future__ import annotations

import pytest

from qa.small_talk import not_a_question


@pytest.mark.parametrize("text", ["test", "Testing!", "hello", "Hi there.", "thank you",
                                  "你好", "您好！", "测试一下", "谢谢", "在吗？"])
def test_greetings_thanks_and_trying_it_out_are_small_talk(text: str) -> None:
    assert not_a_question(text) == "small talk, not a question about the documents"


@pytest.mark.parametrize("text", ["<script>alert(1)</script>{{7*7}}", "{{config.items()}}",
                                  "<img src=x onerror=alert(1)>", "${jndi:ldap://x/a}"])
def test_markup_and_code_are_not_questions(text: str) -> None:
    assert not_a_question(text) == "markup or code, not a question"


@pytest.mark.parametrize("text", ["GDP", "光谷", "谁？", "Optics", "多少"])
def test_a_lone_word_is_not_a_question(text: str) -> None:
    assert not_a_question(text) == "a lone word, not a question"


@pytest.mark.parametrize("text", [
    "How many elderly meal sites were built?", "老年助餐机构建了多少个？", "Who led it?",
    "Optics Valley industries?", "老年助餐", "790", "What about <b>proposal 2</b>?",
    "3号建议案有哪些措施？", "Is the test of the new chip finished?", "测试芯片了吗？",
])
def test_questions_and_phrases_about_something_pass(text: str) -> None:
    assert not_a_question(text) is None
