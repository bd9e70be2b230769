"""`reportage query`: read-only SQL over a store, and ready-made views by name."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from reportage.store import DEFAULT_DB, VIEWS

SHORT_VIEWS = {name.removeprefix("v_"): name for name in VIEWS}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query", help="read-only SQL over a store; or a ready-made view by name",
        description="Run read-only SQL over the store, or name a ready-made view: "
                    + ", ".join(sorted(SHORT_VIEWS)) + ". Tables: documents, actors, mentions, attributions, "
                    "events, failures, runs, stories. Example: reportage query \"SELECT speaker_name, count(*) "
                    "FROM attributions GROUP BY 1 ORDER BY 2 DESC LIMIT 10\"")
    p.add_argument("sql", metavar="SQL_OR_VIEW", help="a SELECT statement, or a view name such as top_actors")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB store (default {DEFAULT_DB})")
    p.add_argument("--format", choices=["table", "tsv", "csv", "json", "jsonl"], default="table")
    p.add_argument("--limit", type=int, default=50, help="rows shown for a view name (default 50)")
    p.add_argument("--width", type=int, default=40, help="widest cell in table format (default 40)")
    p.set_defaults(func=run)


def _cell(v, width: int | None = None) -> str:
    s = "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v))
    s = s.replace("\n", " ").replace("\t", " ")
    if width and len(s) > width:
        s = s[: width - 1] + "…"
    return s


def run(args: argparse.Namespace) -> int:
    import duckdb

    from reportage.inputs import InputError
    from reportage.store import Store

    sql = args.sql.strip()
    if sql in SHORT_VIEWS or sql in VIEWS:
        sql = f"SELECT * FROM {SHORT_VIEWS.get(sql, sql)} LIMIT {int(args.limit)}"
    store = Store(args.db, read_only=True)
    try:
        cols, rows = store.query(sql)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise InputError(f"query: {first}") from None
    finally:
        store.close()
    out = sys.stdout
    if args.format in ("json", "jsonl"):
        recs = [{c: (v.isoformat() if hasattr(v, "isoformat") else v) for c, v in zip(cols, r, strict=True)}
                for r in rows]
        if args.format == "json":
            json.dump(recs, out, ensure_ascii=False, indent=2, default=str)
            out.write("\n")
        else:
            for rec in recs:
                out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    elif args.format in ("tsv", "csv"):
        w = csv.writer(out, delimiter="\t" if args.format == "tsv" else ",", lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(v) for v in r])
    else:
        cells = [[_cell(v, args.width) for v in r] for r in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
        out.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
        for r in cells:
            out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n")
        print(f"({len(rows)} rows)", file=sys.stderr)
    return 0
