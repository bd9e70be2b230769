"""Runs that survive anything: no orphan processes after kill -9, interrupted runs marked, damaged stores refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportage.cli import main
from reportage.store import Store

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday about plan {i}. "
        "The two leaders praised the agreement, officials said.\n\n")


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        out.setdefault(ppid, []).append(int(name))
    return out


def _descendants(pid: int) -> set[int]:
    tree, out, todo = _children(), set(), [pid]
    while todo:
        for c in tree.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            stat = fh.read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has exited; only its parent's bookkeeping is left


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; workers die with their parent through prctl")
def test_kill_9_leaves_no_process_behind(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(400):
        (corpus / f"d{i:04d}.txt").write_text(TEXT.format(i=i) * 3, encoding="utf-8")
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "reportage.cli", "run", str(corpus), "--db", str(db),
                             "--workers", "2", "--batch-size", "2", "--quiet", "--no-dedup"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: set[int] = set()
    deadline = time.monotonic() + 180
    try:
        while len(seen) < 3:  # the workers (and any helper) have started
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the run never started its workers"
            seen |= _descendants(proc.pid)
            time.sleep(0.2)
        time.sleep(3)  # the workers are loading the model or analysing
        seen |= _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)  # the run only: its children are not signalled
        proc.wait()
        time.sleep(5)
        left = sorted(p for p in seen if _alive(p))
        assert not left, f"processes left alive 5 s after kill -9 of the run: {left}"
    finally:
        for p in seen | {proc.pid}:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
    # the next run marks the killed one as interrupted and finishes the work
    assert main(["run", str(corpus), "--db", str(db), "--workers", "1", "--quiet", "--no-dedup"]) == 0
    with Store(db, read_only=True) as store:
        runs = store.query("SELECT run_id, status FROM runs ORDER BY run_id")[1]
        assert runs == [(1, "interrupted"), (2, "finished")]
        assert store.query("SELECT count(*) FROM documents")[1] == [(400,)]


def test_truncated_store_is_a_clear_error_at_open(tmp_path, capsys):
    db = tmp_path / "t.duckdb"
    with Store(db) as store:
        from reportage.document import Document

        store.write_documents([Document(id=f"d{i}", text=TEXT.format(i=i) * 40) for i in range(200)])
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.truncate(size // 2)
    for read_only in (True, False):
        with pytest.raises(Exception) as err:
            Store(db, read_only=read_only)
        assert type(err.value).__name__ == "InputError", err.value
        msg = str(err.value)
        assert msg.startswith(f"{db}: ") and "damaged" in msg and "\n" not in msg
    assert main(["query", "SELECT count(*) FROM documents", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reportage: error: {db}: ") and "Traceback" not in err
