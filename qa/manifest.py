"""The manifest that makes an index folder describe itself, and the checks made on load."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import IndexCorruptError, IndexMismatchError

MANIFEST = "manifest.json"
FORMAT_VERSION = 3  # 2: bm25/ and terms.json; 3: documents.jsonl and docs/


@dataclass(frozen=True)
class Manifest:
    embedder_id: str
    dim: int
    chunker_version: str
    corpus_name: str
    corpus_sha256: str
    package_version: str
    counts: dict[str, int]
    built_at: str  # ISO 8601, UTC
    build_seconds: float
    files: dict[str, str] = field(default_factory=dict)  # artifact name → sha256
    # faiss index of the chunk and clause vectors: {"chunks": spec, "clauses": spec} with
    # spec like {"type": "hnsw", "M": 32, …} (qa/vectors.py); "flat" in older builds.
    vector_index: str | dict[str, dict[str, Any]] = "flat"
    format_version: int = FORMAT_VERSION
    # Version of the English term map in terms.json (qa/bridge.py TERMS_VERSION): a build
    # older than the code is stale (rebuilt cheaply, its vectors reused), not unreadable.
    terms_version: str = "1"

    def vector_spec(self, name: str) -> dict[str, Any]:
        """The description of the vector index `name` ("chunks" or "clauses")."""
        if isinstance(self.vector_index, str):
            return {"type": self.vector_index}
        spec = self.vector_index.get(name)
        if not isinstance(spec, dict):
            raise IndexCorruptError(f"The index manifest has no vector_index for {name}.")
        return spec

    def write(self, folder: Path) -> None:
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)
        (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            # Keys a later version added (e.g. terms_version) are not this version's
            # business: the format version says whether the build is readable at all.
            known = {f.name for f in fields(cls)}
            return cls(**{k: v for k, v in data.items() if k in known})
        except (OSError, ValueError, TypeError) as exc:
            raise IndexCorruptError(
                f"The index manifest {path} cannot be read ({exc}). {rebuild_hint(folder)}"
            ) from exc

    def verify_files(self, folder: Path) -> None:
        """Raise IndexCorruptError unless every artifact is present with its checksum."""
        for name, expected in self.files.items():
            path = folder / name
            if not path.is_file():
                raise IndexCorruptError(f"Index file {path} is missing. {rebuild_hint(folder)}")
            if sha256_file(path) != expected:
                raise IndexCorruptError(
                    f"Index file {path} is corrupt (checksum mismatch). {rebuild_hint(folder)}"
                )

    def check_compatible(self, folder: Path, embedder_id: str | None) -> None:
        if self.format_version != FORMAT_VERSION:
            raise IndexMismatchError(
                f"The index at {folder} has format {self.format_version}; this version reads "
                f"format {FORMAT_VERSION}. {rebuild_hint(folder)}"
            )
        if embedder_id is not None and embedder_id != self.embedder_id:
            raise IndexMismatchError(
                f"The index at {folder} was built with embedder {self.embedder_id!r}, but "
                f"{embedder_id!r} is configured. Rebuild it with the configured embedder "
                f"(`qa build --embedder NAME`) or configure {self.embedder_id!r}."
            )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rebuild_hint(folder: Path) -> str:
    root = folder.parent.parent if folder.parent.name == "builds" else folder
    return f"Rebuild it with `qa build --out {root}`."
