"""The corpus: documents read from the files that discovery finds.

A corpus is many files from many hands, so one bad file (a scan, a damaged download, a
Word lock file) must not cost the rest: it is skipped and reported by name, and only
``strict`` makes it fatal. What cannot be skipped: two files claiming the same doc_id
(citations would point at either) and a corpus with nothing readable in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from .discovery import SUPPORTED_SUFFIXES, discover
from .errors import DocumentReadError
from .formats import READERS
from .leftovers import strip_leftovers
from .metadata import extract_metadata


@dataclass(frozen=True)
class SourceDocument:
    doc_id: str  # the file name without its suffix
    path: Path
    text: str  # page leftovers removed; what the index stores and citation offsets refer to
    title: str  # from the first lines; the doc_id when they give none
    date: str | None  # ISO date of the session or report
    speaker: str | None  # "北京市市长 殷勇"
    content_sha256: str  # of the raw file bytes: incremental builds compare it


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str  # one line: what is wrong and what to do


def read_document(path: Path) -> SourceDocument:
    """Read one file. Raises DocumentReadError naming the file and saying why."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentReadError(
            path, f"has an unsupported type; supported are {', '.join(SUPPORTED_SUFFIXES)}."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentReadError(path, f"cannot be opened ({exc.strerror or exc}).") from exc
    text = strip_leftovers(reader(path, raw))
    if not text.strip():
        raise DocumentReadError(path, "has no text; add content or leave the file out.")
    meta = extract_metadata(text)
    return SourceDocument(
        doc_id=path.stem,
        path=path,
        text=text,
        title=meta.title or path.stem,
        date=meta.date,
        speaker=meta.speaker,
        content_sha256=hashlib.sha256(raw).hexdigest(),
    )


def _check_unique_ids(files: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in files:
        other = seen.setdefault(path.stem, path)
        if other != path:
            raise CorpusError(
                f"{other} and {path} have the same document id {path.stem!r}; "
                "rename one of them (the id is the file name without its suffix)."
            )


def _where(paths: Sequence[Path]) -> str:
    return ", ".join(str(path) for path in paths) or "(no paths given)"


def load_corpus(
    paths: Sequence[Path],
    strict: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
) -> tuple[list[SourceDocument], list[Skipped]]:
    """Read every document under ``paths``; unreadable files are skipped and reported
    (``on_skip`` is called with each as it happens) unless ``strict``, which raises the
    first DocumentReadError. Raises CorpusError for duplicate doc ids and for a corpus
    with no readable document."""
    files = discover(paths)
    _check_unique_ids(files)
    documents: list[SourceDocument] = []
    skipped: list[Skipped] = []
    for path in files:
        try:
            documents.append(read_document(path))
        except DocumentReadError as exc:
            if strict:
                raise
            skip = Skipped(path=path, reason=str(exc))
            skipped.append(skip)
            if on_skip is not None:
                on_skip(skip)
    if not documents:
        if not files:
            why = f"no {', '.join(SUPPORTED_SUFFIXES)} files found"
        else:
            why = f"all {len(files)} files were skipped ({'; '.join(s.reason for s in skipped)})"
        raise CorpusError(f"no readable documents in {_where(paths)}: {why}.")
    return documents, skipped
