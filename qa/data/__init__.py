"""Words as data: the TOML tables the question analysis reads, how their word lists
become one pattern, and the plain words a pattern's matches need."""

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


def required_words(pattern: str) -> tuple[str, ...]:
    """Plain words (3 characters or more, lower case) one of which every match of pattern
    holds, read from its parse: a text holding none of them cannot match, so the pattern
    need not run. () when the pattern cannot be read so."""
    try:
        parsed = re._parser.parse(pattern)  # type: ignore[attr-defined]
    except (re.error, AttributeError):
        return ()
    return _words_of(list(parsed))


def _words_of(sequence: list[tuple[Any, Any]]) -> tuple[str, ...]:
    """The longest run of plain characters of a parsed sequence, else the words one of
    which a group or an alternation it must match holds."""
    constants = re._constants  # type: ignore[attr-defined]
    best, run, groups = "", "", []
    for op, argument in [*sequence, (None, None)]:
        if op is constants.LITERAL:
            run += chr(argument)
            continue
        best, run = max(best, run, key=len), ""
        if op is constants.SUBPATTERN:
            groups.append(list(argument[-1]))
        elif op is constants.BRANCH:
            groups.append([(constants.BRANCH, argument)])
        elif op is constants.MAX_REPEAT and argument[0] >= 1:
            groups.append(list(argument[2]))
    if len(best) >= 3:
        return (best.lower(),)
    for group in groups:
        if len(group) == 1 and group[0][0] is constants.BRANCH:
            words = [_words_of(list(branch)) for branch in group[0][1][1]]
            if all(words):
                return tuple(w for found in words for w in found)
        elif found := _words_of(group):
            return found
    return ()


def asked_and_given(name: str, given_flags: int = 0
                    ) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """The entries of a table of `asked` (question, case-insensitive) and `given` (text)
    pattern lists, each as (entry name, asked pattern, given pattern)."""
    return tuple((entry_name, alternation(entry["asked"], re.IGNORECASE),
                  alternation(entry["given"], given_flags))
                 for entry_name, entry in load_table(name).items())
