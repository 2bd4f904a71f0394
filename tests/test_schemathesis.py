"""Schemathesis against the server's own OpenAPI schema, on a real server on 127.0.0.1:
generated valid and invalid requests for every operation, with all of schemathesis' checks;
no 5xx, every 4xx in the error shape, valid requests accepted and invalid ones refused,
status codes, content types, headers and bodies as the schema says. Bounded: EXAMPLES per
operation and mode."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as REGISTERED
from schemathesis.checks import load_all_checks

from .conftest import Server

pytestmark = pytest.mark.slow
EXAMPLES = 25
load_all_checks()
# Every check schemathesis has: among them positive_data_acceptance (what the schema calls
# valid is accepted: the schema states the real limits), negative_data_rejection,
# unsupported_method (TRACE and co. get 405, admin included) and the header conformances.
CHECKS = REGISTERED.get_all()
# Operations with input a generator can make invalid (the others take no parameters, or
# only a path string, which any text satisfies): these also get negative examples.
WITH_INPUT = {"POST /v1/ask", "GET /v1/search"}


@pytest.fixture(scope="module")
def contract_server(index_root):
    """A server whose body limit (QA_MAX_BODY_BYTES, 16 KB by default, a transport limit
    JSON Schema cannot state) sits above what the generator makes: an invalid history turn
    (a question over 500 characters and an answer over 1000, escaped as \\uXXXX) can pass
    16 KB and get a 413 before validation, which this check does not count as a refusal.
    The limit itself is tested in test_http_limits.py and test_api_validation.py."""
    server = Server(index_root, env={"QA_MAX_BODY_BYTES": str(1 << 20)})
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def assert_error_shape(response) -> None:
    """Every 4xx/5xx is {"error": {"code": str, "message": str}} as JSON."""
    assert response.headers["content-type"][0].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["message"], body


def test_the_schema_lists_every_operation(api_server: Server) -> None:
    schema = schemathesis.openapi.from_url(api_server.url + "/openapi.json")
    labels = {result.ok().label for result in schema.get_all_operations()}
    assert WITH_INPUT | {"GET /v1/chunks/{chunk_id}", "POST /v1/admin/reindex"} <= labels


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_every_operation_keeps_its_contract(contract_server: Server,
                                            mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(contract_server.url + "/openapi.json")
    statuses: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if mode is GenerationMode.NEGATIVE and operation.label not in WITH_INPUT:
            continue

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case) -> None:
            response = case.call(timeout=60)
            statuses.setdefault(case.operation.label, set()).add(response.status_code)
            case.validate_response(response, checks=CHECKS)
            if response.status_code >= 400:
                assert_error_shape(response)

        call()
    if mode is GenerationMode.NEGATIVE:  # invalid input was refused, in the error shape
        assert {422} <= statuses["POST /v1/ask"] and {422} <= statuses["GET /v1/search"]
    else:
        assert 200 in statuses["POST /v1/ask"] and 200 in statuses["GET /v1/search"]
