"""Page leftovers: the web-page chrome that comes along when a report is copied off a site.

Reports saved from news and government sites start with toolbar and breadcrumb lines
("下载", "打印", "【字号：", "加大", "】", "您的位置:", "首页", ">") and end with link lines
("相关报道：", "上一篇", "打印本页", "关闭窗口"). Left in, they become chunks that match no
question and spoil the title found in the first lines.

They are removed as whole lines, and only where chrome sits: in the head (the lines before
the salutation or the first sentence of prose) and in the run of lines after the last line
of content. A "打印" inside the report is the report's word, not a button. Lines that
carry metadata (来源：…, 时间：…) are never removed. Nothing else changes: the kept lines
keep their exact characters and line breaks, so a file without leftovers at the top keeps
its offsets.

The words are data: edit the tuples below, not the code.
"""

from __future__ import annotations

import re

# A line whose text (decoration stripped, see _core) is exactly one of these.
LEFTOVER_LINES = (
    "下载", "打印", "全屏", "收藏", "分享", "加大", "还原", "减小", "默认", "大", "中", "小",
    "首页", "返回首页", "返回顶部", "打印本页", "关闭窗口", "关闭本页", "打印此页",
    "相关报道", "相关文档", "相关链接", "相关阅读", "相关新闻", "扫一扫在手机打开当前页",
    "点击图片进入专题", "微信", "微博", "QQ空间", "我要纠错",
)  # fmt: skip
# A line that starts with one of these (the rest is a link title, a count or a size menu).
LEFTOVER_PREFIXES = (
    "上一篇", "下一篇", "分享到", "字号", "字体", "阅读量", "阅读次数", "浏览次数", "访问量",
    "您的位置", "当前位置", "您现在的位置", "首页>", "首页 >", "编辑：", "编辑:", "责任编辑",
)  # fmt: skip
# Lines that are never leftovers, whatever else they hold.
KEPT_PREFIXES = ("来源", "时间", "发布时间", "发表时间", "发文日期", "成文日期")
# Stripped from both ends before the comparison; a line of nothing but these is a leftover.
DECORATION = " \t\u3000\xa0【】[]《》<>«»‹›|｜·•*-–—:：×✕/\\"
BREADCRUMB_SEPARATORS = (">", ">>", "»", "›", "/", "\\", "＞")
MAX_CRUMB_CHARS = 10  # a breadcrumb item is a channel name: "云南要闻", "政府信息公开"
MAX_HEAD_LINES = 40

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_PROSE = re.compile(r"[。！？；!?;]")
_SEPARATORS = re.compile("[" + re.escape(DECORATION) + "]+")


def _core(line: str) -> str:
    return line.strip(DECORATION)


def is_leftover(line: str) -> bool:
    """True for a chrome line: toolbar words, a link line, or a line of symbols only."""
    stripped = line.strip()
    if not stripped or stripped.lstrip("（(").startswith(KEPT_PREFIXES):
        return False
    core = _core(stripped)
    if not core or core in LEFTOVER_LINES or core.startswith(LEFTOVER_PREFIXES):
        return True
    # A toolbar on one line, as HTML pages give it: "【字号：大 中 小】 【打印】 【关闭窗口】".
    words = [word for word in _SEPARATORS.split(core) if word]
    return len(words) > 1 and all(_is_leftover_word(word) for word in words)


def _is_leftover_word(word: str) -> bool:
    return word in LEFTOVER_LINES or word.startswith(LEFTOVER_PREFIXES)


def _is_prose(line: str) -> bool:
    return bool(_PROSE.search(line)) or len(line.strip()) > 80


def _head_keep(lines: list[str]) -> list[bool]:
    """Which head lines to keep: leftovers and breadcrumb items go, up to the first prose."""
    keep = [True] * len(lines)
    previous = ""  # the previous line's stripped text
    crumb = None  # the breadcrumb item removed last, dropped again if it repeats at once
    for i, line in enumerate(lines[:MAX_HEAD_LINES]):
        text = line.strip()
        if _is_prose(text):
            break
        is_crumb = (
            previous in BREADCRUMB_SEPARATORS
            and 0 < len(text) <= MAX_CRUMB_CHARS
            and not text.startswith(KEPT_PREFIXES)
        )
        if is_leftover(text) or is_crumb or (crumb is not None and text == crumb):
            keep[i] = False
            crumb = text if is_crumb else crumb if text == crumb else None
        elif text.endswith((":", "：")) and not text.startswith(KEPT_PREFIXES):
            break  # the salutation ("各位代表：") opens the document itself
        else:
            crumb = None
        if text:
            previous = text
    return keep


def _tail_keep(lines: list[str]) -> list[bool]:
    """Drop the lines after the last line of content, if any of them is a leftover."""
    keep = [True] * len(lines)
    last = len(lines) - 1
    while last >= 0 and (not lines[last].strip() or is_leftover(lines[last])):
        last -= 1
    if any(is_leftover(line) for line in lines[last + 1 :]):
        keep[last + 1 :] = [False] * (len(lines) - last - 1)
    return keep


def strip_leftovers(text: str) -> str:
    """``text`` without the chrome lines at its head and tail; other lines untouched."""
    lines = _LINE.findall(text)
    head, tail = _head_keep(lines), _tail_keep(lines)
    return "".join(line for line, h, t in zip(lines, head, tail, strict=True) if h and t)
