"""Input sources for corpus runs: every kind of input becomes a stream of :class:`Item`.

``open_sources(specs, options)`` dispatches each SOURCE argument by its form:

* a directory: its .txt/.html files, recursively; regular files only (:mod:`.files`)
* ``*.jsonl`` / ``*.ndjson`` (``.gz`` too): one JSON object per line (:mod:`.jsonl`)
* ``*.csv`` / ``*.tsv`` (``.gz`` too): a header row and one article per row (:mod:`.tabular`)
* ``*.warc`` / ``*.warc.gz``: the HTML responses of a crawl (:mod:`.warc`)
* ``*.rss`` / ``*.atom`` / ``*.xml`` feeds, ``feed:PATH_OR_URL``, or an http(s) URL of a feed (:mod:`.feeds`)
* ``*.urls`` or ``urls:PATH``: a list of URLs, one per line (:mod:`.urls`)
* an http(s) URL: that page
* any other file: one article (.txt or .html)

A prefix ``dir:``, ``jsonl:``, ``csv:``, ``tsv:``, ``warc:``, ``feed:``, ``urls:``, ``file:`` forces the kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportage.inputs import MAX_BYTES, InputError
from reportage.sources.base import Item, failed, prepare
from reportage.sources.fetch import FetchOptions
from reportage.sources.records import Columns

__all__ = ["Item", "SourceOptions", "Columns", "FetchOptions", "open_sources", "kind_of", "count_items", "prepare"]

KINDS = ("dir", "jsonl", "csv", "tsv", "warc", "feed", "urls", "url", "file")


@dataclass(slots=True)
class SourceOptions:
    columns: Columns = field(default_factory=Columns)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_bytes: int = MAX_BYTES
    date: str | None = None  # ``run --date``: the publication day of every document (validated ISO day)
    follow_links: bool = False  # read symlinks whose target is outside the corpus folder


def kind_of(spec: str) -> tuple[str, str]:
    """(kind, target) of a SOURCE argument; raises InputError when it names nothing usable."""
    for k in KINDS:
        if spec.startswith(f"{k}:") and not spec.startswith(("http:", "https:")):
            return k, spec[len(k) + 1:]
    if spec.startswith(("http://", "https://")):
        low = spec.lower().split("?")[0]
        if low.endswith((".rss", ".atom", ".xml", "/feed", "/rss", "/feed/", "/rss/")):
            return "feed", spec
        return "url", spec
    p = Path(spec)
    if not p.exists():
        raise InputError(f"{spec}: no such file or directory")
    if p.is_dir():
        return "dir", spec
    if not p.is_file():  # a FIFO would hang the reader, a device would never end
        raise InputError(f"{spec}: not a regular file (a device, FIFO or socket); not read")
    low = p.name.lower()
    if low.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return "jsonl", spec
    if low.endswith((".csv", ".csv.gz")):
        return "csv", spec
    if low.endswith((".tsv", ".tsv.gz", ".tab")):
        return "tsv", spec
    if low.endswith((".warc", ".warc.gz")):
        return "warc", spec
    if low.endswith(".urls"):
        return "urls", spec
    if low.endswith((".rss", ".atom")):
        return "feed", spec
    if low.endswith(".xml"):
        from reportage.sources.feeds import looks_like_feed

        with p.open("rb") as fh:
            if looks_like_feed(fh.read(2000)):
                return "feed", spec
    return "file", spec


def open_sources(specs: list[str], options: SourceOptions | None = None,
                 skip_urls: Callable[[list[str]], set[str]] | None = None) -> Iterator[Item]:
    """Stream the items of every source in turn (checked up front, so a typo fails before any work)."""
    opts = options or SourceOptions()
    kinds = [kind_of(s) for s in specs]
    for kind, target in kinds:
        for item in _one(kind, target, opts, skip_urls):
            if opts.date:
                item.date = opts.date
            yield item


def _one(kind: str, target: str, opts: SourceOptions,
         skip_urls: Callable[[list[str]], set[str]] | None) -> Iterator[Item]:
    if kind in ("dir", "file"):
        from reportage.sources.files import read_files

        yield from read_files(Path(target), opts.max_bytes, opts.follow_links)
    elif kind == "jsonl":
        from reportage.sources.jsonl import read_jsonl

        yield from read_jsonl(Path(target), opts.columns)
    elif kind in ("csv", "tsv"):
        from reportage.sources.tabular import read_table

        yield from read_table(Path(target), opts.columns)
    elif kind == "warc":
        from reportage.sources.warc import read_warc

        yield from read_warc(Path(target), opts.max_bytes)
    elif kind == "feed":
        from reportage.sources.feeds import read_feed

        yield from read_feed(target, opts.fetch, skip_urls)
    elif kind == "urls":
        from reportage.sources.urls import read_urls

        yield from read_urls(Path(target), opts.fetch, skip_urls)
    elif kind == "url":
        from reportage.sources.fetch import fetch_items

        yield from fetch_items([(target, {})], opts.fetch, skip_urls)
    else:  # pragma: no cover - kind_of only returns the kinds above
        yield failed(target, f"{target}: unknown source kind {kind}")


def count_items(specs: list[str]) -> int | None:
    """How many items the sources hold, when that is cheap to know (files, lines); else None."""
    total = 0
    for spec in specs:
        kind, target = kind_of(spec)
        if kind in ("dir", "file"):
            from reportage.sources.files import count_files

            total += count_files(Path(target))
        elif kind == "jsonl":
            from reportage.sources.jsonl import count_lines

            total += count_lines(Path(target))
        elif kind in ("csv", "tsv"):
            from reportage.sources.jsonl import count_lines

            total += max(0, count_lines(Path(target)) - 1)  # rows with embedded newlines make this approximate
        else:
            return None
    return total
