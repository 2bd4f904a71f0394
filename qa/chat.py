"""`qa chat`: a conversation in the terminal, one question a line.

Each question is asked with the earlier turns of the session as history (at most the last
10, as the API takes them), so "那2号建议案呢？" or "Tell me more" is understood from what
came before (qa/followup.py). `/new` starts a new conversation; an empty line is skipped;
end of input (Ctrl-D, or the end of a pipe) ends the session. A bad question is reported
on stderr and leaves the conversation as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from .cli_support import print_answer
from .errors import InvalidInputError
from .followup import Turn
from .query import language_of
from .schemas import ask_response
from .service import QAService

MAX_HISTORY = 10
NEW_CONVERSATION = "/new"


def chat(service: QAService, k: int, docs: Sequence[str] | None, as_json: bool,
         lines: TextIO = sys.stdin) -> int:
    """Answers each line of `lines` in turn; returns the exit status (0)."""
    history: list[Turn] = []
    prompt = lines.isatty() and not as_json
    while True:
        if prompt:
            print("> ", end="", flush=True)
        line = lines.readline()
        if not line:
            return 0
        question = line.strip()
        if not question:
            continue
        if question == NEW_CONVERSATION:
            history.clear()
            if not as_json:
                print("(new conversation)")
            continue
        try:
            answer = service.ask(question, k, docs, history=history[-MAX_HISTORY:])
        except InvalidInputError as exc:
            print(f"error: {exc}", file=sys.stderr, flush=True)
            continue
        history.append(Turn(question, answer.text,
                            tuple(c.chunk_id for c in answer.citations)))
        if as_json:
            print(ask_response(answer).model_dump_json(), flush=True)
            continue
        if answer.resolved_question and answer.resolved_question != question:
            understood = "理解为" if language_of(question) == "zh" else "Understood as"
            print(f"({understood}: {answer.resolved_question})")
        print_answer(answer)
        print(flush=True)

