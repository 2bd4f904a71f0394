"""With an LLM configured, a follow-up may be rewritten by the model instead of the rules;
the rewrite is used only when it passes the checks a rule-made one would.

The model sees the earlier turns (questions and answers) and the follow-up, and replies
with a standalone question (prompts/rewrite.txt). The reply is refused, and the rules'
resolution kept, when it is empty, too long, holds control characters, is in the other
language, states a figure the conversation does not hold, or names a proposal or a place
the index and the conversation do not know.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import httpx

from .errors import InvalidInputError
from .followup import Turn
from .llm import DEFAULT_PROMPTS, LLMAnswerer
from .mentions import mentions
from .numbers import numbers_in
from .query import language_of
from .scope import DocumentScope
from .text import refuse_control_characters

log = logging.getLogger("qa.llm")
MAX_REWRITE_CHARS = 500


class LLMRewriter:
    def __init__(self, llm: LLMAnswerer, scope: DocumentScope, proposals: frozenset[int],
                 prompts_dir: Path = DEFAULT_PROMPTS) -> None:
        self.llm = llm
        self.scope = scope
        self.proposals = proposals  # proposal numbers the index holds
        self.system = (prompts_dir / "rewrite.txt").read_text(encoding="utf-8").strip()

    def rewrite(self, question: str, history: Sequence[Turn]) -> str | None:
        """The model's standalone question if it passes every check, else None (logged)."""
        turns = "\n".join(f"Q{n}: {t.question}\nA{n}: {t.answer[:400]}"
                          for n, t in enumerate(history, start=1))
        user = f"Conversation:\n{turns}\n\nLast question: {question}\n\nRewritten question:"
        try:
            reply = self.llm.complete(self.system, user)
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("LLM rewrite failed (%s); using the rules", type(exc).__name__)
            return None
        rewritten = reply.strip().splitlines()[0].strip() if reply.strip() else ""
        problem = self.problem(rewritten, question, history)
        if problem:
            log.warning("LLM rewrite rejected (%s); using the rules", problem)
            return None
        return rewritten

    def problem(self, rewritten: str, question: str, history: Sequence[Turn]) -> str:
        """Why a rewrite cannot be used ("" when it can)."""
        if not rewritten or len(rewritten) > MAX_REWRITE_CHARS:
            return "empty or too long"
        try:
            refuse_control_characters(rewritten)
        except InvalidInputError:
            return "control characters"
        if language_of(rewritten) != language_of(question):
            return "another language"
        said = " ".join([question, *(f"{t.question} {t.answer}" for t in history)])
        known = {q.value for q in numbers_in(said)}
        named = mentions(rewritten, self.scope)
        bare = rewritten  # a proposal's number is checked as a proposal, not as a figure
        for mention in sorted(named, key=lambda m: m.start, reverse=True):
            if mention.kind == "proposal":
                bare = bare[:mention.start] + " " + bare[mention.end:]
        new = [q.text for q in numbers_in(bare) if q.value not in known]
        if new:
            return f"figures the conversation does not hold: {', '.join(new)}"
        for mention in named:
            if mention.kind == "proposal" and int(mention.value) not in self.proposals:
                return f"proposal {mention.value} does not exist"
            if mention.kind == "place" and mention.text not in said \
                    and not self.scope.named_in(mention.text):
                return f"{mention.text} is in no document and not in the conversation"
        return ""
