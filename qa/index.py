"""The index folder: its layout, loading it back with every check, publishing a build.

Layout of an index root (``index/`` by default)::

    index/current -> builds/<build id>   symlink, swapped atomically when a build finishes
    index/builds/<build id>/             manifest.json, documents.jsonl, docs/NNNN.txt
                                         (each document's text), chunks.jsonl,
                                         chunks.faiss, clauses.faiss, bm25/, terms.json

A build writes into ``index/.tmp-*`` and only then becomes visible, so readers never
see a half-written index and a build killed midway leaves the previous one intact.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import faiss
import numpy as np

from .bridge import TERMS_VERSION, TermMap
from .chunk import CHUNKER_VERSION
from .chunk_outline import heading_lines
from .corpus import DocumentRecord, display_title, record_of
from .errors import IndexCorruptError, IndexMissingError, QAError
from .ingest import load_corpus
from .lexical import LexicalIndex
from .manifest import MANIFEST, Manifest, rebuild_hint, sha256_text
from .period import Period, passage_periods
from .types import ID_SEPARATOR, Chunk, Clause
from .types import chunk_id as chunk_key
from .vectors import prepare_loaded, stored_vectors

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2  # the current build and the one before it, for a manual rollback
DOCS, DOCUMENTS, CHUNKS, CHUNK_VECTORS, CLAUSE_VECTORS, LEXICAL, TERMS = (
    "docs", "documents.jsonl", "chunks.jsonl", "chunks.faiss", "clauses.faiss", "bm25",
    "terms.json")


@dataclass(frozen=True)
class Index:
    """A loaded index: the documents' texts, their chunks and vectors (read-only).

    Chunks of one document sit in consecutive rows, in corpus order; so do their clauses."""

    path: Path
    manifest: Manifest
    documents: tuple[DocumentRecord, ...]
    texts: dict[str, str]  # doc_id → the document's text (chunk offsets refer to it)
    chunks: tuple[Chunk, ...]
    chunk_vectors: faiss.Index
    clause_vectors: faiss.Index
    clause_owner: np.ndarray  # clause row → chunk row
    clause_starts: np.ndarray  # chunk row → its first clause row (one extra entry at the end)
    clauses: tuple[Clause, ...]  # clause row → clause
    lexical: LexicalIndex
    terms: TermMap
    by_id: dict[str, Chunk]
    doc_rows: dict[str, range]  # doc_id → its chunk rows
    # The vectors themselves as numpy views, where the faiss index type allows (exact
    # rescoring without a faiss call per row); None: use reconstruct.
    chunk_matrix: np.ndarray | None = None
    clause_matrix: np.ndarray | None = None

    @cached_property
    def row_of(self) -> dict[str, int]:
        """chunk id → its row (worked out on first use; the same from any thread)."""
        return {c.id: row for row, c in enumerate(self.chunks)}

    @cached_property
    def periods(self) -> tuple[Period, ...]:
        """chunk row → the span its passage covers, one year or five (qa/period.py)."""
        periods: list[Period] = [""] * len(self.chunks)
        for rows in self.doc_rows.values():
            periods[rows.start:rows.stop] = passage_periods(self.chunks[rows.start:rows.stop])
        return tuple(periods)

    @cached_property
    def heading_clauses(self) -> np.ndarray:
        """clause row → whether it stands on a heading line of its chunk (chunk_outline's
        heading_lines; a bulletin's chunks have none)."""
        flags = np.zeros(len(self.clauses), dtype=bool)
        for row, chunk in enumerate(self.chunks):
            if chunk.headings:
                first = int(self.clause_starts[row])
                flags[first:first + len(chunk.clauses)] = heading_lines(chunk)
        return flags

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The chunk with this id; a bare local id ("p3-s3-m3") is accepted when exactly
        one document has it, so links made before ids named documents keep working."""
        found = self.by_id.get(chunk_id)
        if found is None and ID_SEPARATOR not in chunk_id:
            matches = [self.by_id[key] for doc in self.documents
                       if (key := chunk_key(doc.doc_id, chunk_id)) in self.by_id]
            found = matches[0] if len(matches) == 1 else None
        return found

    def clause_rows(self, chunk_row: int) -> range:
        return range(int(self.clause_starts[chunk_row]), int(self.clause_starts[chunk_row + 1]))

    def text_of(self, doc_id: str) -> str:
        return self.texts[doc_id]

    def chunks_of(self, doc_id: str) -> tuple[Chunk, ...]:
        """The chunks of a document, in order (none for an unknown id)."""
        rows = self.doc_rows.get(doc_id, range(0))
        return self.chunks[rows.start:rows.stop]

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        """The chunk of a document whose text holds the character at offset, if any."""
        return next((c for c in self.chunks_of(doc_id) if c.start <= offset < c.end), None)

    @property
    def source(self) -> str:
        """The text of the only document (single-document indexes, such as the bulletin's
        that the eval's configurations use); ValueError when the index holds several."""
        if len(self.documents) != 1:
            raise ValueError("this index holds several documents; use text_of(doc_id)")
        return self.texts[self.documents[0].doc_id]

    def document(self, doc_id: str) -> DocumentRecord | None:
        return next((d for d in self.documents if d.doc_id == doc_id), None)


def load_index(root: Path, embedder_id: str | None = None, verify: bool = True) -> Index:
    """Load the current build under root (or a build folder itself) and check it."""
    folder = resolve_build(root)
    manifest = Manifest.read(folder)
    manifest.check_compatible(folder, embedder_id)
    if verify:
        manifest.verify_files(folder)
    try:
        with (folder / DOCUMENTS).open(encoding="utf-8") as handle:
            documents = tuple(DocumentRecord.from_json(json.loads(line)) for line in handle)
        texts = {d.doc_id: (folder / d.file).read_text(encoding="utf-8") for d in documents}
        with (folder / CHUNKS).open(encoding="utf-8") as handle:
            chunks = tuple(Chunk.from_json(json.loads(line)) for line in handle)
        chunk_vectors = prepare_loaded(faiss.read_index(str(folder / CHUNK_VECTORS)),
                                       manifest.vector_spec("chunks"))
        clause_vectors = prepare_loaded(faiss.read_index(str(folder / CLAUSE_VECTORS)),
                                        manifest.vector_spec("clauses"))
        lexical = LexicalIndex.load(folder / LEXICAL)
        terms = TermMap.load(folder / TERMS)
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        raise IndexCorruptError(f"The index at {folder} cannot be read ({exc}). "
                                f"{rebuild_hint(folder)}") from exc
    owner = np.array([row for row, c in enumerate(chunks) for _ in c.clauses], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum([len(c.clauses) for c in chunks])]).astype(np.int64)
    clauses = tuple(clause for c in chunks for clause in c.clauses)
    if chunk_vectors.ntotal != len(chunks) or clause_vectors.ntotal != len(clauses) \
            or lexical.size != len(chunks):
        raise IndexCorruptError(f"The index at {folder} has vectors that do not match its "
                                f"chunks. {rebuild_hint(folder)}")
    return Index(folder, manifest, documents, texts, chunks, chunk_vectors, clause_vectors,
                 owner, starts, clauses, lexical, terms, {c.id: c for c in chunks},
                 _doc_rows(chunks), stored_vectors(chunk_vectors), stored_vectors(clause_vectors))


def with_document_labels(index: Index) -> Index:
    """The index with every label naming its document ("2026年云南省政府工作报告 · 三、…"),
    when it holds more than one document (a label must say where the text is)."""
    if len(index.documents) < 2:
        return index
    chunks = tuple(replace(c, label=f"{c.doc_title} · {c.label}") for c in index.chunks)
    return replace(index, chunks=chunks, by_id={c.id: c for c in chunks})


def _doc_rows(chunks: tuple[Chunk, ...]) -> dict[str, range]:
    rows: dict[str, range] = {}
    for row, chunk in enumerate(chunks):
        known = rows.get(chunk.doc_id)
        rows[chunk.doc_id] = range(known.start if known else row, row + 1)
    return rows


def resolve_build(root: Path) -> Path:
    """The build folder root stands for, resolved once so a concurrent swap cannot mix builds."""
    if (root / MANIFEST).is_file():
        return root
    current = root / CURRENT
    if current.exists():
        return current.resolve()
    raise IndexMissingError(f"There is no index at {root}. Build it with `qa build --out {root}`.")


def stale_reason(root: Path, corpus: Path | Sequence[Path], embedder_id: str) -> str | None:
    """Why the index under root must be rebuilt for this corpus and embedder (None: fresh)."""
    try:
        folder = resolve_build(root)
        manifest = Manifest.read(folder)
        manifest.check_compatible(folder, embedder_id)
        manifest.verify_files(folder)
    except QAError as exc:
        return str(exc)
    if manifest.chunker_version != CHUNKER_VERSION:
        return f"the chunker changed ({manifest.chunker_version} → {CHUNKER_VERSION})"
    if manifest.terms_version != TERMS_VERSION:
        return f"the English term map changed ({manifest.terms_version} → {TERMS_VERSION})"
    paths = [corpus] if isinstance(corpus, Path) else list(corpus)
    docs, _ = load_corpus(paths)
    records = [record_of(doc, display_title(doc), "", []) for doc in docs]
    if manifest.corpus_sha256 != corpus_digest(records):
        return f"the corpus {corpus_name(paths)} changed since the index was built"
    return None


def corpus_digest(records: Sequence[DocumentRecord]) -> str:
    """One hash of what is indexed: every document's id, title, date and text."""
    return sha256_text("\n".join(f"{r.doc_id}\t{r.title}\t{r.date}\t{r.text_sha256}"
                                  for r in records))


def corpus_name(paths: Sequence[Path]) -> str:
    name = ", ".join(str(p) for p in paths)
    return name if len(name) <= 200 else name[:199] + "…"


def publish(tmp: Path, root: Path) -> Path:
    builds = root / BUILDS
    builds.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")  # sorts in build order
    final = builds / f"{stamp}-{uuid.uuid4().hex[:6]}"
    os.rename(tmp, final)
    served = (root / CURRENT).resolve() if (root / CURRENT).exists() else None
    link = root / f".{CURRENT}-{uuid.uuid4().hex[:8]}"
    os.symlink(Path(BUILDS) / final.name, link)
    os.replace(link, root / CURRENT)  # atomic: readers see the old build or the new one
    fsync_dir(root)
    _prune(builds, keep=final, served=served)
    return final


def _prune(builds: Path, keep: Path, served: Path | None = None) -> None:
    """Keep KEEP_BUILDS builds: the one just published, then the one `current` served before
    it (a rollback target, whatever its name) if it verifies, else the newest that does.
    Names sort by build time, not by what was served, so they alone must not decide."""
    older = sorted((p for p in builds.iterdir() if p.is_dir() and p != keep), reverse=True)
    if served in older:  # first in line, ahead of newer builds never served
        older.remove(served)
        older.insert(0, served)
    kept = [p for p in older if _verifies(p)][:KEEP_BUILDS - 1]
    for stale in older:
        if stale not in kept:
            shutil.rmtree(stale, ignore_errors=True)


def _verifies(folder: Path) -> bool:
    try:
        Manifest.read(folder).verify_files(folder)
    except (QAError, OSError, ValueError):
        return False
    return True


def remove_abandoned_tmp(root: Path) -> None:
    """Temp folders of builds whose process is gone (killed midway) are removed."""
    for tmp in root.glob(".tmp-*"):
        pid = tmp.name.split("-")[1]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        else:
            fsync_dir(path)
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
