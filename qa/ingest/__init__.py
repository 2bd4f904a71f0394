"""Ingest: turn the files a user names into clean documents with metadata.

discovery (which files) → formats/decoding (bytes to text) → leftovers (web-page chrome
off) → metadata (title, date, speaker). The parser, chunker and index take it from
SourceDocument.text, whose offsets citations refer to.
"""

from __future__ import annotations

from .corpus import Skipped, SourceDocument, load_corpus, read_document
from .discovery import SUPPORTED_SUFFIXES, discover
from .errors import DocumentReadError
from .leftovers import strip_leftovers
from .metadata import Metadata, extract_metadata, is_field_line

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DocumentReadError",
    "Metadata",
    "Skipped",
    "SourceDocument",
    "discover",
    "extract_metadata",
    "is_field_line",
    "load_corpus",
    "read_document",
    "strip_leftovers",
]
