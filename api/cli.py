"""`qa serve`: the command this package adds to `qa` (entry point `qa.commands`, see
pyproject.toml), so the qa library never imports the service built on it."""

from __future__ import annotations

import argparse
import os
from typing import Any

from pydantic import ValidationError

from qa.cli_support import add_index_options, settings_from
from qa.errors import InvalidInputError
from qa.threads import configure_threads


def add_serve_command(sub: Any) -> None:
    serve = sub.add_parser("serve", help="run the HTTP API with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes; each loads the index read-only (default 1)")
    serve.add_argument("--forwarded-allow-ips", metavar="IPS",
                       help="proxies trusted to set X-Forwarded-For, comma-separated (the "
                       "client IP of the rate limit); default: FORWARDED_ALLOW_IPS, else "
                       "127.0.0.1")
    add_index_options(serve)
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    from .server import run_server  # uvicorn and the app load only when serving

    if args.workers < 1:
        raise InvalidInputError(f"--workers must be at least 1, got {args.workers}.")
    try:
        settings = settings_from(args)
    except ValidationError as exc:
        raise InvalidInputError(f"Bad QA_* setting: {exc}") from None
    # Workers are separate processes: they read settings from the environment.
    os.environ["QA_INDEX_DIR"] = str(settings.index_dir)
    os.environ["QA_EMBEDDER"] = settings.embedder
    if args.forwarded_allow_ips:  # uvicorn reads it (proxy headers), workers inherit it
        os.environ["FORWARDED_ALLOW_IPS"] = args.forwarded_allow_ips
    configure_threads(args.workers, settings.threads)  # inherited by the worker processes
    run_server(args.host, args.port, args.workers, settings.log_level)
    return 0
