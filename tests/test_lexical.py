"""BM25 over chunks with the Chinese-aware tokenizer."""

from __future__ import annotations

import pytest

from qa.chunk import chunk_document
from qa.index import Index
from qa.lexical import LexicalIndex, tokenize
from qa.parse import parse
from qa.types import Chunk


def test_tokenize_bigrams_words_and_number_keys() -> None:
    assert tokenize("老年助餐") == ["老年", "年助", "助餐"]
    assert tokenize("老") == ["老"]  # a one-character run stays a unigram
    assert tokenize("Ｅｌｄｅｒｌｙ 5G meals") == ["elderly", "5g", "meals", "5"]
    assert tokenize("专利转让1.57万次") == ["专利", "利转", "转让", "万次", "15700"]
    assert "15700" in tokenize("15,700 patents") and "15700" in tokenize("一万五千七百件")
    assert tokenize("  ，。!") == []


def _chunk(row: int, text: str) -> Chunk:
    return Chunk(id=f"c{row}", proposal=0, proposal_name="", proposal_title="", section=0,
                 section_title="", measure=0, measure_title="", label="", short_label="",
                 start=0, end=len(text), text=text)


def test_search_ranks_and_breaks_ties_by_row() -> None:
    index = LexicalIndex.build([_chunk(0, "建设智慧城市"), _chunk(1, "老年助餐服务"),
                                _chunk(2, "老年助餐服务"), _chunk(3, "推动专利转让1.57万次")])
    hits = index.search("老年助餐", k=5)
    assert [row for row, _ in hits] == [1, 2]  # equal scores: lower row first
    assert hits[0][1] == pytest.approx(hits[1][1]) and hits[0][1] > 0
    assert index.search("转让15700次专利", k=1)[0][0] == 3  # number keys meet across forms
    assert index.search("elderly meals", k=5) == []  # no indexed token: nothing, not noise
    assert index.search("", k=5) == []
    assert index.search("老年助餐", k=1) == hits[:1]


def test_document_frequency_and_idf_count_the_rows_holding_a_token(tmp_path) -> None:
    texts = ["老年助餐服务", "老年大学", "智慧城市", "老年助餐机构"]
    index = LexicalIndex.from_texts(texts)
    for token in ("老年", "助餐", "智慧", "大学", "未见", "nothing"):
        expected = sum(token in tokenize(text) for text in texts)
        assert index.document_frequency(token) == expected
    assert index.idf("老年") < index.idf("智慧") < index.idf("未见")  # rarer: higher
    assert index.idf("老年") == index.idf("老年")  # remembered, the same value
    index.save(tmp_path / "bm25")  # a saved and loaded index counts the same
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert [loaded.document_frequency(t) for t in ("老年", "助餐", "未见")] == [3, 2, 0]
    assert LexicalIndex.from_texts(["。。"]).document_frequency("老年") == 0


def test_empty_collection() -> None:
    assert LexicalIndex.build([]).search("老年", k=3) == []
    assert LexicalIndex.build([_chunk(0, "。。")]).search("老年", k=3) == []


def test_real_bulletin_literal_question(source: str) -> None:
    chunks = chunk_document(parse(source))
    index = LexicalIndex.build(chunks)
    ranked = index.search("老年助餐机构建成了多少个", k=5)
    assert chunks[ranked[0][0]].local_id == "p3-s3-m3"
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)


def test_rows_match_the_index_chunks(index: Index) -> None:
    lexical = LexicalIndex.build(index.chunks)
    assert lexical.size == len(index.chunks)
    row, _ = lexical.search("花湖国际自由贸易航空港", k=1)[0]
    assert index.chunks[row].local_id == "p1-s4-m2"
