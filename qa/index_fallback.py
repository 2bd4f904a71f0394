"""Loading the index to serve it: unreadable files are an index problem, and a broken
`current` falls back to the newest build that verifies.

`load_index` (qa/index.py) checks one build. Serving needs two things more:
- an OSError while reading (a file made unreadable, replaced by a folder, an I/O error) is
  an IndexCorruptError like any other broken file, so the CLI exits 4 with the fix and the
  server retries it (QA_LOAD_RETRY_S) and recovers once the file is readable again;
- when `current` is missing its target or its build is corrupt, the newest other build
  under `builds/` that loads and verifies is served instead, with a note saying so (the
  server logs it and shows it in /readyz, and keeps trying `current`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import IndexCorruptError, IndexMissingError
from .index import BUILDS, CURRENT, Index, load_index
from .manifest import rebuild_hint

log = logging.getLogger("qa.index")


@dataclass(frozen=True)
class Loaded:
    index: Index
    fallback: str | None = None  # why `current` is not what is served; None: it is


def load_readable(root: Path, embedder_id: str | None = None) -> Index:
    """load_index, with any OSError turned into IndexCorruptError (exit 4, retried)."""
    try:
        return load_index(root, embedder_id=embedder_id)
    except OSError as exc:
        raise IndexCorruptError(f"The index at {root} cannot be read ({exc}). "
                                f"{rebuild_hint(root)}") from exc


def load_served(root: Path, embedder_id: str | None = None) -> Loaded:
    """The index to serve from root: `current`, or else the newest build that verifies."""
    try:
        return Loaded(load_readable(root, embedder_id))
    except (IndexCorruptError, IndexMissingError) as exc:
        failure = exc
    for build in _other_builds(root):
        try:
            index = load_readable(build, embedder_id)
        except (IndexCorruptError, IndexMissingError):
            continue
        note = (f"`{CURRENT}` cannot be served ({failure.code}); serving the newest build "
                f"that verifies, {build.name}. Rebuild or fix {CURRENT} "
                f"(`qa build --out {root}`).")
        log.warning("index fallback: %s", note, extra={"code": failure.code,
                                                     "detail": str(failure),
                                                     "build": build.name})
        return Loaded(index, note)
    raise failure


def _other_builds(root: Path) -> list[Path]:
    """Builds under root/builds, newest first, but the one `current` points to."""
    builds = root / BUILDS
    if not builds.is_dir():
        return []
    current = root / CURRENT
    target = current.resolve() if current.exists() else None
    try:
        found = [path for path in builds.iterdir() if path.is_dir() and path != target]
    except OSError:
        return []
    return sorted(found, key=lambda path: path.name, reverse=True)
