"""Reading brat standoff (.ann) files: text-bound annotations (T) and events (E).

Only what the scorers need is kept. brat stores a discontinuous span as ``start end;start end``,
and an annotation whose text holds a newline spills onto the next line of the file; such
continuation lines, notes (``#``) and any other record types are skipped, not treated as errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

Segments = tuple[tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True, slots=True)
class TextBound:
    """A T line: a label over one or more character segments of the text."""

    id: str
    label: str
    segments: Segments
    text: str


@dataclass(frozen=True, slots=True)
class Event:
    """An E line: the trigger's label and id, and its arguments as (role, T id) pairs in file order."""

    id: str
    label: str
    trigger: str
    args: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Annotations:
    entities: dict[str, TextBound] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)


def parse_segments(field_text: str) -> Segments:
    """``"10 20;25 40"`` -> ((10, 20), (25, 40)); empty or reversed segments are dropped."""
    segs = []
    for part in field_text.split(";"):
        a, b = part.split()
        start, end = int(a), int(b)
        if end > start:
            segs.append((start, end))
    return tuple(segs)


def parse_ann(content: str) -> Annotations:
    """Parse the text of one .ann file."""
    ann = Annotations()
    for line in content.splitlines():
        m = _T_LINE.match(line)
        if m:
            tid, label, segs, text = m.groups()
            ann.entities[tid] = TextBound(tid, label, parse_segments(segs), text)
            continue
        m = _E_LINE.match(line)
        if m:
            parts = m.group(2).split()
            if not parts or ":" not in parts[0]:
                continue
            label, trigger = parts[0].split(":", 1)
            args = tuple(tuple(p.split(":", 1)) for p in parts[1:] if ":" in p)
            ann.events.append(Event(m.group(1), label, trigger, args))  # type: ignore[arg-type]
    return ann


def read_ann(path: str | Path) -> Annotations:
    return parse_ann(Path(path).read_text(encoding="utf-8"))
