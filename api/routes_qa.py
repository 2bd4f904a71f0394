"""The question-answering endpoints: /v1/ask (JSON or SSE), /v1/search, /v1/documents,
/v1/chunks/{id}."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response

from qa.errors import NotFoundError
from qa.schemas import AskResponse, ChunkOut, DocumentOut, ask_response, chunk_out, passages

from .deps import (
    PipelineDep,
    RequestIdDep,
    ServiceDep,
    SettingsDep,
    checked_docs,
    checked_history,
    checked_question,
    single_valued_query,
)
from .errors import InvalidEncodingError
from .models import (
    ASK_EXAMPLES,
    ASK_RESPONSES,
    EN_QUESTION,
    ERRORS,
    SEARCH_RESPONSES,
    ZH_QUESTION,
    AskRequest,
    DocumentsResponse,
    SearchResponse,
)
from .streaming import stream_reply

router = APIRouter(prefix="/v1", tags=["question answering"])


async def utf8_query(request: Request) -> None:
    """Starlette decodes a query string leniently (bad bytes become U+FFFD); refuse them."""
    try:
        unquote_to_bytes(request.scope.get("query_string", b"")).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidEncodingError("The query string is not valid UTF-8 "
                                "(percent-encode the question as UTF-8).") from None


@router.post("/ask", response_model=AskResponse, responses=ASK_RESPONSES,
             summary="Answer a question, with citations (JSON or text/event-stream)")
def ask(body: Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)], service: ServiceDep,
        pipeline: PipelineDep, settings: SettingsDep, request_id: RequestIdDep) -> Response:
    question = checked_question(body.question, body.k, settings)
    history = checked_history(body.history, settings)
    resolution = service.resolve(question, history) if history else None
    searched = pipeline.search(service, question, body.k, checked_docs(body.doc), resolution)
    if body.stream:
        cache = "hit" if searched.key in pipeline.answers else "miss"
        return stream_reply(searched, lambda: pipeline.answer(service, searched)[0],
                            request_id, {"X-Cache": cache})
    answer, cached = pipeline.answer(service, searched)
    # Serialised by pydantic-core in one call (a dict dumped again by json.dumps took
    # twice the time); the same JSON.
    return Response(ask_response(answer).model_dump_json(), media_type="application/json",
                    headers={"X-Cache": "hit" if cached else "miss"})


@router.get("/search", response_model=SearchResponse, responses=SEARCH_RESPONSES,
            dependencies=[Depends(utf8_query), Depends(single_valued_query)],
            summary="Ranked passages for a query")
def search(q: Annotated[str, Query(description="The query, 1..500 characters, not blank.",
                                   examples=[ZH_QUESTION, EN_QUESTION])],
           service: ServiceDep, pipeline: PipelineDep, settings: SettingsDep,
           k: Annotated[int, Query(description="Passages to return, 1..20.")] = 5,
           doc: Annotated[str | None, Query(description="Only these documents: ids of GET "
                                                        "/v1/documents, comma-separated.")] = None,
           ) -> SearchResponse:
    query = checked_question(q, k, settings)
    searched = pipeline.search(service, query, k, checked_docs(doc))
    return SearchResponse(query=searched.question, results=passages(searched.hits))


@router.get("/documents", response_model=DocumentsResponse, responses={503: ERRORS[503]},
            summary="The documents of the index")
def documents(service: ServiceDep) -> DocumentsResponse:
    return DocumentsResponse(documents=[
        DocumentOut(doc_id=d.doc_id, doc_title=d.title, doc_date=d.date, chunks=d.chunks)
        for d in service.index.documents])


@router.get("/chunks/{chunk_id}", response_model=ChunkOut,
            responses={404: ERRORS[422] | {"description": "No chunk has this id."},
                       503: ERRORS[503]},
            summary="One chunk: its passage fields plus its offsets in the source")
def chunk(chunk_id: Annotated[str, Path(examples=["p3-s3-m3"])], service: ServiceDep,
          ) -> ChunkOut:
    found = service.index.chunk(chunk_id)
    if found is None:
        shown = chunk_id if len(chunk_id) <= 40 else chunk_id[:40] + "…"
        raise NotFoundError(f"There is no chunk {shown!r}; ids look like "
                            "'wuhan-cppcc-proposals-2025:p3-s3-m3' (see the chunk_id of "
                            "/v1/search results).")
    return chunk_out(found)

