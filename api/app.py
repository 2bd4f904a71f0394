"""FastAPI app factory. The index and embedder load once, in the lifespan, not at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from qa.errors import QAError
from qa.schemas import AskResponse, Passage, ask_response, passages
from qa.service import QAService
from qa.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = QAService.from_settings(settings or Settings())
        yield

    app = FastAPI(title="Bulletin QA", version="0.1.0", lifespan=lifespan)

    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        return JSONResponse({"error": {"code": exc.code, "message": str(exc)}},
                            status_code=exc.http_status)

    @app.get("/healthz")
    def healthz(request: Request) -> dict:
        service: QAService = request.app.state.service
        return {"status": "ok", "chunks": len(service.index.chunks),
                "model": service.embedder.id}

    @app.get("/v1/search")
    def search(request: Request, q: str, k: int = 5) -> dict:
        service: QAService = request.app.state.service
        results: list[Passage] = passages(service.search(q, k))
        return {"query": q, "results": results}

    @app.post("/v1/ask")
    def ask(request: Request, body: dict) -> AskResponse:
        service: QAService = request.app.state.service
        return ask_response(service.ask(body.get("question", ""), int(body.get("k", 5))))

    return app
