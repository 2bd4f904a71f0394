"""JSON-lines logging on stderr, for the app and for uvicorn's own messages.

Each line is one JSON object: time, level, logger, message, process id, and whatever the
caller passed in ``extra=`` (request id, status, latency …). Fields named like secrets are
dropped, so an API key or an Authorization header can never reach the log.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import Any

HANDLER_NAME = "qa-json-stderr"
# Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "color_message"}  # uvicorn's copy of msg with terminal colours
_SECRET_WORDS = ("authorization", "api_key", "apikey", "password", "secret", "token", "cookie")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": os.getpid(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and not _is_secret(key):
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _is_secret(key: str) -> bool:
    key = key.lower()
    return any(word in key for word in _SECRET_WORDS)


def configure_logging(level: str) -> None:
    """Send the `qa` loggers to stderr as JSON lines (idempotent: one handler however often)."""
    logger = logging.getLogger("qa")
    logger.setLevel(level.upper())
    logger.propagate = False
    if not any(h.get_name() == HANDLER_NAME for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(HANDLER_NAME)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)


def uvicorn_log_config(level: str) -> dict[str, Any]:
    """uvicorn's log config with its messages as JSON lines too (its access log is off:
    ours, written by api/middleware.py, never records query strings)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "api.logs.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "loggers": {"uvicorn": {"handlers": ["stderr"], "level": level.upper(),
                                "propagate": False},
                    "uvicorn.error": {"level": level.upper()}},
    }
