"""Load check of the web server: requests/s and latency under 20 concurrent clients on loopback.

Starts ``reportage serve`` in its own process on 127.0.0.1 (a free port) over a temporary store
holding the founding example, then drives it from 20 client threads: the document page, its
JSON twin, and ``POST /api/analyze`` with the founding example's text. Each phase stops after a
fixed number of requests or a time budget, whichever comes first; any error or non-200 answer
makes the benchmark fail. Usage: ``python benchmarks/bench_web.py [--clients 20]``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "putin-nato-sachkhabrain.txt"
DOC_ID = "putin-nato-sachkhabrain"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_store(db: Path, text: str) -> None:
    from reportage.pipeline import analyze
    from reportage.store import Store

    store = Store(db)
    try:
        store.write_documents([analyze(text, doc_id=DOC_ID, published="2023-07-13", outlet="sachkhabrain")])
    finally:
        store.close()


def start_server(db: Path, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "reportage.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench_web: server exited: {proc.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench_web: server did not start within 60 s")


def run_phase(name: str, clients: int, max_requests: int, budget_s: float, send) -> dict:
    """``clients`` threads share a request budget; each records its latencies and failures."""
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + budget_s

    def worker() -> None:
        nonlocal issued
        with httpx.Client(timeout=120) as client:
            while True:
                with lock:
                    if issued >= max_requests or time.monotonic() >= stop_at:
                        return
                    issued += 1
                t0 = time.perf_counter()
                try:
                    r = send(client)
                    ok = r.status_code == 200
                    err = None if ok else f"HTTP {r.status_code}"
                except httpx.HTTPError as exc:
                    err = f"{type(exc).__name__}: {exc}"
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if err:
                        errors.append(err)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("nan")
    result = {"name": name, "requests": len(lat), "errors": len(errors), "wall_s": wall,
              "rps": len(lat) / wall if wall else 0.0, "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
              "p95_ms": 1000 * p95, "max_ms": 1000 * lat[-1] if lat else float("nan"), "first_errors": errors[:3]}
    print(f"{name:<28} {result['requests']:>5} req  {result['errors']:>3} errors  {result['rps']:>7.1f} req/s  "
          f"p50 {result['p50_ms']:>7.1f} ms  p95 {result['p95_ms']:>7.1f} ms  max {result['max_ms']:>7.1f} ms  "
          f"({wall:.1f} s)", flush=True)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--page-requests", type=int, default=2000)
    ap.add_argument("--analyze-requests", type=int, default=100)
    ap.add_argument("--budget", type=float, default=45.0, help="seconds per phase at most")
    args = ap.parse_args()
    if not EXAMPLE.exists():
        print(f"bench_web: skipped: founding example not found at {EXAMPLE}")
        return 0
    text = EXAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build_store(db, text)
        port = free_port()
        proc = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            print(f"bench_web: {args.clients} concurrent clients against {base} (cores: {os.cpu_count()})")
            results = [
                run_phase("GET document page", args.clients, args.page_requests, args.budget,
                          lambda c: c.get(f"{base}/documents/{DOC_ID}")),
                run_phase("GET document JSON", args.clients, args.page_requests, args.budget,
                          lambda c: c.get(f"{base}/api/documents/{DOC_ID}")),
                run_phase("POST /api/analyze", args.clients, args.analyze_requests, args.budget,
                          lambda c: c.post(f"{base}/api/analyze",
                                           json={"text": text, "date": "2023-07-13", "outlet": "sachkhabrain"})),
            ]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    failed = [r for r in results if r["errors"] or not r["requests"]]
    for r in failed:
        print(f"bench_web: FAIL {r['name']}: {r['errors']} errors, e.g. {r['first_errors']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
