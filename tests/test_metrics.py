"""Metric functions against hand-computed values, and the tie rule against brute force."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from qa.eval.metrics import (
    abstention,
    ndcg_at,
    percentile,
    recall_at,
    reciprocal_rank,
    tie_groups,
)
from qa.eval.normalise import contains_answer, figures, same_figure

LOG3 = math.log2(3)  # discount of rank 2 is 1/log2(3) ≈ 0.6309


def test_recall_and_mrr_without_ties() -> None:
    ranking = [(0.9, False), (0.8, True), (0.7, False), (0.6, True)]
    assert [recall_at(ranking, k) for k in (1, 2, 3, 10)] == [0.0, 1.0, 1.0, 1.0]
    assert reciprocal_rank(ranking) == 0.5
    assert reciprocal_rank(ranking, k=1) == 0.0  # first relevant is past the cutoff
    assert recall_at([(0.9, False)], 1) == 0.0 and reciprocal_rank([]) == 0.0


def test_ndcg_one_relevant() -> None:
    assert ndcg_at([(0.9, True), (0.8, False)], n_relevant=1) == 1.0
    assert ndcg_at([(0.9, False), (0.8, True)], n_relevant=1) == pytest.approx(1 / LOG3)
    assert ndcg_at([(0.9, False), (0.8, True)], n_relevant=1, k=1) == 0.0
    assert ndcg_at([(0.9, False)], n_relevant=0) == 0.0


def test_ndcg_several_relevant_uses_the_ideal_ranking() -> None:
    # Relevant at ranks 1 and 3: DCG = 1 + 1/log2(4) = 1.5.
    ranking = [(0.9, True), (0.8, False), (0.7, True)]
    # Two relevant in the collection: ideal DCG = 1 + 1/log2(3) = 1.6309.
    assert ndcg_at(ranking, n_relevant=2) == pytest.approx(1.5 / (1 + 1 / LOG3))
    assert ndcg_at(ranking, n_relevant=2) == pytest.approx(0.9197, abs=1e-4)
    # Three relevant in the collection, one never retrieved: ideal = 1 + 0.6309 + 0.5.
    assert ndcg_at(ranking, n_relevant=3) == pytest.approx(1.5 / 2.1309, abs=1e-4)
    # The ideal is cut at k too: at k=1 one relevant item at rank 1 is perfect.
    assert ndcg_at(ranking, n_relevant=3, k=1) == 1.0


def test_ties_take_the_expected_value_over_orders() -> None:
    tied = [(0.5, False), (0.5, True)]  # relevant first or second, equally likely
    assert recall_at(tied, 1) == 0.5
    assert reciprocal_rank(tied) == pytest.approx((1 + 1 / 2) / 2)
    assert ndcg_at(tied, 1, k=1) == 0.5
    assert ndcg_at(tied, 1, k=2) == pytest.approx((1 + 1 / LOG3) / 2)
    # A tie of three straddling the cutoff: one slot of three inside the top 2.
    straddle = [(0.9, False), (0.5, False), (0.5, True), (0.5, False)]
    assert recall_at(straddle, 2) == pytest.approx(1 / 3)
    assert reciprocal_rank(straddle) == pytest.approx((1 / 2 + 1 / 3 + 1 / 4) / 3)
    # Two relevant among three tied: first relevant at rank 1 (p 2/3) or 2 (p 1/3).
    two = [(0.5, True), (0.5, True), (0.5, False)]
    assert reciprocal_rank(two) == pytest.approx(2 / 3 + 1 / 6)
    assert recall_at(two, 1) == pytest.approx(2 / 3)


def test_tie_tolerance() -> None:
    assert list(tie_groups([(0.5, True), (0.5 + 1e-12, False), (0.4, False)])) == [
        (0, 2, 1), (2, 1, 0)]
    assert recall_at([(0.5 + 1e-6, False), (0.5, True)], 1) == 0.0  # not a tie


def _expected_over_orders(ranking: list[tuple[float, bool]], metric) -> float:
    """Average of metric over every order of every tied group (brute force)."""
    groups, i = [], 0
    for _, size, _ in tie_groups(ranking):
        groups.append(ranking[i : i + size])
        i += size
    values = [metric([pair for group in order for pair in group])
              for order in itertools.product(*(itertools.permutations(g) for g in groups))]
    return sum(values) / len(values)


@pytest.mark.parametrize("seed", range(30))
def test_tie_aware_metrics_equal_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.randint(1, 7)
    ranking = sorted(((rng.choice([0.9, 0.7, 0.5]), rng.random() < 0.35) for _ in range(size)),
                     key=lambda pair: -pair[0])
    n_relevant = sum(rel for _, rel in ranking) + rng.randint(0, 1)
    for k in (1, 3, 5):
        # With every group's order fixed, the tie-free formulas apply; break ties apart.
        def untied(metric, k=k):
            return lambda r: metric([(-i, rel) for i, (_, rel) in enumerate(r)], k)
        assert recall_at(ranking, k) == pytest.approx(
            _expected_over_orders(ranking, untied(recall_at)))
        assert reciprocal_rank(ranking, k) == pytest.approx(
            _expected_over_orders(ranking, untied(reciprocal_rank)))
        assert ndcg_at(ranking, n_relevant, k) == pytest.approx(_expected_over_orders(
            ranking, untied(lambda r, k: ndcg_at(r, n_relevant, k))))


def test_percentile_and_abstention() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([], 50) is None
    # 2 unanswerable (one declined), 3 answerable (one declined).
    result = abstention(declined=[True, False, True, False, False],
                        answerable=[False, False, True, True, True])
    assert result == {"abstention_precision": 0.5, "abstention_recall": 0.5,
                      "false_decline_rate": pytest.approx(1 / 3), "false_declines": 1.0}
    never = abstention([False, False], [False, True])
    assert never["abstention_precision"] is None and never["abstention_recall"] == 0.0


@pytest.mark.parametrize(("text", "gold", "expected"), [
    ("推动专利转让1.57万次", "15700", True),
    ("推动专利转让15,700次", "1.57万", True),
    ("建成1700个", "700", False),  # a figure inside a larger one is not that figure
    ("建成790个", "七百九十个", True),
    ("召开全体（扩大）会议", "全体(扩大)会议", True),
    ("普及率达99.3%", "99.3", True),  # a bare gold figure matches its percentage
    ("增长40", "40%", False),  # a gold percentage needs the percent sign
    ("grew 40 per cent", "40%", True),
    ("Read by YANG  Xiangwei", "yang xiangwei", True),
    ("测评结果均为满意", "满意", True),
    ("测评结果均为满意", "", False),
])
def test_contains_answer(text: str, gold: str, expected: bool) -> None:
    assert contains_answer(text, gold) is expected


def test_figures_for_gold_checks() -> None:
    assert [f for f, _ in figures("six rounds")] == [(6.0, False)]
    assert [f for f, _ in figures("七成")] == [(70.0, True)]
    assert [f for f, _ in figures("first")] == [(1.0, False)]
    rounded = figures("27.72 billion")[0]
    assert same_figure(rounded, (27_721_000_000.0, False))  # 277.21亿 rounded
    assert not same_figure(rounded, (27_800_000_000.0, False))
    assert not same_figure(figures("28 billion")[0], (27_721_000_000.0, False))
    assert not same_figure(figures("40%")[0], (40.0, False))
