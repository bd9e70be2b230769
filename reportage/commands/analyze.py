"""`reportage analyze`: one or more articles to the JSON contract or a readable view."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from reportage.events.settings import ALL_EVENTS_OPTION
from reportage.inputs import InputError, expand_paths, read_article


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="analyse articles: attributions, actors, events",
                       description="Analyse text or HTML articles (PATH, a directory, or - for stdin).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="text/HTML file, directory, or - for stdin")
    p.add_argument("--json", action="store_true", help="print the JSON contract (reportage.document/1)")
    p.add_argument("--format", choices=["view", "json", "jsonl"], default=None,
                   help="output format (default: view for one article, jsonl for several)")
    p.add_argument("--date", help="publication date (YYYY-MM-DD); roles of people are coded for it")
    p.add_argument("--outlet", help="the outlet that published the article")
    p.add_argument("--explain", action="store_true", help="show the rule behind each item in the view")
    p.add_argument("--all-events", **ALL_EVENTS_OPTION)
    p.add_argument("--actors", metavar="FILE", action="append", default=[],
                   help="extra actors (people.tsv format, see docs/actors.md); may be repeated")
    p.add_argument("--text-out", metavar="DIR",
                   help="where to write the text extracted from HTML inputs (offsets refer to it)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reportage.pipeline import analyze

    if args.actors:
        from reportage.actors.kb import load_user_actors

        for actor_file in args.actors:
            load_user_actors(actor_file)
    paths = expand_paths(args.paths)
    if not paths:
        raise InputError(f"{', '.join(args.paths)}: no .txt or .html files found")
    fmt = args.format or ("json" if args.json else ("view" if len(paths) == 1 else "jsonl"))
    failures = 0
    for path in paths:
        try:
            article = read_article(path)
        except InputError as exc:
            print(f"reportage: error: {exc}", file=sys.stderr)
            failures += 1
            continue
        from reportage.inputs import english_warning

        warning = english_warning(article.text)
        if article.extracted_from_html:
            out_dir = Path(args.text_out) if args.text_out else None
            if out_dir is None and path != "-":
                out_dir = Path(path).parent
            if out_dir is not None:
                try:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    target = out_dir / f"{article.id}.extracted.txt"
                    target.write_text(article.text, encoding="utf-8")
                    print(f"reportage: extracted text written to {target}", file=sys.stderr)
                except OSError as exc:
                    print(f"reportage: warning: cannot write extracted text: {exc}", file=sys.stderr)
        try:
            document = analyze(article.text, doc_id=article.id, published=args.date or article.published,
                               outlet=args.outlet or article.outlet, url=article.url, title=article.title)
        except Exception as exc:  # a bug on one article must not lose the rest of a batch
            if os.environ.get("REPORTAGE_DEBUG"):
                raise
            first_line = (str(exc).strip().splitlines() or [""])[0][:200]
            print(f"reportage: error: {path}: internal error ({type(exc).__name__}: {first_line}); "
                  "set REPORTAGE_DEBUG=1 for the traceback", file=sys.stderr)
            failures += 1
            continue
        if warning:
            document.warnings.append(warning)
            print(f"reportage: warning: {path}: {warning}", file=sys.stderr)
        if fmt == "view":
            from reportage.render import print_document

            print_document(document, explain=args.explain)
        elif fmt == "json":
            json.dump(document.to_json(), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write(json.dumps(document.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if failures and failures == len(paths):
        return 2
    return 1 if failures else 0
