"""The quote-cluster pages (/quotes, /quotes/{id}) and their JSON twins, on a store built here.

The texts are the ones of tests/test_quote_clusters.py (written for the tests, not gold-set articles),
plus one remark carrying markup, printed by two outlets, to check that article text is escaped.
"""

from __future__ import annotations

import warnings

import pytest

from reportage.document import Actor
from reportage.quote_clusters import rebuild
from reportage.store import Store

fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette's note about httpx versions is not ours to fix
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from test_quote_clusters import DOCS, _doc  # noqa: E402

MAYOR = Actor(id="A9", name="Mayor <i>Lee</i>", type="PERSON")
TRAP = "The <script>alert(1)</script> bridge will stay closed until the engineers say it is safe to cross"
TRAP_DOCS = [
    ("trap1", "Wire", "2026-03-06", f"The mayor said: \u201c{TRAP}.\u201d", [([TRAP], "direct", MAYOR)]),
    ("trap2", "Daily", "2026-03-07", f"\u201c{TRAP},\u201d the mayor told reporters.", [([TRAP], "direct", MAYOR)]),
]


def _client(db) -> TestClient:
    from reportage.web.app import create_app

    return TestClient(create_app(db), base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("webq") / "q.duckdb"
    store = Store(db)
    store.write_documents([_doc(*d) for d in DOCS + TRAP_DOCS])
    rebuild(store)
    store.close()
    with _client(db) as c:
        yield c


@pytest.fixture(scope="module")
def okoro(client) -> dict:
    r = client.get("/api/quotes", params={"speaker": "Okoro"})
    assert r.status_code == 200
    (c,) = r.json()["clusters"]
    return c


def test_list_and_json_twin(client, okoro):
    r = client.get("/api/quotes")
    assert r.status_code == 200
    j = r.json()
    assert j["built"] is True and j["total"] == 2
    first = j["clusters"][0]  # most outlets first
    assert first["id"] == okoro["id"] and first["n_outlets"] == 5 and first["n_versions"] == 5
    assert first["earliest"] == "wire1" and first["earliest_day"] == "2026-03-02"
    assert first["text"].startswith("We will not sign any agreement")
    assert "versions" not in first  # the list is light; the detail has the versions
    page = client.get("/quotes")
    assert page.status_code == 200
    html = page.text
    assert f'href="/quotes/{okoro["id"]}"' in html and 'href="/documents/wire1"' in html
    assert "We will not sign any agreement" in html and "2026-03-02" in html
    assert 'href="/api/quotes?' in html


def test_filters(client, okoro):
    def ids(**params) -> list[str]:
        r = client.get("/api/quotes", params=params)
        assert r.status_code == 200, r.text
        return [c["id"] for c in r.json()["clusters"]]

    assert len(ids()) == 2
    assert ids(speaker="Adeyemi") == [okoro["id"]]  # one version was given to Adeyemi
    assert ids(min_outlets="3") == [okoro["id"]]
    assert ids(min_outlets="6") == []
    assert ids(changed="yes") == [okoro["id"]]  # the markup remark was printed word for word
    assert ids(speaker="nobody-of-that-name") == []
    assert client.get("/api/quotes", params={"min_outlets": "many"}).status_code == 422
    assert client.get("/api/quotes", params={"changed": "perhaps"}).status_code == 422
    html = client.get("/quotes", params={"changed": "yes", "min_outlets": "", "speaker": ""}).text
    assert "1 cluster" in html and " checked" in html
    assert client.get("/quotes", params={"min_outlets": "0"}).status_code == 422


def test_detail_with_omitted_and_altered(client, okoro):
    r = client.get(f"/api/quotes/{okoro['id']}")
    assert r.status_code == 200
    c = r.json()
    v = {x["document"]: x for x in c["versions"]}
    assert v["wire1"]["is_fullest"] and v["wire1"]["changes"] == []
    assert [ch["type"] for ch in v["daily1"]["changes"]] == ["omitted"]
    assert [(ch["text"], ch["replacement"]) for ch in v["herald1"]["changes"]] == [("not", "never"),
                                                                                    ("agreement", "deal")]
    html = client.get(f"/quotes/{okoro['id']}").text
    for doc in ("wire1", "daily1", "herald1", "post1", "gazette1"):
        assert f'href="/documents/{doc}#rec-' in html
    assert "omitted (end): “<del>and we will defend every family that depends on them</del>”" in html
    assert "altered: “<del>not</del>” → “<ins>never</ins>”" in html
    assert "<strong>fullest</strong>" in html and "misattributed: <del>Jane Okoro</del> → <ins>Tom Adeyemi</ins>" in html
    for outlet in ("Wire", "Daily", "Herald", "Post", "Gazette"):
        assert f"<td>{outlet}</td>" in html
    assert "indirect" in html and "2026-03-04" in html


def test_unknown_id_is_404(client):
    r = client.get("/api/quotes/QCnope")
    assert r.status_code == 404 and "QCnope" in r.json()["detail"]
    r = client.get("/quotes/QCnope")
    assert r.status_code == 404 and "not found" in r.text


def test_article_text_is_escaped(client):
    trap = next(c for c in client.get("/api/quotes").json()["clusters"] if c["n_outlets"] == 2)
    assert "<script>" in trap["text"]  # the JSON keeps the text as it was
    for path in ("/quotes", f"/quotes/{trap['id']}"):
        html = client.get(path).text
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<i>Lee</i>" not in html and "Mayor &lt;i&gt;Lee&lt;/i&gt;" in html


@pytest.mark.parametrize("older", [False, True], ids=["never-built", "no-cluster-tables"])
def test_store_without_clusters(tmp_path, older):
    db = tmp_path / "old.duckdb"
    store = Store(db)
    store.write_documents([_doc(*DOCS[0])])
    if older:  # a store written before the cluster tables existed
        store.con.execute("DROP TABLE quote_versions")
        store.con.execute("DROP TABLE quote_clusters")
    store.close()
    with _client(db) as c:
        r = c.get("/quotes")
        assert r.status_code == 200 and "no quote clusters" in r.text and "quotes --rebuild" in r.text
        j = c.get("/api/quotes").json()
        assert j["built"] is False and j["clusters"] == []
        assert c.get("/api/quotes/QCanything").status_code == 404


def test_statements_page_links_quotes(client):
    assert 'href="/quotes"' in client.get("/statements").text


def test_detail_shows_upgrade_and_ties(tmp_path):
    """A paraphrase printed later inside quote marks is shown as an upgrade, linked to the earlier version;
    two versions of the first day are both marked earliest."""
    para = "the harbour will stay closed until the engineers have checked every crane on the quay"
    docs = [("para1", "Wire", "2026-03-06", f"The mayor said {para}.", [([para], "indirect", MAYOR)]),
            ("para2", "Daily", "2026-03-06", f"The mayor said {para}.", [([para], "indirect", MAYOR)]),
            ("quote1", "Herald", "2026-03-08", "\u201cThe harbour will stay closed until the engineers have checked "
             "every crane on the quay,\u201d the mayor said.",
             [(["\u201cThe harbour will stay closed until the engineers have checked every crane on the quay,\u201d"],
               "direct", MAYOR)])]
    db = tmp_path / "up.duckdb"
    store = Store(db)
    store.write_documents([_doc(*d) for d in docs])
    rebuild(store)
    store.close()
    with _client(db) as c:
        (cl,) = c.get("/api/quotes").json()["clusters"]
        assert cl["earliest_ties"] == ["para1", "para2"]
        html = c.get(f"/quotes/{cl['id']}").text
        assert 'upgraded: indirect in <a href="/documents/para' in html
        assert "(tie)" in html and html.count("earliest (tie)") == 2
