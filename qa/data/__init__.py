"""Words as data: the TOML tables the question analysis reads, and how their word lists
become one pattern."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any


def load_table(name: str) -> dict[str, Any]:
    """The table in qa/data/<name> (packaged with the library)."""
    with resources.files(__name__).joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


def alternation(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern matching any of the patterns of a table's list."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
