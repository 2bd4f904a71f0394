"""Discovery: which files of the paths a user names are documents to read.

Folders are walked recursively; hidden files and folders (".git", ".DS_Store", editor
swap files) and Office lock files ("~$report.docx") are skipped silently, because users
point the tool at folders they also keep other things in. Files of another type inside a
folder are skipped too (a README.pdf is read, a data.csv is not); but a file the user named
explicitly must be readable, so naming one of an unsupported type is an error rather than a
silent no-op. A folder's own notes (README, CHANGELOG, LICENSE files) describe the
folder rather than belong to the corpus, and are skipped inside folders as well.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import CorpusError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


FOLDER_NOTES = ("README", "CHANGELOG", "LICENSE", "LICENCE")


def _is_hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _is_folder_note(name: str) -> bool:
    return Path(name).stem.upper() in FOLDER_NOTES


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        for name in files:
            path = Path(root) / name
            if not _is_hidden(name) and not _is_folder_note(name) and is_supported(path):
                yield path


def discover(paths: Sequence[Path]) -> list[Path]:
    """The supported files under ``paths`` (each a file or a folder), sorted by path.

    A file reached twice (a folder and a file inside it both named) is listed once.
    Raises CorpusError for a path that does not exist or a named file of another type.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates: Iterator[Path] = _walk(path)
        elif path.is_file():
            if not is_supported(path):
                raise CorpusError(
                    f"{path} is a {path.suffix or 'suffix-less'} file; supported types are "
                    f"{', '.join(SUPPORTED_SUFFIXES)}. Convert it or leave it out."
                )
            candidates = iter([path])
        elif path.exists():
            raise CorpusError(f"{path} is neither a file nor a folder; pass a file or a folder.")
        else:
            raise CorpusError(f"{path} does not exist; check the --corpus path.")
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return sorted(found.values())
