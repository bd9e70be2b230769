"""What the web pages read from the store, shaped for pages and their JSON twins.

The store is opened read-only, and every thread that serves pages reads through its own DuckDB
cursor (a second connection to the same database, which DuckDB lets threads use at once), so
page views never queue behind one another on a shared lock, nor behind analyses (those run in
worker processes, see :mod:`reportage.web.analysis`).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from reportage.web import queries
from reportage.web.queries import ActorMatch, EventFilter
from reportage.web.views import display_title

EXPORT_MAX_ROWS = 100_000  # one CSV download at most; beyond that use `reportage export`


class NoDatabase(Exception):
    """A store page was asked for while the server runs without ``--db``."""


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _plain(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


def snippet(text: str | None, q: str | None, width: int = 240) -> dict[str, str]:
    """A window of ``text`` around the first match of ``q``: {"pre", "hit", "post"} for a <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return {"pre": "", "hit": "", "post": ""}
    at = text.lower().find(q.lower()) if q else -1
    if at < 0:
        cut = text[:width]
        return {"pre": cut + (" …" if len(text) > width else ""), "hit": "", "post": ""}
    start = max(0, at - width // 3)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    end = min(len(text), at + len(q) + width - (at - start))
    pre = ("… " if start > 0 else "") + text[start:at]
    post = text[at + len(q):end] + (" …" if end < len(text) else "")
    return {"pre": pre, "hit": text[at:at + len(q)], "post": post}


def sentence_parts(row: dict[str, Any]) -> dict[str, str]:
    """An event's sentence split around its trigger, for a <mark> on the trigger."""
    s = row.get("sentence_text") or ""
    ss, ts, te = row.get("sentence_start"), row.get("trigger_start"), row.get("trigger_end")
    if isinstance(ss, int) and isinstance(ts, int) and isinstance(te, int) and 0 <= ts - ss <= te - ss <= len(s):
        return {"pre": s[:ts - ss], "hit": s[ts - ss:te - ss], "post": s[te - ss:]}
    return snippet(s, row.get("trigger_text"), width=len(s) + 1)


class WebData:
    """Read-only access to one store file for the web view, one cursor per serving thread."""

    def __init__(self, path: str | Path) -> None:
        from reportage.store import Store

        self.store = Store(path, read_only=True)
        self._local = threading.local()
        self._cursors: list[Any] = []
        self._cursors_lock = threading.Lock()

    def _con(self) -> Any:
        con = getattr(self._local, "con", None)
        if con is None:
            con = self.store.con.cursor()
            self._local.con = con
            with self._cursors_lock:
                self._cursors.append(con)
        return con

    def _rows(self, sql_params: tuple[str, list[Any]]) -> list[dict[str, Any]]:
        sql, params = sql_params
        cur = self._con().execute(sql, params)
        cols = [c[0] for c in cur.description] if cur.description else []
        return [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in cur.fetchall()]

    def _one(self, sql_params: tuple[str, list[Any]]) -> dict[str, Any]:
        rows = self._rows(sql_params)
        return rows[0] if rows else {}

    def _iter(self, sql_params: tuple[str, list[Any]]) -> Iterator[tuple[list[str], list[tuple]]]:
        """Chunks of a big result, on a cursor of its own (a download must not block the page's cursor)."""
        sql, params = sql_params
        con = self.store.con.cursor()
        try:
            cur = con.execute(sql, params)
            cols = [c[0] for c in cur.description]
            while chunk := cur.fetchmany(2000):
                yield cols, chunk
        finally:
            con.close()

    def close(self) -> None:
        with self._cursors_lock:
            for c in self._cursors:
                try:
                    c.close()
                except Exception:  # noqa: BLE001 - closing at shutdown
                    pass
        self.store.close()

    # -- documents ------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        return {k: int(v) for k, v in self._one((queries.STATS, [])).items()}

    def outlets(self) -> list[dict[str, Any]]:
        return self._rows(queries.outlets())

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The document's reportage.document/1 JSON exactly as analysed, text included."""
        row = self._one(queries.document_json(doc_id))
        if not row:
            return None
        out: dict[str, Any] = {}
        for k, v in json.loads(row["json"]).items():
            out[k] = v
            if k == "language":
                out["text"] = row["text"]
        out.setdefault("text", row["text"])
        return out

    def search(self, *, q: str | None, outlet: str | None, date_from: dt.date | None, date_to: dt.date | None,
               actor: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Documents matching every filter, newest first, each with a title, source link and snippet."""
        match = self.match(actor) if actor else None
        total_q, page_q = queries.documents(q, outlet, _iso(date_from), _iso(date_to), match, limit, offset)
        total = int(self._one(total_q)["n"])
        rows = self._rows(page_q)
        for r in rows:
            r["title"] = display_title(r.get("title"), r.get("head"), r["doc_id"])
            window = r.pop("window") or ""
            r["snippet"] = snippet(("… " + window) if r.pop("cut") else window, q)
            r.pop("head", None)
        return total, rows

    # -- actors ---------------------------------------------------------------------------------
    def actor_row(self, key: str) -> dict[str, Any] | None:
        rows = self._rows(queries.actor_by_key(key))
        return rows[0] if rows else None

    def resolve(self, key: str) -> tuple[str, Any]:
        """What ``/actors/{key}`` names: ("actor", key), ("code", code), ("search", q) or ("none", key).

        An exact key or name is one actor; a CAMEO code lists its actors; anything else is an
        actor search, whose single hit is that actor.
        """
        key = key.strip()
        if self.actor_row(key):
            return "actor", key
        named = self._rows(queries.actors_by_name(key))
        if named and named[0]["actor_key"].startswith("kb:"):
            return "actor", named[0]["actor_key"]
        if not named and int(self._one(queries.code_exists(key))["n"]):
            return "code", key.upper()
        # "Trump": the one knowledge-base actor a word of whose name it is beats an unresolved "Trump"
        hits = self._rows(queries.actor_search(key, 50, 0))
        known = [h for h in hits if h["actor_key"].startswith("kb:")]
        if len(known) == 1:
            return "actor", known[0]["actor_key"]
        if named:
            return "actor", named[0]["actor_key"]
        if len(hits) == 1:
            return "actor", hits[0]["actor_key"]
        return ("search", key) if hits else ("none", key)

    def match(self, value: str) -> ActorMatch:
        """The actors a filter value names: a key, an exact name, a code, else a name or code prefix."""
        v = value.strip()
        if self.actor_row(v):
            return ActorMatch([v])
        named = [r["actor_key"] for r in self._rows(queries.actors_by_name(v))]
        if any(k.startswith("kb:") for k in named):
            return ActorMatch(named)  # "Russia": the actors of that name, not "Russian Navy"
        if not named and int(self._one(queries.code_exists(v))["n"]):
            return ActorMatch([], v.upper())
        # "Trump": an unresolved "Trump" and every actor a word of whose name starts so (Donald Trump)
        prefixed = [r["actor_key"] for r in self._rows(queries.actor_prefix_keys(v))]
        return ActorMatch(list(dict.fromkeys(named + prefixed)))

    def actor_search(self, q: str, limit: int, offset: int) -> dict[str, Any]:
        total = int(self._one(queries.actor_search_total(q))["n"])
        return {"q": q, "total": total, "limit": limit, "offset": offset,
                "actors": self._rows(queries.actor_search(q, limit, offset))}

    def code(self, code: str, limit: int, offset: int) -> dict[str, Any] | None:
        """A CAMEO code's page: the actors coded so, each with its own counts, paged."""
        code = code.strip().upper()
        total = int(self._one(queries.code_actors_total(code))["n"])
        if not total:
            return None
        return {"code": code, "totals": self._one(queries.code_totals(code)), "total": total, "limit": limit,
                "offset": offset, "actors": self._rows(queries.code_actors(code, limit, offset))}

    def actor(self, key: str, *, date_from: dt.date | None, date_to: dt.date | None,
              limit: int, cp_offset: int = 0, cp_limit: int = 20) -> dict[str, Any] | None:
        """One actor (one key): totals and the latest statements and events, counterparts, activity per day."""
        row = self.actor_row(key)
        if row is None:
            return None
        f, t = _iso(date_from), _iso(date_to)
        keys = [key]
        out: dict[str, Any] = {"actor": row, "keys": keys, "date_from": f, "date_to": t, "limit": limit}
        sw = queries.statement_keys_where(keys)
        sw.dates("d.day", f, t)
        out["statements_total"] = int(self._one(queries.statements_total(sw))["n"])
        out["statements"] = self._rows(queries.statements_page(sw, limit, 0))
        for role in ("source", "target"):
            ew = queries.event_keys_where(keys, role)
            ew.dates(queries.EVENT_DAY, f, t)
            out[f"events_as_{role}_total"] = int(self._one(queries.events_total(ew))["n"])
            out[f"events_as_{role}"] = self._rows(queries.events_page(ew, limit, 0))
        out["counterparts_total"] = int(self._one(queries.counterparts_total(keys, f, t))["n"])
        out["counterparts"] = self._rows(queries.counterparts(keys, f, t, cp_limit, cp_offset))
        out["cp_offset"], out["cp_limit"] = cp_offset, cp_limit
        out["timeline"] = self._rows(queries.actor_timeline(keys, f, t))
        same = [r for r in self._rows(queries.actors_by_name(row["name"] or "")) if r["actor_key"] != key]
        out["same_name"] = same[:10]
        for r in out["statements"] + out["events_as_source"] + out["events_as_target"]:
            r["title"] = display_title(r.get("title"), r.pop("head", None), r["doc_id"])
        return out

    # -- quote clusters (reportage.quote_clusters; built by `reportage run` or `reportage quotes --rebuild`) --
    def quote_clusters(self, *, speaker: str | None = None, min_outlets: int = 1, changed: bool = False,
                       cluster_id: str | None = None) -> list[dict[str, Any]] | None:
        """Stored clusters (most outlets first); None when the store has no cluster tables or never built them.

        Reuses :meth:`Store.quote_clusters` (one SQL for the CLI and the web) on this thread's cursor,
        since a DuckDB connection must not be shared by serving threads.
        """
        import duckdb

        from reportage.store import Store

        on_cursor = SimpleNamespace(con=self._con())
        try:
            if Store.quote_clusters_built(on_cursor) is None:  # type: ignore[arg-type]
                return None
            return Store.quote_clusters(on_cursor, speaker=speaker, min_outlets=min_outlets,  # type: ignore[arg-type]
                                        changed=changed, cluster_id=cluster_id)
        except duckdb.CatalogException:  # a store written before quote clusters existed
            return None

    # -- statements and events ----------------------------------------------------------------------
    def statements(self, *, speaker: str | None, kind: str | None, cue: str | None, q: str | None,
                   outlet: str | None, date_from: dt.date | None, date_to: dt.date | None,
                   limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        w = queries.statements(self.match(speaker) if speaker else None, kind, cue, q, outlet,
                               _iso(date_from), _iso(date_to))
        total = int(self._one(queries.statements_total(w))["n"])
        rows = self._rows(queries.statements_page(w, limit, offset))
        first = (q or "").split()[0] if q and q.split() else None
        for r in rows:
            r["title"] = display_title(r.get("title"), r.pop("head", None), r["doc_id"])
            r["snippet"] = snippet(r.get("content"), first, width=300)
        return total, rows

    def statements_export(self, **filters: Any) -> Iterator[tuple[list[str], list[tuple]]]:
        speaker = filters.pop("speaker")
        w = queries.statements(self.match(speaker) if speaker else None, filters["kind"], filters["cue"],
                               filters["q"], filters["outlet"], _iso(filters["date_from"]), _iso(filters["date_to"]))
        return self._iter(queries.statements_page(w, EXPORT_MAX_ROWS, None))

    def event_filter(self, *, type: str | None = None, quad: int | None = None,  # noqa: A002 - the page's name
                     goldstein_min: float | None = None, goldstein_max: float | None = None,
                     hedged: bool | None = None, negated: bool | None = None, modality: str | None = None,
                     actor: str | None = None, source: str | None = None, target: str | None = None,
                     outlet: str | None = None, date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> EventFilter:
        m = self.match
        return EventFilter(type=type, quad=quad, goldstein_min=goldstein_min, goldstein_max=goldstein_max,
                           hedged=hedged, negated=negated, modality=modality,
                           actor=m(actor) if actor else None, source=m(source) if source else None,
                           target=m(target) if target else None, outlet=outlet,
                           date_from=_iso(date_from), date_to=_iso(date_to))

    def events(self, f: EventFilter, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        w = f.where()
        total = int(self._one(queries.events_total(w))["n"])
        rows = self._rows(queries.events_page(w, limit, offset))
        return total, [self._event_row(r) for r in rows]

    @staticmethod
    def _event_row(r: dict[str, Any]) -> dict[str, Any]:
        r["title"] = display_title(r.get("title"), r.pop("head", None), r["doc_id"])
        r["sentence"] = sentence_parts(r)
        return r

    def events_gdelt(self, f: EventFilter) -> Iterator[str]:
        """The GDELT 2.0 event rows (61 tab-separated columns) of the filter's event records, as text lines.

        The row layout follows :func:`reportage.export.gdelt_rows`, which writes a whole store.
        """
        from reportage.export import GDELT_COLUMNS, _clean, _fraction

        for cols, chunk in self._iter(queries.gdelt_records(f.where())):
            for raw in chunk:
                r = dict(zip(cols, raw, strict=True))
                day, added = r["day"], r["date_added"]
                out = dict.fromkeys(GDELT_COLUMNS, "")
                out.update({
                    "GLOBALEVENTID": r["global_event_id"], "SQLDATE": day.strftime("%Y%m%d") if day else "",
                    "MonthYear": day.strftime("%Y%m") if day else "", "Year": day.year if day else "",
                    "FractionDate": round(_fraction(day), 4) if day else "", "IsRootEvent": r["is_root"],
                    "EventCode": r["cameo"], "EventBaseCode": r["base_code"], "EventRootCode": r["root_code"],
                    "QuadClass": r["quad_class"], "GoldsteinScale": r["goldstein"], "NumMentions": r["num_mentions"],
                    "NumSources": r["num_sources"], "NumArticles": r["num_articles"],
                    "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "", "SOURCEURL": r["source_url"] or "",
                })
                for n, side in (("1", "source"), ("2", "target")):
                    out[f"Actor{n}Code"] = r[f"{side}_code"]
                    out[f"Actor{n}Name"] = (r[f"{side}_name"] or "").upper()
                    out[f"Actor{n}CountryCode"] = r[f"{side}_country"]
                    out[f"Actor{n}Type1Code"] = r[f"{side}_sector"]
                if r["place_name"] or r["place_lat"] is not None:
                    out.update({"ActionGeo_Type": 4 if r["place_lat"] is not None else 1,
                                "ActionGeo_FullName": r["place_name"], "ActionGeo_CountryCode": r["place_country"],
                                "ActionGeo_ADM1Code": r["place_adm1"], "ActionGeo_Lat": r["place_lat"],
                                "ActionGeo_Long": r["place_lon"], "ActionGeo_FeatureID": r["place_id"]})
                yield "\t".join(_clean(out[c]) for c in GDELT_COLUMNS) + "\n"

    def events_export(self, f: EventFilter) -> Iterator[tuple[list[str], list[tuple]]]:
        return self._iter(queries.events_page(f.where(), EXPORT_MAX_ROWS, None))

    # -- map ------------------------------------------------------------------------------------------
    def map_points(self, f: EventFilter, limit: int) -> dict[str, Any]:
        """The located events of an events-page filter as GeoJSON-like point features, newest first.

        ``total`` counts every event the filter keeps and ``located`` those with coordinates, so the map
        can say how much of the filter it shows (an event without a place has no dot).
        """
        w = f.where()
        counts = self._one(queries.map_located_total(w))
        features = []
        for r in self._rows(queries.map_points(w, limit)):
            try:
                place = json.loads(r.get("place") or "{}")
            except ValueError:
                place = {}
            title = display_title(r.get("title"), r.get("head"), r["doc_id"])
            features.append({"type": "Feature",
                             "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                             "properties": {
                                 "doc_id": r["doc_id"], "event_id": r["event_id"], "title": title,
                                 "outlet": r["outlet"], "day": r["day"], "cameo": r["cameo"], "plover": r["plover"],
                                 "quad_class": r["quad_class"], "goldstein": r["goldstein"],
                                 "source_name": r["source_name"], "target_name": r["target_name"],
                                 "trigger_text": r["trigger_text"], "negated": r["negated"], "hedged": r["hedged"],
                                 "place_name": r["place_name"], "fullname": place.get("fullname"),
                                 "feature": place.get("feature"), "basis": place.get("basis"),
                                 "country": r["place_country"], "geonames_id": place.get("geonames_id"),
                                 "place_id": r["place_id"]}})
        return {"total": int(counts.get("n") or 0), "located": int(counts.get("located") or 0),
                "features": features}

    # -- dyad and network ---------------------------------------------------------------------------
    def _side(self, value: str) -> dict[str, Any]:
        """How a dyad side is shown: the actor when the value names one key, else the value (a code)."""
        m = self.match(value)
        if len(m.keys) == 1 and m.code is None:
            row = self.actor_row(m.keys[0]) or {}
            return {"actor_key": m.keys[0], "name": row.get("name"), "code": row.get("code"), "match": m,
                    "link": m.keys[0]}
        return {"actor_key": None, "name": m.code or value, "code": m.code, "match": m,
                "n_keys": len(m.keys), "link": value}  # /actors/{value} resolves a name or a code

    def dyad(self, a: str, b: str, *, date_from: dt.date | None, date_to: dt.date | None,
             limit: int, offset: int) -> dict[str, Any] | None:
        """Events between two actors or codes (both directions): per-day QuadClass counts and Goldstein."""
        f, t = _iso(date_from), _iso(date_to)
        sa, sb = self._side(a), self._side(b)
        if not (sa["match"].keys or sa["match"].code) or not (sb["match"].keys or sb["match"].code):
            return None
        w = queries.dyad_where(sa.pop("match"), sb.pop("match"), f, t)
        total = int(self._one(queries.events_total(w))["n"])
        rows = [self._event_row(r) for r in self._rows(queries.events_page(w, limit, offset, oldest_first=True))]
        return {"a": sa, "b": sb, "date_from": f, "date_to": t, "total": total, "limit": limit, "offset": offset,
                "days": self._rows(queries.dyad_days(w)), "events": rows}

    def dyad_export(self, a: str, b: str, *, date_from: dt.date | None,
                    date_to: dt.date | None) -> Iterator[tuple[list[str], list[tuple]]] | None:
        ma, mb = self.match(a), self.match(b)
        if not (ma.keys or ma.code) or not (mb.keys or mb.code):
            return None
        w = queries.dyad_where(ma, mb, _iso(date_from), _iso(date_to))
        return self._iter(queries.events_page(w, EXPORT_MAX_ROWS, None, oldest_first=True))

    def network(self, *, date_from: dt.date | None, date_to: dt.date | None, limit: int, quad: int | None = None,
                min_weight: int = 1) -> dict[str, Any]:
        """The ``limit`` strongest edges of who acts on or speaks about whom, with their actors as nodes."""
        f, t = _iso(date_from), _iso(date_to)
        edges = self._rows(queries.network_edges(f, t, quad, min_weight, limit))
        keys = sorted({e["source_key"] for e in edges} | {e["target_key"] for e in edges})
        names = {r["actor_key"]: r for r in self._rows(queries.actor_names(keys))} if keys else {}
        out = merge_by_name(edges, names, f, t)
        out.update({"quad": quad, "min_weight": min_weight, "limit": limit})
        return out


def merge_by_name(edges: list[dict[str, Any]], names: dict[str, dict[str, Any]], date_from: str | None,
                  date_to: str | None) -> dict[str, Any]:
    """One node per actor name: keys that share a name (KB-resolved and not) are drawn as one actor.

    The node keeps the key with the most connections, so its link opens that actor's page,
    which links the other keys of the same name.
    """
    def name_of(k: str) -> str:
        return str((names.get(k) or {}).get("name") or k)

    degree: dict[str, int] = {}
    for e in edges:
        for k in (e["source_key"], e["target_key"]):
            degree[k] = degree.get(k, 0) + int(e["n"])
    canon: dict[str, str] = {}
    for k in sorted(degree, key=lambda k: (-degree[k], k)):
        canon[k] = next((c for c in canon.values() if name_of(c).lower() == name_of(k).lower()), k)
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in edges:
        s, t = canon[e["source_key"]], canon[e["target_key"]]
        if s == t:
            continue
        m = merged.setdefault((s, t, e["relation"]), {"source_key": s, "target_key": t, "relation": e["relation"],
                                                      "n": 0, "goldstein": None, "_g": 0.0, "_gn": 0})
        m["n"] += int(e["n"])
        if e.get("goldstein") is not None:
            m["_g"] += float(e["goldstein"]) * int(e["n"])
            m["_gn"] += int(e["n"])
    out_edges = []
    for m in merged.values():
        g, gn = m.pop("_g"), m.pop("_gn")
        m["goldstein"] = g / gn if gn else None
        out_edges.append(m)
    out_edges.sort(key=lambda e: (-e["n"], e["source_key"], e["target_key"], e["relation"]))
    node_n: dict[str, int] = {}
    for e in out_edges:
        for k in (e["source_key"], e["target_key"]):
            node_n[k] = node_n.get(k, 0) + e["n"]
    nodes = [{"actor_key": k, "name": name_of(k), "code": (names.get(k) or {}).get("code"), "n": n,
              "keys": sorted(x for x, c in canon.items() if c == k)} for k, n in node_n.items()]
    nodes.sort(key=lambda n: (-n["n"], n["actor_key"]))
    return {"date_from": date_from, "date_to": date_to, "nodes": nodes, "edges": out_edges}


def open_data(path: str | Path) -> WebData:
    """Open a store for the web; a missing or foreign file is an InputError with a one-line reason."""
    return WebData(path)
