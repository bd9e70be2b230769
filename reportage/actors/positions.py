"""Character ranges indexed by position, so that "what is at (or near) this offset" costs a bisection.

Why: every stage asks the actor table and the lists of matches or quotes what lies at an offset
(``actor_at``, "the quote just before this verb", "the names inside this noun phrase"). Answered by
scanning the whole list, each question costs time in proportion to the article, and an article
twenty times longer asks twenty times more questions: 400 times the work (issue 12: 200 KB took
100 times as long as 10 KB). Kept sorted by start, with the widest range seen, a question only
looks at the ranges that can touch it.

Ranges with equal starts keep the order they were added in, so a caller that breaks ties by "first
found" in a list scan gets the same answer from the index.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Intervals(Generic[T]):
    """[start, end) ranges with a payload each, sorted by start (insertion order among equal starts)."""

    __slots__ = ("_ends", "_payloads", "_starts", "_width", "asked", "examined")

    def __init__(self, items: Iterable[tuple[int, int, T]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._payloads: list[T] = []
        self._width = 0  # the widest range added: bounds how far left of a position a touching range starts
        self.asked = 0  # queries answered, and ranges they looked at: what the linear-time tests count
        self.examined = 0
        for start, end, payload in items:
            self.add(start, end, payload)

    def __len__(self) -> int:
        return len(self._starts)

    def add(self, start: int, end: int, payload: T) -> None:
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._payloads.insert(i, payload)
        self._width = max(self._width, end - start)

    def _range(self, lo_start: int, hi_start: int) -> Iterator[tuple[int, int, T]]:
        """Ranges whose start lies in [lo_start, hi_start], in order."""
        i = bisect_left(self._starts, lo_start)
        j = bisect_right(self._starts, hi_start)
        self.asked += 1
        self.examined += j - i
        starts, ends, payloads = self._starts, self._ends, self._payloads
        for k in range(i, j):
            yield starts[k], ends[k], payloads[k]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Ranges r with r.start < end and start < r.end (the test every caller used in its scan)."""
        return [(s, e, p) for s, e, p in self._range(start - self._width + 1, end - 1) if s < end and start < e]

    def within(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Ranges r with start <= r.start and r.end <= end."""
        return [(s, e, p) for s, e, p in self._range(start, end) if e <= end]

    def containing(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Ranges r with r.start <= start and end <= r.end."""
        return [(s, e, p) for s, e, p in self._range(end - self._width, start) if end <= e]

    def starting(self, lo: int, hi: int) -> list[tuple[int, int, T]]:
        """Ranges whose start lies in [lo, hi]."""
        return list(self._range(lo, hi))

    def backwards(self, pos: int, floor: int = 0) -> Iterator[tuple[int, int, T]]:
        """Ranges with floor <= r.start and r.end <= pos, latest start first (insertion order reversed
        among equal starts): a search for the nearest earlier range stops at the first that fits."""
        k = bisect_right(self._starts, pos) - 1
        self.asked += 1
        starts, ends, payloads = self._starts, self._ends, self._payloads
        while k >= 0 and starts[k] >= floor:
            self.examined += 1
            if ends[k] <= pos:
                yield starts[k], ends[k], payloads[k]
            k -= 1
