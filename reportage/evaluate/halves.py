"""Tuning and scoring halves of a development set, fixed by a hash of each record's id.

Whoever tunes the coder on a dev set must report the half they did not tune on: the split is a
stable function of the id (not of the file order), so a record never changes half when the file
grows, and every scorer splits the same way.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

HALVES = ("tune", "score")


def half(record_id: str) -> str:
    """'tune' or 'score' for this id (MD5 parity: stable across runs, machines and file orders)."""
    return HALVES[hashlib.md5(str(record_id).encode("utf-8")).digest()[0] & 1]


def by_half(records: Iterable[T], key: Callable[[T], Any]) -> dict[str, list[int]]:
    """Positions of the records in each half: {'all': [...], 'tune': [...], 'score': [...]}."""
    out: dict[str, list[int]] = {"all": [], "tune": [], "score": []}
    for i, r in enumerate(records):
        out["all"].append(i)
        out[half(str(key(r)))].append(i)
    return out


def score_by_half(records: list[dict[str, Any]], judge: Callable[[dict[str, Any], Any], dict[str, Any]],
                  figures: Callable[[list[dict[str, Any]]], dict[str, Any]]
                  ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Analyse each record's text, judge it against its gold, and compute the figures of each half.

    Returns the judgements (in record order) and ``{"halves": positions, "all"|"tune"|"score": figures}``.
    """
    from reportage.pipeline import analyze_many

    docs = analyze_many((r["text"], {"doc_id": str(r["id"])}) for r in records)
    judged = [judge(r, d) for r, d in zip(records, docs, strict=True)]
    halves = by_half(records, lambda r: r["id"])
    res = {name: figures([judged[i] for i in idx]) for name, idx in halves.items()}
    return judged, {"halves": halves, **res}


def print_halves(res: dict[str, Any], keys: list[tuple[str, str]], counts: tuple[str, ...] = ("sentences",)) -> None:
    """The figures of each half as a table (``keys``: (figure, label) rows; ``counts``: integer rows)."""
    print(f"{'':<26}" + "".join(f"{h:>10}" for h in ("all", "tune", "score")))
    for key, label in keys:
        print(f"{label:<26}" + "".join(f"{res[h][key]:>10.3f}" for h in ("all", "tune", "score")))
    for key in counts:
        label = key.replace("_", " ")
        print(f"{label:<26}" + "".join(f"{res[h][key]:>10}" for h in ("all", "tune", "score")))


def report(args: argparse.Namespace, title: str, keys: list[tuple[str, str]], records: list[dict[str, Any]],
           judged: list[dict[str, Any]], res: dict[str, Any], missed: Callable[[dict[str, Any], dict[str, Any]], bool],
           heading: Callable[[dict[str, Any]], str], counts: tuple[str, ...] = ("sentences",)) -> int:
    """What a sentence scorer prints: the figures as JSON (``--json``), else the table of halves and up to
    ``--show`` misses of ``--half``, each with ``heading(record)`` and the events the coder gave."""
    halves = res.pop("halves")
    if args.json:
        json.dump(res, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(title)
    print_halves(res, keys, counts)
    shown = 0
    for i in halves[args.half]:
        if shown >= args.show:
            break
        if not missed(judged[i], records[i]):
            continue
        shown += 1
        print(f"\nMISS {heading(records[i])}")
        for g in judged[i]["got"]:
            print(f"   got {g}")
    return 0
