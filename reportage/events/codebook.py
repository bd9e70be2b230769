"""The CAMEO codebook and the CAMEO -> PLOVER mapping, read from data files once.

Kept apart from the coder so the engine does not know any ontology: swap the TSV files and the
coder emits another scheme.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# PLOVER 0.5 names still used by older gold sets -> the current names the coder emits
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    name: str
    quad_class: int | None
    goldstein: float | None
    plover: str | None
    mode: str | None


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[str, int, float]], dict[str, tuple[str, str]]]:
    cameo = {r[0]: (r[1], int(r[2]), float(r[3])) for r in _rows(DATA / "cameo.tsv")}
    plover: dict[str, tuple[str, str]] = {}
    for r in _rows(DATA / "plover.tsv"):
        plover.setdefault(r[0], (r[1], (r[2] if len(r) > 2 else "").strip()))
    return cameo, plover


def _up(code: str) -> list[str]:
    """The code and its ancestors, most specific first ("0332" -> 0332, 033, 03)."""
    return [code[:n] for n in range(len(code), 1, -1)]


@lru_cache(maxsize=1024)
def info(code: str) -> CodeInfo:
    """Codebook facts for a CAMEO code; unknown sub-codes inherit from their nearest known parent."""
    cameo, plover = _tables()
    name, quad, gold = None, None, None
    for c in _up(code):
        if c in cameo:
            name, quad, gold = cameo[c]
            break
    pl, mode = None, None
    for c in _up(code):
        if c in plover:
            pl, mode = plover[c]
            break
    return CodeInfo(code, name or code, quad, gold, pl or None, mode or None)
