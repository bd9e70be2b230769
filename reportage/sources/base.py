"""What every source yields: an :class:`Item` (one input document, not yet analysed).

Sources run in the main process and only read bytes; decoding and HTML extraction happen in
the workers (:func:`prepare`), so a slow trafilatura call never stalls the reader. An item
whose input could not even be read carries ``error`` and is recorded as failed, not analysed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reportage.dates import choose
from reportage.inputs import MAX_BYTES, MAX_CHARS, Article, InputError, article_from_bytes, check_length, decode


@dataclass(slots=True)
class Item:
    doc_id: str
    source: str  # where it came from: path, path:line, WARC file#offset, URL
    data: bytes | None = None  # raw bytes (text or HTML), decoded by the worker
    text: str | None = None  # already a string (JSONL/CSV fields)
    html: bool | None = None  # True: HTML; False: plain text; None: sniff
    meta: dict[str, Any] = field(default_factory=dict)  # url, title, published, outlet given by the source
    error: str | None = None  # a read failure: recorded, never analysed
    stage: str = "read"
    path: str | None = None  # the file it was read from, when it is one file (its name may hold the date)
    date: str | None = None  # the publication day given for it (``run --date``), already validated


Skip = Callable[[list[str]], set[str]]  # URLs already stored or failed, asked before fetching


@dataclass(frozen=True, slots=True)
class Reader:
    """One kind of input: how a SOURCE is recognised (prefix ``kind:`` or file suffixes) and read."""

    kind: str
    read: Callable[[str, Any, Skip | None], Iterator[Item]]  # (target, SourceOptions, skip) -> items
    suffixes: tuple[str, ...] = ()  # lower-case file name endings that select this kind
    count: Callable[[str], int] | None = None  # how many items, when cheap to know


READERS: dict[str, Reader] = {}


def register(kind: str, suffixes: tuple[str, ...] = (), count: Callable[[str], int] | None = None,
             ) -> Callable[[Callable[[str, Any, Skip | None], Iterator[Item]]],
                           Callable[[str, Any, Skip | None], Iterator[Item]]]:
    """Register a reader function for ``kind``: a new input kind is one module that calls this."""
    def wrap(fn: Callable[[str, Any, Skip | None], Iterator[Item]]) -> Callable[[str, Any, Skip | None], Iterator[Item]]:
        READERS[kind] = Reader(kind, fn, suffixes, count)
        return fn
    return wrap


def make_id(content: bytes | str, url: str | None = None) -> str:
    """Stable document id: a hash of the content and, where given, the URL (20 hex digits, 80 bits)."""
    h = hashlib.sha256()
    if url:
        h.update(url.strip().encode("utf-8"))
    h.update(b"\x00")
    h.update(content.encode("utf-8") if isinstance(content, str) else content)
    return h.hexdigest()[:20]


def id_for_locator(source: str, content: bytes | str | None = None, url: str | None = None) -> str:
    """Id of an input with no usable content (empty, unreadable): its locator keeps it distinct and stable."""
    if content and (content.strip() if isinstance(content, (bytes, str)) else content):
        return make_id(content, url)
    return make_id(f"locator:{source}", url)


def failed(source: str, error: str, stage: str = "read", url: str | None = None) -> Item:
    return Item(doc_id=id_for_locator(source, None, url), source=source, error=error, stage=stage,
                meta={"url": url} if url else {})


@dataclass(slots=True)
class Prepared:
    """An item made ready for analysis: its text, analyze() keywords, and how its date was found."""

    text: str
    meta: dict[str, Any]
    date_source: str | None = None  # option | filename | metadata | url | text | invalid | None (no date)
    warnings: list[str] = field(default_factory=list)
    extracted_from_html: bool = False  # the text is trafilatura's extract: offsets refer to it, not the page


def prepare(item: Item, max_bytes: int = MAX_BYTES) -> tuple[str, dict[str, Any]]:
    """The article text and analyze() keywords for an item; raises InputError for unusable input."""
    ready = prepare_item(item, max_bytes)
    return ready.text, ready.meta


def prepare_item(item: Item, max_bytes: int = MAX_BYTES, max_chars: int = MAX_CHARS) -> Prepared:
    """Decode and extract an item, and choose its publication day (see :func:`reportage.dates.choose`);
    ``max_bytes`` and ``max_chars`` are the limits of ``inputs`` in :class:`reportage.settings.Settings`."""
    if item.error:
        raise InputError(item.error)
    meta = {k: v for k, v in item.meta.items() if v not in (None, "")}
    url = meta.get("url")
    if item.text is not None:
        size = len(item.text.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise InputError(f"{item.source}: too large ({size / 2**20:.1f} MiB > {max_bytes / 2**20:g} MiB limit)")
        if not item.text.strip():
            raise InputError(f"{item.source}: empty text")
        if item.html:
            from reportage.html import extract_html

            article = extract_html(item.text, item.source, item.doc_id, url=url)
        else:
            article = Article(id=item.doc_id, text=item.text, url=url)
    elif item.data is not None:
        if item.html:
            if len(item.data) > max_bytes:
                raise InputError(f"{item.source}: too large ({len(item.data) / 2**20:.1f} MiB > "
                                 f"{max_bytes / 2**20:g} MiB limit)")
            from reportage.html import extract_html

            article = extract_html(decode(item.data, item.source), item.source, item.doc_id, url=url)
        else:
            article = article_from_bytes(item.data, item.source, item.doc_id, max_bytes=max_bytes, url=url)
    else:
        raise InputError(f"{item.source}: no content")
    check_length(article.text, item.source, max_chars)  # every kind of input, not only files
    url = url or article.url
    found = choose(option=item.date, filename=item.path, metadata=meta.get("published") or article.published,
                   url=url, text=article.text, what=item.source)
    out = {
        "doc_id": item.doc_id,
        "url": url,
        "title": meta.get("title") or article.title,
        "published": found.day,
        "outlet": meta.get("outlet") or article.outlet,
    }
    # "invalid": the metadata gave a value that is not a date, and nothing else gave one
    source = found.source or ("invalid" if found.warnings else None)
    return Prepared(article.text, out, source, found.warnings, article.extracted_from_html)
