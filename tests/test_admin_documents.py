"""POST /v1/admin/documents and DELETE /v1/admin/documents/{doc_id}.

In process first (a stand-in embedder, so no model): refusals that change nothing, 409s, a
failed rebuild, the body limit of the upload route alone, the OpenAPI description. Then a
real `qa serve` on 127.0.0.1 with the bundled model: an upload and a deletion while four
clients query (every reply 200, each wholly from the old build or wholly from the new one),
bad input, and a restart that keeps what was uploaded and deleted. The tests write their own
small documents, so every build is quick.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import api.reindex
from api.app import create_app
from qa.build import build_index
from qa.corpus_store import EXCLUDED
from qa.index import load_index
from qa.service import QAService
from qa.settings import Settings

from .api_helpers import assert_error
from .conftest import Server
from .fakes import HashEmbedder

ADMIN_KEY = "admin-key-for-document-tests-7731"
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}
ALPHA = """2026年江城市政府工作报告
一、过去一年的工作
（一）城市建设
全市新建口袋公园120个，改造老旧小区300个。
（二）民生保障
新增城镇就业岗位8.5万个，城镇调查失业率5.1%。
二、今年的主要任务
推进城市更新，建设韧性城市。
"""
GAMMA = """江城市交通运输局关于公交工作的通报
一、线路优化
全年新开公交线路15条，优化调整公交线路40条。
二、场站建设
建成公交首末站6座。
"""


def beta(spaces: int = 5200) -> str:
    return f"""江城市停车设施建设情况的报告
一、泊位建设
全年新增智慧停车泊位{spaces}个，其中公共停车场泊位3100个。
二、收费管理
推行停车收费电子支付，覆盖全部公共停车场。
"""


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (folder / "gamma.txt").write_text(GAMMA, encoding="utf-8")
    return folder


def txt(name: str, text: str) -> dict[str, tuple[str, bytes]]:
    return {"file": (name, text.encode("utf-8"))}


def visible(folder: Path) -> dict[str, bytes]:
    """The files of a folder that count (hidden staging and temp files aside)."""
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and (not p.name.startswith(".") or p.name == EXCLUDED)}


# In process, with a stand-in embedder.

@pytest.fixture()
def app_env(tmp_path: Path) -> Iterator[tuple[TestClient, Settings]]:
    embedder = HashEmbedder()
    corpus = make_corpus(tmp_path / "corpus")
    build_index([corpus], tmp_path / "index", embedder)
    settings = Settings(index_dir=tmp_path / "index", corpus=(corpus,), admin_key=ADMIN_KEY,
                        max_upload_bytes=4096, max_body_bytes=1024)
    app = create_app(settings, load=lambda s: QAService(load_index(s.index_dir), embedder))
    with TestClient(app, raise_server_exceptions=False) as client:
        for _ in range(200):
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.02)
        yield client, settings


def wait_done(get: Callable[[], dict[str, Any]], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while (status := get())["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    return status


def doc_ids(reply: dict[str, Any]) -> list[str]:
    return sorted(d["doc_id"] for d in reply["documents"])


def test_upload_then_delete_in_process(app_env: tuple[TestClient, Settings]) -> None:
    client, settings = app_env
    started = client.post("/v1/admin/documents", headers=ADMIN, files=txt("beta.txt", beta()))
    assert started.status_code == 202, started.text
    assert started.json() | {"started_at": None, "request_id": None} == {
        "status": "running", "action": "upload", "doc_id": "beta", "started_at": None,
        "finished_at": None, "build": None, "request_id": None, "error": None}
    done = wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())
    assert done["status"] == "succeeded" and done["action"] == "upload"
    assert doc_ids(client.get("/v1/documents").json()) == ["alpha", "beta", "gamma"]
    assert visible(settings.uploads_folder) == {"beta.txt": beta().encode()}

    assert client.delete("/v1/admin/documents/gamma", headers=ADMIN).status_code == 202
    done = wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())
    assert (done["status"], done["action"], done["doc_id"]) == ("succeeded", "delete", "gamma")
    assert doc_ids(client.get("/v1/documents").json()) == ["alpha", "beta"]
    # The last document cannot go: the index would be empty, which no build can make.
    assert client.delete("/v1/admin/documents/beta", headers=ADMIN).status_code == 202
    wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())
    before = visible(settings.uploads_folder)
    assert_error(client.delete("/v1/admin/documents/alpha", headers=ADMIN), 409, "last_document")
    assert visible(settings.uploads_folder) == before
    assert doc_ids(client.get("/v1/documents").json()) == ["alpha"]


def test_refused_uploads_change_nothing_in_process(app_env: tuple[TestClient, Settings]) -> None:
    client, settings = app_env
    build = client.get("/readyz").json()["index"]
    cases = [
        ({"files": txt("beta.exe", beta())}, 415, "unsupported_file_type"),
        ({"files": txt("../beta.txt", beta())}, 422, "invalid_filename"),
        ({"files": txt("", beta())}, 422, None),  # no file name: not a file field at all
        ({"files": txt("beta.txt", "   \n")}, 422, "document_unreadable"),
        ({"files": {"file": ("beta.docx", b"PK\x03\x04 not a zip")}}, 422, "document_unreadable"),
        ({"files": txt("beta.txt", "停" * 2000)}, 413, "file_too_large"),  # 6000 bytes > 4096
        ({"files": txt("alpha.txt", beta())}, 409, "document_exists"),
        ({"data": {"note": "no file"}}, 422, "invalid_input"),
        ({"json": {"file": "beta.txt"}}, 422, "invalid_input"),
    ]
    for request, status, code in cases:
        assert_error(client.post("/v1/admin/documents", headers=ADMIN, **request), status, code)
    assert_error(client.post("/v1/admin/documents", content=b"--x\r\nbroken", headers={
        **ADMIN, "Content-Type": "multipart/form-data"}), 400, "invalid_form")  # no boundary
    assert_error(client.post("/v1/admin/documents?replace=true&replace=false", headers=ADMIN,
                             files=txt("beta.txt", beta())), 422, "invalid_input")
    assert_error(client.post("/v1/admin/documents", files=txt("beta.txt", beta())), 401)
    assert_error(client.delete("/v1/admin/documents/nope", headers=ADMIN), 404, "not_found")
    assert_error(client.delete("/v1/admin/documents/alpha"), 401)
    assert visible(settings.uploads_folder) == {}
    assert [p.name for p in settings.uploads_folder.iterdir()] == []  # staging removed
    assert client.get("/v1/admin/reindex", headers=ADMIN).json()["status"] == "idle"
    assert client.get("/readyz").json()["index"] == build


def test_only_the_upload_route_takes_a_large_body(app_env: tuple[TestClient, Settings]) -> None:
    client, _ = app_env
    big = {"question": "停车泊位" + " " * 2000}  # 2 KB > QA_MAX_BODY_BYTES (1 KB here)
    assert_error(client.post("/v1/ask", json=big), 413, "body_too_large")
    for method, path in (("POST", "/v1/admin/reindex"), ("DELETE", "/v1/admin/documents/gamma"),
                         ("POST", "/v1/admin/documents/")):
        assert_error(client.request(method, path, headers=ADMIN, content=b"x" * 2000), 413,
                     "body_too_large")
    accepted = client.post("/v1/admin/documents", headers=ADMIN,
                           files=txt("beta.txt", beta() + "补充说明。" * 100))  # 2.5 KB
    assert accepted.status_code == 202, accepted.text
    assert wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())[
        "status"] == "succeeded"
    error = assert_error(client.post("/v1/admin/documents", headers=ADMIN,
                                     files=txt("big.txt", "a" * 100_000)), 413, "body_too_large")
    assert "QA_MAX_UPLOAD_BYTES" in error["message"]


def test_changes_wait_for_a_running_rebuild_and_a_failed_one_keeps_the_old_build(
        app_env: tuple[TestClient, Settings], monkeypatch: pytest.MonkeyPatch) -> None:
    client, settings = app_env
    release, real = threading.Event(), api.reindex.build_service

    def slow_build(settings: Settings, embedder: Any) -> QAService:
        release.wait(30)
        return real(settings, embedder)

    monkeypatch.setattr(api.reindex, "build_service", slow_build)
    build = client.get("/readyz").json()["index"]
    assert client.post("/v1/admin/reindex", headers=ADMIN).status_code == 202
    try:
        assert_error(client.post("/v1/admin/documents", headers=ADMIN,
                                 files=txt("beta.txt", beta())), 409, "reindex_running")
        assert_error(client.delete("/v1/admin/documents/gamma", headers=ADMIN), 409,
                     "reindex_running")
        assert visible(settings.uploads_folder) == {}
    finally:
        release.set()
    assert wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())[
        "status"] == "succeeded"

    def failing_build(settings: Settings, embedder: Any) -> QAService:
        raise api.reindex.QAError("the disk is full")

    monkeypatch.setattr(api.reindex, "build_service", failing_build)
    build = client.get("/readyz").json()["index"]
    assert client.post("/v1/admin/documents", headers=ADMIN,
                       files=txt("beta.txt", beta())).status_code == 202
    failed = wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())
    assert failed["status"] == "failed" and failed["error"]["message"] == "the disk is full"
    assert client.get("/readyz").json()["index"] == build  # the old build is still served
    assert doc_ids(client.get("/v1/documents").json()) == ["alpha", "gamma"]
    # The upload is kept for the next rebuild, and can be taken back though not served.
    assert visible(settings.uploads_folder) == {"beta.txt": beta().encode()}
    monkeypatch.setattr(api.reindex, "build_service", real)
    assert client.delete("/v1/admin/documents/beta", headers=ADMIN).status_code == 202
    assert wait_done(lambda: client.get("/v1/admin/reindex", headers=ADMIN).json())[
        "status"] == "succeeded"
    assert visible(settings.uploads_folder) == {}
    assert doc_ids(client.get("/v1/documents").json()) == ["alpha", "gamma"]


def test_the_openapi_schema_describes_both_endpoints(app_env: tuple[TestClient, Settings]
                                                     ) -> None:
    client, _ = app_env
    schema = client.get("/openapi.json").json()
    upload = schema["paths"]["/v1/admin/documents"]["post"]
    delete = schema["paths"]["/v1/admin/documents/{doc_id}"]["delete"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"202", "400", "401", "403", "409", "413", "415", "422", "503"} <= set(
        upload["responses"])
    assert {"202", "401", "403", "404", "409", "503"} <= set(delete["responses"])
    assert "QA_MAX_UPLOAD_BYTES" in upload["description"] and "replace" in str(upload)
    assert "excluded" in delete["description"]


# A real server with the bundled model.

QUESTION = "新增智慧停车泊位多少个？"


class Live:
    """A `qa serve` over its own corpus and index, restartable with the same settings."""

    def __init__(self, tmp: Path) -> None:
        self.corpus = make_corpus(tmp / "corpus")
        self.root = tmp / "index"
        self.env = {"QA_CORPUS": str(self.corpus), "QA_ADMIN_KEY": ADMIN_KEY,
                    "QA_REBUILD_ON_START": "1", "QA_CACHE_SIZE": "0",
                    "QA_MAX_UPLOAD_BYTES": "8192", "QA_LOAD_RETRY_S": "0.5"}
        self.server: Server | None = None

    def start(self) -> Server:
        self.server = Server(self.root, env=self.env)
        self.server.wait_ready(timeout=300)
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def status(self) -> dict[str, Any]:
        return dict(httpx.get(self.url + "/v1/admin/reindex", headers=ADMIN, timeout=30).json())

    def documents(self) -> list[str]:
        return doc_ids(httpx.get(self.url + "/v1/documents", timeout=30).json())

    def change(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """Start an upload or deletion (202) and wait until its rebuild succeeded."""
        response = httpx.request(method, self.url + path, headers=ADMIN, timeout=60, **kwargs)
        assert response.status_code == 202, response.text
        done = wait_done(self.status, timeout=300)
        assert done["status"] == "succeeded", done
        return done


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    live = Live(tmp_path_factory.mktemp("admin-documents"))
    live.start()
    try:
        yield live
    finally:
        live.stop()


@pytest.mark.slow
def test_bad_uploads_and_deletes_are_4xx_and_change_nothing(live: Live) -> None:
    before = (live.documents(), httpx.get(live.url + "/readyz").json()["index"], live.status(),
              visible(live.root / "uploads"), visible(live.corpus))
    assert before[0] == ["alpha", "gamma"]
    post = live.url + "/v1/admin/documents"
    for files, status, code in [
        (txt("beta.csv", beta()), 415, "unsupported_file_type"),
        (txt("..", beta()), 422, "invalid_filename"),
        (txt("a/../../beta.txt", beta()), 422, "invalid_filename"),
        (txt("beta.txt", ""), 422, "document_unreadable"),
        ({"file": ("beta.pdf", b"%PDF-1.4\n%%EOF garbage")}, 422, "document_unreadable"),
        (txt("beta.txt", "停" * 3000), 413, "file_too_large"),  # 9000 bytes > 8192
        (txt("beta.txt", "停" * 100_000), 413, "body_too_large"),  # refused unread
        (txt("gamma.txt", beta()), 409, "document_exists"),
    ]:
        assert_error(httpx.post(post, headers=ADMIN, files=files, timeout=60), status, code)
    assert_error(httpx.post(post, files=txt("beta.txt", beta())), 401, "unauthorized")
    assert_error(httpx.post(post, headers=ADMIN, data={"x": "1"}), 422, "invalid_input")
    assert_error(httpx.delete(live.url + "/v1/admin/documents/nope", headers=ADMIN), 404,
                 "not_found")
    assert_error(httpx.delete(live.url + "/v1/admin/documents/%2e%2e%2fgamma", headers=ADMIN),
                 404)
    # Other routes keep the 16 KB body limit.
    assert_error(httpx.post(live.url + "/v1/ask", json={"question": "停" * 9000}), 413,
                 "body_too_large")
    after = (live.documents(), httpx.get(live.url + "/readyz").json()["index"], live.status(),
             visible(live.root / "uploads"), visible(live.corpus))
    assert after == before


def normalised(kind: str, reply: dict[str, Any]) -> Any:
    """What a reply says, scores aside (a build gives the same reply every time)."""
    if kind == "documents":
        return reply
    if kind == "search":
        return [(p["chunk_id"], p["label"], p["text"]) for p in reply["results"]]
    return (reply["answer"], reply["answerable"],
            [(c["chunk_id"], c["quote"]) for c in reply["citations"]],
            [p["chunk_id"] for p in reply["passages"]])


REQUESTS: dict[str, Callable[[httpx.Client], httpx.Response]] = {
    "ask": lambda c: c.post("/v1/ask", json={"question": QUESTION, "k": 3}),
    "search": lambda c: c.get("/v1/search", params={"q": "智慧停车泊位", "k": 4}),
    "documents": lambda c: c.get("/v1/documents"),
    "ask-parks": lambda c: c.post("/v1/ask", json={"question": "新建口袋公园多少个？", "k": 2}),
}


def references(url: str) -> dict[str, Any]:
    with httpx.Client(base_url=url, timeout=60) as client:
        return {kind: normalised(kind.split("-")[0], send(client).json())
                for kind, send in REQUESTS.items()}


def under_queries(live: Live, act: Callable[[], None]) -> None:
    """Run act while four clients query; every reply must be 200 and equal what the old
    build or the new build answers, and some must come while the rebuild runs."""
    old = references(live.url)
    replies: list[tuple[float, str, int, dict[str, Any]]] = []
    stop = threading.Event()

    def query(kind: str) -> None:
        with httpx.Client(base_url=live.url, timeout=120) as client:
            while not stop.is_set():
                response = REQUESTS[kind](client)
                replies.append((time.monotonic(), kind, response.status_code, response.json()))

    workers = [threading.Thread(target=query, args=(kind,)) for kind in REQUESTS]
    for worker in workers:
        worker.start()
    try:
        time.sleep(1.0)
        began = time.monotonic()
        act()
        finished = time.monotonic()
        time.sleep(1.0)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=120)
    new = references(live.url)
    assert replies and all(code == 200 for _, _, code, _ in replies), \
        [r for r in replies if r[2] != 200][:3]
    assert old["documents"] != new["documents"] and old["search"] != new["search"]
    mixed = [(kind, reply) for _, kind, _, reply in replies
             if normalised(kind.split("-")[0], reply) not in (old[kind], new[kind])]
    assert not mixed, mixed[:2]
    during = [kind for when, kind, _, _ in replies if began <= when <= finished]
    assert during, "no query ran while the index was rebuilt"
    seen = {(kind, normalised(kind.split("-")[0], reply) == new[kind])
            for _, kind, _, reply in replies}
    assert ("documents", False) in seen and ("documents", True) in seen
    last = [(kind, reply) for when, kind, _, reply in replies if when > finished + 0.5]
    assert last and all(normalised(kind.split("-")[0], reply) == new[kind]
                        for kind, reply in last)


def ask(live: Live, doc: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"question": QUESTION} | ({"doc": doc} if doc else {})
    response = httpx.post(live.url + "/v1/ask", json=body, timeout=60)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.slow
def test_upload_and_delete_swap_atomically_under_queries_and_survive_a_restart(
        live: Live) -> None:
    corpus_before = {p: p.stat().st_mtime_ns for p in live.corpus.rglob("*")}
    assert live.documents() == ["alpha", "gamma"]

    # Upload while four clients query.
    under_queries(live, lambda: live.change("POST", "/v1/admin/documents",
                                            files=txt("beta.txt", beta(5200))))
    assert live.documents() == ["alpha", "beta", "gamma"]
    answer = ask(live, doc="beta")
    assert answer["answerable"] and "5200" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} == {"beta"}

    # Replace it (another suffix); nothing else may change while that rebuild runs.
    response = httpx.post(live.url + "/v1/admin/documents?replace=true", headers=ADMIN,
                          files={"file": ("beta.md", beta(5300).encode())}, timeout=60)
    assert response.status_code == 202, response.text
    assert_error(httpx.delete(live.url + "/v1/admin/documents/gamma", headers=ADMIN), 409,
                 "reindex_running")
    assert wait_done(live.status, timeout=300)["status"] == "succeeded"
    assert "5300" in ask(live, doc="beta")["answer"]
    assert sorted(visible(live.root / "uploads")) == ["beta.md"]

    # Delete it while the clients query: gone after the swap.
    under_queries(live, lambda: live.change("DELETE", "/v1/admin/documents/beta"))
    assert live.documents() == ["alpha", "gamma"] and visible(live.root / "uploads") == {}
    assert_error(httpx.post(live.url + "/v1/ask", json={"question": QUESTION, "doc": "beta"}),
                 422)
    assert_error(httpx.delete(live.url + "/v1/admin/documents/beta", headers=ADMIN), 404)

    # A document of QA_CORPUS: excluded, its folder untouched.
    live.change("DELETE", "/v1/admin/documents/gamma")
    live.change("POST", "/v1/admin/documents", files=txt("beta.txt", beta(5200)))
    assert live.documents() == ["alpha", "beta"]
    assert {p: p.stat().st_mtime_ns for p in live.corpus.rglob("*")} == corpus_before
    assert json.loads(visible(live.root / "uploads")[EXCLUDED]) == {"excluded": ["gamma"]}
    served = httpx.get(live.url + "/readyz").json()["index"]

    # A restart (QA_REBUILD_ON_START=1) finds the index fresh, then a reindex keeps both.
    live.stop()
    live.start()
    assert live.documents() == ["alpha", "beta"]
    assert httpx.get(live.url + "/readyz").json()["index"] == served
    assert not [line for line in live.server.log_lines()  # type: ignore[union-attr]
                if line.get("msg") == "rebuilding the index"]
    live.change("POST", "/v1/admin/reindex")
    assert live.documents() == ["alpha", "beta"]
    assert "5200" in ask(live, doc="beta")["answer"]
