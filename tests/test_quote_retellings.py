"""One remark retold by six outlets on five days, through the real pipeline (`reportage run` then
`reportage quotes --json`): no hand-placed attributions.

The articles are written here for the test (fictional people and places, not gold-set text). The
remark: Prime Minister Jane Okoro's "We will not sign any agreement that gives away our fishing
waters, and we will defend every family that depends on them." Its retellings:

* Coast Wire, 2 March: the full remark, direct (the earliest and the fullest);
* Henley Daily, 3 March: truncated after "waters";
* The Herald, 4 March: reworded ("never", "deal");
* Evening Post, 4 March: the same words given to the finance minister;
* Port Gazette, 5 March: indirect speech ("the government will not sign ... its fishing waters");
* Sunday Courier, 6 March: the Gazette's paraphrase printed inside quote marks (upgraded).
"""

from __future__ import annotations

import json

import pytest

from reportage.cli import main

REMARK = ("We will not sign any agreement that gives away our fishing waters, and we will defend every family "
          "that depends on them")
ARTICLES = [
    ("wire-0302", "Coast Wire", "2026-03-02",
     "Okoro rejects fisheries pact\n\nPORT HENLEY - Prime Minister Jane Okoro on Monday rejected the draft "
     "fisheries pact offered by the northern fleets.\n\n"
     f"\u201c{REMARK},\u201d Okoro told reporters after the cabinet meeting.\n\n"
     "The talks are due to resume next month."),
    ("daily-0303", "Henley Daily", "2026-03-03",
     "Fisheries talks stall\n\nThe fisheries talks stalled on Tuesday after the government refused the draft "
     "pact.\n\nPrime Minister Jane Okoro was blunt. \u201cWe will not sign any agreement that gives away our "
     "fishing waters,\u201d she said.\n\nFleet owners said they would wait for the next round."),
    ("herald-0304", "The Herald", "2026-03-04",
     "A hard line on the sea\n\nThe prime minister has taken a hard line on the fisheries pact.\n\n"
     "\u201cWe will never sign any deal that gives away our fishing waters, and we will defend every family "
     "that depends on them,\u201d Jane Okoro said at the harbour on Monday.\n\n"
     "Her critics say the stance will cost the country its export markets."),
    ("post-0304", "Evening Post", "2026-03-04",
     "Minister defends fishing families\n\nFinance Minister Tom Adeyemi spoke to fishermen in the port on "
     f"Wednesday.\n\n\u201c{REMARK},\u201d Adeyemi said.\n\nHe also promised new loans for boat repairs."),
    ("gazette-0305", "Port Gazette", "2026-03-05",
     "Pact rejected\n\nPrime Minister Jane Okoro said on Monday that the government will not sign any agreement "
     "that gives away its fishing waters and will defend every family that depends on them.\n\n"
     "The northern fleets have asked for a new meeting."),
    ("courier-0306", "Sunday Courier", "2026-03-06",
     "Okoro: no deal on fishing waters\n\nThe prime minister again refused the fisheries pact this week.\n\n"
     "\u201cThe government will not sign any agreement that gives away its fishing waters,\u201d Jane Okoro "
     "said.\n\nTalks resume in April."),
]
TEXTS = {doc_id: text for doc_id, _, _, text in ARTICLES}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("retold")
    src = tmp / "retold.jsonl"
    src.write_text("".join(json.dumps({"id": i, "outlet": o, "date": d, "text": t}) + "\n"
                           for i, o, d, t in ARTICLES), encoding="utf-8")
    db = tmp / "retold.duckdb"
    assert main(["run", f"jsonl:{src}", "--db", str(db), "--workers", "1", "--quiet"]) == 0
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["quotes", "--db", str(db), "--json"]) == 0
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert len(lines) == 1, [c["text"] for c in lines]  # one cluster holds every retelling, nothing else
    return lines[0]


def _versions(c: dict) -> dict[str, dict]:
    return {v["document"]: v for v in c["versions"]}


def test_contract_shape_and_spans(cluster):
    assert {"id", "speaker", "earliest", "versions"} <= set(cluster)
    assert {"name", "code", "kb_id"} <= set(cluster["speaker"])
    for v in cluster["versions"]:
        assert {"document", "outlet", "published", "attribution", "kind", "speaker", "content", "changes"} <= set(v)
        assert isinstance(v["content"], list) and v["content"]
        text = TEXTS[v["document"]]
        for s in v["content"]:
            assert text[s["start"]:s["end"]] == s["text"]
        for ch in v["changes"]:
            assert ch["type"] in {"omitted", "altered", "added", "misattributed", "upgraded"}
            assert isinstance(ch["text"], str)
            s = ch["span"]  # every change here has its place in its own document
            assert text[s["start"]:s["end"]] == s["text"]


def test_one_cluster_earliest_and_fullest(cluster):
    v = _versions(cluster)
    assert set(v) == set(TEXTS)
    assert cluster["n_outlets"] == 6
    assert cluster["earliest"] == "wire-0302" and cluster["earliest_ties"] == ["wire-0302"]
    assert cluster["earliest_day"] == "2026-03-02"
    assert cluster["fullest"] == "wire-0302" and v["wire-0302"]["changes"] == []
    assert cluster["speaker"]["name"] == "Jane Okoro"
    assert {d: x["outlet"] for d, x in v.items()}["courier-0306"] == "Sunday Courier"
    assert v["herald-0304"]["published"] == "2026-03-04"


def test_truncated(cluster):
    (om,) = _versions(cluster)["daily-0303"]["changes"]
    assert (om["type"], om["where"]) == ("omitted", "end")
    assert om["text"] == "and we will defend every family that depends on them"
    at = TEXTS["daily-0303"].index("waters") + len("waters")
    assert om["span"] == {"start": at, "end": at, "text": ""}


def test_reworded(cluster):
    changes = _versions(cluster)["herald-0304"]["changes"]
    assert [(c["type"], c["text"], c["replacement"]) for c in changes] == [
        ("altered", "not", "never"), ("altered", "agreement", "deal")]
    text = TEXTS["herald-0304"]
    assert [c["span"]["start"] for c in changes] == [text.index("never"), text.index("deal")]


def test_misattributed(cluster):
    (mis,) = _versions(cluster)["post-0304"]["changes"]  # word for word, but given to another speaker
    assert mis["type"] == "misattributed"
    assert (mis["text"], mis["replacement"]) == ("Jane Okoro", "Tom Adeyemi")
    assert mis["span"]["text"] == "Adeyemi" and mis["span"]["start"] == TEXTS["post-0304"].index("Adeyemi said")


def test_indirect_then_upgraded(cluster):
    v = _versions(cluster)
    gazette = v["gazette-0305"]
    assert gazette["kind"] == "indirect"
    assert {c["type"] for c in gazette["changes"]} <= {"altered", "omitted", "added"}  # a paraphrase, not an upgrade
    assert ("altered", "our", "its") in [(c["type"], c["text"], c.get("replacement")) for c in gazette["changes"]]
    courier = v["courier-0306"]
    assert courier["kind"] == "direct"
    (up,) = [c for c in courier["changes"] if c["type"] == "upgraded"]
    assert up["from_document"] == "gazette-0305" and up["from_kind"] == "indirect"
    assert up["text"] == TEXTS["gazette-0305"][TEXTS["gazette-0305"].index("that the government"):].split(".")[0]
    assert up["span"] == courier["content"][0]
    words = [(c["type"], c["text"], c.get("replacement")) for c in courier["changes"] if c["type"] != "upgraded"]
    assert words == [("altered", "We", "The government"), ("altered", "our", "its"),
                     ("omitted", "and we will defend every family that depends on them", None)]


def test_no_other_version_flagged(cluster):
    flagged = {(d, c["type"]) for d, v in _versions(cluster).items() for c in v["changes"]
               if c["type"] in ("misattributed", "upgraded")}
    assert flagged == {("post-0304", "misattributed"), ("courier-0306", "upgraded")}
