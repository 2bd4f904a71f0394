"""Outline answers (qa/overview.py): which questions ask for one, and the parts listed —
on a report written for these tests (hash embedder) and on the bulletin (real model)."""

from __future__ import annotations

import pytest

from qa.build import build_index
from qa.index import Index, load_index
from qa.overview import asked_part, asks_overview, overview_answer
from qa.query import analyse
from qa.service import QAService
from qa.types import Hit

from .conftest import seed_id
from .fakes import HashEmbedder

REPORT = """2026年某省政府工作报告
——2026年1月20日在某省第十四届人民代表大会第四次会议上
省长 张三
一、2025年工作回顾
全年地区生产总值增长5.2%。
二、2026年重点工作
（一）扩大有效需求
新建改造城市燃气管网600公里，实施城市更新项目300个。
（二）加快科技创新
新认定高新技术企业1400家，建设中试平台10家。
（三）保障改善民生
城镇新增就业55万人，新增托位2万个。
"""


@pytest.mark.parametrize("question", [
    "3号建议案有哪些措施？", "2026年重点工作有哪些？", "这部分主要讲了什么？",
    "1号建议案主要做了哪些工作？", "What did proposal 2 do?",
    "What are the main tasks for 2026?", "What measures did the city take?",
])
def test_questions_asking_for_an_outline(question: str) -> None:
    assert asks_overview(analyse(question))


@pytest.mark.parametrize("question", [
    "新建改造城市燃气管网多少公里？", "Who led proposal 3?", "2026年的增长目标是多少？",
    "How many elderly meal sites were built?",
])
def test_questions_asking_for_one_thing(question: str) -> None:
    assert not asks_overview(analyse(question))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Index:
    folder = tmp_path_factory.mktemp("overview")
    path = folder / "2026_某省_政府工作报告.txt"
    path.write_text(REPORT, encoding="utf-8")
    return load_index(build_index(path, folder / "index", HashEmbedder()))


def test_a_report_part_is_answered_with_its_headings_each_cited(report: Index) -> None:
    inside = next(c for c in report.chunks if "中试平台" in c.text)
    answer = overview_answer(analyse("2026年重点工作有哪些？"), [Hit(inside, 1.0)], report)
    assert answer is not None and answer.answerable
    assert [c.quote for c in answer.citations] == ["（一）扩大有效需求", "（二）加快科技创新",
                                                  "（三）保障改善民生"]
    text = report.text_of(inside.doc_id)
    assert all(text[c.start:c.end] == c.quote for c in answer.citations)
    assert answer.text.startswith("二、2026年重点工作包括：（一）扩大有效需求；")


def test_a_part_the_question_does_not_name_gives_no_outline(report: Index) -> None:
    inside = next(c for c in report.chunks if "中试平台" in c.text)
    # "科技" is the part the passage sits in, and it has no parts of its own; the node above
    # it ("重点工作") shares no words with the question: the answer is a clause, not a list.
    assert overview_answer(analyse("科技方面有哪些举措？"), [Hit(inside, 1.0)], report) is None
    assert overview_answer(analyse("新建中试平台多少家？"), [Hit(inside, 1.0)], report) is None


@pytest.mark.slow
@pytest.mark.parametrize(("question", "first", "lang"), [
    ("3号建议案有哪些措施？", "(一)健全适老化工作机制", "zh"),
    ("What did proposal 2 do?", "(一)增强工业技术自主可控能力", "en"),
])
def test_a_proposal_is_answered_with_its_sections(index: Index, embedder, question: str,
                                                   first: str, lang: str) -> None:
    answer = QAService(index, embedder).ask(question)
    assert answer.answerable and answer.citations[0].quote == first
    assert len(answer.citations) >= 4 and answer.citations[0].chunk_id.startswith(
        seed_id("p3" if lang == "zh" else "p2"))
    assert all(index.source[c.start:c.end] == c.quote for c in answer.citations)
    assert ("3号建议案包括：" if lang == "zh" else "Proposal 2 covers: ") in answer.text
    # Each heading stands before its first measure: cited at its section, not that measure.
    first_cited = answer.citations[0]
    assert (first_cited.section, first_cited.measure) == (1, 0)
    assert first_cited.label.endswith(first) and "一是" not in first_cited.label


@pytest.mark.parametrize(("question", "place"), [
    ("3号建议案的第一部分标题是什么？", 1), ("重点工作的第3个方面讲什么？", 3),
    ("重点工作最后一部分是什么？", -1), ("What is the second section of proposal 1 about?", 2),
    ("What does the last part of the report cover?", -1),
    ("第一批项目有多少个？", None),  # a batch, not a part of the document
    ("新建学校多少所？", None),
])
def test_the_part_asked_for_by_its_place(question: str, place: int | None) -> None:
    assert asked_part(analyse(question)) == place


@pytest.mark.parametrize(("question", "title"), [
    ("重点工作的第二部分是什么？", "（二）加快科技创新"),
    ("重点工作最后一部分是什么？", "（三）保障改善民生"),
    ("What is the first part of the 2026 key work?", "（一）扩大有效需求"),
])
def test_one_part_is_answered_with_its_title_cited(report: Index, question: str,
                                                   title: str) -> None:
    inside = next(c for c in report.chunks if "中试平台" in c.text)
    answer = overview_answer(analyse(question), [Hit(inside, 1.0)], report)
    assert answer is not None and answer.text == title
    (citation,) = answer.citations
    assert report.text_of(inside.doc_id)[citation.start:citation.end] == title


def test_a_place_beyond_the_parts_gives_no_answer(report: Index) -> None:
    inside = next(c for c in report.chunks if "中试平台" in c.text)
    assert overview_answer(analyse("重点工作的第五部分是什么？"), [Hit(inside, 1.0)],
                           report) is None
