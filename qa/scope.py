"""Which documents a question is about, from the places and kinds of document it names.

"北京今年GDP增长目标是多少？", "What did Jiangsu's report say about…", "武汉市政协建议案…"
each name a document of the corpus: the place in the document's file name or title, in
Chinese (full or short name) or English (qa/data/places.toml), or its kind ("建议案",
"work report"). A question naming none is about the whole corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .corpus import place_of
from .data import load_table
from .index import Index

# A place at the start of a title: "武汉市人民政府关于…", "2026年云南省政府工作报告".
TITLE_PLACE_RE = re.compile(
    r"^(?:(?:19|20)\d{2}年)?([\u4e00-\u9fff]{2,8}?(?:省|自治区|特别行政区|市))")
SUFFIX_RE = re.compile(r"(?:省|市|自治区|特别行政区|县|区)$")
BULLETIN, WORK_REPORT = "bulletin", "work_report"


@dataclass(frozen=True)
class NamedDocument:
    """What scoping needs to know of a document."""

    doc_id: str
    title: str
    kind: str  # BULLETIN, WORK_REPORT or ""


@cache
def _places() -> dict[str, Any]:
    return load_table("places.toml")


def kind_of(title: str, is_bulletin: bool) -> str:
    if is_bulletin:
        return BULLETIN
    return WORK_REPORT if "政府工作报告" in title else ""


class DocumentScope:
    """Finds the documents a question names, among the documents of one index."""

    def __init__(self, documents: Sequence[NamedDocument]) -> None:
        self._zh: defaultdict[str, set[str]] = defaultdict(set)  # Chinese alias → doc ids
        self._en: defaultdict[str, set[str]] = defaultdict(set)  # lower-case English → ids
        self._kinds: defaultdict[str, set[str]] = defaultdict(set)
        self._en_spelling: dict[str, str] = {}  # lower-case English name → as the table has it
        table = _places()
        for doc in documents:
            place = place_of(doc.doc_id) or _title_place(doc.title)
            if place:
                entry: dict[str, list[str]] = table["places"].get(place, {})
                bare = SUFFIX_RE.sub("", place)  # "某某县" → "某某", for places not in the table
                for alias in [place, *entry.get("short", []), *([bare] if len(bare) > 1 else [])]:
                    self._zh[alias].add(doc.doc_id)
                for alias in entry.get("en", []):
                    self._en[alias.lower()].add(doc.doc_id)
                    self._en_spelling[alias.lower()] = alias
            if doc.kind:
                self._kinds[doc.kind].add(doc.doc_id)
        self._cities = self._add_cities(table["places"])
        self._all = {d.doc_id for d in documents}
        # Places of the table no document is about, with a pattern of their English names:
        # worked out once here, not for every question.
        self._absent: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
        for place, entry in table["places"].items():
            names = (place, *entry.get("short", []))
            if any(n in self._zh for n in names):
                continue
            english = "|".join(re.escape(e) for e in entry.get("en", [])) or "(?!)"
            self._absent.append((names, re.compile(rf"\b(?:{english})\b", re.IGNORECASE)))
        self._kind_words = {kind: (words.get("zh", []), words.get("en", []))
                            for kind, words in table["kinds"].items()}
        self._absent_zh = sorted((n for names, _ in self._absent for n in names),
                                 key=len, reverse=True)
        # Every place name in one pattern each (longest first, so "内蒙古自治区" wins over
        # anything inside it): finding a question's places is one scan, not one per name.
        zh_names = sorted({*self._zh, *self._absent_zh}, key=len, reverse=True)
        self._place_zh_re = re.compile("|".join(map(re.escape, zh_names)) or "(?!)")
        en_names = [e for entry in table["places"].values()
                    for e in [*entry.get("en", []), *entry.get("cities_en", [])]]
        # (with the designation after the name: asked again of Guizhou, "the Guangxi Zhuang
        # Autonomous Region" is replaced whole, not left as "the Guizhou Zhuang …")
        english_names = "|".join(map(re.escape, sorted(en_names, key=len, reverse=True)))
        self._place_en_re = re.compile(
            rf"\b(?:the\s+)?(?:{english_names})\s+(?:(?:Zhuang|Hui|Uygur|Uyghur|Uighur)\s+)?"
            rf"Autonomous\s+Region(?:'s|’s)?\b|\b(?:{english_names})(?:'s|’s)?\b",
            re.IGNORECASE) if en_names else re.compile("(?!)")
        # Longest aliases first, so "内蒙古自治区" is read before anything inside it.
        self._zh_order = sorted(self._zh, key=len, reverse=True)
        self._en_re = re.compile(
            r"\b(" + "|".join(re.escape(a) for a in sorted(self._en, key=len, reverse=True))
            + r")(?:'s|’s)?\b", re.IGNORECASE) if self._en else None

    def _add_cities(self, places: dict[str, Any]) -> set[str]:
        """Cities of the provinces the documents are about, as names of those documents
        ("西安" of Shaanxi's report), except a city a document is about itself; returns
        the aliases added (a city never names its province's document in a rewrite)."""
        added: set[str] = set()
        for place, entry in places.items():
            ids = self._zh.get(place)
            if not ids:
                continue
            for city in entry.get("cities", []):
                if city not in self._zh:
                    self._zh[city] = set(ids)
                    added.add(city)
            for city in entry.get("cities_en", []):
                if city.lower() not in self._en:
                    self._en[city.lower()] = set(ids)
                    self._en_spelling[city.lower()] = city
                    added.add(city.lower())
        return added

    def named_in(self, question: str) -> tuple[str, ...]:
        """Ids of the documents the question names (sorted); () when it names none, or
        when it names every document (no narrowing)."""
        found: set[str] = set()
        rest = question
        for alias in self._zh_order:
            if alias in rest:
                found |= self._zh[alias]
                rest = rest.replace(alias, " ")
        if self._en_re is not None:
            for match in self._en_re.finditer(question):
                found |= self._en[match.group(1).lower()]
        if not found:
            found = self._kind_named(question)
        return tuple(sorted(found)) if found and found != self._all else ()

    def name_of(self, doc_id: str, lang: str) -> str | None:
        """The shortest name of a place (Chinese, or English when lang is "en") that names
        exactly this document, for writing it into a question ("北京", "Beijing"); None
        when no place names it alone."""
        names = self._en if lang == "en" else self._zh
        fitting = [alias for alias, ids in names.items()
                   if ids == {doc_id} and alias not in self._cities]
        if lang == "en":  # the table's spelling, capitalised as written there
            fitting = [self._en_spelling.get(a, a) for a in fitting]
        return min(fitting, key=lambda a: (len(a), a)) if fitting else None

    def place_spans(self, question: str) -> list[tuple[int, int]]:
        """Where the question names a place, of a document or of none ("湖北"), as
        (start, end) offsets, longest names first and never overlapping."""
        spans = [m.span() for m in self._place_zh_re.finditer(question)]
        for match in self._place_en_re.finditer(question):
            if not any(s < match.end() and match.start() < e for s, e in spans):
                spans.append(match.span())
        return sorted(spans)

    def without_places(self, question: str) -> str:
        """The question with the places it names cut out ("北京今年GDP目标" → "今年GDP目标")."""
        for start, end in reversed(self.place_spans(question)):
            question = question[:start] + " " + question[end:]
        return " ".join(question.split())

    def without_frames(self, question: str) -> str:
        """The question without the words that name its document rather than ask anything
        ("according to its 2026 government work report", "在政府工作报告里"): once they have
        chosen the documents, they only draw the search to the documents' titles."""
        for pattern in _frames():
            question = pattern.sub(" ", question)
        return " ".join(question.split())

    def absent_places(self, question: str) -> list[tuple[str, ...]]:
        """Places of the table the question names that no document of the index is about,
        each as its names (full name first): "湖北的报告是谁作的？" over reports of other
        provinces asks about a document the corpus lacks."""
        return [names for names, english in self._absent
                if any(n in question for n in names) or english.search(question)]

    def _kind_named(self, question: str) -> set[str]:
        lowered = question.lower()
        for kind, (zh, en) in self._kind_words.items():
            if any(w in question for w in zh) or any(w.lower() in lowered for w in en):
                return set(self._kinds.get(kind, ()))
        return set()


@cache
def _frames() -> tuple[re.Pattern[str], ...]:
    frames = _places().get("frames", {})
    return tuple([re.compile(p) for p in frames.get("zh", [])]
                 + [re.compile(p, re.IGNORECASE) for p in frames.get("en", [])])


def named_documents(index: Index) -> list[NamedDocument]:
    """The documents of an index as scoping sees them (a bulletin has numbered proposals)."""
    bulletins = {c.doc_id for c in index.chunks if c.proposal}
    return [NamedDocument(d.doc_id, d.title, kind_of(d.title, d.doc_id in bulletins))
            for d in index.documents]


def _title_place(title: str) -> str | None:
    match = TITLE_PLACE_RE.match(title)
    return match.group(1) if match else None
