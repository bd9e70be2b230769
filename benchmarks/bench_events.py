"""Cost of event coding over PolNeAR dev: analyze with and without the events stage.

Goal (issue 4): event coding adds no more than 25% to `analyze` time. Texts are parsed once (as
analyze_many does); the stages after the parse are timed on those parses with analyze_parsed,
with stages=("actors", "attributions") and with events added, the fastest of --repeat runs kept
(CPU time, the steadier figure on a shared machine). The share is the events stage's time over the
whole analyze time without it (parse + actors + attributions). Results also go to
benchmarks/results/bench_events.json.

    .venv/bin/python benchmarks/bench_events.py [--data DIR] [--limit N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "polnear" / "dev"
TARGET = 0.25

sys.path.insert(0, str(ROOT))

from benchlib import write_result  # noqa: E402


def _timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a PolNeAR split (its text/ folder is used)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_events.json")
    args = ap.parse_args(argv)
    text_dir = args.data / "text"
    if not text_dir.is_dir():
        print(f"bench_events: skipped, no PolNeAR texts at {text_dir}")
        return 0
    from reportage.events.lexicon import load_lexicon
    from reportage.nlp import load_nlp, normalise
    from reportage.pipeline import Parsed, analyze_parsed

    texts = [p.read_text(encoding="utf-8") for p in sorted(text_dir.glob("*.txt"))[: args.limit]]
    nlp = load_nlp()
    load_lexicon()  # built once per process, like the model: not part of per-article cost
    norms = [normalise(t) for t in texts]
    parse_t = _timed(lambda: parsed.extend(
        Parsed(t, d, om) for t, d, (_, om) in zip(texts, nlp.pipe([n for n, _ in norms], batch_size=32),
                                                 norms, strict=True)))
    without = with_ev = (float("inf"), float("inf"))
    docs: list = []
    events = 0
    for _ in range(max(1, args.repeat)):
        a = _timed(lambda: [analyze_parsed(p, stages=("actors", "attributions")) for p in parsed])
        docs.clear()
        b = _timed(lambda: docs.extend(analyze_parsed(p) for p in parsed))
        without = a if a[1] < without[1] else without
        with_ev = b if b[1] < with_ev[1] else with_ev
        events = sum(len(d.events) for d in docs)
    ev_cpu = max(0.0, with_ev[1] - without[1])
    base_cpu = parse_t[1] + without[1]
    share = ev_cpu / base_cpu if base_cpu else 0.0
    res = {
        "articles": len(texts), "events": events,
        "parse_cpu_s": round(parse_t[1], 3), "after_parse_without_events_cpu_s": round(without[1], 3),
        "after_parse_with_events_cpu_s": round(with_ev[1], 3), "events_cpu_s": round(ev_cpu, 3),
        "events_ms_per_article": round(1000 * ev_cpu / max(1, len(texts)), 2),
        "events_share_of_analyze": round(share, 3), "target": TARGET, "ok": share <= TARGET,
    }
    print(f"articles {len(texts)}, events {events}")
    print(f"parse {parse_t[1]:.2f}s cpu; actors+attributions {without[1]:.2f}s; with events {with_ev[1]:.2f}s")
    print(f"event coding: {res['events_ms_per_article']} ms/article = {share:.1%} of analyze without it "
          f"(target <= {TARGET:.0%}) {'OK' if res['ok'] else 'OVER'}")
    write_result(args.out, res, announce=False)
    return 0


parsed: list = []

if __name__ == "__main__":
    sys.exit(main())
