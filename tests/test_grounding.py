from __future__ import annotations

from qa.grounding import is_grounded, ungrounded_figures


def test_figures_must_stand_in_the_quotes() -> None:
    quotes = ["建成老年助餐机构790个", "推动专利转让1.57万次"]
    assert is_grounded("790 sites; patents transferred 15,700 times", quotes)
    assert is_grounded("建成老年助餐机构七百九十个", quotes)  # the same value in Chinese numerals
    assert ungrounded_figures("790 sites and 1,250 canteens", quotes) == ["1,250"]
    assert not is_grounded("完成改造6713户", quotes)
    assert is_grounded("no figures at all", [])
