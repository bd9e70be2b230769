"""Read-only SQL the web view runs against the store (documents, actors, mentions, attributions, events).

Every statement is parameterised (values travel as ``?`` parameters, never pasted into the SQL
text) and only reads; the database itself is opened read-only. Text typed by a user is matched
literally: ``%``, ``_`` and ``\\`` are escaped before they reach a LIKE pattern, so ``?q=%`` finds
documents containing a percent sign rather than every document.

Names are matched without case or diacritics (``strip_accents(lower(...))`` in SQL and
:func:`fold` here), so "zelenskyy", "Zelenskyy" and "Zelenskyý" find the same actor.

These queries live here rather than in :mod:`reportage.store` for now: the store's read API is
the corpus branch's, and issue 12 asks for one read API that web, query and export share.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
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


def actor_by_key(key: str) -> tuple[str, list[Any]]:
    return f"SELECT * FROM ({ACTOR_ROWS}) WHERE actor_key = ?", [key]


def actors_by_name(name: str) -> tuple[str, list[Any]]:
    """Actors one of whose names is exactly ``name`` (no case, no diacritics), most documented first."""
    return (f"SELECT * FROM ({ACTOR_ROWS}) WHERE list_contains(names, ?) "
            "ORDER BY starts_with(actor_key, 'kb:') DESC, n_docs DESC, actor_key", [fold(name)])


def code_exists(code: str) -> tuple[str, list[Any]]:
    return "SELECT count(*) AS n FROM actors WHERE code = ?", [code.strip().upper()]


def _actor_search_where(q: str) -> tuple[str, list[Any]]:
    """Prefix of any word of a name, prefix of a code, or the key itself."""
    f = fold(q)
    word = f"% {like_escape(f)}%"
    return (f"(' ' || {_norm('name')} LIKE ? {_ESC} OR list_contains(names, ?) "
            f"OR EXISTS (SELECT 1 FROM unnest(names) AS t(n) WHERE ' ' || t.n LIKE ? {_ESC}) "
            f"OR starts_with(upper(COALESCE(code, '')), ?) OR actor_key = ?)",
            [word, f, word, q.strip().upper(), q.strip()])


def actor_search(q: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    w, p = _actor_search_where(q)
    return (f"SELECT * FROM ({ACTOR_ROWS}) WHERE {w} "
            "ORDER BY (list_contains(names, ?)) DESC, n_docs DESC, n_mentions DESC, actor_key LIMIT ? OFFSET ?",
            [*p, fold(q), limit, offset])


def actor_search_total(q: str) -> tuple[str, list[Any]]:
    w, p = _actor_search_where(q)
    return f"SELECT count(*) AS n FROM ({ACTOR_ROWS}) WHERE {w}", p


def code_actors(code: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    """The actors coded ``code`` on any date, with their counts, most documented first."""
    return (f"SELECT * FROM ({ACTOR_ROWS}) WHERE list_contains(codes, ?) "
            "ORDER BY n_docs DESC, n_statements DESC, actor_key LIMIT ? OFFSET ?", [code, limit, offset])


def code_actors_total(code: str) -> tuple[str, list[Any]]:
    return f"SELECT count(*) AS n FROM ({ACTOR_ROWS}) WHERE list_contains(codes, ?)", [code]


def code_totals(code: str) -> tuple[str, list[Any]]:
    """Statements and events of actors while they carried ``code`` (the per-document code)."""
    return ("""SELECT
        (SELECT count(*) FROM attributions a JOIN actors x ON x.doc_id = a.doc_id AND x.actor_id = a.speaker_id
         WHERE x.code = ?) AS n_statements,
        (SELECT count(*) FROM events WHERE source_code = ?) AS n_events_as_source,
        (SELECT count(*) FROM events WHERE target_code = ?) AS n_events_as_target,
        (SELECT count(DISTINCT doc_id) FROM actors WHERE code = ?) AS n_docs""", [code, code, code, code])


def actor_prefix_keys(q: str, limit: int = 500) -> tuple[str, list[Any]]:
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
        if code_col is None:
            return f"{key_col} {_IN}", [self.keys]
        return f"({key_col} {_IN} OR {code_col} = ?)", [self.keys, self.code]


# ---- documents ------------------------------------------------------------------------------------

def documents(q: str | None, outlet: str | None, date_from: str | None, date_to: str | None,
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


def document_json(doc_id: str) -> tuple[str, list[Any]]:
    return "SELECT json, text FROM documents WHERE doc_id = ?", [doc_id]


def outlets() -> tuple[str, list[Any]]:
    return ("SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 "
            "LIMIT 200", [])


STATS = """SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM attributions) AS attributions,
                  (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM actors) AS actors,
                  (SELECT count(DISTINCT actor_key) FROM actors) AS distinct_actors,
                  (SELECT count(*) FROM failures) AS failures"""


# ---- statements -------------------------------------------------------------------------------------

STATEMENT_COLUMNS = """a.doc_id, a.attribution_id, a.kind, a.speaker_key, a.speaker_name, a.source_text, a.cue_text,
    a.content, a.via, a.confidence, d.day, d.outlet, d.url, d.title, substr(d.text, 1, 300) AS head"""


def statements(speaker: ActorMatch | None, kind: str | None, cue: str | None, q: str | None, outlet: str | None,
               date_from: str | None, date_to: str | None, doc_id: str | None = None) -> Where:
    """Attributions filtered by speaker (key, code or name), kind, cue, words of the content, outlet, dates."""
    w = Where.new()
    if speaker:
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


def statements_page(w: Where, limit: int, offset: int | None = 0) -> tuple[str, list[Any]]:
    tail = "LIMIT ? OFFSET ?" if offset is not None else "LIMIT ?"
    return (f"""SELECT {STATEMENT_COLUMNS} FROM attributions a JOIN documents d USING (doc_id) WHERE {w.sql}
                ORDER BY d.day DESC NULLS LAST, a.doc_id, a.attribution_id {tail}""",
            [*w.params, limit, *([offset] if offset is not None else [])])


def statements_total(w: Where) -> tuple[str, list[Any]]:
    return f"SELECT count(*) AS n FROM attributions a JOIN documents d USING (doc_id) WHERE {w.sql}", list(w.params)


def statement_kinds() -> tuple[str, list[Any]]:
    return "SELECT kind, count(*) AS n FROM attributions GROUP BY 1 ORDER BY n DESC", []


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


def events_page(w: Where, limit: int, offset: int | None = 0, oldest_first: bool = False) -> tuple[str, list[Any]]:
    order = "ASC" if oldest_first else "DESC"
    tail = "LIMIT ? OFFSET ?" if offset is not None else "LIMIT ?"
    return (f"""SELECT {EVENT_COLUMNS} FROM events e JOIN documents d USING (doc_id) WHERE {w.sql}
                ORDER BY day {order} NULLS LAST, e.doc_id, e.event_id {tail}""",
            [*w.params, limit, *([offset] if offset is not None else [])])


def gdelt_records(w: Where) -> tuple[str, list[Any]]:
    """GDELT event records (``v_event_records``) holding at least one event mention the filter keeps.

    A record merges the mentions of one (day, source, target, code) across documents, so it is
    kept whole when any of its mentions matches; negated events have no record.
    """
    return (f"""SELECT r.* FROM v_event_records r WHERE EXISTS (
                  SELECT 1 FROM v_event_mentions m
                  JOIN events e ON e.doc_id = m.doc_id AND e.event_id = m.event_id
                  JOIN documents d ON d.doc_id = e.doc_id
                  WHERE {w.sql} AND m.event_day IS NOT DISTINCT FROM r.day
                    AND m.source_key IS NOT DISTINCT FROM r.source_key
                    AND m.target_key IS NOT DISTINCT FROM r.target_key AND m.cameo = r.cameo)
                ORDER BY r.day NULLS LAST, r.global_event_id LIMIT 100000""", list(w.params))


def events_total(w: Where) -> tuple[str, list[Any]]:
    return f"SELECT count(*) AS n FROM events e JOIN documents d USING (doc_id) WHERE {w.sql}", list(w.params)


def event_keys_where(keys: list[str], role: str) -> Where:
    """Events where one of ``keys`` is the source (``role='source'``) or the target."""
    column = {"source": "e.source_key", "target": "e.target_key"}[role]  # fixed choice, not user text
    w = Where.new()
    w.add(f"{column} {_IN}", keys)
    return w


def statement_keys_where(keys: list[str]) -> Where:
    w = Where.new()
    w.add(f"a.speaker_key {_IN}", keys)
    return w


# ---- one actor --------------------------------------------------------------------------------------

def actor_timeline(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
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


def counterparts(keys: list[str], date_from: str | None, date_to: str | None, limit: int,
                 offset: int = 0) -> tuple[str, list[Any]]:
    """The actors this one most often acts on, is acted on by, or names in its statements."""
    sql, p = _counterpart_rows(keys, date_from, date_to)
    return f"SELECT * FROM ({sql}) ORDER BY n DESC, actor_key LIMIT ? OFFSET ?", [*p, limit, offset]


def counterparts_total(keys: list[str], date_from: str | None, date_to: str | None) -> tuple[str, list[Any]]:
    sql, p = _counterpart_rows(keys, date_from, date_to)
    return f"SELECT count(*) AS n FROM ({sql})", p


# ---- dyad and network ---------------------------------------------------------------------------------

def dyad_where(a: ActorMatch, b: ActorMatch, date_from: str | None, date_to: str | None) -> Where:
    """Events from ``a`` to ``b`` or from ``b`` to ``a``."""
    a_s, pa_s = a.cond("e.source_key", "e.source_code")
    a_t, pa_t = a.cond("e.target_key", "e.target_code")
    b_s, pb_s = b.cond("e.source_key", "e.source_code")
    b_t, pb_t = b.cond("e.target_key", "e.target_code")
    w = Where.new()
    w.add(f"(({a_s} AND {b_t}) OR ({b_s} AND {a_t}))", *pa_s, *pb_t, *pb_s, *pa_t)
    w.dates(EVENT_DAY, date_from, date_to)
    return w


def dyad_days(w: Where) -> tuple[str, list[Any]]:
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


def network_edges(date_from: str | None, date_to: str | None, quad: int | None, min_weight: int,
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


def actor_names(keys: list[str]) -> tuple[str, list[Any]]:
    return f"SELECT actor_key, name, code, type FROM ({ACTOR_ROWS}) WHERE actor_key {_IN}", [keys]


# ---- map ----------------------------------------------------------------------------------------

def map_points(w: Where, limit: int) -> tuple[str, list[Any]]:
    """The located events of a filter (an event filter's ``Where``), newest first: the map's dots."""
    return (f"""SELECT {EVENT_COLUMNS}, e.place_lat AS lat, e.place_lon AS lon, e.place_country,
                       e.place_id, e.place
                FROM events e JOIN documents d USING (doc_id)
                WHERE {w.sql} AND e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL
                ORDER BY day DESC NULLS LAST, e.doc_id, e.event_id LIMIT ?""", [*w.params, limit])


def map_located_total(w: Where) -> tuple[str, list[Any]]:
    """How many events of a filter carry coordinates, next to how many match it at all."""
    return (f"""SELECT count(*) AS n, count(*) FILTER (WHERE e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL)
                       AS located FROM events e JOIN documents d USING (doc_id) WHERE {w.sql}""", list(w.params))
