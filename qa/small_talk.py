"""Inputs that are not questions about the documents: greetings, thanks, "test", a lone
keyword, markup or code. Each gets the decline (with the nearest passages listed) instead
of a confident answer built from whatever passage happened to be nearest. The words are
data (qa/data/small_talk.toml)."""

from __future__ import annotations

import re
from functools import lru_cache

from .data import load_table
from .text import CJK_RE

_MARKUP_RE = re.compile(r"<[^>]*>|\{\{.*?\}\}|\{%.*?%\}|\$\{[^}]*\}|https?://\S+", re.S)
_CODE_CALL_RE = re.compile(r"[A-Za-z_][\w.]*\([^()]*\)")
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_PUNCTUATION_RE = re.compile(r"[\s\W_]+")


@lru_cache(maxsize=1)
def _phrases() -> frozenset[str]:
    table = load_table("small_talk.toml")
    return frozenset(_bare(p) for p in (*table["zh"], *table["en"]))


def _bare(text: str) -> str:
    return _PUNCTUATION_RE.sub("", text).lower()


def not_a_question(text: str) -> str | None:
    """Why text is not a question about the documents, or None when it may be one."""
    if _bare(text) in _phrases():
        return "small talk, not a question about the documents"
    prose = _CODE_CALL_RE.sub(" ", _MARKUP_RE.sub(" ", text))
    if prose != text and not CJK_RE.search(prose) and len(_WORD_RE.findall(prose)) < 2:
        return "markup or code, not a question"
    cjk, words = len(CJK_RE.findall(text)), len(_WORD_RE.findall(text))
    if cjk < 3 and words + (cjk > 0) < 2 and not re.search(r"\d", text):
        return "a lone word, not a question"
    return None
