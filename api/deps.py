"""FastAPI dependencies: what a route needs, read from app.state (set up by create_app)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from qa.errors import InvalidInputError
from qa.followup import Turn
from qa.service import QAService
from qa.settings import Settings
from qa.text import refuse_control_characters

from .loader import ServiceLoader
from .metrics import Metrics
from .models import HistoryTurn
from .pipeline import Pipeline


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_loader(request: Request) -> ServiceLoader:
    loader: ServiceLoader = request.app.state.loader
    return loader


async def get_service(loader: Annotated[ServiceLoader, Depends(get_loader)]) -> QAService:
    """The loaded service, or 503 (not_ready / index_missing / …) until there is one."""
    return loader.get()


async def get_pipeline(request: Request) -> Pipeline:
    pipeline: Pipeline = request.app.state.pipeline
    return pipeline


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


async def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", ""))


def checked_question(question: str, k: int, settings: Settings) -> str:
    """The trimmed question, or InvalidInputError (422) for a limit the settings set.

    The length counts the question as sent (the schema's maxLength, api/openapi.py), and so
    do control characters: str.strip() would take U+001C–U+001F for whitespace, which the
    schema's pattern refuses wherever they stand."""
    refuse_control_characters(question)
    trimmed = question.strip()
    if not trimmed:
        raise InvalidInputError("The question is empty; ask something about the bulletin.")
    if len(question) > settings.max_question_chars:
        raise InvalidInputError(f"The question is {len(question)} characters long; the limit "
                                f"is {settings.max_question_chars}.")
    if not 1 <= k <= settings.max_k:
        raise InvalidInputError(f"k must be between 1 and {settings.max_k}, got {k}.")
    return trimmed


def checked_history(turns: list[HistoryTurn] | None, settings: Settings) -> tuple[Turn, ...]:
    """The earlier turns, each question checked like the question itself (422 otherwise)."""
    checked = []
    for number, turn in enumerate(turns or [], start=1):
        if not turn.question.strip():
            raise InvalidInputError(f"history[{number - 1}].question is empty.")
        if len(turn.question) > settings.max_question_chars:
            raise InvalidInputError(f"history[{number - 1}].question is {len(turn.question)} "
                                    f"characters long; the limit is "
                                    f"{settings.max_question_chars}.")
        try:  # no control characters or lone surrogates, as in the question itself
            refuse_control_characters(turn.question)
        except InvalidInputError as exc:
            raise InvalidInputError(f"history[{number - 1}].question: {exc}") from None
        checked.append(Turn(turn.question.strip(), turn.answer, tuple(turn.citations)))
    return tuple(checked)


def checked_docs(doc: str | list[str] | None) -> tuple[str, ...]:
    """The document ids a request names (one id, a list, or `a,b` in a query string)."""
    if doc is None:
        return ()
    ids = doc.split(",") if isinstance(doc, str) else doc
    ids = [d.strip() for d in ids]
    if not ids or any(not d or len(d) > 200 for d in ids) or len(ids) > 50:
        raise InvalidInputError("doc must name 1 to 50 document ids (GET /v1/documents lists "
                                "them), each 1..200 characters.")
    return tuple(dict.fromkeys(ids))


async def single_valued_query(request: Request) -> None:
    """`?q=a&q=b` is ambiguous (a proxy may check the first, the app use the last): refuse it."""
    for name in dict.fromkeys(request.query_params.keys()):
        count = len(request.query_params.getlist(name))
        if count > 1:
            raise InvalidInputError(f"Query parameter {name[:40]!r} is given {count} times; "
                                    "give it once.")


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServiceDep = Annotated[QAService, Depends(get_service)]
PipelineDep = Annotated[Pipeline, Depends(get_pipeline)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
LoaderDep = Annotated[ServiceLoader, Depends(get_loader)]
RequestIdDep = Annotated[str, Depends(request_id)]
