"""Documents of a corpus as the index keeps them: their names, metadata and chunks.

A document whose first-level parts are numbered proposals ("(3号建议案)") is a proposals
bulletin and is chunked by proposal, section and measure (qa/chunk.py, ids "p3-s3-m3");
any other document is chunked by paragraphs under its headings (qa/chunk_outline.py).
Either way a chunk's id is prefixed with its document's id, so ids are unique across the
corpus and stable across builds of the same text.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from .chunk import chunk_document
from .chunk_outline import chunk_outline
from .errors import CorpusError
from .ingest import SourceDocument
from .manifest import sha256_text
from .parse import parse
from .types import Chunk, chunk_id

PROPOSAL_NAME_RE = re.compile(r"\d+号")
# The place in a file name such as "2026_云南省_政府工作报告".
PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{2,12}?(?:省|市|自治区|特别行政区|县|区)$")
YEAR_RE = re.compile(r"^((?:19|20)\d{2})年")


@dataclass(frozen=True)
class DocumentRecord:
    """What the index stores about one document (documents.jsonl), besides its text."""

    doc_id: str
    title: str  # display title, naming the place when the file name gives one
    date: str | None
    speaker: str | None
    source_name: str  # the file it was read from
    content_sha256: str  # of the file's bytes
    text_sha256: str  # of the text indexed (what chunk offsets refer to)
    file: str  # where the index keeps the text, relative to the build folder
    chunks: int
    clauses: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentRecord:
        return cls(**data)


def place_of(doc_id: str) -> str | None:
    """The place a file name names ("2026_云南省_政府工作报告" → "云南省"), if any."""
    return next((part for part in re.split(r"[_\-\s]+", doc_id) if PLACE_RE.match(part)), None)


def display_title(doc: SourceDocument) -> str:
    """The document's title, with the place from its file name when the title lacks it
    ("2026年政府工作报告" of 云南省 → "2026年云南省政府工作报告")."""
    place = place_of(doc.doc_id)
    title = doc.title.strip() or doc.doc_id
    if not place or place in title or place.rstrip("省市区") in title:
        return title
    year = YEAR_RE.match(title)
    return f"{year.group()}{place}{title[year.end():]}" if year else f"{place}{title}"


def is_bulletin(text: str) -> bool:
    """A proposals bulletin: its first-level parts name numbered proposals."""
    try:
        proposals = parse(text).proposals
    except CorpusError:
        return False
    return bool(proposals) and all(PROPOSAL_NAME_RE.search(p.name) for p in proposals)


def chunk_source(doc: SourceDocument, title: str) -> list[Chunk]:
    """The chunks of one document, with corpus-wide ids and the document's metadata."""
    if is_bulletin(doc.text):
        local = chunk_document(parse(doc.text))
    else:
        local = chunk_outline(doc.text, context_prefix=f"{title}：")
    return [replace(c, id=chunk_id(doc.doc_id, c.id), doc_id=doc.doc_id, doc_title=title,
                    doc_date=doc.date) for c in local]


def record_of(doc: SourceDocument, title: str, file: str, chunks: list[Chunk]) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc.doc_id, title=title, date=doc.date, speaker=doc.speaker,
        source_name=doc.path.name, content_sha256=doc.content_sha256,
        text_sha256=sha256_text(doc.text), file=file, chunks=len(chunks),
        clauses=sum(len(c.clauses) for c in chunks))
