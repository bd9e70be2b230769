"""`reportage quotes`: the same quote across outlets (clusters built by reportage.quote_clusters)."""

from __future__ import annotations

import argparse
import json
import sys

from reportage.store import DEFAULT_DB


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quotes", help="the same quote across outlets: earliest, fullest, and what each version changed",
        description="List clusters of attributions that report one utterance (built at the end of `reportage run`, "
                    "or now with --rebuild): speaker, outlets, earliest outlet and day, and the kinds of change "
                    "(omitted, altered, added, misattributed, upgraded). `reportage quotes show ID` prints "
                    "one cluster's versions with their changes; --json prints one cluster per line "
                    "(id, speaker, earliest, versions with content spans and changes; see docs/quotes.md).")
    p.add_argument("show", nargs="*", metavar="show ID", help="print one cluster in full: `show QC...`")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB store (default {DEFAULT_DB})")
    p.add_argument("--rebuild", action="store_true", help="recompute the clusters from the stored documents first")
    p.add_argument("--settings", metavar="FILE", default=None,
                   help="with --rebuild: the [quotes] thresholds from a TOML file (docs/settings.md)")
    p.add_argument("--speaker", help="only clusters with this speaker (actor key, or part of a name)")
    p.add_argument("--min-outlets", type=int, default=1, help="only clusters printed by at least N outlets")
    p.add_argument("--changed", action="store_true", help="only clusters where some version changed something")
    p.add_argument("--limit", type=int, default=None, help="at most N clusters")
    p.add_argument("--json", action="store_true", help="one JSON object per cluster per line")
    p.set_defaults(func=run)


def _short(s: str | None, n: int = 90) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _print_cluster(c: dict, out) -> None:
    sp = c["speaker"]
    ties = c["earliest_ties"]
    first = f"{' = '.join(ties)} (tie)" if len(ties) > 1 else c["earliest"]
    outlets = {v["document"]: v["outlet"] for v in c.get("versions", [])}
    named = ", ".join(dict.fromkeys(outlets.get(d) or d for d in ties)) if outlets else ""
    out.write(f"{c['id']}  {sp['name'] or '?'}  outlets={c['n_outlets']} versions={c['n_versions']}  "
              f"earliest={first}{' [' + named + ']' if named else ''} {c['earliest_day'] or 'undated'}  "
              f"changes={','.join(c['change_kinds']) or '-'}\n")
    out.write(f"    \u201c{_short(c['text'])}\u201d\n")


def _print_versions(c: dict, out) -> None:
    _print_cluster(c, out)
    for v in c["versions"]:
        marks = [m for m, on in (("FULLEST", v["is_fullest"]), ("EARLIEST", v["is_earliest"])) if on]
        out.write(f"  - {v['document']} {v['attribution']}  {v['outlet'] or '?'}  {v['published'] or 'undated'}  "
                  f"{v['kind']}  speaker={v['speaker']['name'] or '?'}  {' '.join(marks)}\n")
        out.write(f"      \u201c{_short(v['text'], 200)}\u201d\n")
        for ch in v["changes"]:
            at = ", ".join(f"{s['start']}-{s['end']}" for s in ch.get("spans", []))
            if ch["type"] == "altered":
                out.write(f"      ~ altered [{at}]: \u201c{ch['text']}\u201d -> \u201c{ch['replacement']}\u201d\n")
            elif ch["type"] == "omitted":
                out.write(f"      - omitted ({ch['where']}) [{at}]: \u201c{ch['text']}\u201d\n")
            elif ch["type"] == "added":
                out.write(f"      + added [{at}]: \u201c{ch['text']}\u201d\n")
            elif ch["type"] == "misattributed":
                out.write(f"      ! misattributed [{at}]: {ch['text'] or '?'} -> {ch['replacement'] or '?'}\n")
            elif ch["type"] == "upgraded":
                out.write(f"      ^ upgraded: {ch.get('from_kind') or 'indirect'} in {ch.get('from_document')} "
                          f"\u201c{_short(ch['text'], 120)}\u201d, printed here as a direct quote\n")


def run(args: argparse.Namespace) -> int:
    import duckdb

    from reportage.inputs import InputError
    from reportage.store import Store

    if args.show and (args.show[0] != "show" or len(args.show) != 2):
        raise InputError(f"quotes: expected `show ID`, got {' '.join(args.show)!r}")
    if args.rebuild:
        from pathlib import Path

        from reportage.quote_clusters import rebuild
        from reportage.settings import settings_from_args

        quote_settings = settings_from_args(args).quotes  # a bad file: one clear error (exit code 2)
        if not Path(args.db).exists():
            raise InputError(f"{args.db}: no such database (create it with `reportage run SOURCE --db {args.db}`)")
        store = Store(args.db)
        try:
            stats = rebuild(store, quote_settings)
        finally:
            store.close()
        print(f"quotes: {stats['clusters']} clusters ({stats['multi_outlet']} across two or more outlets) "
              f"from {stats['quotes']} attributions", file=sys.stderr)
    store = Store(args.db, read_only=True)
    try:
        try:
            built = store.quote_clusters_built()
        except duckdb.CatalogException:  # a store written before quote clusters existed
            built = None
        if built is None:
            raise InputError(f"{args.db}: no quote clusters stored yet; run `reportage quotes --rebuild --db "
                             f"{args.db}`")
        clusters = store.quote_clusters(speaker=args.speaker, min_outlets=args.min_outlets, changed=args.changed,
                                        cluster_id=args.show[1] if args.show else None, limit=args.limit)
    finally:
        store.close()
    out = sys.stdout
    if args.show and not clusters:
        raise InputError(f"quotes: no cluster {args.show[1]!r} in {args.db}")
    for c in clusters:
        if args.json:
            out.write(json.dumps(c, ensure_ascii=False) + "\n")
        elif args.show:
            _print_versions(c, out)
        else:
            _print_cluster(c, out)
    if not args.json and not args.show:
        print(f"({len(clusters)} clusters)", file=sys.stderr)
    return 0
