"""Progress of a long build: a bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO

from .ingest import Skipped

BAR_WIDTH = 30


class BuildProgress:
    """Receives build_index's callbacks and writes them to stream (stderr)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.began = time.perf_counter()
        self._drawn = False

    def document(self, doc_id: str, done: int, total: int, reused: bool) -> None:
        elapsed = time.perf_counter() - self.began
        state = "unchanged" if reused else "embedded"
        if self.tty:
            filled = BAR_WIDTH * done // max(total, 1)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {elapsed:5.0f} s  {doc_id[:40]:<40}")
            self._drawn = True
        else:
            self.stream.write(f"document {done}/{total} {doc_id}: {state} ({elapsed:.1f} s)\n")
        self.stream.flush()

    def skipped(self, skipped: Skipped) -> None:
        self.finish()
        self.stream.write(f"skipped {skipped.path}: {skipped.reason}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self._drawn = False

