"""When a figure stands: a plan (a target, what is to be done) or a result (what was done).

A government work report states both, often for the same measure: "地区生产总值增长5.4%"
in its review and "地区生产总值增长5%左右" among the year's targets; "力争到2030年…迈上4万亿
元新台阶" beside the year's 3.38万亿元. A question asks for one of them ("What was …'s GDP in
2025?", "今年的增长目标是多少？"). The words are data (qa/data/tense.toml); a figure's own
lead words decide first, the report section it sits in (review or tasks) second.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from .data import alternation, load_table

Tense = Literal["plan", "done", ""]
# Characters between a plan word and the result word it governs ("力争完成", "确保全面完成").
GOVERNED_GAP = 2


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    table = load_table("tense.toml")
    return {"question_plan_zh": alternation(table["question"]["plan"]["zh"]),
            "question_plan_en": alternation(table["question"]["plan"]["en"], re.I),
            "question_done_zh": alternation(table["question"]["done"]["zh"]),
            "question_done_en": alternation(table["question"]["done"]["en"], re.I),
            "figure_plan": alternation(table["figure"]["plan"]),
            "figure_done": alternation(table["figure"]["done"]),
            "section_plan": alternation(table["section"]["plan"]),
            "section_done": alternation(table["section"]["done"])}


def question_tense(text: str, lang: str) -> Tense:
    """"plan" when the question asks for a target or what is to be done, "done" when it asks
    what was done, "" when it says neither."""
    patterns = _patterns()
    if patterns[f"question_plan_{lang}"].search(text):
        return "plan"
    return "done" if patterns[f"question_done_{lang}"].search(text) else ""


@lru_cache(maxsize=16_384)
def figure_tense(lead: str, context: str, opening: str = "") -> Tense:
    """The tense of a figure from the words leading to it in its clause, else from the top
    section of the report it is in (context: the passage's heading path), else from the
    opening of its passage (passage_tense)."""
    patterns = _patterns()
    plans = list(patterns["figure_plan"].finditer(lead))
    dones = list(patterns["figure_done"].finditer(lead))
    if plans or dones:  # the word nearest the figure speaks for it …
        plan, done = (plans[-1] if plans else None), (dones[-1] if dones else None)
        if done is None or (plan is not None and plan.end() > done.end()):
            return "plan"
        # … unless a plan word governs it: "力争完成交通投资800亿元" is a target
        governed = any(0 <= done.start() - p.end() <= GOVERNED_GAP for p in plans)
        return "plan" if governed else "done"
    return passage_tense(context, opening)


def passage_tense(context: str, text: str) -> Tense:
    """The tense of a passage: its report section's, or where it stands under no heading at
    all (a report that reviews the year and sets its targets in the preamble) its own
    opening's: "刚刚过去的2025年，…" reviews, "今年经济社会发展的主要预期目标是：…" sets targets."""
    if _top_section(context):
        return section_tense(context)
    return opening_tense(text)


@lru_cache(maxsize=16_384)
def opening_tense(text: str) -> Tense:
    """The tense of the opening clause of text, read with the words of section headings."""
    opening = _OPENING_RE.match(text)
    words = opening.group() if opening else ""
    patterns = _patterns()
    if patterns["section_done"].search(words):
        return "done"
    return "plan" if patterns["section_plan"].search(words) else ""


# A passage's opening clause: up to its first comma, colon or full stop, a few words long.
_OPENING_RE = re.compile(r"[^，,：:。；;\n]{1,24}(?=[，,：:。；;])")


@lru_cache(maxsize=16_384)
def section_tense(context: str) -> Tense:
    """"done" in a report's review of past work, "plan" in its targets and tasks, "" in
    a section that is neither (context: the passage's heading path)."""
    patterns = _patterns()
    section = _top_section(context)
    if patterns["section_done"].search(section):
        return "done"
    return "plan" if patterns["section_plan"].search(section) else ""


def contradicts(asked: Tense, given: Tense) -> bool:
    """The figure stands the other way than asked (a target for a result, or the reverse).
    Only a contradiction counts: most clauses carry no sign of either, and a reward for a
    sign would pull answers to any clause that happens to say "达" or "完成"."""
    return bool(asked and given and asked != given)


def heading_path(context: str) -> str:
    """A passage's headings without the document's title that opens its context:
    "一、2025年工作回顾 › （二）…" of "2026年…报告：一、2025年工作回顾 › （二）…"."""
    return context.split("：", 1)[-1]


def _top_section(context: str) -> str:
    """"一、2025年工作回顾" of "2026年…报告：一、2025年工作回顾 › （二）…"."""
    return heading_path(context).split(" › ", 1)[0].split("\n", 1)[0]
