"""Load check of the web server on loopback: page views while many clients post analyses.

Starts the real ``reportage serve`` in its own process on 127.0.0.1 (a free port) over a
temporary store holding the founding example (or ``--db PATH``), then runs four bounded phases;
every request goes to 127.0.0.1 only, every loop is bounded by a request count and a time budget:

1. idle: one client views the document page and a search (the baseline p50/p95);
2. load: ``--posters`` clients (60) post the founding example to ``POST /api/analyze`` in a
   loop (after a 503 each waits as its Retry-After says, at most ``--retry-cap`` s) while one
   client views pages; reports the
   page p50/p95 against idle, the analyses served and refused (503 with Retry-After), and the
   largest number of analyses admitted (running + queued) seen by polling ``/api``;
3. abandon: four clients post 100,000-character texts and give up after 1 s; reports how long
   until the server holds no analysis, and how long a 15-character analysis then takes;
4. slow headers: 50 connections send an unfinished request; reports how many the server closed.

Pass/fail: page p95 under load <= 3 x idle p95 (plus 20 ms of timer noise), admitted never
above workers + queue, abandoned work gone within 2 s. Usage:
``python benchmarks/bench_web.py [--posters 60] [--workers 1] [--queue 8]``.
"""

from __future__ import annotations

import argparse
import json
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
HOST = "127.0.0.1"  # loopback only


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_store(db: Path, text: str) -> None:
    from reportage.pipeline import analyze
    from reportage.store import Store

    store = Store(db)
    try:
        store.write_documents([analyze(text, doc_id=DOC_ID, published="2023-07-13", outlet="sachkhabrain")])
    finally:
        store.close()


def start_server(db: Path, port: int, workers: int, queue: int, header_timeout: float) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "reportage.cli", "serve", "--db", str(db), "--host", HOST, "--port", str(port),
           "--workers", str(workers), "--queue", str(queue), "--header-timeout", str(header_timeout),
           "--no-access-log"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench_web: server exited: {proc.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench_web: server did not start within 120 s")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(p * len(v)))]


def view_pages(base: str, stop: threading.Event, max_requests: int, out: list[float], errors: list[str]) -> None:
    """One analyst: the document page and a search, alternately, until stopped or the count is reached."""
    urls = [f"{base}/documents/{DOC_ID}", f"{base}/search?q=NATO", f"{base}/api/documents?q=Putin"]
    with httpx.Client(timeout=30) as c:
        i = 0
        while not stop.is_set() and i < max_requests:
            t0 = time.perf_counter()
            try:
                r = c.get(urls[i % len(urls)])
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}")
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            out.append(time.perf_counter() - t0)
            i += 1
            time.sleep(0.02)


def phase_idle(base: str, n: int, budget: float) -> dict:
    lat: list[float] = []
    errors: list[str] = []
    stop = threading.Event()
    t = threading.Thread(target=view_pages, args=(base, stop, n, lat, errors))
    t.start()
    t.join(budget)
    stop.set()
    t.join()
    return {"requests": len(lat), "errors": len(errors), "p50_ms": 1000 * statistics.median(lat),
            "p95_ms": 1000 * pct(lat, 0.95)}


def phase_load(base: str, text: str, posters: int, pages: int, budget: float, limit: int,
               args_retry_cap: float) -> dict:
    stop = threading.Event()
    lat: list[float] = []
    page_errors: list[str] = []
    counts = {"200": 0, "503": 0, "other": 0, "retry_after": set()}
    post_lat: list[float] = []
    lock = threading.Lock()
    admitted_seen: list[int] = []

    def poster() -> None:
        with httpx.Client(timeout=120) as c:
            while not stop.is_set():
                t0 = time.perf_counter()
                try:
                    r = c.post(f"{base}/api/analyze", json={"text": text, "date": "2023-07-13"})
                    code = str(r.status_code)
                except httpx.HTTPError:
                    code = "other"
                with lock:
                    counts[code if code in ("200", "503") else "other"] += 1
                    if code == "200":
                        post_lat.append(time.perf_counter() - t0)
                    if code == "503":
                        counts["retry_after"].add(r.headers.get("retry-after"))
                if code == "503":  # a polite client waits as told (capped, so the phase stays short)
                    try:
                        wait = float(r.headers.get("retry-after") or 1)
                    except ValueError:
                        wait = 1.0
                    stop.wait(min(wait, args_retry_cap))

    def monitor() -> None:
        with httpx.Client(timeout=10) as c:
            while not stop.is_set():
                try:
                    admitted_seen.append(int(c.get(f"{base}/api").json()["analysis"]["admitted"]))
                except (httpx.HTTPError, KeyError, ValueError):
                    pass
                stop.wait(0.1)

    threads = [threading.Thread(target=poster) for _ in range(posters)] + [threading.Thread(target=monitor)]
    for t in threads:
        t.start()
    time.sleep(2.0)  # let the queue fill before measuring pages
    viewer = threading.Thread(target=view_pages, args=(base, stop, pages, lat, page_errors))
    viewer.start()
    viewer.join(budget)
    stop.set()
    viewer.join()
    for t in threads:
        t.join()
    return {"page_requests": len(lat), "page_errors": len(page_errors), "page_p50_ms": 1000 * statistics.median(lat),
            "page_p95_ms": 1000 * pct(lat, 0.95), "analyses_200": counts["200"], "analyses_503": counts["503"],
            "analyses_other": counts["other"], "retry_after": sorted(x for x in counts["retry_after"] if x),
            "analysis_p50_s": statistics.median(post_lat) if post_lat else float("nan"),
            "max_admitted": max(admitted_seen, default=0), "admission_limit": limit}


def phase_abandon(base: str, text: str) -> dict:
    big = ("\n\n".join([text] * 40))[:100_000]

    def abandon() -> None:
        try:
            httpx.post(f"{base}/api/analyze", json={"text": big}, timeout=1.0)
        except httpx.HTTPError:
            pass

    threads = [threading.Thread(target=abandon) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t0 = time.monotonic()
    with httpx.Client(timeout=60) as c:
        while time.monotonic() - t0 < 30:
            if c.get(f"{base}/api").json()["analysis"]["admitted"] == 0:
                break
            time.sleep(0.05)
        freed = time.monotonic() - t0
        t1 = time.perf_counter()
        r = c.post(f"{base}/api/analyze", json={"text": "Putin spoke."})
        small = time.perf_counter() - t1
    return {"freed_s": freed, "small_analysis_s": small, "small_status": r.status_code}


def phase_slow_headers(port: int, n: int, wait_s: float) -> dict:
    socks = []
    for _ in range(n):
        s = socket.create_connection((HOST, port), timeout=wait_s)
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        socks.append(s)
    t0 = time.monotonic()
    closed = 0
    for s in socks:
        try:
            s.settimeout(max(0.1, wait_s - (time.monotonic() - t0)))
            if s.recv(64) == b"":
                closed += 1
        except OSError:
            pass
        finally:
            s.close()
    return {"connections": n, "closed_by_server": closed, "within_s": round(time.monotonic() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posters", type=int, default=60, help="clients posting analyses in the load phase")
    ap.add_argument("--workers", type=int, default=1, help="analysis worker processes of the server")
    ap.add_argument("--queue", type=int, default=8, help="analysis queue of the server")
    ap.add_argument("--pages", type=int, default=300, help="page views per phase at most")
    ap.add_argument("--budget", type=float, default=30.0, help="seconds per phase at most")
    ap.add_argument("--retry-cap", type=float, default=5.0,
                    help="longest Retry-After a refused poster honours, seconds (0: retry at once)")
    ap.add_argument("--db", type=Path, help="an existing store to serve (default: one with the founding example)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    if not EXAMPLE.exists():
        print(f"bench_web: skipped: founding example not found at {EXAMPLE}")
        return 0
    text = EXAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if not args.db:
            build_store(db, text)
        port = free_port()
        proc = start_server(db, port, args.workers, args.queue, header_timeout=5.0)
        base = f"http://{HOST}:{port}"
        try:
            print(f"bench_web: {base}, {args.workers} analysis worker(s), queue {args.queue}, "
                  f"{args.posters} posting clients (cores: {os.cpu_count()})", flush=True)
            idle = phase_idle(base, args.pages, args.budget)
            print(f"idle page views:   {idle['requests']} req, p50 {idle['p50_ms']:.1f} ms, p95 {idle['p95_ms']:.1f} ms",
                  flush=True)
            load = phase_load(base, text, args.posters, args.pages, args.budget, args.workers + args.queue,
                              args.retry_cap)
            print(f"under load:        {load['page_requests']} page req, p50 {load['page_p50_ms']:.1f} ms, "
                  f"p95 {load['page_p95_ms']:.1f} ms; analyses 200: {load['analyses_200']} "
                  f"(median {load['analysis_p50_s']:.2f} s), 503: {load['analyses_503']} "
                  f"(Retry-After {', '.join(load['retry_after']) or '-'}), other: {load['analyses_other']}; "
                  f"max admitted {load['max_admitted']} (limit {load['admission_limit']})", flush=True)
            gone = phase_abandon(base, text)
            print(f"abandoned 4 x 100,000 chars: slots free after {gone['freed_s']:.2f} s; then a 15-char "
                  f"analysis took {gone['small_analysis_s']:.2f} s (HTTP {gone['small_status']})", flush=True)
            slow = phase_slow_headers(port, 50, 10.0)
            print(f"slow headers:      {slow['closed_by_server']}/{slow['connections']} connections closed by the "
                  f"server within {slow['within_s']} s (header timeout 5 s)", flush=True)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    checks = {
        "page p95 under load <= 3 x idle p95": load["page_p95_ms"] <= 3 * idle["p95_ms"] + 20,
        "no page errors": idle["errors"] == 0 and load["page_errors"] == 0,
        "queue bounded (503 instead of growing)": load["max_admitted"] <= load["admission_limit"]
        and (load["analyses_503"] > 0 or args.posters <= load["admission_limit"]),
        "abandoned work gone within 2 s": gone["freed_s"] <= 2.0 and gone["small_status"] == 200,
        "slow-header connections closed": slow["closed_by_server"] == slow["connections"],
    }
    for name, ok in checks.items():
        print(f"bench_web: {'ok  ' if ok else 'FAIL'} {name}")
    if args.json:
        args.json.write_text(json.dumps({"idle": idle, "load": load, "abandon": gone, "slow_headers": slow,
                                         "checks": checks}, indent=2, default=str))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
