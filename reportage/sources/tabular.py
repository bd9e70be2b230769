"""CSV and TSV files (optionally .gz) with a header row: one article per row."""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportage.sources.base import Item, Skip, failed, register
from reportage.sources.records import Columns, item_from_record


def read_table(path: Path, cols: Columns) -> Iterator[Item]:
    name = str(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 kB default
    lower = name.lower()
    delimiter = "\t" if lower.endswith((".tsv", ".tsv.gz", ".tab")) else ","
    try:
        raw = gzip.open(path, "rb") if lower.endswith(".gz") else path.open("rb")
    except OSError as exc:
        yield failed(name, f"{name}: cannot read ({exc.strerror or exc})")
        return
    with io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        row = 0
        try:
            for record in reader:
                row += 1
                yield item_from_record(record, f"{name}:{reader.line_num}", cols)
        except (UnicodeDecodeError, csv.Error, OSError) as exc:
            yield failed(f"{name}:row{row + 1}", f"{name}: unreadable after row {row} ({exc})")


def _count(target: str) -> int:
    from reportage.sources.jsonl import count_lines

    return max(0, count_lines(Path(target)) - 1)  # rows with embedded newlines make this approximate


@register("tsv", (".tsv", ".tsv.gz", ".tab"), count=_count)
@register("csv", (".csv", ".csv.gz"), count=_count)
def read_source(target: str, opts: Any, skip: Skip | None = None) -> Iterator[Item]:
    yield from read_table(Path(target), opts.columns)
