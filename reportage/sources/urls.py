"""Lists of URLs (one per line, # comments): each page fetched politely, main text extracted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reportage.sources.base import Item, Skip, failed, register
from reportage.sources.fetch import FetchOptions, fetch_items


def url_lines(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8", errors="replace") as fh:  # streamed: lists can be huge
        for line in fh:
            url = line.strip()
            if url and not url.startswith("#"):
                yield url, {}


def read_urls(path: Path, opts: FetchOptions, skip: Callable[[list[str]], set[str]] | None = None) -> Iterator[Item]:
    if not path.is_file():
        yield failed(str(path), f"{path}: no such file")
        return
    bad = []

    def good() -> Iterator[tuple[str, dict[str, Any]]]:
        for url, meta in url_lines(path):
            if url.startswith(("http://", "https://")):
                yield url, meta
            else:
                bad.append(url)

    yield from fetch_items(good(), opts, skip)
    for url in bad:
        yield failed(url, f"{path}: not an http(s) URL: {url[:200]}", stage="read")


@register("urls", (".urls",))
def read_source(target: str, opts: Any, skip: Skip | None = None) -> Iterator[Item]:
    yield from read_urls(Path(target), opts.fetch, skip)
