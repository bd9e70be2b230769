"""Corpus runs: kill -9 and resume stores every document once; bad files fail alone; Dask == local."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportage.nlp import load_nlp
from reportage.pipeline import analyze
from reportage.run import RunOptions, run
from reportage.store import Store

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = ["Vladimir Putin", "Olaf Scholz", "Emmanuel Macron", "Xi Jinping", "Narendra Modi", "Joe Biden"]
PLACES = ["Russia", "Germany", "France", "China", "India", "the United States"]
VERBS = ["criticised", "praised", "threatened", "met", "accused", "thanked"]


def article(i: int) -> str:
    """A tiny, unique, deterministic news item (written for these tests)."""
    a, b = PEOPLE[i % 6], PEOPLE[(i * 5 + 1) % 6]
    place, other = PLACES[i % 6], PLACES[(i + 2) % 6]
    return (f"{a} {VERBS[i % 6]} {b} on Tuesday over plan number {i}.\n\n"
            f"\u201cWe will not accept this,\u201d {a.split()[-1]} told reporters in {place}, "
            f"according to officials from {other}. The talks on item {i * 7} continue next week.")


def write_corpus(folder: Path, n: int, start: int = 0) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(start, start + n):
        text = article(i)
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def test_bad_files_fail_alone(tmp_path, nlp):
    corpus = tmp_path / "c"
    write_corpus(corpus, 5)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus / "latin1.txt").write_bytes("Le pr\u00e9sident a d\u00e9clar\u00e9 mardi.".encode("latin-1"))
    with (corpus / "huge.txt").open("wb") as fh:
        fh.write((article(99) + "\n").encode() * (50 * 1024 * 1024 // len(article(99)) + 1))
    db = tmp_path / "s.duckdb"
    summary = run([str(corpus)], db, RunOptions(in_process=True, progress=False, batch_size=4))
    assert (summary.done, summary.failed, summary.skipped) == (5, 4, 0)
    store = Store(db, read_only=True)
    errors = dict(store.query("SELECT regexp_extract(source, '[^/]+$'), error FROM failures")[1])
    assert set(errors) == {"empty.txt", "binary.txt", "latin1.txt", "huge.txt"}
    assert "empty" in errors["empty.txt"] and "binary" in errors["binary.txt"]
    assert "not valid UTF-8" in errors["latin1.txt"] and "too large" in errors["huge.txt"]
    assert store.stats()["documents"] == 5
    store.close()
    again = run([str(corpus)], db, RunOptions(in_process=True, progress=False))
    assert (again.done, again.failed, again.skipped) == (0, 0, 9)


def _count(db: Path) -> tuple[int, int]:
    store = Store(db, read_only=True)
    try:
        return store.query("SELECT count(*), count(DISTINCT doc_id) FROM documents")[1][0]
    finally:
        store.close()


def test_kill_9_then_resume_stores_each_document_once(tmp_path, nlp):
    n = 300
    corpus = tmp_path / "c"
    texts = write_corpus(corpus, n)
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-m", "reportage.cli", "run", str(corpus), "--db", str(db), "--workers", "1",
           "--batch-size", "4", "--commit-every", "8", "--quiet", "--no-dedup"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + 120
    while not wal.exists() or wal.stat().st_size < 50_000:  # some batches committed
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the run never committed a batch"
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker, mid-transaction or not
    proc.wait()
    stored, distinct = _count(db)
    assert 0 < stored < n, f"kill landed outside the run ({stored} of {n} stored)"
    assert stored == distinct
    print(f"killed after {stored} of {n} documents")
    summary = run([str(corpus)], db, RunOptions(workers=1, progress=False, batch_size=8))
    assert summary.skipped == stored and summary.done == n - stored and summary.failed == 0
    store = Store(db, read_only=True)
    assert store.query("SELECT count(*), count(DISTINCT doc_id) FROM documents")[1][0] == (n, n)
    dup_actors = store.query("SELECT count(*) FROM (SELECT doc_id, actor_id FROM actors GROUP BY ALL "
                             "HAVING count(*) > 1)")[1][0][0]
    assert dup_actors == 0
    # a document stored before the kill and one after it read back as a fresh analysis gives them
    for i in (0, n - 1):
        doc_id = store.query("SELECT doc_id FROM documents WHERE source LIKE ?", [f"%doc{i:04d}.txt"])[1][0][0]
        fresh = analyze(texts[i], doc_id=doc_id, nlp=nlp).to_json()
        assert store.get_document(doc_id) == fresh
    store.close()


TABLE_KEYS = {
    "documents": "doc_id", "actors": "doc_id, actor_id", "mentions": "doc_id, start, \"end\"",
    "attributions": "doc_id, attribution_id", "events": "doc_id, event_id", "failures": "doc_id",
    "stories": "doc_id",
}


def _rows(db: Path) -> dict[str, list[tuple]]:
    store = Store(db, read_only=True)
    out = {}
    for table, key in TABLE_KEYS.items():
        cols = [c for c in store.query(f"SELECT * FROM {table} LIMIT 0")[0] if c not in ("run_id", "added", "at")]
        out[table] = store.query(f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in cols)} "
                                 f"FROM {table} ORDER BY {key}")[1]
    store.close()
    return out


def test_dask_engine_gives_the_local_rows(tmp_path, nlp):
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    corpus = tmp_path / "c"
    write_corpus(corpus, 10)
    (corpus / "dup.txt").write_text(article(3), encoding="utf-8")  # exact copy: its own id, linked as a copy
    (corpus / "reprint.txt").write_text(article(4) + " This story was reprinted.", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe broken")
    local_db, dask_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    local = run([str(corpus)], local_db, RunOptions(workers=1, progress=False, batch_size=4))
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        dasked = run([str(corpus)], dask_db, RunOptions(engine="dask", scheduler=cluster.scheduler_address,
                                                        progress=False, batch_size=4))
    assert (local.done, local.failed, local.skipped) == (dasked.done, dasked.failed, dasked.skipped) == (12, 1, 0)
    a, b = _rows(local_db), _rows(dask_db)
    for table in TABLE_KEYS:
        assert a[table] == b[table], table
    assert len(a["documents"]) == 12 and len(a["stories"]) == 4  # the copy and the reprint joined their originals
    assert not list(Path(f"{dask_db}.parts").glob("*.parquet"))  # every partition merged


def test_a_document_that_hangs_or_crashes_fails_alone(monkeypatch, nlp):
    import reportage.pipeline as pipeline
    from reportage.run import process_batch
    from reportage.sources.base import Item, make_id

    real = pipeline.analyze_parsed

    def flaky(parsed, **meta):
        if "plan number 1." in parsed.text:
            time.sleep(30)
        if "plan number 2." in parsed.text:
            raise ValueError("boom")
        return real(parsed, **meta)

    monkeypatch.setattr(pipeline, "analyze_parsed", flaky)
    analyze(article(5), nlp=nlp)  # first use loads the knowledge bases: not part of the timing
    items = [Item(doc_id=make_id(article(i)), source=f"doc{i}", text=article(i)) for i in range(4)]
    t = time.monotonic()
    results, failures = process_batch(items, nlp=nlp, doc_timeout=3)
    assert time.monotonic() - t < 25
    assert sorted(r.source for r in results) == ["doc0", "doc3"], failures
    errors = {f.source: f.error for f in failures}
    assert "timeout after 3 s" in errors["doc1"] and "ValueError: boom" in errors["doc2"]
