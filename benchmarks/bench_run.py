"""Benchmark `reportage run` over PolNeAR train+dev (924 articles) against spaCy parsing alone.

Reports documents/s for the whole run (all stages, store writes, de-duplication) with all cores,
the rate of ``nlp.pipe`` alone over the same texts on the same number of processes, their
ratio (goal: >= 70%), and the peak resident memory of each worker process (goal: < 1.5 GB, and
no growth when the corpus is repeated 5 times). Copies of the corpus get a line appended so
they are new documents, not skipped duplicates. On a shared machine wall-clock rates swing with
the other jobs, so documents per CPU-second (all processes of each command) are reported too.

    python benchmarks/bench_run.py                 # 1x and 5x, all cores
    python benchmarks/bench_run.py --repeat 1 --limit 200 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear"


def texts(limit: int | None) -> list[Path]:
    files = sorted((DATA / "train" / "text").glob("*.txt")) + sorted((DATA / "dev" / "text").glob("*.txt"))
    return files[:limit] if limit else files


def make_corpus(files: list[Path], repeat: int, folder: Path) -> int:
    n = 0
    for k in range(repeat):
        sub = folder / f"copy{k}"
        sub.mkdir(parents=True)
        for f in files:
            text = f.read_text(encoding="utf-8")
            if k:
                text += f"\n\n(Copy {k} of this article for the memory benchmark.)\n"
            (sub / f.name).write_text(text, encoding="utf-8")
            n += 1
    return n


PARSE_CODE = """
import json, sys, time
from pathlib import Path
from reportage.nlp import load_nlp, normalise
paths = json.loads(sys.stdin.read())
nlp = load_nlp()
texts = [normalise(Path(p).read_text(encoding="utf-8"))[0] for p in paths]
wall, cpu = time.perf_counter(), time.process_time()
for _ in nlp.pipe(texts, batch_size=BATCH):
    pass
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


def parse_only(files: list[Path], workers: int, batch_size: int) -> tuple[float, float]:
    """(docs/s, docs per CPU-second) of spaCy alone: ``workers`` processes, each nlp.pipe over its share.

    The texts are normalised as the pipeline does; the timing excludes model loading (the run's
    figure includes its workers' start-up, so the comparison favours parse-only).
    """
    code = PARSE_CODE.replace("BATCH", str(batch_size))
    procs = []
    for k in range(workers):
        share = json.dumps([str(f) for f in files[k::workers]])
        p = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
        p.stdin.write(share)
        p.stdin.close()
        procs.append(p)
    stats = []
    for p in procs:
        out = p.stdout.read()
        if p.wait():
            raise SystemExit("parse-only worker failed")
        stats.append(json.loads(out.strip().splitlines()[-1]))
    return len(files) / max(s["wall"] for s in stats), len(files) / sum(s["cpu"] for s in stats)


class _Sampler(threading.Thread):
    """Polls the resident memory of a process tree: the main process and each worker apart."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.main_peak = 0
        self.worker_peak: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per process of the tree
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                self.main_peak = max(self.main_peak, self.proc.memory_info().rss)
                t = self.proc.cpu_times()
                self.cpu[self.proc.pid] = t.user + t.system
                for child in self.proc.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        t = child.cpu_times()
                    except psutil.Error:
                        continue
                    self.worker_peak[child.pid] = max(self.worker_peak.get(child.pid, 0), rss)
                    self.cpu[child.pid] = t.user + t.system
            except psutil.Error:
                break
            time.sleep(0.2)


def run_once(corpus: Path, workers: int, stages: str) -> dict:
    db = corpus.parent / f"bench-{stages.replace(',', '-')}-{corpus.name}.duckdb"
    cmd = [sys.executable, "-m", "reportage.cli", "run", str(corpus), "--db", str(db), "--workers", str(workers),
           "--stages", stages, "--quiet"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t
    sampler.stop.set()
    sampler.join()
    cpu = sum(sampler.cpu.values())  # sampled every 0.2 s: the last fraction of a second is missed
    if proc.returncode:
        raise SystemExit(f"run failed: {err}")
    line = next(x for x in err.splitlines() if x.startswith("reportage run"))
    def field(pattern: str) -> str:  # the summary line's wording grows ("failed 0, no date 3"): read by pattern
        m = re.search(pattern, line)
        if m is None:
            raise SystemExit(f"bench_run: cannot read {pattern!r} in the run's summary: {line}")
        return m.group(1)

    done, skipped, failed = (int(field(rf"{w} (\d+)")) for w in ("done", "skipped", "failed"))
    secs = float(field(r" in ([0-9.]+) s"))
    # workers are the children holding a spaCy model (the forkserver itself stays small)
    workers_mb = sorted((v / 2**20 for v in sampler.worker_peak.values() if v > 150 * 2**20), reverse=True)
    return {"docs": done, "skipped": skipped, "failed": failed, "engine_s": secs, "cpu_rate": done / cpu, "wall_s": wall, "rate": done / secs, "wall_rate": done / wall,
            "main_mb": sampler.main_peak / 2**20, "worker_peak_mb": workers_mb[:workers]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, nargs="*", default=[1, 5], help="corpus sizes as multiples (default 1 5)")
    ap.add_argument("--limit", type=int, help="use only the first N articles")
    ap.add_argument("--stages", default="actors,attributions,events")
    ap.add_argument("--batch-size", type=int, default=16)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"bench_run: skipped, {DATA} not found")
        return 0
    files = texts(args.limit)
    print(f"bench_run: {len(files)} PolNeAR train+dev articles, {args.workers} workers, stages {args.stages}",
          flush=True)
    load = os.getloadavg()[0]
    parse, parse_cpu = parse_only(files, args.workers, args.batch_size)
    print(f"  spaCy nlp.pipe alone ({args.workers} processes): {parse:.2f} docs/s, {parse_cpu:.2f} docs per "
          f"CPU-second (load average before: {load:.1f})", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-run-"))
    try:
        for rep in args.repeat:
            corpus = tmp / f"x{rep}"
            n = make_corpus(files, rep, corpus)
            load = os.getloadavg()[0]
            r = run_once(corpus, args.workers, args.stages)
            assert r["docs"] + r["skipped"] + r["failed"] == n, (r, n)  # PolNeAR holds one exact duplicate
            workers = ", ".join(f"{m:.0f}" for m in r["worker_peak_mb"])
            print(f"  reportage run x{rep} ({n} inputs: {r['docs']} stored, {r['skipped']} duplicates skipped, "
                  f"{r['failed']} failed): {r['rate']:.2f} docs/s "
                  f"({100 * r['rate'] / parse:.0f}% of parse-only; {r['wall_rate']:.2f} docs/s wall clock incl. "
                  f"start-up); {r['cpu_rate']:.2f} docs per CPU-second ({100 * r['cpu_rate'] / parse_cpu:.0f}% of "
                  f"parse-only, load average before: {load:.1f}); peak RSS per worker {workers} MB, "
                  f"main process {r['main_mb']:.0f} MB", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
