"""Loads the QA service (index + embedder) in a background thread.

The process answers liveness at once while the model and index load. A missing, corrupt
or mismatched index is retried every `load_retry_s` seconds (a `qa build` run meanwhile
fixes it without a restart); any other failure is final. Until a load succeeds, readiness
and every /v1 endpoint answer 503 with the reason.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from typing import Literal

from qa.errors import IndexError_, QAError
from qa.service import QAService
from qa.settings import Settings

from .errors import ServiceNotReadyError
from .redact import public

log = logging.getLogger("qa.api.loader")
State = Literal["loading", "ready", "failed"]
LoadFn = Callable[[Settings], QAService]


class ServiceLoader:
    def __init__(self, settings: Settings, load: LoadFn = QAService.from_settings) -> None:
        self.settings = settings
        self._load = load
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.state: State = "loading"
        self.service: QAService | None = None
        self.error: QAError | None = None  # the last failure, while not ready

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="qa-loader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def get(self) -> QAService:
        """The loaded service, or ServiceNotReadyError saying why there is none yet."""
        with self._lock:
            if self.service is not None:
                return self.service
            raise self.not_ready()

    def replace(self, service: QAService) -> None:
        """Serve service from now on (a rebuilt index). Requests already running keep the
        service they took, so none of them sees a mix of two builds."""
        service.make_model_resident()
        with self._lock:
            self.service, self.state, self.error = service, "ready", None
        settle_heap()

    def not_ready(self) -> QAError:
        error = self.error
        if error is None:
            return ServiceNotReadyError("The index and model are still loading; retry shortly.")
        not_ready = ServiceNotReadyError(public(str(error)))  # the log has the full paths
        not_ready.code = error.code  # e.g. index_missing: the client sees the real reason
        return not_ready

    def _run(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            attempt += 1
            began = time.perf_counter()
            try:
                service = self._load(self.settings)
            except IndexError_ as exc:
                retry = self.settings.load_retry_s
                self._fail(exc, final=retry <= 0, attempt=attempt)
                if retry <= 0 or self._stop.wait(retry):
                    return
                continue
            except QAError as exc:
                self._fail(exc, final=True, attempt=attempt)
                return
            except Exception:
                log.exception("loading the service failed unexpectedly; fix the cause and "
                              "restart", extra={"attempt": attempt})
                self._fail(QAError("Loading the service failed unexpectedly; see the server "
                                   "log."), final=True, attempt=attempt, logged=True)
                return
            resident = service.make_model_resident()
            with self._lock:
                if self.service is None:  # a reindex may have installed a newer one meanwhile
                    self.service, self.state, self.error = service, "ready", None
            settle_heap()
            log.info("service ready", extra={
                "attempt": attempt, "chunks": len(service.index.chunks),
                "model": service.embedder.id, "index": str(service.index.path),
                "load_ms": round((time.perf_counter() - began) * 1000, 1),
                "model_resident_mb": round(resident / 2**20, 1),
                "fallback": service.fallback})
            if service.fallback is not None:
                self._watch_current()
            return

    def _watch_current(self) -> None:
        """Serving an older build because `current` is broken: try `current` again every
        load_retry_s and serve it once it loads (a fix or a build needs no restart)."""
        from qa.embed import embedder_id
        from qa.index_fallback import load_readable

        retry = self.settings.load_retry_s
        while retry > 0 and not self._stop.wait(retry):
            serving = self.service
            if serving is None or serving.fallback is None:  # a reindex replaced it
                return
            try:  # the index alone first: cheap, and the model is not loaded for nothing
                load_readable(self.settings.index_dir, embedder_id(self.settings.embedder))
                service = self._load(self.settings)
            except Exception:  # still broken (the fallback keeps being served)
                continue
            if service.fallback is None:
                self.replace(service)
                log.info("current index loaded again; the fallback build is no longer "
                         "served", extra={"index": str(service.index.path)})
                return

    def _fail(self, exc: QAError, *, final: bool, attempt: int, logged: bool = False) -> None:
        with self._lock:
            repeated = self.error is not None and str(self.error) == str(exc)
            self.error = exc
            self.state = "failed" if final else "loading"
        if logged or repeated:  # one log line per distinct reason, not one per retry
            return
        hint = "restart after fixing it" if final else \
            f"retrying every {self.settings.load_retry_s:g} s"
        log.error(f"cannot load the index: {exc} ({hint})",
                  extra={"code": exc.code, "attempt": attempt})


def settle_heap() -> None:
    """Move everything alive now (the index, the model, the app) out of the collector's
    reach. Otherwise each full collection walks the whole index with the GIL held (~35 ms
    for the seed bulletin, more for a corpus) and every request and /healthz waits for it.
    Unfreezing first lets a replaced service's cyclic garbage be collected once."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
