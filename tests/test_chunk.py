from __future__ import annotations

import itertools
import re

import pytest

from qa.chunk import MIN_CLAUSE_CHARS, chunk_document, split_clauses
from qa.parse import parse
from qa.types import Chunk


@pytest.fixture(scope="module")
def chunks(source: str) -> list[Chunk]:
    return chunk_document(parse(source))


def test_one_chunk_per_measure_intro_preamble_closing(chunks: list[Chunk]) -> None:
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    assert ids[0] == "preamble" and ids[-1] == "closing"
    assert [i for i in ids if i.endswith("-s0-m0")] == ["p1-s0-m0", "p2-s0-m0", "p3-s0-m0"]
    assert sum(1 for i in ids if re.fullmatch(r"p\d-s[1-9]-m[1-9]", i)) == 49
    assert len(chunks) == 49 + 3 + 2


def test_offsets_are_exact(chunks: list[Chunk], source: str) -> None:
    for chunk in chunks:
        assert source[chunk.start:chunk.end] == chunk.text
        assert chunk.clauses
        for clause in chunk.clauses:
            assert source[clause.start:clause.end] == clause.text
            assert chunk.start <= clause.start < clause.end <= chunk.end


def test_location_numbers_label_and_context(chunks: list[Chunk]) -> None:
    chunk = next(c for c in chunks if c.id == "p3-s3-m3")
    assert (chunk.proposal, chunk.section, chunk.measure) == (3, 3, 3)
    assert chunk.label == "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务"
    assert chunk.short_label == "3号建议案 · (三) · 三是"
    assert chunk.embed_text.startswith("(三)提升适老化服务水平。三是推进老年助餐服务。")
    assert "建成老年助餐机构790个" in [c.text for c in chunk.clauses]
    preamble = chunks[0]
    assert (preamble.proposal, preamble.section, preamble.measure) == (0, 0, 0)


def test_no_bare_heading_chunk(chunks: list[Chunk], source: str) -> None:
    intro = next(c for c in chunks if c.id == "p1-s0-m0")
    assert intro.text.startswith("一、《关于加快武汉新城建设")
    assert "郭元强亲自督办1号建议案" in intro.text  # heading merged with its intro paragraph
    preamble = chunks[0]
    assert preamble.text.startswith("武汉市人民政府关于")
    assert "现将办理情况通报如下" in preamble.text
    for chunk in chunks:
        assert len(chunk.text) > 40, chunk.id


def test_stable_ids_and_text_across_builds(source: str) -> None:
    first = chunk_document(parse(source))
    second = chunk_document(parse(source))
    assert [c.to_json() for c in first] == [c.to_json() for c in second]


def test_oversized_chunk_is_split_with_metadata_and_offsets(source: str) -> None:
    pieces = [c for c in chunk_document(parse(source), max_chars=80) if c.id.startswith("p2-s5-m1")]
    assert [c.id for c in pieces][:2] == ["p2-s5-m1", "p2-s5-m1.2"]
    for piece in pieces:
        assert len(piece.text) <= 80
        assert source[piece.start:piece.end] == piece.text
        assert (piece.proposal, piece.section, piece.measure) == (2, 5, 1)
        assert piece.label.endswith("一是促进企业融通发展")
    joined = "".join(source[a.end:b.start] for a, b in itertools.pairwise(pieces))
    assert joined.strip() == ""  # pieces cover the measure with nothing lost between them
    assert pieces[0].start < pieces[-1].end


def test_clauses_split_on_chinese_and_ascii_punctuation() -> None:
    text = "新增建设用地5147亩,完成房屋拆迁211万平方米；累计争取1,000元。到2026年，全覆盖"
    clauses = list(split_clauses(text, offset=100))
    assert [c.text for c in clauses] == [
        "新增建设用地5147亩", "完成房屋拆迁211万平方米", "累计争取1,000元", "到2026年，全覆盖"]
    for clause in clauses:
        assert text[clause.start - 100:clause.end - 100] == clause.text
    assert all(len(c.text) >= MIN_CLAUSE_CHARS for c in clauses)
