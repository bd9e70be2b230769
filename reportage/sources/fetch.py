"""Polite HTTP fetching for feeds and URL lists (httpx): timeout, size limit, bounded concurrency.

Politeness: at most ``per_host`` requests to one host at a time and ``delay`` seconds between
requests to it; a bounded window of requests is in flight, so a list of a million URLs is
streamed, not loaded. Errors come back as failed :class:`Item` values, never exceptions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from reportage import __version__
from reportage.sources.base import Item, failed, id_for_locator

USER_AGENT = f"reportage/{__version__} (news analysis; batch fetch)"


@dataclass(slots=True)
class FetchOptions:
    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    concurrency: int = 8
    per_host: int = 2
    delay: float = 1.0
    robots: bool = True  # obey each host's robots.txt


class _Robots:
    """robots.txt per host, fetched once; an unreachable or missing robots.txt allows everything."""

    def __init__(self, client: Any, opts: FetchOptions) -> None:
        self.client, self.opts = client, opts
        self.lock = threading.Lock()
        self.rules: dict[str, Any] = {}

    def allowed(self, url: str) -> bool:
        from urllib.robotparser import RobotFileParser

        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self.lock:
            rules = self.rules.get(root)
            if rules is None:
                rules = RobotFileParser()
                try:
                    body, _ = fetch_bytes(self.client, f"{root}/robots.txt", self.opts)
                    rules.parse(body.decode("utf-8", "replace").splitlines())
                except ValueError:
                    rules.parse([])
                self.rules[root] = rules
        return rules.can_fetch(USER_AGENT, url)


class _Hosts:
    """Per-host semaphores and last-request times."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host, self.delay = per_host, delay
        self.lock = threading.Lock()
        self.sems: dict[str, threading.Semaphore] = {}
        self.next_time: dict[str, float] = {}

    def acquire(self, host: str) -> threading.Semaphore:
        with self.lock:
            sem = self.sems.setdefault(host, threading.Semaphore(self.per_host))
        sem.acquire()
        while True:
            with self.lock:
                now = time.monotonic()
                t = self.next_time.get(host, 0.0)
                if now >= t:
                    self.next_time[host] = now + self.delay
                    return sem
            time.sleep(min(t - now, self.delay))


def fetch_bytes(client: Any, url: str, opts: FetchOptions) -> tuple[bytes, str]:
    """GET ``url``; returns (body, content type). Raises ValueError with a one-line reason."""
    import httpx

    try:
        with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise ValueError(f"HTTP {resp.status_code}")
            length = resp.headers.get("content-length")
            if length and length.isdigit() and int(length) > opts.max_bytes:
                raise ValueError(f"too large ({int(length) / 2**20:.1f} MiB > {opts.max_bytes / 2**20:g} MiB limit)")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > opts.max_bytes:
                    raise ValueError(f"too large (more than {opts.max_bytes / 2**20:g} MiB limit)")
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type", "")
    except httpx.TimeoutException:
        raise ValueError(f"timeout after {opts.timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise ValueError(f"{exc.__class__.__name__}: {exc}") from None


def make_client(opts: FetchOptions) -> Any:
    import httpx

    return httpx.Client(timeout=opts.timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT},
                        limits=httpx.Limits(max_connections=opts.concurrency))


def fetch_items(urls: Iterable[tuple[str, dict[str, Any]]], opts: FetchOptions,
                skip: Callable[[list[str]], set[str]] | None = None) -> Iterator[Item]:
    """Fetch (url, meta) pairs as Items, in completion order; ``skip(urls)`` names URLs already stored."""
    hosts = _Hosts(opts.per_host, opts.delay)
    client = make_client(opts)
    robots = _Robots(client, opts) if opts.robots else None

    def one(url: str, meta: dict[str, Any]) -> Item:
        if robots is not None and not robots.allowed(url):
            return failed(url, f"{url}: disallowed by the site's robots.txt", stage="fetch", url=url)
        host = urlsplit(url).hostname or ""
        sem = hosts.acquire(host)
        try:
            data, ctype = fetch_bytes(client, url, opts)
        except ValueError as exc:
            return failed(url, f"{url}: {exc}", stage="fetch", url=url)
        finally:
            sem.release()
        if "html" not in ctype.lower() and not ctype.lower().startswith("text/"):
            return failed(url, f"{url}: not an HTML or text page ({ctype or 'no content type'})", stage="fetch",
                          url=url)
        return Item(doc_id=id_for_locator(url, data, url), source=url, data=data,
                    html=True if "html" in ctype.lower() else None, meta={**meta, "url": url})

    window = max(1, opts.concurrency * 2)
    with client, ThreadPoolExecutor(max_workers=opts.concurrency, thread_name_prefix="fetch") as pool:
        pending: set[Future] = set()
        batch: list[tuple[str, dict[str, Any]]] = []

        def submit_batch() -> None:
            known = skip([u for u, _ in batch]) if skip else set()
            for u, m in batch:
                if u not in known:
                    pending.add(pool.submit(one, u, m))
            batch.clear()

        for url, meta in urls:
            batch.append((url, meta))
            if len(batch) >= 64:
                submit_batch()
            while len(pending) >= window:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    pending.discard(f)
                    yield f.result()
        submit_batch()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                pending.discard(f)
                yield f.result()
