"""The `flashpoint` console script end to end, in subprocesses, on real files and a real DuckDB."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "flashpoint.cli.main", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300, env=env,
    )


@pytest.fixture(scope="module")
def coded(tmp_path_factory, example_path):
    """The example coded once with --json into a fresh store."""
    work = tmp_path_factory.mktemp("e2e")
    res = run("code", str(example_path), "--json", cwd=work)
    assert res.returncode == 0, res.stderr
    events = [json.loads(line) for line in res.stdout.splitlines()]
    return work, events, res


def test_json_output_is_only_event_objects(coded):
    _, events, res = coded
    assert events, "the example has events"
    for e in events:
        for key in ("id", "article_id", "date", "event_type", "mode", "cameo", "goldstein",
                    "quad_class", "source", "target", "location", "confidence", "evidence"):
            assert key in e
        assert 0.0 <= e["confidence"] <= 1.0
    assert "1 coded" in res.stderr


def test_example_missile_strike_by_iran_in_iraq(coded):
    _, events, _ = coded
    strikes = [e for e in events if e["event_type"] == "ASSAULT" and e["source"]["country"] == "IRN"]
    assert strikes, [(e["event_type"], e["source"]) for e in events]
    assert any(e["location"] and e["location"]["country"] == "IRQ" for e in strikes)
    assert any(e["target"] and e["target"]["country"] == "USA" for e in strikes)


def test_example_protest_in_washington(coded):
    _, events, _ = coded
    protests = [e for e in events if e["event_type"] == "PROTEST"]
    assert protests
    assert protests[0]["location"]["country"] == "USA"
    assert protests[0]["source"]["sector"] == "CVL"


def test_example_plane_crash_is_not_an_attack(coded):
    _, events, _ = coded
    for e in events:
        if e["event_type"] == "ASSAULT":
            assert "crash" not in e["evidence"]["sentence"], e["evidence"]["sentence"]


def test_evidence_offsets_point_into_the_article(coded, example_path):
    work, events, _ = coded
    con = duckdb.connect(str(work / "flashpoint.duckdb"), read_only=True)
    try:
        title, caption, body = con.execute("select title, caption, body from articles").fetchone()
    finally:
        con.close()
    text = "\n\n".join(p for p in (title, caption, body) if p)
    for e in events:
        ev = e["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["sentence"]
        t = ev["trigger"]
        assert text[t["start"]:t["end"]] == t["text"]
        if e["source"]["span"]:
            s = e["source"]["span"]
            assert text[s["start"]:s["end"]] == s["text"] == e["source"]["text"]


def test_recoding_the_same_article_stores_it_once(coded, example_path):
    work, events, _ = coded
    res = run("code", str(example_path), cwd=work)
    assert res.returncode == 0, res.stderr
    assert "1 already stored" in res.stderr
    con = duckdb.connect(str(work / "flashpoint.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from articles").fetchone()[0] == 1
        assert con.execute("select count(*) from events").fetchone()[0] == len(events)
    finally:
        con.close()


def test_show_prints_the_article_with_its_events(coded):
    work, events, _ = coded
    res = run("show", events[0]["article_id"], cwd=work)
    assert res.returncode == 0, res.stderr
    assert "Iran fired missiles" in res.stdout and "ASSAULT" in res.stdout


@pytest.mark.parametrize("fmt,name", [("plover", "out.json"), ("gdelt", "out.tsv"),
                                      ("parquet", "out.parquet"), ("csv", "out.csv"),
                                      ("jsonl", "out.jsonl")])
def test_export_formats(coded, fmt, name):
    work, events, _ = coded
    out = work / name
    res = run("export", "--format", fmt, "--out", str(out), cwd=work)
    assert res.returncode == 0, res.stderr
    assert out.exists() and out.stat().st_size > 0
    if fmt == "gdelt":
        rows = list(csv.reader(out.open(encoding="utf-8"), delimiter="\t"))
        assert len(rows) == len(events) and all(len(r) == 61 for r in rows)
    if fmt == "plover":
        records = json.loads(out.read_text(encoding="utf-8"))
        assert {r["event_type"] for r in records} == {e["event_type"] for e in events}


def test_bad_input_is_reported_and_the_rest_is_coded(tmp_path, coded):
    work, events, _ = coded
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (bad / "feed.jsonl").write_text(
        json.dumps({"id": "r1", "text": "Police arrested 20 protesters in Nairobi on Monday."}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "r3", "text": "Turkish troops shelled Kurdish positions in northern Syria."}) + "\n",
        encoding="utf-8",
    )
    res = run("code", str(bad), "--json", cwd=work)
    assert res.returncode == 1
    assert "feed.jsonl:2" in res.stderr and "empty.txt" in res.stderr and "blob.txt" in res.stderr
    coded_ids = {json.loads(line)["article_id"] for line in res.stdout.splitlines()}
    assert {"r1", "r3"} <= coded_ids  # the input's own ids are carried as article_id
    con = duckdb.connect(str(work / "flashpoint.duckdb"), read_only=True)
    try:  # the example coded earlier is still there, untouched
        assert con.execute("select count(*) from articles").fetchone()[0] == 3
    finally:
        con.close()


def test_stdin_and_help(tmp_path):
    res = run("code", "-", "--json", "--no-store", cwd=tmp_path,
              stdin="Israeli jets struck targets in Gaza on Tuesday.\n")
    assert res.returncode == 0, res.stderr
    assert any(json.loads(l)["event_type"] == "ASSAULT" for l in res.stdout.splitlines())
    for cmd in ("code", "show", "export"):
        h = run(cmd, "--help", cwd=tmp_path)
        assert h.returncode == 0 and "--db" in h.stdout
