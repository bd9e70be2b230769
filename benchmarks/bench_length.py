"""How `analyze` time grows with the length of one article: 10, 50, 100 and 200 KB.

Goal (issue 12, item 5): the 200 KB article takes at most 25x the time of the 10 KB one, i.e. no
step grows much faster than the text. The articles are built from real news text: whole articles of
../shared/data/realnews/articles.jsonl joined in file order (blank line between) and cut at the
last paragraph break before the size, so each shorter text is a prefix of the longer ones and the
curve compares like with like. Nothing is copied into the repository; without ../shared the
benchmark says so and exits 0.

The parse (normalise + spaCy, as :func:`reportage.pipeline.parse` does it) and the stages after it
(:func:`reportage.pipeline.analyze_parsed`, all stages) are timed apart, in CPU seconds
(``time.process_time``): on a shared machine the wall clock swings with other jobs, CPU time much
less. --repeat rounds run every size in turn and the fastest of each is kept. ``--stages`` adds one line per stage
after the parse (actors, attributions, places, events), to find which one is superlinear.
Results also go to benchmarks/results/bench_length.json.

    .venv/bin/python benchmarks/bench_length.py [--sizes 10,50,100,200] [--repeat 3] [--stages]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "realnews" / "articles.jsonl"
TARGET = 25.0  # largest size's total time over the smallest's, for 200 KB against 10 KB

sys.path.insert(0, str(ROOT))

from benchlib import write_result  # noqa: E402


def build_text(articles: list[str], kb: int) -> str:
    """Whole articles joined by blank lines, cut at the last paragraph break at or before ``kb`` KB (UTF-8)."""
    limit = kb * 1000
    joined = ""
    for text in articles:
        joined = f"{joined}\n\n{text.strip()}" if joined else text.strip()
        if len(joined.encode("utf-8")) >= limit:
            break
    else:
        raise SystemExit(f"bench_length: the articles hold only {len(joined.encode('utf-8')):,} bytes, "
                         f"fewer than the {limit:,} asked for")
    cut = joined.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    para = cut.rfind("\n\n")
    return cut[:para] if para > limit // 2 else cut


def cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of one call, and its result."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a JSONL file of articles with a 'text' field")
    ap.add_argument("--sizes", default="10,50,100,200", help="article sizes in KB, the first is the reference")
    ap.add_argument("--repeat", type=int, default=3, help="rounds over the sizes (the fastest of each is kept)")
    ap.add_argument("--stages", action="store_true", help="also time each stage after the parse")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_length.json")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"bench_length: skipped, no real-news articles at {args.data} (the shared data folder is absent)")
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    from reportage.actors import resolve_actors
    from reportage.attribution import extract_attributions
    from reportage.events import code_events
    from reportage.events.lexicon import load_lexicon
    from reportage.nlp import load_nlp
    from reportage.pipeline import analyze_parsed, parse
    from reportage.places.resolve import locate_places
    from reportage.residue import blank

    with args.data.open(encoding="utf-8") as fh:
        articles = [json.loads(line)["text"] for line in fh if line.strip()]
    nlp = load_nlp()
    load_lexicon()  # built once per process, like the model: not part of per-article cost
    warm = build_text(articles, 2)
    analyze_parsed(parse(warm, nlp))

    # rounds over all sizes (not all rounds of one size, then the next): load from other processes
    # then hits every size alike, and the fastest round of each size is kept
    texts = {kb: build_text(articles, kb) for kb in sizes}
    best: dict[int, dict[str, float]] = {}
    counts: dict[int, dict[str, int]] = {}
    for _ in range(max(1, args.repeat)):
        for kb in sizes:
            text = texts[kb]
            t_parse, parsed = cpu(lambda text=text: parse(text, nlp))
            t_after, document = cpu(lambda parsed=parsed: analyze_parsed(parsed))
            times = {"parse": t_parse, "after": t_after, "total": t_parse + t_after}
            if args.stages:
                excluded = getattr(parsed.omap, "excluded", ())
                t, table = cpu(lambda p=parsed, ex=excluded: resolve_actors(p.doc, blank(p.text, ex), p.omap, None))
                times["actors"] = t
                t, attrs = cpu(lambda p=parsed, table=table: extract_attributions(p, table))
                times["attributions"] = t
                for key in ("reportage.places", "reportage.place_mentions"):  # cached on the parse by analyze
                    parsed.doc.user_data.pop(key, None)
                times["places"], _ = cpu(lambda p=parsed, table=table: locate_places(p, table))
                times["events"], _ = cpu(lambda p=parsed, table=table, attrs=attrs: code_events(p, table, attrs,
                                                                                                  None))
            if kb not in best or times["total"] < best[kb]["total"]:
                best[kb] = times
            counts[kb] = {"characters": len(text), "tokens": len(parsed.doc), "attributions": len(document.attributions),
                          "events": len(document.events), "actors": len(document.actors)}
            print(f"  {kb} KB: {times['total']:.1f} CPU s", flush=True)
    rows: list[dict[str, Any]] = [{"kb": kb, **counts[kb], "cpu_seconds": best[kb]} for kb in sizes]

    ref = rows[0]["cpu_seconds"]
    print(f"one article per size from {args.data.name}, model {nlp.meta.get('name')} {nlp.meta.get('version')}, "
          f"{os.cpu_count()} CPUs, fastest of {args.repeat}; CPU seconds (ratio to {rows[0]['kb']} KB)")
    keys = ["parse", "after", "total"] + (["actors", "attributions", "places", "events"] if args.stages else [])
    print(f"{'size':>7}{'tokens':>8}{'attr':>6}{'events':>7}" + "".join(f"{k:>20}" for k in keys))
    for row in rows:
        t = row["cpu_seconds"]
        cells = "".join(f"{f'{t[k]:.2f} ({t[k] / ref[k]:.1f}x)' if ref[k] > 0 else f'{t[k]:.2f}':>20}"
                        for k in keys)
        print(f"{row['kb']:>4} KB{row['tokens']:>8}{row['attributions']:>6}{row['events']:>7}{cells}")
    ratio = rows[-1]["cpu_seconds"]["total"] / ref["total"]
    allowed = TARGET / 20 * rows[-1]["kb"] / rows[0]["kb"]  # 25x for 20x the text, scaled for other sizes
    met = ratio <= allowed
    print(f"target: {rows[-1]['kb']} KB total <= {allowed:.0f}x the {rows[0]['kb']} KB total: "
          f"{ratio:.1f}x, {'met' if met else 'NOT met'}")
    result = {"benchmark": "length", "data": str(args.data), "repeat": args.repeat,
              "model": f"{nlp.meta.get('name')} {nlp.meta.get('version')}", "cpus": os.cpu_count(),
              "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rows": rows,
              "ratio_total": ratio, "target": allowed, "met": met}
    write_result(args.out, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
