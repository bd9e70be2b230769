"""The map page and its JSON twin on a store built by ``reportage run`` from texts written here.

The founding example's NATO summit is located in Vilnius (sentence basis); a second, short
article written for this test puts a material-conflict event at its Kyiv dateline, so the filters
(QuadClass, outlet, date) have something to tell apart. Skips when ../shared is absent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
from test_web_helpers import EXAMPLE

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
KYIV_TEXT = ("KYIV, March 5 (Reuters) - Russian forces shelled Avdiivka on Tuesday, Ukrainian officials said.\n\n"
             "Ukraine accused Russia of attacking civilians in Kharkiv.")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    if not EXAMPLE.exists():
        pytest.skip(f"founding example not found at {EXAMPLE} (../shared is absent)")
    tmp = tmp_path_factory.mktemp("map")
    src = tmp / "articles.jsonl"
    rows = [{"id": "putin-nato", "text": EXAMPLE.read_text(encoding="utf-8"), "published": "2023-07-13",
             "outlet": "sachkhabrain"},
            {"id": "kyiv-shelling", "text": KYIV_TEXT, "published": "2024-03-05", "outlet": "Reuters"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp / "map.duckdb"
    done = subprocess.run([sys.executable, "-m", "reportage.cli", "run", str(src), "--db", str(db), "--workers", "1",
                           "--quiet", "--no-dedup"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return db


@pytest.fixture(scope="module")
def client(store):
    from reportage.web.app import create_app

    return TestClient(create_app(store), base_url="http://127.0.0.1")


def _points(client, **params) -> dict:
    r = client.get("/api/map", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _vilnius(features: list[dict]) -> list[dict]:
    return [f for f in features if f["properties"]["place_name"] == "Vilnius"]


def test_api_map_has_the_vilnius_summit(client):
    d = _points(client)
    assert d["type"] == "FeatureCollection" and d["located"] == len(d["features"]) <= d["total"]
    hits = _vilnius(d["features"])
    assert hits, [f["properties"]["place_name"] for f in d["features"]]
    f = hits[0]
    lon, lat = f["geometry"]["coordinates"]
    assert f["geometry"]["type"] == "Point"
    assert lat == pytest.approx(54.69, abs=0.01) and lon == pytest.approx(25.28, abs=0.01)
    p = f["properties"]
    assert p["doc_id"] == "putin-nato" and p["country"] == "LTU" and p["basis"] == "sentence"
    assert p["quad_class"] in (1, 2, 3, 4) and p["event_id"].startswith("E")


def test_filters_plug_in(client):
    everything = _points(client)
    quads = {f["properties"]["quad_class"] for f in everything["features"]}
    assert len(quads) >= 2, "the two articles should give dots of more than one QuadClass"
    for q in quads:
        d = _points(client, quad=q)
        assert d["features"] and all(f["properties"]["quad_class"] == q for f in d["features"])
        assert d["query"]["quad"] == q
    assert {f["properties"]["doc_id"] for f in _points(client, outlet="reuters")["features"]} == {"kyiv-shelling"}
    assert {f["properties"]["doc_id"] for f in _points(client, date_to="2023-12-31")["features"]} == {"putin-nato"}
    assert _points(client, date_from="2030-01-01")["features"] == []
    assert len(_points(client, limit=1)["features"]) == 1
    bad = client.get("/api/map", params={"quad": "9"})
    assert bad.status_code == 422 and "quad" in bad.json()["detail"]


def test_map_page_is_offline_svg(client):
    r = client.get("/map", params={"outlet": "sachkhabrain"})
    assert r.status_code == 200
    html = r.text
    assert "<svg" in html and 'href="/static/map/world-110m.svg#countries"' in html
    assert re.search(r"<circle class=\"dot q[1-4]\"", html)
    assert "Vilnius" in html and 'href="/documents/putin-nato#rec-E' in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the map page must load nothing from elsewhere"
    assert "<script>" not in html
    zoomed = client.get("/map", params={"outlet": "sachkhabrain", "fit": "yes"}).text
    box = [float(v) for v in re.search(r'viewBox="([^"]+)"', zoomed.split('class="worldmap"', 2)[2]).group(1).split()]
    x, y, w, h = box
    assert w < 360 and x <= 25.28 + 180 <= x + w and y <= 90 - 54.69 <= y + h  # Vilnius inside the view
    outline = client.get("/static/map/world-110m.svg")
    assert outline.status_code == 200 and outline.text.count("<path") > 150
    assert 'id="countries"' in outline.text and "http://www.w3.org/2000/svg" in outline.text
    assert client.get("/static/map/LICENSE.world-atlas.txt").status_code == 200
    assert 'href="/map?outlet=reuters"' in client.get("/events", params={"outlet": "reuters"}).text


def test_document_page_shows_places(client):
    html = client.get("/documents/putin-nato").text
    assert "<h2 id=\"places\">" in html
    row = re.search(r"<tr id=\"place-P\d+\"><td>Vilnius.*?</tr>", html, re.S)
    assert row, "no Vilnius row in the places table"
    assert "54.6892, 25.2798" in row.group(0) and "LTU" in row.group(0) and "593116" in row.group(0)
    assert re.search(r"<th>place</th><td>Vilnius, Lithuania \(54\.6892, 25\.2798\) · sentence</td>", html)


def test_outline_build_is_reproducible():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_map.py"), "--check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
                shutil.which("chromium"))


@pytest.mark.browser
def test_map_in_chromium(store):
    """The outline (an external SVG ``<use>``) and the dots render under the real CSP, with no CSP report.

    Set REPORTAGE_MAP_SCREENSHOT=path to save the page (that is how docs/web-map.png is made).
    """
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser test skipped")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    import uvicorn
    from playwright.sync_api import sync_playwright

    from reportage.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the web server did not start"
        time.sleep(0.05)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
            pg = b.new_page(viewport={"width": 1200, "height": 900})
            console: list[str] = []
            pg.on("console", lambda m: console.append(m.text))
            loaded: list[tuple[str, int]] = []
            pg.on("response", lambda r: loaded.append((r.url, r.status)))
            pg.goto(f"http://127.0.0.1:{port}/map?fit=yes")
            pg.wait_for_load_state("networkidle")
            assert any(u.endswith("/static/map/world-110m.svg") and st == 200 for u, st in loaded), loaded
            assert all(u.startswith(f"http://127.0.0.1:{port}/") for u, _ in loaded), loaded
            assert not [c for c in console if "Content Security Policy" in c], console
            dots = pg.locator("svg.worldmap circle.dot")
            assert dots.count() >= 2
            box = dots.first.bounding_box()
            assert box and 3 <= box["width"] <= 60, box
            titles = " ".join(pg.locator("svg.worldmap circle.dot title").all_text_contents())
            assert "Vilnius" in titles
            shot = os.environ.get("REPORTAGE_MAP_SCREENSHOT")
            if shot:
                pg.goto(f"http://127.0.0.1:{port}/map")
                pg.wait_for_load_state("networkidle")
                pg.screenshot(path=shot, full_page=False)
            b.close()
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
