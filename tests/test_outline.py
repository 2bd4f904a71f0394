"""The heading outline and paragraph chunks of documents that are not proposals bulletins,
tested on small documents written here (no model needed)."""

from __future__ import annotations

from qa.chunk_outline import chunk_outline, heading_lines
from qa.outline import outline

REPORT = """2026年某某省政府工作报告
——2026年1月20日在某某省第十四届人民代表大会第五次会议上
省长 张三
各位代表：
现在，我代表省人民政府，向大会报告政府工作，请予审议。
一、2025年工作回顾
过去一年，全省地区生产总值增长5.2%，一般公共预算收入增长3.1%，城镇新增就业52万人。我们主要做了以下工作。
（一）着力扩大内需。社会消费品零售总额增长6%，新建5G基站1.2万个。
（二）加快产业升级。1.5万家企业完成技术改造，规上工业增加值增长7%。
二、2026年重点工作
（一）推动科技创新。
1. 建设实验室体系。新建省实验室3家，研发投入强度达到2.5%。
2. 培育创新主体。高新技术企业突破1.5万家。
三是并非标题的一句话。
（二）保障和改善民生。城乡居民收入增长与经济增长同步。
"""


def test_headings_count_only_in_sequence() -> None:
    paragraphs = outline(REPORT)
    heads = [p.headings[-1].marker for p in paragraphs if p.is_heading]
    assert heads == ["一、", "（一）", "（二）", "二、", "（一）", "1.", "2.", "（二）"]
    # "1.5万家企业" opens a paragraph but is a figure, not heading 1 (it would skip no number
    # here: "（二）" already counts that line as a section heading).
    tech = next(p for p in paragraphs if "1.5万家企业" in p.text)
    assert [h.marker for h in tech.headings] == ["一、", "（二）"]
    stray = next(p for p in paragraphs if p.text.startswith("三是"))
    assert not stray.is_heading and [h.marker for h in stray.headings] == ["二、", "（一）", "2."]


def test_a_stray_outer_number_is_prose() -> None:
    text = "一、第一部分\n正文。\n三、这不是第三部分\n二、第二部分\n"
    assert [p.headings[-1].title for p in outline(text) if p.is_heading] == \
        ["一、第一部分", "二、第二部分"]


def test_offsets_are_exact() -> None:
    text = "  一、标题\n\n　正文在这里。\n"
    for para in outline(text):
        assert text[para.start:para.end] == para.text and para.text == para.text.strip()


def test_chunks_carry_heading_paths_and_never_a_bare_heading() -> None:
    chunks = chunk_outline(REPORT, context_prefix="某某省政府工作报告：")
    assert all(REPORT[c.start:c.end] == c.text for c in chunks)
    opening = chunks[0]
    assert opening.id == "s0-p1" and "省长 张三" in opening.text and "各位代表" in opening.text
    assert opening.label == "前言" and "一、" not in opening.text  # the opening stays apart
    by_text = {c.id: c for c in chunks}
    first = by_text["s1-p1"]
    assert first.text.startswith("一、2025年工作回顾\n过去一年")
    assert first.label == "一、2025年工作回顾"
    lab = next(c for c in chunks if "新建省实验室3家" in c.text)
    # The heading lines above the first paragraph of a part join it.
    assert lab.text.startswith("二、2026年重点工作\n（一）推动科技创新。\n1. 建设实验室体系")
    assert lab.headings == ("二、2026年重点工作", "（一）推动科技创新", "1. 建设实验室体系")
    assert lab.short_label == "二、 › （一） › 1. · 第1段"
    assert lab.context.startswith("某某省政府工作报告：二、2026年重点工作 › （一）推动科技创新")
    assert lab.proposal is None and lab.section is None and lab.measure is None
    assert all(not c.text.strip().endswith("工作回顾") for c in chunks)


def test_ids_are_unique_and_stable() -> None:
    first = [c.id for c in chunk_outline(REPORT)]
    assert len(first) == len(set(first)) and first == [c.id for c in chunk_outline(REPORT)]


def test_a_long_paragraph_is_split_with_exact_offsets() -> None:
    text = "一、概况\n" + "".join(f"第{n}项工作完成投资{n}亿元。" for n in range(1, 120)) + "\n"
    chunks = chunk_outline(text, max_chars=200)
    assert len(chunks) > 3 and all(len(c.text) <= 200 for c in chunks)
    assert [c.id for c in chunks][:2] == ["s1-p1", "s1-p1.2"]
    assert all(text[c.start:c.end] == c.text for c in chunks)
    assert all(cl.text == text[cl.start:cl.end] for c in chunks for cl in c.clauses)


def test_a_document_without_headings_is_never_one_chunk() -> None:
    text = "\n".join(f"这是第{n}段，讲述了一件具体的事情和它的结果，涉及金额{n}万元。"
                     for n in range(1, 60))
    chunks = chunk_outline(text)
    assert len(chunks) >= 3 and all(len(c.text) <= 600 and c.headings == () for c in chunks)
    assert all(text[c.start:c.end] == c.text for c in chunks)


def test_heading_lines_mark_the_clauses_of_whole_heading_lines_only() -> None:
    chunks = chunk_outline(REPORT, context_prefix="某某省政府工作报告：")
    lab = next(c for c in chunks if "新建省实验室3家" in c.text)
    marked = [c.text for c, flag in zip(lab.clauses, heading_lines(lab), strict=True) if flag]
    # "1. 建设实验室体系。新建…" is a heading that runs on into its body: the line holds
    # content, so none of it is marked.
    assert marked == ["二、2026年重点工作", "（一）推动科技创新"]
    review = next(c for c in chunks if c.text.startswith("一、2025年工作回顾"))
    flags = heading_lines(review)
    assert flags[0] and not any(flags[1:])
    # The opening has no headings above it: its title line is no heading.
    assert not any(heading_lines(chunks[0]))
