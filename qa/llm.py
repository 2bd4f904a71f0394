"""Optional LLM answers from the retrieved passages, through any OpenAI-compatible server.

Enabled by QA_LLM_BASE_URL and QA_LLM_MODEL (Ollama, vLLM, llama.cpp server …). The model
sees numbered passages and the question as data, and must cite passages as [n]. Its reply is
used only when every check passes: not a decline ([NONE]), at least one valid marker,
every figure found in the cited text, and nothing of the system prompt echoed back. Any
failure — an error, a timeout, a check — falls back to the extractive answer, with a
warning in the log. The answer is validated whole before anyone sees it, so nothing
unchecked is ever streamed.
"""

from __future__ import annotations

import logging
import re
import string
from dataclasses import dataclass
from pathlib import Path

import httpx

from .answer import declined_answer
from .grounding import ungrounded_figures
from .lexical import tokenize
from .numbers import numbers_in
from .query import Query
from .types import Answer, Citation, Clause, Hit

log = logging.getLogger("qa.llm")
DEFAULT_PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
MARKER_RE = re.compile(r"\[(\d{1,2})\]")
DECLINE_MARK = "[NONE]"
PASSAGES_SHOWN = 5
LEAK_WINDOW = 12  # characters of the system prompt that may never appear in an answer
MAX_ANSWER_CHARS = 600


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 20.0
    prompts_dir: Path = DEFAULT_PROMPTS


@dataclass(frozen=True)
class Prompts:
    system: dict[str, str]
    user: dict[str, string.Template]

    @classmethod
    def load(cls, folder: Path) -> Prompts:
        return cls({lang: (folder / f"system.{lang}.txt").read_text(encoding="utf-8").strip()
                    for lang in ("zh", "en")},
                   {lang: string.Template((folder / f"user.{lang}.txt").read_text("utf-8"))
                    for lang in ("zh", "en")})


class LLMAnswerer:
    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.prompts = Prompts.load(config.prompts_dir)
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._client = httpx.Client(base_url=config.base_url.rstrip("/"), headers=headers,
                                    timeout=config.timeout_s)

    def answer(self, query: Query, hits: list[Hit], fallback: Answer) -> Answer:
        """The model's answer if it passes every check, else fallback (logged)."""
        shown = hits[:PASSAGES_SHOWN]
        if not shown:
            return fallback
        system = self.prompts.system[query.lang]
        try:
            reply = self.complete(system, self._user_prompt(query, shown))
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("LLM call failed (%s); using the extractive answer", type(exc).__name__)
            return fallback
        answer, problem = self._checked(query, reply, shown, system)
        if answer is None:
            log.warning("LLM answer rejected (%s); using the extractive answer", problem)
            return fallback
        return answer

    def close(self) -> None:
        self._client.close()

    def _user_prompt(self, query: Query, hits: list[Hit]) -> str:
        passages = "\n".join(f"[{n}] {hit.chunk.label}\n{hit.chunk.text}"
                             for n, hit in enumerate(hits, start=1))
        return self.prompts.user[query.lang].safe_substitute(passages=passages,
                                                             question=query.text)

    def complete(self, system: str, user: str) -> str:
        """The model's reply to one system and one user message (temperature 0)."""
        response = self._client.post("/chat/completions", json={
            "model": self.config.model, "temperature": 0, "max_tokens": 400, "stream": False,
            "messages": [{"role": "system", "content": system},
                         {"role": "user", "content": user}]})
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
        if not isinstance(content, str):
            raise TypeError("the completion has no text content")
        return content.strip()

    def _checked(self, query: Query, reply: str, hits: list[Hit],
                 system: str) -> tuple[Answer | None, str]:
        if _leaks(reply, system):
            return None, "it repeats the system prompt"
        if reply.startswith(DECLINE_MARK):
            return declined_answer(query, hits), ""
        if len(reply) > MAX_ANSWER_CHARS:
            return None, "it is too long"
        cited = [int(n) for n in MARKER_RE.findall(reply) if 1 <= int(n) <= len(hits)]
        if not cited:
            return None, "it cites no passage it was given"
        text = MARKER_RE.sub(lambda m: m.group() if 1 <= int(m.group(1)) <= len(hits) else "",
                             reply)  # unknown markers are dropped
        citations = _citations(text, [hits[n - 1] for n in dict.fromkeys(cited)])
        missing = ungrounded_figures(MARKER_RE.sub("", text), [c.quote for c in citations])
        if missing:
            return None, f"figures not in the cited text: {', '.join(missing)}"
        # Markers follow the order of the citations list: passage n's first clause.
        first_of: dict[str, int] = {}
        for i, citation in enumerate(citations, start=1):
            first_of.setdefault(citation.chunk_id, i)
        renumber = {n: first_of[hits[n - 1].chunk.id] for n in cited}
        text = MARKER_RE.sub(lambda m: f"[{renumber[int(m.group(1))]}]", text)
        return Answer(query.text, " ".join(text.split()), True, tuple(citations),
                      tuple(hits)), ""


def _citations(answer: str, cited: list[Hit]) -> list[Citation]:
    """Exact source clauses backing the answer from each cited passage: every clause that
    holds a figure the answer states, else the one sharing most words with the answer."""
    values = {q.value for q in numbers_in(MARKER_RE.sub("", answer))}
    words = set(tokenize(answer))
    citations = []
    for hit in cited:
        chunk = hit.chunk
        clauses = list(chunk.clauses) or [Clause(chunk.text, chunk.start, chunk.end)]
        backing = [c for c in clauses if values & {q.value for q in numbers_in(c.text)}]
        if not backing:
            backing = [max(clauses, key=lambda c: len(words & set(tokenize(c.text))))]
        citations += [Citation.of(chunk, c.text, c.start, c.end) for c in backing]
    return citations


def _leaks(reply: str, system: str) -> bool:
    flat_reply = "".join(reply.split())
    flat_system = "".join(system.split())
    return any(flat_system[i:i + LEAK_WINDOW] in flat_reply
               for i in range(0, max(1, len(flat_system) - LEAK_WINDOW + 1), 4))
