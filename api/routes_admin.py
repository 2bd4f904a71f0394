"""Admin endpoints. api/access.py lets a request through only with QA_ADMIN_KEY."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from .deps import RequestIdDep
from .models import ERRORS, ReindexStatus
from .reindex import Reindexer

router = APIRouter(prefix="/v1/admin", tags=["admin"])
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    status: ERRORS[422] | {"description": text} for status, text in {
    401: "The admin key is missing or wrong.",
    403: "Admin endpoints are disabled (QA_ADMIN_KEY is not set).",
    409: "A rebuild is already running.",
}.items()}


def get_reindexer(request: Request) -> Reindexer:
    reindexer: Reindexer = request.app.state.reindexer
    return reindexer


ReindexerDep = Annotated[Reindexer, Depends(get_reindexer)]


@router.post("/reindex", response_model=ReindexStatus, status_code=202,
             responses=ADMIN_ERRORS, summary="Rebuild the index from QA_CORPUS in the "
             "background, then serve it (queries go on meanwhile)")
def reindex(reindexer: ReindexerDep, request_id: RequestIdDep) -> ReindexStatus:
    return reindexer.start(request_id)


@router.get("/reindex", response_model=ReindexStatus,
            responses={k: v for k, v in ADMIN_ERRORS.items() if k != 409},
            summary="State of the last rebuild")
def reindex_status(reindexer: ReindexerDep) -> ReindexStatus:
    return reindexer.status()
