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

Readers are registered (:func:`reportage.sources.base.register`): each module above declares its
kind, its file suffixes and how to count its items, so a new input kind is one module, imported here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportage.inputs import MAX_BYTES, InputError

# the reader modules register themselves (kind, suffixes, count) when imported
from reportage.sources import feeds, fetch, files, jsonl, tabular, urls, warc  # noqa: F401
from reportage.sources.base import READERS, Item, Skip, failed, prepare
from reportage.sources.fetch import FetchOptions
from reportage.sources.records import Columns

__all__ = ["Item", "SourceOptions", "Columns", "FetchOptions", "open_sources", "kind_of", "count_items", "prepare"]


@dataclass(slots=True)
class SourceOptions:
    columns: Columns = field(default_factory=Columns)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    max_bytes: int = MAX_BYTES
    date: str | None = None  # ``run --date``: the publication day of every document (validated ISO day)
    follow_links: bool = False  # read symlinks whose target is outside the corpus folder


def kind_of(spec: str) -> tuple[str, str]:
    """(kind, target) of a SOURCE argument; raises InputError when it names nothing usable."""
    for k in READERS:
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
    by_suffix = sorted(((suf, r.kind) for r in READERS.values() for suf in r.suffixes), key=lambda x: -len(x[0]))
    for suffix, kind in by_suffix:
        if low.endswith(suffix):
            return kind, spec
    if low.endswith(".xml"):
        with p.open("rb") as fh:
            if feeds.looks_like_feed(fh.read(2000)):
                return "feed", spec
    return "file", spec


def open_sources(specs: list[str], options: SourceOptions | None = None,
                 skip_urls: Skip | None = None) -> Iterator[Item]:
    """Stream the items of every source in turn (checked up front, so a typo fails before any work)."""
    opts = options or SourceOptions()
    kinds = [kind_of(s) for s in specs]
    for kind, target in kinds:
        reader = READERS.get(kind)
        if reader is None:  # pragma: no cover - kind_of only returns registered kinds
            yield failed(target, f"{target}: unknown source kind {kind}")
            continue
        for item in reader.read(target, opts, skip_urls):
            if opts.date:
                item.date = opts.date
            yield item


def count_items(specs: list[str]) -> int | None:
    """How many items the sources hold, when that is cheap to know (files, lines); else None."""
    total = 0
    for spec in specs:
        kind, target = kind_of(spec)
        count = READERS[kind].count
        if count is None:
            return None
        total += count(target)
    return total
