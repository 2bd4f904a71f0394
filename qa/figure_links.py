"""How the figures of one clause relate to each other and to the words naming them.

A report lists figures in ways a figure's own few characters do not show: "A、B分别达x、y"
and "城乡…815元和615元" give each figure a subject of its own; "改造供热、燃气管网800公里、600
公里" pairs a run of figures with a run of items; "由21%提升至74%" states a change, old to
new; "27微克/立方米、下降11.5%" goes on about the figure before. qa/figures.py reads these
links once per span to name each figure by the right words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from .data import load_table
from .numbers import Quantity

SEPARATORS = "、，,；;。：:\n"
# "A、B、C分别达x、y、z": the i-th subject belongs to the i-th figure after 分别.
RESPECTIVELY_RE = re.compile(r"([^，,；;。：:]*?)分别")
# A change from an old figure to a new one: "由" or "从" a few characters before the old
# figure, then a unit and a verb of change up to 至/到/为 before the new one (and the year
# it stands in: "从2020年的3.68万亿元增长到2025年的4.93万亿元").
CHANGE_FROM_RE = re.compile(r"[由从][^由从]{0,12}$")
CHANGE_TO_RE = re.compile(r"[^\d，,；;。、]{0,6}?(?:至|到|为)(?:\d{4}年(?:底|末)?的?)?")
# Between a figure and one that goes on about the same thing: a unit, a comma and a verb
# of change or attainment alone ("1347万吨、增长2.1%", "首次突破2万元、达到20793元"), or the
# share it makes ("装机达到9048万千瓦，占比55.1%").
GROWTH_AFTER_RE = re.compile(r"[^\d，,；;。、]{0,8}[、，,](?:同比|比上年|较上年)?"
                             r"(?:增长|下降|提高|降低|增加|减少|上升|回落|增|降|(?P<reached>达到|达)"
                             r"|突破|超过|占比(?:达到|达|为|超过|超)?|"
                             r"占[^\d，,；;。、]{0,6}?(?:比重|比例)(?:达到|达|为|超过|超)?)了?")
# Words that name a figure as the whole so far: a total of some measure, or the cumulative
# figure ("总里程达909公里", "累计达8000处").
# (the measures a whole is named by also where a question asks it: qa/query.py "总里程")
MEASURE_NOUNS = "规模|里程|长度|面积|产量|人数|数量|容量"
TOTAL_WORDS = rf"总(?:额|量|数|值|{MEASURE_NOUNS})|累计"
# Between a change and the level it brought: "外贸进出口增长8.4%，总额突破8000亿元",
# "新增运营里程30公里，总里程达909公里", "新增1000处信号灯联网、累计达8000处".
TOTAL_AFTER_RE = re.compile(rf"[^\d，,；;。、]{{0,4}}[，,、](?:{TOTAL_WORDS}|规模)"
                            r"(?:首次)?(?:达到|达|突破|超过|为)?")
# Between the figures of a pair: a unit, then 和/、/与/及 ("815元和615元", "4.4%、5.9%").
PAIR_JOIN_RE = re.compile(r"[^\d，,；;。]{0,4}?[和、与及]")


def growths(text: str, quantities: list[Quantity]) -> dict[int, tuple[int, bool]]:
    """Figure → the figure after it that only goes on about the same thing — how it
    changed ("…27微克/立方米、下降11.5%") or what it reached ("突破2万元、达到20793元") —
    and whether that one is the exact figure the first only approached (达/达到 it)."""
    found = {}
    for i, (first, then) in enumerate(pairwise(quantities)):
        match = GROWTH_AFTER_RE.fullmatch(text, first.end, then.start)
        if match:
            found[i] = (i + 1, match.group("reached") is not None)
    return found


def totals(text: str, quantities: list[Quantity]) -> dict[int, int]:
    """Change → the total after it that the same words name ("外贸进出口增长8.4%，总额突破
    8000亿元": 总额 is the trade's)."""
    return {i: i + 1 for i, (first, then) in enumerate(pairwise(quantities))
            if TOTAL_AFTER_RE.fullmatch(text, first.end, then.start)}


# A clause that opens with a verb of attainment has no subject of its own: the clause before
# it names what attained the figure ("全省进出口总值创历史新高，达到5379亿元").
SUBJECTLESS_RE = re.compile(r"(?:并|已|首次|累计|总计|合计)?(?:达到|达|突破|超过|增长到|增加到|"
                            r"增至|提高到|提高至|提升到|提升至|上升到|上升至|降至|降到)了?")
CLAUSE_MARKS = "，,；;"


# A clause that names only a measure of something, no thing ("新增里程590公里", "总量达
# 120万户"), measures what the clause before it names ("10个县区通了新的高速公路"), though
# that clause counts something of its own.
MEASURE_ONLY_RE = re.compile(r"(?:新增|新建|净增|累计)?(?:通车|运营|建成)?"
                             r"(?:里程|规模|总量|总额|数量|面积|长度)"
                             r"(?:首次)?(?:达到|达|突破|超过|为|增至|增加到|增长到)?了?")


def subjects_before(text: str, quantities: list[Quantity]) -> dict[int, str]:
    """Figure → the clause before its own, when its clause opens with a verb of attainment
    and names nothing before the figure, and that clause holds no figure to be about; or
    when its clause names only a measure, no thing (MEASURE_ONLY_RE)."""
    found = {}
    for i, quantity in enumerate(quantities):
        opens = max(text.rfind(mark, 0, quantity.start) for mark in CLAUSE_MARKS)
        if opens <= 0:
            continue
        subjectless = SUBJECTLESS_RE.fullmatch(text, opens + 1, quantity.start)
        if not subjectless and not MEASURE_ONLY_RE.fullmatch(text, opens + 1, quantity.start):
            continue
        before = max(text.rfind(mark, 0, opens) for mark in CLAUSE_MARKS + "。") + 1
        if not subjectless or (not any(before <= q.start < opens for q in quantities)
                               and not any(ch.isdigit() for ch in text[before:opens])):
            found[i] = text[before:opens]
    return found


def changes(text: str, quantities: list[Quantity]) -> dict[int, int]:
    """Old figure → new figure, for each change from one to the other the text states
    ("由21%提升至74%", "从2110公里增至3055公里", "由5元提高到10元")."""
    found = {}
    for i, (old, new) in enumerate(pairwise(quantities)):
        clause = text[max(text.rfind(s, 0, old.start) for s in SEPARATORS) + 1:old.start]
        if CHANGE_FROM_RE.search(clause) and CHANGE_TO_RE.fullmatch(text, old.end, new.start):
            found[i] = i + 1
    return found


def respective_subjects(text: str, quantities: list[Quantity]) -> dict[int, str]:
    """Figure index → its subject, when text lists subjects and then 分别 their figures, or
    names them in one paired word ("城乡") and gives a figure for each ("815元和615元"). A
    分别 with no subject of its own goes on with the subjects of the one before ("一产、二产、
    三产增加值分别增长6%、5.2%、5.2%，分别居全国第二、第七、第九")."""
    matches = list(RESPECTIVELY_RE.finditer(text))
    if not matches:
        return _paired_subjects(text, quantities)
    found: dict[int, str] = {}
    subjects: list[str] = []
    for match in matches:
        if match.group(1):
            subjects = _shared_tail(_shared_head(re.split(r"[、和及与]", match.group(1))))
            if len(subjects) == 1:  # "城乡居民低保月均标准分别…": the subjects are in one word
                subjects = _unpaired(subjects[0])
        after = [i for i, q in enumerate(quantities) if q.start >= match.end()][:len(subjects)]
        if len(subjects) < 2 or len(subjects) != len(after):
            if match is matches[0]:
                return {}
            continue
        # "…分别增长4.4%、5.9%": the verb after 分别 leads to every figure of the list.
        verb = text[match.end():quantities[after[0]].start]
        found.update(zip(after, (subject + verb for subject in subjects), strict=True))
    return found


# Words closing a list's last subject that measure every one of them: "城乡居民基础养老金、
# 低保标准每月分别提高25元、50元" raises both per month.
SHARED_TAIL_RE = re.compile(r"(?:每人)?每[年月日天]|月均|年均|同比|比上年")


def _shared_tail(subjects: list[str]) -> list[str]:
    """The time or comparison words closing the last subject, given to the others too."""
    *firsts, last = subjects
    tail = next((m.group() for m in SHARED_TAIL_RE.finditer(last) if m.end() == len(last)), "")
    if not firsts or not tail or len(last) == len(tail):
        return subjects
    return [s if s.endswith(tail) else s + tail for s in firsts] + [last]


def _shared_head(subjects: list[str]) -> list[str]:
    """"一产、二产、三产增加值" → 一产增加值, 二产增加值, 三产增加值: when every subject but the
    last is as long as the others, what the last has beyond that length is the head they
    share ("城镇、农村居民人均可支配收入": 城镇居民人均可支配收入 too)."""
    *firsts, last = subjects
    size = len(firsts[0]) if firsts else 0
    if not firsts or any(len(s) != size for s in firsts) or len(last) <= size:
        return subjects
    head = last[size:]
    return [s + head for s in firsts] + [last]


def _paired_subjects(text: str, quantities: list[Quantity]) -> dict[int, str]:
    """"城乡低保标准提高到每月815元和615元": a paired word, then in the same clause as many
    figures as it joins, one after another ("和", "、", "与" between them)."""
    for word, parts in paired_words().items():
        at = text.find(word)
        if at < 0:
            continue
        clause_end = min([p for p in (text.find(s, at) for s in "，,；;。") if p >= 0]
                         + [len(text)])
        inside = [i for i, q in enumerate(quantities) if at < q.start < clause_end]
        run = inside[:len(parts)]
        joined = all(PAIR_JOIN_RE.fullmatch(text, quantities[a].end, quantities[b].start)
                     for a, b in pairwise(run))
        if len(inside) == len(parts) and joined:
            subject = text[max(text.rfind(s, 0, at) for s in SEPARATORS) + 1:
                           quantities[run[0]].start]
            return dict(zip(run, _unpaired(subject), strict=True))
    return {}


def _unpaired(subject: str) -> list[str]:
    """"城乡居民低保标准" → ["城镇居民低保标准", "农村居民低保标准"]; [subject] when it
    holds no paired word."""
    for word, parts in paired_words().items():
        if word in subject:
            return [subject.replace(word, part, 1) for part in parts]
    return [subject]


@lru_cache(maxsize=1)
def paired_words() -> dict[str, list[str]]:
    """The paired-word table (qa/data/paired_words.toml), longest word first."""
    table = {word: parts for word, parts in load_table("paired_words.toml").items()
             if isinstance(parts, list)}
    return {word: table[word] for word in sorted(table, key=len, reverse=True)}


@lru_cache(maxsize=1)
def _english_parts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    named = load_table("paired_words.toml")["english"]
    return tuple((part, re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I))
                 for part, words in named.items())


@lru_cache(maxsize=1)
def _part_aliases() -> dict[str, tuple[str, ...]]:
    return {part: tuple(words)
            for part, words in load_table("paired_words.toml")["aliases"].items()}


def names_part(text: str, part: str) -> bool:
    """Whether text names the part, in its own or another word ("其中农村居民收入…",
    "城市低保…" for 城镇), or the whole it is a part of, whose figures then come for each
    part ("城乡居民低保月均标准分别提高到798元和676元")."""
    return any(word in text for word in (part, *_part_aliases().get(part, ()))) or any(
        whole in text for whole, parts in paired_words().items() if part in parts)


def parts_asked(question: str) -> tuple[str, ...]:
    """The one part of a pair a question asks about, in the documents' words ("农村居民收入
    增长多少？", "… for rural residents?" → 农村); () when it names none, both, or the
    whole ("城乡")."""
    for whole, parts in paired_words().items():
        named = [p for p in parts if p in question or any(
            p == part and pattern.search(question) for part, pattern in _english_parts())]
        if whole in question or len(named) != 1:
            continue
        return (named[0],)
    return ()


def listed_subjects(text: str, quantities: list[Quantity]) -> dict[int, str]:
    """Figure index → its item, for a run of figures joined by 、 ("800公里、600公里、300公里")
    that follows as many items joined by 、 ("改造老旧供热、燃气、排水管网")."""
    for first in range(len(quantities) - 1):
        run = [first]
        while run[-1] + 1 < len(quantities):
            gap = text[quantities[run[-1]].end:quantities[run[-1] + 1].start]
            if not re.fullmatch(r"[^\d，,；;。、]{0,4}、", gap):
                break
            run.append(run[-1] + 1)
        if len(run) < 2:
            continue
        start = quantities[first].start
        head = text[max(text.rfind(m, 0, start) for m in "，,；;。：:") + 1:start]
        subjects = head.split("、")
        if len(subjects) == len(run) and all(subjects):
            return dict(zip(run, _items(subjects), strict=True))
    return {}


def _items(subjects: list[str]) -> list[str]:
    """The items of a list whose first carries the verb and whose last the head noun
    ("改造老旧供热", "燃气", "排水管网" → "供热", "燃气", "排水"): each cut to the length of
    the shortest middle item (or of the shorter end item when there is no middle)."""
    middle = subjects[1:-1]
    size = min(map(len, middle)) if middle else min(len(subjects[0]), len(subjects[-1]))
    return [subjects[0][-size:], *middle, subjects[-1][:size]]
