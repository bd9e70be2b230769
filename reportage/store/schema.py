"""The store's schema: tables, views, version, and opening a file (integrity check, creation).

Column lists are the schema: (name, SQL type). The writer builds Arrow tables in this order, the
readers name these columns, and a store written by an older version gains new columns on open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportage.document import SCHEMA
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
        ("speaker_kb_id", "VARCHAR"), ("speaker_code", "VARCHAR"), ("n_versions", "INTEGER"),
        ("n_documents", "INTEGER"),
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



def connect(path: str | Path, read_only: bool = False) -> Any:
    """Open (and, for writing, create or upgrade) a store file; a bad file is an InputError of one line."""
    import duckdb

    path = str(path)
    if read_only and path != ":memory:" and not Path(path).exists():
        raise InputError(f"{path}: no such database (create it with `reportage run SOURCE --db {path}`)")
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        raise InputError(f"{path}: cannot open the database ({str(exc).splitlines()[0]})") from None
    except duckdb.Error as exc:
        raise InputError(f"{path}: damaged or not a reportage database ({str(exc).splitlines()[0]})") from None
    check_integrity(con, path)
    # bounded memory whatever the store's size: DuckDB spills to disk beyond this
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    if not read_only:
        create(con)
    else:
        names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "documents" not in names:
            con.close()
            raise InputError(f"{path}: not a reportage database (no documents table)")
    return con


def check_integrity(con: Any, path: str) -> None:
    """Refuse a damaged file at open, with one line, rather than fail later on some page or query.

    A DuckDB file is its headers plus ``total_blocks`` blocks; a file shorter than that lost
    blocks (a truncated copy, a full disk): DuckDB would open it and fail on the first read of a
    missing block, so every later page of ``serve`` would answer 500.
    """
    if path == ":memory:":
        return
    import duckdb

    try:
        row = con.execute("PRAGMA database_size").fetchone()
        size = Path(path).stat().st_size
    except (duckdb.Error, OSError) as exc:
        con.close()
        raise InputError(f"{path}: damaged database ({str(exc).splitlines()[0]})") from None
    block_size, total_blocks = int(row[2] or 0), int(row[3] or 0)
    if size < block_size * total_blocks:
        con.close()
        raise InputError(f"{path}: damaged database: the file has {size:,} bytes but its blocks need "
                         f"{block_size * total_blocks:,} (truncated?); restore it or rerun into a new store")


def create(con: Any) -> None:
    """Create the tables and views (idempotent); a store written by an older version gains new columns."""
    con.execute("BEGIN")
    for name, cols in TABLES.items():
        body = ", ".join(f'"{c}" {t}' for c, t in cols)
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({body})")
    have = {(t, c) for t, c in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns").fetchall()}
    for name, cols in TABLES.items():
        for c, t in cols:
            if (name, c) not in have:
                con.execute(f'ALTER TABLE {name} ADD COLUMN "{c}" {t.split()[0]}')
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
    con.execute("INSERT OR IGNORE INTO meta VALUES ('store_version', ?), ('schema', ?)", [STORE_VERSION, SCHEMA])
    con.execute("COMMIT")
