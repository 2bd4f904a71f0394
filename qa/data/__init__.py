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


def asked_and_given(name: str, given_flags: int = 0
                    ) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """The entries of a table of `asked` (question, case-insensitive) and `given` (text)
    pattern lists, each as (entry name, asked pattern, given pattern)."""
    return tuple((entry_name, alternation(entry["asked"], re.IGNORECASE),
                  alternation(entry["given"], given_flags))
                 for entry_name, entry in load_table(name).items())
