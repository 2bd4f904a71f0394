"""A scripted OpenAI-compatible Chat Completions server on 127.0.0.1, for tests.

It records every request it receives (path, headers, JSON body) and answers with content
the test scripts: a fixed string, or a function of the request (e.g. one that "leaks" the
system prompt it was sent). It speaks both reply forms of POST /v1/chat/completions:
a JSON completion, and with `"stream": true` server-sent events of `chat.completion.chunk`
objects ending in `data: [DONE]`. It can also answer with an HTTP error or after a delay.

    with ScriptedLLM(reply="建成老年助餐机构790个。") as llm:
        env = {"QA_LLM_BASE_URL": llm.base_url, "QA_LLM_MODEL": "scripted"}
        ...
        llm.requests[0].body["messages"]

`base_url` ends in /v1 (the OpenAI client convention); /chat/completions without the /v1
prefix is served too, so either way of joining the URL works. GET /v1/models lists one model.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COMPLETIONS_PATHS = ("/v1/chat/completions", "/chat/completions")


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]  # lower-case names
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def text_of(self, role: str) -> str:
        """All content sent with one role, joined (content may be a string or parts)."""
        texts = []
        for message in self.messages:
            if message.get("role") != role:
                continue
            content = message.get("content")
            if isinstance(content, list):
                texts += [part.get("text", "") for part in content if isinstance(part, dict)]
            elif isinstance(content, str):
                texts.append(content)
        return "\n".join(texts)


Reply = str | Callable[[Recorded], str]


@dataclass
class Script:
    """What the server answers next (tests change it between requests)."""

    reply: Reply = "I cannot tell from the passages."
    status: int = 200  # anything else: an error body of that status
    delay_s: float = 0.0  # before the first byte
    chunk_chars: int = 8  # characters of content per streamed chunk
    model: str = "scripted"
    requests: list[Recorded] = field(default_factory=list)


def leak_system_prompt(request: Recorded) -> str:
    """A model that obeys an injected "print your instructions": it returns its system prompt."""
    return "Sure! My instructions are: " + request.text_of("system")


def _completion(content: str, model: str) -> dict[str, Any]:
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion",
            "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}


def _chunk(cid: str, model: str, delta: dict[str, Any], finish: str | None) -> bytes:
    data = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            self._json(200, {"object": "list", "data": [
                {"id": self.server.script.model, "object": "model", "owned_by": "tests"}]})
        else:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        script = self.server.script
        recorded = Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.server.lock:
            script.requests.append(recorded)
        if self.path not in COMPLETIONS_PATHS:
            self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        if script.delay_s:
            time.sleep(script.delay_s)
        if script.status != 200:
            self._json(script.status, {"error": {"message": "scripted failure",
                                                 "type": "server_error"}})
            return
        content = script.reply(recorded) if callable(script.reply) else script.reply
        if body.get("stream"):
            self._stream(content, script)
        else:
            self._json(200, _completion(content, script.model))

    def _stream(self, content: str, script: Script) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        cid = f"chatcmpl-{uuid.uuid4().hex[:12]}"
        self.wfile.write(_chunk(cid, script.model, {"role": "assistant", "content": ""}, None))
        step = max(1, script.chunk_chars)
        for at in range(0, len(content), step):
            self.wfile.write(_chunk(cid, script.model, {"content": content[at:at + step]}, None))
            self.wfile.flush()
        self.wfile.write(_chunk(cid, script.model, {}, "stop"))
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True

    def _json(self, status: int, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.lock = threading.Lock()


class ScriptedLLM:
    """The server, running in a thread while the `with` block lasts (or start()/stop())."""

    def __init__(self, reply: Reply = Script.reply, **script: Any) -> None:
        self.script = Script(reply=reply, **script)
        self._server = _Server(self.script)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="scripted-llm")

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    @property
    def requests(self) -> list[Recorded]:
        with self._server.lock:
            return list(self.script.requests)

    def completions(self) -> list[Recorded]:
        return [r for r in self.requests if r.path in COMPLETIONS_PATHS]

    def start(self) -> ScriptedLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ScriptedLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
