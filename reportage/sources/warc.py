"""WARC and WARC.gz crawls (warcio): the HTML responses, main text extracted by the workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reportage.inputs import MAX_BYTES
from reportage.sources.base import Item, failed, id_for_locator


def read_warc(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield failed(name, f"{name}: cannot read ({exc.strerror or exc})")
        return
    with fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode()
                if "html" not in ctype or status != "200":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                data = record.content_stream().read(max_bytes + 1)
                source = f"{name}#{records.get_record_offset()}"
                if len(data) > max_bytes:
                    yield Item(doc_id=id_for_locator(source, None, url), source=source, stage="read",
                               error=f"{source}: too large (more than {max_bytes / 2**20:g} MiB limit)", meta={"url": url})
                    continue
                yield Item(doc_id=id_for_locator(source, data, url), source=source, data=data, html=True,
                           meta={"url": url})
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield failed(f"{name}#end", f"{name}: broken WARC ({str(exc).splitlines()[0] if str(exc) else exc})")
