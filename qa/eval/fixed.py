"""The baseline a user would build first: fixed-size passages, the same embedder, FAISS.

langchain's RecursiveCharacterTextSplitter (~300 characters, 30 overlap, its default
separators plus Chinese 。 and ，) over the raw bulletin text. Passages know nothing of the
bulletin's structure (proposal/section/measure are 0); they carry clauses so the same
answerer can pick text from them.
"""

from __future__ import annotations

import faiss
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ..chunk import split_clauses
from ..embed import Embedder
from ..types import Chunk, Hit

CHUNK_SIZE = 300
CHUNK_OVERLAP = 30
SEPARATORS = ["\n\n", "\n", "。", "，", " ", ""]


def fixed_size_chunks(source: str, size: int = CHUNK_SIZE,
                      overlap: int = CHUNK_OVERLAP, doc_id: str = "") -> list[Chunk]:
    """Passages of source with exact offsets (ids f1, f2, …)."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=SEPARATORS, keep_separator="end",
        add_start_index=True)
    chunks = []
    for n, document in enumerate(splitter.create_documents([source]), start=1):
        text = document.page_content
        start = int(document.metadata["start_index"])
        if source[start : start + len(text)] != text:  # never seen; keep offsets honest
            start = source.find(text)
        label = f"passage {n}"
        chunks.append(Chunk(
            id=f"f{n}", proposal=0, proposal_name="", proposal_title="", section=0,
            section_title="", measure=0, measure_title="", label=label, short_label=label,
            start=start, end=start + len(text), text=text,
            clauses=tuple(split_clauses(text, start)), doc_id=doc_id))
    return chunks


class FixedSizeRetriever:
    """Top-k passages by cosine similarity in a flat FAISS index built in memory."""

    def __init__(self, source: str, embedder: Embedder, doc_id: str = "") -> None:
        self.chunks = fixed_size_chunks(source, doc_id=doc_id)
        self.embedder = embedder
        self.vectors = faiss.IndexFlatIP(embedder.dim)
        vectors = embedder.embed([c.text for c in self.chunks], "passage")
        self.vectors.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, query: str, k: int) -> list[Hit]:
        return self.search_vector(self.embedder.embed([query], "query"), k)

    def search_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        scores, rows = self.vectors.search(vector, min(k, len(self.chunks)))
        return [Hit(chunk=self.chunks[row], score=float(score), dense=float(score))
                for score, row in zip(scores[0], rows[0], strict=True) if row >= 0]
