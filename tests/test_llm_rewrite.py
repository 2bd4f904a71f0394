"""Follow-ups rewritten by an LLM (a scripted OpenAI-compatible server on 127.0.0.1), with
the real index and model: a checked rewrite is used; one that invents a figure, a proposal
or a place, or comes back in the other language, is refused and the rules' rewrite kept."""

from __future__ import annotations

import pytest

from qa.followup import Turn
from qa.service import QAService

from .conftest import seed_id
from .llm_server import ScriptedLLM

# The scripted model and the service using it, made as the answerer's tests make them.
from .test_llm import llm, service  # noqa: F401  (pytest fixtures, used by name)

MEALS = Turn("3号建议案建了多少个老年助餐机构？", "建成老年助餐机构790个", (seed_id("p3-s3-m3"),))


def test_a_checked_rewrite_is_used(service: QAService, llm: ScriptedLLM) -> None:
    llm.script.reply = "2号建议案中老年助餐机构建了多少个？\n(extra line ignored)"
    resolved = service.resolve("那2号建议案呢？", [MEALS])
    assert (resolved.question, resolved.rule) == ("2号建议案中老年助餐机构建了多少个？", "llm")
    sent = llm.requests[-1].text_of("user")
    assert "3号建议案建了多少个老年助餐机构？" in sent and "那2号建议案呢？" in sent


@pytest.mark.parametrize("reply", [
    "2号建议案建了多少个老年助餐机构？共800个吗？",   # a figure nobody said
    "5号建议案建了多少个老年助餐机构？",               # a proposal that does not exist
    "湖北省建了多少个老年助餐机构？",                   # a place in no document or turn
    "How many meal sites did proposal 2 build?",      # the other language
    "",                                               # nothing
])
def test_a_rewrite_that_fails_a_check_is_refused(service: QAService, llm: ScriptedLLM,
                                                 reply: str) -> None:
    llm.script.reply = reply
    resolved = service.resolve("那2号建议案呢？", [MEALS])
    assert (resolved.question, resolved.rule) == ("2号建议案建了多少个老年助餐机构？", "rescope")


def test_the_model_is_not_asked_about_standalone_questions_or_expand(
        service: QAService, llm: ScriptedLLM) -> None:
    before = len(llm.requests)
    assert service.resolve("全市加装电梯多少部？", [MEALS]).rule == "standalone"
    assert service.resolve("展开说说", [MEALS]).rule == "expand"
    assert len(llm.requests) == before


def test_an_unreachable_model_leaves_the_rules(service: QAService, llm: ScriptedLLM) -> None:
    llm.script.status = 503
    resolved = service.resolve("那2号建议案呢？", [MEALS])
    assert resolved.rule == "rescope"
