"""The vector index switch: flat below the threshold, HNSW (or IVF) above it, exact rescoring
either way, and the manifest saying which."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import faiss
import numpy as np
import pytest

from qa.build import build_index
from qa.errors import IndexCorruptError
from qa.index import load_index, resolve_build
from qa.manifest import MANIFEST, Manifest
from qa.query import analyse
from qa.retrieve import Retriever
from qa.vectors import ANN_THRESHOLD, build_vectors, choose_spec, prepare_loaded, stored_vectors

from .conftest import CORPUS
from .fakes import HashEmbedder


def _unit(count: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_choose_spec_switches_above_the_threshold() -> None:
    assert choose_spec(ANN_THRESHOLD) == {"type": "flat"}
    assert choose_spec(ANN_THRESHOLD + 1)["type"] == "hnsw"
    assert choose_spec(5, threshold=4)["type"] == "hnsw"
    assert choose_spec(10**6, kind="flat") == {"type": "flat"}
    ivf = choose_spec(10**6, kind="ivf")
    assert ivf["type"] == "ivf" and ivf["nlist"] == 4000 and 1 <= ivf["nprobe"] < ivf["nlist"]
    with pytest.raises(ValueError, match="unknown"):
        choose_spec(10**6, kind="lsh")


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_every_kind_finds_the_vector_itself_and_reconstructs_it_exactly(kind: str,
                                                                        tmp_path: Path) -> None:
    vectors = _unit(2000)
    spec = choose_spec(len(vectors), threshold=0, kind=kind)
    if kind == "ivf":
        spec["nprobe"] = spec["nlist"]  # every list: exact, so the assertion is sharp
    path = tmp_path / "v.faiss"
    faiss.write_index(build_vectors(vectors, 32, spec), str(path))
    index = prepare_loaded(faiss.read_index(str(path)), spec)  # as load_index does
    _, rows = index.search(vectors[:50], 1)
    assert (rows[:, 0] == np.arange(50)).mean() >= 0.98
    assert np.array_equal(index.reconstruct(7), vectors[7])  # exact rescoring holds
    assert np.array_equal(index.reconstruct_batch(np.arange(3, 6)), vectors[3:6])
    view = stored_vectors(index)
    if kind == "ivf":
        assert view is None  # no contiguous storage: the retriever uses reconstruct
    else:
        assert view is not None and np.array_equal(view, vectors)
        assert not view.flags.writeable


def test_search_parameters_come_from_the_spec() -> None:
    spec = {"type": "hnsw", "M": 8, "efConstruction": 20, "efSearch": 77}
    index = build_vectors(_unit(100), 32, spec)
    assert faiss.downcast_index(index).hnsw.efSearch == 77
    ivf = build_vectors(_unit(500), 32, {"type": "ivf", "nlist": 8, "nprobe": 3})
    assert faiss.extract_index_ivf(ivf).nprobe == 3


def test_a_spec_that_does_not_match_the_index_is_refused() -> None:
    flat = build_vectors(_unit(10), 32, {"type": "flat"})
    with pytest.raises(IndexCorruptError, match="does not match"):
        prepare_loaded(flat, {"type": "hnsw", "M": 8, "efConstruction": 20, "efSearch": 16})
    with pytest.raises(IndexCorruptError):
        prepare_loaded(flat, {"type": "annoy"})


def test_build_switches_to_hnsw_and_records_it(tmp_path: Path) -> None:
    root = tmp_path / "index"
    folder = build_index(CORPUS, root, HashEmbedder(), ann_threshold=100)
    manifest = Manifest.read(folder)
    assert manifest.vector_index["chunks"] == {"type": "flat"}  # type: ignore[index]
    clauses = manifest.vector_spec("clauses")
    assert clauses["type"] == "hnsw" and clauses["efSearch"] > 0
    index = load_index(root)
    assert isinstance(faiss.downcast_index(index.clause_vectors), faiss.IndexHNSWFlat)
    assert faiss.downcast_index(index.clause_vectors).hnsw.efSearch == clauses["efSearch"]
    assert index.clause_matrix is not None
    assert index.clause_matrix.shape == (len(index.clauses), 16)
    hits = Retriever(index, HashEmbedder()).search("老年助餐", k=5)
    assert len(hits) == 5


def test_default_build_is_flat_and_old_manifests_still_load(tmp_path: Path) -> None:
    root = tmp_path / "index"
    folder = build_index(CORPUS, root, HashEmbedder())
    assert Manifest.read(folder).vector_spec("clauses") == {"type": "flat"}
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    data["vector_index"] = "flat"  # what builds before the switch wrote
    (folder / MANIFEST).write_text(json.dumps(data), encoding="utf-8")
    index = load_index(root)
    assert index.chunk_matrix is not None and len(index.chunks) == index.chunk_vectors.ntotal


def test_hnsw_index_ranks_like_the_flat_one_with_real_vectors(index_root: Path,
                                                              embedder) -> None:
    """The real bulletin's vectors in an HNSW graph: the retriever's results stay the same
    (efSearch exceeds the clause count, so the graph search finds every candidate)."""
    flat = load_index(index_root)
    assert flat.clause_matrix is not None
    spec = {"type": "hnsw", "M": 16, "efConstruction": 64, "efSearch": 512}
    hnsw_clauses = build_vectors(flat.clause_matrix, 384, spec)
    ann = dataclasses.replace(flat, clause_vectors=hnsw_clauses, clause_matrix=None)
    assert resolve_build(index_root) == flat.path
    for question in ["老人吃饭的食堂建了多少家？", "How many elderly meal sites were built?",
                     "加装电梯多少台？"]:
        vector = embedder.embed([question], "query")
        query = analyse(question)
        want = Retriever(flat, embedder).search_query(query, 5, vector)
        got = Retriever(ann, embedder).search_query(query, 5, vector)
        assert [h.chunk.id for h in got] == [h.chunk.id for h in want]
        assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-6)
