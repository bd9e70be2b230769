"""`reportage analyze`: one or more articles to the JSON contract or a readable view.

Files are read by the same reader as ``reportage run`` (:mod:`reportage.sources.files`): the same
suffixes and exclusions, the same ids (the path without its extension), the same refusals of
devices, FIFOs and links out of the folder, the same size messages, and the same date order.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportage.dates import parse_day
from reportage.events.settings import ALL_EVENTS_OPTION, DYADS_OPTION
from reportage.inputs import InputError
from reportage.settings import add_settings_option, settings_from_args
from reportage.sources.base import Item


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="analyse articles: attributions, actors, events",
                       description="Analyse text or HTML articles (PATH, a directory, or - for stdin). The "
                                   "publication date comes from --date, else a date in the file name, else the "
                                   "HTML metadata, else a date line or dateline in the text. Exit code 1 when "
                                   "some articles failed, 2 when all did or an option is wrong.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="text/HTML file, directory, or - for stdin")
    p.add_argument("--json", action="store_true",
                   help="print the JSON contract (reportage.document/1); JSON lines for several articles")
    p.add_argument("--format", choices=["view", "json", "jsonl"], default=None,
                   help="output format (default: view for one article, jsonl for several or for a folder with --json)")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="publication date; roles of people are coded for it")
    p.add_argument("--outlet", help="the outlet that published the article")
    p.add_argument("--explain", action="store_true", help="show the rule behind each item in the view")
    p.add_argument("--all-events", **ALL_EVENTS_OPTION)
    p.add_argument("--dyads", **DYADS_OPTION)
    add_settings_option(p)
    p.add_argument("--actors", metavar="FILE", action="append", default=[],
                   help="extra actors (people.tsv format, see docs/actors.md); may be repeated")
    p.add_argument("--acts", default="speech,writing", metavar="ACTS",
                   help="which attributions to report: a comma list of speech, writing, belief, intention, "
                   "knowledge (default speech,writing: quotes a journalist would sign), or 'all' (as PolNeAR counts)")
    p.add_argument("--text-out", metavar="DIR",
                   help="where to write the text extracted from HTML inputs (offsets refer to it)")
    p.add_argument("--follow-links", action="store_true",
                   help="read symbolic links whose target is outside the folder given (refused by default)")
    p.set_defaults(func=run)


def _stdin_item(max_bytes: int) -> Item:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        from reportage.sources.files import too_large

        return Item(doc_id="stdin", source="<stdin>", error=too_large("<stdin>", None, max_bytes))
    return Item(doc_id="stdin", source="<stdin>", data=data)


def _items(paths: list[str], max_bytes: int, follow_links: bool) -> Iterator[Item]:
    from reportage.sources.files import read_files

    for raw in paths:
        if raw == "-":
            yield _stdin_item(max_bytes)
            continue
        p = Path(raw)
        if not p.exists():
            reason = "broken symbolic link" if p.is_symlink() else "no such file"
            yield Item(doc_id=p.stem, source=raw, error=f"{raw}: {reason}")
            continue
        yield from read_files(p, max_bytes, follow_links)


def _count(paths: list[str]) -> int:
    from reportage.sources.files import list_files

    return sum(1 if raw == "-" or not Path(raw).is_dir() else sum(1 for _ in list_files(Path(raw)))
               for raw in paths)


def run(args: argparse.Namespace) -> int:
    from reportage.attribution import parse_acts, reported_acts
    from reportage.export import json_line
    from reportage.inputs import LANGUAGE_WARNINGS
    from reportage.pipeline import analyze
    from reportage.sources.base import prepare_item

    if args.date:
        args.date = parse_day(args.date, "--date")  # a clear error (exit code 2), never a silent "today"
    try:
        acts = parse_acts(args.acts)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    settings = settings_from_args(args)  # a bad --settings file: one clear error (exit code 2)
    kb: Any = None
    if args.actors:
        from reportage.actors.kb import with_user_actors

        kb = with_user_actors(args.actors)  # a copy: the shipped base stays as it is for everyone else
    n = _count(args.paths)
    if n == 0:
        raise InputError(f"{', '.join(args.paths)}: no .txt or .html files found")
    several = n > 1 or any(raw != "-" and Path(raw).is_dir() for raw in args.paths)  # a folder: JSON lines
    fmt = args.format or ("jsonl" if n > 1 or (args.json and several) else "json" if args.json else "view")
    failures = 0
    for item in _items(args.paths, settings.inputs.max_bytes, args.follow_links):
        item.date = args.date
        try:
            ready = prepare_item(item, settings.inputs.max_bytes, settings.inputs.max_chars)
        except InputError as exc:
            print(f"reportage: error: {exc}", file=sys.stderr)
            failures += 1
            continue
        if ready.extracted_from_html:
            _write_extracted(item, ready.text, args.text_out)
        try:
            with reported_acts(acts):
                document = analyze(ready.text, doc_id=item.doc_id, published=ready.meta["published"],
                                   outlet=args.outlet or ready.meta["outlet"], url=ready.meta["url"],
                                   title=ready.meta["title"], kb=kb, settings=settings)
        except Exception as exc:  # a bug on one article must not lose the rest of a batch
            if os.environ.get("REPORTAGE_DEBUG"):
                raise
            first_line = (str(exc).strip().splitlines() or [""])[0][:200]
            print(f"reportage: error: {item.source}: internal error ({type(exc).__name__}: {first_line}); "
                  "set REPORTAGE_DEBUG=1 for the traceback", file=sys.stderr)
            failures += 1
            continue
        document.warnings[:0] = ready.warnings
        for w in ready.warnings:
            print(f"reportage: warning: {w}", file=sys.stderr)
        for w in document.warnings:
            if w in LANGUAGE_WARNINGS:  # the pipeline's: said on stderr too, naming the file
                print(f"reportage: warning: {item.source}: {w}", file=sys.stderr)
        if fmt == "view":
            from reportage.render import print_document

            print_document(document, explain=args.explain)
        elif fmt == "json":
            json.dump(document.to_json(), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(json_line(document.to_json()) + "\n")
        sys.stdout.flush()
    if failures and failures >= n:
        return 2
    return 1 if failures else 0


def _write_extracted(item: Item, text: str, text_out: str | None) -> None:
    """Write the text extracted from an HTML input, since the offsets refer to it, not to the page."""
    out_dir = Path(text_out) if text_out else (Path(item.path).parent if item.path else None)
    if out_dir is None:
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / f"{Path(item.doc_id).name}.extracted.txt"
        target.write_text(text, encoding="utf-8")
        print(f"reportage: extracted text written to {target}", file=sys.stderr)
    except OSError as exc:
        print(f"reportage: warning: cannot write extracted text: {exc}", file=sys.stderr)
