"""RSS/Atom feeds (feedparser): each entry's link is fetched and its main text extracted."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reportage.sources.base import Item, Skip, failed, register
from reportage.sources.fetch import FetchOptions, fetch_bytes, fetch_items, make_client


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%d", parsed)
    except (TypeError, ValueError):
        return None


def feed_entries(data: bytes) -> tuple[str | None, list[tuple[str, dict[str, Any]]]]:
    """The feed's title and its entries as (link, meta) pairs."""
    import feedparser

    parsed = feedparser.parse(data)
    outlet = (parsed.feed.get("title") or None) if parsed.feed else None
    entries = []
    for e in parsed.entries:
        link = e.get("link")
        if not link:
            continue
        meta = {"title": e.get("title"), "outlet": outlet,
                "published": _iso(e.get("published_parsed") or e.get("updated_parsed"))}
        entries.append((link, meta))
    return outlet, entries


def read_feed(spec: str, opts: FetchOptions, skip: Callable[[list[str]], set[str]] | None = None) -> Iterator[Item]:
    """A feed from a local file or a URL; the entries' pages are fetched politely."""
    if spec.startswith(("http://", "https://")):
        try:
            with make_client(opts) as client:
                data, _ = fetch_bytes(client, spec, opts)
        except ValueError as exc:  # recorded for this attempt only: the next run tries the feed again
            attempt = time.strftime("%Y-%m-%dT%H:%M:%S")
            yield failed(f"{spec}@{attempt}", f"{spec}: {exc}", stage="fetch")
            return
    else:
        try:
            data = Path(spec).read_bytes()
        except OSError as exc:
            yield failed(spec, f"{spec}: cannot read ({exc.strerror or exc})")
            return
    _, entries = feed_entries(data)
    if not entries:
        yield failed(spec, f"{spec}: not an RSS/Atom feed, or a feed without entry links")
        return
    yield from fetch_items(entries, opts, skip)


def looks_like_feed(head: bytes) -> bool:
    h = head[:2000].lower()
    return b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h


@register("feed", (".rss", ".atom"))  # a .xml file is a feed when it looks like one (kind_of sniffs it)
def read_source(target: str, opts: Any, skip: Skip | None = None) -> Iterator[Item]:
    yield from read_feed(target, opts.fetch, skip)
