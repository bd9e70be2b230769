"""What an analyst looks for, on a store made by ``reportage run`` from real articles.

The real store holds eight articles of ../shared/data/realnews that mention Donald Trump and
Russia (written to a temporary JSONL, analysed by the real batch command); the figures on the
pages are checked against SQL over the same file, so "a count is a real total" and "paging
reaches every row" are tested, not assumed. The hand-coded store of test_web_helpers gives
exact answers for the event filters, the dyad and the network.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from test_web_helpers import EXAMPLE, SHARED, build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

REALNEWS = SHARED / "data" / "realnews" / "articles.jsonl"
ROOT = Path(__file__).resolve().parents[1]


def _pick_articles(n: int = 8) -> list[str]:
    lines = []
    with REALNEWS.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text = d.get("text") or ""
            if "Trump" in text and ("Putin" in text or "Russia" in text) and len(text) < 6000:
                lines.append(line)
            if len(lines) == n:
                break
    return lines


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    if not REALNEWS.exists():
        pytest.skip(f"real-news articles not found at {REALNEWS} (../shared is absent)")
    tmp = tmp_path_factory.mktemp("realnews")
    src = tmp / "articles.jsonl"
    src.write_text("".join(_pick_articles()), encoding="utf-8")
    db = tmp / "real.duckdb"
    done = subprocess.run([sys.executable, "-m", "reportage.cli", "run", str(src), "--db", str(db), "--workers", "1",
                           "--quiet", "--no-dedup"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    from reportage.web.app import create_app

    return TestClient(create_app(db), base_url="http://127.0.0.1"), db


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    if not EXAMPLE.exists():
        pytest.skip(f"founding example not found at {EXAMPLE} (../shared is absent)")
    db = tmp_path_factory.mktemp("hand") / "web.duckdb"
    build_store(db)
    from reportage.web.app import create_app

    return TestClient(create_app(db), base_url="http://127.0.0.1")


def sql(db: Path, query: str, params: list | None = None) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


# ---- actors and codes --------------------------------------------------------------------------------

def test_code_lists_its_actors_titled_by_the_code(real):
    client, db = real
    r = client.get("/api/actors/USAGOV", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/api/codes/USAGOV"
    c = client.get("/api/actors/USAGOV").json()  # followed
    assert c["code"] == "USAGOV"
    keys = {k for (k,) in sql(db, "SELECT DISTINCT actor_key FROM actors WHERE code = 'USAGOV'")}
    assert c["total"] == len(keys) >= 2, "USAGOV gathers several actors (Trump, the White House, …)"
    assert {a["actor_key"] for a in c["actors"]} == keys and all("USAGOV" in a["codes"] for a in c["actors"])
    names = [a["name"] for a in c["actors"]]
    assert "Donald Trump" in names
    html = client.get("/actors/USAGOV").text  # the page redirects to /codes/USAGOV
    assert "<h1>Code USAGOV</h1>" in html and "<title>USAGOV · Reportage</title>" in html
    page1 = client.get("/api/codes/USAGOV", params={"limit": 1}).json()
    page2 = client.get("/api/codes/USAGOV", params={"limit": 1, "offset": 1}).json()
    assert page1["total"] == c["total"] and page1["actors"][0] != page2["actors"][0]


def test_counts_are_totals_and_lists_page(real):
    client, db = real
    trump = client.get("/api/actors/Trump", params={"limit": 2}).json()  # a word of the name finds him
    key = trump["actor"]["actor_key"]
    assert trump["actor"]["name"] == "Donald Trump"
    (n_statements,) = sql(db, "SELECT count(*) FROM attributions WHERE speaker_key = ?", [key])[0]
    (n_source,) = sql(db, "SELECT count(*) FROM events WHERE source_key = ?", [key])[0]
    assert trump["statements_total"] == trump["actor"]["n_statements"] == n_statements > 2
    assert trump["events_as_source_total"] == n_source and len(trump["events_as_source"]) == min(2, n_source)
    seen = []
    offset = 0
    while True:  # the statements list pages through every statement, no cap
        page = client.get("/api/statements", params={"speaker": key, "limit": 3, "offset": offset}).json()
        assert page["total"] == n_statements
        seen += [(s["doc_id"], s["attribution_id"]) for s in page["statements"]]
        offset += 3
        if offset >= page["total"]:
            break
    assert len(seen) == len(set(seen)) == n_statements
    html = client.get(f"/actors/{key}", params={"limit": 2}).text
    assert f"2 latest of {n_statements}" in html and "all, paged" in html
    cps = []
    offset = 0
    while True:  # counterparts page too, 20 at a time
        page = client.get(f"/api/actors/{key}", params={"limit": 1, "cp_offset": offset}).json()
        cps += [c["actor_key"] for c in page["counterparts"]]
        offset += 20
        if offset >= page["counterparts_total"]:
            break
    assert len(cps) == len(set(cps)) == trump["counterparts_total"] > 20
    assert "next counterparts →" in html
    r = client.get("/actors/Trump", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"].startswith("/actors/kb")


def test_actor_search_by_prefix_without_case_or_diacritics(real):
    client, _ = real
    for q in ("trump", "TRUM", "trùmp", "Donald T"):
        names = [a["name"] for a in client.get("/api/actors", params={"q": q}).json()["actors"]]
        assert "Donald Trump" in names, q
    by_code = client.get("/api/actors", params={"q": "usag"}).json()
    assert by_code["total"] >= 2 and all(a["code"] and a["code"].startswith("USA") or "USAGOV" in a["codes"]
                                         for a in by_code["actors"])
    html = client.get("/actors", params={"q": "trump"}).text
    assert "Donald Trump" in html and "/statements?speaker=" in html
    assert client.get("/api/actors/zzzz-nobody").status_code == 404


def test_document_search_by_code_titles_and_snippets(real):
    client, db = real
    r = client.get("/api/documents", params={"actor": "USAGOV"}).json()
    (n,) = sql(db, "SELECT count(DISTINCT doc_id) FROM actors WHERE code = 'USAGOV'")[0]
    assert r["total"] == n >= 1
    r = client.get("/api/documents", params={"q": "Kremlin"}).json()
    for d in r["documents"]:
        assert d["title"] and d["title"] != d["doc_id"] and d["url"].startswith("http") and d["outlet"] and d["day"]
        assert d["snippet"]["hit"].lower() in ("", "kremlin")
    assert any(d["snippet"]["hit"] == "Kremlin" for d in r["documents"])
    html = client.get("/search", params={"q": "Kremlin"}).text
    assert "<mark>Kremlin</mark>" in html and "source ↗" in html


@pytest.mark.parametrize("wild", ["%", "_", "\\", "%_%"])
def test_search_wildcards_are_literal(real, wild):
    client, db = real
    r = client.get("/api/documents", params={"q": wild}).json()
    (n,) = sql(db, "SELECT count(*) FROM documents WHERE instr(lower(title), ?) > 0 OR instr(lower(text), ?) > 0 "
                   "OR instr(lower(url), ?) > 0", [wild, wild, wild])[0]
    (everything,) = sql(db, "SELECT count(*) FROM documents")[0]
    assert r["total"] == n
    assert wild in ("_",) or r["total"] < everything  # never "every document" for a wildcard
    s = client.get("/api/statements", params={"q": wild}).json()
    assert all(wild in (x["content"] or "") for x in s["statements"])


# ---- statements and events -----------------------------------------------------------------------------

def test_statement_filters(real):
    client, db = real
    direct = client.get("/api/statements", params={"kind": "direct", "limit": 200}).json()
    (n,) = sql(db, "SELECT count(*) FROM attributions WHERE kind = 'direct'")[0]
    assert direct["total"] == n and all(s["kind"] == "direct" for s in direct["statements"])
    said = client.get("/api/statements", params={"cue": "said", "limit": 200}).json()
    assert said["total"] and all("said" in s["cue_text"].lower() for s in said["statements"])
    words = client.get("/api/statements", params={"q": "the Russia", "limit": 200}).json()
    assert all("russia" in s["content"].lower() and "the" in s["content"].lower() for s in words["statements"])
    coded = client.get("/api/statements", params={"speaker": "USAGOV", "limit": 200}).json()
    assert coded["total"] >= 1
    html = client.get("/statements", params={"speaker": "Trump"}).text
    assert "Download CSV" in html and "/api/statements.csv?speaker=Trump" in html
    assert client.get("/api/statements", params={"kind": "shouted"}).status_code == 422


def test_event_filters_and_csv_match_the_page(real):
    client, db = real
    quad4 = client.get("/api/events", params={"quad": 4, "negated": "no", "limit": 200}).json()
    (n,) = sql(db, "SELECT count(*) FROM events WHERE quad_class = 4 AND NOT negated")[0]
    assert quad4["total"] == n and all(e["quad_class"] == 4 and not e["negated"] for e in quad4["events"])
    band = client.get("/api/events", params={"gmin": -5, "gmax": 0, "limit": 200}).json()
    assert all(-5 <= e["goldstein"] <= 0 for e in band["events"])
    (plover,) = sql(db, "SELECT plover FROM events WHERE plover IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0]
    by_type = client.get("/api/events", params={"type": plover.lower(), "limit": 200}).json()
    assert by_type["total"] and all(e["plover"] == plover for e in by_type["events"])
    root = by_type["events"][0]["cameo"][:2]
    assert all(e["cameo"].startswith(root) for e in client.get("/api/events", params={"type": root}).json()["events"])
    dated = client.get("/api/events", params={"date_from": "2018-01-01", "date_to": "2018-12-31"}).json()
    assert all("2018-01-01" <= e["day"] <= "2018-12-31" for e in dated["events"])
    for e in quad4["events"]:
        s = e["sentence"]
        assert (s["pre"] + s["hit"] + s["post"]).strip() and e["title"] and e["url"]
    params = {"actor": "USAGOV", "negated": "no"}
    page = client.get("/api/events", params={**params, "limit": 200}).json()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params=params).text)))
    assert len(rows) == page["total"]
    assert [(r["doc_id"], r["event_id"]) for r in rows][:200] == [(e["doc_id"], e["event_id"]) for e in page["events"]]
    assert all("USAGOV" in (r["source_code"], r["target_code"]) or r["source_key"] or r["target_key"] for r in rows)
    for quad in (4, 3, 2, 1):  # the first QuadClass with a coded USAGOV dyad (the sample's events change with the coder)
        gdelt = client.get("/api/events.gdelt", params={"actor": "USAGOV", "quad": quad}).text.splitlines()
        if gdelt:
            break
    mentions = client.get("/api/events", params={"actor": "USAGOV", "quad": quad, "negated": "no"}).json()["total"]
    assert 1 <= len(gdelt) <= mentions and all(len(line.split("\t")) == 61 for line in gdelt)
    assert all(line.split("\t")[29] == str(quad) for line in gdelt)  # QuadClass, GDELT's 30th column
    assert client.get("/api/events", params={"quad": 7}).status_code == 422
    assert client.get("/events", params={"gmin": "low"}).status_code == 422


def test_hand_coded_events_filters_dyad_network(hand):
    client = hand
    ids = lambda r: sorted((e["doc_id"], e["event_id"]) for e in r["events"])  # noqa: E731
    assert ("hand-dyad", "E1") in ids(client.get("/api/events", params={"type": "190"}).json())
    assert ("hand-dyad", "E1") in ids(client.get("/api/events", params={"type": "assault"}).json())
    r = client.get("/api/events", params={"gmin": -8, "gmax": 0, "outlet": "handmade"}).json()
    assert ids(r) == [("hand-dyad", "E3")]
    r = client.get("/api/events", params={"source": "Russia", "target": "Ukraine", "outlet": "handmade"}).json()
    assert ids(r) == [("hand-dyad", "E1"), ("hand-dyad", "E3")]
    d = client.get("/api/dyad", params={"a": "Russia", "b": "Ukraine", "date_from": "2024-03-01",
                                        "date_to": "2024-03-31"}).json()
    assert d["total"] == 2 and [e["event_id"] for e in d["events"]] == ["E1", "E3"]
    assert d["events"][0]["sentence"]["hit"] == "attacked"
    html = client.get("/dyad", params={"a": "Russia", "b": "Ukraine", "date_from": "2024-03-01"}).text
    assert 'name="date_from" value="2024-03-01"' in html and "<mark>attacked</mark>" in html
    rows = list(csv.DictReader(io.StringIO(client.get("/api/dyad.csv", params={"a": "Russia", "b": "Ukraine",
                                                                               "date_from": "2024-03-01"}).text)))
    assert [r["event_id"] for r in rows] == ["E1", "E3"]
    n = client.get("/api/network", params={"quad": 4}).json()
    assert n["edges"] and all(e["relation"] == "acts on" for e in n["edges"])
    n = client.get("/api/network", params={"min_weight": 2}).json()
    assert all(e["n"] >= 2 for e in n["edges"])


def test_display_title_falls_back_to_the_headline_line():
    from reportage.web.views import display_title

    assert display_title("  Talks  fail ", "x", "id1") == "Talks fail"
    assert display_title(None, "\n  Putin meets Xi in Moscow\nBody text.", "a1b2c3") == "Putin meets Xi in Moscow"
    long = "word " * 60
    assert display_title(None, long, "id").endswith("…") and len(display_title(None, long, "id")) <= 120
    assert display_title(None, "   ", "id9") == "id9"
