# A count-min sketch of 64-bit keys in fixed memory: the first counting pass of `mine`
# uses it to find which line shapes may recur often enough to be counted exactly.
"""Count-min sketch with conservative update and saturating 16-bit cells.

Estimates never fall below the true count (as long as counts stay below the cell
limit, where they saturate): a key whose estimate is under a threshold is certainly
under it, so the exact second pass only has to count keys whose estimate reaches it.
Memory is ``width * depth * 2`` bytes, whatever the input size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

__all__ = ["CELL_MAX", "CountMinSketch", "as_keys"]

CELL_MAX = np.iinfo(np.uint16).max
_MASK = (1 << 64) - 1


def as_keys(values: Iterable[int]) -> np.ndarray:
    """Python ints (any sign, 64 bits) as an array of uint64 keys."""
    return np.fromiter((v & _MASK for v in values), dtype=np.uint64)


class CountMinSketch:
    """Counts of uint64 keys in ``depth`` rows of ``width`` saturating cells."""

    __slots__ = ("depth", "table", "width")

    def __init__(self, megabytes: float = 64.0, depth: int = 4) -> None:
        if depth < 1 or not (math.isfinite(megabytes) and megabytes > 0):
            raise ValueError("a sketch needs depth >= 1 and a positive size")
        self.depth = depth
        self.width = max(1024, int(megabytes * (1 << 20)) // (2 * depth))
        self.table = np.zeros((depth, self.width), dtype=np.uint16)

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes)

    def _columns(self, keys: np.ndarray) -> np.ndarray:
        """(depth, n) column of each key in each row (double hashing of the 64-bit key)."""
        a = keys & np.uint64(0xFFFFFFFF)
        b = (keys >> np.uint64(32)) | np.uint64(1)
        rows = np.arange(self.depth, dtype=np.uint64)[:, None]
        return ((a[None, :] + rows * b[None, :]) % np.uint64(self.width)).astype(np.int64)

    def add(self, keys: np.ndarray) -> None:
        """Count each key once per occurrence in ``keys`` (conservative update)."""
        if keys.size == 0:
            return
        uniq, counts = np.unique(keys, return_counts=True)
        cols = self._columns(uniq)
        rows = np.arange(self.depth)[:, None]
        current = self.table[rows, cols].min(axis=0).astype(np.int64)
        new = np.minimum(current + counts, CELL_MAX).astype(np.uint16)
        for r in range(self.depth):
            np.maximum.at(self.table[r], cols[r], new)

    def estimate(self, keys: np.ndarray) -> np.ndarray:
        """Upper bounds of the counts of ``keys`` (saturated at CELL_MAX)."""
        if keys.size == 0:
            return np.zeros(0, dtype=np.int64)
        cols = self._columns(keys)
        rows = np.arange(self.depth)[:, None]
        return self.table[rows, cols].min(axis=0).astype(np.int64)
