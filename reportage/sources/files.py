"""Files and directories (recursive) of .txt and .html articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reportage.inputs import MAX_BYTES
from reportage.sources.base import Item, failed, id_for_locator

SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ""}


def list_files(root: Path) -> Iterator[Path]:
    """Article files under ``root`` in a stable (sorted) order, hidden files and folders left out."""
    if root.is_file():
        yield root
        return
    for dirpath, dirnames, filenames in _walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if not name.startswith(".") and p.suffix.lower() in SUFFIXES:
                yield p


def _walk(root: Path):  # os.walk streams the tree, rglob would sort nothing and recurse eagerly
    import os

    return os.walk(root)


def read_files(root: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    for p in list_files(root):
        name = str(p)
        try:
            size = p.stat().st_size
            if size > max_bytes:
                yield Item(doc_id=id_for_locator(f"{p.resolve()}:{size}"), source=name, stage="read",
                           error=f"{name}: too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit)")
                continue
            data = p.read_bytes()
        except OSError as exc:
            yield failed(name, f"{name}: cannot read ({exc.strerror or exc})")
            continue
        html = True if p.suffix.lower() in {".html", ".htm", ".xhtml"} else None
        yield Item(doc_id=id_for_locator(str(p.resolve()), data), source=name, data=data, html=html)


def count_files(root: Path) -> int:
    return sum(1 for _ in list_files(root))
