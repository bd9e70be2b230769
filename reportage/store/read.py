"""The store's one read API (:class:`Reader`): ``serve``, ``reportage query``, ``reportage export``,
the run engine and de-duplication read a store through it, and nothing outside this package sends
SQL to a store's connection.

Every statement is parameterised (values travel as ``?`` parameters, never pasted into the SQL
text) and only reads. Text typed by a user is matched literally: ``%``, ``_`` and ``\\`` are
escaped before they reach a LIKE pattern, so ``?q=%`` finds documents containing a percent sign
rather than every document.

Names are matched without case or diacritics (``strip_accents(lower(...))`` in SQL and
:func:`fold` here), so "zelenskyy", "Zelenskyy" and "Zelenskyý" find the same actor. An actor
filter (a key, a name, a CAMEO code or a name prefix) is resolved once by :meth:`Reader.match`
into an :class:`ActorMatch`, which every search takes.

A :class:`Reader` wraps one DuckDB connection; :meth:`reportage.store.Store.reader` gives a
serving thread its own cursor, since a connection must not be shared between threads. Big
results (downloads, exports) are streamed from a cursor of their own, so other reads on the same
reader cannot cut them short.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# the day an event happened: its own date when the coder found one, else the article's day
EVENT_DAY = "COALESCE(e.day, d.day)"
# a list of actor keys travels as one parameter
_IN = "IN (SELECT unnest(CAST(? AS VARCHAR[])))"
_ESC = "ESCAPE '\\'"


def fold(s: str) -> str:
    """Lower-case and strip diacritics, as ``strip_accents(lower(x))`` does in DuckDB."""
    decomposed = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def like_escape(s: str) -> str:
    """``s`` with LIKE's wildcards escaped, for use with ``ESCAPE '\\'``."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(s: str) -> str:
    return f"%{like_escape(s)}%"


def _norm(col: str) -> str:
    return f"strip_accents(lower({col}))"


@dataclass(slots=True)
class Where:
    """A growing WHERE clause and its parameters."""

    parts: list[str]
    params: list[Any]

    @classmethod
    def new(cls) -> Where:
        return cls(["TRUE"], [])

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def dates(self, column: str, date_from: str | None, date_to: str | None) -> None:
        if date_from:
            self.add(f"{column} >= CAST(? AS DATE)", date_from)
        if date_to:
            self.add(f"{column} <= CAST(? AS DATE)", date_to)

    @property
    def sql(self) -> str:
        return " AND ".join(self.parts)


# ---- actors -------------------------------------------------------------------------------------

# one row per actor key over the whole store: the most frequent name/code/type, and its counts
ACTOR_ROWS = """
    SELECT m.actor_key, m.name, m.type, m.code, m.country, m.n_docs, m.n_mentions, m.codes, m.names,
           COALESCE(st.n, 0) AS n_statements, COALESCE(es.n, 0) AS n_events_as_source,
           COALESCE(et.n, 0) AS n_events_as_target
    FROM (SELECT actor_key, mode(name) AS name, mode(type) AS type, mode(code) AS code, mode(country) AS country,
                 count(DISTINCT doc_id) AS n_docs, sum(n_mentions) AS n_mentions,
                 list(DISTINCT code) FILTER (WHERE code IS NOT NULL) AS codes,
                 list(DISTINCT strip_accents(lower(name))) AS names
          FROM actors WHERE actor_key IS NOT NULL GROUP BY actor_key) m
    LEFT JOIN (SELECT speaker_key, count(*) AS n FROM attributions GROUP BY 1) st ON st.speaker_key = m.actor_key
    LEFT JOIN (SELECT source_key, count(*) AS n FROM events GROUP BY 1) es ON es.source_key = m.actor_key
    LEFT JOIN (SELECT target_key, count(*) AS n FROM events GROUP BY 1) et ON et.target_key = m.actor_key
"""


def _actor_by_key(key: str) -> tuple[str, list[Any]]:
    return f"SELECT * FROM ({ACTOR_ROWS}) WHERE actor_key = ?", [key]


def _actors_by_name(name: str) -> tuple[str, list[Any]]:
    """Actors one of whose names is exactly ``name`` (no case, no diacritics), most documented first."""
    return (f"SELECT * FROM ({ACTOR_ROWS}) WHERE list_contains(names, ?) "
            "ORDER BY starts_with(actor_key, 'kb:') DESC, n_docs DESC, actor_key", [fold(name)])


def _code_exists(code: str) -> tuple[str, list[Any]]:
    return "SELECT count(*) AS n FROM actors WHERE code = ?", [code.strip().upper()]


def _actor_search_where(q: str) -> tuple[str, list[Any]]:
    """Prefix of any word of a name, prefix of a code, or the key itself."""
    f = fold(q)
    word = f"% {like_escape(f)}%"
    return (f"(' ' || {_norm('name')} LIKE ? {_ESC} OR list_contains(names, ?) "
            f"OR EXISTS (SELECT 1 FROM unnest(names) AS t(n) WHERE ' ' || t.n LIKE ? {_ESC}) "
            f"OR starts_with(upper(COALESCE(code, '')), ?) OR actor_key = ?)",
            [word, f, word, q.strip().upper(), q.strip()])


def _actor_search(q: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    w, p = _actor_search_where(q)
    return (f"SELECT * FROM ({ACTOR_ROWS}) WHERE {w} "
            "ORDER BY (list_contains(names, ?)) DESC, n_docs DESC, n_mentions DESC, actor_key LIMIT ? OFFSET ?",
            [*p, fold(q), limit, offset])


def _actor_search_total(q: str) -> tuple[str, list[Any]]:
    w, p = _actor_search_where(q)
    return f"SELECT count(*) AS n FROM ({ACTOR_ROWS}) WHERE {w}", p


def _code_actors(code: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    """The actors coded ``code`` on any date, with their counts, most documented first."""
    return (f"SELECT * FROM ({ACTOR_ROWS}) WHERE list_contains(codes, ?) "
            "ORDER BY n_docs DESC, n_statements DESC, actor_key LIMIT ? OFFSET ?", [code, limit, offset])


def _code_actors_total(code: str) -> tuple[str, list[Any]]:
    return f"SELECT count(*) AS n FROM ({ACTOR_ROWS}) WHERE list_contains(codes, ?)", [code]


def _code_totals(code: str) -> tuple[str, list[Any]]:
    """Statements and events of actors while they carried ``code`` (the per-document code)."""
    return ("""SELECT
        (SELECT count(*) FROM attributions a JOIN actors x ON x.doc_id = a.doc_id AND x.actor_id = a.speaker_id
         WHERE x.code = ?) AS n_statements,
        (SELECT count(*) FROM events WHERE source_code = ?) AS n_events_as_source,
        (SELECT count(*) FROM events WHERE target_code = ?) AS n_events_as_target,
        (SELECT count(DISTINCT doc_id) FROM actors WHERE code = ?) AS n_docs""", [code, code, code, code])


def _actor_prefix_keys(q: str, limit: int = 500) -> tuple[str, list[Any]]:
    """Keys of actors found by :func:`actor_search`, for a filter that names no exact actor."""
    w, p = _actor_search_where(q)
    return f"SELECT actor_key FROM ({ACTOR_ROWS}) WHERE {w} ORDER BY n_docs DESC, actor_key LIMIT ?", [*p, limit]


@dataclass(slots=True)
class ActorMatch:
    """What an actor filter matched: some actor keys, or a code (on the date of each document)."""

    keys: list[str]
    code: str | None = None

    def cond(self, key_col: str, code_col: str | None) -> tuple[str, list[Any]]:
        """SQL true where ``key_col`` is one of the keys or ``code_col`` is the code."""
        if code_col is None or self.code is None:
            return f"{key_col} {_IN}", [self.keys]
        return f"({key_col} {_IN} OR {code_col} = ?)", [self.keys, self.code]


# ---- documents ------------------------------------------------------------------------------------

def _documents(q: str | None, outlet: str | None, date_from: str | None, date_to: str | None,
              actor: ActorMatch | None, limit: int, offset: int) -> tuple[tuple[str, list[Any]], tuple[str, list[Any]]]:
    """(total, page) queries for documents matching every given filter, newest first.

    The snippet is cut around the first match of ``q`` in the text (else the text's start);
    ``head`` is the text's start, for a title when the metadata has none.
    """
    w = Where.new()
    if q:
        pat = contains(q)
        w.add(f"(d.title ILIKE ? {_ESC} OR d.text ILIKE ? {_ESC} OR d.url ILIKE ? {_ESC})", pat, pat, pat)
    if outlet:
        w.add(f"d.outlet ILIKE ? {_ESC}", contains(outlet))
    w.dates("d.day", date_from, date_to)
    if actor:
        cond, p = actor.cond("x.actor_key", "x.code")
        w.add(f"d.doc_id IN (SELECT x.doc_id FROM actors x WHERE {cond})", *p)
    total = (f"SELECT count(*) AS n FROM documents d WHERE {w.sql}", list(w.params))
    pos = "instr(lower(d.text), lower(?))" if q else "0"
    pos_params = [q] if q else []
    page = (f"""SELECT d.doc_id, d.title, d.url, d.outlet, d.published, d.day, d.n_chars, d.n_actors,
                       d.n_attributions, d.n_events, substr(d.text, 1, 300) AS head,
                       substr(d.text, GREATEST(1, {pos} - 160), 480) AS window, ({pos}) > 160 AS cut
                FROM documents d WHERE {w.sql}
                ORDER BY d.day DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?""",
            [*pos_params, *pos_params, *w.params, limit, offset])
    return total, page


# ---- statements -------------------------------------------------------------------------------------

STATEMENT_COLUMNS = """a.doc_id, a.attribution_id, a.kind, a.speaker_key, a.speaker_name, a.source_text, a.cue_text,
    a.content, a.via, a.confidence, d.day, d.outlet, d.url, d.title, substr(d.text, 1, 300) AS head"""


def _statements(speaker: ActorMatch | None, kind: str | None, cue: str | None, q: str | None, outlet: str | None,
               date_from: str | None, date_to: str | None, doc_id: str | None = None) -> Where:
    """Attributions filtered by speaker (key, code or name), kind, cue, words of the content, outlet, dates."""
    w = Where.new()
    if speaker and speaker.code is None:
        w.add(f"a.speaker_key {_IN}", speaker.keys)
    elif speaker:
        w.add(f"(a.speaker_key {_IN} OR EXISTS (SELECT 1 FROM actors x WHERE x.doc_id = a.doc_id "
              "AND x.actor_id = a.speaker_id AND x.code = ?))", speaker.keys, speaker.code)
    if kind:
        w.add("a.kind = ?", kind)
    if cue:
        w.add(f"a.cue_text ILIKE ? {_ESC}", contains(cue))
    if q:
        for word in q.split()[:10]:  # every word, in any order
            w.add(f"a.content ILIKE ? {_ESC}", contains(word))
    if outlet:
        w.add(f"d.outlet ILIKE ? {_ESC}", contains(outlet))
    if doc_id:
        w.add("a.doc_id = ?", doc_id)
    w.dates("d.day", date_from, date_to)
    return w


def _statements_page(w: Where, limit: int, offset: int | None = 0) -> tuple[str, list[Any]]:
    tail = "LIMIT ? OFFSET ?" if offset is not None else "LIMIT ?"
    return (f"""SELECT {STATEMENT_COLUMNS} FROM attributions a JOIN documents d USING (doc_id) WHERE {w.sql}
                ORDER BY d.day DESC NULLS LAST, a.doc_id, a.attribution_id {tail}""",
            [*w.params, limit, *([offset] if offset is not None else [])])


def _statements_total(w: Where) -> tuple[str, list[Any]]:
    return f"SELECT count(*) AS n FROM attributions a JOIN documents d USING (doc_id) WHERE {w.sql}", list(w.params)


# ---- events -----------------------------------------------------------------------------------------

EVENT_COLUMNS = f"""e.doc_id, e.event_id, e.cameo, e.plover, e.mode, e.quad_class, e.goldstein,
    e.source_key, e.source_name, e.source_code, e.target_key, e.target_name, e.target_code,
    e.trigger_start, e.trigger_end, e.trigger_text, e.sentence_start, e.sentence_text,
    e.negated, e.hedged, e.modality, e.attribution_id, e.place_name, {EVENT_DAY} AS day,
    d.outlet, d.url, d.title, substr(d.text, 1, 300) AS head"""


@dataclass(slots=True)
class EventFilter:
    """Every filter of the events search; a blank field filters nothing."""

    type: str | None = None  # CAMEO code prefix ("19", "190") or PLOVER type ("ASSAULT")
    quad: int | None = None
    goldstein_min: float | None = None
    goldstein_max: float | None = None
    hedged: bool | None = None
    negated: bool | None = None
    modality: str | None = None
    actor: ActorMatch | None = None  # either side
    source: ActorMatch | None = None
    target: ActorMatch | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    doc_id: str | None = None

    def where(self) -> Where:
        w = Where.new()
        t = (self.type or "").strip()
        if t:
            if t.isdigit():
                w.add("starts_with(e.cameo, ?)", t)
            else:
                w.add("upper(e.plover) = ?", t.upper())
        if self.quad is not None:
            w.add("e.quad_class = ?", self.quad)
        if self.goldstein_min is not None:
            w.add("e.goldstein >= ?", self.goldstein_min)
        if self.goldstein_max is not None:
            w.add("e.goldstein <= ?", self.goldstein_max)
        if self.hedged is not None:
            w.add("e.hedged = ?", self.hedged)
        if self.negated is not None:
            w.add("e.negated = ?", self.negated)
        if self.modality:
            w.add("lower(e.modality) = lower(?)", self.modality)
        if self.actor:
            s_cond, s_p = self.actor.cond("e.source_key", "e.source_code")
            t_cond, t_p = self.actor.cond("e.target_key", "e.target_code")
            w.add(f"({s_cond} OR {t_cond})", *s_p, *t_p)
        for side, match in (("source", self.source), ("target", self.target)):
            if match:
                cond, p = match.cond(f"e.{side}_key", f"e.{side}_code")  # side is one of two fixed names
                w.add(cond, *p)
        if self.outlet:
            w.add(f"d.outlet ILIKE ? {_ESC}", contains(self.outlet))
        if self.doc_id:
            w.add("e.doc_id = ?", self.doc_id)
        w.dates(EVENT_DAY, self.date_from, self.date_to)
        return w


def _events_page(w: Where, limit: int, offset: int | None = 0, oldest_first: bool = False) -> tuple[str, list[Any]]:
    order = "ASC" if oldest_first else "DESC"
    tail = "LIMIT ? OFFSET ?" if offset is not None else "LIMIT ?"
    return (f"""SELECT {EVENT_COLUMNS} FROM events e JOIN documents d USING (doc_id) WHERE {w.sql}
                ORDER BY day {order} NULLS LAST, e.doc_id, e.event_id {tail}""",
            [*w.params, limit, *([offset] if offset is not None else [])])


def _gdelt_records(w: Where | None, limit: int | None) -> tuple[str, list[Any]]:
    """GDELT event records (``v_event_records``) holding at least one event mention the filter keeps.

    A record merges the mentions of one (day, source, target, code) across documents, so it is
    kept whole when any of its mentions matches; negated events have no record. No filter: every record.
    """
    tail = f"ORDER BY r.day NULLS LAST, r.global_event_id{f' LIMIT {int(limit)}' if limit is not None else ''}"
    if w is None:
        return f"SELECT r.* FROM v_event_records r {tail}", []
    return (f"""SELECT r.* FROM v_event_records r WHERE EXISTS (
                  SELECT 1 FROM v_event_mentions m
                  JOIN events e ON e.doc_id = m.doc_id AND e.event_id = m.event_id
                  JOIN documents d ON d.doc_id = e.doc_id
                  WHERE {w.sql} AND m.event_day IS NOT DISTINCT FROM r.day
                    AND m.source_key IS NOT DISTINCT FROM r.source_key
                    AND m.target_key IS NOT DISTINCT FROM r.target_key AND m.cameo = r.cameo)
                {tail}""", list(w.params))


def _events_total(w: Where) -> tuple[str, list[Any]]:
    return f"SELECT count(*) AS n FROM events e JOIN documents d USING (doc_id) WHERE {w.sql}", list(w.params)


# ---- one actor --------------------------------------------------------------------------------------

def _actor_timeline(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    """Per day: statements made, events as source, events as target."""
    w1, w2 = Where.new(), Where.new()
    w1.dates("d.day", date_from, date_to)
    w2.dates(EVENT_DAY, date_from, date_to)
    sql = f"""
        WITH s AS (SELECT d.day, count(*) AS n FROM attributions a JOIN documents d USING (doc_id)
                   WHERE a.speaker_key {_IN} AND d.day IS NOT NULL AND {w1.sql} GROUP BY 1),
             es AS (SELECT {EVENT_DAY} AS day, count(*) AS n FROM events e JOIN documents d USING (doc_id)
                    WHERE e.source_key {_IN} AND {EVENT_DAY} IS NOT NULL AND {w2.sql} GROUP BY 1),
             et AS (SELECT {EVENT_DAY} AS day, count(*) AS n FROM events e JOIN documents d USING (doc_id)
                    WHERE e.target_key {_IN} AND {EVENT_DAY} IS NOT NULL AND {w2.sql} GROUP BY 1)
        SELECT day, COALESCE(s.n, 0) AS statements, COALESCE(es.n, 0) AS as_source, COALESCE(et.n, 0) AS as_target
        FROM s FULL JOIN es USING (day) FULL JOIN et USING (day) ORDER BY day"""
    return sql, [keys, *w1.params, keys, *w2.params, keys, *w2.params]


def _counterpart_rows(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    w, ws = Where.new(), Where.new()
    w.dates(EVENT_DAY, date_from, date_to)
    ws.dates("d.day", date_from, date_to)
    sql = f"""
        WITH ev AS (
            SELECT e.target_key AS other, e.target_name AS name, 'acts on' AS relation
            FROM events e JOIN documents d USING (doc_id)
            WHERE e.source_key {_IN} AND e.target_key IS NOT NULL AND {w.sql}
            UNION ALL
            SELECT e.source_key, e.source_name, 'acted on by'
            FROM events e JOIN documents d USING (doc_id)
            WHERE e.target_key {_IN} AND e.source_key IS NOT NULL AND {w.sql}
            UNION ALL
            SELECT m.actor_key, m.text, 'speaks about'
            FROM attributions a JOIN documents d USING (doc_id)
            JOIN mentions m ON m.doc_id = a.doc_id AND m.start >= a.content_start AND m."end" <= a.content_end
            WHERE a.speaker_key {_IN} AND m.actor_key IS NOT NULL AND m.actor_key <> a.speaker_key AND {ws.sql}
        )
        SELECT other AS actor_key, mode(name) AS name, count(*) AS n,
               count(*) FILTER (WHERE relation = 'acts on') AS acts_on,
               count(*) FILTER (WHERE relation = 'acted on by') AS acted_on_by,
               count(*) FILTER (WHERE relation = 'speaks about') AS speaks_about
        FROM ev WHERE other NOT {_IN} GROUP BY other"""
    return sql, [keys, *w.params, keys, *w.params, keys, *ws.params, keys]


def _counterparts(keys: list[str], date_from: str | None, date_to: str | None, limit: int,
                 offset: int = 0) -> tuple[str, list[Any]]:
    """The actors this one most often acts on, is acted on by, or names in its statements."""
    sql, p = _counterpart_rows(keys, date_from, date_to)
    return f"SELECT * FROM ({sql}) ORDER BY n DESC, actor_key LIMIT ? OFFSET ?", [*p, limit, offset]


def _counterparts_total(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    sql, p = _counterpart_rows(keys, date_from, date_to)
    return f"SELECT count(*) AS n FROM ({sql})", p


# ---- dyad and network ---------------------------------------------------------------------------------

def _dyad_where(a: ActorMatch, b: ActorMatch, date_from: str | None, date_to: str | None) -> Where:
    """Events from ``a`` to ``b`` or from ``b`` to ``a``."""
    a_s, pa_s = a.cond("e.source_key", "e.source_code")
    a_t, pa_t = a.cond("e.target_key", "e.target_code")
    b_s, pb_s = b.cond("e.source_key", "e.source_code")
    b_t, pb_t = b.cond("e.target_key", "e.target_code")
    w = Where.new()
    w.add(f"(({a_s} AND {b_t}) OR ({b_s} AND {a_t}))", *pa_s, *pb_t, *pb_s, *pa_t)
    w.dates(EVENT_DAY, date_from, date_to)
    return w


def _dyad_days(w: Where) -> tuple[str, list[Any]]:
    """Per day: events of each QuadClass and the mean Goldstein score (negated events left out)."""
    sql = f"""
        SELECT {EVENT_DAY} AS day,
               count(*) FILTER (WHERE e.quad_class = 1) AS q1, count(*) FILTER (WHERE e.quad_class = 2) AS q2,
               count(*) FILTER (WHERE e.quad_class = 3) AS q3, count(*) FILTER (WHERE e.quad_class = 4) AS q4,
               count(*) AS n, avg(e.goldstein) AS goldstein
        FROM events e JOIN documents d USING (doc_id)
        WHERE NOT e.negated AND {EVENT_DAY} IS NOT NULL AND {w.sql}
        GROUP BY 1 ORDER BY 1"""
    return sql, list(w.params)


def _network_edges(date_from: str | None, date_to: str | None, quad: int | None, min_weight: int,
                  limit: int, relations: str = "all") -> tuple[str, list[Any]]:
    """Edges between actors: events (source acts on target) and statements naming another actor.

    ``quad`` keeps only events of that QuadClass (and drops "speaks about" edges, which have none).
    """
    w, ws = Where.new(), Where.new()
    w.dates(EVENT_DAY, date_from, date_to)
    ws.dates("d.day", date_from, date_to)
    if quad is not None:
        w.add("e.quad_class = ?", quad)
    talk_on = "TRUE" if quad is None and relations in ("all", "talk") else "FALSE"
    acts_on = "TRUE" if relations in ("all", "acts") else "FALSE"
    sql = f"""
        WITH acts AS (
            SELECT e.source_key AS src, e.target_key AS dst, 'acts on' AS relation, e.goldstein
            FROM events e JOIN documents d USING (doc_id)
            WHERE {acts_on} AND e.source_key IS NOT NULL AND e.target_key IS NOT NULL AND e.source_key <> e.target_key
              AND NOT e.negated AND {w.sql}
        ), talk AS (
            SELECT DISTINCT a.doc_id, a.attribution_id, a.speaker_key AS src, m.actor_key AS dst
            FROM attributions a JOIN documents d USING (doc_id)
            JOIN mentions m ON m.doc_id = a.doc_id AND m.start >= a.content_start AND m."end" <= a.content_end
            WHERE {talk_on} AND a.speaker_key IS NOT NULL AND m.actor_key IS NOT NULL
              AND m.actor_key <> a.speaker_key AND {ws.sql}
        ), edges AS (
            SELECT src, dst, relation, count(*) AS n, avg(goldstein) AS goldstein FROM acts GROUP BY ALL
            UNION ALL
            SELECT src, dst, 'speaks about', count(*), NULL FROM talk GROUP BY ALL
        )
        SELECT src AS source_key, dst AS target_key, relation, n, goldstein FROM edges WHERE n >= ?
        ORDER BY n DESC, source_key, target_key, relation LIMIT ?"""
    return sql, [*w.params, *ws.params, min_weight, limit]


def _actor_names(keys: list[str]) -> tuple[str, list[Any]]:
    return f"SELECT actor_key, name, code, type FROM ({ACTOR_ROWS}) WHERE actor_key {_IN}", [keys]


# ---- map ----------------------------------------------------------------------------------------

def _map_points(w: Where, limit: int) -> tuple[str, list[Any]]:
    """The located events of a filter (an event filter's ``Where``), newest first: the map's dots."""
    return (f"""SELECT {EVENT_COLUMNS}, e.place_lat AS lat, e.place_lon AS lon, e.place_country,
                       e.place_id, e.place
                FROM events e JOIN documents d USING (doc_id)
                WHERE {w.sql} AND e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL
                ORDER BY day DESC NULLS LAST, e.doc_id, e.event_id LIMIT ?""", [*w.params, limit])


def _map_located_total(w: Where) -> tuple[str, list[Any]]:
    """How many events of a filter carry coordinates, next to how many match it at all."""
    return (f"""SELECT count(*) AS n, count(*) FILTER (WHERE e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL)
                       AS located FROM events e JOIN documents d USING (doc_id) WHERE {w.sql}""", list(w.params))


# ---- the read API ------------------------------------------------------------------------------------

STATS = """SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM failures) AS failures,
                  (SELECT count(*) FROM actors) AS actors, (SELECT count(*) FROM mentions) AS mentions,
                  (SELECT count(*) FROM attributions) AS attributions, (SELECT count(*) FROM events) AS events,
                  (SELECT count(*) FROM runs) AS runs,
                  (SELECT count(DISTINCT actor_key) FROM actors) AS distinct_actors"""

# the POLECAT export: every PLOVER-coded event mention, with its actors' titles and its event record
POLECAT_MENTIONS = """
    SELECT m.*, d.title, d.language, a1.role_title AS source_title, a1.kb_id AS source_kb,
           a2.role_title AS target_title, a2.kb_id AS target_kb, r.global_event_id, r.num_mentions,
           r.num_sources, r.num_articles
    FROM v_event_mentions m JOIN documents d USING (doc_id)
    LEFT JOIN actors a1 ON a1.doc_id = m.doc_id AND a1.actor_id = m.source_id
    LEFT JOIN actors a2 ON a2.doc_id = m.doc_id AND a2.actor_id = m.target_id
    LEFT JOIN v_event_records r ON r.day IS NOT DISTINCT FROM m.event_day
      AND r.source_key IS NOT DISTINCT FROM m.source_key AND r.target_key IS NOT DISTINCT FROM m.target_key
      AND r.cameo = m.cameo
    WHERE m.plover IS NOT NULL ORDER BY m.event_day NULLS LAST, m.doc_id, m.event_id"""

Chunks = Iterator[tuple[list[str], list[tuple]]]


def _plain(v: Any) -> Any:
    """DuckDB values to JSON-friendly Python (dates as ISO strings)."""
    return v.isoformat() if hasattr(v, "isoformat") else v


def iso_day(d: Any) -> str | None:
    """A date filter as SQL takes it: a date or an ISO string (None: no bound)."""
    if d is None or d == "":
        return None
    return d.isoformat() if hasattr(d, "isoformat") else str(d)


class Reader:
    """Every read of a store, over one DuckDB connection or cursor (see the module docstring).

    Rows come back as dicts of JSON-friendly values (dates as ISO strings); the streaming
    methods (``*_chunks``, :meth:`event_records`, :meth:`polecat_mentions`) keep DuckDB's values.
    """

    def __init__(self, con: Any) -> None:
        self.con = con

    def close(self) -> None:
        self.con.close()

    # -- plumbing ---------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> tuple[list[str], list[tuple]]:
        """Any SQL (``reportage query``); on a read-only store DuckDB refuses writes."""
        cur = self.con.execute(sql, params or [])
        cols = [c[0] for c in cur.description] if cur.description else []
        return cols, cur.fetchall()

    def _rows(self, sql_params: tuple[str, list[Any]]) -> list[dict[str, Any]]:
        cols, rows = self.query(*sql_params)
        return [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in rows]

    def _one(self, sql_params: tuple[str, list[Any]]) -> dict[str, Any]:
        rows = self._rows(sql_params)
        return rows[0] if rows else {}

    def _count(self, sql_params: tuple[str, list[Any]]) -> int:
        return int(self.query(*sql_params)[1][0][0])

    def _chunks(self, sql_params: tuple[str, list[Any]], size: int = 2000) -> Chunks:
        """Chunks of a big result, on a cursor of its own: reads on this reader meanwhile cannot cut it short."""
        sql, params = sql_params
        con = self.con.cursor()
        try:
            cur = con.execute(sql, params)
            cols = [c[0] for c in cur.description]
            while chunk := cur.fetchmany(size):
                yield cols, chunk
        finally:
            con.close()

    def _records(self, sql_params: tuple[str, list[Any]]) -> Iterator[dict[str, Any]]:
        for cols, chunk in self._chunks(sql_params):
            for raw in chunk:
                yield dict(zip(cols, raw, strict=True))

    # -- documents --------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """Row counts: documents, failures, actors, mentions, attributions, events, runs, distinct_actors."""
        return {k: int(v) for k, v in self._one((STATS, [])).items()}

    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        """The document's reportage.document/1 JSON exactly as analysed, text included (in its place)."""
        row = self.con.execute("SELECT json, text FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        if row is None:
            return None
        out: dict[str, Any] = {}
        for k, v in json.loads(row[0]).items():
            out[k] = v
            if k == "language":
                out["text"] = row[1]
        out.setdefault("text", row[1])
        return out

    def _known(self, doc_col: str, failure_col: str, values: Sequence[str]) -> set[str]:
        """The values among ``values`` found in documents.<doc_col> or failures.<failure_col> (fixed names)."""
        if not values:
            return set()
        return {r[0] for r in self.query(
            f"SELECT {doc_col} FROM documents WHERE {doc_col} IN (SELECT unnest($1)) "
            f"UNION SELECT {failure_col} FROM failures WHERE {failure_col} IN (SELECT unnest($1))", [list(values)])[1]}

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The ids among ``ids`` already stored as documents or recorded as failures."""
        return self._known("doc_id", "doc_id", ids)

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """The URLs among ``urls`` already stored as a document's url or recorded as a failure's source."""
        return self._known("url", "source", urls)

    def search_documents(self, q: str | None = None, outlet: str | None = None, date_from: Any = None,
                         date_to: Any = None, actor: str | ActorMatch | None = None, limit: int = 20,
                         offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Documents matching every filter (text, outlet part, dates, actor), newest first: (total, page).

        Each row has doc_id, title, url, outlet, published, day, the counts, ``head`` (the text's
        start) and ``window`` (the text around the first match of ``q``; ``cut`` when it starts mid-text).
        """
        total_q, page_q = _documents(q, outlet, iso_day(date_from), iso_day(date_to), self._match(actor), limit, offset)
        return self._count(total_q), self._rows(page_q)

    # -- actors -----------------------------------------------------------------------------------
    def actor_row(self, key: str) -> dict[str, Any] | None:
        """One actor key over the whole store: its most frequent name, code, type, and its counts."""
        rows = self._rows(_actor_by_key(key))
        return rows[0] if rows else None

    def actors_by_name(self, name: str) -> list[dict[str, Any]]:
        """Actors one of whose names is exactly ``name`` (no case, no diacritics), KB-resolved first."""
        return self._rows(_actors_by_name(name))

    def has_code(self, code: str) -> bool:
        return bool(self._count(_code_exists(code)))

    def actor_search(self, q: str, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Actors a word of whose name, or whose code, starts with ``q``: (total, page), exact names first."""
        return self._count(_actor_search_total(q)), self._rows(_actor_search(q, limit, offset))

    def actor_names(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """Name, code and type of each actor key."""
        return {r["actor_key"]: r for r in self._rows(_actor_names(keys))} if keys else {}

    def match(self, value: str) -> ActorMatch:
        """The actors a filter value names: a key, an exact name, a code, else a name or code prefix."""
        v = value.strip()
        if self.actor_row(v):
            return ActorMatch([v])
        named = [r["actor_key"] for r in self.actors_by_name(v)]
        if any(k.startswith("kb:") for k in named):
            return ActorMatch(named)  # "Russia": the actors of that name, not "Russian Navy"
        if not named and self.has_code(v):
            return ActorMatch([], v.upper())
        # "Trump": an unresolved "Trump" and every actor a word of whose name starts so (Donald Trump)
        prefixed = [r["actor_key"] for r in self._rows(_actor_prefix_keys(v))]
        return ActorMatch(list(dict.fromkeys(named + prefixed)))

    def _match(self, value: str | ActorMatch | None) -> ActorMatch | None:
        return self.match(value) if isinstance(value, str) and value.strip() else (value or None)

    def resolve(self, key: str) -> tuple[str, Any]:
        """What ``/actors/{key}`` names: ("actor", key), ("code", code), ("search", q) or ("none", key).

        An exact key or name is one actor; a CAMEO code lists its actors; anything else is an
        actor search, whose single hit is that actor.
        """
        key = key.strip()
        if self.actor_row(key):
            return "actor", key
        named = self.actors_by_name(key)
        if named and named[0]["actor_key"].startswith("kb:"):
            return "actor", named[0]["actor_key"]
        if not named and self.has_code(key):
            return "code", key.upper()
        # "Trump": the one knowledge-base actor a word of whose name it is beats an unresolved "Trump"
        hits = self._rows(_actor_search(key, 50, 0))
        known = [h for h in hits if h["actor_key"].startswith("kb:")]
        if len(known) == 1:
            return "actor", known[0]["actor_key"]
        if named:
            return "actor", named[0]["actor_key"]
        if len(hits) == 1:
            return "actor", hits[0]["actor_key"]
        return ("search", key) if hits else ("none", key)

    def code_actors(self, code: str, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """The actors coded ``code`` on any date, most documented first: (total, page)."""
        return self._count(_code_actors_total(code)), self._rows(_code_actors(code, limit, offset))

    def code_totals(self, code: str) -> dict[str, Any]:
        """Statements, events and documents of actors while they carried ``code``."""
        return self._one(_code_totals(code))

    def actor_timeline(self, keys: list[str], date_from: Any = None, date_to: Any = None) -> list[dict[str, Any]]:
        """Per day: statements made, events as source, events as target."""
        return self._rows(_actor_timeline(keys, iso_day(date_from), iso_day(date_to)))

    def counterparts(self, keys: list[str], date_from: Any = None, date_to: Any = None, limit: int = 20,
                     offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """The actors these keys most often act on, are acted on by, or name in statements: (total, page)."""
        f, t = iso_day(date_from), iso_day(date_to)
        return self._count(_counterparts_total(keys, f, t)), self._rows(_counterparts(keys, f, t, limit, offset))

    # -- statements -------------------------------------------------------------------------------
    def _statement_where(self, speaker: str | ActorMatch | None, kind: str | None, cue: str | None,
                         q: str | None, outlet: str | None, date_from: Any, date_to: Any,
                         doc_id: str | None) -> Where:
        return _statements(self._match(speaker), kind, cue, q, outlet, iso_day(date_from), iso_day(date_to), doc_id)

    def statements(self, speaker: str | ActorMatch | None = None, kind: str | None = None, cue: str | None = None,
                   q: str | None = None, outlet: str | None = None, date_from: Any = None, date_to: Any = None,
                   doc_id: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Attributions by speaker (key, name, code or prefix), kind, cue, words, outlet, dates: (total, page)."""
        w = self._statement_where(speaker, kind, cue, q, outlet, date_from, date_to, doc_id)
        return self._count(_statements_total(w)), self._rows(_statements_page(w, limit, offset))

    def statements_chunks(self, max_rows: int, speaker: str | ActorMatch | None = None, kind: str | None = None,
                          cue: str | None = None, q: str | None = None, outlet: str | None = None,
                          date_from: Any = None, date_to: Any = None, doc_id: str | None = None) -> Chunks:
        """Every statement of the filter (at most ``max_rows``), streamed, for a download."""
        w = self._statement_where(speaker, kind, cue, q, outlet, date_from, date_to, doc_id)
        return self._chunks(_statements_page(w, max_rows, None))

    # -- events -----------------------------------------------------------------------------------
    def events(self, f: EventFilter | None = None, limit: int = 50,
               offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """Event mentions the filter keeps, newest first: (total, page)."""
        w = (f or EventFilter()).where()
        return self._count(_events_total(w)), self._rows(_events_page(w, limit, offset))

    def events_chunks(self, f: EventFilter | None, max_rows: int) -> Chunks:
        return self._chunks(_events_page((f or EventFilter()).where(), max_rows, None))

    def event_records(self, f: EventFilter | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """GDELT event records (``v_event_records``), by day; with a filter, those holding a mention it keeps."""
        return self._records(_gdelt_records(f.where() if f is not None else None, limit))

    def polecat_mentions(self) -> Iterator[dict[str, Any]]:
        """Every PLOVER-coded event mention with its actors' titles and KB ids and its event record's counts."""
        return self._records((POLECAT_MENTIONS, []))

    def place(self, place_id: Any) -> dict[str, Any]:
        """The stored JSON of a located place (as events.place holds it), {} when unknown."""
        if place_id is None:
            return {}
        row = self.con.execute("SELECT place FROM events WHERE place_id = ? AND place IS NOT NULL LIMIT 1",
                               [place_id]).fetchone()
        try:
            return json.loads(row[0]) if row and row[0] else {}
        except ValueError:
            return {}

    def document_places(self, doc_id: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
        """A document's places (its JSON ``places``) and its actor ids by actor key."""
        row = self.con.execute("SELECT json FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        try:
            places = json.loads(row[0]).get("places", []) if row and row[0] else []
        except ValueError:
            places = []
        ids = dict(self.query("SELECT actor_key, actor_id FROM actors WHERE doc_id = ?", [doc_id])[1])
        return places, ids

    def map_points(self, f: EventFilter, limit: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The located events of the filter, newest first, and the counts {n, located} of the whole filter."""
        w = f.where()
        return self._one(_map_located_total(w)), self._rows(_map_points(w, limit))

    # -- dyads and the network --------------------------------------------------------------------
    def dyad(self, a: ActorMatch, b: ActorMatch, date_from: Any = None, date_to: Any = None, limit: int = 200,
             offset: int = 0) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
        """Events between ``a`` and ``b`` (both directions), oldest first: (total, page, per-day QuadClass counts)."""
        w = _dyad_where(a, b, iso_day(date_from), iso_day(date_to))
        return (self._count(_events_total(w)), self._rows(_events_page(w, limit, offset, oldest_first=True)),
                self._rows(_dyad_days(w)))

    def dyad_chunks(self, a: ActorMatch, b: ActorMatch, date_from: Any, date_to: Any, max_rows: int) -> Chunks:
        w = _dyad_where(a, b, iso_day(date_from), iso_day(date_to))
        return self._chunks(_events_page(w, max_rows, None, oldest_first=True))

    def network(self, date_from: Any = None, date_to: Any = None, quad: int | None = None, min_weight: int = 1,
                limit: int = 200, relations: str = "all") -> list[dict[str, Any]]:
        """Edges (source_key, target_key, relation, n, goldstein): who acts on or speaks about whom."""
        return self._rows(_network_edges(iso_day(date_from), iso_day(date_to), quad, min_weight, limit, relations))

    # -- quote clusters (reportage.quote_clusters) ------------------------------------------------
    def quote_inputs(self) -> list[Any]:
        """Every stored attribution's content as :class:`reportage.quote_clusters.QuoteInput`."""
        from reportage.quote_clusters import inputs_from_document

        out = []
        for doc_id, outlet, day, js in self.query(
                "SELECT doc_id, outlet, CAST(day AS VARCHAR), json FROM documents ORDER BY doc_id")[1]:
            doc = json.loads(js)
            doc["id"] = doc_id
            out.extend(inputs_from_document(doc, outlet=outlet, day=day))
        return out

    def quote_clusters_built(self) -> str | None:
        """When the quote clusters were last built (None: never, or a store from before they existed)."""
        if not {"quote_clusters", "quote_versions"} <= self.table_names():
            return None
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
        return [json.loads(r[0]) for r in self.query(sql, params)[1]]

    # -- de-duplication (reportage.dedup computes; these read what it stored) ----------------------
    def exact_duplicates(self) -> list[tuple[str, str]]:
        """(doc_id, smallest doc_id with the same content hash) for every document sharing its hash."""
        return self.query(
            "SELECT doc_id, min(doc_id) OVER (PARTITION BY content_hash) FROM documents "
            "WHERE content_hash IN (SELECT content_hash FROM documents GROUP BY 1 HAVING count(*) > 1)")[1]

    def candidate_pairs(self, max_bucket: int) -> list[tuple[str, str]]:
        """Document pairs sharing an LSH band key, ignoring buckets fuller than ``max_bucket`` (boilerplate)."""
        return self.query(
            """WITH b AS (SELECT band_key FROM lsh_bands GROUP BY 1 HAVING count(*) BETWEEN 2 AND ?)
               SELECT DISTINCT x.doc_id, y.doc_id FROM lsh_bands x JOIN b USING (band_key)
               JOIN lsh_bands y USING (band_key) WHERE x.doc_id < y.doc_id""", [int(max_bucket)])[1]

    def signatures(self, ids: Sequence[str]) -> dict[str, bytes]:
        """The stored MinHash signatures of ``ids``."""
        sigs: dict[str, bytes] = {}
        for i in range(0, len(ids), 5000):
            sigs.update(self.query("SELECT doc_id, sig FROM doc_minhash WHERE doc_id IN (SELECT unnest(?))",
                                   [list(ids[i:i + 5000])])[1])
        return sigs

    # -- whole tables (reportage export --format parquet/csv) -------------------------------------
    def table_names(self) -> set[str]:
        """The tables and views this store has (an older store lacks the newer ones)."""
        return {r[0] for r in self.query("SELECT table_name FROM information_schema.tables")[1]}

    def copy_table(self, table: str, target: str | Path, fmt: str) -> int:
        """Write a table or view (one of :data:`reportage.store.schema.TABLES` or ``VIEWS``) to a Parquet
        or CSV file; returns its row count."""
        from reportage.store.schema import TABLES, VIEWS

        if table not in TABLES and table not in VIEWS:
            raise ValueError(f"{table}: not a table of the store")
        opts = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}[fmt]
        path_sql = str(target).replace("'", "''")
        self.con.execute(f"COPY (SELECT * FROM {table}) TO '{path_sql}' {opts}")
        return self._count((f"SELECT count(*) FROM {table}", []))
