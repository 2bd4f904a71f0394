"""Which body handled which proposal (qa/respective.py): the opening's "respectively" list,
on sentences written for these tests and on the bulletin (real model)."""

from __future__ import annotations

import pytest

from qa.index import Index
from qa.respective import handlers
from qa.service import QAService


@pytest.mark.parametrize(("text", "bodies"), [
    ("两件建议案由副市长领办,市发改委、市教育局分别主办。", ["市发改委", "市教育局"]),
    ("4件建议案由分管副市长对口领办，甲局、乙局、丙局和丁局分别承办。",
     ["甲局", "乙局", "丙局", "丁局"]),
])
def test_the_bodies_of_a_respectively_list_in_order(text: str, bodies: list[str]) -> None:
    found = handlers(text)
    assert found is not None and found[1] == bodies


@pytest.mark.parametrize("text", [
    "3件建议案由分管副市长对口领办,市发改委、市教育局分别主办。",  # 3 proposals, 2 bodies
    "市发改委、市教育局分别主办了两场会议。",  # no proposals counted
])
def test_a_list_that_does_not_match_the_proposals_gives_nothing(text: str) -> None:
    assert handlers(text) is None


@pytest.mark.slow
@pytest.mark.parametrize(("question", "body"), [
    ("2号建议案由哪个部门主办？", "市经信局"),  # the answers issue: was the mayor
    ("Which body was the lead handler of proposal 3?", "市民政局"),
    ("1号建议案的主办单位是哪个？", "东湖高新区管委会"),
])
def test_a_proposals_handling_body_comes_from_the_opening(index: Index, embedder,
                                                          question: str, body: str) -> None:
    answer = QAService(index, embedder).ask(question)
    assert answer.answerable and answer.text.startswith(body)
    citation = answer.citations[0]
    assert citation.quote.endswith("分别主办") and body in citation.quote
    assert index.source[citation.start:citation.end] == citation.quote


@pytest.mark.slow
def test_who_led_a_proposal_is_still_its_own_passage(index: Index, embedder) -> None:
    answer = QAService(index, embedder).ask("2号建议案由哪位领导领衔办理？")
    assert "盛阅春" in answer.text
