"""Question answering with citations over Chinese government bulletins.

    from qa import QAService, Settings
    service = QAService.from_settings(Settings())
    answer = service.ask("How many elderly meal sites were built?")

Names load lazily, so `import qa` (and `qa --help`) stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Answer": "types", "Chunk": "types", "Citation": "types", "Clause": "types", "Hit": "types",
    "parse": "parse", "Document": "parse",
    "chunk_document": "chunk",
    "Embedder": "embed", "load_embedder": "embed",
    "Index": "index", "build_index": "build", "load_index": "index",
    "SourceDocument": "ingest", "load_corpus": "ingest",
    "Retriever": "retrieve",
    "LexicalIndex": "lexical",
    "QAService": "service",
    "Settings": "settings",
    "QAError": "errors", "InvalidInputError": "errors", "IndexError_": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
