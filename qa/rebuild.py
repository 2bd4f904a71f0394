"""Rebuilding the index when it cannot be used: on start (QA_REBUILD_ON_START) or on demand.

A rebuild is an ordinary `qa build` (qa/index.py): it writes a new build folder and swaps
`current` atomically, so whoever reads the old build meanwhile keeps a whole index. What
it builds is the service's corpus (qa/corpus_store.py): QA_CORPUS plus the documents
uploaded through the API, minus those deleted through it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .build import build_index
from .corpus_store import corpus_paths
from .embed import Embedder, load_embedder
from .index import corpus_name, load_index, stale_reason
from .index_fallback import load_readable
from .service import QAService
from .settings import Settings

log = logging.getLogger("qa.rebuild")


def rebuild_if_needed(settings: Settings, embedder: Embedder) -> Path | None:
    """Build the index of the service's corpus when the one at settings.index_dir is
    missing, corrupt, built with another embedder or chunker, or of another corpus text.
    Returns the new build folder, or None when the index was fine."""
    corpus = corpus_paths(settings)
    reason = stale_reason(settings.index_dir, corpus, embedder.id)
    if reason is None:
        return None
    log.warning("rebuilding the index", extra={"reason": reason,
                                               "index_dir": str(settings.index_dir),
                                               "corpus": corpus_name(corpus)})
    folder = build_index(corpus, settings.index_dir, embedder)
    log.info("index rebuilt", extra={"build": folder.name})
    return folder


def load_or_rebuild(settings: Settings) -> QAService:
    """The service of settings, rebuilding its index first if it cannot be used as it is."""
    embedder = load_embedder(settings.embedder)
    rebuild_if_needed(settings, embedder)
    return QAService(load_readable(settings.index_dir, embedder_id=embedder.id), embedder)


def build_service(settings: Settings, embedder: Embedder) -> QAService:
    """A fresh build of the service's corpus, loaded from the very folder it was written to
    (not from `current`, which another build may have swapped meanwhile)."""
    folder = build_index(corpus_paths(settings), settings.index_dir, embedder)
    return QAService(load_index(folder, embedder_id=embedder.id), embedder)
