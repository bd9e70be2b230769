"""Derive the cue lexicon's slot precisions from PolNeAR train (run by hand; the output is reviewed).

For each gold cue it finds the head token in the parse, its lemma and part of speech, and which
dependent of it holds most of the gold content (ccomp, dobj, xcomp, prep:X, oprd ...). Against
that it counts every occurrence of the lemma with that dependent, so each (lemma, slot) gets a
precision: how often a parse with that shape is an attribution in PolNeAR. Those precisions are
the confidences in data/cues.tsv, and a slot enters the lexicon only where it is usually a cue.

    .venv/bin/python tools/learn_cues.py ../shared/data/polnear/train > /tmp/cue_slots.tsv
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

from reportage.nlp import load_nlp


def slots_of(tok) -> set[str]:
    out = set()
    for child in tok.children:
        if child.dep_ == "ccomp":
            out.add("ccomp")
        elif child.dep_ == "dobj":
            out.add("obj")
            if any(c.dep_ == "oprd" for c in tok.children):
                out.add("oprd")
            for g in child.children:
                if g.dep_ == "prep":
                    out.add(f"prep:{g.lower_}")
        elif child.dep_ == "xcomp":
            out.add("xcomp")
        elif child.dep_ == "prep":
            out.add(f"prep:{child.lower_}")
        elif child.dep_ in ("acl", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in child.children):
            out.add("ccomp")
    return out


def main(split: str) -> None:
    from reportage.evaluate.polnear import load_gold

    nlp = load_nlp()
    gold_docs = load_gold(Path(split))
    hits: collections.Counter = collections.Counter()
    occ: collections.Counter = collections.Counter()
    texts = [(g.text, g) for g in gold_docs]  # gold offsets are on the original text
    for doc, g in nlp.pipe(texts, as_tuples=True, batch_size=32):
        by_char = {}
        for tok in doc:
            for i in range(tok.idx, tok.idx + len(tok)):
                by_char[i] = tok
            if tok.pos_ in ("VERB", "NOUN"):
                for slot in slots_of(tok):
                    occ[(tok.lemma_.lower(), tok.pos_, slot)] += 1
        for att in g.items:
            if att.cue is None:
                continue
            toks = sorted({by_char[i] for s, e in att.cue for i in range(s, e) if i in by_char}, key=lambda t: t.i)
            heads = [t for t in toks if t.pos_ in ("VERB", "NOUN")]
            if not heads:
                continue
            head = heads[-1] if heads[-1].pos_ == "VERB" else heads[0]
            content_chars = {i for s, e in att.content for i in range(s, e)}
            best, best_n = None, 0
            have = slots_of(head)
            for child in head.children:
                span = set(range(child.left_edge.idx, child.right_edge.idx + len(child.right_edge)))
                n = len(span & content_chars)
                if n <= best_n:
                    continue
                if child.dep_ == "dobj":
                    label = "oprd" if "oprd" in have else "obj"
                    for gch in child.children:
                        if gch.dep_ == "prep" and len(set(range(gch.left_edge.idx, gch.right_edge.idx + 1)) & content_chars):
                            label = f"prep:{gch.lower_}"
                elif child.dep_ == "prep":
                    label = f"prep:{child.lower_}"
                elif child.dep_ in ("ccomp", "xcomp"):
                    label = child.dep_
                elif child.dep_ in ("acl", "relcl") and "ccomp" in have:
                    label = "ccomp"
                else:
                    continue
                best, best_n = label, n
            if best is not None:
                hits[(head.lemma_.lower(), head.pos_, best)] += 1
    print("lemma\tpos\tslot\tgold\toccurrences\tprecision")
    for key, n in sorted(hits.items(), key=lambda kv: -kv[1]):
        total = max(occ[key], n)
        print(f"{key[0]}\t{key[1]}\t{key[2]}\t{n}\t{total}\t{n / total:.2f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/polnear/train")
