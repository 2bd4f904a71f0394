"""Issue 15 findings checked in process (the app with a stand-in service, no server):
paths kept out of open replies, keys, strict JSON bodies, the published limits, 405s."""

from __future__ import annotations

import json
import re
import time

import pytest
from pydantic import ValidationError

from api.openapi import QUESTION_PATTERN
from api.redact import public
from qa.errors import IndexMissingError
from qa.index import Index
from qa.settings import Settings

from .api_helpers import assert_error
from .test_api_units import FlakyService, client_for, wait_ready

API_KEY = "api-key-3c1f9a7be25d4e60"
ADMIN_KEY = "admin-key-9e8d7c6b5a4f3e2d"


# ---- item 9: no absolute paths in open replies ---------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("There is no index at /srv/qa/index. Build it with `qa build --out /srv/qa/index`.",
     "There is no index at …/index. Build it with `qa build --out …/index`."),
    ("Index file /a/b/builds/x/chunks.json is missing.", "Index file …/chunks.json is missing."),
    ("st:/models/e5-small", "st:…/e5-small"),
    ("see http://example.gov.cn/a/b and index/current", "see http://example.gov.cn/a/b and "
     "index/current"),
])
def test_public_messages_hide_absolute_paths(text: str, shown: str) -> None:
    assert public(text) == shown


def test_readyz_and_healthz_show_no_absolute_path(tmp_path) -> None:
    missing = IndexMissingError(f"There is no index at {tmp_path}/index. Build it with "
                                f"`qa build --out {tmp_path}/index`.")
    with client_for(missing, embedder=f"{tmp_path}/models/e5", load_retry_s=0) as client:
        for _ in range(250):
            if client.get("/healthz").json()["status"] == "failed":
                break
            time.sleep(0.02)
        for path in ("/readyz", "/healthz", "/v1/search?q=x"):
            reply = client.get(path)
            assert str(tmp_path) not in reply.text, (path, reply.text)
        error = assert_error(client.get("/readyz"), 503, "index_missing")
        assert "qa build --out …/index" in error["message"]


# ---- item 12: keys ---------------------------------------------------------------------

@pytest.mark.parametrize("key", ["a" * 16, "ab" * 12, "0000000000000000000001"])
def test_a_key_of_few_distinct_characters_is_refused(key: str) -> None:
    for name in ("api_key", "admin_key"):
        with pytest.raises(ValidationError) as caught:
            Settings(**{name: key})
        assert key not in str(caught.value) and "different" in str(caught.value)


def test_the_api_key_may_not_be_the_admin_key() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(api_key=API_KEY, admin_key=API_KEY)
    assert API_KEY not in str(caught.value) and "QA_ADMIN_KEY" in str(caught.value)
    assert Settings(api_key=API_KEY, admin_key=ADMIN_KEY).admin_key == ADMIN_KEY


# ---- item 13: strict JSON bodies -------------------------------------------------------

@pytest.fixture(scope="module")
def client(index: Index):
    with client_for(FlakyService(index)) as client:
        wait_ready(client)
        yield client


def post(client, body: bytes, content_type: str = "application/json"):
    return client.post("/v1/ask", content=body, headers={"Content-Type": content_type})


def test_a_repeated_json_key_is_refused(client) -> None:
    error = assert_error(post(client, b'{"question": "\xe9\x97\xae", "question": "x"}'), 422,
                         "invalid_input")
    assert "'question'" in error["message"] and "once" in error["message"]
    assert_error(post(client, b'{"question": "q", "k": 3, "k": 4}'), 422, "invalid_input")
    assert post(client, b'{"question": "q", "k": 3}').status_code == 200


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32", "utf-8-sig"])
def test_a_json_body_not_in_plain_utf8_is_refused(client, encoding: str) -> None:
    body = json.dumps({"question": "老年助餐"}, ensure_ascii=False).encode(encoding)
    reply = post(client, body)
    assert reply.status_code == 400, (encoding, reply.text)
    assert_error(reply, 400)
    assert reply.json()["error"]["code"] in ("invalid_encoding", "invalid_json")


def test_strict_json_applies_to_json_media_types_only(client) -> None:
    body = b'{"question": "q", "question": "x"}'
    assert_error(post(client, body, "application/problem+json"), 422, "invalid_input")
    assert_error(post(client, body, "application/json; charset=utf-8"), 422, "invalid_input")
    assert_error(post(client, body, "text/plain"), 422, "invalid_input")  # not JSON at all


# ---- item 14: the published limits, 405 before keys --------------------------------------

def test_the_schema_publishes_the_enforced_limits(index: Index) -> None:
    with client_for(FlakyService(index), max_question_chars=300, max_k=12) as client:
        schema = client.get("/openapi.json").json()
    question = schema["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert (question["minLength"], question["maxLength"]) == (1, 300)
    assert question["pattern"] == QUESTION_PATTERN
    k = schema["components"]["schemas"]["AskRequest"]["properties"]["k"]
    assert (k["minimum"], k["maximum"]) == (1, 12)
    params = {p["name"]: p["schema"] for p in schema["paths"]["/v1/search"]["get"]["parameters"]}
    assert params["q"]["maxLength"] == 300 and params["k"]["maximum"] == 12
    assert "HTTPValidationError" not in json.dumps(schema)  # every error is the error shape
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert {"400", "405"} <= set(operation["responses"])


@pytest.mark.parametrize(("question", "valid"), [
    ("老年助餐", True), ("  padded  ", True), ("line\nbreak\ttab", True), ("", False),
    ("   ", False), ("\u3000\n", False), ("nul\x00", False), ("esc\x1b[0m", False),
    ("c1\x9b", False), ("nel\x85ok", True),
])
def test_the_question_pattern_agrees_with_the_server(client, question: str,
                                                     valid: bool) -> None:
    assert bool(re.search(QUESTION_PATTERN, question)) is valid
    reply = client.post("/v1/ask", json={"question": question})
    assert (reply.status_code == 200) is valid, (question, reply.text)


def test_length_counts_the_question_as_sent(client) -> None:
    assert client.post("/v1/ask", json={"question": "问" * 500}).status_code == 200
    assert_error(client.post("/v1/ask", json={"question": " " + "问" * 500}), 422)


def test_k_as_a_whole_json_number_is_accepted_but_not_as_text(client) -> None:
    assert client.post("/v1/ask", json={"question": "问", "k": 3.0}).status_code == 200
    for k in ("3", 3.5, True):
        assert_error(client.post("/v1/ask", json={"question": "问", "k": k}), 422)


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_unsupported_methods_get_405_even_on_admin(index: Index, method: str) -> None:
    with client_for(FlakyService(index), api_key=API_KEY) as client:
        for path in ("/v1/admin/reindex", "/v1/ask"):
            assert_error(client.request(method, path), 405, "method_not_allowed")
        assert_error(client.get("/v1/admin/reindex"), 403, "admin_disabled")


# ---- item 20: what the chunk endpoint and the schema say ------------------------------------

def test_a_chunk_has_no_score_and_the_schema_names_every_content_type(client) -> None:
    chunk = client.get("/v1/chunks/p3-s3-m3").json()
    assert "score" not in chunk and {"start", "end", "text", "label"} <= set(chunk)
    schema = client.get("/openapi.json").json()
    assert "score" not in schema["components"]["schemas"]["ChunkOut"]["properties"]
    paths = schema["paths"]
    assert set(paths["/"]["get"]["responses"]["200"]["content"]) == {"text/html"}
    assert set(paths["/widget.js"]["get"]["responses"]["200"]["content"]) == {"text/javascript"}
    assert client.get("/").headers["content-type"].startswith("text/html")
    assert client.get("/widget.js").headers["content-type"].startswith("text/javascript")
    chunk_422 = paths["/v1/chunks/{chunk_id}"]["get"]["responses"]["422"]
    assert chunk_422["description"] != "Validation Error"
    assert chunk_422["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorResponse"}


# ---- item 4: the rate limit with workers, IPv6, proxies ------------------------------------

@pytest.mark.parametrize(("host", "bucket"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),  # the same /64: the same bucket
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("unix-socket", "unix-socket"),
])
def test_clients_are_bucketed_by_ip_and_ipv6_by_64(host: str, bucket: str) -> None:
    from api.access import client_id

    assert client_id({"client": (host, 1234)}) == bucket


def test_the_limit_is_divided_between_workers() -> None:
    from api.access import per_worker

    assert per_worker(60, 5, 1) == (60, 5)
    assert per_worker(60, 5, 2) == (30, 2)  # 2 workers × 2 ≤ 5
    assert per_worker(1, 1, 4) == (1, 1)  # never 0: a limit, not a ban
    assert per_worker(0, 20, 4) == (0, 20)  # off stays off


def test_the_rate_limit_remembers_a_bounded_number_of_clients(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import api.access as access

    monkeypatch.setattr(access, "MAX_CLIENTS", 100)
    bucket = access.TokenBucket(per_min=60, burst=2)
    for n in range(1000):
        bucket.take(f"client-{n}")
    assert len(bucket) == 100  # the least recently seen were forgotten
