"""The corpus the service builds: QA_CORPUS, plus documents uploaded through the API, minus
documents deleted through it.

QA_CORPUS may be a read-only folder the service does not own, so nothing here writes
there. An upload is a file in the uploads folder (QA_UPLOAD_DIR, default
``<QA_INDEX_DIR>/uploads``); deleting a document of QA_CORPUS records its doc_id in
``.excluded.json`` in that folder. Both persist, so a restart, ``POST /v1/admin/reindex``,
QA_REBUILD_ON_START and ``qa build`` without ``--corpus`` all build the same corpus.

Rules, each one line:
- an upload's doc_id is its file name without the suffix, as for any corpus file;
- an upload shadows a QA_CORPUS document with the same doc_id (uploading replaces it);
- an excluded doc_id leaves out the QA_CORPUS documents with that id, never an upload.

Files are changed atomically: an upload is copied into a hidden staging folder first and
renamed into place (os.replace); the list of exclusions is written to a temp file and
renamed over the old one. Hidden names (a leading dot) are never read as documents.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import CorpusError, InvalidInputError
from .index import fsync_dir, process_alive
from .ingest import SUPPORTED_SUFFIXES, discover
from .settings import Settings

EXCLUDED = ".excluded.json"
STAGING_PREFIX = ".incoming-"
MAX_DOC_ID_CHARS = 200  # what the `doc` filter accepts (api/deps.py checked_docs)
COPY_BLOCK = 1 << 16
# Control characters, and the characters that cannot stand in a doc_id: path separators,
# ":" (it separates doc_id and local id in chunk ids), "," (it separates ids in `?doc=a,b`).
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f:,]")


class InvalidFileNameError(InvalidInputError):
    code = "invalid_filename"


class UnsupportedFileTypeError(InvalidInputError):
    code = "unsupported_file_type"
    http_status = 415


class FileTooLargeError(InvalidInputError):
    code = "file_too_large"
    http_status = 413


def safe_file_name(name: str | None) -> str:
    """The name an upload is stored under, from the name the client sent: its last path
    part, without leading dots. Raises InvalidFileNameError for a name that is empty,
    climbs out of the folder (``..``), holds control characters or characters a doc_id
    cannot hold, and UnsupportedFileTypeError for a suffix qa/ingest does not read."""
    if name is None or not name.strip():
        raise InvalidFileNameError("The upload has no file name; send the file as the form "
                                   "field `file` with a name like report.txt (the name "
                                   "without its suffix becomes the doc_id).")
    parts = re.split(r"[\\/]", name)
    if any(part.strip() == ".." for part in parts):
        raise InvalidFileNameError("The file name climbs out of the uploads folder (`..`); "
                                   "send a plain file name like report.txt.")
    base = parts[-1].strip().lstrip(".").strip()
    shown = _shown(name)
    if not base:
        raise InvalidFileNameError(f"The file name {shown} holds no name; send a plain file "
                                   "name like report.txt.")
    if _BAD_CHARS.search(base):
        raise InvalidFileNameError(f"The file name {shown} holds a control character, ':' or "
                                   "','; rename the file (its name becomes the doc_id).")
    suffix = Path(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileTypeError(f"The file name {shown} has an unsupported type; "
                                       f"supported are {', '.join(SUPPORTED_SUFFIXES)}.")
    stem = Path(base).stem
    if not stem.strip() or stem.startswith("~$"):
        raise InvalidFileNameError(f"The file name {shown} gives no document id; name it like "
                                   "report.txt.")
    if len(stem) > MAX_DOC_ID_CHARS:
        raise InvalidFileNameError(f"The file name is {len(stem)} characters long without its "
                                   f"suffix; the limit is {MAX_DOC_ID_CHARS}.")
    return base


def _shown(name: str) -> str:
    return repr(name if len(name) <= 60 else name[:60] + "…")


@dataclass(frozen=True)
class Removal:
    """What removing a document changed."""

    deleted: tuple[str, ...]  # names of uploaded files deleted
    excluded: bool  # its doc_id is now in the list of excluded QA_CORPUS documents


@dataclass(frozen=True)
class CorpusStore:
    corpus: tuple[Path, ...]  # QA_CORPUS: files and folders, never written to
    upload_dir: Path

    @classmethod
    def of(cls, settings: Settings) -> CorpusStore:
        return cls(tuple(settings.corpus), settings.uploads_folder)

    # Reading: what the build reads.

    def paths(self) -> list[Path]:
        """The files and folders to build: QA_CORPUS, less the documents that an upload
        shadows or that are excluded, plus every upload. While nothing is left out,
        QA_CORPUS is given as it is (folders stay folders, so the index keeps its name)."""
        uploads = self.uploads()
        hidden = self.excluded() | {path.stem for path in uploads}
        corpus: list[Path] = list(self.corpus)
        if hidden:
            files = discover(corpus)
            if any(path.stem in hidden for path in files):
                corpus = [path for path in files if path.stem not in hidden]
        return corpus + uploads

    def uploads(self) -> list[Path]:
        """The uploaded documents, by name (none while the folder does not exist)."""
        if not self.upload_dir.is_dir():
            return []
        return sorted(path for path in self.upload_dir.iterdir()
                      if not path.name.startswith((".", "~$")) and path.is_file()
                      and path.suffix.lower() in SUPPORTED_SUFFIXES)

    def uploaded(self, doc_id: str) -> list[Path]:
        return [path for path in self.uploads() if path.stem == doc_id]

    def excluded(self) -> frozenset[str]:
        """doc_ids of QA_CORPUS documents deleted through the API."""
        path = self.upload_dir / EXCLUDED
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return frozenset()
        except (OSError, ValueError) as exc:
            raise CorpusError(f"{path} cannot be read ({exc}); restore it, or delete it to "
                              "bring back every document deleted through the API.") from exc
        ids = data.get("excluded") if isinstance(data, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise CorpusError(f"{path} is not {{\"excluded\": [doc_id, ...]}}; restore it, or "
                              "delete it to bring back every document deleted through the API.")
        return frozenset(ids)

    def corpus_ids(self) -> set[str]:
        """doc_ids of the QA_CORPUS documents (excluded ones included)."""
        return {path.stem for path in discover(list(self.corpus))}

    # Writing: uploads and deletions. The caller makes sure no build reads meanwhile.

    def stage(self, name: str, source: BinaryIO, limit: int) -> Path:
        """Copy an upload (name from safe_file_name) into a staging folder of its own inside
        the uploads folder; FileTooLargeError past limit bytes. Returns the staged file,
        which commit() puts in place and discard() removes."""
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self._remove_abandoned_staging()
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-",
                                       dir=self.upload_dir))
        target = folder / name
        size = 0
        try:
            with target.open("wb") as out:
                while block := source.read(COPY_BLOCK):
                    size += len(block)
                    if size > limit:
                        raise FileTooLargeError(f"The file is larger than {limit} bytes "
                                                "(QA_MAX_UPLOAD_BYTES).")
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return target

    def commit(self, staged: Path) -> Path:
        """Put a staged upload in place, replacing the upload of the same doc_id (whatever
        its suffix). Returns the stored file."""
        self._check_staged(staged)
        final = self.upload_dir / staged.name
        os.replace(staged, final)  # atomic: the old file or the new one, never half of one
        for other in self.uploaded(final.stem):
            if other.name != final.name:
                other.unlink()
        fsync_dir(self.upload_dir)
        shutil.rmtree(staged.parent, ignore_errors=True)
        return final

    def discard(self, staged: Path) -> None:
        """Remove a staged upload and its staging folder (nothing if commit() took it)."""
        self._check_staged(staged)
        shutil.rmtree(staged.parent, ignore_errors=True)

    def remove(self, doc_id: str) -> Removal:
        """Take doc_id out of the corpus: delete its uploads, and exclude it from QA_CORPUS
        when QA_CORPUS holds it or when it was not an upload at all."""
        deleted = self.uploaded(doc_id)
        for path in deleted:
            path.unlink()
        try:
            in_corpus = doc_id in self.corpus_ids()
        except CorpusError:  # QA_CORPUS cannot be listed: exclude unless it was an upload
            in_corpus = False
        exclude = in_corpus or not deleted
        if exclude:
            self._write_excluded(self.excluded() | {doc_id})
        elif deleted:
            fsync_dir(self.upload_dir)
        return Removal(tuple(path.name for path in deleted), exclude)

    def _write_excluded(self, ids: Sequence[str] | frozenset[str]) -> None:
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.upload_dir / f".excluded-{uuid.uuid4().hex[:8]}.tmp"
        try:
            with tmp.open("w", encoding="utf-8") as handle:
                json.dump({"excluded": sorted(ids)}, handle, ensure_ascii=False, indent=1)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.upload_dir / EXCLUDED)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync_dir(self.upload_dir)

    def _check_staged(self, staged: Path) -> None:
        if staged.parent.parent != self.upload_dir or \
                not staged.parent.name.startswith(STAGING_PREFIX):
            raise ValueError(f"{staged} is not a staged upload of {self.upload_dir}")

    def _remove_abandoned_staging(self) -> None:
        """Staging folders of a process that is gone (killed during an upload)."""
        for folder in self.upload_dir.glob(f"{STAGING_PREFIX}*"):
            pid = folder.name[len(STAGING_PREFIX):].split("-")[0]
            if pid.isdigit() and not process_alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def corpus_paths(settings: Settings) -> list[Path]:
    """What the service builds for settings: QA_CORPUS + uploads − deleted documents."""
    return CorpusStore.of(settings).paths()
