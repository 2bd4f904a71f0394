"""What the `qa` command prints and checks beyond calling the library (qa/cli.py uses it).

- `add_index_options`, `settings_from`: the flags every command that reads an index takes,
  and the settings they give (also used by `qa serve`, which the api package adds).
- `check_k`: one limit for k everywhere — the CLI takes 1..QA_MAX_K like the API.
- `print_answer`: the answer and its citations; a declined answer says the nearest passages
  are listed, so they are listed (ranked, with labels), as `--json` has them.
- `building_reason`: what `qa build --if-stale` is about to do, said as what it does
  ("no index in index yet: building it"), not as the error a reader of the index would get.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from .errors import IndexMissingError, InvalidInputError
from .settings import Settings
from .types import Answer


def add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, help="index root folder (default: index)")
    parser.add_argument("--embedder", help="embedder the index was built with")
    parser.add_argument("--json", action="store_true", help="print JSON")


def settings_from(args: argparse.Namespace) -> Settings:
    """QA_* settings with the command's flags over them."""
    corpus = getattr(args, "corpus", None)
    overrides: dict[str, Any] = {
        "index_dir": getattr(args, "index", None) or getattr(args, "out", None),
        "corpus": tuple(corpus) if corpus else None,
        "embedder": getattr(args, "embedder", None)}
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def check_k(k: int, settings: Settings) -> int:
    if not 1 <= k <= settings.max_k:
        raise InvalidInputError(f"-k must be between 1 and {settings.max_k} (QA_MAX_K), "
                                f"got {k}.")
    return k


def print_answer(answer: Answer, width: int = 120) -> None:
    print(answer.text)
    for n, citation in enumerate(answer.citations, start=1):
        print(f"[{n}] {citation.chunk_id}  {citation.label}")
        print(f"    “{citation.quote}” (chars {citation.start}–{citation.end})")
    if not answer.answerable:
        for rank, hit in enumerate(answer.hits, start=1):
            print(f"{rank}. [{hit.score:.3f}] {hit.chunk.id}  {hit.chunk.label}")
            print(f"   {shorten(hit.chunk.text, width)}")


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_HINT = re.compile(r"\s*(Re)?[Bb]uild it with `qa build[^`]*`\.?")


def building_reason(root: Path, reason: str) -> str:
    """The line `qa build --if-stale` prints before building, from stale_reason's reason."""
    from .index import resolve_build

    try:
        resolve_build(root)
    except IndexMissingError:
        return f"no index in {root} yet: building it"
    return f"rebuilding the index in {root}: {_HINT.sub('', reason).rstrip('. ')}"
