"""Request and response models of the HTTP API that qa/schemas.py does not already hold,
with the Chinese and English examples shown in /openapi.json and /docs."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from qa.schemas import DocumentOut, Passage

EN_QUESTION = "How many elderly meal sites were built?"
ZH_QUESTION = "老人吃饭的食堂建了多少家？"


def _whole_number(value: Any) -> Any:
    """8.0 is the integer 8 in JSON (and to JSON Schema); "8" and true stay refused."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


MAX_HISTORY_TURNS = 10


class HistoryTurn(BaseModel):
    """An earlier turn of the conversation, as the server replied to it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(min_length=1, description="The question asked in that turn, 1..500 "
                          "characters, not blank (QA_MAX_QUESTION_CHARS).")
    # 1000 characters keep ten turns within the body limit (QA_MAX_BODY_BYTES, 16 KB by
    # default); the resolver reads questions and citations, the LLM rewriter 400 characters.
    answer: str = Field("", max_length=1000, description="The answer it got (the first "
                        "1000 characters are enough: cut longer ones).")
    # Each id 1..200 characters in the schema itself, so what the schema accepts the server
    # accepts (an id this index does not hold, blank or not, is then simply ignored).
    citations: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=20, description="chunk_id of each citation of that "
        "answer, 1..200 characters each (ids this index does not hold are ignored).",
        examples=[["wuhan-cppcc-proposals-2025:p3-s3-m3"]])


class AskRequest(BaseModel):
    # strict: "5" is not a k and 1 is not a bool; unknown fields are a mistake worth telling.
    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(min_length=1, description="1..500 characters, not blank "
                          "(QA_MAX_QUESTION_CHARS).", examples=[ZH_QUESTION, EN_QUESTION])
    k: Annotated[int, BeforeValidator(_whole_number)] = Field(
        5, ge=1, description="Passages to retrieve, 1..20 (QA_MAX_K).")
    stream: bool = Field(False, description="Reply as text/event-stream (see README).")
    doc: str | list[str] | None = Field(
        None, description="Answer only from this document (an id of GET /v1/documents) or "
        "these documents; default: the documents the question names, else all.",
        examples=["2026_北京市_政府工作报告"])
    history: list[HistoryTurn] | None = Field(
        None, max_length=MAX_HISTORY_TURNS, description="Earlier turns of the conversation, "
        "newest last, at most 10: a follow-up (\"那2号建议案呢？\", \"What about proposal "
        "2?\", \"展开说说\") is answered as the standalone question `resolved_question`. "
        "The server keeps no state.")


class DocumentsResponse(BaseModel):
    documents: list[DocumentOut]


class SearchResponse(BaseModel):
    query: str
    results: list[Passage]


class Health(BaseModel):
    status: Literal["ok", "loading", "failed"] = Field(
        description="ok: loaded and serving; loading: not ready yet (see /readyz for why); "
                    "failed: loading gave up (see /readyz and the log).")
    chunks: int = Field(description="Chunks in the loaded index (0 until loaded).")
    model: str = Field(description="Embedder id of the loaded index (the configured "
                       "embedder name until loaded).")


class Ready(BaseModel):
    status: Literal["ready"]
    chunks: int
    model: str
    index: str = Field(description="Name of the index build being served.")
    fallback: str | None = Field(None, description="Set when `current` cannot be loaded and "
                                 "the newest build that verifies is served instead: why.")


class ErrorDetail(BaseModel):
    code: str = Field(examples=["invalid_input"])
    message: str = Field(examples=["The question is empty; ask something about the bulletin."])


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text} for status, text in {
        400: "Body not valid JSON or not UTF-8.",
        413: "Body larger than QA_MAX_BODY_BYTES.",
        422: "Invalid input: question, k, unknown fields, wrong types.",
        503: "Not ready: the index is loading, missing or broken (see /readyz).",
    }.items()
}

ACCESS_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text} for status, text in {
        401: "QA_API_KEY is set and the request has no key or a wrong one.",
        429: "Too many requests from this client (QA_RATE_LIMIT_PER_MIN); see Retry-After.",
    }.items()
}

_DOC = {"doc_id": "wuhan-cppcc-proposals-2025",
        "doc_title": "武汉市人民政府关于政协武汉市第十四届委员会第三次会议建议案办理情况的通报",
        "doc_date": "2025-01-07"}
_CITATION = {"chunk_id": "wuhan-cppcc-proposals-2025:p3-s3-m3", "proposal": 3, "section": 3,
             "measure": 3, "label": "3号建议案 · (三)提升适老化服务水平 · 三是推进老年助餐服务",
             "quote": "建成老年助餐机构790个", "start": 5747, "end": 5759, **_DOC}
_PASSAGE = {"chunk_id": "wuhan-cppcc-proposals-2025:p3-s3-m3", "proposal": 3,
            "proposal_title": "关于全面推进社会适老化建设,加快发展老年友好型城市的建议案",
            "section": 3, "section_title": "(三)提升适老化服务水平", "measure": 3,
            "label": _CITATION["label"], "short_label": "3号建议案 · (三) · 三是",
            "text": "三是推进老年助餐服务。制订老年助餐服务发展三年行动方案,因地制宜建设幸福"
                    "食堂、老年助餐点,建成老年助餐机构790个。到2026年,全市街道(乡镇)幸福"
                    "食堂、中心城区社区老年助餐点、小区老年助餐服务将实现全覆盖。",
            "score": 0.8115, **_DOC}


def _reply(question: str) -> dict[str, Any]:
    return {"question": question, "answer": "建成老年助餐机构790个", "answerable": True,
            "citations": [_CITATION], "passages": [_PASSAGE],
            "timing_ms": {"retrieve": 12.7, "answer": 0.1, "total": 12.8},
            "resolved_question": question}


ASK_EXAMPLES = {
    "follow-up": {"summary": "A follow-up, with the turn before it",
                  "value": {"question": "那2号建议案呢？", "history": [
                      {"question": "3号建议案建了多少个老年助餐机构？",
                       "answer": "建成老年助餐机构790个",
                       "citations": ["wuhan-cppcc-proposals-2025:p3-s3-m3"]}]}},
    "zh": {"summary": "中文问题", "value": {"question": ZH_QUESTION, "k": 5}},
    "en": {"summary": "English question", "value": {"question": EN_QUESTION, "k": 5}},
    "stream": {"summary": "Streamed reply (text/event-stream)",
               "value": {"question": EN_QUESTION, "k": 5, "stream": True}},
}
_SSE_EXAMPLE = (
    'event: passages\ndata: {"passages": [...]}\n\n'
    'event: delta\ndata: {"text": "建成老年助餐机构790个"}\n\n'
    'event: citations\ndata: {"citations": [...]}\n\n'
    'event: done\ndata: {"question": "...", "answer": "建成老年助餐机构790个", ...}\n\n'
)
# One server-sent event (the schema applies to each event of the stream, not to the body).
SSE_EVENT = {"type": "object", "required": ["event", "data"], "properties": {
    "event": {"type": "string", "enum": ["passages", "delta", "citations", "done", "error"]},
    "data": {"type": "string", "description": "One JSON object (see README, Streaming)."}}}
ASK_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The answer (JSON), or a stream of events if `stream` is true.",
          "content": {
              "application/json": {"examples": {
                  "zh": {"summary": "中文问题", "value": _reply(ZH_QUESTION)},
                  "en": {"summary": "English question", "value": _reply(EN_QUESTION)}}},
              "text/event-stream": {"schema": SSE_EVENT, "example": _SSE_EXAMPLE}}},
    **ERRORS,
}
SEARCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {"examples": {
        "zh": {"summary": "中文查询", "value": {"query": ZH_QUESTION, "results": [_PASSAGE]}},
        "en": {"summary": "English query", "value": {"query": EN_QUESTION,
                                                     "results": [_PASSAGE]}}}}}},
    **ERRORS,
}


class ReindexStatus(BaseModel):
    """State of the last rebuild, started by POST /v1/admin/reindex, an upload
    (POST /v1/admin/documents) or a deletion (DELETE /v1/admin/documents/{doc_id})."""

    status: Literal["idle", "running", "succeeded", "failed"] = Field(
        description="idle: none since the server started; running; succeeded: the new build "
                    "is being served; failed: the old index is still served (see error).")
    action: Literal["reindex", "upload", "delete"] | None = Field(
        None, description="What started the rebuild (none while idle).")
    doc_id: str | None = Field(None, description="The document uploaded or deleted.",
                               examples=["2026_北京市_政府工作报告"])
    started_at: str | None = None
    finished_at: str | None = None
    build: str | None = Field(None, description="Build folder served after a success.")
    request_id: str | None = Field(None, description="Request that started the rebuild.")
    error: ErrorDetail | None = None
