"""qa/corpus_store.py: which files the service builds (QA_CORPUS + uploads − deleted), upload
names, staging and atomic writes. No model, no index: files the tests write."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from qa.corpus_store import (
    EXCLUDED,
    STAGING_PREFIX,
    CorpusStore,
    FileTooLargeError,
    InvalidFileNameError,
    UnsupportedFileTypeError,
    corpus_paths,
    safe_file_name,
)
from qa.errors import CorpusError
from qa.ingest import load_corpus
from qa.settings import Settings


def write(path: Path, text: str = "关于某项工作的报告\n一、总体情况\n全年完成任务。\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def store(tmp_path: Path) -> CorpusStore:
    corpus = tmp_path / "corpus"
    for name in ("alpha.txt", "beta.md", "sub/gamma.txt"):
        write(corpus / name)
    return CorpusStore((corpus,), tmp_path / "index" / "uploads")


def ids(paths: list[Path]) -> list[str]:
    """The doc_ids a build of paths reads, as the build reads them."""
    docs, _ = load_corpus(paths)
    return sorted(doc.doc_id for doc in docs)


def upload(store: CorpusStore, name: str, text: str = "上传的报告\n一、情况\n新建公园12个。\n"
           ) -> Path:
    staged = store.stage(safe_file_name(name), io.BytesIO(text.encode("utf-8")), 1 << 20)
    return store.commit(staged)


def test_without_uploads_or_deletions_the_corpus_is_qa_corpus_as_given(
        store: CorpusStore) -> None:
    assert store.paths() == list(store.corpus)  # a folder stays a folder (the index's name)
    assert not store.upload_dir.exists()  # reading creates nothing


def test_uploads_are_added_and_shadow_a_corpus_document_of_the_same_id(
        store: CorpusStore) -> None:
    upload(store, "delta.txt")
    assert store.paths() == [*store.corpus, store.upload_dir / "delta.txt"]
    assert ids(store.paths()) == ["alpha", "beta", "delta", "gamma"]
    upload(store, "alpha.md", "新版本的报告\n一、情况\n新建公园13个。\n")  # replaces alpha.txt
    paths = store.paths()
    assert store.upload_dir / "alpha.md" in paths and store.corpus[0] not in paths
    docs, _ = load_corpus(paths)  # no duplicate id, and alpha is the upload
    assert sorted(d.doc_id for d in docs) == ["alpha", "beta", "delta", "gamma"]
    assert "13个" in next(d.text for d in docs if d.doc_id == "alpha")


def test_a_new_upload_replaces_the_upload_of_the_same_id_whatever_its_suffix(
        store: CorpusStore) -> None:
    upload(store, "delta.txt")
    upload(store, "delta.html",
           "<html><body><h1>网页版报告</h1><p>新建公园14个。</p></body></html>")
    assert [p.name for p in store.uploads()] == ["delta.html"]
    assert store.uploaded("delta") == [store.upload_dir / "delta.html"]


def test_deleting_an_upload_removes_its_file_and_excludes_nothing(store: CorpusStore) -> None:
    upload(store, "delta.txt")
    removal = store.remove("delta")
    assert removal.deleted == ("delta.txt",) and not removal.excluded
    assert store.uploads() == [] and store.excluded() == frozenset()
    assert store.paths() == list(store.corpus)


def test_deleting_a_corpus_document_excludes_it_without_touching_qa_corpus(
        store: CorpusStore) -> None:
    corpus = store.corpus[0]
    before = {p: p.stat().st_mtime_ns for p in corpus.rglob("*")}
    removal = store.remove("gamma")
    assert removal == removal.__class__(deleted=(), excluded=True)
    assert {p: p.stat().st_mtime_ns for p in corpus.rglob("*")} == before
    assert json.loads((store.upload_dir / EXCLUDED).read_text("utf-8")) == {"excluded": ["gamma"]}
    assert ids(store.paths()) == ["alpha", "beta"]
    store.remove("alpha")
    assert store.excluded() == {"alpha", "gamma"} and ids(store.paths()) == ["beta"]
    # Only the list and nothing else is in the uploads folder (written via a temp file).
    assert sorted(p.name for p in store.upload_dir.iterdir()) == [EXCLUDED]


def test_deleting_an_upload_that_shadows_a_corpus_document_removes_both(
        store: CorpusStore) -> None:
    upload(store, "alpha.txt")
    removal = store.remove("alpha")
    assert removal.deleted == ("alpha.txt",) and removal.excluded
    assert ids(store.paths()) == ["beta", "gamma"]


def test_an_upload_wins_over_an_exclusion_of_its_id(store: CorpusStore) -> None:
    store.remove("alpha")
    upload(store, "alpha.txt", "重新上传的报告\n一、情况\n新建公园15个。\n")
    docs, _ = load_corpus(store.paths())
    assert [d.path.parent for d in docs if d.doc_id == "alpha"] == [store.upload_dir]


def test_settings_give_the_same_corpus_to_every_caller(tmp_path: Path) -> None:
    corpus = write(tmp_path / "data" / "seed.txt").parent
    settings = Settings(index_dir=tmp_path / "index", corpus=(corpus,))
    assert settings.uploads_folder == tmp_path / "index" / "uploads"
    store = CorpusStore.of(settings)
    upload(store, "extra.txt")
    assert corpus_paths(settings) == [corpus, tmp_path / "index" / "uploads" / "extra.txt"]
    elsewhere = Settings(index_dir=tmp_path / "index", corpus=(corpus,),
                         upload_dir=tmp_path / "kept")
    assert elsewhere.uploads_folder == tmp_path / "kept"
    assert corpus_paths(elsewhere) == [corpus]


def test_hidden_and_unsupported_files_in_the_uploads_folder_are_not_documents(
        store: CorpusStore) -> None:
    upload(store, "delta.txt")
    write(store.upload_dir / ".half-written.txt")
    write(store.upload_dir / "notes.csv")
    (store.upload_dir / f"{STAGING_PREFIX}1-x").mkdir()
    write(store.upload_dir / f"{STAGING_PREFIX}1-x" / "epsilon.txt")
    assert [p.name for p in store.uploads()] == ["delta.txt"]


@pytest.mark.parametrize(("sent", "stored"), [
    ("report.txt", "report.txt"),
    ("2026_湖北省_政府工作报告.PDF", "2026_湖北省_政府工作报告.PDF"),
    ("C:\\Users\\me\\报告.docx", "报告.docx"),  # old browsers send the whole path
    ("dir/sub/report.md", "report.md"),
    (".hidden.txt", "hidden.txt"),
    ("  ..report.html ", "report.html"),
])
def test_upload_names_lose_path_parts_and_leading_dots(sent: str, stored: str) -> None:
    assert safe_file_name(sent) == stored


@pytest.mark.parametrize("sent", [
    None, "", "   ", "../report.txt", "a/../../etc/report.txt", "..\\report.txt", "/", "...",
    "a\x00b.txt", "line\nbreak.txt", "a:b.txt", "a,b.txt", "~$locked.docx", ".txt",
    "x" * 201 + ".txt",
])
def test_unusable_upload_names_are_refused(sent: str | None) -> None:
    with pytest.raises((InvalidFileNameError, UnsupportedFileTypeError)) as caught:
        safe_file_name(sent)
    assert caught.value.http_status in (415, 422) and str(caught.value)


@pytest.mark.parametrize("sent", ["data.csv", "program.exe", "archive.tar.gz", "noext",
                                  "report.txt.exe"])
def test_unsupported_types_are_415(sent: str) -> None:
    with pytest.raises(UnsupportedFileTypeError) as caught:
        safe_file_name(sent)
    assert caught.value.http_status == 415 and ".docx" in str(caught.value)


def test_a_file_over_the_limit_is_refused_and_leaves_nothing(store: CorpusStore) -> None:
    with pytest.raises(FileTooLargeError) as caught:
        store.stage("big.txt", io.BytesIO(b"a" * 5000), limit=4096)
    assert caught.value.http_status == 413
    assert list(store.upload_dir.iterdir()) == []
    staged = store.stage("fits.txt", io.BytesIO(b"a" * 4096), limit=4096)
    assert staged.read_bytes() == b"a" * 4096 and store.uploads() == []  # not yet a document
    store.discard(staged)
    assert list(store.upload_dir.iterdir()) == []


def test_staging_left_by_a_dead_process_is_removed(store: CorpusStore) -> None:
    store.upload_dir.mkdir(parents=True)
    dead = store.upload_dir / f"{STAGING_PREFIX}999999999-abc"
    mine = store.upload_dir / f"{STAGING_PREFIX}{os.getpid()}-abc"
    dead.mkdir()
    mine.mkdir()
    store.discard(store.stage("x.txt", io.BytesIO(b"x"), 10))
    assert not dead.exists() and mine.exists()


def test_only_staged_files_can_be_committed_or_discarded(store: CorpusStore,
                                                         tmp_path: Path) -> None:
    stray = write(tmp_path / "elsewhere" / "stray.txt")
    with pytest.raises(ValueError):
        store.commit(stray)
    with pytest.raises(ValueError):
        store.discard(stray)
    assert stray.exists()


@pytest.mark.parametrize("text", ["{not json", "[]", '{"excluded": "alpha"}',
                                  '{"excluded": [1]}'])
def test_a_broken_list_of_deletions_is_a_corpus_error_that_says_what_to_do(
        store: CorpusStore, text: str) -> None:
    write(store.upload_dir / EXCLUDED, text)
    with pytest.raises(CorpusError) as caught:
        store.paths()
    assert EXCLUDED in str(caught.value) and "delete it" in str(caught.value)
