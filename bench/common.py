"""Shared bits of the benchmarks: percentiles, tables, questions, servers, process memory."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GOLD = ROOT / "eval" / "gold.jsonl"
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY",
              "GOMP_SPINCOUNT", "OMP_PROC_BIND", "OMP_PLACES")


def questions(path: Path = GOLD) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["question"] for line in handle if line.strip()]


def pct(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {"p50": statistics.median(values) if values else float("nan"),
            "p95": pct(values, 95), "p99": pct(values, 99)}


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table (readable as text, pastes into bench/README.md)."""
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
        return str(value)

    lines = [f"### {title}", "", "| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def save(name: str, data: object) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of one process, MB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """Direct child processes of pid (uvicorn's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


class Server:
    """A server process on 127.0.0.1 (stdout/stderr discarded), stopped by stop()."""

    def __init__(self, args: Sequence[str], env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.began = time.perf_counter()
        # Thread variables come from `env` only (a server sets its own otherwise).
        base = {k: v for k, v in os.environ.items() if k not in THREAD_ENV}
        self.process = subprocess.Popen(
            [sys.executable, *args, "--port", str(self.port)], cwd=ROOT,
            env={**base, **(env or {})}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        self.startup_s = float("nan")

    def wait_ready(self, timeout: float = 120.0) -> float:
        """Seconds from process start to the first 200 from /readyz."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server {self.url} exited with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    self.startup_s = time.perf_counter() - self.began
                    return self.startup_s
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"server {self.url} not ready after {timeout} s")

    def pids(self) -> list[int]:
        """The processes that answer requests: the workers, or the server itself."""
        return children(self.process.pid) or [self.process.pid]

    def rss(self) -> list[float]:
        return [rss_mb(pid) for pid in self.pids()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def loadavg() -> str:
    """The machine's load average (1, 5, 15 min): print it with every table."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_busy(seconds: float = 1.0) -> float:
    """Share of the machine's CPU time (0..1) not idle over the next `seconds`."""
    def ticks() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
        return sum(fields), fields[3] + fields[4]  # idle + iowait
    total0, idle0 = ticks()
    time.sleep(seconds)
    total1, idle1 = ticks()
    return 1.0 - (idle1 - idle0) / max(1, total1 - total0)


def wait_idle(limit: float = 0.5, patience_s: float = 600.0, sample_s: float = 2.0) -> float:
    """Wait (up to patience_s) until other processes use less than `limit` of one core,
    measured over sample_s; returns the last sample (cores busy)."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + patience_s
    while True:
        busy = cpu_busy(sample_s) * cores
        if busy <= limit or time.monotonic() >= deadline:
            return busy
        print(f"machine busy ({busy:.2f} cores, load {loadavg()}): waiting", file=sys.stderr,
              flush=True)
        time.sleep(20)


class Burners:
    """`count` processes spinning on the CPU (another tenant's work) while in a `with`
    block; each also ends itself after max_seconds, should the bench die first."""

    def __init__(self, count: int, max_seconds: float = 1800.0) -> None:
        self.count, self.max_seconds = count, max_seconds
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Burners:
        code = (f"import time\nend = time.monotonic() + {self.max_seconds}\nn = 0\n"
                "while time.monotonic() < end:\n    n += 1\n")
        self.processes = [subprocess.Popen([sys.executable, "-c", code],
                                           stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                          for _ in range(self.count)]
        time.sleep(1.0)  # let the scheduler see them
        return self

    def __exit__(self, *_: object) -> None:
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait(timeout=30)
