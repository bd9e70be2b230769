"""Actor resolution cost: its share of `analyze` time (goal: at most 10%), the knowledge-base load time
and the memory the loaded base takes (goal, issue 9: at most 300 MB; measured as the growth of the
process's resident memory while loading, which counts every object the base holds).

Run: .venv/bin/python benchmarks/bench_actors.py [N]   (N copies of the founding example and the PLOVER
sentences; default 1 pass). Prints seconds for parse, resolve and full analyze, and resolve / analyze.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def texts() -> list[str]:
    out = []
    example = SHARED / "examples" / "putin-nato-sachkhabrain.txt"
    if example.exists():
        out.append(example.read_text(encoding="utf-8"))
    plover = SHARED / "data" / "plover" / "plover_gsr_dev.json"
    if plover.exists():
        out.extend(r["text"] for r in json.loads(plover.read_text(encoding="utf-8")) if r.get("text"))
    if not out:
        out = ["Russian President Vladimir Putin said on Friday that NATO membership would not help Ukraine."]
    return out


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    passes = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    from reportage.actors.kb import load_kb
    from reportage.actors.resolve import resolve_actors
    from reportage.nlp import load_nlp
    from reportage.pipeline import analyze_parsed, parse

    rss0 = _rss_mb()
    t = time.perf_counter()
    kb = load_kb()
    kb_load = time.perf_counter() - t
    kb_mb = _rss_mb() - rss0
    nlp = load_nlp()
    docs = texts() * passes
    parsed = [parse(x, nlp) for x in docs[:1]]  # warm-up
    t = time.perf_counter()
    parsed = [parse(x, nlp) for x in docs]
    t_parse = time.perf_counter() - t
    t = time.perf_counter()
    for p in parsed:
        resolve_actors(p.doc, p.text, p.omap, "2023-07-13")
    t_resolve = time.perf_counter() - t
    t = time.perf_counter()
    for p in parsed:
        analyze_parsed(p, published="2023-07-13")
    t_stages = time.perf_counter() - t
    total = t_parse + t_stages
    print(f"documents: {len(docs)}  characters: {sum(map(len, docs))}")
    print(f"knowledge base load (once per process): {kb_load:.2f} s, {len(kb.entries)} entries, "
          f"{kb_mb:.0f} MB resident (goal <= 300 MB)")
    print(f"parse {t_parse:.2f} s, actor resolution {t_resolve:.3f} s, stages after parsing {t_stages:.2f} s")
    print(f"actor resolution / analyze time: {t_resolve / total:.1%} (goal <= 10%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
