"""Admin endpoints. api/access.py lets a request through only with QA_ADMIN_KEY.

Reindex, upload and delete all end the same way: a rebuild in the background (api/reindex.py,
one at a time) of the service's corpus (qa/corpus_store.py: QA_CORPUS + uploads − deleted),
served after the atomic swap while queries go on. An upload or a deletion is checked whole
before anything changes: a refused request leaves the corpus and the served index as they were.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile

from qa.corpus import chunk_source, display_title
from qa.corpus_store import CorpusStore, safe_file_name
from qa.errors import InvalidInputError, NotFoundError, QAError
from qa.ingest import SUPPORTED_SUFFIXES, SourceDocument, read_document

from .deps import LoaderDep, RequestIdDep, SettingsDep, single_valued_query
from .models import ERRORS, ErrorResponse, ReindexStatus
from .reindex import Reindexer, ReindexRunningError

router = APIRouter(prefix="/v1/admin", tags=["admin"])
ADMIN_ERRORS: dict[int | str, dict[str, Any]] = {
    status: ERRORS[422] | {"description": text} for status, text in {
    401: "The admin key is missing or wrong.",
    403: "Admin endpoints are disabled (QA_ADMIN_KEY is not set).",
    409: "A rebuild is already running.",
}.items()}


def _error(text: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": text}


UPLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ADMIN_ERRORS,
    400: _error("`invalid_form`: the body is not multipart/form-data that can be read."),
    409: _error("`document_exists`: the served index has a document with this doc_id (send "
                "`?replace=true` to replace it); `reindex_running`: a rebuild is running."),
    413: _error("`file_too_large` / `body_too_large`: the file is larger than "
                "QA_MAX_UPLOAD_BYTES."),
    415: _error("`unsupported_file_type`: the file name's suffix is not one qa/ingest reads "
                f"({', '.join(SUPPORTED_SUFFIXES)})."),
    422: _error("`document_unreadable`: the file cannot be read as a document (the message "
                "says why); `invalid_filename`: no usable file name; `invalid_input`: no "
                "`file` field, a query parameter given twice."),
    503: ERRORS[503],
}
DELETE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ADMIN_ERRORS,
    404: _error("`not_found`: neither the served index nor the uploads hold this doc_id."),
    409: _error("`last_document`: the index would be empty; `reindex_running`: a rebuild is "
                "running."),
    503: ERRORS[503],
}
_UPLOAD_DESCRIPTION = f"""Add a document to the corpus, or replace one, then rebuild and serve
the index in the background, exactly like `POST /v1/admin/reindex` (202 with its status; poll
`GET /v1/admin/reindex`; 409 while a rebuild runs). Queries go on meanwhile, each answered
wholly by the old build or wholly by the new one.

The body is `multipart/form-data` with the document in the field `file`. Its file name gives
the `doc_id` (the name without its suffix; path parts and leading dots are dropped) and its
type: {', '.join(SUPPORTED_SUFFIXES)}. At most QA_MAX_UPLOAD_BYTES (20 MB by default).
The file is read first (as `qa build` reads it); one that cannot be read is refused with the
reason and nothing changes. A `doc_id` the served index already has is refused (409) unless
`replace=true`. Accepted files are kept in QA_UPLOAD_DIR, so restarts and reindexes keep them.

```bash
curl -s localhost:8000/v1/admin/documents -H "Authorization: Bearer $QA_ADMIN_KEY" \\
     -F 'file=@2026_湖北省_政府工作报告.txt'
```"""
_DELETE_DESCRIPTION = """Take a document out of the corpus, then rebuild and serve the index in
the background like `POST /v1/admin/reindex` (202 with its status). An uploaded document's
file is deleted; a document of QA_CORPUS (which the service never writes to) is recorded as
excluded in QA_UPLOAD_DIR, so restarts and reindexes leave it out too. 404 when neither the
served index nor the uploads have the document; 409 `last_document` for the only one."""


class DocumentExistsError(QAError):
    code = "document_exists"
    http_status = 409


class LastDocumentError(QAError):
    code = "last_document"
    http_status = 409


class DocumentUnreadableError(InvalidInputError):
    code = "document_unreadable"


async def get_reindexer(request: Request) -> Reindexer:
    reindexer: Reindexer = request.app.state.reindexer
    return reindexer


ReindexerDep = Annotated[Reindexer, Depends(get_reindexer)]


@router.post("/reindex", response_model=ReindexStatus, status_code=202,
             responses=ADMIN_ERRORS, summary="Rebuild the index from QA_CORPUS (plus uploads, "
             "minus deleted documents) in the background, then serve it (queries go on "
             "meanwhile)")
def reindex(reindexer: ReindexerDep, request_id: RequestIdDep) -> ReindexStatus:
    return reindexer.start(request_id)


@router.get("/reindex", response_model=ReindexStatus,
            responses={k: v for k, v in ADMIN_ERRORS.items() if k != 409},
            summary="State of the last rebuild (reindex, upload or delete)")
def reindex_status(reindexer: ReindexerDep) -> ReindexStatus:
    return reindexer.status()


@router.post("/documents", response_model=ReindexStatus, status_code=202,
             responses=UPLOAD_RESPONSES, dependencies=[Depends(single_valued_query)],
             summary="Upload a document (admin), then rebuild and serve the index in the "
             "background", description=_UPLOAD_DESCRIPTION)
def upload_document(
        file: Annotated[UploadFile, File(description="The document; its file name gives the "
                                         "doc_id and the type.")],
        reindexer: ReindexerDep, loader: LoaderDep, settings: SettingsDep,
        request_id: RequestIdDep,
        replace: Annotated[bool, Query(description="Replace the document of the same doc_id "
                                       "(from an upload or QA_CORPUS).")] = False,
) -> ReindexStatus:
    name = safe_file_name(file.filename)
    if reindexer.running():  # fail fast, before reading the file; start() checks again
        raise ReindexRunningError("A rebuild is already running; poll GET /v1/admin/reindex "
                                  "until it is done, then upload again.")
    store = CorpusStore.of(settings)
    staged = store.stage(name, file.file, settings.max_upload_bytes)
    try:
        doc = _readable(staged)
        served = loader.get().index
        if not replace and served.document(doc.doc_id) is not None:
            raise DocumentExistsError(f"The index already has a document {doc.doc_id!r}; send "
                                      "?replace=true to replace it, or rename the file.")
        return reindexer.start(request_id, prepare=lambda: store.commit(staged),
                               action="upload", doc_id=doc.doc_id)
    finally:
        store.discard(staged)  # nothing left once commit() has put the file in place


@router.delete("/documents/{doc_id}", response_model=ReindexStatus, status_code=202,
               responses=DELETE_RESPONSES, summary="Delete a document (admin), then rebuild "
               "and serve the index in the background", description=_DELETE_DESCRIPTION)
def delete_document(
        doc_id: Annotated[str, Path(description="An id of GET /v1/documents.",
                                    examples=["2026_北京市_政府工作报告"])],
        reindexer: ReindexerDep, loader: LoaderDep, settings: SettingsDep,
        request_id: RequestIdDep) -> ReindexStatus:
    served = loader.get().index
    store = CorpusStore.of(settings)
    if served.document(doc_id) is None and not store.uploaded(doc_id):
        shown = doc_id if len(doc_id) <= 60 else doc_id[:60] + "…"
        raise NotFoundError(f"There is no document {shown!r}; GET /v1/documents lists them.")
    others = [d for d in served.documents if d.doc_id != doc_id]
    if not others:
        raise LastDocumentError(f"{doc_id!r} is the only document of the index, which cannot "
                                "be empty; upload another one first.")
    return reindexer.start(request_id, prepare=lambda: store.remove(doc_id), action="delete",
                           doc_id=doc_id)


def _readable(path: FilePath) -> SourceDocument:
    """The staged upload read and chunked as a build would, or DocumentUnreadableError."""
    try:
        doc = read_document(path)
        chunks = chunk_source(doc, display_title(doc))
    except QAError as exc:
        raise DocumentUnreadableError(str(exc)) from exc
    if not chunks:
        raise DocumentUnreadableError(f"{path.name}: no passage could be made of its text.")
    return doc
