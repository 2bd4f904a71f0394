"""The kind of thing a question asks for, and whether a span of text holds one.

"Which department led …" is answered by a span naming a bureau, "what is the policy
called" by a quoted name, "at which session" by a session number. Questions like these
share most of their words with the clauses around the answer, so the span that holds the
kind of thing asked for is the better answer.
"""

from __future__ import annotations

import re

from .people import SURNAMES, names_official

_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in [
        # The session proposals came from ("哪次会议的建议案"), not the one a report was given at.
        ("proposals_session", r"哪一?次(?:大会|会议|会)的?(?:建议|提案)|"
                              # … asked with the act of proposing: "哪次会议上提出的"
                              r"(?:建议|提案)[^？?]{0,20}?哪一?次(?:大会|会议|会)上?"
                              r"(?:提出|拿出|通过|形成|审议|提交)|"
                              r"\b(?:which|what) session(?:'s)? (?:proposals|motions)\b|"
                              r"\bproposals? (?:of|from|made at) (?:which|what) session\b|"
                              r"\b(?:adopted|put forward|submitted|raised|made) (?:at|in|by) "
                              r"(?:which|what) session\b|"
                              r"\b(?:which|what) session\b[^?]{0,40}?\b(?:adopt|put|"
                              r"submit|rais|propos|table)"),
        ("session", r"哪一?次(?:大会|会议|会)|第几次会|\b(?:which|what) (?:session|meeting)\b"),
        ("organisation", r"哪个部门|哪些部门|什么部门|哪个单位|哪些单位|哪家单位|什么单位|牵头单位|"
                         r"哪个(?:局|委|办|机构)|哪(?:家|些)机构|"
                         r"主办单位|\b(?:which|what) (?:[a-z-]+ ){0,2}?(?:department|bureau|"
                         r"bod(?:y|ies)|agenc(?:y|ies)|units?|offices?|authorit(?:y|ies))\b|"
                         r"\bhandling unit\b|\blead(?:ing)? unit\b"),
        ("company", r"哪家公司|哪家企业|哪些企业|哪些公司|哪家厂|\b(?:which|what) "
                    r"(?:[a-z-]+ ){0,2}?(?:compan(?:y|ies)|firms?|enterprises?|manufacturers?)\b"),
        ("person", r"谁|哪位|什么身份|什么职务|\bwho(?:m|se)?\b|\bwhich (?:[a-z-]+ ){0,2}?"
                   r"(?:governor|mayor|official|leader|chair(?:man|woman|person)?|secretary|"
                   r"director|head|minister|person)\b"),
        # Higher or lower than a yardstick: answered where the text compares
        ("comparison", r"比[\u4e00-\u9fff]{1,8}?(?:高|低|多|少|快|慢)|(?:高|多|快)还是(?:低|少|慢)|"
                       r"\b(?:higher|lower|faster|slower|above|below) (?:or (?:higher|lower|"
                       r"faster|slower|above|below) )?than\b|\bcompared? (?:with|to)\b"),
        # A title is the heading itself: 《关于…的建议案》, a document's first line.
        ("title", r"标题|题目|全称|全名|\b(?:full |official )?title\b|"
                  # A proposal's aim is its title: "关于…打造新时代制造强市的建议案".
                  r"(?:建议|proposal)[^？?]{0,30}?(?:打造|建成|建设成|\bcalls? for\b|"
                  r"\bworking towards\b|\baims?\b|\bgoal\b)|"
                  r"(?:打造|建成|建设成|\bwhat kind of city\b)[^？?]{0,30}?(?:建议|proposal)"),
        # Named policies, plans and slogans are quoted in the bulletin: “黄金20条”, 《…方案》.
        ("name", r"叫什么|什么名|名称|称为|"
                 r"什么(?:政策|方案|文件|口号|路子|模式|理念|定位|机制|品牌)|"
                 r"\bcalled\b|\bname of\b|\bwhat is the name\b|\btitled\b|\b(?:what|which) "
                 r"(?:(?!of\b)[\w-]+ ){0,2}?(?:polic(?:y|ies)|plans?|package|programme|program|"
                 r"scheme|document|slogan|motto|positioning|approach|model|concept|brand|initiative|"
                 r"campaign|mechanism)\b"),
        # The verdict of an evaluation ("测评结果为“满意”", "评为优秀", "A类综保区"): a grade,
        # not a figure or a name.
        ("rating", r"什么评价|评价(?:结果|如何|怎么样|是什么)|测评结果|"
                   r"(?:打了|给了?|得到)什么(?:分|评价|等次)|评为什么|什么等次|"
                   r"\b(?:what|which) (?:[a-z-]+ ){0,2}?(?:rating|grade|verdict)\b|"
                   r"\bhow (?:was|were|did) .{0,50}\b(?:rated|graded)\b|\brated as\b|"
                   r"\b(?:result|outcome) of (?:the |its |their )?(?:[a-z-]+ ){0,2}?"
                   r"(?:evaluation|assessment|appraisal)\b"),
    ])
_HOLDS: dict[str, re.Pattern[str]] = {
    # The session something took place at; "第三次会议建议案" names proposals, not an occasion.
    "comparison": re.compile(r"[高低快慢多少]于|超过|高出|低出|百分点|持平"),
    "proposals_session": re.compile(r"[一二三四五六七八九十\d]+次会议"),
    "session": re.compile(r"[一二三四五六七八九十\d]+次会议(?!建议|提案|决议|决定)"
                         r"(?![^，,。；;]{0,80}?(?:建议案|提案))"),
    "organisation": re.compile(r"管委会|[市省区][\u4e00-\u9fff]{1,4}?局(?!长)|"
                               r"办公室|领导小组|工作专班"),
    "company": re.compile(r"[\u4e00-\u9fffA-Za-z]{2,8}(?:科技|集团|公司|股份)(?=等|、|“|,|，)|"
                          r"[\u4e00-\u9fff]{2,5}等[\u4e00-\u9fff]{0,6}(?:项目|企业|公司)"),
    # A name before the title ("杨智主席", "习近平总书记"), the name set off by punctuation so
    # that "分管副市长" is not read as a Mr 管.
    "person": re.compile(f"(?<![\u4e00-\u9fff])[{SURNAMES}][\u4e00-\u9fff]{{1,2}}"
                         "(?:书记|市长|主席|秘书长)|[\u4e00-\u9fff]{2,3}总书记"),
    # A heading that opens with the title ("三、《关于…的建议案》"), not a plan it cites.
    "title": re.compile(r"^(?:[一二三四五六七八九十]+[、.．])?\s*《[^》]+》"),
    "name": re.compile(r"《[^》]+》|“[^”]+”"),
    "rating": re.compile(r"(?<![不])满意|优秀|良好|(?<![不])合格|称职|[A-E][类级档]|(?:评为|评定为|"
                         r"等次为|结果(?:均|都)?为)"),
}


def asked_kind(question: str) -> str | None:
    """The kind of thing question asks for, if it is one of the kinds above."""
    return next((kind for kind, pattern in _ASKS if pattern.search(question)), None)


def holds_kind(text: str, kind: str) -> bool:
    if kind == "person" and names_official(text):
        return True
    return bool(_HOLDS[kind].search(text))
