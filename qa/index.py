"""Build the index folder atomically, and load it back with every check.

Layout of an index root (``index/`` by default)::

    index/current -> builds/<build id>   symlink, swapped atomically when a build finishes
    index/builds/<build id>/             manifest.json, source.txt, chunks.jsonl,
                                         chunks.faiss, clauses.faiss, bm25/, terms.json

A build writes into ``index/.tmp-*`` and only then becomes visible, so readers never
see a half-written index and a build killed midway leaves the previous one intact.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np

from . import __version__
from .bridge import TermMap, build_term_map
from .chunk import CHUNKER_VERSION, chunk_document
from .embed import Embedder
from .errors import CorpusError, IndexCorruptError, IndexMissingError, QAError
from .lexical import LexicalIndex
from .manifest import MANIFEST, Manifest, rebuild_hint, sha256_file, sha256_text
from .parse import parse
from .types import Chunk, Clause
from .vectors import ANN_THRESHOLD, build_vectors, choose_spec, prepare_loaded, stored_vectors

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2  # the current build and the one before it, for a manual rollback
SOURCE, CHUNKS, CHUNK_VECTORS, CLAUSE_VECTORS, LEXICAL, TERMS = (
    "source.txt", "chunks.jsonl", "chunks.faiss", "clauses.faiss", "bm25", "terms.json")


@dataclass(frozen=True)
class Index:
    """A loaded index: the source text, its chunks and their vectors (read-only)."""

    path: Path
    manifest: Manifest
    source: str
    chunks: tuple[Chunk, ...]
    chunk_vectors: faiss.Index
    clause_vectors: faiss.Index
    clause_owner: np.ndarray  # clause row → chunk row
    clause_starts: np.ndarray  # chunk row → its first clause row (one extra entry at the end)
    clauses: tuple[Clause, ...]  # clause row → clause
    lexical: LexicalIndex
    terms: TermMap
    by_id: dict[str, Chunk]
    # The vectors themselves as numpy views, where the faiss index type allows (exact
    # rescoring without a faiss call per row); None: use reconstruct.
    chunk_matrix: np.ndarray | None = None
    clause_matrix: np.ndarray | None = None

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self.by_id.get(chunk_id)

    def clause_rows(self, chunk_row: int) -> range:
        return range(int(self.clause_starts[chunk_row]), int(self.clause_starts[chunk_row + 1]))


def read_corpus(path: Path) -> str:
    """The bulletin text exactly as stored (newlines kept), so offsets match the file."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return handle.read()
    except FileNotFoundError as exc:
        raise CorpusError(f"Corpus file {path} does not exist; pass --corpus PATH.") from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"Corpus file {path} is not UTF-8 text ({exc}).") from exc
    except OSError as exc:
        raise CorpusError(f"Corpus file {path} cannot be read: {exc}.") from exc


def build_index(corpus: Path, root: Path, embedder: Embedder,
                ann_threshold: int = ANN_THRESHOLD) -> Path:
    """Build an index of corpus under root and make it current; return its folder.

    Chunk and clause vectors are searched exactly up to ann_threshold vectors each, with
    an HNSW graph above it (qa/vectors.py); the manifest's vector_index says which."""
    began = time.perf_counter()
    source = read_corpus(corpus)
    chunks = chunk_document(parse(source))
    clauses = [(row, clause) for row, chunk in enumerate(chunks) for clause in chunk.clauses]

    root.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_tmp(root)
    # The temp folder exists from here on (embedding is the long part): a build killed
    # at any point leaves it behind, and the next build removes it.
    tmp = root / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        (tmp / SOURCE).write_text(source, encoding="utf-8", newline="")
        chunk_vecs = embedder.embed([c.embed_text for c in chunks], "passage")
        clause_vecs = embedder.embed([c.text for _, c in clauses], "passage")
        with (tmp / CHUNKS).open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
        specs = {"chunks": choose_spec(len(chunks), ann_threshold),
                 "clauses": choose_spec(len(clauses), ann_threshold)}
        faiss.write_index(build_vectors(chunk_vecs, embedder.dim, specs["chunks"]),
                          str(tmp / CHUNK_VECTORS))
        faiss.write_index(build_vectors(clause_vecs, embedder.dim, specs["clauses"]),
                          str(tmp / CLAUSE_VECTORS))
        lexical = LexicalIndex.build(chunks).save(tmp / LEXICAL)
        build_term_map(source).save(tmp / TERMS)
        names = [SOURCE, CHUNKS, CHUNK_VECTORS, CLAUSE_VECTORS, TERMS,
                 *(str(path.relative_to(tmp)) for path in lexical)]
        files = {name: sha256_file(tmp / name) for name in names}
        Manifest(
            embedder_id=embedder.id, dim=embedder.dim, chunker_version=CHUNKER_VERSION,
            corpus_name=corpus.name, corpus_sha256=sha256_text(source),
            package_version=__version__,
            counts={"chunks": len(chunks), "clauses": len(clauses), "chars": len(source)},
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            build_seconds=round(time.perf_counter() - began, 3), files=files,
            vector_index=specs,
        ).write(tmp)
        _fsync_tree(tmp)
        return _publish(tmp, root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def load_index(root: Path, embedder_id: str | None = None, verify: bool = True) -> Index:
    """Load the current build under root (or a build folder itself) and check it."""
    folder = resolve_build(root)
    manifest = Manifest.read(folder)
    manifest.check_compatible(folder, embedder_id)
    if verify:
        manifest.verify_files(folder)
    try:
        source = (folder / SOURCE).read_text(encoding="utf-8")
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
    return Index(folder, manifest, source, chunks, chunk_vectors, clause_vectors, owner, starts,
                 clauses, lexical, terms, {c.id: c for c in chunks},
                 stored_vectors(chunk_vectors), stored_vectors(clause_vectors))


def resolve_build(root: Path) -> Path:
    """The build folder root stands for, resolved once so a concurrent swap cannot mix builds."""
    if (root / MANIFEST).is_file():
        return root
    current = root / CURRENT
    if current.exists():
        return current.resolve()
    raise IndexMissingError(f"There is no index at {root}. Build it with `qa build --out {root}`.")


def stale_reason(root: Path, corpus: Path, embedder_id: str) -> str | None:
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
    if manifest.corpus_sha256 != sha256_text(read_corpus(corpus)):
        return f"the corpus {corpus} changed since the index was built"
    return None


def _publish(tmp: Path, root: Path) -> Path:
    builds = root / BUILDS
    builds.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")  # sorts in build order
    final = builds / f"{stamp}-{uuid.uuid4().hex[:6]}"
    os.rename(tmp, final)
    served = (root / CURRENT).resolve() if (root / CURRENT).exists() else None
    link = root / f".{CURRENT}-{uuid.uuid4().hex[:8]}"
    os.symlink(Path(BUILDS) / final.name, link)
    os.replace(link, root / CURRENT)  # atomic: readers see the old build or the new one
    _fsync_dir(root)
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


def _remove_abandoned_tmp(root: Path) -> None:
    """Temp folders of builds whose process is gone (killed midway) are removed."""
    for tmp in root.glob(".tmp-*"):
        pid = tmp.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
