"""Files and directories (recursive) of .txt and .html articles: the one file reader of ``analyze`` and ``run``.

Why so careful: a corpus folder is input from anyone. A symlink to ``/dev/zero`` must not fill
memory, a FIFO must not hang the run, a symlink to ``/etc/passwd`` must not become a stored
document. So only regular files are read (checked on the open descriptor, not on the name), at
most the limit plus one byte whatever ``st_size`` says, a FIFO is opened without blocking, and a
symlink whose target lies outside the folder is refused unless links are followed on purpose.
Every refusal is an :class:`Item` with an error naming the file and the reason.

A document's id is its path relative to the folder, without the extension
(``2016/breitbart_2016-09-12_trump``); a file named on its own has its name without the extension.
Both commands give the same ids; a second file with the same id in one listing (``a.txt`` and
``a.html``) keeps its extension.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from reportage.inputs import MAX_BYTES
from reportage.sources.base import Item, failed

SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
OWN_OUTPUT = ".extracted.txt"  # what ``analyze`` writes next to an HTML input: never an input itself
_CHUNK = 1 << 20


def size_text(n: int) -> str:
    """Sizes in messages: one unit (MiB) for every command, so limits and sizes read the same."""
    return f"{n / 2**20:.1f} MiB"


def too_large(name: str, size: int | None, limit: int) -> str:
    shown = f"{size_text(size)} > " if size is not None else "more than "
    return f"{name}: too large ({shown}{limit / 2**20:g} MiB limit)"


def is_candidate(name: str) -> bool:
    """Whether a file name is read as an article in a folder: .txt/.html and friends, no hidden file, not our output."""
    low = name.lower()
    return (not name.startswith(".") and Path(low).suffix in SUFFIXES and not low.endswith(OWN_OUTPUT))


def list_files(root: Path) -> Iterator[Path]:
    """Article files under ``root`` in a stable (sorted) order, hidden files and folders left out.

    Symlinked folders are not descended into (a link loop, or a link to ``/``, would never end).
    """
    if not root.is_dir():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):  # streamed, unlike a sorted rglob
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if is_candidate(name):
                yield Path(dirpath) / name


def _kind(mode: int) -> str | None:
    """What a non-regular file is, for the message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return what
    return "not a regular file"


def _outside(path: Path, root: Path) -> str | None:
    """The target of a symlink when it lies outside ``root`` (the corpus folder), else None."""
    target = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    if target == base or base in target.parents:
        return None
    return str(target)


def read_bounded(path: Path, name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; raises ValueError with a one-line reason.

    The descriptor is opened non-blocking (a FIFO would otherwise wait for a writer for ever) and
    checked with fstat, so a file swapped for a device between the check and the open is refused too.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ValueError(f"{name}: " + ("broken symbolic link" if os.path.islink(path) else "no such file")) from None
    except PermissionError:
        raise ValueError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ValueError(f"{name}: cannot read ({exc.strerror or exc})") from None
    kind = _kind(st.st_mode)
    if kind:
        raise ValueError(f"{name}: {kind}, not a regular file; not read")
    if st.st_size > max_bytes:
        raise ValueError(too_large(name, st.st_size, max_bytes))
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise ValueError(f"{name}: permission denied") from None
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.ENODEV):
            raise ValueError(f"{name}: not a regular file; not read") from None
        raise ValueError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        kind = _kind(os.fstat(fd).st_mode)
        if kind:
            raise ValueError(f"{name}: {kind}, not a regular file; not read")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:  # st_size is not trusted: a file may grow while it is read
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise ValueError(too_large(name, None, max_bytes))
        return b"".join(chunks)
    except OSError as exc:
        raise ValueError(f"{name}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_files(root: Path, max_bytes: int = MAX_BYTES, follow_links: bool = False) -> Iterator[Item]:
    """One item per article file under ``root`` (or ``root`` itself when it is a file)."""
    folder = root if root.is_dir() else None
    seen: set[str] = set()
    for p in list_files(root):
        name = str(p)
        doc_id = _doc_id(p, folder)
        if doc_id in seen:
            doc_id = _doc_id(p, folder, keep_suffix=True)
        seen.add(doc_id)
        if folder is not None and not follow_links and p.is_symlink():
            target = _outside(p, folder)
            if target is not None:
                yield _refused(doc_id, name, f"{name}: symbolic link to {target}, outside the corpus folder; "
                                             "not read (--follow-links reads such files)")
                continue
        try:
            data = read_bounded(p, name, max_bytes)
        except ValueError as exc:
            yield _refused(doc_id, name, str(exc))
            continue
        html = True if p.suffix.lower() in HTML_SUFFIXES else None
        yield Item(doc_id=doc_id, source=name, data=data, html=html, path=name)


def _refused(doc_id: str, name: str, error: str) -> Item:
    item = failed(name, error)
    item.doc_id = doc_id
    return item


def _doc_id(p: Path, folder: Path | None, keep_suffix: bool = False) -> str:
    rel = p.relative_to(folder) if folder is not None else Path(p.name)
    if not keep_suffix and rel.suffix:
        rel = rel.with_suffix("")
    return rel.as_posix()


def count_files(root: Path) -> int:
    return sum(1 for _ in list_files(root))
