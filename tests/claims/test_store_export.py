"""Claims in the store and the exports: the background column and filter, the PLOVER extras,
and ``flashpoint export --no-background / --modality``."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from flashpoint.cli.main import app
from flashpoint.ingest import read_text_item
from flashpoint.store import Store

TEXT = ("Hezbollah fired rockets at northern Israel on Wednesday after an Israeli airstrike killed "
        "one of its commanders. Israeli jets struck a house in Rafah, Palestinian officials said.")


@pytest.fixture(scope="module")
def coded(pipeline):
    article = read_text_item(TEXT, published=date(2024, 3, 14))
    return article, pipeline.code_article(article)


@pytest.fixture()
def db(tmp_path, coded):
    path = tmp_path / "claims.duckdb"
    with Store(path) as store:
        store.add([coded])
    return path


def test_background_column_is_filled_and_filters(db, coded):
    _, events = coded
    assert any(e.background for e in events) and not all(e.background for e in events)
    with Store(db, read_only=True) as store:
        rows = store.sql("SELECT id, background FROM events")
        stored = dict(zip(rows["id"], rows["background"]))
        assert stored == {e.id: e.background for e in events}
        news = store.events(background=False)
        told = store.events(background=True)
        assert {e.id for e in news} == {e.id for e in events if not e.background}
        assert {e.id for e in told} == {e.id for e in events if e.background}
        assert len(store.events_frame(background=False)) == len(news)
        reported = store.events(modality="reported")
        assert reported and all(e.attribution for e in reported)
        # the payload round-trips the claim fields
        again = {e.id: e for e in store.events()}
        for e in events:
            assert again[e.id].attribution == e.attribution
            assert again[e.id].field_confidence == e.field_confidence


def test_plover_export_carries_mode_context_and_claim_extras(db, tmp_path, coded):
    out = tmp_path / "events.jsonl"
    with Store(db, read_only=True) as store:
        n = store.export("plover", out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert n == len(records) == len(coded[1])
    for r in records:
        assert {"mode", "context", "modality", "attribution", "background", "date_precision", "flags"} <= set(r)
    reported = [r for r in records if r["modality"] == "reported"]
    assert reported and reported[0]["attribution"][0]["text"] == "Palestinian officials"
    assert any(r["background"] for r in records)


def test_cli_export_no_background_and_modality(db, tmp_path, coded):
    runner = CliRunner()
    out = tmp_path / "news.jsonl"
    res = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", str(db), "--no-background"])
    assert res.exit_code == 0, res.output
    ids = {json.loads(line)["id"] for line in out.read_text().splitlines()}
    assert ids == {e.id for e in coded[1] if not e.background}
    res = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", str(db), "--modality", "maybe"])
    assert res.exit_code == 2
    assert "unknown modality" in res.output
