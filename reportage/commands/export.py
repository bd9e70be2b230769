"""`reportage export`: a store as GDELT 2.0 TSV, POLECAT-style JSONL, or Parquet/CSV tables."""

from __future__ import annotations

import argparse
import sys

from reportage.export import FORMATS
from reportage.store import DEFAULT_DB


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export a store: gdelt TSV, polecat JSONL, parquet or csv tables",
        description="gdelt: GDELT 2.0 event table (61 tab-separated columns, no header unless --header); "
                    "polecat: POLECAT-style JSON lines of PLOVER-coded events; parquet/csv: every table into "
                    "the folder given by --out.")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB store (default {DEFAULT_DB})")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", "-o", metavar="PATH", help="output file (gdelt, polecat; default stdout) or folder")
    p.add_argument("--header", action="store_true", help="gdelt: write the column names as the first line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from reportage.export import export
    from reportage.store import Store

    store = Store(args.db, read_only=True)
    try:
        counts = export(store, args.format, args.out, header=args.header)
    finally:
        store.close()
    if args.out and args.out != "-":
        summary = ", ".join(f"{k} {v}" for k, v in counts.items())
        print(f"reportage: exported {summary} -> {args.out}", file=sys.stderr)
    return 0
