"""Writing a store: documents flattened into its tables in one transaction per batch, runs, failures.

Each :meth:`Writer.write_batch` is one transaction, so a run killed with kill -9 loses at most the
batch in flight and never stores half a document. The store only persists what it is handed:
content hashes and MinHash signatures are computed by :mod:`reportage.dedup` (in the workers), and
the stories table is rebuilt by :func:`reportage.dedup.finalize`, which gives the rows to
:meth:`Writer.write_stories`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from reportage.dates import day_or_none
from reportage.document import Document
from reportage.store.schema import DOC_TABLES, TABLES


def actor_key(actor: dict[str, Any] | None) -> str | None:
    """The cross-document identity of an actor: the knowledge-base id, else its normalised name."""
    if not actor:
        return None
    if actor.get("kb_id"):
        return f"kb:{actor['kb_id']}"
    name = " ".join(str(actor.get("name") or "").lower().split())
    return f"name:{name}" if name else None


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
        "outlet": d.get("outlet"), "published": d.get("published"), "day": day_or_none(d.get("published")),
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
            "day": day_or_none(e.get("date")),
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


class Writer:
    """The write half of :class:`reportage.store.Store` (a mixin over its DuckDB connection ``con``)."""

    con: Any
    known_ids: Callable[[Sequence[str]], set[str]]  # from the read API

    def write_documents(self, documents: Sequence[Document], run_id: int | None = None,
                        sources: Sequence[str | None] | None = None) -> int:
        """Store analysed documents in one transaction; ids already stored are left as they are.

        Their content hashes and MinHash signatures are computed by :func:`reportage.dedup.document_result`.
        """
        from reportage.dedup import document_result

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

    def write_quote_clusters(self, clusters: Sequence[dict[str, Any]]) -> None:
        """Replace the quote_clusters / quote_versions tables in one transaction."""
        import pyarrow as pa

        cl: dict[str, list[Any]] = {c: [] for c, _ in TABLES["quote_clusters"]}
        ve: dict[str, list[Any]] = {c: [] for c, _ in TABLES["quote_versions"]}
        for c in clusters:
            row = {"cluster_id": c["id"], "speaker_key": c["speaker"]["key"], "speaker_name": c["speaker"]["name"],
                   "speaker_kb_id": c["speaker"]["kb_id"], "speaker_code": c["speaker"]["code"],
                   "n_versions": c["n_versions"], "n_documents": c["n_documents"], "n_outlets": c["n_outlets"], "earliest_doc": c["earliest"],
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
                      "change_types": ",".join(dict.fromkeys(ch["type"] for ch in v["changes"])),
                      "changes": json.dumps(v["changes"], ensure_ascii=False)}
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

    def write_stories(self, rows: Sequence[tuple[str, str, str | None]]) -> None:
        """Replace the stories table (doc_id, story_id, dup_of) in one transaction."""
        import pyarrow as pa

        con = self.con
        con.execute("BEGIN")
        try:
            con.execute("DELETE FROM stories")
            if rows:
                con.register("_stories", pa.table({"doc_id": [r[0] for r in rows], "story_id": [r[1] for r in rows],
                                                   "dup_of": [r[2] for r in rows]}))
                con.execute("INSERT INTO stories SELECT doc_id, story_id, dup_of FROM _stories")
                con.unregister("_stories")
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
