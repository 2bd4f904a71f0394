"""Conversation gold files: load them into typed conversations (docs/dialogue-writers.md).

One conversation per line::

    {"id", "lang", "turns": [TURN, ...]}

where each TURN is a gold item without ``id`` (``docs/gold-writers.md``) plus
``"follows"`` (first / refers / rescope / expand / standalone) and ``"scope"``
(``{"doc": id or null, "proposal": n or null}``): what the turn is about once understood.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gold import GoldFormatError, GoldItem, json_lines, record_problems

FOLLOWS = ("first", "refers", "rescope", "expand", "standalone")
FOLLOW_UPS = ("refers", "rescope", "expand")  # turns that lean on the one before
MAX_TURNS = 10


@dataclass(frozen=True)
class DialogueTurn:
    item: GoldItem  # id "<conversation id>#<turn number>"
    follows: str
    scope_doc: str | None
    scope_proposal: int | None


@dataclass(frozen=True)
class Dialogue:
    id: str
    lang: str
    turns: tuple[DialogueTurn, ...]
    line: int


def load_dialogues(path: Path) -> list[Dialogue]:
    """Typed conversations of a file; GoldFormatError names the first malformed line."""
    dialogues: list[Dialogue] = []
    seen: set[str] = set()
    for number, record in json_lines(path, "Dialogue file"):
        problems = dialogue_problems(record)
        if not problems and record["id"] in seen:
            problems = [f"id {record['id']!r} is used twice"]
        if problems:
            raise GoldFormatError(f"{path}, line {number}: " + "; ".join(problems) + ".")
        seen.add(record["id"])
        dialogues.append(_dialogue(record, number))
    if not dialogues:
        raise GoldFormatError(f"Dialogue file {path} holds no conversations.")
    return dialogues


def dialogue_problems(record: Any) -> list[str]:
    """What keeps one decoded line from being a conversation (empty: it is one)."""
    if not isinstance(record, dict) or not isinstance(record.get("id"), str) \
            or not record["id"].strip():
        return ["a line must be a JSON object with a non-empty string id"]
    turns = record.get("turns")
    if not isinstance(turns, list) or not 2 <= len(turns) <= MAX_TURNS:
        return [f"turns must be a list of 2..{MAX_TURNS} turns"]
    problems = []
    for number, turn in enumerate(turns, start=1):
        if not isinstance(turn, dict):
            problems.append(f"turn {number} is not an object")
            continue
        shape = record_problems({"id": f"{record['id']}#{number}", **turn})
        problems += [f"turn {number}: {p}" for p in shape]
        follows = turn.get("follows")
        if follows not in FOLLOWS:
            problems.append(f"turn {number}: follows must be one of {', '.join(FOLLOWS)}")
        elif (follows == "first") != (number == 1):
            problems.append(f"turn {number}: follows is \"first\" on the first turn only")
        scope = turn.get("scope")
        if not isinstance(scope, dict) or set(scope) - {"doc", "proposal"} or not (
                scope.get("doc") is None or isinstance(scope["doc"], str)) or not (
                scope.get("proposal") is None or type(scope["proposal"]) is int):
            problems.append(f"turn {number}: scope must be {{\"doc\": id or null, "
                            "\"proposal\": integer or null}")
    return problems


def _dialogue(record: dict[str, Any], line: int) -> Dialogue:
    turns = []
    for number, turn in enumerate(record["turns"], start=1):
        item = GoldItem(
            id=f"{record['id']}#{number}", lang=turn["lang"], question=turn["question"],
            answers=tuple(turn["answers"]), proposal=turn["proposal"], section=turn["section"],
            measure=turn["measure"], evidence=turn["evidence"], type=turn["type"],
            style=turn["style"], line=line, doc=turn.get("doc"))
        scope = turn["scope"]
        turns.append(DialogueTurn(item, turn["follows"], scope.get("doc"),
                                  scope.get("proposal")))
    return Dialogue(record["id"], record.get("lang", turns[0].item.lang), tuple(turns), line)
