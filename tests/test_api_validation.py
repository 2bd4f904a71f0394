"""Every bad input to a real server gets its 4xx in the error shape, never a 500."""

from __future__ import annotations

import json
import random

import httpx
import pytest

from .api_helpers import assert_error

pytestmark = pytest.mark.slow


def post(server, body: bytes | str, content_type: str = "application/json") -> httpx.Response:
    content = body.encode("utf-8") if isinstance(body, str) else body
    return httpx.post(server.url + "/v1/ask", content=content, timeout=60,
                      headers={"Content-Type": content_type})


def ask(server, **fields) -> httpx.Response:
    return post(server, json.dumps(fields, ensure_ascii=False))


@pytest.mark.parametrize(("fields", "needle"), [
    ({"question": ""}, "question"),
    ({"question": "   \n\t "}, "empty"),
    ({"question": "老" * 501}, "501 characters"),
    ({"question": "问", "k": 0}, "k"),
    ({"question": "问", "k": 21}, "between 1 and 20"),
    ({"question": "问", "k": -3}, "k"),
    ({"question": "问", "k": "5"}, "k"),
    ({"question": "问", "k": 2.5}, "k"),
    ({"question": "问", "k": True}, "k"),
    ({"question": "问", "stream": "yes"}, "stream"),
    ({"question": 123}, "question"),
    ({"question": ["问"]}, "question"),
    ({"question": None}, "question"),
    ({"k": 5}, "question"),
    ({"question": "问", "top_k": 5}, "top_k"),
], ids=lambda value: str(value)[:30])
def test_ask_rejects_invalid_fields_with_422(api_server, fields: dict, needle: str) -> None:
    error = assert_error(ask(api_server, **fields), 422, "invalid_input")
    assert needle in error["message"]


@pytest.mark.parametrize("body", ["[1, 2]", '"question"', "null", "42", "{}"])
def test_ask_rejects_a_body_that_is_not_an_object_with_a_question(api_server, body) -> None:
    assert_error(post(api_server, body), 422, "invalid_input")


def test_limits_are_inclusive_and_measured_as_sent(api_server) -> None:
    """As the schema's maxLength says (api/openapi.py): padding counts."""
    assert ask(api_server, question="老" * 500, k=20).status_code == 200
    assert ask(api_server, question="  " + "老" * 497 + "\n", k=20).status_code == 200
    assert_error(ask(api_server, question="  " + "老" * 500 + "\n", k=20), 422)
    assert ask(api_server, question="老年助餐", k=1).status_code == 200


def test_ask_rejects_broken_json_and_bytes_that_are_not_utf8(api_server) -> None:
    assert_error(post(api_server, '{"question": "问"'), 400, "invalid_json")
    assert_error(post(api_server, "{'question': 'x'}"), 400, "invalid_json")
    assert_error(post(api_server, b'{"question": "\xff\xfe"}'), 400, "invalid_encoding")
    assert_error(post(api_server, b"[" * 8000 + b"]" * 8000), 400, "invalid_json")
    assert_error(post(api_server, b'{"question": "\\ud800"}'), 422, "invalid_input")
    assert_error(post(api_server, b'{"question": "ok", "k": NaN}'), 422, "invalid_input")


def test_ask_needs_a_json_content_type(api_server) -> None:
    error = assert_error(post(api_server, '{"question": "问"}', "text/plain"), 422)
    assert "application/json" in error["message"]


def test_body_over_the_limit_is_413_declared_or_chunked(api_server) -> None:
    big = json.dumps({"question": "问" * 10_000}).encode()  # > 16 KB
    assert_error(post(api_server, big), 413, "body_too_large")

    def chunks():
        for _ in range(40):
            yield b" " * 1024

    chunked = httpx.post(api_server.url + "/v1/ask", content=chunks(), timeout=60,
                         headers={"Content-Type": "application/json"})
    assert chunked.request.headers.get("transfer-encoding") == "chunked"  # no length declared
    assert_error(chunked, 413, "body_too_large")


@pytest.mark.parametrize(("params", "status", "code"), [
    ({}, 422, "invalid_input"),
    ({"q": ""}, 422, "invalid_input"),
    ({"q": "   "}, 422, "invalid_input"),
    ({"q": "x" * 501}, 422, "invalid_input"),
    ({"q": "老年助餐", "k": "0"}, 422, "invalid_input"),
    ({"q": "老年助餐", "k": "21"}, 422, "invalid_input"),
    ({"q": "老年助餐", "k": "abc"}, 422, "invalid_input"),
    ({"q": "老年助餐", "k": "1e3"}, 422, "invalid_input"),
], ids=lambda value: str(value)[:30])
def test_search_rejects_invalid_parameters(api_server, params, status, code) -> None:
    response = httpx.get(api_server.url + "/v1/search", params=params, timeout=30)
    assert_error(response, status, code)


def test_search_rejects_a_query_string_that_is_not_utf8(api_server) -> None:
    response = httpx.get(api_server.url + "/v1/search?q=%FF%FE&k=2", timeout=30)
    assert_error(response, 400, "invalid_encoding")


def test_unknown_paths_and_methods_keep_the_error_shape(api_server) -> None:
    assert_error(httpx.get(api_server.url + "/v1/nothing"), 404, "not_found")
    assert_error(httpx.get(api_server.url + "/v1/chunks/%FF"), 404, "not_found")
    wrong = httpx.get(api_server.url + "/v1/ask")
    assert_error(wrong, 405, "method_not_allowed")
    assert wrong.headers["allow"] == "POST"
    assert_error(httpx.delete(api_server.url + "/v1/search?q=x"), 405, "method_not_allowed")


def test_random_bad_requests_never_get_a_5xx(api_server) -> None:
    """A bounded, seeded fuzz: mangled bodies and odd values, each must get a 2xx or 4xx."""
    rng = random.Random(20250107)
    values = [None, True, -1, 0, 1, 20, 21, 10**30, 1.5, "", " ", "问", "\x00", "🙂" * 3,
              "a" * 600, [], {}, ["x"], {"q": 1}, "\ud800"]
    bodies: list[bytes] = []
    for _ in range(60):
        fields = {key: rng.choice(values) for key in rng.sample(
            ["question", "k", "stream", "extra"], rng.randint(0, 4))}
        bodies.append(json.dumps(fields).encode())
    valid = json.dumps({"question": "老年助餐机构建了多少", "k": 3}).encode()
    for _ in range(60):
        mangled = bytearray(valid)
        for _ in range(rng.randint(1, 4)):
            mangled[rng.randrange(len(mangled))] = rng.randrange(256)
        bodies.append(bytes(mangled))
    with httpx.Client(base_url=api_server.url, timeout=60) as client:
        for body in bodies:
            response = client.post("/v1/ask", content=body,
                                   headers={"Content-Type": "application/json"})
            assert response.status_code < 500, (body, response.text)
            if response.status_code >= 400:
                assert_error(response, response.status_code)
        for q in ["\x00", "%", "🙂", "a&k=2", "\u202e" * 5, "p3-s3-m3", "?" * 500]:
            response = client.get("/v1/search", params={"q": q, "k": rng.randint(-2, 25)})
            assert response.status_code < 500, (q, response.text)
