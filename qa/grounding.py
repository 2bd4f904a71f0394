"""Grounding: every figure an answer states must stand in the text it cites.

An answer is only as good as its evidence. Extractive answers are built from their quotes,
so they pass by construction; an LLM answer can invent or misplace a number, and is then
repaired (to its quotes) or withheld by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

from .numbers import numbers_in


def ungrounded_figures(answer: str, quotes: Iterable[str]) -> list[str]:
    """Figures of answer whose value appears in none of the quotes ("1.57万" = "15700")."""
    supported = {q.value for quote in quotes for q in numbers_in(quote)}
    return [q.text for q in numbers_in(answer) if q.value not in supported]


def is_grounded(answer: str, quotes: Iterable[str]) -> bool:
    return not ungrounded_figures(answer, list(quotes))
