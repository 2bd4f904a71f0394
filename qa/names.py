"""What in a question names something rather than asks about it.

"What was Hebei's GDP in 2025, according to the province's 2026 government work report?"
asks about 2025: 2026 is the year of the report's name. "How large had the economy grown by
the end of the 14th Five-Year Plan?" asks for a result: "Plan" is part of a name. "Who was
given the 'Model of the Times' title?" counts no times: a quoted stretch is a name. Reading
the question's years, tense, period and units with these names in would decline the first
(the passage "says nothing about 2026"), look for a target in the second and a count in
the third. The words are data (qa/data/names.toml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import alternation, load_table

YEAR_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# A quoted stretch in an English question: "…", “…”, ‘…’, or '…' opened where no word ends
# (not "Anhui's"). (Chinese questions quote the periods they ask about, “十四五”: kept.)
QUOTED_RE = re.compile(r"“[^“”]{1,40}”|‘[^‘’]{1,40}’|\"[^\"]{1,40}\"|"
                       r"(?<![A-Za-z0-9])'[^']{1,40}'(?![A-Za-z])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    table = load_table("names.toml")
    return {f"{part}_{lang}": alternation(words, re.I if lang == "en" else 0)
            for part, by_lang in table.items() for lang, words in by_lang.items()}


def without_names(text: str, lang: str) -> str:
    """text with quoted names and the years of the documents it names blanked out, and a
    plan's name read as a period ("the 14th Five-Year Plan" → "the 14th Five-Year "); all
    else as it was."""
    patterns = _patterns()
    if lang == "en":
        text = QUOTED_RE.sub("name", text)  # a word still: "the 'dual carbon' target"
    text = patterns[f"document_year_{lang}"].sub(
        lambda match: YEAR_RE.sub(" ", match.group()), text)
    named_plan = patterns.get(f"named_plan_{lang}")
    if named_plan is not None:
        text = named_plan.sub(lambda match: match.group()[:-4], text)
    return text


def asked_years(text: str, lang: str) -> tuple[str, ...]:
    """The years the question asks about: those it names outside a document's name."""
    return tuple(dict.fromkeys(YEAR_RE.findall(without_names(text, lang))))
