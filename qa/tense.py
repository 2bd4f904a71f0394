"""When a figure stands: a plan (a target, what is to be done) or a result (what was done).

A government work report states both, often for the same measure: "地区生产总值增长5.4%"
in its review and "地区生产总值增长5%左右" among the year's targets; "力争到2030年…迈上4万亿
元新台阶" beside the year's 3.38万亿元. A question asks for one of them ("What was …'s GDP in
2025?", "今年的增长目标是多少？"). The words are data (qa/data/tense.toml); a figure's own
lead words decide first, the report section it sits in (review or tasks) second.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Literal

Tense = Literal["plan", "done", ""]


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    with resources.files("qa.data").joinpath("tense.toml").open("rb") as handle:
        table = tomllib.load(handle)

    def joined(words: list[str], flags: int = 0) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{w})" for w in words), flags)

    return {"question_plan_zh": joined(table["question"]["plan"]["zh"]),
            "question_plan_en": joined(table["question"]["plan"]["en"], re.I),
            "question_done_zh": joined(table["question"]["done"]["zh"]),
            "question_done_en": joined(table["question"]["done"]["en"], re.I),
            "figure_plan": joined(table["figure"]["plan"]),
            "figure_done": joined(table["figure"]["done"]),
            "section_plan": joined(table["section"]["plan"]),
            "section_done": joined(table["section"]["done"])}


def question_tense(text: str, lang: str) -> Tense:
    """"plan" when the question asks for a target or what is to be done, "done" when it asks
    what was done, "" when it says neither."""
    patterns = _patterns()
    if patterns[f"question_plan_{lang}"].search(text):
        return "plan"
    return "done" if patterns[f"question_done_{lang}"].search(text) else ""


@lru_cache(maxsize=16_384)
def figure_tense(lead: str, context: str) -> Tense:
    """The tense of a figure from the words leading to it in its clause, else from the top
    section of the report it is in (context: the passage's heading path)."""
    patterns = _patterns()
    plan, done = patterns["figure_plan"].search(lead), patterns["figure_done"].search(lead)
    if plan or done:  # the word nearest the figure speaks for it
        return "plan" if done is None or (plan is not None and plan.end() > done.end()) \
            else "done"
    section = _top_section(context)
    if patterns["section_done"].search(section):
        return "done"
    return "plan" if patterns["section_plan"].search(section) else ""


def contradicts(asked: Tense, given: Tense) -> bool:
    """The figure stands the other way than asked (a target for a result, or the reverse).
    Only a contradiction counts: most clauses carry no sign of either, and a reward for a
    sign would pull answers to any clause that happens to say "达" or "完成"."""
    return bool(asked and given and asked != given)


def _top_section(context: str) -> str:
    """"一、2025年工作回顾" of "2026年…报告：一、2025年工作回顾 › （二）…"."""
    path = context.split("：", 1)[-1]
    return path.split(" › ", 1)[0].split("\n", 1)[0]
