"""Retrieval, answer and abstention metrics as plain functions of plain values.

A ranking is a sequence of (score, relevant) pairs, best first, as a system returned it.

Recall@k here is the success rate used in open-domain QA: 1 when a relevant chunk is in
the top k (most items have exactly one relevant chunk, where the two notions agree).

Ties: a system that gives several chunks the same score has not ordered them, so every
metric takes its expected value over all orders of each tied group (McSherry & Najork,
ECIR 2008). Two scores tie when they differ by at most TIE_TOLERANCE. A system cannot win
or lose by the accident of how its ties were broken.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np

TIE_TOLERANCE = 1e-9
Ranking = Sequence[tuple[float, bool]]


def tie_groups(ranking: Ranking) -> Iterator[tuple[int, int, int]]:
    """(ranks before the group, group size, relevant in group) for each run of equal scores."""
    before = 0
    i = 0
    while i < len(ranking):
        j = i + 1
        while j < len(ranking) and abs(ranking[j][0] - ranking[i][0]) <= TIE_TOLERANCE:
            j += 1
        yield before, j - i, sum(1 for _, relevant in ranking[i:j] if relevant)
        before += j - i
        i = j


def recall_at(ranking: Ranking, k: int) -> float:
    """Probability that a relevant chunk is among the first k (ties in random order)."""
    for before, size, relevant in tie_groups(ranking):
        if before >= k:
            return 0.0
        if relevant:
            slots = min(size, k - before)
            return 1.0 - math.comb(size - relevant, slots) / math.comb(size, slots)
    return 0.0


def reciprocal_rank(ranking: Ranking, k: int = 10) -> float:
    """Expected 1/rank of the first relevant chunk within the first k (0 if none)."""
    for before, size, relevant in tie_groups(ranking):
        if relevant:
            # Chance that the first relevant one is the j-th of its group.
            orders = math.comb(size, relevant)
            return sum(math.comb(size - j, relevant - 1) / orders / (before + j)
                       for j in range(1, size - relevant + 2) if before + j <= k)
    return 0.0


def ndcg_at(ranking: Ranking, n_relevant: int, k: int = 10) -> float:
    """nDCG@k with binary gains; the ideal ranking puts all n_relevant chunks first.

    In a tied group every position gets the group's mean gain.
    """
    dcg = 0.0
    for before, size, relevant in tie_groups(ranking):
        if before >= k:
            break
        if relevant:
            last = min(before + size, k)
            dcg += relevant / size * sum(_discount(rank) for rank in range(before + 1, last + 1))
    found = sum(1 for _, relevant in ranking if relevant)
    ideal = sum(_discount(rank) for rank in range(1, min(max(n_relevant, found), k) + 1))
    return dcg / ideal if ideal else 0.0


def _discount(rank: int) -> float:
    return 1.0 / math.log2(rank + 1)


def percentile(values: Sequence[float], q: float) -> float | None:
    """q-th percentile with linear interpolation (numpy's default); None for no values."""
    return float(np.percentile(values, q)) if len(values) else None


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def abstention(declined: Sequence[bool], answerable: Sequence[bool]) -> dict[str, float | None]:
    """Precision and recall of declining on unanswerable items; false declines on the rest.

    precision = right declines / all declines (None if the system never declined),
    recall = right declines / unanswerable items, false_decline_rate = declines of
    answerable items / answerable items.
    """
    right = sum(1 for d, a in zip(declined, answerable, strict=True) if d and not a)
    wrong = sum(1 for d, a in zip(declined, answerable, strict=True) if d and a)
    unanswerable = sum(1 for a in answerable if not a)
    return {
        "abstention_precision": ratio(right, right + wrong),
        "abstention_recall": ratio(right, unanswerable),
        "false_decline_rate": ratio(wrong, len(answerable) - unanswerable),
        "false_declines": float(wrong),
    }
