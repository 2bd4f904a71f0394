"""Officials named in the text, and the title a question asks about.

A bulletin names people as title + name ("市长盛阅春", "秘书长杨相卫"). A title followed by
any two characters is not enough ("分管副市长对口领办" names nobody), so the name must start
with a common surname. A question about a title ("副秘书长是谁？", "Which vice mayor …")
is answered only by that very title: a vice mayor is not the mayor.
"""

from __future__ import annotations

import re

# The most common Chinese surnames (single characters; they cover most officials' names).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池乐匡钮习")
# Longest first, so "副秘书长" is read before "秘书长".
TITLES = ("副秘书长", "秘书长", "副市长", "市长", "副主席", "主席", "副书记", "书记",
          "副主任", "主任", "副局长", "局长", "副院长", "院长", "副部长", "部长",
          "副省长", "省长", "副区长", "区长")
_EN_TITLES: tuple[tuple[str, ...], ...] = (
    (r"\b(?:vice|deputy) mayor\b", "副市长"), (r"\bmayor\b", "市长"),
    (r"\b(?:vice|deputy) secretary[- ]general\b", "副秘书长"),
    (r"\bsecretary[- ]general\b", "秘书长"),
    (r"\b(?:vice|deputy) chair(?:man|woman|person)?\b", "副主席"),
    (r"\bchair(?:man|woman|person)?\b", "主席"),
    (r"\b(?:deputy|vice) (?:party )?secretary\b", "副书记"), (r"\bparty secretary\b", "书记"),
    (r"\b(?:vice|deputy) director\b", "副主任", "副局长"), (r"\bdirector\b", "主任", "局长"),
    (r"\b(?:vice|deputy) governor\b", "副省长"), (r"\bgovernor\b", "省长"),
)
# (A two-character name is often padded to three on a speaker line: "自治区主席 韦 韬".)
_NAME = f"[{SURNAMES}](?:[ \u3000]?[\u4e00-\u9fff]|[\u4e00-\u9fff]{{2}})"
# Reports set the name apart on the speaker line ("北京市市长 殷勇", "省长　王予波").
_GAP = "[ \u3000]?"


# The head of a provincial-level government is a 省长 in a province, a 主席 in an autonomous
# region and a 市长 in a municipality: asked for one, any of them answers ("广西的省长是谁？").
HEAD_OF_GOVERNMENT = {"省长": ("主席", "市长"), "副省长": ("副主席", "副市长")}


def asked_titles(question: str) -> tuple[str, ...]:
    """The titles a question names, as written in the documents' Chinese (with the other
    names of the same office)."""
    found: list[str] = []
    rest = question
    for title in TITLES:
        if title in rest:
            found.append(title)
            rest = rest.replace(title, " ")
    lowered = question.lower()
    for pattern, *titles in _EN_TITLES:
        if re.search(pattern, lowered):
            found += titles
            lowered = re.sub(pattern, " ", lowered)
    found += [same for title in list(found) for same in HEAD_OF_GOVERNMENT.get(title, ())]
    return tuple(dict.fromkeys(found))


def names_official(text: str, titles: tuple[str, ...] = ()) -> bool:
    """Whether text names a person under one of titles (any title when none is given)."""
    for title in titles or TITLES:
        deputy = "" if title.startswith("副") else "(?<!副)"
        if re.search(f"{deputy}{title}{_GAP}{_NAME}", text):
            return True
        # … or the name before the title, as an address names one ("杨智主席、各位副主席"):
        # a name of two or three characters standing alone before it
        if not title.startswith("副") and re.search(
                f"(?<![\u4e00-\u9fff])[{SURNAMES}](?:(?!副)[\u4e00-\u9fff]){{1,2}}{title}", text):
            return True
    return False
