"""Saying which document an answer comes from, when the index holds several.

The cited document leads the answer ("据《2026年北京市政府工作报告》：…"); documents whose
passages scored nearly as well are named after it, since the question may be about them
(their passages are listed with the answer). A decline says that none of the documents
answers, not only "the bulletin".
"""

from __future__ import annotations

from .tuning import CLOSE_SCORE
from .types import Answer

DECLINE_MANY = {
    "zh": "所收录的文件中没有这个问题的答案。下面列出最接近的段落供参考。",
    "en": "None of the documents answers this question. The nearest passages are listed below.",
}


def name_source(answer: Answer, lang: str) -> str:
    """The answer's text naming its document, and any other document nearly as close."""
    lang = lang if lang in DECLINE_MANY else "zh"
    if not answer.answerable or not answer.citations:
        return DECLINE_MANY[lang]
    cited = answer.citations[0]
    top = max((h.score for h in answer.hits if h.chunk.id == cited.chunk_id), default=None)
    others: list[str] = []
    if top is not None:
        for hit in answer.hits:
            title = hit.chunk.doc_title
            if hit.chunk.doc_id != cited.doc_id and hit.score >= top - CLOSE_SCORE \
                    and title not in others:
                others.append(title)
    if lang == "en":
        text = f"According to {cited.doc_title}: {answer.text}"
        return text + (f" (Also close: {'; '.join(others)}; see the passages below.)"
                       if others else "")
    text = f"据《{cited.doc_title}》：{answer.text}"
    return text + (f"（{'、'.join(f'《{t}》' for t in others)}也有相近内容，见下方段落。）"
                   if others else "")
