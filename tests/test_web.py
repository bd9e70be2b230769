"""The web view and JSON API through FastAPI's test client: every endpoint, good and bad input."""

from __future__ import annotations

import re
import warnings

import pytest

from reportage.web.highlight import Mark, paragraphs, segment

fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette's note about httpx versions is not ours to fix
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_web_helpers import EXAMPLE, INJECTION_TEXT, build_store, putin_quote  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not EXAMPLE.exists():
        pytest.skip(f"founding example not found at {EXAMPLE} (../shared is absent)")
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    docs = build_store(db)
    return db, docs


@pytest.fixture(scope="module")
def client(built):
    from reportage.web.app import create_app

    return TestClient(create_app(built[0]), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def bare():
    """A server started without a database, with a small analyze limit so 413 is cheap to reach."""
    from reportage.web.app import create_app

    return TestClient(create_app(None, max_chars=2000), base_url="http://127.0.0.1")


_SEG = re.compile(r'<span class="hl ([^"]*)" data-refs="([^"]*)"[^>]*>([^<]*)</span>')


def marked(html: str, kind: str, ref: str) -> str:
    """The text of every segment of ``kind`` belonging to record ``ref``, joined: what the reader sees marked."""
    import html as h

    return "".join(h.unescape(t) for css, refs, t in _SEG.findall(html)
                   if f"hl-{kind}" in css.split() and ref in refs.split())


def _spans_ok(d: dict) -> None:
    text = d["text"]

    def check(s):
        if s:
            assert text[s["start"]:s["end"]] == s["text"]

    for a in d["actors"]:
        for m in a["mentions"]:
            check(m)
    for q in d["attributions"]:
        check(q["source"])
        check(q["cue"])
        for c in q["content"]:
            check(c)
    for e in d["events"]:
        check(e["trigger"])
        check(e["sentence"])


# ---- highlight segmentation ---------------------------------------------------------------------

def test_segments_cover_text_and_nest():
    text = EXAMPLE.read_text(encoding="utf-8") if EXAMPLE.exists() else "Putin stated: We have talked."
    quote_start = text.index("We have talked")
    cue = text.index("stated")
    marks = [
        Mark("content", quote_start, quote_start + 40, "Q1", "q"),
        Mark("cue", cue, cue + 6, "Q1", "c"),
        Mark("trigger", quote_start + 3, quote_start + 7, "E1", "e"),  # "have" inside the quote
        Mark("source", quote_start + 30, quote_start + 60, "Q2", "overlaps the quote's end"),
        Mark("content", 5, 2, "Q9", "bad span: ignored"),
        Mark("content", len(text) - 2, len(text) + 50, "Q9", "past the end: ignored"),
    ]
    segs = segment(text, marks)
    assert "".join(s.text for s in segs) == text
    assert all(text[s.start:s.end] == s.text for s in segs)
    inner = [s for s in segs if "trigger" in s.kinds]
    assert len(inner) == 1 and inner[0].text == "have"
    assert inner[0].kinds == ["content", "trigger"] and inner[0].refs == ["Q1", "E1"]
    both = [s for s in segs if "source" in s.kinds and "content" in s.kinds]
    assert both and both[0].start == quote_start + 30 and both[-1].end == quote_start + 40
    assert not any("Q9" in s.refs for s in segs)
    paras = paragraphs(segs)
    assert len(paras) == len([p for p in text.split("\n") if p])
    assert all(text[s.start:s.end] == s.text for p in paras for s in p)


# ---- analyze: no database needed ------------------------------------------------------------------

def test_analyze_api_returns_the_contract(bare):
    text = EXAMPLE.read_text(encoding="utf-8") if EXAMPLE.exists() else pytest.skip("no founding example")
    r = bare.post("/api/analyze", json={"text": text, "date": "2023-07-13", "outlet": "sachkhabrain"})
    assert r.status_code == 413  # 2000-character limit on this app
    from reportage.web.app import create_app

    big = TestClient(create_app(None), base_url="http://127.0.0.1")
    r = big.post("/api/analyze", json={"text": text, "date": "2023-07-13", "outlet": "sachkhabrain"})
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["schema"] == "reportage.document/1" and d["text"] == text
    assert d["published"] == "2023-07-13" and d["outlet"] == "sachkhabrain"
    _spans_ok(d)
    actors = {a["id"]: a for a in d["actors"]}
    quoted = [q for q in d["attributions"] if any(c["text"].startswith("We have talked") for c in q["content"])]
    assert quoted, "Putin's colon quote was not found"
    assert "Putin" in actors[quoted[0]["speaker"]]["name"]


@pytest.mark.parametrize("body, status", [
    ({}, 422),                                     # no text
    ({"text": ""}, 422),                           # empty
    ({"text": "   \n "}, 422),                     # blank
    ({"text": 42}, 422),                           # not a string
    ({"text": "Putin said no.", "date": "13/07/2023"}, 422),
    ({"text": "Putin said no.", "date": "2023-02-30"}, 422),
    ({"text": "Putin said no.", "outlet": "x" * 500}, 422),
    ({"text": "bad \x00 bytes"}, 422),
    ({"text": "x" * 2001}, 413),                   # over the app's 2000-character limit
])
def test_analyze_api_rejects_bad_input(bare, body, status):
    r = bare.post("/api/analyze", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()


def test_analyze_api_refuses_huge_and_malformed_bodies(bare):
    r = bare.post("/api/analyze", content=b"{" + b"x" * 100_000, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["detail"]
    r = bare.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    # a body sent in chunks without a length is counted as it arrives
    r = bare.post("/api/analyze", content=iter([b'{"text": "', b"y" * 60_000, b'"}']),
                  headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_analyze_form_renders_highlights_without_a_database(bare):
    r = bare.get("/")
    assert r.status_code == 200 and 'action="/analyze"' in r.text and "<textarea" in r.text
    text = "Putin stated: We have talked about Ukraine many times. According to Sputnik, he was calm."
    r = bare.post("/analyze", data={"text": text, "date": "2023-07-13", "outlet": "sachkhabrain"})
    assert r.status_code == 200, r.text
    assert "analysed, not stored" in r.text
    assert "We have talked about Ukraine" in marked(r.text, "content", "Q1")
    assert bare.post("/analyze", data={"text": text, "date": "yesterday"}).status_code == 422
    assert bare.post("/analyze", data={"text": "z" * 2001}).status_code == 413
    assert bare.post("/analyze", data={"text": ""}).status_code == 422


def test_store_pages_without_database_say_so(bare):
    for url in ("/search", "/documents/x", "/actors/Putin", "/dyad?a=x&b=y", "/network"):
        r = bare.get(url)
        assert r.status_code == 503 and "no database" in r.text and r.headers["content-type"].startswith("text/html")
    for url in ("/api/documents", "/api/documents/x", "/api/actors/Putin", "/api/dyad?a=x&b=y", "/api/network"):
        r = bare.get(url)
        assert r.status_code == 503 and "no database" in r.json()["detail"]
    assert bare.get("/api").json()["database"] is False


# ---- documents -------------------------------------------------------------------------------------

def test_document_json_twin_is_the_contract(client, built):
    _, docs = built
    r = client.get("/api/documents/putin-nato-sachkhabrain")
    assert r.status_code == 200
    d = r.json()
    assert d == docs["putin"].to_json()
    _spans_ok(d)
    assert client.get("/api/documents/no-such-doc").status_code == 404
    r = client.get("/documents/no-such-doc")
    assert r.status_code == 404 and "not found" in r.text


def test_document_page_highlights_putins_quote_and_chain(client, built):
    _, docs = built
    doc = docs["putin"]
    r = client.get("/documents/putin-nato-sachkhabrain")
    assert r.status_code == 200
    html = r.text
    q = putin_quote(doc)
    assert q is not None, "Putin's colon quote was not extracted"
    speaker = doc.actor(q.speaker)
    assert speaker is not None and "Putin" in speaker.name
    assert marked(html, "content", q.id).startswith("We have talked and repeated many times")
    assert marked(html, "source", q.id) == q.source.text and marked(html, "cue", q.id) == q.cue.text
    assert q.cue.text.startswith("stated")
    record = re.search(rf'<details class="record rec-attr" id="rec-{q.id}".*?</details>', html, re.S)
    assert record and "Putin" in record.group(0)
    # the source chain: outlet, then each relaying source, then the speaker
    chains = [re.sub(r"<[^>]+>|\s+", " ", m).split() for m in re.findall(r'<span class="chain">(.*?)</span></li>', html)]
    assert ["sachkhabrain", "←", "Sputnik", "←", "Putin"] in [[w for w in c if w] for c in chains] or any(
        " ".join(c).startswith("sachkhabrain ← Sputnik ←") and "Putin" in " ".join(c) for c in chains), chains
    for e in doc.events:
        assert f'id="rec-{e.id}"' in html
        assert marked(html, "trigger", e.id) == e.trigger.text


def test_article_markup_is_escaped_everywhere(client):
    r = client.get("/documents/script-injection")
    assert r.status_code == 200
    html = r.text
    assert "<script>window.__pwned" not in html and "<script>document.title" not in html
    assert 'onerror="window' not in html and "<img" not in html and "<svg onload" not in html
    assert "<b onmouseover" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;window.__pwned" in html and "&lt;img src=x onerror=" in html
    assert "&lt;script&gt;document.title=" in html  # the title
    assert all('src="/static/' in tag for tag in re.findall(r"<script[^>]*>", html))  # only the static script
    r = client.post("/analyze", data={"text": INJECTION_TEXT})
    assert r.status_code == 200 and "<script>window" not in r.text and "&lt;script&gt;window" in r.text
    for path in ("/search?q=script", "/actors/Volodymyr%20Zelensky", "/network"):
        page = client.get(path).text
        assert "<script>window" not in page and "<script>document" not in page and 'onerror="' not in page


def test_security_headers_on_every_answer(client):
    for r in (client.get("/"), client.get("/api/documents"), client.get("/documents/nope"),
              client.get("/static/app.js"), client.get("/api/documents?limit=-1")):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))


def test_store_is_opened_read_only(client):
    import duckdb

    data = client.app.state.data
    with pytest.raises(duckdb.Error):
        data.store.query("CREATE TABLE attack (x INTEGER)")
    with pytest.raises(duckdb.Error):
        data.store.query("DELETE FROM documents")


# ---- search ----------------------------------------------------------------------------------------

def test_search_filters_and_paging(client):
    r = client.get("/api/documents", params={"q": "NATO"})
    assert r.status_code == 200
    ids = [d["doc_id"] for d in r.json()["documents"]]
    assert "putin-nato-sachkhabrain" in ids and "script-injection" not in ids
    ids = [d["doc_id"] for d in client.get("/api/documents", params={"outlet": "handmade"}).json()["documents"]]
    assert ids == ["hand-dyad"]
    r = client.get("/api/documents", params={"date_from": "2023-07-14", "date_to": "2023-12-31"}).json()
    assert [d["doc_id"] for d in r["documents"]] == ["script-injection"]
    r = client.get("/api/documents", params={"actor": "NATO"}).json()
    assert {d["doc_id"] for d in r["documents"]} >= {"hand-dyad", "putin-nato-sachkhabrain"}
    everything = client.get("/api/documents").json()
    assert everything["total"] == 3
    page2 = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert page2["total"] == 3 and [d["doc_id"] for d in page2["documents"]] == [everything["documents"][1]["doc_id"]]
    html = client.get("/search", params={"q": "NATO", "limit": 1}).text
    assert "putin-nato-sachkhabrain" in html or "hand-dyad" in html
    assert "next →" in html and "offset=1" in html


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 5000}, {"offset": -1}, {"limit": "ten"}, {"date_from": "not-a-date"},
    {"date_to": "2023-13-01"}, {"q": "x" * 1000},
])
def test_search_bad_parameters_are_422(client, params):
    r = client.get("/api/documents", params=params)
    assert r.status_code == 422 and r.json()["detail"]  # a list from validation, or one sentence naming the field
    if isinstance(r.json()["detail"], str):
        assert r.json()["detail"].startswith(next(iter(params)))
    r = client.get("/search", params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")


# ---- actors, dyads, network ---------------------------------------------------------------------------

def test_actor_page_statements_events_counterparts(client, built):
    _, docs = built
    q = putin_quote(docs["putin"])
    speaker = docs["putin"].actor(q.speaker)
    r = client.get(f"/api/actors/{speaker.name}")
    assert r.status_code == 200, r.text
    a = r.json()
    assert any((s["content"] or "").startswith("We have talked") for s in a["statements"])
    assert a["statements_total"] >= 1 and a["timeline"][0]["day"] == "2023-07-13"
    r = client.get("/api/actors/Russia").json()  # by name: one actor (the best documented key of that name)
    key = r["actor"]["actor_key"]
    assert r["keys"] == [key] and r["query"] == "Russia"
    others = [s["actor_key"] for s in r["same_name"]]
    hand = "name:russia"  # the hand-coded document's Russia has no knowledge-base id
    assert hand == key or hand in others
    r = client.get(f"/api/actors/{hand}").json()
    assert r["actor"]["actor_key"] == hand
    assert any(e["event_id"] == "E1" and e["doc_id"] == "hand-dyad" for e in r["events_as_source"])
    assert r["events_as_source_total"] == len(r["events_as_source"]) == 2
    assert any(c["name"] == "Ukraine" and c["acts_on"] >= 2 for c in r["counterparts"])
    html = client.get(f"/actors/{hand}").text
    assert "<svg" in html and "attacked" in html
    by_name = client.get("/actors/Russia", follow_redirects=False)  # a name redirects to its key's page
    assert by_name.status_code == 307 and by_name.headers["location"].startswith(f"/actors/{key.replace(':', '%3A')}")
    assert client.get("/api/actors/Nobody%20At%20All").status_code == 404
    assert client.get("/actors/Nobody%20At%20All").status_code == 404
    assert client.get("/api/actors/Russia", params={"limit": 0}).status_code == 422
    assert client.get("/api/actors/Russia", params={"date_from": "July"}).status_code == 422


def test_dyad_timeline_counts_quadclass_and_goldstein(client):
    r = client.get("/api/dyad", params={"a": "Ukraine", "b": "Russia"})
    assert r.status_code == 200
    d = r.json()
    hand = [e for e in d["events"] if e["doc_id"] == "hand-dyad"]
    assert sorted(e["event_id"] for e in hand) == ["E1", "E3"]
    day = next(x for x in d["days"] if x["day"] == "2024-03-04")
    assert day["q4"] >= 1 and day["q3"] >= 1
    assert day["n"] == 2 and day["goldstein"] == pytest.approx(-8.5)  # only the hand-coded events that day
    html = client.get("/dyad", params={"a": "Ukraine", "b": "Russia"}).text
    assert '<rect' in html and 'class="q4"' in html and "mean Goldstein" in html
    assert client.get("/api/dyad", params={"a": "Ukraine"}).status_code == 422
    assert client.get("/dyad", params={"a": "Ukraine"}).status_code == 422
    assert client.get("/api/dyad", params={"a": "Ukraine", "b": "Atlantis"}).status_code == 404
    r = client.get("/api/dyad", params={"a": "Ukraine", "b": "Russia", "date_to": "2024-01-01"}).json()
    assert not [e for e in r["events"] if e["doc_id"] == "hand-dyad"]


def test_network_edges_and_period(client):
    n = client.get("/api/network").json()
    names = {x["actor_key"]: x["name"] for x in n["nodes"]}
    assert len(set(names.values())) == len(names)  # one node per actor name, whatever its store keys
    acts = {(names[e["source_key"]], names[e["target_key"]]) for e in n["edges"] if e["relation"] == "acts on"}
    assert ("Russia", "Ukraine") in acts and ("Ukraine", "NATO") in acts
    assert any(e["relation"] == "speaks about" for e in n["edges"])  # quotes naming other actors
    n = client.get("/api/network", params={"date_from": "2024-01-01"}).json()
    names = {x["actor_key"]: x["name"] for x in n["nodes"]}
    assert {(names[e["source_key"]], names[e["target_key"]]) for e in n["edges"]} <= {
        ("Russia", "Ukraine"), ("Ukraine", "NATO")}
    html = client.get("/network").text
    assert "<svg" in html and "<path" in html
    for bad in ({"limit": 0}, {"limit": 301}, {"date_from": "2024-02-31"}, {"quad": "5"}, {"min_weight": "x"}):
        assert client.get("/api/network", params=bad).status_code == 422
        assert client.get("/network", params=bad).status_code == 422


def test_api_index_and_openapi(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/analyze", "/api/documents", "/api/documents/{doc_id}", "/api/actors/{key}", "/api/dyad",
            "/api/network"} <= paths
    doc_schema = spec["components"]["schemas"]["DocumentOut"]
    assert {"schema", "text", "actors", "attributions", "events"} <= set(doc_schema["properties"])
    assert {"200", "404"} <= set(spec["paths"]["/api/documents/{doc_id}"]["get"]["responses"])
    assert {"200", "413", "422"} <= set(spec["paths"]["/api/analyze"]["post"]["responses"])
    assert client.get("/api").json()["database"] is True
    assert "/api/analyze" in client.get("/about/api").text
    assert client.get("/docs").status_code == 404  # no CDN-hosted Swagger page


def test_serve_command_rejects_bad_arguments(tmp_path, capsys):
    from reportage.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert main(["serve", "--db", str(tmp_path / "missing.duckdb"), "--port", "8765"]) == 2
    err = capsys.readouterr().err
    assert "--port 70000" in err and "missing.duckdb" in err


@pytest.mark.parametrize("path", ["/api/documents", "/search", "/api/actors/Russia", "/actors/Russia", "/api/dyad",
                                  "/dyad", "/api/network", "/network"])
def test_odd_parameters_never_crash(client, path):
    odd = [{"date_from": "0000-00-00"}, {"date_to": "9999-12-31"}, {"limit": "1e9"}, {"offset": "NaN"},
           {"a": "%", "b": "_"}, {"a": "Russia", "b": "'; DROP TABLE events; --"}, {"q": "%_\\"},
           {"actor": "\x00"}, {"outlet": "ü" * 200}, {"a": "Russia", "b": "Ukraine", "date_from": "2024-03-04",
                                                        "date_to": "2024-03-04"}]
    for params in odd:
        r = client.get(path, params=params)
        assert r.status_code in (200, 404, 422), (path, params, r.status_code, r.text[:200])
    assert client.get("/api/documents").json()["total"] == 3  # nothing was dropped
