"""Issue 15 items 6-8: an unreadable index file is an index problem that heals by itself,
pruning keeps the build last served, and a broken `current` falls back to the newest
build that verifies."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from qa.build import build_index
from qa.errors import IndexCorruptError, IndexMissingError
from qa.index import load_index, resolve_build
from qa.index_fallback import load_readable, load_served

from .api_helpers import assert_error
from .conftest import CORPUS, ROOT
from .fakes import HashEmbedder


def point_current(root: Path, build: Path) -> None:
    """What an operator's rollback does: `current` → builds/<that build>."""
    link = root / ".current-rollback"
    os.symlink(Path("builds") / build.name, link)
    os.replace(link, root / "current")


def make_unreadable(path: Path) -> Path:
    """A file that is there but cannot be read: reading it fails with an I/O error (EIO).
    chmod 000 would do for other users, but the tests may run as root, which ignores
    permissions; /proc/self/mem is a regular file whose first bytes no process can read.
    Returns where the bytes are kept, to put them back."""
    kept = path.with_name(path.name + ".kept")
    os.rename(path, kept)
    path.symlink_to("/proc/self/mem")
    return kept


def make_readable(path: Path, kept: Path) -> None:
    path.unlink()
    os.rename(kept, path)


# ---- item 6 -----------------------------------------------------------------------------

def test_an_unreadable_file_is_index_corrupt(tmp_path: Path) -> None:
    root = tmp_path / "index"
    build = build_index(CORPUS, root, HashEmbedder())
    kept = make_unreadable(build / "chunks.faiss")
    with pytest.raises(IndexCorruptError) as caught:
        load_readable(root)
    assert "cannot be read" in str(caught.value) and f"qa build --out {root}" in str(caught.value)
    make_readable(build / "chunks.faiss", kept)
    assert load_readable(root).chunks


@pytest.mark.slow
def test_the_cli_exits_4_on_an_unreadable_file(index_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(index_root, root, symlinks=True)
    make_unreadable(resolve_build(root) / "chunks.faiss")
    result = subprocess.run([sys.executable, "-m", "qa.cli", "search", "老年助餐", "--index",
                             str(root)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr and f"qa build --out {root}" in result.stderr


@pytest.mark.slow
def test_the_server_recovers_when_the_file_is_readable_again(
        server_factory, index_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(index_root, root, symlinks=True)
    path = resolve_build(root) / "chunks.faiss"
    kept = make_unreadable(path)
    server = server_factory(root=root, env={"QA_LOAD_RETRY_S": "0.5"}, wait="/healthz")
    deadline = time.monotonic() + 60
    while (reply := httpx.get(server.url + "/readyz")).json()["error"]["code"] == "not_ready":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert_error(reply, 503, "index_corrupt")
    make_readable(path, kept)
    server.wait_ready(timeout=60)  # no restart
    assert httpx.get(server.url + "/readyz").json()["fallback"] is None


# ---- item 7 -----------------------------------------------------------------------------

def test_pruning_keeps_the_rolled_back_build_not_a_newer_corrupt_one(tmp_path: Path) -> None:
    root = tmp_path / "index"
    good = build_index(CORPUS, root, HashEmbedder())
    bad = build_index(CORPUS, root, HashEmbedder())
    (bad / "chunks.faiss").write_bytes(b"broken")
    point_current(root, good)  # the operator rolls back to the good build
    new = build_index(CORPUS, root, HashEmbedder())  # the next reindex
    kept = sorted(p.name for p in (root / "builds").iterdir())
    assert kept == sorted([good.name, new.name])
    assert load_index(good).chunks  # the rollback target is still whole


def test_pruning_keeps_the_previous_build_it_served(tmp_path: Path) -> None:
    root = tmp_path / "index"
    first = build_index(CORPUS, root, HashEmbedder())
    second = build_index(CORPUS, root, HashEmbedder())
    point_current(root, first)
    third = build_index(CORPUS, root, HashEmbedder())
    assert sorted(p.name for p in (root / "builds").iterdir()) == sorted([first.name,
                                                                          third.name])
    assert not second.exists()


# ---- item 8 -----------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["corrupt-file", "dangling-current"])
def test_a_broken_current_falls_back_to_the_newest_build_that_verifies(
        tmp_path: Path, how: str) -> None:
    root = tmp_path / "index"
    older = build_index(CORPUS, root, HashEmbedder())
    broken = build_index(CORPUS, root, HashEmbedder())  # current
    newer = root / "builds" / (broken.name + "-copy")  # the newest name, but does not verify
    shutil.copytree(older, newer)
    (newer / "terms.json").write_text("{}")
    if how == "corrupt-file":
        (broken / "chunks.faiss").write_bytes(b"broken")
    else:
        shutil.rmtree(broken)
    loaded = load_served(root)
    assert loaded.index.path == older
    assert loaded.fallback and older.name in loaded.fallback and "qa build" in loaded.fallback
    error = IndexCorruptError if how == "corrupt-file" else IndexMissingError
    with pytest.raises(error):
        load_index(root)  # `current` itself is still refused


def test_no_fallback_when_current_loads_or_nothing_verifies(tmp_path: Path) -> None:
    root = tmp_path / "index"
    build = build_index(CORPUS, root, HashEmbedder())
    assert load_served(root).fallback is None
    (build / "chunks.faiss").write_bytes(b"broken")
    with pytest.raises(IndexCorruptError):
        load_served(root)


@pytest.mark.slow
def test_the_server_says_it_serves_a_fallback_then_returns_to_current(
        server_factory, index_root: Path, tmp_path: Path) -> None:
    root = tmp_path / "index"
    shutil.copytree(index_root, root, symlinks=True)
    current = resolve_build(root)
    shutil.copytree(current, root / "builds" / "00000000T000000000000-older")
    kept = make_unreadable(current / "clauses.faiss")
    server = server_factory(root=root, env={"QA_LOAD_RETRY_S": "0.5"})
    ready = httpx.get(server.url + "/readyz").json()
    assert ready["index"] == "00000000T000000000000-older", ready
    assert "index_corrupt" in ready["fallback"] and str(root) not in ready["fallback"]
    warned = [line for line in server.log_lines() if "fallback" in line.get("msg", "")]
    assert warned and warned[0]["level"] == "warning"
    assert httpx.post(server.url + "/v1/ask", json={"question": "老年助餐机构有多少个？"},
                      timeout=60).status_code == 200
    make_readable(current / "clauses.faiss", kept)
    deadline = time.monotonic() + 60
    while (ready := httpx.get(server.url + "/readyz").json())["fallback"] is not None:
        assert time.monotonic() < deadline, ready
        time.sleep(0.3)
    assert ready["index"] == current.name
