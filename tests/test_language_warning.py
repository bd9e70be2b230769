"""The non-English warning comes from the pipeline, once, whichever way a text arrives:
``reportage analyze``, ``reportage run`` (read back from the store) and ``POST /api/analyze``."""

from __future__ import annotations

import json

import pytest

from reportage.cli import main
from reportage.inputs import FEW_ENGLISH_WORDS, NOT_LATIN
from reportage.pipeline import analyze

# written for this test
GERMAN = ("Die Ministerin sagte am Dienstag in Wien, dass die Regierung die Grenzkontrollen nicht verschärfen "
          "werde. Die Opposition nannte den Plan unzureichend und verlangte eine Abstimmung im Parlament über "
          "die Kosten und über die Folgen für die Gemeinden an der Grenze zu Ungarn und Slowenien.\n")
RUSSIAN = "Министр заявил во вторник, что правительство не будет повышать налоги в этом году.\n"
ENGLISH = "The minister said on Tuesday that the government would not raise taxes this year.\n"


def _language(warnings: list[str]) -> list[str]:
    return [w for w in warnings if w in (FEW_ENGLISH_WORDS, NOT_LATIN)]


def test_pipeline_adds_the_warning_once():
    assert _language(analyze(GERMAN, published="2024-03-05").warnings) == [FEW_ENGLISH_WORDS]
    assert _language(analyze(RUSSIAN, published="2024-03-05").warnings) == [NOT_LATIN]
    assert _language(analyze(ENGLISH, published="2024-03-05").warnings) == []


def test_analyze_command_warns_once_in_json_and_on_stderr(tmp_path, capsys):
    path = tmp_path / "wien.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert main(["analyze", str(path), "--json", "--date", "2024-03-05"]) == 0
    out, err = capsys.readouterr()
    assert _language(json.loads(out)["warnings"]) == [FEW_ENGLISH_WORDS]
    assert err.count(f"reportage: warning: {path}: {FEW_ENGLISH_WORDS}") == 1


def test_run_stores_the_warning_once(tmp_path):
    from reportage.run import RunOptions, run
    from reportage.store import Store

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "wien.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "moskau.txt").write_text(RUSSIAN, encoding="utf-8")
    (folder / "london.txt").write_text(ENGLISH, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    run([str(folder)], db, RunOptions(in_process=True, progress=False))
    with Store(db, read_only=True) as store:
        warned = {d: _language(store.get_document(d)["warnings"]) for d in ("wien", "moskau", "london")}
    assert warned == {"wien": [FEW_ENGLISH_WORDS], "moskau": [NOT_LATIN], "london": []}


def test_api_analyze_warns_once():
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from reportage.web.app import create_app

    client = TestClient(create_app(None), base_url="http://127.0.0.1")
    r = client.post("/api/analyze", json={"text": GERMAN, "date": "2024-03-05"})
    assert r.status_code == 200, r.text
    assert _language(r.json()["warnings"]) == [FEW_ENGLISH_WORDS]
