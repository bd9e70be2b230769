"""JSON lines files (optionally .gz): one article object per line."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportage.sources.base import Item, Skip, failed, register
from reportage.sources.records import Columns, item_from_record


def _open(path: Path):
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def read_jsonl(path: Path, cols: Columns) -> Iterator[Item]:
    name = str(path)
    try:
        fh = _open(path)
    except OSError as exc:
        yield failed(name, f"{name}: cannot read ({exc.strerror or exc})")
        return
    with fh:
        lineno = 0
        try:
            for raw in fh:  # streamed line by line
                lineno += 1
                if not raw.strip():
                    continue
                source = f"{name}:{lineno}"
                try:
                    record = json.loads(raw.decode("utf-8-sig" if lineno == 1 else "utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    yield failed(source, f"{source}: not a JSON object ({exc.__class__.__name__}: {exc})")
                    continue
                yield item_from_record(record, source, cols)
        except (OSError, EOFError) as exc:
            yield failed(f"{name}:{lineno + 1}", f"{name}: unreadable after line {lineno} ({exc})")


def count_lines(path: Path) -> int:
    n = 0
    with _open(path) as fh:
        for _ in fh:
            n += 1
    return n


@register("jsonl", (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"), count=lambda target: count_lines(Path(target)))
def read_source(target: str, opts: Any, skip: Skip | None = None) -> Iterator[Item]:
    yield from read_jsonl(Path(target), opts.columns)
