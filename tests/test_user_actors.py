"""User actor files (`--actors`) reach only the analyses they are given to, never the shared base."""

from __future__ import annotations

import json

from reportage.actors.kb import load_kb, with_user_actors
from reportage.cli import main
from reportage.store import Store

ACTORS = ("id\ttype\tname\taliases\tcode\tstart\tend\ttitle\trole\n"
          "mayor_x\tPERSON\tJane Quillfeather\tQuillfeather\tGBRGOV\t2020-01-01\t\tMayor of Exampleton\tmayor\n")
TEXT = "Jane Quillfeather said on Monday that the bridge over the river will reopen in the spring."


def _actors_file(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text(ACTORS, encoding="utf-8")
    return f


def _coded(doc: dict, name: str) -> str | None:
    return next((a["code"] for a in doc["actors"] if a["name"] == name), None)


def test_overlay_is_a_copy(tmp_path):
    base = load_kb()
    n = len(base.entries)
    kb = with_user_actors([_actors_file(tmp_path)])
    assert kb is not base and kb.lookup("Jane Quillfeather").id == "user:mayor_x"
    assert base.lookup("Jane Quillfeather") is None and len(base.entries) == n
    assert with_user_actors([]).lookup("Jane Quillfeather") is None  # a second overlay starts from the base


def test_analyze_with_then_without_actors(tmp_path, capsys):
    f = tmp_path / "a_2024-05-01.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert main(["analyze", str(f), "--json", "--actors", str(_actors_file(tmp_path))]) == 0
    assert _coded(json.loads(capsys.readouterr().out), "Jane Quillfeather") == "GBRGOV"
    assert main(["analyze", str(f), "--json"]) == 0  # the same process, no --actors: unknown again
    assert _coded(json.loads(capsys.readouterr().out), "Jane Quillfeather") is None


def test_run_workers_load_the_users_actors(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a_2024-05-01.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert main(["run", str(corpus), "--db", str(db), "--workers", "1", "--quiet", "--no-dedup",
                 "--actors", str(_actors_file(tmp_path))]) == 0
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT actor_key, code FROM actors WHERE name = 'Jane Quillfeather'")[1]
    assert rows == [("kb:user:mayor_x", "GBRGOV")]
    assert load_kb().lookup("Jane Quillfeather") is None


def test_bad_actors_file_stops_run_before_it_starts(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ttype\tname\taliases\tcode\tstart\tend\ttitle\trole\nx\tPERSON\tX\t\tZZZQQQ\t\t\t\t\n",
                   encoding="utf-8")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    assert main(["run", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"), "--actors", str(bad)]) == 2
    assert "ZZZQQQ" in capsys.readouterr().err
