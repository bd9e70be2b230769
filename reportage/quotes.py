"""Pairing quotation marks into quotes, across paragraphs where news style leaves them open.

News style opens every paragraph of a multi-paragraph quote with a quote mark and closes only
the last one; a quote left open with no such continuation ends at its paragraph's end. Curly
marks say which way they face; straight ones are judged by the character before them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_OPENING = {"\u201c", "\u201e", "\u00ab"}
_CLOSING = {"\u201d", "\u00bb"}
_OPEN_BEFORE = set(" \n\t([{-\u2014\u2013/")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote in normalised offsets: [start, end) includes the marks; ``closed`` is False when cut at a paragraph end."""

    start: int
    end: int
    closed: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, (self.end - 1 if self.closed else self.end)


def _direction(norm: str, i: int, original_char: str) -> str:
    if original_char in _OPENING:
        return "open"
    if original_char in _CLOSING:
        return "close"
    if i == 0 or norm[i - 1] in _OPEN_BEFORE:
        return "open"
    return "close"


def find_quotes(norm: str, original_char: Callable[[int], str]) -> list[Quote]:
    """Quotes in the normalised text ``norm``; ``original_char(i)`` gives the original mark at i."""
    quotes: list[Quote] = []
    carry: int | None = None  # an open quote carried over from the previous paragraph
    pos = 0
    n = len(norm)
    while pos <= n:
        nl = norm.find("\n", pos)
        para_end = n if nl < 0 else nl
        if carry is not None and nl >= 0 and not norm[pos:para_end].strip():
            pos = nl + 1  # blank line between paragraphs: the carried quote may still continue
            continue
        marks = [(i, _direction(norm, i, original_char(i))) for i in range(pos, para_end) if norm[i] == '"']
        open_at: int | None = None
        if carry is not None:
            first_text = len(norm[pos:para_end]) - len(norm[pos:para_end].lstrip())
            if marks and marks[0][1] == "open" and marks[0][0] == pos + first_text:
                open_at = carry
                marks = marks[1:]
            else:
                quotes.append(Quote(carry, _trim_end(norm, carry, _prev_para_end(norm, pos)), closed=False))
            carry = None
        for i, direction in marks:
            if direction == "open":
                if open_at is None:
                    open_at = i
            elif open_at is not None:
                quotes.append(Quote(open_at, i + 1))
                open_at = None
        if open_at is not None:
            if para_end - open_at > 1:
                carry = open_at
        if nl < 0:
            break
        pos = nl + 1
    if carry is not None:
        quotes.append(Quote(carry, _trim_end(norm, carry, n), closed=False))
    return quotes


def _prev_para_end(norm: str, pos: int) -> int:
    end = pos
    while end > 0 and norm[end - 1] in "\n ":
        end -= 1
    return end


def _trim_end(norm: str, start: int, end: int) -> int:
    while end > start + 1 and norm[end - 1].isspace():
        end -= 1
    return end
