"""Writing a scope into a follow-up question: the mentions of the scope it changes cut or
replaced ("What about proposal 2?" → the previous question with "proposal 2" for
"proposal 3"), or the inherited scope written in where the follow-up points back to it
("其中…" → "3号建议案中…", "their" → "Hubei's", "under it" → "under proposal 3") or, where
it points nowhere, added ("关于…，", "… in Hubei?")."""

from __future__ import annotations

import re

from .elliptical import ZH_LEAD_RE
from .mentions import Mention


def cut(text: str, spans: list[Mention]) -> str:
    for mention in sorted(spans, key=lambda m: m.start, reverse=True):
        text = text[:mention.start] + " " + text[mention.end:]
    return text


def replace_mentions(text: str, old: list[Mention], written: str) -> str:
    """The first old mention becomes written; any further ones of that kind go."""
    for mention in sorted(old, key=lambda m: m.start, reverse=True):
        new = written if mention is old[0] else ""
        if mention.text.endswith(("'s", "’s")):
            new += "'s" if new else ""
        if mention.text.startswith(("in ", "for ", "of ")):
            new = mention.text.split(" ", 1)[0] + " " + new if new else ""
        text = text[:mention.start] + new + text[mention.end:]
    return re.sub(r"  +", " ", text)


def add_scope(text: str, written: str, lang: str) -> str:
    """Writes a scope into a question that names none of its kind."""
    if lang == "zh":
        return written + text
    stem, mark = (text[:-1], text[-1]) if text[-1:] in "?？." else (text, "?")
    return f"{stem.rstrip()} in {written}{mark}"


def insert_scope(text: str, written: str, lang: str) -> str:
    """Writes the inherited scope where the follow-up points back to it."""
    if lang == "zh":
        if "其中" in text:
            return text.replace("其中", f"{written}中", 1)
        for pronoun in ("它们的", "它的", "他们的", "该省的", "该市的", "其"):
            if pronoun in text:
                return text.replace(pronoun, f"{written}的", 1)
        return f"关于{written}，{ZH_LEAD_RE.sub('', text)}"
    # ("on its own", "on their own" point back to nothing: "new energy on its own")
    possessive = re.search(r"\b(?<!on )(?:its|their)\b(?! own\b)", text, re.IGNORECASE)
    if possessive:
        return text[:possessive.start()] + f"{written}'s" + text[possessive.end():]
    # "… built under it?" after a question on proposal 3: "it" is the scope itself
    governed = EN_SCOPE_PRONOUN_RE.search(text)
    if governed:
        return text[:governed.start("pronoun")] + written + text[governed.end("pronoun"):]
    return add_scope(text, written, lang)


# A pronoun after a preposition of scope, at the question's end: "under it", "in that one".
EN_SCOPE_PRONOUN_RE = re.compile(r"\b(?:under|in|from|of|by)\s+(?P<pronoun>it|that one|this one)"
                                  r"\s*[?.!]*$", re.IGNORECASE)
