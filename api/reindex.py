"""`POST /v1/admin/reindex`: rebuild the index in a background thread, then serve it.

The new build is written and published like any `qa build` (atomic swap of `current`),
loaded from its own folder, and only then put in place of the service the loader holds.
Each request takes the service once (api/deps.py), so a query running during the swap
answers wholly from the old index or wholly from the new one. One rebuild at a time.
Uploads and deletions (api/routes_admin.py) change the corpus in `prepare`, which runs
under the same lock as the check that no rebuild runs: the corpus never changes under a
running build, and a change refused with 409 changes nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from qa.corpus_store import corpus_paths
from qa.embed import load_embedder
from qa.errors import QAError
from qa.index import corpus_name
from qa.rebuild import build_service

from .loader import ServiceLoader
from .models import ErrorDetail, ReindexStatus
from .redact import public

log = logging.getLogger("qa.api.reindex")
State = Literal["idle", "running", "succeeded", "failed"]
Action = Literal["reindex", "upload", "delete"]


class ReindexRunningError(QAError):
    code = "reindex_running"
    http_status = 409


class Reindexer:
    def __init__(self, loader: ServiceLoader) -> None:
        self.loader = loader
        self._lock = threading.Lock()
        self._status = ReindexStatus(status="idle")
        self._thread: threading.Thread | None = None

    def status(self) -> ReindexStatus:
        with self._lock:
            return self._status

    def running(self) -> bool:
        return self.status().status == "running"

    def start(self, request_id: str, prepare: Callable[[], object] | None = None,
              action: Action = "reindex", doc_id: str | None = None) -> ReindexStatus:
        """Start a rebuild, or ReindexRunningError (409) while one runs. `prepare` (a change
        of the corpus) runs first, only when no rebuild runs; if it raises, nothing starts."""
        with self._lock:
            if self._status.status == "running":
                raise ReindexRunningError("A rebuild is already running; poll "
                                          "GET /v1/admin/reindex until it is done.")
            if prepare is not None:
                prepare()
            self._status = ReindexStatus(status="running", action=action, doc_id=doc_id,
                                         started_at=_now(), request_id=request_id)
            self._thread = threading.Thread(target=self._run, name="qa-reindex", daemon=True)
            self._thread.start()
            return self._status

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        settings = self.loader.settings
        started = self._status
        try:
            log.info("reindex started", extra={
                "request_id": started.request_id, "action": started.action,
                "doc_id": started.doc_id, "corpus": corpus_name(corpus_paths(settings))})
            current = self.loader.service
            embedder = current.embedder if current is not None else \
                load_embedder(settings.embedder)  # the model is shared, not loaded twice
            service = build_service(settings, embedder)
            self.loader.replace(service)
        except Exception as exc:
            detail = str(exc)  # the log keeps paths; the reply does not
            error = ErrorDetail(code=exc.code, message=public(detail)) \
                if isinstance(exc, QAError) else ErrorDetail(
                    code="internal_error",
                    message="The rebuild failed unexpectedly; see the server log.")
            log.error("reindex failed", exc_info=not isinstance(exc, QAError), extra={
                "request_id": started.request_id, "code": error.code,
                "detail": detail})
            self._finish(started.model_copy(update={"status": "failed", "error": error}))
            return
        log.info("reindex done: serving the new build", extra={
            "request_id": started.request_id, "build": service.index.path.name})
        self._finish(started.model_copy(update={"status": "succeeded",
                                                "build": service.index.path.name}))

    def _finish(self, status: ReindexStatus) -> None:
        with self._lock:
            self._status = status.model_copy(update={"finished_at": _now()})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
