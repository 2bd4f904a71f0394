"""A proposal described by its topic (qa/described.py), on titles and sentences written for
these tests; no model is needed."""

from __future__ import annotations

import pytest

from qa.answer_types import asked_kind
from qa.bridge import build_term_map
from qa.described import described_proposal, with_described_proposal
from qa.query import analyse

TITLES = {1: "关于加快科学城建设,打造创新高地的建议案",
          2: "关于推进制造业数字化转型的建议案",
          3: "关于完善养老服务体系,建设老年友好城市的建议案"}
TERMS = build_term_map("".join(TITLES.values()) + "养老服务老年人制造业科学城")


@pytest.mark.parametrize(("question", "number"), [
    ("建科学城、打造创新高地那件建议案由哪个单位主办？", 1),
    ("关于养老服务的那份建议案有哪些措施？", 3),
    ("制造业数字化转型的建议办理得怎么样？", 2),
    ("Which body handled the proposal on elderly care services?", 3),
])
def test_a_described_proposal_is_named(question: str, number: int) -> None:
    assert with_described_proposal(analyse(question), TITLES, TERMS).proposals == (number,)


@pytest.mark.parametrize("question", [
    "全市新建了多少个养老服务中心？",       # describes no proposal
    "关于城市更新的那份建议案有哪些措施？",  # matches no title
    "2号建议案由哪个单位主办？",             # names its number already: kept as it is
])
def test_no_clear_description_leaves_the_question_as_analysed(question: str) -> None:
    query = analyse(question)
    assert with_described_proposal(query, TITLES, TERMS) == query


def test_an_index_without_proposals_changes_nothing() -> None:
    query = analyse("关于养老服务的那份建议案有哪些措施？")
    assert with_described_proposal(query, {}, TERMS) == query


@pytest.mark.parametrize("question", ["那件建议案由哪个局主办？", "由哪个委员会牵头？",
                                      "哪家机构负责？"])
def test_a_bureau_or_an_agency_is_an_organisation_asked_for(question: str) -> None:
    assert asked_kind(question) == "organisation"


# Another report beside the bulletin: many more of the corpus's words translate "manufacturing"
# ("工业", "生产", "加工" …), none of them in a proposal's title or text.
OTHER_REPORT = ("支持生产企业扩能，制药、制作、工业品和产区流程优化，生产能力提升，"
                "制假售假严厉打击。结交朋友，友人往来，年龄适龄，年纪较大，老铁便民，好客环保。")
MANY_TERMS = build_term_map("".join(TITLES.values()) + "养老服务老年人制造业科学城" + OTHER_REPORT)
TEXTS = {1: "科学城建设加快推进。", 2: "推进制造业数字化转型。", 3: "养老服务体系更加完善。"}


@pytest.mark.parametrize(("description", "number"), [
    ("the manufacturing one", 2), ("the proposal on manufacturing", 2),
    ("the elderly care one", 3)])
def test_an_english_description_holds_over_many_documents(description: str, number: int) -> None:
    assert described_proposal(description, TITLES, MANY_TERMS, TEXTS) == number


@pytest.mark.parametrize(("question", "number"), [
    ("Which body handled the proposal on manufacturing?", 2),
    ("Who led the proposal on elderly care services?", 3)])
def test_an_english_question_describing_a_proposal_over_many_documents(question: str,
                                                                       number: int) -> None:
    query = analyse(question)
    assert with_described_proposal(query, TITLES, MANY_TERMS, TEXTS).proposals == (number,)
