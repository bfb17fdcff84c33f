"""Benchmark corpus and a smoke run of the benchmark (keys and sane values, not timings)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flashpoint.bench import build_article, build_corpus, run_bench
from flashpoint.cli import bench_cmd

JSON_KEYS = {"n_articles", "articles_per_s", "words_per_s", "peak_rss_mb", "spacy_articles_per_s",
             "ratio_vs_spacy", "stages"}


def test_corpus_is_deterministic_and_news_sized() -> None:
    a = build_corpus(5)
    b = build_corpus(5)
    assert [x.body for x in a] == [x.body for x in b]
    assert build_article(3).body == a[3].body  # an article does not depend on the others
    assert build_corpus(2, seed=7)[0].body != a[0].body
    for art in a:
        assert 580 <= art.n_words <= 760
        assert "(" in art.body.split("\n")[0]  # a dateline "CITY, Month D (AGENCY) -"
        assert art.record()["id"] == art.id and art.record()["published"] == art.published.isoformat()
    assert len({art.title for art in build_corpus(30)}) > 10


def test_corpus_rejects_zero() -> None:
    with pytest.raises(ValueError, match="at least one article"):
        build_corpus(0)


@pytest.mark.slow
def test_bench_smoke(tmp_path: Path) -> None:
    r = run_bench(5, workdir=tmp_path)
    d = r.to_dict()
    assert JSON_KEYS <= d.keys()
    assert d["n_articles"] == 5 and r.n_words > 2500
    assert r.articles_per_s > 0 and r.words_per_s > r.articles_per_s * 500
    assert 50 < r.peak_rss_mb < 4000
    assert r.spacy_articles_per_s > 0 and r.ratio_vs_spacy > 0
    assert set(r.stages) >= {"ingest", "spacy", "coding", "resolution", "store"}
    assert all(v >= 0 for v in r.stages.values())
    assert sum(r.stages.values()) == pytest.approx(r.seconds, rel=0.25)
    assert r.n_events > 0  # the corpus is made of event sentences among others
    assert (tmp_path / "bench.duckdb").exists()
    json.dumps(d)  # serialisable as the --json output


@pytest.mark.slow
def test_bench_cli_json(tmp_path: Path) -> None:
    app = typer.Typer()
    bench_cmd.register(app)
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["--n", "2", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert JSON_KEYS <= data.keys() and data["n_articles"] == 2
    assert json.loads(out.read_text())["n_articles"] == 2
