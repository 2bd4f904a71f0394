"""`qa eval --dialogues`: the conversation file form, and a real run (a real process, the
real model, the test index) with conversations written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.eval.dialogues import dialogue_problems, load_dialogues
from qa.eval.gold import GoldFormatError

from .test_cli import qa


def turn(question: str, answers: list[str], evidence: str, where: tuple[int, int, int] | None,
         follows: str, proposal: int | None, lang: str = "zh") -> dict:
    located = where or (None, None, None)
    return {"question": question, "answers": answers, "evidence": evidence,
            "proposal": located[0], "section": located[1], "measure": located[2],
            "doc": None, "type": "number" if answers else "unanswerable",
            "style": "literal" if lang == "zh" else "cross", "lang": lang,
            "follows": follows, "scope": {"doc": None, "proposal": proposal}}


MEALS = turn("3号建议案建了多少个老年助餐机构？", ["790"], "建成老年助餐机构790个", (3, 3, 3),
             "first", 3)
CONVERSATIONS = [
    {"id": "t-rescope", "lang": "zh", "turns": [
        MEALS, turn("那2号建议案呢？", [], "", None, "rescope", 2)]},
    {"id": "t-expand", "lang": "en", "turns": [
        turn("How many elderly meal sites were built?", ["790"], "建成老年助餐机构790个",
             (3, 3, 3), "first", 3, "en"),
        turn("Where does it say that?", ["幸福食堂"], "因地制宜建设幸福食堂", (3, 3, 3),
             "expand", 3, "en"),
        turn("全市加装电梯多少部？", ["510"], "既有住宅加装电梯510台", (3, 2, 1), "standalone",
             None)]},
]


@pytest.fixture()
def dialogues(tmp_path: Path) -> Path:
    path = tmp_path / "dialogues.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CONVERSATIONS),
                    encoding="utf-8")
    return path


def test_the_form_is_checked_turn_by_turn() -> None:
    assert dialogue_problems(CONVERSATIONS[0]) == []
    one_turn = {"id": "x", "turns": [MEALS]}
    assert "2.." in dialogue_problems(one_turn)[0]
    second_first = {"id": "x", "turns": [MEALS, MEALS]}
    assert any("first turn only" in p for p in dialogue_problems(second_first))
    bad_scope = {"id": "x", "turns": [MEALS, {**MEALS, "follows": "refers", "scope": "p3"}]}
    assert any("scope" in p for p in dialogue_problems(bad_scope))
    unknown = {"id": "x", "turns": [MEALS, {**MEALS, "follows": "maybe"}]}
    assert any("follows" in p for p in dialogue_problems(unknown))


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(CONVERSATIONS[0], ensure_ascii=False) + "\n{not json\n",
                    encoding="utf-8")
    with pytest.raises(GoldFormatError, match="line 2"):
        load_dialogues(path)
    twice = tmp_path / "twice.jsonl"
    line = json.dumps(CONVERSATIONS[0], ensure_ascii=False)
    twice.write_text(f"{line}\n{line}\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="used twice"):
        load_dialogues(twice)


def test_a_run_scores_each_kind_of_turn_and_gates(index_root: Path, dialogues: Path,
                                                  tmp_path: Path) -> None:
    gate = tmp_path / "gate.toml"
    gate.write_text("min-scope-accuracy = 1.0\nmin-standalone-kept = 1.0\n", encoding="utf-8")
    out = tmp_path / "out"
    result = qa("eval", "--dialogues", str(dialogues), "--index", str(index_root),
                "--out", str(out), "--thresholds", str(gate))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| rescope | 1 |" in result.stdout and "| expand | 1 |" in result.stdout
    assert "PASS followup.scope_accuracy = 1.000" in result.stdout
    rows = [json.loads(line) for line in (out / "predictions.jsonl").read_text().splitlines()]
    by_id = {r["id"]: r for r in rows}
    assert by_id["t-rescope#2"]["resolved"] == "2号建议案建了多少个老年助餐机构？"
    assert by_id["t-expand#2"]["rule"] == "expand" and by_id["t-expand#2"]["answer_correct"]
    assert by_id["t-expand#3"]["resolved"] == "全市加装电梯多少部？"
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["followup"]["turns"] == 2.0

    # A follow-up whose gold the answer cannot hold: the gate on follow-up answers fails.
    wrong = json.loads(json.dumps(CONVERSATIONS[1]))
    wrong["turns"][1]["answers"] = ["九九九九"]
    wrong["turns"][1]["evidence"] = "九九九九"
    missed = tmp_path / "missed.jsonl"
    missed.write_text(json.dumps(wrong, ensure_ascii=False) + "\n", encoding="utf-8")
    strict = tmp_path / "strict.toml"
    strict.write_text("min-followup-answer-accuracy = 0.5\nmin-followup-correct = 0.5\n",
                      encoding="utf-8")
    failed = qa("eval", "--dialogues", str(missed), "--index", str(index_root),
                "--out", str(out), "--thresholds", str(strict))
    assert failed.returncode == 5, failed.stdout + failed.stderr
    assert "FAIL followup.answer_accuracy = 0.000" in failed.stdout
    assert "FAIL followup.correct = 0.000" in failed.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("min-recall-at-1 = 0.5\n", encoding="utf-8")
    refused = qa("eval", "--dialogues", str(dialogues), "--index", str(index_root),
                 "--thresholds", str(bad))
    assert refused.returncode == 2 and "min-recall-at-1" in refused.stderr
