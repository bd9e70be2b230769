"""De-duplication: exact copies by content hash, reprints of one wire story by MinHash.

Why: a wire story reprinted by fifty outlets is one event reported fifty times, not fifty events.
Documents are grouped into *stories* (connected components of "same text" and "near-duplicate"
links); the store's GDELT-style view puts every event of a story on the story's first day so the
reprints merge into one event record whose NumArticles / NumSources / NumMentions count them.

Workers compute each document's content hash and signature here (:func:`document_result`;
datasketch MinHash over word 5-shingles, split into LSH bands); the store only keeps them, and
:func:`finalize` asks it for candidate pairs (one SQL join on the band keys), checks them on the
signatures, and has it replace the ``stories`` table. It is idempotent, so it runs again after every (resumed) run.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import numpy as np

from reportage.settings import DedupSettings

if TYPE_CHECKING:
    from reportage.document import Document
    from reportage.store import Store
    from reportage.store.writer import DocResult

# num_perm, bands, shingle, threshold and max_bucket are reportage.settings.DedupSettings
_DEFAULT = DedupSettings()
_WORD = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """Hash of the text with whitespace normalised: the same article saved twice hashes the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]


def shingles(text: str, k: int = _DEFAULT.shingle) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)]


def signature(text: str, settings: DedupSettings | None = None) -> tuple[bytes | None, list[int]]:
    """MinHash signature (uint64 little-endian bytes) and LSH band keys of ``text``; (None, []) if empty."""
    from datasketch import MinHash

    settings = settings or _DEFAULT

    sh = shingles(text, settings.shingle)
    if not sh:
        return None, []
    m = MinHash(num_perm=settings.num_perm, seed=1)
    m.update_batch(sh)
    values = np.asarray(m.hashvalues, dtype="<u8")
    return values.tobytes(), band_keys(values, settings)


def band_keys(values: np.ndarray, settings: DedupSettings = _DEFAULT) -> list[int]:
    keys = []
    rows = settings.rows
    for b in range(settings.bands):
        chunk = values[b * rows:(b + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([b]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little"))
    return keys


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a = np.frombuffer(sig_a, dtype="<u8")
    b = np.frombuffer(sig_b, dtype="<u8")
    return float(np.mean(a == b)) if len(a) == len(b) else 0.0  # made with other num_perm: not comparable


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        while p != self.parent[p]:
            self.parent[p] = self.parent[self.parent[p]]
            p = self.parent[p]
        self.parent[x] = p
        return p

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def finalize(store: Store, threshold: float | None = None, settings: DedupSettings = _DEFAULT) -> dict[str, int]:
    """Rebuild the ``stories`` table from content hashes and MinHash bands; returns counts.

    story_id is the smallest doc id of the story and dup_of the smallest doc id with the same
    content hash, so the result does not depend on the order documents arrived in. ``threshold``
    defaults to ``settings.threshold``.
    """
    threshold = settings.threshold if threshold is None else threshold
    uf = _UnionFind()
    dup_of = {}
    for doc_id, first in store.exact_duplicates():
        uf.union(doc_id, first)
        if doc_id != first:
            dup_of[doc_id] = first
    pairs = store.candidate_pairs(settings.max_bucket)
    near = 0
    if pairs:
        sigs = store.signatures(sorted({i for p in pairs for i in p}))
        for a, b in pairs:
            if a in sigs and b in sigs and similarity(sigs[a], sigs[b]) >= threshold:
                uf.union(a, b)
                near += 1
    rows = [(d, uf.find(d), dup_of.get(d)) for d in uf.parent]
    store.write_stories(rows)
    stories = len({r[1] for r in rows})
    return {"exact_duplicates": len(dup_of), "near_pairs": near, "grouped_documents": len(rows),
            "stories": stories}


def document_result(document: Document, source: str | None = None, date_source: str | None = None,
                    dedup: DedupSettings | None = None) -> DocResult:
    """An analysed Document as the store takes it, with its content hash and MinHash signature computed here
    (with the ``dedup`` settings, default the shipped ones)."""
    from reportage.store.writer import DocResult

    sig, bands = signature(document.text, dedup)
    if date_source is None and document.published:
        date_source = "given"
    return DocResult(doc=document.to_json(), content_hash=content_hash(document.text), source=source,
                     minhash=sig, bands=bands, date_source=date_source)
