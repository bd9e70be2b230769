"""Read-only SQL the web view needs beyond :class:`reportage.store.Store`'s read API.

Every statement is parameterised (values travel as ``?`` parameters, never pasted into the
SQL text) and only reads; the database itself is opened read-only. The SQL is written against
the store's tables and views (documents, actors, mentions, attributions, events).
"""

from __future__ import annotations

from typing import Any

# the day an event happened: its own date when the coder found one, else the article's day
_EVENT_DAY = "COALESCE(e.day, d.day)"


def _dates(column: str, date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    where, params = [], []
    if date_from:
        where.append(f"{column} >= CAST(? AS DATE)")
        params.append(date_from)
    if date_to:
        where.append(f"{column} <= CAST(? AS DATE)")
        params.append(date_to)
    return (" AND " + " AND ".join(where)) if where else "", params


RESOLVE_ACTOR = """
    SELECT actor_key, n_docs FROM v_top_actors
    WHERE actor_key = ? OR lower(name) = lower(?)
    ORDER BY (actor_key = ?) DESC, n_docs DESC, actor_key
"""
RESOLVE_CODE = "SELECT actor_key, n_docs FROM v_top_actors WHERE code = ? ORDER BY n_docs DESC, actor_key"


def resolve_actor(key: str) -> tuple[str, list[Any]]:
    """An actor key or a name to the store's actor keys, best documented first.

    A name gathers every key carrying it (the knowledge base's "Russia" and an unresolved
    "Russia" are the same actor to a reader); an exact key match comes first.
    """
    return RESOLVE_ACTOR, [key, key, key]


def resolve_code(code: str) -> tuple[str, list[Any]]:
    """Actors coded ``code`` (e.g. RUSGOV), tried when no key or name matches."""
    return RESOLVE_CODE, [code]


# a list of actor keys travels as one parameter
_IN = "IN (SELECT unnest(CAST(? AS VARCHAR[])))"


def statements(keys: list[str], date_from: str | None, date_to: str | None, limit: int) -> tuple[str, list[Any]]:
    w, p = _dates("d.day", date_from, date_to)
    sql = f"""
        SELECT a.doc_id, a.attribution_id, a.kind, a.cue_text, a.content, a.confidence, a.via,
               d.day, d.outlet, d.title
        FROM attributions a JOIN documents d USING (doc_id)
        WHERE a.speaker_key {_IN}{w}
        ORDER BY d.day DESC NULLS LAST, a.doc_id, a.attribution_id LIMIT ?"""
    return sql, [keys, *p, limit]


def statements_total(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    w, p = _dates("d.day", date_from, date_to)
    return (f"SELECT count(*) AS n FROM attributions a JOIN documents d USING (doc_id) WHERE a.speaker_key {_IN}{w}",
            [keys, *p])


def actor_timeline(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    """Per day: statements made, events as source, events as target."""
    w1, p1 = _dates("d.day", date_from, date_to)
    w2, p2 = _dates(_EVENT_DAY, date_from, date_to)
    sql = f"""
        WITH s AS (SELECT d.day, count(*) AS n FROM attributions a JOIN documents d USING (doc_id)
                   WHERE a.speaker_key {_IN} AND d.day IS NOT NULL{w1} GROUP BY 1),
             es AS (SELECT {_EVENT_DAY} AS day, count(*) AS n FROM events e JOIN documents d USING (doc_id)
                    WHERE e.source_key {_IN} AND {_EVENT_DAY} IS NOT NULL{w2} GROUP BY 1),
             et AS (SELECT {_EVENT_DAY} AS day, count(*) AS n FROM events e JOIN documents d USING (doc_id)
                    WHERE e.target_key {_IN} AND {_EVENT_DAY} IS NOT NULL{w2} GROUP BY 1)
        SELECT day, COALESCE(s.n, 0) AS statements, COALESCE(es.n, 0) AS as_source, COALESCE(et.n, 0) AS as_target
        FROM s FULL JOIN es USING (day) FULL JOIN et USING (day) ORDER BY day"""
    return sql, [keys, *p1, keys, *p2, keys, *p2]


def actor_events(keys: list[str], role: str, date_from: str | None, date_to: str | None,
                 limit: int) -> tuple[str, list[Any]]:
    """Events where the actor is the source (``role='source'``) or the target."""
    column = {"source": "e.source_key", "target": "e.target_key"}[role]  # fixed choice, not user text
    w, p = _dates(_EVENT_DAY, date_from, date_to)
    sql = f"""
        SELECT e.doc_id, e.event_id, e.cameo, e.plover, e.quad_class, e.goldstein, e.source_key, e.source_name,
               e.target_key, e.target_name, e.trigger_text, e.negated, e.hedged, {_EVENT_DAY} AS day, d.outlet
        FROM events e JOIN documents d USING (doc_id)
        WHERE {column} {_IN}{w}
        ORDER BY day DESC NULLS LAST, e.doc_id, e.event_id LIMIT ?"""
    return sql, [keys, *p, limit]


def counterparts(keys: list[str], date_from: str | None, date_to: str | None, limit: int) -> tuple[str, list[Any]]:
    """The actors this one most often acts on, is acted on by, or names in its statements."""
    w, p = _dates(_EVENT_DAY, date_from, date_to)
    ws, ps = _dates("d.day", date_from, date_to)
    sql = f"""
        WITH ev AS (
            SELECT e.target_key AS other, e.target_name AS name, 'acts on' AS relation
            FROM events e JOIN documents d USING (doc_id) WHERE e.source_key {_IN} AND e.target_key IS NOT NULL{w}
            UNION ALL
            SELECT e.source_key, e.source_name, 'acted on by'
            FROM events e JOIN documents d USING (doc_id) WHERE e.target_key {_IN} AND e.source_key IS NOT NULL{w}
            UNION ALL
            SELECT m.actor_key, m.text, 'speaks about'
            FROM attributions a JOIN documents d USING (doc_id)
            JOIN mentions m ON m.doc_id = a.doc_id AND m.start >= a.content_start AND m."end" <= a.content_end
            WHERE a.speaker_key {_IN} AND m.actor_key IS NOT NULL AND m.actor_key <> a.speaker_key{ws}
        )
        SELECT other AS actor_key, mode(name) AS name, count(*) AS n,
               count(*) FILTER (WHERE relation = 'acts on') AS acts_on,
               count(*) FILTER (WHERE relation = 'acted on by') AS acted_on_by,
               count(*) FILTER (WHERE relation = 'speaks about') AS speaks_about
        FROM ev WHERE other NOT {_IN} GROUP BY other ORDER BY n DESC, actor_key LIMIT ?"""
    return sql, [keys, *p, keys, *p, keys, *ps, keys, limit]


def dyad_events(a: list[str], b: list[str], date_from: str | None, date_to: str | None, limit: int) -> tuple[str, list[Any]]:
    w, p = _dates(_EVENT_DAY, date_from, date_to)
    sql = f"""
        SELECT e.doc_id, e.event_id, e.cameo, e.plover, e.quad_class, e.goldstein, e.source_key, e.source_name,
               e.target_key, e.target_name, e.trigger_text, e.sentence_text, e.negated, e.hedged,
               {_EVENT_DAY} AS day, d.outlet, d.title
        FROM events e JOIN documents d USING (doc_id)
        WHERE ((e.source_key {_IN} AND e.target_key {_IN}) OR (e.source_key {_IN} AND e.target_key {_IN})){w}
        ORDER BY day NULLS LAST, e.doc_id, e.event_id LIMIT ?"""
    return sql, [a, b, b, a, *p, limit]


def dyad_days(a: list[str], b: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    """Per day: events of each QuadClass and the mean Goldstein score (negated events left out)."""
    w, p = _dates(_EVENT_DAY, date_from, date_to)
    sql = f"""
        SELECT {_EVENT_DAY} AS day,
               count(*) FILTER (WHERE e.quad_class = 1) AS q1, count(*) FILTER (WHERE e.quad_class = 2) AS q2,
               count(*) FILTER (WHERE e.quad_class = 3) AS q3, count(*) FILTER (WHERE e.quad_class = 4) AS q4,
               count(*) AS n, avg(e.goldstein) AS goldstein
        FROM events e JOIN documents d USING (doc_id)
        WHERE NOT e.negated AND {_EVENT_DAY} IS NOT NULL
          AND ((e.source_key {_IN} AND e.target_key {_IN}) OR (e.source_key {_IN} AND e.target_key {_IN})){w}
        GROUP BY 1 ORDER BY 1"""
    return sql, [a, b, b, a, *p]


def network_edges(date_from: str | None, date_to: str | None, limit: int) -> tuple[str, list[Any]]:
    """Edges between actors: events (source acts on target) and statements naming another actor."""
    w, p = _dates(_EVENT_DAY, date_from, date_to)
    ws, ps = _dates("d.day", date_from, date_to)
    sql = f"""
        WITH acts AS (
            SELECT e.source_key AS src, e.target_key AS dst, 'acts on' AS relation, e.goldstein
            FROM events e JOIN documents d USING (doc_id)
            WHERE e.source_key IS NOT NULL AND e.target_key IS NOT NULL AND e.source_key <> e.target_key
              AND NOT e.negated{w}
        ), talk AS (
            SELECT DISTINCT a.doc_id, a.attribution_id, a.speaker_key AS src, m.actor_key AS dst
            FROM attributions a JOIN documents d USING (doc_id)
            JOIN mentions m ON m.doc_id = a.doc_id AND m.start >= a.content_start AND m."end" <= a.content_end
            WHERE a.speaker_key IS NOT NULL AND m.actor_key IS NOT NULL AND m.actor_key <> a.speaker_key{ws}
        ), edges AS (
            SELECT src, dst, relation, count(*) AS n, avg(goldstein) AS goldstein FROM acts GROUP BY ALL
            UNION ALL
            SELECT src, dst, 'speaks about', count(*), NULL FROM talk GROUP BY ALL
        )
        SELECT src AS source_key, dst AS target_key, relation, n, goldstein FROM edges
        ORDER BY n DESC, source_key, target_key, relation LIMIT ?"""
    return sql, [*p, *ps, limit]


ACTOR_NAMES = """
    SELECT actor_key, name, code, type FROM v_top_actors WHERE actor_key IN (SELECT unnest(?))
"""


def actor_names(keys: list[str]) -> tuple[str, list[Any]]:
    return ACTOR_NAMES, [keys]
