"""Bounded subset-sum in integer minor units: which open items add up to a payment.

A depth-first search over the items sorted largest first, bounded three ways so it can never blow up
(beancount-import's 2^(N-1) trap): at most ``max_items`` items per group, at most ``max_solutions``
groups (two are enough to know the answer is ambiguous), and a node budget. The search reports
whether it finished, so a caller never mistakes "gave up" for "unique".
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SubsetResult", "find_subsets", "reachable"]


@dataclass(frozen=True, slots=True)
class SubsetResult:
    """Groups found (as tuples of positions into the input, ascending) and whether the search was complete."""

    solutions: tuple[tuple[int, ...], ...]
    complete: bool


def find_subsets(
    amounts: Sequence[int],
    low: int,
    high: int,
    *,
    max_items: int = 6,
    max_solutions: int = 4,
    min_items: int = 1,
    node_budget: int = 20_000,
    prove_none: bool = True,
) -> SubsetResult:
    """Groups of ``min_items..max_items`` positive ``amounts`` whose sum lies in ``[low, high]``.

    Args:
        amounts: positive integers (cents).
        low: smallest acceptable sum.
        high: largest acceptable sum.
        max_items: most items in a group.
        max_solutions: stop after this many groups.
        min_items: fewest items in a group.
        node_budget: most search steps; when exhausted ``complete`` is False, unless nothing was found
            and (with ``prove_none``) a bitset check proves that no group can fit.
        prove_none: run that check; a caller that will treat the search as incomplete anyway (it
            searched a sample of the items) skips it.

    Returns:
        The groups, smallest first, then by position.
    """
    order = sorted((i for i, a in enumerate(amounts) if 0 < a <= high), key=lambda i: (-amounts[i], i))
    values = [amounts[i] for i in order]
    n = len(values)
    prefix = [0] * (n + 1)
    for i, value in enumerate(values):
        prefix[i + 1] = prefix[i] + value
    found: list[tuple[int, ...]] = []
    nodes = 0
    complete = True
    chosen: list[int] = []

    descending = [-value for value in values]  # ascending, for bisect

    def dfs(start: int, total: int) -> bool:
        """Returns False to stop the whole search."""
        nonlocal nodes, complete
        pos = start
        while pos < n:
            value = values[pos]
            new_total = total + value
            if new_total > high:
                # Jump over the items too large to fit (still one step each, as if visited in turn).
                fits = bisect.bisect_left(descending, total - high, pos)
                nodes += fits - pos
                if nodes > node_budget:
                    complete = False
                    return False
                pos = fits
                continue
            nodes += 1
            if nodes > node_budget:
                complete = False
                return False
            # Items are sorted largest first: if the largest items still allowed cannot reach low, no later
            # (smaller) item can either.
            room = max_items - len(chosen)
            if total + prefix[min(n, pos + room)] - prefix[pos] < low:
                return True
            chosen.append(pos)
            if new_total >= low and len(chosen) >= min_items:
                found.append(tuple(sorted(order[p] for p in chosen)))
                if len(found) >= max_solutions:
                    chosen.pop()
                    return False
            if len(chosen) < max_items and not dfs(pos + 1, new_total):
                chosen.pop()
                return False
            chosen.pop()
            pos += 1
        return True

    try:
        finished = dfs(0, 0)
    finally:
        # The nested recursive function is a reference cycle (it holds its own cell). The matcher runs
        # with the cyclic collector paused, so break it here or every search would stay in memory.
        dfs = None  # type: ignore[assignment]
    if not finished and len(found) >= max_solutions:
        complete = True  # we stopped because the answer is already known to be ambiguous
    elif prove_none and not complete and not found and not reachable(amounts, low, high):
        # The budget ran out without a group: the bitset proof that none exists makes "none" certain.
        # (Run only here, after the search: most searches finish first, and on a 40-item pool the proof
        # costs as much as the search.)
        complete = True
    found.sort(key=lambda group: (len(group), group))
    return SubsetResult(tuple(found), complete)


def reachable(amounts: Sequence[int], low: int, high: int) -> bool:
    """True when some subset (of any size) sums into ``[low, high]``: a bitset DP over a Python int.

    Bit ``t`` of ``reach`` is set when some subset sums to ``t``; one shift-and-or per item, each over
    ``high`` bits, so 40 items against a 50,000.00 payment take a few milliseconds. It is a necessary
    condition for :func:`find_subsets`, which asks it when its search ran out of budget having found nothing.
    """
    if high < 0 or low > high:
        return False
    mask = (1 << (high + 1)) - 1
    reach = 1
    for amount in amounts:
        if 0 < amount <= high:
            reach |= (reach << amount) & mask
    window = (1 << (high - max(low, 0) + 1)) - 1
    return bool((reach >> max(low, 0)) & window)
