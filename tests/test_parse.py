from __future__ import annotations

import pytest

from qa.errors import CorpusError
from qa.numerals import int_to_ordinal, ordinal_to_int
from qa.parse import Document, parse


@pytest.fixture(scope="module")
def doc(source: str) -> Document:
    return parse(source)


def test_structure_counts(doc: Document) -> None:
    assert [p.number for p in doc.proposals] == [1, 2, 3]
    assert [p.name for p in doc.proposals] == ["1号建议案", "2号建议案", "3号建议案"]
    assert [len(p.sections) for p in doc.proposals] == [5, 5, 4]
    assert [len(s.measures) for p in doc.proposals for s in p.sections] == [
        3, 4, 3, 4, 4, 4, 5, 3, 3, 3, 3, 4, 3, 3]


def test_every_node_is_its_exact_source_text(doc: Document, source: str) -> None:
    nodes = [doc.preamble, doc.closing]
    for p in doc.proposals:
        nodes += [p, p.heading, p.intro]
        for s in p.sections:
            nodes += [s, s.heading, *s.measures]
    for node in nodes:
        assert node is not None
        assert source[node.start:node.end] == node.text


@pytest.mark.parametrize(("p", "s", "m", "title", "contains"), [
    (1, 1, 1, "一是健全协同推进机制", "协调解决川气东送管道迁改等38项具体问题"),
    (1, 2, 4, "四是加快布局未来产业", "突破性发展6G、人形机器人等产业"),
    (2, 2, 5, "五是推动人工智能赋能新型工业化", "打造18个人工智能特色产业园"),
    (2, 5, 1, "一是促进企业融通发展", "企业总量达105.48万户"),
    (3, 3, 3, "三是推进老年助餐服务", "建成老年助餐机构790个"),
    (3, 4, 1, "一是推进“多卡合一”", "在医保、交通、文旅等领域应用138项"),
])
def test_known_measures(doc: Document, source: str, p: int, s: int, m: int, title: str,
                        contains: str) -> None:
    measure = doc.proposals[p - 1].sections[s - 1].measures[m - 1]
    assert measure.number == m
    assert measure.title == title
    assert measure.text.startswith(title)
    at = source.index(contains)
    assert measure.start <= at and at + len(contains) <= measure.end


def test_measure_ends_before_next_measure(doc: Document, source: str) -> None:
    section = doc.proposals[0].sections[0]
    first, second = section.measures[0], section.measures[1]
    assert first.text.endswith("共同推进交通硬联通等8项跨市重点工作。")
    assert source[first.end:second.start] == ""


def test_section_titles_and_headings(doc: Document) -> None:
    section = doc.proposals[2].sections[2]
    assert section.title == "(三)提升适老化服务水平"
    assert section.heading.text == "(三)提升适老化服务水平。"
    assert section.lead is None


def test_preamble_intro_closing(doc: Document) -> None:
    assert doc.title.startswith("武汉市人民政府关于政协武汉市第十四届委员会")
    assert doc.preamble is not None and "2024年12月12日" in doc.preamble.text
    assert doc.proposals[0].intro is not None and "郭元强" in doc.proposals[0].intro.text
    assert doc.proposals[2].title == "关于全面推进社会适老化建设,加快发展老年友好型城市的建议案"
    assert doc.closing is not None
    assert doc.closing.text.startswith("一年来")
    assert doc.closing.text.endswith("奋力谱写中国式现代化武汉篇章。")
    assert "上一篇" not in doc.closing.text  # page navigation is not content


SYNTHETIC = """某某市人民政府关于建议案办理情况的通报
（2030年3月1日）
各位委员：
现将办理情况通报如下：
一、《关于建设海绵城市的建议案》（1号建议案）办理情况
副市长某某领办1号建议案。
（一）完善排水设施。一是改造管网。改造雨水管网120公里。二是新建泵站。新建泵站8座。三是清淤。清淤河道30条。四是巡查。巡查9次。五是考核。考核3轮。六是公示。公示12次，统一是非标准。
（二）加强监测预警
建成监测点400个，实现全市覆盖。
二、《关于发展夜间经济的建议案》（2号建议案）办理情况
市长某某领衔办理。
（一）打造夜间消费街区。先行试点三条街。一是延长营业时间。延长至24时。
二是丰富业态。新增夜市15个。
下一步，我们将继续努力。
- 上一篇：
"""


def test_second_bulletin_of_the_same_form() -> None:
    doc = parse(SYNTHETIC)
    assert [p.name for p in doc.proposals] == ["1号建议案", "2号建议案"]
    first = doc.proposals[0]
    assert first.title == "关于建设海绵城市的建议案"
    assert [s.title for s in first.sections] == ["（一）完善排水设施", "（二）加强监测预警"]
    # 一是 … 六是; the "一是" inside 统一是非 is prose, not a seventh marker
    assert [m.title for m in first.sections[0].measures] == [
        "一是改造管网", "二是新建泵站", "三是清淤", "四是巡查", "五是考核", "六是公示"]
    assert first.sections[0].measures[5].text.endswith("统一是非标准。")
    # a section with no numbered measures keeps its text
    assert first.sections[1].measures == ()
    assert "建成监测点400个" in first.sections[1].text
    second = doc.proposals[1].sections[0]
    assert second.lead is not None and second.lead.text == "先行试点三条街。"
    assert [m.number for m in second.measures] == [1, 2]  # 二是 opens its own line
    assert second.measures[1].text == "二是丰富业态。新增夜市15个。"
    assert doc.closing is not None and doc.closing.text == "下一步，我们将继续努力。"
    for node in [*first.sections, *second.measures, doc.preamble]:
        assert node is not None and SYNTHETIC[node.start:node.end] == node.text


def test_windows_line_endings_keep_offsets() -> None:
    text = SYNTHETIC.replace("\n", "\r\n")
    doc = parse(text)
    measure = doc.proposals[0].sections[0].measures[0]
    assert text[measure.start:measure.end] == measure.text == "一是改造管网。改造雨水管网120公里。"


def test_text_without_structure_is_all_preamble() -> None:
    doc = parse("只有一段文字，没有编号。\n第二段。")
    assert doc.proposals == () and doc.preamble is not None
    assert doc.preamble.text == "只有一段文字，没有编号。\n第二段。"


@pytest.mark.parametrize("text", ["", "   \n\t\n", "- 上一篇:\n"])
def test_empty_bulletin_is_an_error(text: str) -> None:
    with pytest.raises(CorpusError):
        parse(text)


@pytest.mark.parametrize(("text", "number"), [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23),
    ("一百", 100), ("一百零五", 105), ("三百二十", 320),
])
def test_ordinals(text: str, number: int) -> None:
    assert ordinal_to_int(text) == number
    assert ordinal_to_int(int_to_ordinal(number)) == number


@pytest.mark.parametrize("text", ["", "1", "第一", "一是"])
def test_bad_ordinals(text: str) -> None:
    with pytest.raises(ValueError):
        ordinal_to_int(text)
