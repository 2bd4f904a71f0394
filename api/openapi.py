"""The published OpenAPI schema states the limits the service enforces, from the settings.

FastAPI derives the schema from the models, which know neither the settings
(QA_MAX_QUESTION_CHARS, QA_MAX_K) nor the checks made in code (blank questions, control
characters). A client generating requests from the schema (schemathesis, a typed client)
must find that what the schema calls valid is accepted and what it calls invalid refused,
so the schema is completed here: question/q `minLength`, `maxLength`, `pattern`; `k`
`minimum`/`maximum`; every error in the error shape (not FastAPI's validation schema);
the 400 and 405 every operation may answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from qa.settings import Settings

# Characters a question may not hold (qa/text.py): C0/C1 controls but whitespace. The
# pattern: only allowed characters, at least one of them not whitespace (Python's
# str.strip() whitespace, which `\s` of Python's `re` matches). Lone surrogates are refused
# too, but a surrogate range in the pattern makes generators drop the whole pattern, and no
# JSON encoder makes one from valid text: the description says it.
_CONTROL = "\\x00-\\x08\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f"
QUESTION_PATTERN = f"^[^{_CONTROL}]*[^\\s{_CONTROL}][^{_CONTROL}]*$"
ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}
COMMON_ERRORS = {
    "400": "Not valid HTTP/1.1, or a body that is not UTF-8 JSON (`bad_request`, "
           "`invalid_json`, `invalid_encoding`).",
    "405": "Method not allowed on this path (`method_not_allowed`).",
}


def install_openapi(app: FastAPI, settings: Settings,
                    documents: Callable[[], tuple[str, ...]] = tuple) -> None:
    """documents: the doc_ids served now (none while loading). The schema lists them as the
    values `doc` may take, and is made again when they change (a reindex, an upload)."""
    generate = app.openapi
    made_for: list[tuple[str, ...] | None] = [None]

    def openapi() -> dict[str, Any]:
        served = documents()
        if app.openapi_schema is None or made_for[0] != served:
            app.openapi_schema = None
            complete(generate(), settings, served)
            made_for[0] = served
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def question_schema(settings: Settings) -> dict[str, Any]:
    return {"minLength": 1, "maxLength": settings.max_question_chars,
            "pattern": QUESTION_PATTERN,
            "description": f"1..{settings.max_question_chars} characters, not blank, without "
                           "control characters (C0/C1 but whitespace) or lone surrogates."}


def doc_schema(served: tuple[str, ...]) -> dict[str, Any]:
    """`doc`: one served doc_id or a list of them (an unknown id is refused: 422)."""
    one: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": 200}
    if served:
        one["enum"] = list(served)
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1, "maxItems": 50}],
            "description": "Only these documents (doc_ids of GET /v1/documents); default: the "
                           "documents the question names, else all."}


def complete(schema: dict[str, Any], settings: Settings,
             served: tuple[str, ...] = ()) -> None:
    limits = question_schema(settings)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    ask = components.get("AskRequest", {}).get("properties", {})
    if "question" in ask:
        ask["question"].update(limits)
    if "k" in ask:
        ask["k"].update({"minimum": 1, "maximum": settings.max_k})
    turn = components.get("HistoryTurn", {}).get("properties", {})
    if "question" in turn:  # each earlier question is checked like the question
        turn["question"].update(limits)
    if "citations" in turn:  # any id of 1..200 characters; one the index lacks is ignored
        turn["citations"]["items"] = {"type": "string", "minLength": 1, "maxLength": 200}
    if "doc" in ask:  # (null, the default, may be sent as it is: {"doc": null})
        schema_of_doc = doc_schema(served)
        ask["doc"] = schema_of_doc | {"anyOf": [*schema_of_doc["anyOf"], {"type": "null"}],
                                      "default": None}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if path == "/v1/search" and parameter["name"] == "q":
                    parameter["schema"].update(limits)
                elif path == "/v1/search" and parameter["name"] == "k":
                    parameter["schema"].update({"minimum": 1, "maximum": settings.max_k})
                elif path == "/v1/search" and parameter["name"] == "doc":
                    one = doc_schema(served)["anyOf"][0]
                    parameter["schema"] = one | {"description": "Only this document (a "
                                                 "doc_id of GET /v1/documents)."}
            responses = operation.setdefault("responses", {})
            for status, text in COMMON_ERRORS.items():
                responses.setdefault(status, {"description": text})
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    response["content"] = {"application/json": {"schema": ERROR_REF}}
                if response.get("description") == "Validation Error":  # FastAPI's wording
                    response["description"] = "Invalid input (`invalid_input`)."
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
