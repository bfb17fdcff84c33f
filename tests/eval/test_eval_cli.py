"""`flashpoint eval` end to end on a small gold file written for the test (real pipeline)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flashpoint.cli import eval_cmd

RECORDS = [
    {"id": "t1", "text": "Israeli warplanes bombed Hamas positions in Gaza on Tuesday, killing three militants.",
     "events": [{"source": "ISRMIL", "target": "PSEREB", "code": "195", "plover": None}]},
    {"id": "t2", "text": "Russia condemned the United States on Monday over new sanctions.",
     "events": [{"source": "RUS", "target": "USA", "code": "122", "plover": None}]},
    {"id": "t3", "text": "Heavy rains flooded several districts of the capital overnight, officials said.",
     "events": []},
]
JSON_KEYS = {"n_records", "n_gold", "n_pred", "type_p", "type_r", "type_f1", "quad_macro_f1", "dyad_f1",
             "source_country_acc", "target_country_acc", "files"}


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini_gold.jsonl"
    lines = [json.dumps({**r, "code_scheme": "cameo", "date": "20200108"}) for r in RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _app() -> typer.Typer:
    app = typer.Typer()
    eval_cmd.register(app)
    return app


@pytest.mark.slow
def test_eval_json_and_report(gold_file: Path, tmp_path: Path) -> None:
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps({"n_articles": 100, "articles_per_s": 5.0, "words_per_s": 3100.0,
                                 "peak_rss_mb": 640.0, "spacy_articles_per_s": 8.0, "ratio_vs_spacy": 0.62,
                                 "stages": {"spacy": 12.0, "coding": 2.0}}))
    report = tmp_path / "docs" / "EVALUATION.md"
    result = CliRunner().invoke(_app(), ["--gold", str(gold_file), "--json", "--report", str(report),
                                         "--bench-json", str(bench)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert JSON_KEYS <= data.keys()
    assert data["n_records"] == 3 and data["n_gold"] == 2
    assert data["n_pred"] >= 1 and 0.0 <= data["type_f1"] <= 1.0
    assert data["files"]["mini_gold"]["scheme"] == "cameo"
    fields = data["field_reliability"]  # per-field reliability of the matched pairs
    assert {"type", "source", "target"} <= fields.keys()
    for f in fields.values():
        assert f["n"] == sum(b["n"] for b in f["bins"]) >= 1
        assert 0.0 <= f["ece"] <= 1.0 and 0.0 <= f["accuracy"] <= 1.0
    assert data["files"]["mini_gold"]["field_reliability"].keys() == fields.keys()
    text = report.read_text(encoding="utf-8")
    assert "## Headline scores" in text and "mini_gold" in text
    assert "### Reliability of the per-field confidence (overall)" in text and "`target`:" in text
    assert f"flashpoint eval --gold {gold_file}" in text
    assert "## Throughput benchmark" in text and "## Machine" in text and "cpu_count" in text


@pytest.mark.slow
def test_eval_tables_and_bad_gold(gold_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["--gold", str(gold_file)])
    assert result.exit_code == 0, result.output
    assert "type F1" in result.output and "dyad F1" in result.output and "reliability" in result.output
    assert "reliability of field confidence" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Iran protested.", "events": [], "code_scheme": "cameo"}\n{oops\n')
    result = CliRunner().invoke(_app(), ["--gold", str(bad)])
    assert result.exit_code == 2
    assert "bad.jsonl:2" in result.output
