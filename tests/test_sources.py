"""Sources: every input kind becomes items with stable ids; bad inputs become failures, not crashes."""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reportage.inputs import InputError
from reportage.sources import Columns, FetchOptions, SourceOptions, count_items, kind_of, open_sources, prepare

PARAS = [
    "The finance minister said on Monday that the government would cut fuel taxes before the winter.",
    "Opposition leaders accused the cabinet of ignoring the rising cost of bread in the capital.",
    "A spokesman for the central bank declined to comment on the plan, according to the state broadcaster.",
]


def page(title: str, extra: str = "") -> bytes:
    body = "".join(f"<p>{p} {extra}</p>" for p in PARAS)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Copyright</footer></body></html>").encode()


def items_of(*specs, **kw):
    return list(open_sources([str(s) for s in specs], **kw))


def test_directory_recursive_and_stable_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(" ".join(PARAS), encoding="utf-8")
    (tmp_path / "two.html").write_bytes(page("Fuel taxes"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not an article file: left out
    (tmp_path / ".hidden.txt").write_text("x")
    first = items_of(tmp_path)
    assert [i.source.rsplit("/", 1)[-1] for i in first] == ["two.html", "one.txt"]  # a folder's files, then its folders
    assert len(first) == 2 and count_items([str(tmp_path)]) == 2
    # the id is the path in the folder without its extension (as `analyze` prints it): a copy of the
    # tree elsewhere keeps it; the same text under another name is another document (de-duplication
    # links the two by content hash)
    assert [i.doc_id for i in first] == ["two", "a/one"]
    copy = tmp_path.parent / f"{tmp_path.name}-copy"
    (copy / "a").mkdir(parents=True)
    (copy / "a" / "one.txt").write_text(" ".join(PARAS), encoding="utf-8")
    assert items_of(copy)[0].doc_id == "a/one"
    html_item = next(i for i in first if i.source.endswith(".html"))
    text, meta = prepare(html_item)
    assert "fuel taxes" in text and "Copyright" not in text and meta["title"] == "Fuel taxes"


def test_jsonl_with_configured_columns(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    rows = [{"body": PARAS[0], "headline": "Taxes", "link": "https://news.example/1", "day": "2023-01-02",
             "site": "News"},
            {"body": PARAS[1], "headline": "Bread", "link": "https://news.example/2", "day": "2023-01-03"},
            {"headline": "no text"}]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
        fh.write("{broken json\n")
    cols = Columns(text="body", title="headline", url="link", published="day", outlet="site")
    items = items_of(path, options=SourceOptions(columns=cols))
    assert len(items) == 4
    good = [i for i in items if not i.error]
    assert [prepare(i)[1]["title"] for i in good] == ["Taxes", "Bread"]
    assert prepare(good[0])[1] == {"doc_id": good[0].doc_id, "url": "https://news.example/1", "title": "Taxes",
                                   "published": "2023-01-02", "outlet": "News"}
    bad = [i.error for i in items if i.error]
    assert "no text field (body)" in bad[0] and "not a JSON object" in bad[1] and ":4:" not in bad[0]
    # same text at another URL is another document; the same record again is the same one
    assert good[0].doc_id != good[1].doc_id
    assert items_of(path, options=SourceOptions(columns=cols))[0].doc_id == good[0].doc_id


def test_csv_default_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('title,text,date,url\nTaxes,"' + PARAS[0] + ' ""Quoted,"" he said.",2023-01-02,'
                    'https://x.example/1\nEmpty,,2023-01-03,\n', encoding="utf-8")
    items = items_of(path)
    assert len(items) == 2
    text, meta = prepare(items[0])
    assert text.endswith('"Quoted," he said.') and meta["published"] == "2023-01-02"
    with pytest.raises(InputError, match="empty text"):
        prepare(items[1])


def test_warc_html_responses_only(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, status, ctype, payload in [
            ("https://news.example/a", "200 OK", "text/html; charset=utf-8", page("Fuel taxes")),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
            ("https://news.example/b", "200 OK", "text/html", page("Bread prices", "Bakers protested.")),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers))
    items = items_of(path)
    assert [i.meta["url"] for i in items] == ["https://news.example/a", "https://news.example/b"]
    text, meta = prepare(items[1])
    assert "Bakers protested." in text and meta["url"] == "https://news.example/b"


class _Site(BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/slow":
            time.sleep(2)
        if self.path not in self.pages:
            self.send_response(404)
            self.end_headers()
            return
        ctype, body = self.pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Site.pages = {
        "/a1.html": ("text/html", page("Fuel taxes")),
        "/a2.html": ("text/html", page("Bread prices", "Bakers protested.")),
        "/big.html": ("text/html", page("Big") + b" " * 300_000),
        "/slow": ("text/html", page("Slow")),
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/private/a.html": ("text/html", page("Private")),
        "/feed.xml": ("application/rss+xml", (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
            f'<item><title>Fuel taxes</title><link>{base}/a1.html</link>'
            '<pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate></item>'
            f'<item><title>Bread</title><link>{base}/a2.html</link></item>'
            f'<item><title>Gone</title><link>{base}/missing.html</link></item>'
            '</channel></rss>').encode()),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


FAST = FetchOptions(timeout=1.0, max_bytes=200_000, concurrency=4, per_host=2, delay=0.0)


def test_feed_entries_fetched_with_metadata(site):
    items = items_of(f"feed:{site}/feed.xml", options=SourceOptions(fetch=FAST))
    by_url = {i.meta.get("url"): i for i in items}
    assert set(by_url) == {f"{site}/a1.html", f"{site}/a2.html", f"{site}/missing.html"}
    a1 = by_url[f"{site}/a1.html"]
    text, meta = prepare(a1)
    assert meta["outlet"] == "Example News" and meta["published"] == "2023-01-02" and "fuel taxes" in text
    assert "HTTP 404" in by_url[f"{site}/missing.html"].error


def test_url_list_limits_and_skip(site, tmp_path):
    lst = tmp_path / "list.urls"
    lst.write_text(f"# today\n{site}/a1.html\n{site}/big.html\n{site}/slow\nnot-a-url\n{site}/a2.html\n"
                   f"{site}/private/a.html\n")
    items = items_of(lst, options=SourceOptions(fetch=FAST))
    errors = {i.source: i.error for i in items if i.error}
    assert "too large" in errors[f"{site}/big.html"]
    assert "timeout" in errors[f"{site}/slow"]
    assert any("not an http(s) URL" in e for e in errors.values())
    assert "robots.txt" in errors[f"{site}/private/a.html"]
    assert sum(1 for i in items if not i.error) == 2
    # URLs already stored are not fetched again
    again = items_of(lst, options=SourceOptions(fetch=FAST), skip_urls=lambda urls: set(urls))
    assert [i.source for i in again] == ["not-a-url"]


def test_polite_per_host_delay(site, tmp_path):
    lst = tmp_path / "l.urls"
    lst.write_text(f"{site}/a1.html\n{site}/a2.html\n{site}/missing.html\n")
    t0 = time.monotonic()
    items_of(lst, options=SourceOptions(fetch=FetchOptions(timeout=2, delay=0.3, concurrency=4)))
    assert time.monotonic() - t0 >= 0.6  # three requests to one host, 0.3 s apart


def test_unknown_source_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        kind_of(str(tmp_path / "nope"))
    assert kind_of("https://example.org/news/feed")[0] == "feed"
    assert kind_of(f"jsonl:{tmp_path}/x.txt") == ("jsonl", f"{tmp_path}/x.txt")
