"""The embedded DuckDB store of a corpus run: :mod:`~reportage.store.schema` (tables, views, the
check on open), :mod:`~reportage.store.writer` (batched transactional writes) and
:mod:`~reportage.store.read` (the one read API, used by ``serve``, ``query``, ``export`` and ``run``).

Why DuckDB: one file, no server, columnar SQL over millions of rows, Parquet in and out. The
full ``reportage.document/1`` JSON of every document is kept (without its text, which has its
own column) so :meth:`Store.get_document` returns exactly what ``reportage analyze --json``
prints; the other tables are flat projections of that JSON for SQL.

Usage::

    store = Store("reportage.duckdb", read_only=True)   # a damaged file is a one-line InputError
    store.get_document(doc_id) -> dict | None            # the JSON contract, text included
    store.search_documents(q=..., actor="Putin")         # (total, rows); see reportage.store.read.Reader
    store.statements(speaker="kb:Q7747") / store.events(EventFilter(type="19")) / store.network() ...
    store.reader()                                       # the same API on a new cursor, for another thread
    store.write_documents(list[Document]) / store.write_batch(results, failures, run_id)

Actors are keyed across documents by ``actor_key``: ``kb:<kb_id>`` when the knowledge base
resolved the actor, otherwise ``name:<lower-cased name>``. Tables: documents, actors, mentions
(actor mentions), attributions, events (one row per event mention in a document), failures, runs,
doc_minhash / lsh_bands / stories (de-duplication, see :mod:`reportage.dedup`), quote_clusters /
quote_versions. Views: v_event_records (GDELT-style events with NumMentions/NumSources/NumArticles),
v_events_by_dyad_day, v_statements_by_speaker, v_top_actors.

DuckDB allows one writing process per file: open read-only while no run is writing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportage.store.read import ActorMatch, EventFilter, Reader
from reportage.store.schema import DEFAULT_DB, MEMORY_LIMIT, STORE_VERSION, TABLES, VIEWS, connect
from reportage.store.writer import DocFailure, DocResult, Writer, actor_key

__all__ = ["DEFAULT_DB", "MEMORY_LIMIT", "STORE_VERSION", "TABLES", "VIEWS", "ActorMatch", "DocFailure", "DocResult",
           "EventFilter", "Reader", "Store", "actor_key"]


class Store(Reader, Writer):
    """A DuckDB file holding analysed documents: the read API of :class:`Reader`, the writes of :class:`Writer`."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        super().__init__(connect(self.path, read_only))

    def reader(self) -> Reader:
        """The read API on a new cursor of this store, for a thread of its own (close it with :meth:`Reader.close`)."""
        return Reader(self.con.cursor())

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
