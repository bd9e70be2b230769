"""The document page in a real browser: Debian's headless Chromium driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium (``apt-get install
chromium``; .ci/run installs it). Where that or the playwright package is missing, the tests
skip with the reason. Set REPORTAGE_SCREENSHOT=path to also save the founding example's page
there (that is how docs/screenshot-document.png is made).
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from test_web_helpers import EXAMPLE, INJECTION_TEXT, build_store, putin_quote

pytestmark = pytest.mark.browser

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
                shutil.which("chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser tests skipped")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if not EXAMPLE.exists():
        pytest.skip(f"founding example not found at {EXAMPLE} (../shared is absent)")
    import uvicorn

    from reportage.web.app import create_app

    db = tmp_path_factory.mktemp("browser") / "web.duckdb"
    docs = build_store(db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", docs
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def test_founding_example_in_the_browser(server, page, tmp_path):
    base, docs = server
    doc = docs["putin"]
    q = putin_quote(doc)
    assert q is not None, "Putin's colon quote was not extracted"
    speaker = doc.actor(q.speaker)
    assert "Putin" in speaker.name and ("Vladimir Putin" == speaker.name or any(
        m.text == "Vladimir Putin" for m in speaker.mentions))

    page.goto(f"{base}/documents/{doc.id}")
    quote = page.locator(f'.hl-content[data-refs~="{q.id}"]')
    assert quote.count() >= 1
    assert "".join(quote.all_text_contents()).startswith("We have talked")
    assert quote.first.evaluate("el => getComputedStyle(el).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    inspector = page.locator("#inspector-body")
    quote.first.hover()  # hovering previews the record
    assert inspector.get_attribute("data-ref") == quote.first.get_attribute("data-refs").split()[-1]
    page.locator(f'.hl-source[data-refs~="{q.id}"]').first.click()
    assert inspector.get_attribute("data-ref") == q.id
    assert "Putin" in inspector.locator("table.fields").first.inner_text()
    assert page.locator(f"#rec-{q.id}").get_attribute("open") is not None

    chains = page.locator(".chains .chain").all_inner_texts()
    assert any(c.startswith("sachkhabrain ← Sputnik ←") and "Putin" in c for c in chains), chains

    assert doc.events, "the founding example has no coded events to click"
    inside = page.locator(f'.hl-trigger[data-refs~="{q.id}"]')  # an event inside Putin's quote, if any
    trigger = inside.first if inside.count() else page.locator(".hl-trigger[data-refs]").first
    refs = trigger.get_attribute("data-refs").split()
    trigger.click()
    event_id = refs[-1]
    assert inspector.get_attribute("data-ref") == event_id
    text = inspector.inner_text()
    event = next(e for e in doc.events if e.id == event_id)
    assert event.cameo in text and "Goldstein" in text and event.trigger.text in text
    assert page.locator(f"#rec-{event_id}").get_attribute("open") is not None
    assert page.locator(f'.hl.active[data-refs~="{event_id}"]').count() >= 1
    assert not page.errors, page.errors

    shot = tmp_path / "document.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("REPORTAGE_SCREENSHOT"):
        page.screenshot(path=os.environ["REPORTAGE_SCREENSHOT"])


def _assert_not_pwned(page, base_title: str) -> None:
    assert page.evaluate("() => window.__pwned === undefined"), "an injected script ran"
    assert page.title() == base_title and page.title() != "pwned"
    assert not page.dialogs, page.dialogs
    assert page.locator("#text img, #text script, #text svg, #text b, #text a").count() == 0


def test_script_injection_article_stays_text(server, page, tmp_path):
    base, docs = server
    page.goto(f"{base}/documents/{docs['inject'].id}")
    page.wait_for_load_state("load")
    text = page.locator("#text").inner_text()
    assert "<script>window.__pwned = 1;" in text and '<img src=x onerror="window.__pwned = 2">' in text
    assert "<script>document.title='pwned'</script>Talks" in page.locator("h1").inner_text()
    for seg in page.locator(".hl[data-refs]").all()[:10]:
        seg.hover()
        seg.click()
    _assert_not_pwned(page, "<script>document.title='pwned'</script>Talks · Reportage")
    page.screenshot(path=str(tmp_path / "injection.png"))

    # the same text pasted into the analyze form
    page.goto(base + "/")
    page.fill("#text", INJECTION_TEXT)
    page.click("form.analyze button[type=submit]")
    page.wait_for_selector("#text")
    assert "<script>window.__pwned = 1;" in page.locator("#text").inner_text()
    from reportage.web.views import display_title

    _assert_not_pwned(page, display_title(None, INJECTION_TEXT[:300], "posted") + " · Reportage")
    assert not page.errors, page.errors


def test_analyst_path_statements_document_actor_dyad_csv(server, page, tmp_path):
    """Search statements by a speaker, open the document, the actor, the dyad over a date range,
    download its events as CSV and match the CSV to the table on the page."""
    base, docs = server
    page.goto(base + "/statements")
    page.fill("input[name=speaker]", "Putin")
    page.click("form.search button[type=submit]")
    rows = page.locator("table.statements tbody tr")
    assert rows.count() >= 3
    assert all("Vladimir Putin" in t for t in rows.locator("td:first-child").all_inner_texts())
    assert "stated" in page.locator("table.statements").inner_text()

    rows.first.locator("td.doc a.title").click()  # the document, at that statement's record
    page.wait_for_selector("#text")
    assert page.url.startswith(f"{base}/documents/putin-nato-sachkhabrain")
    assert page.locator("h1").inner_text() != "putin-nato-sachkhabrain"  # a title, not the id

    page.locator("table.actors a", has_text="Vladimir Putin").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Vladimir Putin"
    assert "RUSGOV" in page.locator("p.meta").first.inner_text()

    page.goto(base + "/dyad?a=Russia&b=Ukraine")
    page.fill("input[name=date_from]", "2024-03-01")
    page.fill("input[name=date_to]", "2024-03-31")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**date_from=2024-03-01**")
    table = page.locator("table.events tbody tr")
    shown = [(r.locator("td.doc a.title").get_attribute("href"), r.locator("td.sentence").inner_text())
             for r in table.all()]
    assert len(shown) == 2 and all("hand-dyad" in href for href, _ in shown)
    assert any("Russia attacked Ukraine on Monday." in sentence for _, sentence in shown)
    with page.expect_download() as dl:
        page.click("a.button:has-text('Download CSV')")
    path = tmp_path / "dyad.csv"
    dl.value.save_as(path)
    with path.open(encoding="utf-8") as f:
        rows_csv = list(csv.DictReader(f))
    assert [f"/documents/{r['doc_id']}#rec-{r['event_id']}" for r in rows_csv] == [href for href, _ in shown]
    assert [r["sentence_text"] for r in rows_csv] == [s for _, s in shown]
    assert all("2024-03-01" <= r["day"] <= "2024-03-31" for r in rows_csv)
    assert not page.errors, page.errors


def test_pages_fit_a_390px_phone(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    base, _ = server
    try:
        for path in ("/", "/search?q=NATO", "/statements?speaker=Putin", "/events", "/actors?q=put",
                     "/network", "/documents/putin-nato-sachkhabrain"):
            pg.goto(base + path)
            links = pg.locator("header.top nav a")
            assert links.count() == 7
            for box in (links.nth(i).bounding_box() for i in range(links.count())):
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, box)
            width = pg.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, f"{path} scrolls sideways ({width} px)"
        pg.screenshot(path=str(tmp_path / "phone.png"))
    finally:
        context.close()
