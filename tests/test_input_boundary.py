"""The input boundary: devices, FIFOs, sockets and links out of the folder are refused, never read.

A corpus folder holding a symlink to /dev/zero, a FIFO, a socket, a symlink to a file outside the
folder, a 60 MB file and good files: ``run`` and ``analyze`` finish, the good files are analysed,
and each bad one is recorded (run) or reported (analyze) with its reason.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reportage.cli import main
from reportage.sources import open_sources
from reportage.store import Store

GOOD = ("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday. "
        "The two leaders praised the agreement, officials said.")
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def hostile(tmp_path):
    """A folder of good and hostile entries, and what each hostile one must be refused for."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good1.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "good2.txt").write_text(GOOD + " A second story.", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    reasons = {}
    if Path("/dev/zero").exists():
        (folder / "zero.txt").symlink_to("/dev/zero")
        reasons["zero"] = "outside the corpus folder"
    (folder / "secret.txt").symlink_to(outside)
    reasons["secret"] = "outside the corpus folder"
    inside = folder / "sub" / "good2.txt"
    (folder / "alias.txt").symlink_to(inside)  # a link inside the folder is read like any file
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        reasons["pipe"] = "FIFO"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(folder / "sock.txt"))
        reasons["sock"] = "socket"
    except OSError:  # a path too long for AF_UNIX: skip that entry
        pass
    with (folder / "huge.txt").open("wb") as fh:  # sparse: 60 MB on paper, nothing on disk
        fh.truncate(60 * 2**20)
    reasons["huge"] = "too large (60.0 MiB > 20 MiB limit)"
    yield folder, reasons
    sock.close()


def test_reader_refuses_each_with_its_reason(hostile):
    folder, reasons = hostile
    items = {i.doc_id: i for i in open_sources([str(folder)])}
    assert {"good1", "sub/good2", "alias"} <= set(items)
    for doc_id in ("good1", "sub/good2", "alias"):
        assert items[doc_id].error is None and items[doc_id].data
    for doc_id, reason in reasons.items():
        assert items[doc_id].error is not None and reason in items[doc_id].error, (doc_id, items[doc_id].error)
        assert items[doc_id].data is None
    # --follow-links reads a link to a regular file outside, but still never a device
    followed = {i.doc_id: i for i in open_sources([str(folder)], _opts(follow_links=True))}
    assert followed["secret"].data and followed["secret"].error is None
    if "zero" in reasons:
        assert "a character device, not a regular file" in followed["zero"].error


def _opts(**kw):
    from reportage.sources import SourceOptions

    return SourceOptions(**kw)


def test_run_finishes_stores_good_files_and_records_each_refusal(hostile, tmp_path, capsys):
    folder, reasons = hostile
    db = tmp_path / "h.duckdb"
    code = main(["run", str(folder), "--db", str(db), "--workers", "1", "--quiet", "--no-dedup"])
    err = capsys.readouterr().err
    assert code == 1, err  # some documents failed: non-zero, as analyze
    assert f"failed {len(reasons)}" in err
    with Store(db, read_only=True) as store:
        docs = {r[0] for r in store.query("SELECT doc_id FROM documents")[1]}
        failures = dict(store.query("SELECT doc_id, error FROM failures")[1])
        status = store.query("SELECT status FROM runs")[1]
    assert docs == {"good1", "sub/good2", "alias"}
    assert set(failures) == set(reasons)
    for doc_id, reason in reasons.items():
        assert reason in failures[doc_id]
    assert status == [("finished",)]
    assert not any("root:x:0:0" in t for t in docs)


def test_analyze_reads_through_the_same_reader(hostile, capsys):
    folder, reasons = hostile
    code = main(["analyze", str(folder), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    docs = [json.loads(line) for line in out.splitlines()]  # --json on a folder: JSON lines
    assert sorted(d["id"] for d in docs) == ["alias", "good1", "sub/good2"]
    for doc_id, reason in reasons.items():
        assert any(line.startswith("reportage: error: ") and f"/{doc_id}.txt: " in line and reason in line
                   for line in err.splitlines()), doc_id


def test_a_named_device_or_fifo_is_refused(tmp_path, capsys):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert main(["analyze", "/dev/zero"]) == 2
    assert "a character device, not a regular file" in capsys.readouterr().err
    assert main(["run", "/dev/zero", "--db", str(tmp_path / "x.duckdb")]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_extracted_text_is_never_an_input(tmp_path, capsys):
    """`analyze` writes NAME.extracted.txt next to an HTML input; neither command reads it back."""
    (tmp_path / "page.html").write_text(
        f"<!doctype html><html><head><title>T</title></head><body><article><p>{GOOD}</p><p>{GOOD}</p>"
        "</article></body></html>", encoding="utf-8")
    assert main(["analyze", str(tmp_path), "--json"]) == 0
    assert (tmp_path / "page.extracted.txt").exists()
    capsys.readouterr()
    assert [i.doc_id for i in open_sources([str(tmp_path)])] == ["page"]


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_dev_zero_run_in_a_process_stays_small(tmp_path):
    """The run that used to grow to 6.85 GB on a /dev/zero link: a bounded child process finishes."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "z.duckdb"
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))\n"
            "from reportage.cli import main\n"
            f"sys.exit(main(['run', {str(folder)!r}, '--db', {str(db)!r}, '--workers', '1', '--quiet', "
            "'--follow-links']))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "done 1, skipped 0, failed 1" in proc.stderr
