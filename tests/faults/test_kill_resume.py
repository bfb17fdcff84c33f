"""SIGKILL in the middle of a large ingest, then a restart: every article stored exactly once, and
the store opens cleanly (DuckDB replays its write-ahead log; a batch in flight is rolled back)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fp_corpus import write_jsonl

from flashpoint.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

N = 300


def _code(corpus: Path, db: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "flashpoint.cli.main", "code", str(corpus), "--db", str(db),
                             "--json", "--batch-size", "10", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_sigkill_mid_ingest_then_restart_stores_each_article_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "wire-1.jsonl", 0, N // 2)
    write_jsonl(corpus / "wire-2.jsonl", N // 2, N - N // 2)
    db = tmp_path / "store.duckdb"

    proc = _code(corpus, db)
    lines = 0
    try:
        for _ in proc.stdout:  # events of stored batches are printed after each commit
            lines += 1
            if lines >= 40:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=120)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"

    with Store(db) as store:  # opens cleanly after the kill
        partial = store.counts()["articles"]
    assert 0 < partial < N

    proc = _code(corpus, db)
    out, errs = proc.communicate(timeout=600)
    assert proc.returncode == 0, errs[-2000:]
    summary = " ".join(errs.split())
    assert f"{N} article(s) read" in summary and f"{partial} already stored" in summary
    assert f"{N - partial} coded" in summary

    with Store(db, read_only=True) as store:
        rows = store.sql("SELECT count(*) AS n, count(DISTINCT id) AS ids, count(DISTINCT record_id) AS rids "
                         "FROM articles").rows()
        assert rows == [(N, N, N)]
        orphans = store.sql("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").item()
        dup_events = store.sql("SELECT count(*) - count(DISTINCT id) FROM events").item()
        assert orphans == 0 and dup_events == 0
        assert store.counts()["events"] >= N // 2  # the corpus is news: most items have events
