"""The one error of ingest: a single file that cannot be turned into text.

It is a CorpusError (exit code 3, see qa/errors.py) so the CLI and the API treat it like
any other corpus problem; load_corpus catches it per file to skip that file and go on,
unless the caller asked for strict mode.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CorpusError


class DocumentReadError(CorpusError):
    """One file cannot be read; the message names the file, says why and what to do."""

    code = "document_unreadable"

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path.name}: {reason}")
