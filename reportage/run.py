"""The batch engine behind ``reportage run``: sources -> workers -> store, resumable and bounded.

Design, and why:

* The main process streams items from the sources, drops ids already stored or failed (so a
  rerun after kill -9 resumes), and hands batches to workers. At most ``2 x workers`` batches
  are in flight, so memory is bounded whatever the corpus size.
* Each worker loads spaCy once (process initializer) and parses its batch with ``nlp.pipe``;
  decoding and HTML extraction run there too. A document that fails is returned as a failure
  with its error; it never takes the batch down with it.
* Only the main process writes the store, one transaction per group of batches, so the store
  holds whole documents only: a kill loses at most the uncommitted group, which the rerun redoes.
* ``engine="dask"`` sends the same batch function to a Dask cluster; workers write a Parquet
  partition per batch which the main process merges into the store (and deletes). Partitions
  left by a killed run are merged first on the next one.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportage.dedup import document_result
from reportage.inputs import MAX_BYTES, InputError
from reportage.settings import Settings, resolve
from reportage.sources import Item, SourceOptions, count_items, open_sources
from reportage.sources.base import Prepared, prepare_item
from reportage.store import DocFailure, DocResult, Store

ALL_STAGES = ("actors", "attributions", "events")


@dataclass(slots=True)
class RunOptions:
    workers: int = 0  # 0: all cores
    batch_size: int = 16  # documents per worker task
    pipe_batch: int = 16  # nlp.pipe batch size inside a task
    commit_docs: int = 256  # documents per store transaction (or every commit_seconds)
    commit_seconds: float = 5.0
    doc_timeout: float = 120.0  # seconds of analysis per document before it is recorded as failed
    max_bytes: int = MAX_BYTES
    stages: tuple[str, ...] = ALL_STAGES
    model: str | None = None
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address; None starts a local cluster
    partitions: str | None = None  # dask: folder of Parquet partitions (default: next to the db)
    retry_failed: bool = False
    dedup: bool = True
    progress: bool = True
    count: bool = True  # count the inputs first for an ETA where that is cheap
    in_process: bool = False  # analyse in the main process (tests, debugging); no worker processes
    recycle_after: int = 20000  # documents a local worker handles before it is replaced (spaCy vocab growth)
    sources: SourceOptions = field(default_factory=SourceOptions)
    actor_files: tuple[str, ...] = ()  # user actor files (people.tsv format) over the shipped base
    settings: Settings | None = None  # every stage's thresholds, also in the workers; None: the defaults


@dataclass(slots=True)
class RunSummary:
    run_id: int
    done: int = 0
    skipped: int = 0
    failed: int = 0
    no_date: int = 0  # documents stored without a publication date (roles coded for an inferred day or today)
    bad_dates: int = 0  # of those, documents whose metadata gave a value that is not a date
    seconds: float = 0.0
    dedup: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"done {self.done}, skipped {self.skipped}, failed {self.failed}, no date {self.no_date} "
                f"in {self.seconds:.1f} s ({self.rate:.1f} docs/s)")


# --------------------------------------------------------------------------------------------
# worker side


_WORKER: dict[str, Any] = {}


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process when its parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``).

    Why: a run killed with ``kill -9`` cannot stop its workers, and each holds a spaCy model
    (about 270 MB) for ever. The signal is the OS's own mechanism, with no polling and no timeout.
    If the parent died before this call, the process exits now. Elsewhere this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc prctl (an unusual Linux): nothing more to do
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def init_worker(model: str | None, stages: tuple[str, ...], max_bytes: int,
                actor_files: tuple[str, ...] = (), parent: int | None = None,
                settings: Settings | None = None) -> None:
    """Load spaCy (and the user's actors over the base) once per worker process; ignore Ctrl-C there.
    ``settings`` is the run's: the worker analyses with it (it is picklable, and sent as it is).

    The worker dies with the run's process (:func:`die_with_parent`), whose direct child it is.
    """
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from reportage.nlp import load_nlp

    _WORKER.update(nlp=load_nlp(model), stages=stages, max_bytes=max_bytes, kb=user_kb(actor_files),
                   settings=settings)


def user_kb(actor_files: tuple[str, ...] | list[str]) -> Any:
    """The knowledge base with the user's actor files over it (a new object: the cached base is untouched),
    or None for the shipped base."""
    if not actor_files:
        return None
    from reportage.actors.kb import with_user_actors

    return with_user_actors(actor_files)


class _Timeout(Exception):
    pass


def _alarm(seconds: float) -> Callable[[], None]:
    """Arm a SIGALRM timer where possible (main thread on Unix); returns the disarm function."""
    import threading

    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return lambda: None

    def fire(signum: int, frame: Any) -> None:
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)

    def disarm() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)

    return disarm


def process_batch(items: list[Item], nlp: Any = None, stages: tuple[str, ...] | None = None,
                  max_bytes: int | None = None, doc_timeout: float = 120.0, kb: Any = None,
                  settings: Settings | None = None) -> tuple[list[DocResult], list[DocFailure]]:
    """Analyse a batch of items; every item ends as exactly one result or one failure.

    ``kb`` is the knowledge base to code actors with (default: the worker's, else the shipped one);
    ``settings`` likewise (default: the worker's, else the defaults).
    """
    from reportage.nlp import normalise, parse_stream, parse_text
    from reportage.pipeline import Parsed, analyze_parsed

    nlp = nlp or _WORKER.get("nlp")
    if nlp is None:
        from reportage.nlp import load_nlp

        nlp = load_nlp()
    kb = kb if kb is not None else _WORKER.get("kb")
    stages = stages or _WORKER.get("stages") or ALL_STAGES
    max_bytes = max_bytes or _WORKER.get("max_bytes") or MAX_BYTES
    settings = resolve(settings or _WORKER.get("settings"))
    results: list[DocResult] = []
    failures: list[DocFailure] = []
    ready: list[tuple[Item, str, dict[str, Any], Prepared]] = []
    for item in items:
        if item.error:
            failures.append(DocFailure(item.doc_id, item.source, item.stage, item.error))
            continue
        try:
            prepared = prepare_item(item, max_bytes, settings.inputs.max_chars)
            text, meta = prepared.text, prepared.meta
        except InputError as exc:
            failures.append(DocFailure(item.doc_id, item.source, "decode", str(exc)))
            continue
        except Exception as exc:  # an extractor bug must not lose the batch
            failures.append(DocFailure(item.doc_id, item.source, "decode", f"{item.source}: {_one_line(exc)}"))
            continue
        ready.append((item, text, meta, prepared))

    def analyse(entry: tuple[Item, str, dict[str, Any], Prepared], parsed_doc: Any, omap: Any) -> None:
        item, text, meta, prepared = entry
        try:
            document = analyze_parsed(Parsed(text, parsed_doc, omap), stages=stages, kb=kb, settings=settings,
                                      **meta)
            document.warnings[:0] = prepared.warnings
            results.append(document_result(document, item.source, prepared.date_source, settings.dedup))
        except _Timeout:
            raise
        except Exception as exc:
            failures.append(DocFailure(item.doc_id, item.source, "analyze", f"{item.source}: {_one_line(exc)}"))

    normed = [normalise(text) for _, text, _, _ in ready]
    docs: list[Any] | None = None
    disarm = _alarm(doc_timeout + 5.0 * len(ready))  # parsing is batched: one budget for the batch
    try:
        docs = [d for d, _ in parse_stream(nlp, ((n, None) for n, _ in normed), batch_size=max(1, len(ready)))]
    except _Timeout:
        docs = None
    except Exception:  # noqa: BLE001 - the batch failed as a whole: parse one by one to isolate the culprit
        docs = None
    finally:
        disarm()
    for i, (entry, (norm, omap)) in enumerate(zip(ready, normed, strict=True)):
        item = entry[0]
        disarm = _alarm(doc_timeout)  # each document's analysis (and parse, when redone alone) has its own
        try:
            analyse(entry, docs[i] if docs is not None else parse_text(nlp, norm), omap)
        except _Timeout:
            failures.append(DocFailure(item.doc_id, item.source, "analyze",
                                       f"{item.source}: timeout after {doc_timeout:g} s"))
        except Exception as exc:
            failures.append(DocFailure(item.doc_id, item.source, "analyze", f"{item.source}: {_one_line(exc)}"))
        finally:
            disarm()
    return results, failures


def _one_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {msg[0] if msg else ''}"[:500]


def _worker_batch(items: list[Item], doc_timeout: float) -> tuple[list[DocResult], list[DocFailure]]:
    return process_batch(items, doc_timeout=doc_timeout)


# --------------------------------------------------------------------------------------------
# main side


class _Progress:
    """A tqdm bar on stderr with docs/s and ETA (total known when the sources could be counted)."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", dynamic_ncols=True, file=sys.stderr, smoothing=0.1,
                            desc="reportage run")

    def update(self, n: int, summary: RunSummary) -> None:
        if self.bar is not None:
            self.bar.set_postfix(done=summary.done, skipped=summary.skipped, failed=summary.failed, refresh=False)
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _batches(items: Iterable[Item], store: Store, size: int, summary: RunSummary,
             in_flight: set[str], on_skip: Callable[[int], None]) -> Iterator[list[Item]]:
    """Group items into batches, dropping ids already stored/failed or already in flight."""
    chunk: list[Item] = []

    def flush() -> Iterator[list[Item]]:
        known = store.known_ids([i.doc_id for i in chunk])
        batch: list[Item] = []
        skipped = 0
        for item in chunk:
            if item.doc_id in known or item.doc_id in in_flight:
                skipped += 1
                continue
            in_flight.add(item.doc_id)
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch
        chunk.clear()
        if skipped:
            summary.skipped += skipped
            on_skip(skipped)

    for item in items:
        chunk.append(item)
        if len(chunk) >= size * 4:
            yield from flush()
    if chunk:
        yield from flush()


class _Writer:
    """Buffers worker results and commits them in groups (one transaction each)."""

    def __init__(self, store: Store, run_id: int, opts: RunOptions, summary: RunSummary,
                 progress: _Progress, in_flight: set[str]) -> None:
        self.store, self.run_id, self.opts, self.summary = store, run_id, opts, summary
        self.progress, self.in_flight = progress, in_flight
        self.results: list[DocResult] = []
        self.failures: list[DocFailure] = []
        self.last = time.monotonic()

    def add(self, results: list[DocResult], failures: list[DocFailure]) -> None:
        self.results.extend(results)
        self.failures.extend(failures)
        if (len(self.results) + len(self.failures) >= self.opts.commit_docs
                or time.monotonic() - self.last >= self.opts.commit_seconds):
            self.flush()

    def flush(self) -> None:
        if self.results or self.failures:
            n_results, n_failures = len(self.results), len(self.failures)
            stored: list[str] = []
            written = self.store.write_batch(self.results, self.failures, self.run_id, written=stored)
            kept = set(stored)
            self.summary.no_date += sum(1 for r in self.results if r.doc["id"] in kept and not r.doc.get("published"))
            self.summary.bad_dates += sum(1 for r in self.results if r.doc["id"] in kept and r.date_source == "invalid")
            ids = [r.doc["id"] for r in self.results] + [f.doc_id for f in self.failures]
            self.summary.done += written
            self.summary.failed += n_failures
            self.summary.skipped += n_results - written  # same content seen twice within the run
            self.in_flight.difference_update(ids)
            self.progress.update(n_results + n_failures, self.summary)
            self.results, self.failures = [], []
        self.last = time.monotonic()


def run(specs: list[str], db: str | Path, opts: RunOptions | None = None) -> RunSummary:
    """Analyse every document of the sources into the store at ``db``; resumable."""
    opts = opts or RunOptions()
    opts = replace(opts, settings=resolve(opts.settings))  # decided once, here: every worker gets the same
    workers = opts.workers or os.cpu_count() or 1
    store = Store(db)
    try:
        if opts.retry_failed:
            store.retry_failures()
        for spec in specs:  # fail fast on a typo, before any worker starts
            from reportage.sources import kind_of

            kind_of(spec)
        run_id = store.start_run(opts.engine, workers, specs)
        summary = RunSummary(run_id=run_id)
        total = None
        if opts.progress and opts.count:
            try:
                total = count_items(specs)
            except OSError:
                total = None
        progress = _Progress(opts.progress, total)
        in_flight: set[str] = set()
        writer = _Writer(store, run_id, opts, summary, progress, in_flight)

        items = open_sources(specs, opts.sources, store.known_urls)
        batches = _batches(items, store, opts.batch_size, summary, in_flight,
                           lambda n: progress.update(n, summary))
        started = time.monotonic()
        status = "finished"
        try:
            if opts.engine == "dask":
                _run_dask(batches, writer, opts, workers, db)
            elif opts.engine == "local":
                _run_local(batches, writer, opts, workers)
            else:
                raise InputError(f"--engine {opts.engine}: unknown engine (local or dask)")
            writer.flush()
        except KeyboardInterrupt:
            status = "interrupted"
            writer.flush()
            raise
        finally:
            progress.close()
            summary.seconds = time.monotonic() - started
            if status != "finished":
                store.finish_run(run_id, summary.done, summary.skipped, summary.failed, status)
        if opts.dedup:
            from reportage.dedup import finalize

            summary.dedup = finalize(store, settings=opts.settings.dedup)
        from reportage.quote_clusters import rebuild as rebuild_quotes

        rebuild_quotes(store, opts.settings.quotes)  # the same quote across outlets: quote_clusters / quote_versions
        store.finish_run(run_id, summary.done, summary.skipped, summary.failed, status)
        return summary
    finally:
        store.close()


def _run_local(batches: Iterator[list[Item]], writer: _Writer, opts: RunOptions, workers: int) -> None:
    """Process batches on a local process pool with a bounded window of tasks in flight."""
    import multiprocessing as mp

    if opts.in_process:  # no worker state in this process: everything is passed explicitly
        from reportage.nlp import load_nlp

        nlp, kb = load_nlp(opts.model), user_kb(opts.actor_files)
        for batch in batches:
            writer.add(*process_batch(batch, nlp=nlp, stages=opts.stages, max_bytes=opts.max_bytes,
                                      doc_timeout=opts.doc_timeout, kb=kb, settings=opts.settings))
        return
    # spawn, not forkserver: the workers are then children of this process, so the kernel can kill
    # them when it dies (a forkserver and its children would outlive a kill -9 of the run)
    ctx = mp.get_context("spawn")
    max_tasks = max(1, opts.recycle_after // max(1, opts.batch_size))
    window = workers * 2

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=init_worker,
                                   initargs=(opts.model, opts.stages, opts.max_bytes, tuple(opts.actor_files),
                                             os.getpid(), opts.settings),
                                   max_tasks_per_child=max_tasks)

    pool = new_pool()
    pending: dict[Future, list[Item]] = {}
    try:
        for batch in batches:
            pending[pool.submit(_worker_batch, batch, opts.doc_timeout)] = batch
            while len(pending) >= window:
                pool = _collect(pending, writer, pool, new_pool, opts)
        while pending:
            pool = _collect(pending, writer, pool, new_pool, opts)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(pending: dict[Future, list[Item]], writer: _Writer, pool: ProcessPoolExecutor,
             new_pool: Callable[[], ProcessPoolExecutor], opts: RunOptions) -> ProcessPoolExecutor:
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    broken: list[list[Item]] = []
    for f in done:
        batch = pending.pop(f)
        try:
            writer.add(*f.result())
        except BrokenProcessPool:
            broken.append(batch)
    if not broken:
        return pool
    # a worker died (out of memory, a crash in native code): every batch in flight is lost with it.
    # Redo them one document per task on a fresh pool; a document that kills a worker again is failed,
    # unless an empty task kills one too: then the pool itself is broken and the run stops.
    broken.extend(pending.values())
    pending.clear()
    pool.shutdown(wait=False, cancel_futures=True)
    pool = new_pool()
    for batch in broken:
        for item in batch:
            try:
                writer.add(*pool.submit(_worker_batch, [item], opts.doc_timeout).result())
                continue
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
            try:
                pool.submit(_worker_batch, [], opts.doc_timeout).result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                raise RuntimeError("worker processes die on start-up; nothing was recorded for the documents "
                                   "in flight (rerun to resume)") from None
            writer.add([], [DocFailure(item.doc_id, item.source, "worker",
                                       f"{item.source}: the worker process died analysing it")])
    return pool


# --------------------------------------------------------------------------------------------
# Dask engine

_PART_COLUMNS = ("kind", "doc_id", "source", "json", "content_hash", "minhash", "bands", "stage", "error",
                 "date_source")


def _partition_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("kind", pa.string()), ("doc_id", pa.string()), ("source", pa.string()),
                      ("json", pa.string()), ("content_hash", pa.string()), ("minhash", pa.binary()),
                      ("bands", pa.list_(pa.uint64())), ("stage", pa.string()), ("error", pa.string()),
                      ("date_source", pa.string())])


_DASK_KB: dict[tuple[str, ...], Any] = {}


def dask_batch_to_parquet(items: list[Item], partdir: str, model: str | None, stages: tuple[str, ...],
                          max_bytes: int, doc_timeout: float, actor_files: tuple[str, ...] = (),
                          settings: Settings | None = None) -> str:
    """Run on a Dask worker: analyse a batch and write it as one Parquet partition; returns its path."""
    import hashlib
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    from reportage.nlp import load_nlp

    if actor_files not in _DASK_KB:  # built once per Dask worker process, like the spaCy model
        _DASK_KB[actor_files] = user_kb(actor_files)
    results, failures = process_batch(items, nlp=load_nlp(model), stages=stages, max_bytes=max_bytes,
                                      doc_timeout=doc_timeout, kb=_DASK_KB[actor_files], settings=settings)
    rows: dict[str, list[Any]] = {c: [] for c in _PART_COLUMNS}
    for r in results:
        for c, v in zip(_PART_COLUMNS, ("doc", r.doc["id"], r.source, json.dumps(r.doc, ensure_ascii=False),
                                        r.content_hash, r.minhash, r.bands, None, None, r.date_source),
                        strict=True):
            rows[c].append(v)
    for f in failures:
        for c, v in zip(_PART_COLUMNS, ("failure", f.doc_id, f.source, None, None, None, None, f.stage, f.error,
                                        None), strict=True):
            rows[c].append(v)
    name = hashlib.sha256("\n".join(i.doc_id for i in items).encode()).hexdigest()[:24]
    path = Path(partdir) / f"part-{name}.parquet"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(pa.table(rows, schema=_partition_schema()), tmp)
    os.replace(tmp, path)  # a partition is either complete or absent
    return str(path)


def read_partition(path: str | Path) -> tuple[list[DocResult], list[DocFailure]]:
    import json

    import pyarrow.parquet as pq

    table = pq.read_table(path).to_pylist()
    results, failures = [], []
    for row in table:
        if row["kind"] == "doc":
            results.append(DocResult(doc=json.loads(row["json"]), content_hash=row["content_hash"],
                                     source=row["source"], minhash=row["minhash"], bands=list(row["bands"] or []),
                                     date_source=row.get("date_source")))
        else:
            failures.append(DocFailure(row["doc_id"], row["source"], row["stage"], row["error"]))
    return results, failures


def _merge_partition(path: str | Path, writer: _Writer) -> None:
    writer.add(*read_partition(path))
    writer.flush()  # committed before the partition is removed
    Path(path).unlink(missing_ok=True)


def _run_dask(batches: Iterator[list[Item]], writer: _Writer, opts: RunOptions, workers: int,
              db: str | Path) -> None:
    """Process batches on a Dask cluster (``opts.scheduler``, or a local one) via Parquet partitions."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("--engine dask: dask and distributed are not installed (pip install 'reportage[dask]')") from None
    partdir = Path(opts.partitions or f"{db}.parts").resolve()
    partdir.mkdir(parents=True, exist_ok=True)
    for leftover in sorted(partdir.glob("part-*.parquet")):  # written by a run that was killed
        _merge_partition(leftover, writer)
    cluster = None
    if opts.scheduler:
        try:
            client = Client(opts.scheduler, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"--scheduler {opts.scheduler}: cannot connect ({exc})") from None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        nthreads = sum(client.nthreads().values()) or workers
        window = 2 * nthreads
        running = as_completed()
        n_running = 0

        def submit(batch: list[Item]) -> None:
            running.add(client.submit(dask_batch_to_parquet, batch, str(partdir), opts.model, opts.stages,
                                      opts.max_bytes, opts.doc_timeout, tuple(opts.actor_files), opts.settings,
                                      pure=False))

        def drain_one() -> None:
            fut = next(running)
            _merge_partition(fut.result(), writer)
            fut.release()

        for batch in batches:
            submit(batch)
            n_running += 1
            while n_running >= window:
                drain_one()
                n_running -= 1
        while n_running:
            drain_one()
            n_running -= 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        try:
            partdir.rmdir()  # only when every partition was merged
        except OSError:
            pass
