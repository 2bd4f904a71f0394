from __future__ import annotations

import pytest

from qa.numbers import number_keys, numbers_in, same_number, values_in


@pytest.mark.parametrize(("text", "value"), [
    ("建成老年助餐机构790个", 790), ("推动专利转让1.57万次", 15700), ("15,700 times", 15700),
    ("注册量达277.21亿个", 27_721_000_000), ("27.7 billion", 27_700_000_000),
    ("七百九十个", 790), ("一万五千七百次", 15700), ("1.1万户", 11000), ("2000亿元", 2e11),
])
def test_values(text: str, value: float) -> None:
    assert [q.value for q in numbers_in(text)] == [value]


def test_percent_is_marked() -> None:
    assert [(q.value, q.percent) for q in numbers_in("同比增长35.8%，百分之二十")] == [
        (35.8, True), (20.0, True)]
    # "the 500-billion-yuan mark": a hyphen may join a number and its multiplier word, and
    # only then ("5-year", "2-3 years" stay plain numbers)
    assert [(q.text, q.value) for q in numbers_in("the 500-billion-yuan mark, a 5-year plan")] \
        == [("500-billion", 5e11), ("5", 5.0)]
    # Some reports write the full-width sign: "年均增长5.2％" is a percentage too.
    assert [(q.value, q.percent, q.text) for q in numbers_in("年均增长5.2％")] == [
        (5.2, True, "5.2％")]


def test_several_numbers_and_offsets() -> None:
    text = "新增规上工业企业406家、创新型中小企业2028家"
    found = numbers_in(text)
    assert [q.value for q in found] == [406, 2028]
    assert [text[q.start:q.end] for q in found] == ["406", "2028"]


def test_same_number_and_keys() -> None:
    assert same_number("1.57万", "15,700")
    assert same_number("790", "七百九十")
    assert not same_number("790", "79")
    assert not same_number("6713户、9042户", "6713")  # two numbers are not one
    assert number_keys("分别达277.21亿个、45131家") == ["27721000000", "45131"]
    assert values_in("没有数字") == set()


def test_chinese_numerals_only_when_they_are_quantities() -> None:
    assert [q.value for q in numbers_in("一是推进“多卡合一”，统一标准，一卡通")] == []
    assert [q.value for q in numbers_in("新建三个中心，两千户")] == [3, 2000]
    # "a number of" and "one-off" count nothing; two batches and one time do
    assert [q.value for q in numbers_in("建成一批项目，用好一次性政策")] == []
    assert [q.value for q in numbers_in("分两批实施，召开一次会议")] == [2, 1]
    text = "受众覆盖面达千万级，推动1.57万次"
    assert [(q.value, text[q.start:q.end]) for q in numbers_in(text)] == [
        (1e7, "千万"), (15700, "1.57万")]
