"""Checking a retrieval penalty: the scores of marked passages with the penalty and with it
switched off (shared by the tense and period tests)."""

from __future__ import annotations

import pytest

from qa.retrieve import Retriever


def assert_only_lowered(retriever: Retriever, question: str, marks: tuple[str, ...],
                        lowered: str | None, penalty: str, amount: float,
                        monkeypatch: pytest.MonkeyPatch, where: str = "text",
                        off: object = 0.0) -> None:
    """The passage holding the mark `lowered` (in its text or its context) loses `amount`
    to the penalty qa.retrieve.<penalty> (switched off by setting it to `off`); the
    passages of the other marks lose nothing."""

    def scores() -> dict[str, float]:
        found = {mark: hit.score for hit in retriever.search(question, k=10)
                 for mark in marks if mark in getattr(hit.chunk, where)}
        assert set(found) == set(marks)
        return found

    with_penalty = scores()
    monkeypatch.setattr(f"qa.retrieve.{penalty}", off)
    without = scores()
    for mark, score in with_penalty.items():
        drop = amount if mark == lowered else 0.0
        assert score == pytest.approx(without[mark] - drop)
