"""The server-sent-events reply of `POST /v1/ask` with `"stream": true`.

Events, in order (the widget relies on exactly this):
  passages   {"passages": [Passage, ...], "resolved_question": str}   as soon as retrieval
                                                 is done (the question searched: a follow-up
                                                 rewritten, or the question as asked)
  delta      {"text": "..."}                     the answer, whole (one or more deltas join to
                                                 it: clients must join; this server sends one)
  citations  {"citations": [Citation, ...]}
  done       the whole reply, the same object as the JSON reply of the same request
  error      {"error": {"code", "message"}}     instead of the rest, on a failure mid-stream
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from qa.errors import QAError
from qa.schemas import ask_response, passages
from qa.types import Answer

from .errors import error_body
from .pipeline import Searched

log = logging.getLogger("qa.api.stream")
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(event: str, data: Any) -> str:
    """One event; the JSON data holds no raw newline, so one `data:` line is enough."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def stream_reply(searched: Searched, answer: Callable[[], Answer], request_id: str,
                 headers: dict[str, str]) -> StreamingResponse:
    """Passages first, then the answer: `answer` runs only after the first event is out."""
    return StreamingResponse(_events(searched, answer, request_id),
                             media_type="text/event-stream", headers={**HEADERS, **headers})


def _events(searched: Searched, answer: Callable[[], Answer], request_id: str) -> Iterator[str]:
    # A sync generator: Starlette advances it in a worker thread, so answering may block.
    yield sse("passages", {"passages": [p.model_dump(mode="json")
                                        for p in passages(searched.hits)],
                           "resolved_question": " ".join(searched.question.split())})
    try:
        reply = ask_response(answer())
    except QAError as exc:
        log.warning("stream failed", extra={"request_id": request_id, "code": exc.code,
                                            "detail": str(exc)})
        yield sse("error", error_body(exc.code, str(exc)))
        return
    except Exception:
        log.exception("stream failed unexpectedly", extra={"request_id": request_id})
        yield sse("error", error_body("internal_error",
                                      f"Internal error (request id {request_id})."))
        return
    # The answer is whole once it is checked (extractive, or an LLM reply checked whole), so
    # it goes out as one delta: cutting it into pieces sent back to back only pretended to
    # stream (the widget shows "writing the answer…" until it comes).
    yield sse("delta", {"text": reply.answer})
    yield sse("citations", {"citations": [c.model_dump(mode="json") for c in reply.citations]})
    yield sse("done", reply.model_dump(mode="json"))
