"""The LLM answerer against a scripted OpenAI-compatible server on 127.0.0.1, with the
real index and model: what it accepts, what it rejects, and that it always falls back."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from qa.index import Index
from qa.llm import LLMAnswerer, LLMConfig
from qa.service import QAService

from .conftest import seed_id
from .llm_server import Recorded, ScriptedLLM

EN = "How many elderly meal sites were built?"
ZH = "老人吃饭的食堂建了多少家？"


@pytest.fixture(scope="module")
def llm() -> Iterator[ScriptedLLM]:
    with ScriptedLLM() as server:
        yield server


@pytest.fixture()
def service(index: Index, embedder, llm: ScriptedLLM) -> Iterator[QAService]:
    answerer = LLMAnswerer(LLMConfig(llm.base_url, "scripted", "sk-test-key", timeout_s=1.0))
    llm.script.reply, llm.script.status, llm.script.delay_s = "", 200, 0.0
    yield QAService(index, embedder, answerer)
    answerer.close()


def passage_number(request: Recorded, needle: str) -> int:
    """The [n] the answerer gave the passage holding needle, read from the prompt it sent."""
    prompt = request.text_of("user")
    for match in re.finditer(r"^\[(\d+)\] ", prompt, re.M):
        following = prompt[match.end():].split("\n[", 1)[0]
        if needle in following:
            return int(match.group(1))
    raise AssertionError(f"{needle} not in any passage sent")


def test_a_grounded_answer_with_valid_markers_is_used(service: QAService,
                                                      llm: ScriptedLLM) -> None:
    llm.script.reply = lambda r: (
        f"Wuhan built 790 elderly meal service sites [{passage_number(r, '790')}].")
    answer = service.ask(EN)
    assert answer.text == "Wuhan built 790 elderly meal service sites [1]."  # renumbered
    assert answer.answerable and answer.citations[0].chunk_id == seed_id("p3-s3-m3")
    assert answer.citations[0].quote == "建成老年助餐机构790个"
    sent = llm.completions()[-1]
    assert "Answer in English" in sent.text_of("system") and EN in sent.text_of("user")


def test_the_chinese_prompt_serves_chinese_questions(service: QAService, llm: ScriptedLLM) -> None:
    llm.script.reply = lambda r: f"全市建成老年助餐机构790个[{passage_number(r, '790')}]。"
    answer = service.ask(ZH)
    assert "790" in answer.text and answer.citations[0].chunk_id == seed_id("p3-s3-m3")
    sent = llm.completions()[-1]
    assert "用中文" in sent.text_of("system") and "问题：" + ZH in sent.text_of("user")


def test_a_hallucinated_number_falls_back_to_the_extractive_answer(
        service: QAService, llm: ScriptedLLM, caplog: pytest.LogCaptureFixture) -> None:
    llm.script.reply = lambda r: (
        f"Wuhan built 1,250 elderly meal sites [{passage_number(r, '790')}].")
    with caplog.at_level(logging.WARNING, logger="qa.llm"):
        answer = service.ask(EN)
    assert "1,250" not in answer.text and "790" in answer.text
    assert answer.text.startswith("790个 — ")  # the extractive answer
    assert "figures not in the cited text: 1,250" in caplog.text


def test_unknown_markers_are_dropped_and_no_marker_means_fallback(
        service: QAService, llm: ScriptedLLM) -> None:
    llm.script.reply = lambda r: f"790 sites were built [{passage_number(r, '790')}][9]."
    answer = service.ask(EN)
    assert answer.text == "790 sites were built [1]."
    llm.script.reply = "790 sites were built [9]."  # only a passage it was never given
    assert service.ask(EN).text.startswith("790个 — ")


def test_the_model_can_decline(service: QAService, llm: ScriptedLLM) -> None:
    llm.script.reply = "[NONE]"
    answer = service.ask(EN)
    assert not answer.answerable and answer.citations == ()
    assert answer.text.startswith("The bulletin does not answer")
    assert answer.hits  # the nearest passages are still listed


@pytest.mark.parametrize(("status", "delay"), [(500, 0.0), (429, 0.0), (200, 3.0)])
def test_errors_and_timeouts_fall_back(service: QAService, llm: ScriptedLLM, status: int,
                                       delay: float, caplog: pytest.LogCaptureFixture) -> None:
    llm.script.reply, llm.script.status, llm.script.delay_s = "790 [1]", status, delay
    with caplog.at_level(logging.WARNING, logger="qa.llm"):
        answer = service.ask(EN)
    assert answer.answerable and answer.text.startswith("790个 — ")
    assert "LLM call failed" in caplog.text and "sk-test-key" not in caplog.text


def test_a_question_declined_by_the_bulletin_checks_never_reaches_the_model(
        service: QAService, llm: ScriptedLLM) -> None:
    before = len(llm.completions())
    answer = service.ask("江汉区建成了多少个老年助餐点？")
    assert not answer.answerable and len(llm.completions()) == before
