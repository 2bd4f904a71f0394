"""The gold files are valid against the bulletin, and the validator catches seeded errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from qa.chunk import chunk_document
from qa.eval.gold import (
    LANGS,
    STYLES,
    TYPES,
    GoldFormatError,
    GoldItem,
    item_problems,
    load_gold,
    validate_gold,
)
from qa.eval.locate import EvalDoc, Location, locate
from qa.parse import parse
from qa.types import Chunk

from .conftest import ROOT

GOLD_FILES = ("gold.jsonl", "holdout.jsonl")


@pytest.fixture(scope="module")
def doc(source: str) -> EvalDoc:
    return EvalDoc("", source, parse(source))


@pytest.fixture(scope="module")
def chunks(doc: EvalDoc) -> list[Chunk]:
    assert doc.tree is not None
    return chunk_document(doc.tree)


@pytest.mark.parametrize("name", GOLD_FILES)
def test_gold_file_is_valid(name: str, doc: EvalDoc, chunks: list[Chunk]) -> None:
    items = load_gold(ROOT / "eval" / name)
    for field, values in (("lang", LANGS), ("type", TYPES), ("style", STYLES)):
        assert {getattr(item, field) for item in items} == set(values)  # every split is fed
    problems = validate_gold(items, {doc.doc_id: doc}, chunks)
    assert problems == [], "\n".join(str(p) for p in problems)
    # Every answerable item sits where a chunk holds its evidence.
    answerable = [item for item in items if item.answerable]
    assert answerable and all(item.location is not None for item in answerable)


def test_holdout_does_not_repeat_gold_questions() -> None:
    gold = {item.question for item in load_gold(ROOT / "eval" / "gold.jsonl")}
    assert not gold & {item.question for item in load_gold(ROOT / "eval" / "holdout.jsonl")}


def _item(**changes: object) -> GoldItem:
    base = GoldItem(id="t1", lang="zh", question="老年助餐机构建成了多少个？", answers=("790",),
                    proposal=3, section=3, measure=3, evidence="建成老年助餐机构790个",
                    type="number", style="paraphrase", line=1)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_good_item_has_no_problem(doc: EvalDoc, chunks: list[Chunk]) -> None:
    assert doc.source.count("建成老年助餐机构790个") == 1
    assert item_problems(_item(), doc, chunks) == []
    assert item_problems(_item(answers=("七百九十个", "790 canteens")), doc, chunks) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"evidence": "建成老年食堂790个"}, "not an exact substring"),
    ({"measure": 2}, "sits at p3-s3-m3, not at p3-s3-m2"),
    ({"proposal": 0, "section": 0, "measure": 0}, "not at p0-s0-m0"),
    ({"answers": ("780",)}, "'780' is not a figure of the evidence"),
    ({"answers": ("many",)}, "'many' holds no number"),
    ({"type": "entity", "answers": ("食堂",)}, "no answer appears in the evidence"),
    ({"measure": None}, "needs proposal, section and measure"),
    ({"answers": ()}, "needs at least one answer"),
    ({"type": "unanswerable"}, "answers must be []"),
    ({"type": "unanswerable", "answers": ()}, 'evidence must be ""'),
    ({"type": "unanswerable", "answers": (), "evidence": ""}, "must be null"),
    ({"lang": "fr"}, "lang must be one of"),
    ({"section": -1}, "section must be a non-negative integer"),
])
def test_validator_catches_seeded_errors(changes: dict, expected: str, doc: EvalDoc,
                                         chunks: list[Chunk]) -> None:
    problems = item_problems(_item(**changes), doc, chunks)
    assert any(expected in p for p in problems), problems


def test_evidence_no_chunk_holds_is_reported(doc: EvalDoc, chunks: list[Chunk]) -> None:
    # A section heading is context of its measures, inside no chunk's span.
    assert doc.tree is not None
    heading = doc.tree.proposals[0].sections[0].heading
    item = _item(type="fact", answers=(heading.text[3:7],), proposal=1, section=1, measure=0,
                 evidence=heading.text)
    problems = item_problems(item, doc, chunks)
    assert len(problems) == 1 and problems[0].startswith("no chunk holds the evidence whole")


def test_unanswerable_item_in_form(doc: EvalDoc, chunks: list[Chunk]) -> None:
    item = _item(type="unanswerable", answers=(), evidence="", proposal=None, section=None,
                 measure=None)
    assert item_problems(item, doc, chunks) == []


def test_duplicate_ids_are_reported(doc: EvalDoc, chunks: list[Chunk]) -> None:
    problems = validate_gold([_item(), _item(line=2)], {doc.doc_id: doc}, chunks)
    assert [str(p) for p in problems] == ["line 2 (t1): duplicate id"]


def test_locate(doc: EvalDoc, chunks: list[Chunk]) -> None:
    by_id = {c.id: c for c in chunks}
    tree = doc.tree
    assert tree is not None
    meal = by_id["p3-s3-m3"]
    assert locate(tree, meal.start, meal.end) == Location(3, 3, 3)
    assert locate(tree, by_id["preamble"].start, by_id["preamble"].start + 5) == Location(0, 0, 0)
    assert locate(tree, by_id["closing"].start, by_id["closing"].end) == Location(0, 0, 0)
    # Text across two measures sits at measure 0 of their section.
    assert locate(tree, by_id["p3-s3-m2"].end - 3, by_id["p3-s3-m3"].start + 3) == \
        Location(3, 3, 0)


GOOD_LINE = {"id": "x1", "lang": "en", "question": "Q?", "answers": ["1"], "proposal": 0,
             "section": 0, "measure": 0, "evidence": "e", "type": "fact", "style": "cross"}


@pytest.mark.parametrize(("line", "expected"), [
    ("{not json", "line 2: not valid JSON"),
    ("[1, 2]", "line 2: a line must be a JSON object"),
    (json.dumps({**GOOD_LINE, "id": "x2", "type": "guess"}), "line 2: type must be one of"),
    (json.dumps({k: v for k, v in GOOD_LINE.items() if k != "style"}),
     "line 2: missing field(s) style"),
    (json.dumps({**GOOD_LINE, "id": "x2", "answers": "1"}), "answers must be a list"),
    (json.dumps({**GOOD_LINE, "id": "x2", "proposal": True}), "proposal must be"),
    (json.dumps(GOOD_LINE), "line 2: id 'x1' is already used on line 1"),
])
def test_loader_names_the_malformed_line(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOOD_LINE) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=expected.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[")):
        load_gold(path)


def test_loader_accepts_blank_lines_and_rejects_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n" + json.dumps(GOOD_LINE) + "\n\n", encoding="utf-8")
    assert [item.line for item in load_gold(path)] == [2]
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="holds no items"):
        load_gold(path)
    with pytest.raises(GoldFormatError, match="does not exist"):
        load_gold(tmp_path / "missing.jsonl")
