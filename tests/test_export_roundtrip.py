"""Exports round-trip: hostile names (quotes, tabs, line breaks) never shift or drop a row.

Every export is read back with pandas (its defaults, as a user would) and with DuckDB, and the row
counts and values are compared with the store's.
"""

from __future__ import annotations

import json

import pytest

from reportage.cli import main
from reportage.document import Actor, Document, Event, Span
from reportage.export import GDELT_COLUMNS, _clean
from reportage.store import Store

pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")

HOSTILE = ['17 "CRITICALLY INJURED" INDIAN TROOPS', '"Quoted" at the start', "a\ttab inside", "two\nlines",
           "carriage\rreturn", "comma, and 'single' quotes", "back\\slash", "line\u2028separator", "plain name"]


def _document(i: int) -> Document:
    """A document whose two actors carry hostile names; one event between them (written for this test)."""
    src, tgt = HOSTILE[i % len(HOSTILE)], HOSTILE[(i + 3) % len(HOSTILE)]
    text = f"{src} attacked {tgt} on Monday in item {i}."
    a = Actor(id="A1", name=src, code="IND", country="IND", sector="MIL", type="ORG",
              kb_id="Q668" if i % 2 else "ind_army", mentions=[Span.of(text, 0, len(src))])
    t0 = text.index(" attacked ") + len(" attacked ")
    b = Actor(id="A2", name=tgt, code="CHN", country="CHN", type="ORG", mentions=[Span.of(text, t0, t0 + len(tgt))])
    trig = text.index("attacked")
    ev = Event(id="E1", cameo="190", plover="ASSAULT", quad_class=4, goldstein=-10.0, source="A1", target="A2",
               trigger=Span.of(text, trig, trig + 8), sentence=Span.of(text, 0, len(text)))
    return Document(id=f"d{i:03d}", text=text, url=f"https://news.example/{i}", outlet="News",
                    published=f"2020-06-{1 + i % 28:02d}", actors=[a, b], events=[ev])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "h.duckdb"
    with Store(path) as store:
        store.write_documents([_document(i) for i in range(120)])
    return path


def _store(db, sql):
    with Store(db, read_only=True) as store:
        return store.query(sql)[1]


def test_gdelt_reads_back_with_pandas_and_duckdb(db, tmp_path):
    out = tmp_path / "g.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
    records = _store(db, "SELECT source_name, target_name FROM v_event_records ORDER BY day, global_event_id")
    table = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype=str, keep_default_na=False)
    assert len(table) == len(records) == 120
    expected = sorted(_clean(s.upper()) for s, _ in records)
    assert sorted(table["Actor1Name"]) == expected
    assert all(len(line.split("\t")) == 61 for line in out.read_text(encoding="utf-8").split("\n")[:-1])
    con = duckdb.connect()
    rows = con.execute("SELECT * FROM read_csv(?, delim='\t', header=false, all_varchar=true)", [str(out)]).fetchall()
    name = GDELT_COLUMNS.index("Actor1Name")
    assert len(rows) == 120 and all(len(r) == 61 for r in rows)
    assert sorted(r[name] or "" for r in rows) == expected


def test_polecat_carries_names_and_wikidata_ids(db, tmp_path):
    out = tmp_path / "p.jsonl"
    assert main(["export", "--db", str(db), "--format", "polecat", "--out", str(out)]) == 0
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 120 == len(pd.read_json(out, lines=True))
    stored = sorted(r[0] for r in _store(db, "SELECT source_name FROM events"))
    assert sorted(r["actor_name"] for r in recs) == stored  # JSON keeps every character
    qids = {r["actor_kb_id"]: r["actor_wikidata_id"] for r in recs}
    assert qids == {"Q668": "Q668", "ind_army": None}  # only a QID is a Wikidata id


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_read_back(db, tmp_path, fmt):
    out = tmp_path / fmt
    assert main(["export", "--db", str(db), "--format", fmt, "--out", str(out)]) == 0
    for table, col in (("actors", "name"), ("events", "source_name"), ("documents", "text")):
        path = out / f"{table}.{fmt}"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False) if fmt == "csv" else pd.read_parquet(path)
        stored = sorted(r[0] for r in _store(db, f"SELECT {col} FROM {table}"))
        assert sorted(frame[col]) == stored, table
        reader = "read_csv" if fmt == "csv" else "read_parquet"
        back = duckdb.connect().execute(f"SELECT {col} FROM {reader}(?)", [str(path)]).fetchall()
        assert sorted(r[0] for r in back) == stored, table
