"""The same quote across outlets: one remark printed by several outlets, truncated, reworded, misattributed.

The texts are written here (not gold-set articles). Attributions are placed at spans of the texts by
hand so the test checks the clustering, not the attribution extractor.
"""

from __future__ import annotations

import json

import pytest

from reportage.cli import main
from reportage.document import Actor, Attribution, Document, Span
from reportage.quote_clusters import QuoteInput, QuoteSettings, cluster_quotes, inputs_from_document
from reportage.store import Store

OKORO = Actor(id="A1", name="Jane Okoro", type="PERSON", kb_id="Q901")
ADEYEMI = Actor(id="A2", name="Tom Adeyemi", type="PERSON", kb_id="Q902")
SPOKESMAN = Actor(id="A3", name="port spokesman", type="PERSON")

FULL = ("We will not sign any agreement that gives away our fishing waters, "
        "and we will defend every family that depends on them.")

# (doc id, outlet, day, text, [(content pieces, kind, speaker actor)])
DOCS = [
    ("wire1", "Wire", "2026-03-02",
     f"LAGOS - Prime Minister Jane Okoro said on Monday: \u201c{FULL}\u201d She spoke after talks in Lagos.",
     [([FULL.rstrip(".")], "direct", OKORO)]),
    ("daily1", "Daily", "2026-03-03",
     "Okoro told parliament: \u201cWe will not sign any agreement that gives away our fishing waters.\u201d "
     "The opposition walked out.",
     [(["We will not sign any agreement that gives away our fishing waters"], "direct", OKORO)]),
    ("herald1", "Herald", "2026-03-04",
     "\u201cWe will never sign any deal that gives away our fishing waters, and we will defend every family "
     "that depends on them,\u201d Okoro said.",
     [(["We will never sign any deal that gives away our fishing waters, and we will defend every family "
        "that depends on them"], "direct", OKORO)]),
    ("post1", "Post", "2026-03-04",
     "Finance Minister Tom Adeyemi said the government will not sign any agreement that gives away our "
     "fishing waters. \u201cWe will announce the new budget for schools in April,\u201d Adeyemi added.",
     [(["the government will not sign any agreement that gives away our fishing waters"], "indirect", ADEYEMI),
      (["We will announce the new budget for schools in April"], "direct", ADEYEMI)]),
    ("gazette1", "Gazette", "2026-03-05",
     "\u201cWe will not sign any agreement that gives away our fishing waters\u2026 every family that depends "
     "on them,\u201d the prime minister said. \u201cThe harbour will reopen next week after repairs are "
     "finished,\u201d a port spokesman said.",
     [(["We will not sign any agreement that gives away our fishing waters", "every family that depends on them"],
       "direct", OKORO),
      (["The harbour will reopen next week after repairs are finished"], "direct", SPOKESMAN)]),
]


def _doc(doc_id: str, outlet: str, day: str, text: str, quotes: list) -> Document:
    attributions, actors = [], {}
    for n, (pieces, kind, actor) in enumerate(quotes):
        spans = []
        for piece in pieces:
            i = text.index(piece)
            spans.append(Span.of(text, i, i + len(piece)))
        actors[actor.id] = Actor(id=actor.id, name=actor.name, type=actor.type, kb_id=actor.kb_id)
        attributions.append(Attribution(id=f"Q{n + 1}", kind=kind, speaker=actor.id, source=None, cue=None,
                                        content=spans, rule="test"))
    return Document(id=doc_id, text=text, outlet=outlet, published=day, actors=list(actors.values()),
                    attributions=attributions)


@pytest.fixture()
def docs() -> list[Document]:
    return [_doc(*d) for d in DOCS]


def _inputs(docs: list[Document]) -> list[QuoteInput]:
    return [q for d in docs for q in inputs_from_document(d.to_json())]


def _check_spans(cluster: dict, texts: dict[str, str]) -> None:
    """Every span of every change is a span of its own document's original text."""
    for v in cluster["versions"]:
        for c in v["content"]:
            assert texts[v["document"]][c["start"]:c["end"]] == c["text"]
        for ch in v["changes"]:
            assert set(ch) >= {"type", "text"}
            if "span" in ch:
                assert ch["span"] == ch["spans"][0]
            for s in ch.get("spans", []):
                assert texts[v["document"]][s["start"]:s["end"]] == s["text"]
            for s in ch.get("source_spans", []):
                assert texts[cluster["fullest"]][s["start"]:s["end"]] == s["text"]


def test_one_remark_in_five_outlets(docs):
    texts = {d.id: d.text for d in docs}
    clusters = cluster_quotes(_inputs(docs))
    assert len(clusters) == 1  # the budget remark and the harbour remark stand alone
    c = clusters[0]
    _check_spans(c, texts)
    assert {v["document"] for v in c["versions"]} == {"wire1", "daily1", "herald1", "post1", "gazette1"}
    assert c["n_outlets"] == 5
    assert c["earliest"] == "wire1" and c["earliest_ties"] == ["wire1"] and c["earliest_day"] == "2026-03-02"
    assert c["fullest"] == "wire1"
    assert c["speaker"]["kb_id"] == "Q901"
    v = {x["document"]: x for x in c["versions"]}
    assert v["wire1"]["changes"] == [] and v["wire1"]["is_fullest"] and v["wire1"]["is_earliest"]

    # truncated: the end is omitted, pinned just after "waters" in its own text
    (om,) = v["daily1"]["changes"]
    assert om["type"] == "omitted" and om["where"] == "end"
    assert om["text"] == "and we will defend every family that depends on them"
    at = om["spans"][0]
    assert at["start"] == at["end"] == texts["daily1"].index("waters") + len("waters")
    assert om["span"] == at

    # reworded: two altered stretches, each with both texts and its own span
    alt = [(ch["text"], ch["replacement"]) for ch in v["herald1"]["changes"]]
    assert alt == [("not", "never"), ("agreement", "deal")]
    assert all(ch["type"] == "altered" for ch in v["herald1"]["changes"])
    deal = v["herald1"]["changes"][1]["spans"][0]
    assert (deal["start"], deal["text"]) == (texts["herald1"].index("deal"), "deal")

    # misattributed and turned into indirect speech (indirect after direct is no upgrade)
    post = v["post1"]
    assert post["speaker"]["kb_id"] == "Q902"
    types = [ch["type"] for ch in post["changes"]]
    assert types == ["altered", "omitted", "misattributed"]
    assert post["changes"][0]["text"] == "We" and post["changes"][0]["replacement"] == "the government"
    mis = post["changes"][2]
    assert (mis["text"], mis["replacement"]) == ("Jane Okoro", "Tom Adeyemi")

    # an omission in the middle, across an ellipsis (two content spans)
    (mid,) = v["gazette1"]["changes"]
    assert mid["type"] == "omitted" and mid["where"] == "middle" and mid["text"] == "and we will defend"
    assert mid["spans"][0]["start"] == texts["gazette1"].index("waters") + len("waters")
    assert c["change_kinds"] == ["omitted", "altered", "misattributed"]


def test_earliest_ties_are_shown(docs):
    docs[1].published = "2026-03-02"  # the truncated version appears the same day as the wire
    c = cluster_quotes(_inputs(docs))[0]
    assert c["earliest_ties"] == ["daily1", "wire1"]
    assert c["fullest"] == "wire1"
    assert {v["document"] for v in c["versions"] if v["is_earliest"]} == {"daily1", "wire1"}
    import io

    from reportage.commands.quotes import _print_cluster

    out = io.StringIO()
    _print_cluster(c, out)
    assert "earliest=daily1 = wire1 (tie) [Daily, Wire] 2026-03-02" in out.getvalue()


def test_added_words_and_thresholds(docs):
    text = ("She said: \u201cFrankly, we will not sign any agreement that gives away our fishing waters, and we "
            "will defend every family that depends on them.\u201d")
    extra = _doc("extra1", "Extra", "2026-03-06", text,
                 [(["we will not sign any agreement that gives away our fishing waters, and we will defend every "
                    "family that depends on them"], "direct", OKORO)])
    quotes = _inputs([docs[0], extra])
    # the extra version misses only the first word ("Frankly" is outside its content): nothing added
    c = cluster_quotes(quotes)[0]
    assert c["n_versions"] == 2
    extra2 = _doc("extra2", "Extra", "2026-03-06", text,
                  [(["Frankly, we will not sign any agreement that gives away our fishing waters, and we will defend "
                     "every family that depends on them"], "direct", OKORO)])
    c = cluster_quotes(_inputs([docs[0], extra2]))[0]
    assert c["fullest"] == "extra2"
    wire = next(v for v in c["versions"] if v["document"] == "wire1")
    assert [ch["type"] for ch in wire["changes"]] == ["omitted"] and wire["changes"][0]["text"] == "Frankly"
    # a demanding threshold splits the reworded version off
    strict = QuoteSettings(min_coverage=0.95)
    got = cluster_quotes(_inputs(docs), strict)
    assert "herald1" not in {v["document"] for cl in got for v in cl["versions"]}


def test_store_and_cli(docs, tmp_path, capsys):
    db = tmp_path / "q.duckdb"
    store = Store(db)
    store.write_documents(docs)
    store.close()
    assert main(["quotes", "--db", str(db)]) == 2  # nothing built yet: a clear error, not a traceback
    assert "quotes --rebuild" in capsys.readouterr().err
    assert main(["quotes", "--rebuild", "--db", str(db), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and lines[0]["earliest"] == "wire1" and lines[0]["n_versions"] == 5
    _check_spans(lines[0], {d.id: d.text for d in docs})
    cid = lines[0]["id"]
    assert main(["quotes", "--db", str(db), "--speaker", "Adeyemi"]) == 0
    assert cid in capsys.readouterr().out  # a version given to Adeyemi finds the cluster
    assert main(["quotes", "--db", str(db), "--min-outlets", "6"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["quotes", "show", cid, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "\u201cnot\u201d -> \u201cnever\u201d" in out and "misattributed" in out
    assert main(["quotes", "show", "QCnope", "--db", str(db)]) == 2
    store = Store(db, read_only=True)
    assert store.query("SELECT count(*) FROM quote_versions")[1][0][0] == 5
    store.close()


# -- a measured figure on a synthetic set (not on news text: see docs/quotes.md) -------------------------
OPENERS = ["we will not", "i think that the", "the government will", "it is important that", "we are going to"]
WORDS = ("people country border economy taxes families schools health care jobs workers farmers police army "
         "election vote parliament law court president minister party leaders allies partners region war peace "
         "talks deal agreement sanctions trade prices energy oil gas water roads hospitals children future "
         "security freedom justice truth history nation cities villages market banks money budget reform plan "
         "crisis threat attack defend protect build support fight stop change open close sign reject accept "
         "promise respect trust fear hope strong weak fair free safe new old every all many few").split()


def _synthetic(seed: int = 7, n: int = 60) -> tuple[list[QuoteInput], list[int]]:
    """n utterances, each printed 2-5 times: verbatim, truncated at either end, with an omission in the
    middle, reworded (1-3 words swapped), and given to another speaker; labels say which utterance."""
    import random

    rng = random.Random(seed)
    quotes, labels = [], []
    for u in range(n):
        words = rng.choice(OPENERS).split() + [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
        for k in range(rng.randint(2, 5)):
            w = list(words)
            how = rng.choice(["same", "truncate", "truncate_start", "middle", "reword", "speaker"])
            if how == "truncate":
                w = w[: max(5, int(len(w) * rng.uniform(0.5, 0.9)))]
            elif how == "truncate_start":
                w = w[len(w) - max(5, int(len(w) * rng.uniform(0.5, 0.9))):]
            elif how == "middle":
                a = rng.randint(3, len(w) - 6)
                w = w[:a] + w[a + rng.randint(2, 4):]
            elif how == "reword":
                for _ in range(rng.randint(1, 3)):
                    w[rng.randrange(len(w))] = rng.choice(WORDS)
            text = " ".join(w)
            speaker = f"speaker{u}" if how != "speaker" else f"speaker{rng.randrange(n)}"
            quotes.append(QuoteInput(doc_id=f"d{u}_{k}", attribution_id="Q1",
                                     content=[{"start": 0, "end": len(text), "text": text}],
                                     outlet=f"o{k}", day=f"2026-01-{1 + k:02d}", kind="direct",
                                     speaker_key=f"name:{speaker}", speaker_name=speaker))
            labels.append(u)
    return quotes, labels


def pairwise_scores(quotes: list[QuoteInput], labels: list[int], settings: QuoteSettings | None = None
                    ) -> tuple[float, float]:
    """Precision and recall over pairs of versions: same cluster vs same utterance."""
    found = {}
    for i, c in enumerate(cluster_quotes(quotes, settings)):
        for v in c["versions"]:
            found[v["document"]] = i
    gold, pred, both = 0, 0, 0
    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            g = labels[i] == labels[j]
            fi, fj = found.get(quotes[i].doc_id), found.get(quotes[j].doc_id)
            p = fi is not None and fi == fj
            gold += g
            pred += p
            both += g and p
    return both / max(pred, 1), both / max(gold, 1)


def test_synthetic_precision_recall(capsys):
    """Tuning seed 7, scoring seed 11 (the thresholds were not changed after looking at seed 11)."""
    for seed in (7, 11):
        quotes, labels = _synthetic(seed)
        p, r = pairwise_scores(quotes, labels)
        with capsys.disabled():
            print(f"\nsynthetic seed {seed}: {len(quotes)} versions of {len(set(labels))} utterances: "
                  f"pairwise precision {p:.3f} recall {r:.3f}")
        assert p >= 0.95 and r >= 0.85


def test_run_builds_clusters(tmp_path):
    """`reportage run` (real extractor) on three short articles ends with the clusters stored."""
    from reportage.run import RunOptions, run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    quote = ("We will not sign any agreement that gives away our fishing waters, and we will defend every "
             "family that depends on them")
    (corpus / "wire_2026-03-02.txt").write_text(
        f"Prime Minister Jane Okoro spoke in Lagos on Monday.\n\n\u201c{quote},\u201d Okoro told reporters.\n",
        encoding="utf-8")
    (corpus / "daily_2026-03-03.txt").write_text(
        "The talks ended without a deal.\n\n\u201cWe will not sign any agreement that gives away our fishing "
        "waters,\u201d Okoro told parliament.\n", encoding="utf-8")
    (corpus / "herald_2026-03-04.txt").write_text(
        "Harbour repairs are finished.\n\n\u201cThe harbour will reopen next week after the repairs,\u201d "
        "the port director said.\n", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    run([str(corpus)], db, RunOptions(in_process=True, progress=False))
    store = Store(db, read_only=True)
    clusters = store.quote_clusters()
    assert store.quote_clusters_built() is not None
    store.close()
    assert len(clusters) == 1
    c = clusters[0]
    assert c["earliest_day"] == "2026-03-02" and c["n_documents"] == 2
    short = next(v for v in c["versions"] if not v["is_fullest"])
    assert [ch["type"] for ch in short["changes"]] == ["omitted"]


# -- the fixes found by the PolNeAR hand check (docs/quotes.md), each on versions written here ------------
def _q(doc: str, text: str, kind: str = "direct", day: str = "2026-01-01", speaker: str | None = "Ann Lee",
       **kw) -> QuoteInput:
    return QuoteInput(doc_id=doc, attribution_id=kw.pop("aid", "Q1"), content=[{"start": 0, "end": len(text),
                      "text": text}], outlet=kw.pop("outlet", doc), day=day, kind=kind,
                      speaker_key=f"name:{speaker.lower()}" if speaker else None, speaker_name=speaker,
                      resolved=speaker is not None, **kw)


def test_a_short_version_does_not_chain_two_remarks():
    """Two remarks sharing an opening, and a short version that matches both: it stays with one of them."""
    a = _q("a", "I meant exactly that. He is the founder of the whole group and he deserves the award from "
                "them for it, they should give it to him")
    b = _q("b", "I meant that he is the founder of the whole group and he deserves", day="2026-01-02")
    c = _q("c", "I meant that he is the founder of the whole group and he deserves it. I do. He was the most "
                "valuable player of the year, I give him the most valuable player award", day="2026-01-03")
    groups = [{v["document"] for v in cl["versions"]} for cl in cluster_quotes([a, b, c])]
    assert {"a", "c"} not in [g & {"a", "c"} for g in groups]  # a and c are never in one cluster
    assert any(g == {"b", "c"} for g in groups)  # the short version goes with the remark that holds it


def test_short_stock_wording_needs_a_near_whole_match():
    pos = _q("p", "they have a positive view of him", kind="indirect", speaker=None)
    neg = _q("n", "they have a negative view of him", kind="indirect", speaker=None)
    assert cluster_quotes([pos, neg]) == []
    assert len(cluster_quotes([pos, neg], QuoteSettings(min_coverage_short=0.8))) == 1


def test_an_unequal_replacement_is_cut_into_alteration_and_omission():
    full = _q("f", "It is something I have talked about despite being a beneficiary of the laws. But I am working "
                   "for you now")
    short = _q("s", "It is something I have talked about despite being a beneficiary of the law", day="2026-01-02")
    (c,) = cluster_quotes([full, short])
    v = next(x for x in c["versions"] if x["document"] == "s")
    assert [(ch["type"], ch["text"], ch.get("replacement")) for ch in v["changes"]] == [
        ("altered", "laws", "law"), ("omitted", "But I am working for you now", None)]


def test_a_partial_quote_printed_whole_is_no_upgrade_but_a_paraphrase_quoted_is():
    partial = _q("p", 'that Curiel "happens to be, we believe, Mexican, which is great"', kind="mixed")
    direct = _q("d", '"The judge, who happens to be, we believe, Mexican, which is great. I think that is fine."',
                day="2026-01-02")
    (c,) = cluster_quotes([partial, direct])
    assert "upgraded" not in c["change_kinds"]  # the shared words were in quote marks already
    para = _q("i", "that the judge happens to be Mexican, which he thinks is great and fine", kind="indirect")
    quoted = _q("q", '"The judge happens to be Mexican, which he thinks is great and fine,"', day="2026-01-02")
    (c,) = cluster_quotes([para, quoted])
    v = next(x for x in c["versions"] if x["document"] == "q")
    (up,) = [ch for ch in v["changes"] if ch["type"] == "upgraded"]
    assert up["from_document"] == "i" and up["span"] == v["content"][0]


def test_a_conduit_is_not_a_misattribution():
    inner = _q("w1", "his streak is proof the candidate can still close the gap in pledged delegates",
               kind="indirect", speaker="Jeff Weaver")
    inner2 = _q("w2", "his streak is proof the candidate can still close the gap in pledged delegates",
                kind="indirect", speaker="Jeff Weaver", day="2026-01-02")
    via = _q("w3", "his campaign manager says his streak is proof the candidate can still close the gap in "
                   "pledged delegates", kind="according_to", speaker="Associated Press", conduit=True,
             day="2026-01-03")
    (c,) = cluster_quotes([inner, inner2, via])
    assert c["speaker"]["name"] == "Jeff Weaver" and "misattributed" not in c["change_kinds"]


def test_apostrophes_and_complementizers():
    a = _q("a", "\u201cDonald Trump\u2018s ignorant view of Islam could make both our countries less safe\u201d")
    b = _q("b", "\u201cDonald Trump's ignorant view of Islam could make both our countries less safe\u201d",
           day="2026-01-02")
    (c,) = cluster_quotes([a, b])
    assert c["change_kinds"] == []
    assert _q("x", "that \u201cthey are going to people\u201d").norms[0] == "they"  # outside the quote marks
    assert _q("y", "\u201cThat is what we want\u201d").norms[0] == "that"  # inside: a word of the remark
