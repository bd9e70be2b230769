"""`reportage run`: analyse a corpus (files, JSONL, CSV, WARC, feeds, URL lists) into a DuckDB store."""

from __future__ import annotations

import argparse
import sys

from reportage.dates import parse_day
from reportage.events.settings import ALL_EVENTS_OPTION, DYADS_OPTION
from reportage.settings import add_settings_option, settings_from_args
from reportage.store import DEFAULT_DB


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run", help="analyse a corpus into a DuckDB store (parallel, resumable)",
        description="Analyse every document of the SOURCEs into the store. Safe to kill and rerun: documents "
                    "already stored (or recorded as failed) are skipped. SOURCE is a directory of .txt/.html "
                    "files, a .jsonl/.csv/.tsv file, a .warc(.gz) crawl, an RSS/Atom feed (file or URL), a .urls "
                    "list of URLs, or a URL; prefix kind: (dir:, jsonl:, csv:, tsv:, warc:, feed:, urls:, file:) "
                    "to force how it is read. Each document's publication date comes from --date, else a date in "
                    "its file name, else its metadata (JSONL/CSV field, HTML meta, feed), else its URL, else a date "
                    "line or dateline in the text; a document with none has its roles coded for a day inferred "
                    "from its titles, or today. Ends with a summary line (done, skipped, failed, no date) and "
                    "exits 1 when any document failed (2 for bad options or sources).")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB store (default {DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--batch-size", type=int, default=16, help="documents per worker task (default 16)")
    p.add_argument("--commit-every", type=int, default=256, metavar="N",
                   help="documents per store transaction (default 256; also every 5 s)")
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: start a local cluster)")
    p.add_argument("--partitions", metavar="DIR",
                   help="Dask: folder for the workers' Parquet partitions, shared with the workers "
                        "(default DB.parts)")
    p.add_argument("--stages", default="actors,attributions,events",
                   help="analysis stages (default actors,attributions,events)")
    p.add_argument("--retry-failed", action="store_true", help="try again the inputs recorded as failed")
    p.add_argument("--all-events", **ALL_EVENTS_OPTION)
    p.add_argument("--dyads", **DYADS_OPTION)
    add_settings_option(p)
    p.add_argument("--no-dedup", action="store_true", help="skip the near-duplicate pass at the end")
    p.add_argument("--doc-timeout", type=float, default=120.0, help="seconds per document before it fails")
    p.add_argument("--max-mb", type=float, default=None,
                   help="largest input document in MiB (default 20; the setting inputs.max_bytes)")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="publication date of every document (overrides dates found in names, metadata and text)")
    p.add_argument("--actors", metavar="FILE", action="append", default=[],
                   help="extra actors (people.tsv format, see docs/actors.md); may be repeated")
    p.add_argument("--follow-links", action="store_true",
                   help="read symbolic links whose target is outside the corpus folder (refused by default)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-count", action="store_true", help="do not count inputs first (no ETA)")
    g = p.add_argument_group("JSONL/CSV columns (default: the usual names)")
    for col in ("text", "title", "url", "date", "outlet", "id"):
        g.add_argument(f"--{col}-col", metavar="NAME", help=f"field holding the {col}")
    f = p.add_argument_group("fetching (feeds, URL lists)")
    f.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    f.add_argument("--max-page-mb", type=float, default=5.0, help="largest page fetched in MB (default 5)")
    f.add_argument("--concurrency", type=int, default=8, help="requests in flight (default 8)")
    f.add_argument("--per-host", type=int, default=2, help="requests in flight per host (default 2)")
    f.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host (default 1)")
    f.add_argument("--ignore-robots", action="store_true", help="fetch pages that robots.txt disallows")
    p.set_defaults(func=run)


def options_from_args(args: argparse.Namespace):  # -> RunOptions
    from reportage.run import RunOptions
    from reportage.sources import Columns, FetchOptions, SourceOptions

    settings = settings_from_args(args)
    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb is not None else settings.inputs.max_bytes
    settings = settings.replace(inputs={"max_bytes": max_bytes})
    sources = SourceOptions(
        columns=Columns(text=args.text_col, title=args.title_col, url=args.url_col, published=args.date_col,
                        outlet=args.outlet_col, id=args.id_col),
        fetch=FetchOptions(timeout=args.timeout, max_bytes=int(args.max_page_mb * 1024 * 1024),
                           concurrency=args.concurrency, per_host=args.per_host, delay=args.delay,
                           robots=not args.ignore_robots),
        max_bytes=max_bytes, date=args.date, follow_links=args.follow_links)
    stages = tuple(s.strip() for s in args.stages.split(",") if s.strip())
    return RunOptions(workers=args.workers, batch_size=args.batch_size, commit_docs=max(1, args.commit_every),
                      engine=args.engine, scheduler=args.scheduler,
                      partitions=args.partitions, stages=stages, retry_failed=args.retry_failed,
                      dedup=not args.no_dedup, doc_timeout=args.doc_timeout, max_bytes=max_bytes,
                      progress=not args.quiet and sys.stderr.isatty(), count=not args.no_count, sources=sources,
                      actor_files=tuple(args.actors), settings=settings)


def run(args: argparse.Namespace) -> int:
    from reportage.inputs import InputError
    from reportage.run import run as run_corpus

    if args.date:
        args.date = parse_day(args.date, "--date")  # a clear error (exit code 2), never a silent "today"
    if args.max_mb is not None and args.max_mb <= 0:
        raise InputError(f"--max-mb {args.max_mb:g}: must be more than 0")
    opts = options_from_args(args)  # a bad --settings file: one clear error before any worker starts
    bad = [s for s in opts.stages if s not in ("actors", "attributions", "events")]
    if bad:
        raise InputError(f"--stages: unknown stage {bad[0]!r} (actors, attributions, events)")
    if args.workers < 0 or args.batch_size < 1:
        raise InputError("--workers must be >= 0 and --batch-size >= 1")
    if args.actors:  # checked here, so a bad file is one clear error before any worker starts
        from reportage.run import user_kb

        user_kb(args.actors)
    try:
        summary = run_corpus(args.sources, args.db, opts)
    except RuntimeError as exc:
        print(f"reportage: error: {exc}", file=sys.stderr)
        return 1
    print(f"reportage run {summary.run_id}: {summary.line()} -> {args.db}", file=sys.stderr)
    if summary.dedup:
        d = summary.dedup
        print(f"reportage: de-duplication: {d['exact_duplicates']} exact copies, {d['near_pairs']} near-duplicate "
              f"pairs, {d['grouped_documents']} documents in {d['stories']} multi-document stories", file=sys.stderr)
    if summary.bad_dates:
        print(f"reportage: warning: {_docs(summary.bad_dates)} a publication date in the metadata that "
              "is not a date, treated as no date; see them with: reportage query \"SELECT source, warnings FROM "
              f"documents WHERE date_source = 'invalid'\" --db {args.db}", file=sys.stderr)
    if summary.no_date:
        print(f"reportage: {_docs(summary.no_date)} no publication date (none given, in the file name, "
              "metadata, URL or text): their roles were coded for a day inferred from titles, or today; "
              "give one with --date", file=sys.stderr)
    if summary.failed:
        print(f"reportage: {summary.failed} failed; see them with: reportage query "
              f"\"SELECT source, error FROM failures WHERE run_id = {summary.run_id}\" --db {args.db}", file=sys.stderr)
        return 1
    return 0


def _docs(n: int) -> str:
    return f"{n} document had" if n == 1 else f"{n} documents had"
