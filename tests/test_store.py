"""Store: the JSON contract reads back exactly; actors are keyed across documents; batches are atomic."""

from __future__ import annotations

import pytest

from reportage.dedup import finalize
from reportage.document import Attribution, Document, Event, Span
from reportage.nlp import load_nlp
from reportage.pipeline import analyze
from reportage.store import EventFilter, Store, actor_key

STORY = ("Russian President Vladimir Putin said on Tuesday that NATO expansion threatens Russia.\n\n"
         "\u201cWe will respond,\u201d Putin told reporters in Moscow. The alliance rejected the claim, "
         "according to a spokesman for NATO in Brussels.")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _with_event(doc: Document) -> Document:
    """Give the document a coded event and a statement at real spans of its text."""
    text = doc.text
    putin = next(a for a in doc.actors if "Putin" in a.name)
    nato = next(a for a in doc.actors if a.name == "NATO")
    t0 = text.index("threatens")
    doc.events.append(Event(id="E1", cameo="138", plover="THREATEN", quad_class=4, goldstein=-7.0,
                            source=putin.id, target=nato.id, trigger=Span.of(text, t0, t0 + 9),
                            sentence=Span.of(text, 0, text.index("\n")),
                            place={"name": "Moscow", "country": "RUS", "lat": 55.75, "lon": 37.62}))
    q0 = text.index("We will respond")
    doc.attributions.append(Attribution(id="Q99", kind="direct", speaker=putin.id,
                                        source=Span.of(text, text.index("Putin told"), text.index("Putin told") + 5),
                                        cue=Span.of(text, text.index("told"), text.index("told") + 4),
                                        content=[Span.of(text, q0, q0 + 15)], rule="test"))
    return doc


def test_document_reads_back_exactly(tmp_path, nlp):
    doc = _with_event(analyze(STORY, doc_id="a1", published="2022-05-03", outlet="Wire", url="https://wire.example/a1",
                              title="Putin warns NATO", nlp=nlp))
    store = Store(tmp_path / "s.duckdb")
    assert store.write_documents([doc]) == 1
    back = store.get_document("a1")
    assert back == doc.to_json()
    assert list(back) == list(doc.to_json())  # same key order as analyze --json
    assert Document.from_json(back).text == STORY
    assert store.get_document("nope") is None
    # a replayed batch stores nothing twice
    assert store.write_documents([doc]) == 0
    assert store.stats()["documents"] == 1
    store.close()


def test_actor_keys_join_documents(tmp_path, nlp):
    a = _with_event(analyze(STORY, doc_id="a1", published="2022-05-03", outlet="Wire", nlp=nlp))
    b = _with_event(analyze(STORY.replace("Tuesday", "Wednesday"), doc_id="b1", published="2022-05-04",
                            outlet="Other", nlp=nlp))
    store = Store(tmp_path / "s.duckdb")
    store.write_documents([a, b])
    putin_key = actor_key(next(x for x in a.actors if "Putin" in x.name).to_json())
    total, rows = store.statements(speaker=putin_key)
    assert total >= 2 and {r["doc_id"] for r in rows} == {"a1", "b1"}
    top = store.actor_row(putin_key)
    assert top["n_docs"] == 2 and top["n_events_as_source"] == 2 + sum(
        1 for d in (a, b) for e in d.events[:-1] if e.source and "Putin" in d.actor(e.source).name)
    total, docs = store.search_documents(actor=putin_key)
    assert total == 2
    total, docs = store.search_documents(q="Wednesday")
    assert [d["doc_id"] for d in docs] == ["b1"]
    total, docs = store.search_documents(date_from="2022-05-04")
    assert [d["doc_id"] for d in docs] == ["b1"]
    assert store.search_documents(outlet="Wire")[0] == 1
    total, events = store.events(EventFilter(type="138"))
    assert total == 2 and {e["trigger_text"] for e in events} == {"threatens"}
    nato_key = actor_key(next(x for x in a.actors if x.name == "NATO").to_json())
    edge = next(e for e in store.network() if (e["source_key"], e["target_key"], e["relation"])
                == (putin_key, nato_key, "acts on"))
    assert edge["n"] >= 2
    store.close()


def test_reprints_merge_into_one_event_record(tmp_path, nlp):
    """A wire story and its lightly edited reprint: one story, one GDELT event with 2 articles, 2 sources."""
    base = _with_event(analyze(STORY, doc_id="w1", published="2022-05-03", url="https://www.wire.example/1", nlp=nlp))
    reprint_text = STORY + "\n\nThis story was reprinted by the Daily Example."
    reprint = _with_event(analyze(reprint_text, doc_id="w2", published="2022-05-04",
                                  url="https://daily.example/x", nlp=nlp))
    copy = analyze(STORY, doc_id="w3", published="2022-05-05", url="https://third.example/y", nlp=nlp)
    other = analyze("The central bank raised interest rates by half a point on Friday, citing inflation.",
                    doc_id="o1", published="2022-05-03", nlp=nlp)
    store = Store(tmp_path / "s.duckdb")
    store.write_documents([base, reprint, copy, other])
    counts = finalize(store)
    assert counts["exact_duplicates"] == 1
    stories = dict(store.query("SELECT doc_id, story_id FROM stories")[1])
    assert stories["w1"] == stories["w2"] == stories["w3"] == "w1"
    assert "o1" not in stories
    assert store.query("SELECT dup_of FROM stories WHERE doc_id = 'w3'")[1] == [("w1",)]
    cols, rows = store.query("SELECT num_mentions, num_articles, num_sources, day FROM v_event_records "
                             "WHERE cameo = '138'")
    assert len(rows) == 1
    mentions, articles, sources, day = rows[0]
    assert (mentions, articles, sources, str(day)) == (2, 2, 2, "2022-05-03")
    store.close()


def test_read_only_store_refuses_writes(tmp_path, nlp):
    import duckdb

    path = tmp_path / "s.duckdb"
    Store(path).close()
    ro = Store(path, read_only=True)
    with pytest.raises(duckdb.Error):
        ro.query("DELETE FROM documents")
    ro.close()
    from reportage.inputs import InputError

    with pytest.raises(InputError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
