"""The embedded DuckDB store of a corpus run: schema, batched transactional writes, read API.

Why DuckDB: one file, no server, columnar SQL over millions of rows, Parquet in and out. The
full ``reportage.document/1`` JSON of every document is kept (without its text, which has its
own column) so :meth:`Store.get_document` returns exactly what ``reportage analyze --json``
prints; the other tables are flat projections of that JSON for SQL.

Read API (stable; the web view and ``reportage query`` use it)::

    store = Store("reportage.duckdb", read_only=True)
    store.get_document(doc_id) -> dict | None          # the JSON contract, text included
    store.search_documents(q=None, outlet=None, date_from=None, date_to=None, actor=None,
                           limit=20, offset=0) -> (total, [summary dict])
    store.find_actors(q, limit=20) -> [actor dict]      # actor_key, name, type, code, n_docs, ...
    store.actor_summary(actor_key=None, limit=50) -> [actor dict]   # top actors, or the one asked
    store.statements(speaker=None, doc_id=None, limit=50, offset=0) -> (total, [statement dict])
    store.events(actor=None, dyad=None, doc_id=None, date_from=None, date_to=None,
                 cameo=None, limit=50, offset=0) -> (total, [event dict])
    store.dyad_timeline(a, b) -> [{"day", "cameo_root", "n", "goldstein"}]
    store.network(date_from=None, date_to=None, limit=200) -> {"nodes": [...], "edges": [...]}
    store.stats() -> {"documents": n, "failures": n, ...}
    store.query(sql, params=None) -> (columns, rows)

Write API (the batch engine): ``store.write_documents(list[Document], ...)`` and
``store.write_batch(results, failures, run_id)``; each call is one transaction, so a run killed
with kill -9 loses at most the batch in flight and never stores half a document.

Actors are keyed across documents by ``actor_key``: ``kb:<kb_id>`` when the knowledge base
resolved the actor, otherwise ``name:<lower-cased name>``; "all statements by Vladimir Putin" is
``statements(speaker="kb:...")``. Tables: documents, actors, mentions (actor mentions),
attributions, events (one row per event mention in a document), failures, runs, doc_minhash /
lsh_bands / stories (de-duplication, see :mod:`reportage.dedup`). Views: v_event_records
(GDELT-style events with NumMentions/NumSources/NumArticles), v_events_by_dyad_day,
v_statements_by_speaker, v_top_actors.

DuckDB allows one writing process per file: open read-only while no run is writing it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reportage.dates import day_or_none
from reportage.document import SCHEMA, Document
from reportage.inputs import InputError

STORE_VERSION = "1"
DEFAULT_DB = "reportage.duckdb"
MEMORY_LIMIT = "1GB"

# Column lists are the schema: (name, SQL type). Writes build Arrow tables in this order.
TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "VARCHAR PRIMARY KEY"), ("content_hash", "VARCHAR"), ("source", "VARCHAR"),
        ("url", "VARCHAR"), ("outlet", "VARCHAR"), ("published", "VARCHAR"), ("day", "DATE"),
        ("date_source", "VARCHAR"),
        ("title", "VARCHAR"), ("language", "VARCHAR"), ("n_chars", "INTEGER"), ("n_actors", "INTEGER"),
        ("n_attributions", "INTEGER"), ("n_events", "INTEGER"), ("warnings", "VARCHAR"),
        ("text", "VARCHAR"), ("json", "VARCHAR"), ("run_id", "INTEGER"), ("added", "TIMESTAMP"),
    ],
    "actors": [
        ("doc_id", "VARCHAR"), ("actor_id", "VARCHAR"), ("actor_key", "VARCHAR"), ("name", "VARCHAR"),
        ("code", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR"), ("type", "VARCHAR"),
        ("kb_id", "VARCHAR"), ("role_code", "VARCHAR"), ("role_title", "VARCHAR"), ("n_mentions", "INTEGER"),
    ],
    "mentions": [
        ("doc_id", "VARCHAR"), ("actor_id", "VARCHAR"), ("actor_key", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("text", "VARCHAR"),
    ],
    "attributions": [
        ("doc_id", "VARCHAR"), ("attribution_id", "VARCHAR"), ("kind", "VARCHAR"), ("speaker_id", "VARCHAR"),
        ("speaker_key", "VARCHAR"), ("speaker_name", "VARCHAR"), ("source_start", "INTEGER"),
        ("source_end", "INTEGER"), ("source_text", "VARCHAR"), ("cue_start", "INTEGER"), ("cue_end", "INTEGER"),
        ("cue_text", "VARCHAR"), ("content_start", "INTEGER"), ("content_end", "INTEGER"), ("content", "VARCHAR"),
        ("via", "VARCHAR"), ("confidence", "DOUBLE"), ("rule", "VARCHAR"),
    ],
    "events": [
        ("doc_id", "VARCHAR"), ("event_id", "VARCHAR"), ("cameo", "VARCHAR"), ("base_code", "VARCHAR"),
        ("root_code", "VARCHAR"), ("plover", "VARCHAR"), ("mode", "VARCHAR"), ("quad_class", "INTEGER"),
        ("goldstein", "DOUBLE"),
        ("source_id", "VARCHAR"), ("source_key", "VARCHAR"), ("source_name", "VARCHAR"), ("source_code", "VARCHAR"),
        ("source_country", "VARCHAR"), ("source_sector", "VARCHAR"),
        ("target_id", "VARCHAR"), ("target_key", "VARCHAR"), ("target_name", "VARCHAR"), ("target_code", "VARCHAR"),
        ("target_country", "VARCHAR"), ("target_sector", "VARCHAR"),
        ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"), ("trigger_text", "VARCHAR"),
        ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"), ("sentence_text", "VARCHAR"),
        ("attribution_id", "VARCHAR"), ("negated", "BOOLEAN"), ("hedged", "BOOLEAN"), ("modality", "VARCHAR"),
        ("date", "VARCHAR"), ("day", "DATE"), ("is_root", "BOOLEAN"),
        ("place_name", "VARCHAR"), ("place_country", "VARCHAR"), ("place_adm1", "VARCHAR"),
        ("place_lat", "DOUBLE"), ("place_lon", "DOUBLE"), ("place_id", "VARCHAR"), ("place", "VARCHAR"),
        ("explanation", "VARCHAR"),
    ],
    "failures": [
        ("doc_id", "VARCHAR PRIMARY KEY"), ("source", "VARCHAR"), ("stage", "VARCHAR"), ("error", "VARCHAR"),
        ("run_id", "INTEGER"), ("at", "TIMESTAMP"),
    ],
    "runs": [
        ("run_id", "INTEGER PRIMARY KEY"), ("started", "TIMESTAMP"), ("finished", "TIMESTAMP"),
        ("engine", "VARCHAR"), ("workers", "INTEGER"), ("sources", "VARCHAR"), ("done", "BIGINT"),
        ("skipped", "BIGINT"), ("failed", "BIGINT"), ("status", "VARCHAR"),
    ],
    "doc_minhash": [("doc_id", "VARCHAR PRIMARY KEY"), ("sig", "BLOB")],
    "lsh_bands": [("band_key", "UBIGINT"), ("doc_id", "VARCHAR")],
    "stories": [("doc_id", "VARCHAR PRIMARY KEY"), ("story_id", "VARCHAR"), ("dup_of", "VARCHAR")],
    "meta": [("key", "VARCHAR PRIMARY KEY"), ("value", "VARCHAR")],
    # the same quote across outlets (reportage.quote_clusters); rebuilt whole at the end of a run
    "quote_clusters": [
        ("cluster_id", "VARCHAR PRIMARY KEY"), ("speaker_key", "VARCHAR"), ("speaker_name", "VARCHAR"),
        ("speaker_kb_id", "VARCHAR"), ("speaker_code", "VARCHAR"), ("n_versions", "INTEGER"), ("n_documents", "INTEGER"),
        ("n_outlets", "INTEGER"), ("earliest_doc", "VARCHAR"), ("earliest_ties", "VARCHAR"),
        ("earliest_day", "DATE"), ("fullest_doc", "VARCHAR"), ("fullest_attribution", "VARCHAR"),
        ("text", "VARCHAR"), ("change_kinds", "VARCHAR"), ("json", "VARCHAR"),
    ],
    "quote_versions": [
        ("cluster_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("attribution_id", "VARCHAR"), ("outlet", "VARCHAR"),
        ("day", "DATE"), ("kind", "VARCHAR"), ("speaker_key", "VARCHAR"), ("speaker_name", "VARCHAR"),
        ("is_fullest", "BOOLEAN"), ("is_earliest", "BOOLEAN"), ("coverage", "DOUBLE"), ("change_types", "VARCHAR"),
        ("changes", "VARCHAR"),
    ],
}

# The tables a document's analysis writes into (failures/runs/meta are bookkeeping).
DOC_TABLES = ("documents", "actors", "mentions", "attributions", "events", "doc_minhash", "lsh_bands")

VIEWS: dict[str, str] = {
    # One row per (day, dyad, event code): what GDELT calls an event record. Reprints of a story
    # (near-duplicates, see reportage.dedup) fall on the story's first day so they merge.
    "v_event_mentions": """
        SELECT e.*, d.url, d.outlet, d.published, d.added,
               COALESCE(s.story_id, e.doc_id) AS story_id, s.dup_of,
               COALESCE(e.day, sd.story_day, d.day) AS event_day,
               COALESCE(NULLIF(lower(regexp_extract(d.url, '^[a-z]+://(?:www\\.)?([^/:]+)', 1)), ''),
                        lower(d.outlet), e.doc_id) AS source_domain
        FROM events e JOIN documents d USING (doc_id)
        LEFT JOIN stories s USING (doc_id)
        LEFT JOIN (SELECT s2.story_id, min(d2.day) AS story_day FROM stories s2
                   JOIN documents d2 USING (doc_id) GROUP BY s2.story_id) sd
               ON sd.story_id = COALESCE(s.story_id, e.doc_id)
        WHERE NOT e.negated
    """,
    "v_event_records": """
        SELECT ('0x' || substr(md5(concat_ws('|', CAST(event_day AS VARCHAR), COALESCE(source_key, ''),
                    COALESCE(target_key, ''), cameo)), 1, 15))::BIGINT AS global_event_id,
               event_day AS day, source_key, target_key, cameo,
               any_value(base_code) AS base_code, any_value(root_code) AS root_code,
               mode(source_name) AS source_name, mode(source_code) AS source_code,
               mode(source_country) AS source_country, mode(source_sector) AS source_sector,
               mode(target_name) AS target_name, mode(target_code) AS target_code,
               mode(target_country) AS target_country, mode(target_sector) AS target_sector,
               max(CAST(is_root AS INTEGER)) AS is_root, mode(quad_class) AS quad_class,
               avg(goldstein) AS goldstein, mode(plover) AS plover,
               count(*) AS num_mentions, count(DISTINCT source_domain) AS num_sources,
               count(DISTINCT doc_id) AS num_articles, count(DISTINCT story_id) AS num_stories,
               mode(place_name) AS place_name, mode(place_country) AS place_country,
               mode(place_adm1) AS place_adm1, avg(place_lat) AS place_lat, avg(place_lon) AS place_lon,
               mode(place_id) AS place_id,
               min(added) AS date_added, arg_min(url, added) AS source_url,
               list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
        FROM v_event_mentions
        GROUP BY event_day, source_key, target_key, cameo
    """,
    "v_events_by_dyad_day": """
        SELECT event_day AS day, source_key, target_key, mode(source_name) AS source_name,
               mode(target_name) AS target_name, root_code, count(*) AS n_mentions,
               count(DISTINCT doc_id) AS n_articles, avg(goldstein) AS goldstein
        FROM v_event_mentions GROUP BY ALL
    """,
    "v_statements_by_speaker": """
        SELECT a.speaker_key, a.speaker_name, a.kind, a.cue_text, a.content, a.confidence,
               a.doc_id, a.attribution_id, d.day, d.outlet, d.url, d.title
        FROM attributions a JOIN documents d USING (doc_id)
    """,
    "v_top_actors": """
        SELECT m.actor_key, m.name, m.type, m.code, m.country, m.n_docs, m.n_mentions,
               COALESCE(st.n_statements, 0) AS n_statements, COALESCE(es.n, 0) AS n_events_as_source,
               COALESCE(et.n, 0) AS n_events_as_target
        FROM (SELECT actor_key, mode(name) AS name, mode(type) AS type, mode(code) AS code,
                     mode(country) AS country, count(DISTINCT doc_id) AS n_docs, sum(n_mentions) AS n_mentions
              FROM actors GROUP BY actor_key) m
        LEFT JOIN (SELECT speaker_key, count(*) AS n_statements FROM attributions GROUP BY 1) st
               ON st.speaker_key = m.actor_key
        LEFT JOIN (SELECT source_key, count(*) AS n FROM events GROUP BY 1) es ON es.source_key = m.actor_key
        LEFT JOIN (SELECT target_key, count(*) AS n FROM events GROUP BY 1) et ON et.target_key = m.actor_key
        ORDER BY m.n_docs DESC, m.n_mentions DESC, m.actor_key
    """,
}


def actor_key(actor: dict[str, Any] | None) -> str | None:
    """The cross-document identity of an actor: the knowledge-base id, else its normalised name."""
    if not actor:
        return None
    if actor.get("kb_id"):
        return f"kb:{actor['kb_id']}"
    name = " ".join(str(actor.get("name") or "").lower().split())
    return f"name:{name}" if name else None


def day_of(value: str | None) -> str | None:
    """The ISO day at the start of a date string (``2016-10-01T12:00`` -> ``2016-10-01``), else None."""
    return day_or_none(value)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(slots=True)
class DocResult:
    """One analysed document as the batch engine hands it to the store (picklable, JSON-able)."""

    doc: dict[str, Any]  # the reportage.document/1 JSON, text included
    content_hash: str
    source: str | None = None  # where it came from: path, path:line, WARC record, URL
    minhash: bytes | None = None  # datasketch signature (uint64 little-endian)
    bands: list[int] = field(default_factory=list)  # LSH band keys
    date_source: str | None = None  # where the publication date came from (reportage.dates.choose)


@dataclass(slots=True)
class DocFailure:
    doc_id: str
    source: str | None
    stage: str  # read | decode | analyze | fetch | worker
    error: str


class _Columns:
    """Column-wise buffers for one batch of inserts, turned into Arrow tables."""

    def __init__(self) -> None:
        self.cols: dict[str, dict[str, list[Any]]] = {
            t: {c: [] for c, _ in TABLES[t]} for t in DOC_TABLES + ("failures",)
        }

    def add(self, table: str, row: dict[str, Any]) -> None:
        cols = self.cols[table]
        for c in cols:
            cols[c].append(row.get(c))

    def arrow(self, table: str) -> Any:
        import pyarrow as pa

        cols = self.cols[table]
        types = {c: _ARROW_TYPES[t.split()[0]] for c, t in TABLES[table]}
        return pa.table({c: pa.array(v, type=types[c]) for c, v in cols.items()})

    def size(self, table: str) -> int:
        first = next(iter(self.cols[table].values()))
        return len(first)


def _arrow_types() -> dict[str, Any]:
    import pyarrow as pa

    return {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "UBIGINT": pa.uint64(),
            "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(), "DATE": pa.string(), "TIMESTAMP": pa.timestamp("us"),
            "BLOB": pa.binary()}


class _LazyTypes(dict):
    def __missing__(self, key: str) -> Any:
        self.update(_arrow_types())
        return self[key]


_ARROW_TYPES: dict[str, Any] = _LazyTypes()


def _span_cols(prefix: str, span: dict[str, Any] | None) -> dict[str, Any]:
    if not span:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span["start"], f"{prefix}_end": span["end"], f"{prefix}_text": span["text"]}


def _place_cols(place: dict[str, Any] | None) -> dict[str, Any]:
    if not place:
        return {}

    def pick(*keys: str) -> Any:
        for k in keys:
            if place.get(k) not in (None, ""):
                return place[k]
        return None

    def num(v: Any) -> float | None:
        try:
            return float(v) if v is not None else None
        except (TypeError, ValueError):
            return None

    pid = pick("id", "geonames_id", "feature_id", "kb_id")
    return {
        "place_name": pick("name", "text", "fullname"), "place_country": pick("country", "country_code"),
        "place_adm1": pick("adm1", "adm1_code", "region"), "place_lat": num(pick("lat", "latitude")),
        "place_lon": num(pick("lon", "lng", "long", "longitude")), "place_id": str(pid) if pid is not None else None,
        "place": json.dumps(place, ensure_ascii=False, sort_keys=True),
    }


def first_paragraph_end(text: str) -> int:
    """End of the lead paragraph (GDELT's IsRootEvent): the first blank line, else the first line break."""
    stripped = len(text) - len(text.lstrip())
    for sep in ("\n\n", "\n"):
        i = text.find(sep, stripped)
        if i > 0:
            return i
    return len(text)


def rows_for(result: DocResult, cols: _Columns, run_id: int | None, added: datetime) -> None:
    """Flatten one document's JSON into the store's tables."""
    d = result.doc
    doc_id = d["id"]
    text = d.get("text") or ""
    actors = {a["id"]: a for a in d.get("actors", [])}
    keys = {aid: actor_key(a) for aid, a in actors.items()}
    stored = {k: v for k, v in d.items() if k != "text"}
    cols.add("documents", {
        "doc_id": doc_id, "content_hash": result.content_hash, "source": result.source, "url": d.get("url"),
        "outlet": d.get("outlet"), "published": d.get("published"), "day": day_of(d.get("published")),
        "date_source": result.date_source if d.get("published") or result.date_source == "invalid" else None,
        "title": d.get("title"), "language": d.get("language"), "n_chars": len(text),
        "n_actors": len(actors), "n_attributions": len(d.get("attributions", [])),
        "n_events": len(d.get("events", [])), "warnings": "\n".join(d.get("warnings", [])) or None,
        "text": text, "json": json.dumps(stored, ensure_ascii=False), "run_id": run_id, "added": added,
    })
    for a in actors.values():
        role = a.get("role") or {}
        cols.add("actors", {
            "doc_id": doc_id, "actor_id": a["id"], "actor_key": keys[a["id"]], "name": a.get("name"),
            "code": a.get("code") or role.get("code"), "country": a.get("country"), "sector": a.get("sector"),
            "type": a.get("type"), "kb_id": a.get("kb_id"), "role_code": role.get("code"),
            "role_title": role.get("title"), "n_mentions": len(a.get("mentions", [])),
        })
        for m in a.get("mentions", []):
            cols.add("mentions", {"doc_id": doc_id, "actor_id": a["id"], "actor_key": keys[a["id"]],
                                  "start": m["start"], "end": m["end"], "text": m["text"]})
    for q in d.get("attributions", []):
        content = q.get("content") or []
        speaker = actors.get(q.get("speaker") or "")
        row = {
            "doc_id": doc_id, "attribution_id": q["id"], "kind": q.get("kind"), "speaker_id": q.get("speaker"),
            "speaker_key": keys.get(q.get("speaker") or ""),
            "speaker_name": (speaker or {}).get("name") or ((q.get("source") or {}).get("text")),
            "content_start": min((c["start"] for c in content), default=None),
            "content_end": max((c["end"] for c in content), default=None),
            "content": " … ".join(c["text"] for c in content) or None,
            "via": q.get("via"), "confidence": q.get("confidence"), "rule": q.get("rule"),
        }
        row.update(_span_cols("source", q.get("source")))
        row.update(_span_cols("cue", q.get("cue")))
        cols.add("attributions", row)
    lead_end = first_paragraph_end(text)
    for e in d.get("events", []):
        cameo = str(e.get("cameo") or "")
        row = {
            "doc_id": doc_id, "event_id": e["id"], "cameo": cameo, "base_code": cameo[:3] or None,
            "root_code": cameo[:2] or None, "plover": e.get("plover"), "mode": e.get("mode"),
            "quad_class": e.get("quad_class"), "goldstein": e.get("goldstein"),
            "attribution_id": e.get("attribution"), "negated": bool(e.get("negated")),
            "hedged": bool(e.get("hedged")), "modality": e.get("modality"), "date": e.get("date"),
            "day": day_of(e.get("date")),
            "is_root": (e.get("sentence") or {}).get("start", lead_end) < lead_end,
            "explanation": json.dumps(e.get("explanation") or {}, ensure_ascii=False, sort_keys=True),
        }
        for role in ("source", "target"):
            aid = e.get(role)
            a = actors.get(aid or "") or {}
            row.update({f"{role}_id": aid, f"{role}_key": keys.get(aid or ""), f"{role}_name": a.get("name"),
                        f"{role}_code": a.get("code") or (a.get("role") or {}).get("code"),
                        f"{role}_country": a.get("country"), f"{role}_sector": a.get("sector")})
        row.update(_span_cols("trigger", e.get("trigger")))
        row.update(_span_cols("sentence", e.get("sentence")))
        row.update(_place_cols(e.get("place")))
        cols.add("events", row)
    if result.minhash is not None:
        cols.add("doc_minhash", {"doc_id": doc_id, "sig": result.minhash})
        for b in result.bands:
            cols.add("lsh_bands", {"band_key": b, "doc_id": doc_id})


def document_result(document: Document, source: str | None = None, date_source: str | None = None) -> DocResult:
    """Wrap an analysed Document for the store (content hash and MinHash computed here)."""
    from reportage.dedup import content_hash, signature

    sig, bands = signature(document.text)
    if date_source is None and document.published:
        date_source = "given"
    return DocResult(doc=document.to_json(), content_hash=content_hash(document.text), source=source,
                     minhash=sig, bands=bands, date_source=date_source)


class Store:
    """A DuckDB file holding analysed documents; see the module docstring for the API."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        import duckdb

        self.path = str(path)
        self.read_only = read_only
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise InputError(f"{self.path}: no such database (create it with `reportage run SOURCE --db {self.path}`)")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            raise InputError(f"{self.path}: cannot open the database ({str(exc).splitlines()[0]})") from None
        except duckdb.Error as exc:
            raise InputError(f"{self.path}: damaged or not a reportage database ({str(exc).splitlines()[0]})") from None
        self._check_integrity()
        # bounded memory whatever the store's size: DuckDB spills to disk beyond this
        self.con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        if not read_only:
            self._create()
        else:
            names = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            if "documents" not in names:
                raise InputError(f"{self.path}: not a reportage database (no documents table)")

    def _check_integrity(self) -> None:
        """Refuse a damaged file at open, with one line, rather than fail later on some page or query.

        A DuckDB file is its headers plus ``total_blocks`` blocks; a file shorter than that lost
        blocks (a truncated copy, a full disk): DuckDB would open it and fail on the first read of a
        missing block, so every later page of ``serve`` would answer 500.
        """
        if self.path == ":memory:":
            return
        import duckdb

        try:
            row = self.con.execute("PRAGMA database_size").fetchone()
            size = Path(self.path).stat().st_size
        except (duckdb.Error, OSError) as exc:
            self.con.close()
            raise InputError(f"{self.path}: damaged database ({str(exc).splitlines()[0]})") from None
        block_size, total_blocks = int(row[2] or 0), int(row[3] or 0)
        if size < block_size * total_blocks:
            self.con.close()
            raise InputError(f"{self.path}: damaged database: the file has {size:,} bytes but its blocks need "
                             f"{block_size * total_blocks:,} (truncated?); restore it or rerun into a new store")

    # -- schema ---------------------------------------------------------------------------------
    def _create(self) -> None:
        con = self.con
        con.execute("BEGIN")
        for name, cols in TABLES.items():
            body = ", ".join(f'"{c}" {t}' for c, t in cols)
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body})")
        have = {(t, c) for t, c in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns").fetchall()}
        for name, cols in TABLES.items():  # a store written by an older version gains the new columns
            for c, t in cols:
                if (name, c) not in have:
                    con.execute(f'ALTER TABLE {name} ADD COLUMN "{c}" {t.split()[0]}')
        for name, sql in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
        con.execute("INSERT OR IGNORE INTO meta VALUES ('store_version', ?), ('schema', ?)", [STORE_VERSION, SCHEMA])
        con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------------
    def write_documents(self, documents: Sequence[Document], run_id: int | None = None,
                        sources: Sequence[str | None] | None = None) -> int:
        """Store analysed documents in one transaction; ids already stored are left as they are."""
        results = [document_result(doc, (sources[i] if sources else None)) for i, doc in enumerate(documents)]
        return self.write_batch(results, [], run_id)

    def write_batch(self, results: Iterable[DocResult], failures: Iterable[DocFailure] = (),
                    run_id: int | None = None, written: list[str] | None = None) -> int:
        """Write one batch (documents of every table, plus failures) atomically; returns documents written.

        Ids already in the store are dropped first, so a batch replayed after a crash is harmless.
        ``written``, when given, receives the ids of the documents written.
        """
        results = list(results)
        failures = list(failures)
        ids = [r.doc["id"] for r in results] + [f.doc_id for f in failures]
        known = self.known_ids(ids)
        added = _now()
        cols = _Columns()
        seen: set[str] = set()
        n = 0
        for r in results:
            i = r.doc["id"]
            if i in known or i in seen:
                continue
            seen.add(i)
            rows_for(r, cols, run_id, added)
            n += 1
            if written is not None:
                written.append(i)
        for f in failures:
            if f.doc_id in known or f.doc_id in seen:
                continue
            seen.add(f.doc_id)
            cols.add("failures", {"doc_id": f.doc_id, "source": f.source, "stage": f.stage,
                                  "error": f.error[:2000], "run_id": run_id, "at": added})
        if not seen:
            return 0
        con = self.con
        con.execute("BEGIN")
        try:
            for table in DOC_TABLES + ("failures",):
                if cols.size(table) == 0:
                    continue
                tmp = f"_in_{table}"
                con.register(tmp, cols.arrow(table))
                names = ", ".join(f'"{c}"' for c, _ in TABLES[table])
                sel = ", ".join(
                    f'CAST("{c}" AS {t.split()[0]})' if t.split()[0] in ("DATE",) else f'"{c}"'
                    for c, t in TABLES[table]
                )
                con.execute(f"INSERT INTO {table} ({names}) SELECT {sel} FROM {tmp}")
                con.unregister(tmp)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return n

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The ids among ``ids`` already stored as documents or recorded as failures."""
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest($1)) "
            "UNION SELECT doc_id FROM failures WHERE doc_id IN (SELECT unnest($1))", [list(ids)]
        ).fetchall()
        return {r[0] for r in rows}

    def start_run(self, engine: str, workers: int, sources: Sequence[str]) -> int:
        """Record a new run. A run still marked running was killed (one process writes a store at a
        time, and this one holds it), so it is marked interrupted."""
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        row = self.con.execute("SELECT COALESCE(max(run_id), 0) + 1 FROM runs").fetchone()
        run_id = int(row[0])
        self.con.execute(
            "INSERT INTO runs (run_id, started, engine, workers, sources, done, skipped, failed, status) "
            "VALUES (?, ?, ?, ?, ?, 0, 0, 0, 'running')",
            [run_id, _now(), engine, workers, json.dumps(list(sources), ensure_ascii=False)])
        return run_id

    def finish_run(self, run_id: int, done: int, skipped: int, failed: int, status: str = "finished") -> None:
        self.con.execute("UPDATE runs SET finished = ?, done = ?, skipped = ?, failed = ?, status = ? WHERE run_id = ?",
                         [_now(), done, skipped, failed, status, run_id])

    def retry_failures(self) -> int:
        """Forget recorded failures so the next run tries those inputs again."""
        n = self.con.execute("SELECT count(*) FROM failures").fetchone()[0]
        self.con.execute("DELETE FROM failures")
        return int(n)

    # -- reads ----------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> tuple[list[str], list[tuple]]:
        cur = self.con.execute(sql, params or [])
        cols = [c[0] for c in cur.description] if cur.description else []
        return cols, cur.fetchall()

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cols, rows = self.query(sql, params)
        return [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document's reportage.document/1 JSON exactly as analysed, text included."""
        row = self.con.execute("SELECT json, text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        if row is None:
            return None
        stored = json.loads(row[0])
        out: dict[str, Any] = {}
        for k, v in stored.items():
            out[k] = v
            if k == "language":
                out["text"] = row[1]
        out.setdefault("text", row[1])
        return out

    def _doc_filters(self, q: str | None, outlet: str | None, date_from: str | None, date_to: str | None,
                     actor: str | None) -> tuple[str, list[Any]]:
        where, params = ["TRUE"], []
        if q:
            where.append("(d.title ILIKE ? OR d.text ILIKE ? OR d.url ILIKE ?)")
            like = f"%{q}%"
            params += [like, like, like]
        if outlet:
            where.append("d.outlet = ?")
            params.append(outlet)
        if date_from:
            where.append("d.day >= CAST(? AS DATE)")
            params.append(date_from)
        if date_to:
            where.append("d.day <= CAST(? AS DATE)")
            params.append(date_to)
        if actor:
            where.append("d.doc_id IN (SELECT doc_id FROM actors WHERE actor_key = ? OR lower(name) = lower(?))")
            params += [actor, actor]
        return " AND ".join(where), params

    def search_documents(self, q: str | None = None, outlet: str | None = None, date_from: str | None = None,
                         date_to: str | None = None, actor: str | None = None, limit: int = 20,
                         offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Documents matching a text query / outlet / date range / actor (key or exact name), newest first.

        Each summary has doc_id, title, url, outlet, published, day, n_chars, n_actors,
        n_attributions, n_events and a ``snippet`` (the first 200 characters).
        """
        where, params = self._doc_filters(q, outlet, date_from, date_to, actor)
        total = self.con.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()[0]
        rows = self._dicts(
            f"SELECT doc_id, title, url, outlet, published, day, n_chars, n_actors, n_attributions, n_events, "
            f"substr(text, 1, 200) AS snippet FROM documents d WHERE {where} "
            f"ORDER BY d.day DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?", params + [int(limit), int(offset)])
        return int(total), rows

    def find_actors(self, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Actors whose name contains ``q`` (case-insensitive), most documents first."""
        return self._dicts("SELECT * FROM v_top_actors WHERE name ILIKE ? OR actor_key = ? LIMIT ?",
                           [f"%{q}%", q, int(limit)])

    def actor_summary(self, actor_key: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Top actors across the corpus (documents, mentions, statements, events), or just ``actor_key``."""
        if actor_key:
            return self._dicts("SELECT * FROM v_top_actors WHERE actor_key = ?", [actor_key])
        return self._dicts("SELECT * FROM v_top_actors LIMIT ?", [int(limit)])

    def statements(self, speaker: str | None = None, doc_id: str | None = None, limit: int = 50,
                   offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Attributions, optionally of one speaker (actor key) or one document, newest first."""
        where, params = ["TRUE"], []
        if speaker:
            where.append("speaker_key = ?")
            params.append(speaker)
        if doc_id:
            where.append("doc_id = ?")
            params.append(doc_id)
        w = " AND ".join(where)
        total = self.con.execute(f"SELECT count(*) FROM v_statements_by_speaker WHERE {w}", params).fetchone()[0]
        rows = self._dicts(f"SELECT * FROM v_statements_by_speaker WHERE {w} "
                           f"ORDER BY day DESC NULLS LAST, doc_id, attribution_id LIMIT ? OFFSET ?",
                           params + [int(limit), int(offset)])
        return int(total), rows

    def events(self, actor: str | None = None, dyad: tuple[str, str] | None = None, doc_id: str | None = None,
               date_from: str | None = None, date_to: str | None = None, cameo: str | None = None,
               limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Event mentions (one per document), filtered by actor key, dyad, document, dates, CAMEO prefix."""
        where, params = ["TRUE"], []
        if actor:
            where.append("(source_key = ? OR target_key = ?)")
            params += [actor, actor]
        if dyad:
            where.append("source_key = ? AND target_key = ?")
            params += list(dyad)
        if doc_id:
            where.append("e.doc_id = ?")
            params.append(doc_id)
        if date_from:
            where.append("COALESCE(e.day, d.day) >= CAST(? AS DATE)")
            params.append(date_from)
        if date_to:
            where.append("COALESCE(e.day, d.day) <= CAST(? AS DATE)")
            params.append(date_to)
        if cameo:
            where.append("e.cameo LIKE ?")
            params.append(f"{cameo}%")
        w = " AND ".join(where)
        base = "FROM events e JOIN documents d USING (doc_id)"
        total = self.con.execute(f"SELECT count(*) {base} WHERE {w}", params).fetchone()[0]
        rows = self._dicts(
            f"SELECT e.*, COALESCE(e.day, d.day) AS event_day, d.url, d.outlet, d.title {base} WHERE {w} "
            f"ORDER BY event_day DESC NULLS LAST, e.doc_id, e.event_id LIMIT ? OFFSET ?",
            params + [int(limit), int(offset)])
        return int(total), rows

    def dyad_timeline(self, a: str, b: str, both_directions: bool = True) -> list[dict[str, Any]]:
        """Events between two actor keys per day and CAMEO root code (a->b, and b->a when asked)."""
        cond = "(source_key = ? AND target_key = ?)"
        params = [a, b]
        if both_directions:
            cond += " OR (source_key = ? AND target_key = ?)"
            params += [b, a]
        return self._dicts(
            f"SELECT day, source_key, target_key, root_code AS cameo_root, sum(n_mentions) AS n, "
            f"avg(goldstein) AS goldstein FROM v_events_by_dyad_day WHERE {cond} GROUP BY ALL "
            f"ORDER BY day NULLS LAST, source_key, cameo_root", params)

    def network(self, date_from: str | None = None, date_to: str | None = None,
                limit: int = 200) -> dict[str, list[dict[str, Any]]]:
        """Actor network: edges are source->target event counts (and mean Goldstein) in the date range."""
        where, params = ["source_key IS NOT NULL", "target_key IS NOT NULL"], []
        if date_from:
            where.append("day >= CAST(? AS DATE)")
            params.append(date_from)
        if date_to:
            where.append("day <= CAST(? AS DATE)")
            params.append(date_to)
        edges = self._dicts(
            f"SELECT source_key, target_key, mode(source_name) AS source_name, mode(target_name) AS target_name, "
            f"sum(n_mentions) AS n, avg(goldstein) AS goldstein FROM v_events_by_dyad_day "
            f"WHERE {' AND '.join(where)} GROUP BY source_key, target_key ORDER BY n DESC, source_key, target_key "
            f"LIMIT ?", params + [int(limit)])
        nodes: dict[str, dict[str, Any]] = {}
        for e in edges:
            for side in ("source", "target"):
                k = e[f"{side}_key"]
                node = nodes.setdefault(k, {"actor_key": k, "name": e[f"{side}_name"], "n": 0})
                node["n"] += e["n"]
        return {"nodes": sorted(nodes.values(), key=lambda n: (-n["n"], n["actor_key"])), "edges": edges}

    # -- quote clusters (reportage.quote_clusters) -----------------------------------------------
    def quote_inputs(self) -> list[Any]:
        """Every stored attribution's content as :class:`reportage.quote_clusters.QuoteInput`."""
        from reportage.quote_clusters import inputs_from_document

        out = []
        for doc_id, outlet, day, js in self.con.execute(
                "SELECT doc_id, outlet, CAST(day AS VARCHAR), json FROM documents ORDER BY doc_id").fetchall():
            doc = json.loads(js)
            doc["id"] = doc_id
            out.extend(inputs_from_document(doc, outlet=outlet, day=day))
        return out

    def write_quote_clusters(self, clusters: Sequence[dict[str, Any]]) -> None:
        """Replace the quote_clusters / quote_versions tables in one transaction."""
        import pyarrow as pa

        cl: dict[str, list[Any]] = {c: [] for c, _ in TABLES["quote_clusters"]}
        ve: dict[str, list[Any]] = {c: [] for c, _ in TABLES["quote_versions"]}
        for c in clusters:
            row = {"cluster_id": c["id"], "speaker_key": c["speaker"]["key"], "speaker_name": c["speaker"]["name"],
                   "speaker_kb_id": c["speaker"]["kb_id"], "speaker_code": c["speaker"]["code"], "n_versions": c["n_versions"],
                   "n_documents": c["n_documents"], "n_outlets": c["n_outlets"], "earliest_doc": c["earliest"],
                   "earliest_ties": json.dumps(c["earliest_ties"]), "earliest_day": c["earliest_day"],
                   "fullest_doc": c["fullest"], "fullest_attribution": c["fullest_attribution"], "text": c["text"],
                   "change_kinds": ",".join(c["change_kinds"]), "json": json.dumps(c, ensure_ascii=False)}
            for k in cl:
                cl[k].append(row[k])
            for v in c["versions"]:
                vr = {"cluster_id": c["id"], "doc_id": v["document"], "attribution_id": v["attribution"],
                      "outlet": v["outlet"], "day": v["published"], "kind": v["kind"],
                      "speaker_key": v["speaker"]["key"], "speaker_name": v["speaker"]["name"],
                      "is_fullest": v["is_fullest"], "is_earliest": v["is_earliest"], "coverage": v["coverage"],
                      "change_types": ",".join(dict.fromkeys(ch["type"] for ch in v["changes"])), "changes": json.dumps(v["changes"], ensure_ascii=False)}
                for k in ve:
                    ve[k].append(vr[k])
        con = self.con
        con.execute("BEGIN")
        try:
            for table, data in (("quote_clusters", cl), ("quote_versions", ve)):
                con.execute(f"DELETE FROM {table}")
                if not clusters:
                    continue
                tmp = f"_in_{table}"
                con.register(tmp, pa.table({k: pa.array(v, type=pa.string()) if k in ("earliest_day", "day")
                                            else pa.array(v) for k, v in data.items()}))
                names = ", ".join(f'"{c}"' for c, _ in TABLES[table])
                sel = ", ".join(f'CAST("{c}" AS {t.split()[0]})' for c, t in TABLES[table])
                con.execute(f"INSERT INTO {table} ({names}) SELECT {sel} FROM {tmp}")
                con.unregister(tmp)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('quote_clusters_built', ?)", [_now().isoformat()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def quote_clusters_built(self) -> str | None:
        """When the quote clusters were last built (None: never, so an empty list means nothing yet)."""
        row = self.con.execute("SELECT value FROM meta WHERE key = 'quote_clusters_built'").fetchone()
        return row[0] if row else None

    def quote_clusters(self, speaker: str | None = None, min_outlets: int = 1, changed: bool = False,
                       cluster_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored quote clusters (the JSON of :func:`reportage.quote_clusters.describe`), most outlets first.

        ``speaker`` matches the cluster's speaker key, or any version's speaker name (case-insensitive part).
        """
        where, params = ["n_outlets >= ?"], [int(min_outlets)]
        if speaker:
            where.append("(speaker_key = ? OR cluster_id IN (SELECT cluster_id FROM quote_versions "
                         "WHERE speaker_key = ? OR speaker_name ILIKE ?))")
            params += [speaker, speaker, f"%{speaker}%"]
        if changed:
            where.append("change_kinds <> ''")
        if cluster_id:
            where.append("cluster_id = ?")
            params.append(cluster_id)
        sql = (f"SELECT json FROM quote_clusters WHERE {' AND '.join(where)} "
               f"ORDER BY n_outlets DESC, n_versions DESC, earliest_day NULLS LAST, cluster_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [json.loads(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def stats(self) -> dict[str, int]:
        out = {}
        for t in ("documents", "failures", "actors", "mentions", "attributions", "events", "runs"):
            out[t] = int(self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
        return out


def _plain(v: Any) -> Any:
    """DuckDB values to JSON-friendly Python (dates as ISO strings)."""
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v
