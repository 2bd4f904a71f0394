"""Run the app with uvicorn: one process, or a supervisor and N worker processes.

Each worker builds its own app (settings from QA_* variables) and loads the index itself,
read-only. With several workers their metrics are shared through PROMETHEUS_MULTIPROC_DIR.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile

import uvicorn
from uvicorn.supervisors import Multiprocess

from .logs import uvicorn_log_config
from .metrics import MULTIPROC_ENV
from .protocol import GuardedProtocol, limits

APP = "api.app:create_app"
WORKERS_ENV = "QA_SERVE_WORKERS"  # set by run_server: how many workers share the limits


def serving_workers() -> int:
    """How many worker processes serve together (1 unless started by `qa serve --workers`)."""
    try:
        return max(1, int(os.environ.get(WORKERS_ENV, "1")))
    except ValueError:
        return 1


def run_server(host: str, port: int, workers: int, log_level: str) -> None:
    config = uvicorn.Config(APP, factory=True, host=host, port=port, workers=workers,
                            access_log=False, log_level=log_level,
                            log_config=uvicorn_log_config(log_level),
                            timeout_graceful_shutdown=10,
                            # request size limits and timeouts (api/protocol.py)
                            http=GuardedProtocol, timeout_keep_alive=limits().keep_alive_s)
    os.environ[WORKERS_ENV] = str(workers)  # inherited by the workers (api/access.py)
    if workers == 1:
        uvicorn.Server(config).run()
        return
    metrics_dir = None
    if not os.environ.get(MULTIPROC_ENV):
        metrics_dir = tempfile.mkdtemp(prefix="qa-metrics-")
        os.environ[MULTIPROC_ENV] = metrics_dir  # inherited by the workers
    try:
        sock = config.bind_socket()
        # uvicorn creates the shared socket with protocol 0, so asyncio does not set
        # TCP_NODELAY on the connections workers accept, and each small reply on a
        # keep-alive connection waits ~40 ms for a delayed ACK. Accepted sockets inherit
        # the option from the listening one.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        Multiprocess(config, sockets=[sock]).run()
    finally:
        if metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)
