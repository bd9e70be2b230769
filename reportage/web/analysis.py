"""Analysing posted texts for the web, in worker processes with a bounded queue.

Why processes: an analysis is CPU-bound Python (spaCy and the rules), so in the server process
it would hold the GIL and slow every page view; with a lock it made a few posters stall
every page. Each worker is a separate process that loads the model once and analyses one text
at a time; the server process only passes the text in and the JSON back, so pages and API
reads keep their core.

Why a bounded queue: past ``workers + queue`` admitted analyses a new one is refused at once
(:class:`Busy`, answered 503 with ``Retry-After``) instead of piling up. Why kill on
cancel: a running spaCy call cannot be interrupted, so when the client goes away or the time
limit passes, the worker process is killed and replaced; the slot frees at once and the
replacement loads the model before taking the next text.
"""

from __future__ import annotations

import asyncio
import atexit
import math
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from reportage.document import Document
from reportage.settings import Settings

DEFAULT_MAX_CHARS = 100_000  # an article is a few thousand characters; this leaves room for long reads
DEFAULT_TIMEOUT = 60.0  # seconds one analysis may run; the founding example takes about 0.1 s
DEFAULT_QUEUE = 8  # analyses that may wait for a worker beyond those running
POLL_S = 0.2  # how often a waiting request checks whether its client went away
# Workers run at a lower CPU priority than the server: on a busy machine the scheduler serves the
# page views first and the analyses with what is left (they are queued work, pages are interactive).
WORKER_NICE = 10


class TextTooLarge(Exception):
    """The posted text is over the character limit (the API answers 413)."""


class Busy(Exception):
    """Every worker is busy and the queue is full (the API answers 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AnalysisTimeout(Exception):
    """One analysis ran past the time limit; its worker was replaced (the API answers 422)."""


class AnalysisFailed(Exception):
    """The worker died or the pipeline raised (the API answers 500 with the reason's type)."""


class ClientGone(Exception):
    """The client disconnected; the work was dropped (no answer can be sent)."""


def analyze_text(text: str, *, published: str | None = None, outlet: str | None = None,
                 title: str | None = None, max_chars: int = DEFAULT_MAX_CHARS,
                 settings: Settings | None = None) -> Document:
    """Run the pipeline on a posted text without storing it; warnings ride along in the document."""
    if len(text) > max_chars:
        raise TextTooLarge(f"text has {len(text)} characters; the limit is {max_chars}")
    from reportage.pipeline import analyze

    return analyze(text, doc_id="posted", published=published, outlet=outlet, title=title, settings=settings)


def warm_up(full: bool = False) -> None:
    """Load the model so the first text does not wait for it; ``full`` also loads every lazy resource
    (knowledge base, lexicons) by analysing one short sentence."""
    from reportage.nlp import load_nlp

    load_nlp()
    if full:
        analyze_text("Russian President Vladimir Putin said on Monday: \"We will talk to NATO.\"",
                     published="2023-07-13")


def _worker_main(conn: Any, settings: Settings | None = None) -> None:
    """A worker process: load the model, then answer one job per message until the pipe closes;
    every text is analysed with ``settings`` (the server's: ``serve --settings FILE``, else the defaults)."""
    try:
        try:
            os.nice(WORKER_NICE)
        except OSError:
            pass
        try:
            warm_up()
        except Exception:  # noqa: BLE001 - each job then reports the real error (e.g. no model installed)
            pass
        conn.send(("ready", None))
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            try:
                doc = analyze_text(**job, settings=settings)
                conn.send(("ok", doc.to_json()))
            except TextTooLarge as exc:
                conn.send(("too_large", str(exc)))
            except Exception as exc:  # noqa: BLE001 - reported to the client by type, never a traceback
                conn.send(("error", f"{type(exc).__name__}: {str(exc)[:300]}"))
    except KeyboardInterrupt:
        return


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, ctx: Any, settings: Settings | None = None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, settings), daemon=True, name="reportage-analysis")
        self.proc.start()
        child.close()
        self.ready = False

    def kill(self) -> None:
        try:
            self.proc.kill()
        except Exception:  # noqa: BLE001 - already gone
            pass
        try:
            self.conn.close()
        except OSError:
            pass
        # reap without blocking the event loop: join in a short-lived thread
        threading.Thread(target=self.proc.join, args=(5,), daemon=True).start()


class AnalysisPool:
    """``workers`` processes, at most ``queue`` analyses waiting; admission is refused beyond that.

    Safe to call from any event loop (the test client runs each request on its own loop): the
    bookkeeping is guarded by a threading lock and hand-overs go through ``call_soon_threadsafe``.
    """

    def __init__(self, workers: int = 1, queue: int = DEFAULT_QUEUE, timeout: float = DEFAULT_TIMEOUT,
                 settings: Settings | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if queue < 0:
            raise ValueError("queue must be 0 or more")
        self.workers = workers
        self.queue = queue
        self.timeout = timeout
        self.settings = settings  # sent to each worker process as it starts
        self._ctx = _context()
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._waiters: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[_Worker]]] = deque()
        self._admitted = 0
        self._started = False
        self._closed = False
        self._mean_s = 1.0  # running mean of analysis time, for Retry-After
        self.stats = {"done": 0, "refused": 0, "cancelled": 0, "timed_out": 0, "replaced": 0}

    # -- life cycle ---------------------------------------------------------------------------
    def start(self, wait: bool = False, wait_s: float = 120.0) -> None:
        """Start the worker processes (once); with ``wait``, block until each has loaded the model."""
        with self._lock:
            if not self._started:
                self._started = True
                for _ in range(self.workers):
                    w = _Worker(self._ctx, self.settings)
                    self._all.append(w)
                    self._idle.append(w)
                atexit.register(self.close)
            idle = list(self._idle)
        if wait:
            deadline = time.monotonic() + wait_s
            for w in idle:
                if not w.ready and w.conn.poll(max(0.0, deadline - time.monotonic())):
                    kind, _ = w.conn.recv()
                    w.ready = kind == "ready"

    def close(self) -> None:
        """Stop every worker (the server is shutting down)."""
        with self._lock:
            self._closed = True
            workers, self._all, self._idle = list(self._all), [], []
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
            w.kill()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._all if w.proc.pid is not None]

    @property
    def admitted(self) -> int:
        with self._lock:
            return self._admitted

    def full(self) -> bool:
        """True while a new analysis would be refused."""
        return self._admitted >= self.workers + self.queue

    def retry_after(self) -> int:
        """Seconds a refused client should wait: the queue ahead of it, drained by all workers."""
        return max(1, math.ceil(self._mean_s * (self._admitted + 1) / self.workers))

    # -- hand-over of workers -----------------------------------------------------------------
    def _release(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            while self._waiters:
                loop, fut = self._waiters.popleft()
                if not fut.done():
                    loop.call_soon_threadsafe(self._hand, fut, worker)
                    return
            self._idle.append(worker)

    def _hand(self, fut: asyncio.Future[_Worker], worker: _Worker) -> None:
        if fut.done():  # the waiter gave up between pop and hand-over: pass the worker on
            self._release(worker)
        else:
            fut.set_result(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (cancelled or timed out) and put a fresh one in its place."""
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            if self._closed:
                return
            fresh = _Worker(self._ctx, self.settings)
            self._all.append(fresh)
            self.stats["replaced"] += 1
        self._release(fresh)

    async def _acquire(self, gone: Callable[[], Awaitable[bool]], deadline: float) -> _Worker:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._idle:
                return self._idle.pop()
            fut: asyncio.Future[_Worker] = loop.create_future()
            self._waiters.append((loop, fut))
        try:
            while True:
                done, _ = await asyncio.wait({fut}, timeout=POLL_S)
                if done:
                    return fut.result()
                if await gone():
                    raise ClientGone("client disconnected while queued")
                if time.monotonic() > deadline:
                    raise Busy(f"no analysis worker became free within {self.timeout:.0f} s",
                               self.retry_after())
        except BaseException:
            if fut.done() and not fut.cancelled():
                self._release(fut.result())
            else:
                fut.cancel()
            raise

    # -- one analysis ---------------------------------------------------------------------------
    async def analyze(self, job: dict[str, Any], gone: Callable[[], Awaitable[bool]] | None = None) -> dict[str, Any]:
        """Analyse ``job`` (the keyword arguments of :func:`analyze_text`) in a worker; the document JSON.

        ``gone`` is polled while waiting; when it answers True the work is dropped (the worker
        killed and replaced if it had started) and :class:`ClientGone` is raised.
        """
        async def never() -> bool:
            return False

        gone = gone or never
        if not self._started:  # the fork server's first start loads the model: not on the event loop
            await asyncio.get_running_loop().run_in_executor(None, self.start)
        with self._lock:
            if self._admitted >= self.workers + self.queue:
                self.stats["refused"] += 1
                raise Busy(f"{self._admitted} analyses running or queued (limit {self.workers + self.queue}); "
                           "try again later", self.retry_after())
            self._admitted += 1
        try:
            worker = await self._acquire(gone, time.monotonic() + self.timeout)
            return await self._run(worker, job, gone)
        finally:
            with self._lock:
                self._admitted -= 1

    async def _run(self, worker: _Worker, job: dict[str, Any], gone: Callable[[], Awaitable[bool]]) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        readable = asyncio.Event()
        try:
            # in a thread: a long text fills the pipe, and a worker still starting reads it only when ready
            await loop.run_in_executor(None, worker.conn.send, job)
            fd = worker.conn.fileno()
        except (OSError, ValueError) as exc:
            self._replace(worker)
            raise AnalysisFailed(f"analysis worker unavailable ({type(exc).__name__})") from None
        except BaseException:
            self._replace(worker)  # cancelled mid-send: the worker may hold half a message
            raise
        loop.add_reader(fd, readable.set)
        # the time limit counts the analysis, not a fresh worker's model loading
        started: float | None = time.monotonic() if worker.ready else None
        outcome: tuple[str, Any] | None = None
        try:
            while outcome is None:
                try:
                    await asyncio.wait_for(readable.wait(), POLL_S)
                except TimeoutError:
                    pass
                if readable.is_set():
                    readable.clear()
                    try:
                        while worker.conn.poll():
                            msg = worker.conn.recv()
                            if msg[0] == "ready":
                                worker.ready = True
                                started = time.monotonic()
                                continue
                            outcome = msg
                            break
                    except (EOFError, OSError):
                        outcome = ("died", None)
                    continue
                if not worker.proc.is_alive():
                    outcome = ("died", None)
                elif await gone():
                    outcome = ("gone", None)
                elif started is not None and time.monotonic() - started > self.timeout:
                    outcome = ("timeout", None)
        except BaseException:
            loop.remove_reader(fd)
            self._replace(worker)  # cancelled by the server: the work must not hold the worker
            raise
        loop.remove_reader(fd)
        kind, payload = outcome
        if kind in ("ok", "too_large", "error"):
            elapsed = time.monotonic() - (started or time.monotonic())
            self._mean_s = 0.8 * self._mean_s + 0.2 * elapsed
            self.stats["done"] += 1
            self._release(worker)
        else:
            self._replace(worker)
        if kind == "ok":
            return payload
        if kind == "too_large":
            raise TextTooLarge(payload)
        if kind == "error":
            raise AnalysisFailed(f"the analysis failed ({payload})")
        if kind == "gone":
            self.stats["cancelled"] += 1
            raise ClientGone("client disconnected during the analysis")
        if kind == "timeout":
            self.stats["timed_out"] += 1
            raise AnalysisTimeout(f"the analysis was stopped after {self.timeout:g} s (the server's time limit, "
                                  "--timeout); send a shorter text")
        raise AnalysisFailed("the analysis worker died; it has been restarted")


def _context() -> Any:
    """A fork server preloaded with the model (see :mod:`reportage.web._warm`), else spawn.

    Never plain fork: the server process runs threads (the page thread pool, DuckDB), and
    forking a threaded process can leave a lock held forever in the child.
    """
    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["reportage.web._warm"])
        return ctx
    except ValueError:
        return multiprocessing.get_context("spawn")


def default_workers() -> int:
    """One worker per two cores, at least one: the other cores stay free for page views."""
    return max(1, (os.cpu_count() or 2) // 2)
