"""What the web pages read from the store, shaped for pages and their JSON twins.

The store is opened read-only. DuckDB connections are not meant to be shared by threads
running queries at once, and FastAPI runs page handlers in a thread pool, so every read goes
through one lock: the queries are milliseconds, the lock costs nothing a reader would notice.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from reportage.web import queries


class NoDatabase(Exception):
    """A store page was asked for while the server runs without ``--db``."""


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


class WebData:
    """Read-only access to one store file for the web view."""

    def __init__(self, path: str | Path) -> None:
        from reportage.store import Store

        self.store = Store(path, read_only=True)
        self._lock = threading.Lock()

    def _rows(self, sql_params: tuple[str, list[Any]]) -> list[dict[str, Any]]:
        sql, params = sql_params
        cols, rows = self.store.query(sql, params)
        return [{c: (v.isoformat() if hasattr(v, "isoformat") else v) for c, v in zip(cols, r, strict=False)}
                for r in rows]

    def stats(self) -> dict[str, int]:
        with self._lock:
            return self.store.stats()

    def search(self, *, q: str | None, outlet: str | None, date_from: dt.date | None, date_to: dt.date | None,
               actor: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        with self._lock:  # the store matches the actor by key or by exact name
            return self.store.search_documents(q=q, outlet=outlet, date_from=_iso(date_from), date_to=_iso(date_to),
                                               actor=actor, limit=limit, offset=offset)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self.store.get_document(doc_id)

    def _keys(self, key: str) -> list[str]:
        """The store's actor keys for a key, a name, or (failing both) a code; empty when unknown."""
        found = self._rows(queries.resolve_actor(key)) or self._rows(queries.resolve_code(key))
        return [r["actor_key"] for r in found]

    def actor(self, key: str, *, date_from: dt.date | None, date_to: dt.date | None,
              limit: int) -> dict[str, Any] | None:
        """An actor's statements over time, its events as source and as target, and its counterparts."""
        f, t = _iso(date_from), _iso(date_to)
        with self._lock:
            keys = self._keys(key)
            if not keys:
                return None
            summary = self.store.actor_summary(keys[0])
            total = self._rows(queries.statements_total(keys, f, t))[0]["n"]
            return {
                "actor": summary[0] if summary else {"actor_key": keys[0], "name": None, "code": None, "type": None},
                "keys": keys,
                "date_from": f, "date_to": t,
                "statements_total": int(total),
                "statements": self._rows(queries.statements(keys, f, t, limit)),
                "events_as_source": self._rows(queries.actor_events(keys, "source", f, t, limit)),
                "events_as_target": self._rows(queries.actor_events(keys, "target", f, t, limit)),
                "counterparts": self._rows(queries.counterparts(keys, f, t, 20)),
                "timeline": self._rows(queries.actor_timeline(keys, f, t)),
            }

    def dyad(self, a: str, b: str, *, date_from: dt.date | None, date_to: dt.date | None,
             limit: int) -> dict[str, Any] | None:
        """Events between two actors (both directions) and their QuadClass counts and Goldstein per day."""
        f, t = _iso(date_from), _iso(date_to)
        with self._lock:
            ka, kb = self._keys(a), self._keys(b)
            if not ka or not kb:
                return None
            names = {r["actor_key"]: r for r in self._rows(queries.actor_names([ka[0], kb[0]]))}
            return {
                "a": names.get(ka[0], {"actor_key": ka[0], "name": None}), "b": names.get(kb[0], {"actor_key": kb[0], "name": None}),
                "a_keys": ka, "b_keys": kb, "date_from": f, "date_to": t,
                "days": self._rows(queries.dyad_days(ka, kb, f, t)),
                "events": self._rows(queries.dyad_events(ka, kb, f, t, limit)),
            }

    def network(self, *, date_from: dt.date | None, date_to: dt.date | None, limit: int) -> dict[str, Any]:
        """The ``limit`` strongest edges of who acts on or speaks about whom, with their actors as nodes."""
        f, t = _iso(date_from), _iso(date_to)
        with self._lock:
            edges = self._rows(queries.network_edges(f, t, limit))
            keys = sorted({e["source_key"] for e in edges} | {e["target_key"] for e in edges})
            names = {r["actor_key"]: r for r in self._rows(queries.actor_names(keys))} if keys else {}
        return merge_by_name(edges, names, f, t)


def merge_by_name(edges: list[dict[str, Any]], names: dict[str, dict[str, Any]], date_from: str | None,
                  date_to: str | None) -> dict[str, Any]:
    """One node per actor name: keys that share a name (KB-resolved and not) are drawn as one actor.

    The node keeps the key with the most connections, so its link still opens the actor page,
    which gathers all keys of that name anyway.
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
