"""Gold Q&A files: load them into typed items, and check every item against the bulletin.

The form (docs/architecture.md, "Gold files") is one JSON object per line::

    {"id", "lang": "zh"|"en", "question", "answers": [str], "proposal", "section",
     "measure", "evidence", "type": "number"|"fact"|"entity"|"unanswerable",
     "style": "literal"|"paraphrase"|"cross"}

plus, in a multi-document set, ``"doc": doc_id`` (the document the evidence is in, or the
one an unanswerable item asks about); its locations are null where that document has no
proposal structure, and the evidence string alone locates the passage.

``load_gold`` stops at the first line that is not in this form (naming the line);
``validate_gold`` checks the content against the source and lists every problem it finds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..types import Chunk
from .locate import EvalDoc, Location, evidence_spans
from .normalise import contains_answer, figures, same_figure

LANGS = ("zh", "en")
TYPES = ("number", "fact", "entity", "unanswerable")
STYLES = ("literal", "paraphrase", "cross")
FIELDS = ("id", "lang", "question", "answers", "proposal", "section", "measure", "evidence",
          "type", "style")


class GoldFormatError(InvalidInputError):
    """A gold file (or one of its lines) is not in the documented form."""


@dataclass(frozen=True)
class GoldItem:
    id: str
    lang: str
    question: str
    answers: tuple[str, ...]
    proposal: int | None
    section: int | None
    measure: int | None
    evidence: str
    type: str
    style: str
    line: int = 0  # line number in the file it came from, for messages
    doc: str | None = None  # the document it is about (multi-document sets)

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def location(self) -> Location | None:
        if self.proposal is None or self.section is None or self.measure is None:
            return None
        return Location(self.proposal, self.section, self.measure)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "lang": self.lang, "question": self.question,
                "answers": list(self.answers), "proposal": self.proposal,
                "section": self.section, "measure": self.measure, "evidence": self.evidence,
                "type": self.type, "style": self.style} | ({"doc": self.doc} if self.doc else {})


@dataclass(frozen=True)
class GoldProblem:
    item_id: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line} ({self.item_id}): {self.message}"


def json_lines(path: Path, what: str = "Gold file",
               hint: str = "") -> Iterator[tuple[int, Any]]:
    """(line number, decoded object) of each non-blank line of a JSON Lines file;
    GoldFormatError for a file that cannot be read or a line that is not JSON."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise GoldFormatError(f"{what} {path} does not exist{hint}.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(f"{what} {path} cannot be read as UTF-8 text ({exc}).") from exc
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            yield number, json.loads(raw)
        except json.JSONDecodeError as exc:
            raise GoldFormatError(f"{path}, line {number}: not valid JSON ({exc.msg}).") from exc


def load_gold(path: Path) -> list[GoldItem]:
    """Typed items of a gold file; GoldFormatError names the first malformed line."""
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    for number, record in json_lines(path, hint="; pass --gold FILE"):
        problems = record_problems(record)
        if problems:
            raise GoldFormatError(f"{path}, line {number}: " + "; ".join(problems) + ".")
        if record["id"] in seen:
            raise GoldFormatError(f"{path}, line {number}: id {record['id']!r} is already used "
                                  f"on line {seen[record['id']]}.")
        seen[record["id"]] = number
        items.append(_item(record, number))
    if not items:
        raise GoldFormatError(f"Gold file {path} holds no items.")
    return items


def record_problems(record: Any) -> list[str]:
    """What keeps one decoded line from being a gold item (empty list: it is one)."""
    if not isinstance(record, dict):
        return ["a line must be a JSON object"]
    missing = [name for name in FIELDS if name not in record]
    if missing:
        return [f"missing field(s) {', '.join(missing)}"]
    problems = []
    for name in ("id", "question"):
        if not isinstance(record[name], str) or not record[name].strip():
            problems.append(f"{name} must be a non-empty string")
    for name, allowed in (("lang", LANGS), ("type", TYPES), ("style", STYLES)):
        if record[name] not in allowed:
            problems.append(f"{name} must be one of {', '.join(allowed)}, got {record[name]!r}")
    answers = record["answers"]
    if not isinstance(answers, list) or not all(isinstance(a, str) and a.strip()
                                                for a in answers):
        problems.append("answers must be a list of non-empty strings")
    if not isinstance(record["evidence"], str):
        problems.append("evidence must be a string")
    if "doc" in record and record["doc"] is not None and (
            not isinstance(record["doc"], str) or not record["doc"].strip()):
        problems.append("doc must be a document id (a non-empty string) or null")
    for name in ("proposal", "section", "measure"):
        value = record[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 0):
            problems.append(f"{name} must be a non-negative integer or null, got {value!r}")
    return problems


def _item(record: dict[str, Any], line: int) -> GoldItem:
    return GoldItem(
        id=record["id"], lang=record["lang"], question=record["question"],
        answers=tuple(record["answers"]), proposal=record["proposal"],
        section=record["section"], measure=record["measure"], evidence=record["evidence"],
        type=record["type"], style=record["style"], line=line, doc=record.get("doc"))


def validate_gold(items: list[GoldItem], docs: dict[str, EvalDoc],
                  chunks: list[Chunk] | tuple[Chunk, ...]) -> list[GoldProblem]:
    """Every problem of every item against its document and the chunks."""
    problems: list[GoldProblem] = []
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            problems.append(GoldProblem(item.id, item.line, "duplicate id"))
        seen.add(item.id)
        doc = document_of(item, docs)
        messages = item_problems(item, doc, chunks) if doc is not None else [
            f"names document {item.doc!r}, which the index does not hold" if item.doc else
            "names no document (add \"doc\"), and the index holds several"]
        problems += [GoldProblem(item.id, item.line, message) for message in messages]
    return problems


def document_of(item: GoldItem, docs: dict[str, EvalDoc]) -> EvalDoc | None:
    """The document an item is about: the one it names, or the index's only one."""
    if item.doc:
        return docs.get(item.doc)
    return next(iter(docs.values())) if len(docs) == 1 else None


def item_problems(item: GoldItem, doc: EvalDoc,
                  chunks: list[Chunk] | tuple[Chunk, ...]) -> list[str]:
    """Content problems of one item (its form is already checked by the loader)."""
    shape = record_problems(item.to_json())
    if shape:
        return shape
    if not item.answerable:
        wrong = []
        if item.answers:
            wrong.append("answers must be []")
        if item.evidence:
            wrong.append('evidence must be ""')
        if any(v is not None for v in (item.proposal, item.section, item.measure)):
            wrong.append("proposal, section and measure must be null")
        return [f"unanswerable item: {w}" for w in wrong]
    if not item.answers:
        return ["an answerable item needs at least one answer"]
    if not item.evidence.strip():
        return ["an answerable item needs evidence"]
    if item.location is None and doc.tree is not None:
        return ["an answerable item needs proposal, section and measure (0 for none)"]
    spans = evidence_spans(doc.source, item.evidence)
    if not spans:
        return [f"evidence is not an exact substring of {doc.doc_id}: {item.evidence!r}"]
    problems = []
    own = [c for c in chunks if c.doc_id in ("", doc.doc_id)]
    if doc.tree is not None:
        found = sorted({loc for start, end in spans if (loc := doc.locate(start, end))})
        if item.location not in found:
            places = ", ".join(str(loc) for loc in found)
            problems.append(f"evidence sits at {places}, not at {item.location}")
        elif not any(c.start <= s and e <= c.end for s, e in spans for c in own
                     if doc.locate(s, e) == item.location):
            problems.append("no chunk holds the evidence whole (it crosses a chunk boundary "
                            "or lies in a heading kept only as context)")
    elif not any(c.start <= s and e <= c.end for s, e in spans for c in own):
        problems.append("no chunk holds the evidence whole (it crosses a chunk boundary)")
    problems += _answer_problems(item)
    return problems


def _answer_problems(item: GoldItem) -> list[str]:
    """Every numeric answer is in the evidence, as written or as the same figure written
    another way; of other answers, at least one is in the evidence."""
    evidence = item.evidence
    if item.type != "number":
        if any(contains_answer(evidence, answer) for answer in item.answers):
            return []
        return ["no answer appears in the evidence"]
    problems = []
    evidence_figures = [figure for figure, _ in figures(evidence)]
    for answer in item.answers:
        if contains_answer(evidence, answer):
            continue
        found = figures(answer)
        if not found:
            problems.append(f"numeric answer {answer!r} holds no number")
        elif not all(any(same_figure(f, e) for e in evidence_figures) for f in found):
            problems.append(f"numeric answer {answer!r} is not a figure of the evidence")
    return problems
