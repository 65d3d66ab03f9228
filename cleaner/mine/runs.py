# Runs of consecutive repeated lines (a menu, a share bar, a footer) assembled from the
# exact counts of adjacent candidate pairs, so a block is drafted as one rule.
"""Chains of candidate lines that follow each other in most of their documents.

A link ``a -> b`` is kept when ``b`` follows ``a`` (as the next non-blank line) in at
least ``MIN_LINK`` of the documents of the more frequent of the two, and each is the
other's best partner. Links then form disjoint chains; a chain of two or more lines
is a run, drafted as a block; a line on no link stays a single line.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.mine.count import LineStats

__all__ = ["MIN_LINK", "find_runs"]

#: share of documents in which two lines must be adjacent to be linked
MIN_LINK = 0.5


def find_runs(
    lines: Iterable[LineStats], pairs: dict[tuple[int, int], int]
) -> tuple[list[list[LineStats]], list[LineStats]]:
    """Runs (chains of two or more lines, in document order) and the lines on no run."""
    by_key = {st.key: st for st in lines}

    def order(st: LineStats) -> tuple[int, str]:
        return (-st.docs, st.shape)

    best_next: dict[int, tuple[int, int]] = {}  # key -> (count, next key)
    best_prev: dict[int, tuple[int, int]] = {}
    for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        sa, sb = by_key.get(a), by_key.get(b)
        if sa is None or sb is None or n < MIN_LINK * max(sa.docs, sb.docs):
            continue
        if a not in best_next:
            best_next[a] = (n, b)
        if b not in best_prev:
            best_prev[b] = (n, a)
    nxt = {a: b for a, (_n, b) in best_next.items() if best_prev.get(b, (0, None))[1] == a}
    has_prev = set(nxt.values())

    runs: list[list[LineStats]] = []
    visited: set[int] = set()
    starts = sorted((st for st in by_key.values() if st.key not in has_prev), key=order)
    rest = sorted(by_key.values(), key=order)  # cycles have no start; break them anywhere
    for st in [*starts, *rest]:
        if st.key in visited:
            continue
        chain = [st]
        visited.add(st.key)
        k = st.key
        while k in nxt and nxt[k] not in visited:
            k = nxt[k]
            visited.add(k)
            chain.append(by_key[k])
        runs.append(chain)
    singles = [c[0] for c in runs if len(c) == 1]
    return [c for c in runs if len(c) > 1], singles
