"""Exports load back: GDELT TSV (61 typed columns), POLECAT JSONL, Parquet schemas, CSV; query is read-only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportage.cli import main
from reportage.document import Event, Span
from reportage.export import GDELT_COLUMNS, GDELT_TYPES, TABLES_EXPORTED
from reportage.nlp import load_nlp
from reportage.pipeline import analyze
from reportage.run import RunOptions, run
from reportage.store import TABLES, Store

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

WIRE = ("Russian President Vladimir Putin threatened Ukraine on Tuesday over the new border checkpoints.\n\n"
        "\u201cWe will respond,\u201d Putin told reporters in Moscow.")


def _event_doc(doc_id: str, text: str, published: str, url: str, nlp):
    doc = analyze(text, doc_id=doc_id, published=published, url=url, outlet=url.split("/")[2], nlp=nlp)
    putin = next(a for a in doc.actors if "Putin" in a.name)
    ukraine = next(a for a in doc.actors if a.name == "Ukraine")
    putin.code, putin.country, putin.sector = "RUSGOV", "RUS", "GOV"
    ukraine.code, ukraine.country = "UKR", "UKR"
    t = text.index("threatened")
    doc.events.append(Event(id="X1", cameo="138", plover="THREATEN", quad_class=4, goldstein=-7.0,
                            source=putin.id, target=ukraine.id, trigger=Span.of(text, t, t + 10),
                            sentence=Span.of(text, 0, text.index("\n")),
                            place={"name": "Moscow, Russia", "country": "RS", "lat": 55.75, "lon": 37.62,
                                   "id": "524901"}))
    return doc


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    nlp = load_nlp()
    folder = tmp_path_factory.mktemp("export")
    corpus = folder / "c.jsonl"
    rows = [{"text": f"Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday about plan {i}. "
                     f"The two leaders praised the agreement, officials said.",
             "url": f"https://news{i % 2}.example/{i}", "date": f"2023-03-0{1 + i % 3}", "outlet": f"News{i % 2}"}
            for i in range(6)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = folder / "s.duckdb"
    run([str(corpus)], path, RunOptions(in_process=True, progress=False))
    store = Store(path)
    store.write_documents([
        _event_doc("w1", WIRE, "2022-05-03", "https://www.wire.example/1", nlp),
        _event_doc("w2", WIRE + " Reprinted with permission.", "2022-05-04", "https://daily.example/2", nlp),
    ])
    from reportage.dedup import finalize

    finalize(store)
    store.close()
    return path


def test_gdelt_tsv_loads_with_gdelt_columns_and_types(db, tmp_path):
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
    raw = pd.read_csv(out, sep="\t", header=None, dtype=str, keep_default_na=False, quoting=3)
    assert raw.shape[1] == len(GDELT_COLUMNS) == 61 and len(raw) >= 1
    table = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype=GDELT_TYPES, quoting=3)
    assert table["GLOBALEVENTID"].is_unique
    threat = table[table["EventCode"] == "138"]
    assert len(threat) == 1  # the wire story and its reprint are one event
    row = threat.iloc[0]
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (20220503, 202205, 2022)
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == (2, 2, 2)
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("RUSGOV", "RUS", "GOV")
    assert row["Actor1Name"] == "VLADIMIR PUTIN" and row["Actor2Code"] == "UKR"
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("138", "13", 4)
    assert row["GoldsteinScale"] == -7.0 and row["IsRootEvent"] == 1
    assert row["ActionGeo_FullName"] == "Moscow, Russia" and abs(row["ActionGeo_Lat"] - 55.75) < 1e-6
    assert re.fullmatch(r"\d{14}", str(row["DATEADDED"])) and row["SOURCEURL"] == "https://www.wire.example/1"
    header = tmp_path / "h.tsv"
    main(["export", "--db", str(db), "--format", "gdelt", "--header", "--out", str(header)])
    assert header.read_text().splitlines()[0].split("\t") == GDELT_COLUMNS


def test_polecat_jsonl_spans_point_into_the_text(db, tmp_path):
    out = tmp_path / "p.jsonl"
    main(["export", "--db", str(db), "--format", "polecat", "--out", str(out)])
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    threats = [r for r in recs if r["event_type"] == "THREATEN" and r["cameo"] == "138"]
    assert {r["doc_id"] for r in threats} == {"w1", "w2"}
    assert all(r["event_type"] for r in recs)
    store = Store(db, read_only=True)
    for r in threats:
        text = store.get_document(r["doc_id"])["text"]
        t = r["trigger"]
        assert text[t["start"]:t["end"]] == t["text"] == "threatened"
        assert r["actor_name"] == "Vladimir Putin" and r["recipient_country"] == "UKR"
        assert r["num_articles"] == 2 and r["event_date"] == "2022-05-03"
    store.close()


def test_parquet_and_csv_tables(db, tmp_path):
    pq_dir, csv_dir = tmp_path / "pq", tmp_path / "csv"
    main(["export", "--db", str(db), "--format", "parquet", "--out", str(pq_dir)])
    main(["export", "--db", str(db), "--format", "csv", "--out", str(csv_dir)])
    store = Store(db, read_only=True)
    # quote clusters travel with the rest of the store (a run ends by building them)
    for table in (*TABLES_EXPORTED, "quote_clusters", "quote_versions"):
        n = store.query(f"SELECT count(*) FROM {table}")[1][0][0]
        assert pq.read_metadata(pq_dir / f"{table}.parquet").num_rows == n
        assert len(pd.read_csv(csv_dir / f"{table}.csv")) == n
    store.close()
    schema = pq.read_schema(pq_dir / "events.parquet")
    assert schema.names == [c for c, _ in TABLES["events"]]
    types = {f.name: str(f.type) for f in schema}
    assert (types["trigger_start"], types["goldstein"], types["negated"], types["day"]) == \
        ("int32", "double", "bool", "date32[day]")
    docs = pq.read_table(pq_dir / "documents.parquet")
    assert docs.num_rows == 8 and str(docs.schema.field("published").type) == "string"


def test_query_views_and_read_only(db, capsys):
    assert main(["query", "top_actors", "--db", str(db), "--format", "json", "--limit", "5"]) == 0
    top = json.loads(capsys.readouterr().out)
    assert top and {"actor_key", "n_docs", "n_statements"} <= set(top[0])
    assert main(["query", "SELECT speaker_name, count(*) AS n FROM v_statements_by_speaker GROUP BY 1",
                 "--db", str(db), "--format", "tsv"]) == 0
    assert capsys.readouterr().out.startswith("speaker_name\tn\n")
    assert main(["query", "events_by_dyad_day", "--db", str(db)]) == 0
    assert main(["query", "DROP TABLE documents", "--db", str(db)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["query", "SELECT nothing FROM nowhere", "--db", str(db)]) == 2


def test_web_gdelt_download_is_the_export(db, tmp_path):
    """The web's GDELT download (no filter) and `reportage export --format gdelt` write the same rows,
    built by one function: FIPS country codes in both, and the actors' geography in both."""
    from fastapi.testclient import TestClient

    from reportage.web.app import create_app

    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
    exported = out.read_text(encoding="utf-8")
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    r = client.get("/api/events.gdelt")
    assert r.status_code == 200
    assert r.text == exported and len(exported.splitlines()) >= 2
    rows = [line.split("\t") for line in exported.splitlines()]
    geo = {row[GDELT_COLUMNS.index("ActionGeo_CountryCode")] for row in rows} - {""}
    assert geo and not any(len(c) == 3 for c in geo), f"ISO3 codes where GDELT has FIPS: {geo}"
    # a filter keeps the whole records of its mentions, in the same layout
    threat = client.get("/api/events.gdelt", params={"type": "138"}).text.splitlines()
    assert len(threat) == 1 and threat[0] in exported.splitlines()
