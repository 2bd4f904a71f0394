"""The FAISS index that holds one set of vectors: exact (flat) when small, HNSW when large.

Exact search costs time in proportion to the vectors (bench/scale.py, one 384-d query on
one core of a shared 2-core machine): ~0.4 ms at 10k vectors, ~10 ms at 100k, ~70 ms at
1M. Above ANN_THRESHOLD vectors the build switches to an HNSW graph: under a millisecond
at 1M (p50), recall@10 against exact search ~0.96-0.99. M=16 and efConstruction=40 halve
the build time of M=32/64 at the same recall; efSearch=256 buys recall cheaply. The
retriever then rescores its candidates exactly: HNSW keeps the vectors themselves
(IndexHNSWFlat), so `reconstruct` returns them unchanged. IVF (`ivf`) is supported for
callers who ask for it: it needs training and a direct map for `reconstruct`, and at 1M
vectors it needed ~15 ms a search for recall 0.99.

Each index is described by a small dict recorded in the manifest (`vector_index`), e.g.
``{"type": "hnsw", "M": 16, "efConstruction": 40, "efSearch": 256}``; loading applies the
search-time parameters from it.
"""

from __future__ import annotations

import math
from typing import Any

import faiss
import numpy as np

from .errors import IndexCorruptError

ANN_THRESHOLD = 20_000  # vectors; at or below it search is exact (~1 ms a query)
HNSW_DEFAULTS = {"M": 16, "efConstruction": 40, "efSearch": 256}
KINDS = ("flat", "hnsw", "ivf")
Spec = dict[str, Any]


def choose_spec(count: int, threshold: int = ANN_THRESHOLD, kind: str = "hnsw") -> Spec:
    """The index for `count` vectors: flat up to threshold, else `kind` with its defaults."""
    if count <= threshold or kind == "flat":
        return {"type": "flat"}
    if kind == "hnsw":
        return {"type": "hnsw", **HNSW_DEFAULTS}
    if kind == "ivf":
        nlist = max(1, int(4 * math.sqrt(count)))  # faiss guideline: 4·√n to 16·√n lists
        return {"type": "ivf", "nlist": nlist, "nprobe": max(1, nlist // 32)}
    raise ValueError(f"unknown vector index kind {kind!r}; choose one of {KINDS}")


def build_vectors(vectors: np.ndarray, dim: int, spec: Spec) -> faiss.Index:
    """A searchable index of vectors (rows keep their order: row i is vector i)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
    kind = spec["type"]
    if kind == "flat":
        index: faiss.Index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, int(spec["M"]), faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = int(spec["efConstruction"])
    elif kind == "ivf":
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, int(spec["nlist"]), faiss.METRIC_INNER_PRODUCT)
        index.train(_training_sample(vectors, int(spec["nlist"])))  # faiss keeps quantizer
    else:
        raise ValueError(f"unknown vector index type {kind!r}; choose one of {KINDS}")
    if len(vectors):
        index.add(vectors)
    prepare_loaded(index, spec)
    return index


def prepare_loaded(index: faiss.Index, spec: Spec) -> faiss.Index:
    """Apply search-time parameters of spec to an index read from disk (or just built)."""
    kind = spec.get("type", "flat")
    try:
        if kind == "hnsw":
            hnsw: Any = faiss.downcast_index(index)
            hnsw.hnsw.efSearch = int(spec["efSearch"])
        elif kind == "ivf":
            ivf = faiss.extract_index_ivf(index)
            ivf.nprobe = int(spec["nprobe"])
            ivf.make_direct_map()  # `reconstruct` of a row, for exact rescoring
        elif kind != "flat":
            raise ValueError(f"unknown vector index type {kind!r}")
    except (KeyError, ValueError, TypeError, RuntimeError, AttributeError) as exc:
        raise IndexCorruptError(f"The vector index does not match its description {spec} "
                                f"({exc}).") from exc
    return index


def _training_sample(vectors: np.ndarray, nlist: int) -> np.ndarray:
    """Up to 64 vectors per list (k-means needs ~40 for stable centroids), evenly spread."""
    size = min(len(vectors), 64 * nlist)
    if size == len(vectors):
        return vectors
    rows = np.random.default_rng(0).choice(len(vectors), size, replace=False)
    return vectors[np.sort(rows)]


def stored_vectors(index: faiss.Index) -> np.ndarray | None:
    """The vectors a flat or HNSW index holds, as a read-only numpy view (no copy), so
    rescoring reads rows without a faiss call per row; None for other index types. The
    view lives in the index's memory: keep the index alive while using it."""
    flat: Any = faiss.downcast_index(index)
    if isinstance(flat, faiss.IndexHNSW):
        flat = faiss.downcast_index(flat.storage)
    if not isinstance(flat, faiss.IndexFlat) or flat.ntotal == 0:
        return None
    view = faiss.rev_swig_ptr(flat.get_xb(), flat.ntotal * flat.d).reshape(flat.ntotal, flat.d)
    view.flags.writeable = False
    return view
