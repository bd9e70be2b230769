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
from typing import Any

from reportage.store.read import ActorMatch, Chunks, EventFilter, Reader, iso_day
from reportage.web.views import display_title

EXPORT_MAX_ROWS = 100_000  # one CSV download at most; beyond that use `reportage export`


class NoDatabase(Exception):
    """A store page was asked for while the server runs without ``--db``."""


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
    """Read-only access to one store file for the web view, one reader (cursor) per serving thread.

    Every query is the store's read API (:class:`reportage.store.read.Reader`); this class only
    shapes its rows for pages: display titles, snippets, GeoJSON, actors merged by name.
    """

    def __init__(self, path: str | Path) -> None:
        from reportage.store import Store

        self.store = Store(path, read_only=True)
        self._local = threading.local()
        self._readers: list[Reader] = []
        self._readers_lock = threading.Lock()

    def _db(self) -> Reader:
        """This thread's reader (DuckDB lets threads read at once through cursors of their own)."""
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self.store.reader()
            self._local.reader = reader
            with self._readers_lock:
                self._readers.append(reader)
        return reader

    def close(self) -> None:
        with self._readers_lock:
            for r in self._readers:
                try:
                    r.close()
                except Exception:  # noqa: BLE001 - closing at shutdown
                    pass
        self.store.close()

    # -- documents ------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        return self._db().stats()

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """The document's reportage.document/1 JSON exactly as analysed, text included."""
        return self._db().get_document(doc_id)

    def search(self, *, q: str | None, outlet: str | None, date_from: dt.date | None, date_to: dt.date | None,
               actor: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Documents matching every filter, newest first, each with a title, source link and snippet."""
        total, rows = self._db().search_documents(q, outlet, date_from, date_to, actor, limit, offset)
        for r in rows:
            r["title"] = display_title(r.get("title"), r.get("head"), r["doc_id"])
            window = r.pop("window") or ""
            r["snippet"] = snippet(("… " + window) if r.pop("cut") else window, q)
            r.pop("head", None)
        return total, rows

    # -- actors ---------------------------------------------------------------------------------
    def actor_row(self, key: str) -> dict[str, Any] | None:
        return self._db().actor_row(key)

    def resolve(self, key: str) -> tuple[str, Any]:
        """What ``/actors/{key}`` names: see :meth:`reportage.store.read.Reader.resolve`."""
        return self._db().resolve(key)

    def match(self, value: str) -> ActorMatch:
        return self._db().match(value)

    def actor_search(self, q: str, limit: int, offset: int) -> dict[str, Any]:
        total, rows = self._db().actor_search(q, limit, offset)
        return {"q": q, "total": total, "limit": limit, "offset": offset, "actors": rows}

    def code(self, code: str, limit: int, offset: int) -> dict[str, Any] | None:
        """A CAMEO code's page: the actors coded so, each with its own counts, paged."""
        code = code.strip().upper()
        db = self._db()
        total, rows = db.code_actors(code, limit, offset)
        if not total:
            return None
        return {"code": code, "totals": db.code_totals(code), "total": total, "limit": limit,
                "offset": offset, "actors": rows}

    def actor(self, key: str, *, date_from: dt.date | None, date_to: dt.date | None,
              limit: int, cp_offset: int = 0, cp_limit: int = 20) -> dict[str, Any] | None:
        """One actor (one key): totals and the latest statements and events, counterparts, activity per day."""
        db = self._db()
        row = db.actor_row(key)
        if row is None:
            return None
        f, t = iso_day(date_from), iso_day(date_to)
        keys = [key]
        only = ActorMatch(keys)
        out: dict[str, Any] = {"actor": row, "keys": keys, "date_from": f, "date_to": t, "limit": limit}
        out["statements_total"], out["statements"] = db.statements(speaker=only, date_from=f, date_to=t,
                                                                   limit=limit)
        for role in ("source", "target"):
            flt = EventFilter(date_from=f, date_to=t, **{role: only})
            out[f"events_as_{role}_total"], out[f"events_as_{role}"] = db.events(flt, limit, 0)
        out["counterparts_total"], out["counterparts"] = db.counterparts(keys, f, t, cp_limit, cp_offset)
        out["cp_offset"], out["cp_limit"] = cp_offset, cp_limit
        out["timeline"] = db.actor_timeline(keys, f, t)
        same = [r for r in db.actors_by_name(row["name"] or "") if r["actor_key"] != key]
        out["same_name"] = same[:10]
        for r in out["statements"] + out["events_as_source"] + out["events_as_target"]:
            r["title"] = display_title(r.get("title"), r.pop("head", None), r["doc_id"])
        return out

    # -- quote clusters (reportage.quote_clusters; built by `reportage run` or `reportage quotes --rebuild`) --
    def quote_clusters(self, *, speaker: str | None = None, min_outlets: int = 1, changed: bool = False,
                       cluster_id: str | None = None) -> list[dict[str, Any]] | None:
        """Stored clusters (most outlets first); None when the store has no cluster tables or never built them."""
        db = self._db()
        if db.quote_clusters_built() is None:
            return None
        return db.quote_clusters(speaker=speaker, min_outlets=min_outlets, changed=changed, cluster_id=cluster_id)

    # -- statements and events ----------------------------------------------------------------------
    def statements(self, *, speaker: str | None, kind: str | None, cue: str | None, q: str | None,
                   outlet: str | None, date_from: dt.date | None, date_to: dt.date | None,
                   limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        total, rows = self._db().statements(speaker, kind, cue, q, outlet, date_from, date_to,
                                            limit=limit, offset=offset)
        first = (q or "").split()[0] if q and q.split() else None
        for r in rows:
            r["title"] = display_title(r.get("title"), r.pop("head", None), r["doc_id"])
            r["snippet"] = snippet(r.get("content"), first, width=300)
        return total, rows

    def statements_export(self, **filters: Any) -> Chunks:
        return self._db().statements_chunks(EXPORT_MAX_ROWS, **filters)

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
                           date_from=iso_day(date_from), date_to=iso_day(date_to))

    def events(self, f: EventFilter, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        total, rows = self._db().events(f, limit, offset)
        return total, [self._event_row(r) for r in rows]

    @staticmethod
    def _event_row(r: dict[str, Any]) -> dict[str, Any]:
        r["title"] = display_title(r.get("title"), r.pop("head", None), r["doc_id"])
        r["sentence"] = sentence_parts(r)
        return r

    def events_gdelt(self, f: EventFilter) -> Iterator[str]:
        """The GDELT 2.0 event rows (61 tab-separated columns) of the filter's event records, as text lines:
        the rows of ``reportage export --format gdelt`` (:func:`reportage.export.gdelt_lines`), filtered."""
        from reportage.export import gdelt_lines

        reader = self.store.reader()  # a download of its own: a response may be streamed from any thread
        try:
            yield from gdelt_lines(reader, f, limit=EXPORT_MAX_ROWS)
        finally:
            reader.close()

    def events_export(self, f: EventFilter) -> Chunks:
        return self._db().events_chunks(f, EXPORT_MAX_ROWS)

    # -- map ------------------------------------------------------------------------------------------
    def map_points(self, f: EventFilter, limit: int) -> dict[str, Any]:
        """The located events of an events-page filter as GeoJSON-like point features, newest first.

        ``total`` counts every event the filter keeps and ``located`` those with coordinates, so the map
        can say how much of the filter it shows (an event without a place has no dot).
        """
        counts, rows = self._db().map_points(f, limit)
        features = []
        for r in rows:
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
        f, t = iso_day(date_from), iso_day(date_to)
        sa, sb = self._side(a), self._side(b)
        if not (sa["match"].keys or sa["match"].code) or not (sb["match"].keys or sb["match"].code):
            return None
        total, rows, days = self._db().dyad(sa.pop("match"), sb.pop("match"), f, t, limit, offset)
        return {"a": sa, "b": sb, "date_from": f, "date_to": t, "total": total, "limit": limit, "offset": offset,
                "days": days, "events": [self._event_row(r) for r in rows]}

    def dyad_export(self, a: str, b: str, *, date_from: dt.date | None,
                    date_to: dt.date | None) -> Chunks | None:
        ma, mb = self.match(a), self.match(b)
        if not (ma.keys or ma.code) or not (mb.keys or mb.code):
            return None
        return self._db().dyad_chunks(ma, mb, date_from, date_to, EXPORT_MAX_ROWS)

    def network(self, *, date_from: dt.date | None, date_to: dt.date | None, limit: int, quad: int | None = None,
                min_weight: int = 1) -> dict[str, Any]:
        """The ``limit`` strongest edges of who acts on or speaks about whom, with their actors as nodes."""
        f, t = iso_day(date_from), iso_day(date_to)
        db = self._db()
        edges = db.network(f, t, quad, min_weight, limit)
        keys = sorted({e["source_key"] for e in edges} | {e["target_key"] for e in edges})
        out = merge_by_name(edges, db.actor_names(keys), f, t)
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
