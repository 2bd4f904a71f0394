"""Build an index folder from a corpus of documents, reusing what has not changed.

Documents are read (qa/ingest), chunked (qa/corpus.py), embedded and indexed into a temp
folder that becomes visible only when whole (qa/index.py `publish`): readers never see a
half-written index, and a build killed midway leaves the previous one intact. A document
whose text, title and date equal those of a document in the current build (same embedder
and chunker) keeps that build's chunks and vectors, so adding one report to a large corpus
costs about that one report.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from . import __version__
from .bridge import TERMS_VERSION, build_term_map
from .chunk import CHUNKER_VERSION
from .corpus import DocumentRecord, chunk_source, display_title, record_of
from .embed import Embedder
from .errors import QAError
from .index import (
    CHUNK_VECTORS,
    CHUNKS,
    CLAUSE_VECTORS,
    DOCS,
    DOCUMENTS,
    LEXICAL,
    TERMS,
    Index,
    corpus_digest,
    corpus_name,
    fsync_tree,
    load_index,
    publish,
    remove_abandoned_tmp,
)
from .ingest import Skipped, SourceDocument, load_corpus
from .lexical import LexicalIndex
from .manifest import Manifest, sha256_file, sha256_text
from .tuning import CHUNK_EMBED_CHARS
from .types import Chunk
from .vectors import ANN_THRESHOLD, build_vectors, choose_spec

Progress = Callable[[str, int, int, bool], None]
"""Called after each document: doc_id, documents done, total, reused from the last build."""


@dataclass
class _Parts:
    """What the build collects document by document."""

    chunks: list[Chunk] = field(default_factory=list)
    records: list[DocumentRecord] = field(default_factory=list)
    chunk_vectors: list[np.ndarray] = field(default_factory=list)
    clause_vectors: list[np.ndarray] = field(default_factory=list)
    reused: int = 0


def build_index(corpus: Path | Sequence[Path], root: Path, embedder: Embedder,
                ann_threshold: int = ANN_THRESHOLD, *, strict: bool = False,
                progress: Progress | None = None,
                on_skip: Callable[[Skipped], None] | None = None) -> Path:
    """Build an index of the corpus (files or folders, read recursively) under root, make
    it current and return its folder. Unreadable files are skipped and passed to on_skip
    (strict: the first one is an error). Chunk and clause vectors are searched exactly up
    to ann_threshold vectors each, with an HNSW graph above it (qa/vectors.py)."""
    began = time.perf_counter()
    paths = [corpus] if isinstance(corpus, Path) else list(corpus)
    docs, skipped = load_corpus(paths, strict=strict, on_skip=on_skip)
    previous = _previous_build(root, embedder.id)

    root.mkdir(parents=True, exist_ok=True)
    remove_abandoned_tmp(root)
    # The temp folder exists from here on (embedding is the long part): a build killed
    # at any point leaves it behind, and the next build removes it.
    tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        (tmp / DOCS).mkdir()
        parts = _Parts()
        for n, doc in enumerate(docs, start=1):
            reused = _add_document(parts, doc, tmp, f"{DOCS}/{n:04d}.txt", embedder, previous)
            if progress:
                progress(doc.doc_id, n, len(docs), reused)
        specs = _write_artifacts(tmp, parts, embedder.dim, ann_threshold)
        build_term_map("\n".join(doc.text for doc in docs)).save(tmp / TERMS)
        Manifest(
            embedder_id=embedder.id, dim=embedder.dim, chunker_version=CHUNKER_VERSION,
            corpus_name=corpus_name(paths), corpus_sha256=corpus_digest(parts.records),
            package_version=__version__,
            counts={"documents": len(parts.records), "chunks": len(parts.chunks),
                    "clauses": sum(r.clauses for r in parts.records),
                    "chars": sum(len(d.text) for d in docs), "skipped": len(skipped),
                    "reused_documents": parts.reused},
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - began, 3),
            files=_checksums(tmp, parts.records), vector_index=specs,
            terms_version=TERMS_VERSION,
        ).write(tmp)
        fsync_tree(tmp)
        return publish(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _add_document(parts: _Parts, doc: SourceDocument, tmp: Path, file: str,
                  embedder: Embedder, previous: _PreviousBuild | None) -> bool:
    """Chunk and embed one document (or take it from the previous build: returns True)."""
    title = display_title(doc)
    reused = previous.take(doc, title) if previous else None
    if reused is None:
        chunks = chunk_source(doc, title)
        clause_vectors = embedder.embed([c.text for ch in chunks for c in ch.clauses],
                                        "passage")
        chunk_vectors = _chunk_vectors(chunks, clause_vectors, embedder)
    else:
        chunks, chunk_vectors, clause_vectors = reused
        parts.reused += 1
    (tmp / file).write_text(doc.text, encoding="utf-8", newline="")
    parts.records.append(record_of(doc, title, file, chunks))
    parts.chunks += chunks
    parts.chunk_vectors.append(chunk_vectors)
    parts.clause_vectors.append(clause_vectors)
    return reused is not None


def _chunk_vectors(chunks: list[Chunk], clause_vectors: np.ndarray,
                   embedder: Embedder) -> np.ndarray:
    """A bulletin's chunks (short measures, 54 in the seed) are embedded whole. A chunk of any
    other document gets the normalised mean of its clauses' vectors: a report is some 30
    times longer, embedding time grows with the text, and on the multi-document dev set
    the mean ranked as well (R@5 0.941 both, R@1 0.706 vs 0.682) at half the build time."""
    if chunks and chunks[0].proposal is not None:
        return embedder.embed([c.embed_text[:CHUNK_EMBED_CHARS] for c in chunks], "passage")
    vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    row = 0
    for n, chunk in enumerate(chunks):
        count = len(chunk.clauses)
        if count:
            mean = clause_vectors[row:row + count].mean(axis=0)
            vectors[n] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        row += count
    return vectors


def _write_artifacts(tmp: Path, parts: _Parts, dim: int, ann_threshold: int
                     ) -> dict[str, dict[str, object]]:
    """chunks.jsonl, documents.jsonl, both vector indexes and BM25; returns the specs."""
    with (tmp / CHUNKS).open("w", encoding="utf-8") as handle:
        for chunk in parts.chunks:
            handle.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
    with (tmp / DOCUMENTS).open("w", encoding="utf-8") as handle:
        for record in parts.records:
            handle.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")
    specs = {}
    for name, file, vectors in (("chunks", CHUNK_VECTORS, parts.chunk_vectors),
                                ("clauses", CLAUSE_VECTORS, parts.clause_vectors)):
        matrix = _stack(vectors, dim)
        specs[name] = choose_spec(len(matrix), ann_threshold)
        faiss.write_index(build_vectors(matrix, dim, specs[name]), str(tmp / file))
    LexicalIndex.build(parts.chunks).save(tmp / LEXICAL)
    return specs


def _checksums(tmp: Path, records: list[DocumentRecord]) -> dict[str, str]:
    names = [CHUNKS, DOCUMENTS, CHUNK_VECTORS, CLAUSE_VECTORS, TERMS, *(r.file for r in records),
             *(str(p.relative_to(tmp)) for p in (tmp / LEXICAL).rglob("*") if p.is_file())]
    return {name: sha256_file(tmp / name) for name in names}


def _stack(parts: list[np.ndarray], dim: int) -> np.ndarray:
    parts = [p for p in parts if len(p)]
    return np.vstack(parts).astype(np.float32) if parts else np.zeros((0, dim), np.float32)


class _PreviousBuild:
    """The current build, as a source of chunks and vectors for unchanged documents."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.by_doc = {r.doc_id: r for r in index.documents}

    def take(self, doc: SourceDocument, title: str
             ) -> tuple[list[Chunk], np.ndarray, np.ndarray] | None:
        record = self.by_doc.get(doc.doc_id)
        if record is None or record.text_sha256 != sha256_text(doc.text) \
                or record.title != title or record.date != doc.date:
            return None
        index = self.index
        rows = index.doc_rows.get(doc.doc_id, range(0))
        first, stop = int(index.clause_starts[rows.start]), int(index.clause_starts[rows.stop])
        return (list(index.chunks[rows.start:rows.stop]),
                _rows(index.chunk_vectors, index.chunk_matrix, rows.start, rows.stop),
                _rows(index.clause_vectors, index.clause_matrix, first, stop))


def _rows(vectors: faiss.Index, matrix: np.ndarray | None, start: int, stop: int) -> np.ndarray:
    if matrix is not None:
        return np.array(matrix[start:stop], dtype=np.float32)
    if stop <= start:
        return np.zeros((0, vectors.d), np.float32)
    return np.asarray(vectors.reconstruct_n(start, stop - start), dtype=np.float32)


def _previous_build(root: Path, embedder_id: str) -> _PreviousBuild | None:
    """The current build when its chunks and vectors can be reused, else None."""
    try:
        index = load_index(root, embedder_id=embedder_id)
    except QAError:
        return None
    if index.manifest.chunker_version != CHUNKER_VERSION:
        return None
    return _PreviousBuild(index)
