"""Metadata: title, date and speaker of a document, read from its first lines.

Government documents open the same way in many layouts: a title ("2026年北京市政府工作
报告", or one wrapped over two lines), a session line ("——2026年1月25日在北京市第十六届
人民代表大会第四次会议上", also in brackets or with the speaker after it), the speaker
("北京市市长 殷勇", "省长\u3000王予波", "市人民政府秘书长杨相卫"), and from news sites
"来源：" and "时间：" lines in between. The rules below look for those shapes rather than
for positions, so a photo caption or a reprinted header in front does not shift them.
Everything is read from the cleaned text (leftovers.py has run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOC_WORDS = ("报告", "通报", "通知", "决定", "意见", "公告", "公报", "决议", "规划", "纲要",
             "方案", "办法", "规定", "条例", "批复", "讲话", "建议案")  # fmt: skip
ROLE_WORDS = ("秘书长", "委员长", "省长", "市长", "区长", "县长", "州长", "盟长", "主席",
              "书记", "主任", "部长", "厅长", "局长", "负责人")  # fmt: skip
DATE_LABELS = ("时间", "发布时间", "发表时间", "发文日期", "成文日期")
SOURCE_LABELS = ("来源",)
MAX_TITLE_CHARS = 60
FIRST_LINES = 15  # how many non-empty lines count as "the first lines"

_SESSION = re.compile(
    r"^[—―─－\-–~～\s（(]*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在"
    r"[^，。]{2,60}?(?:会议|大会|会)上\s*[)）]?\s*(.*)$"
)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_ONLY = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_LABEL = re.compile(r"^[（(]?\s*([\u4e00-\u9fff]{2,4})\s*[：:]\s*(.*?)[)）]?$")
_PROSE = re.compile(r"[。！？；，!?;]")
_HAN = "\u3400-\u9fff"
_SPEAKER = re.compile(
    rf"^(?:[{_HAN}]{{0,20}}?(?:{'|'.join(ROLE_WORDS)}))?\s*[{_HAN}][{_HAN}·•\s]{{1,12}}$"
)
_NAME_GAP = re.compile(rf"(?<=\s[{_HAN}])\s(?=[{_HAN}]$)")  # "韦 韬" -> "韦韬"


@dataclass(frozen=True)
class Metadata:
    title: str | None
    date: str | None
    speaker: str | None


def _norm(line: str) -> str:
    """Whitespace collapsed; Markdown heading marks ("# 标题") are not part of a title."""
    return " ".join(line.replace("\u3000", " ").split()).lstrip("#").strip()


def _iso(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups()[:3])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _label(line: str, labels: tuple[str, ...]) -> str | None:
    """The value of a "时间：…" style line if its label is one of ``labels``, else None."""
    match = _LABEL.match(line)
    return match.group(2) if match and match.group(1) in labels else None


def is_field_line(line: str) -> bool:
    """A 来源/时间 line or a bare timestamp: metadata, never title nor speaker."""
    labels = DATE_LABELS + SOURCE_LABELS
    return _label(line, labels) is not None or bool(_DATE_ONLY.match(line))


def _has_role(line: str) -> bool:
    return any(role in line for role in ROLE_WORDS)


def _is_speaker(line: str) -> bool:
    """A title+name line, or (after a session line only) a bare name like "毛伟明"."""
    if not _SPEAKER.match(line) or any(word in line for word in (*DOC_WORDS, "代表")):
        return False
    return _has_role(line) or len(line.replace(" ", "")) <= 4


def _is_titleish(line: str) -> bool:
    return (
        0 < len(line) <= MAX_TITLE_CHARS
        and not _PROSE.search(line)
        and not _SESSION.match(line)
        and not is_field_line(line)
        and "记者" not in line
        and not line.endswith("摄")  # a photo caption
    )


def _has_doc_word(line: str) -> bool:
    return any(word in line for word in DOC_WORDS)


def _title(lines: list[str]) -> str | None:
    found = next((i for i, ln in enumerate(lines) if _is_titleish(ln) and _has_doc_word(ln)), None)
    if found is None:  # the first line that could be a title at all
        return next((ln for ln in lines if _is_titleish(ln) and not _has_role(ln)), None)
    title = lines[found]
    before = lines[found - 1] if found > 0 else ""
    after = lines[found + 1] if found + 1 < len(lines) else ""
    # A title the source wraps: "X关于Y" + "Z的通报"; joined either way round.
    if (
        "关于" in before
        and "关于" not in title
        and _is_titleish(before)
        and not _has_doc_word(before)
    ):
        title = before + title
    elif not title.endswith(DOC_WORDS) and _is_titleish(after) and after.endswith(DOC_WORDS):
        title = title + after
    return title


def _date_and_speaker(lines: list[str]) -> tuple[str | None, str | None]:
    for i, line in enumerate(lines):
        session = _SESSION.match(line)
        if session is None:
            continue
        date = _iso(session)
        rest = _norm(session.group(4))
        if rest and _is_speaker(rest):
            return date, _NAME_GAP.sub("", rest)
        following = [ln for ln in lines[i + 1 : i + 6] if not is_field_line(ln)]
        if following and _is_speaker(following[0]):
            return date, _NAME_GAP.sub("", following[0])
        return date, None
    for i, line in enumerate(lines):
        value = _label(line, DATE_LABELS)
        if value is not None:
            date = _iso(_DATE.search(value or (lines[i + 1] if i + 1 < len(lines) else "")))
            if date:
                return date, None
    return None, None


def extract_metadata(text: str) -> Metadata:
    """Title, ISO date and speaker from the first lines of ``text`` (each None if absent)."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = _norm(raw)
        if not line:
            continue
        # The salutation opens the speech itself: the first lines are over.
        if len(lines) >= FIRST_LINES or (line.endswith((":", "：")) and not is_field_line(line)):
            break
        lines.append(line)
    date, speaker = _date_and_speaker(lines)
    return Metadata(title=_title(lines), date=date, speaker=speaker)
