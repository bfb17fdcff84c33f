"""``flashpoint eval``: score the pipeline on gold JSONL files (shell over flashpoint.eval)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from flashpoint.errors import FlashpointError


def _bench_figures(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FlashpointError(f"{path}: cannot read benchmark figures ({exc})") from exc
    items = data if isinstance(data, list) else [data]
    needed = {"n_articles", "articles_per_s", "words_per_s", "peak_rss_mb", "spacy_articles_per_s", "ratio_vs_spacy"}
    for item in items:
        if not isinstance(item, dict) or not needed <= item.keys():
            raise FlashpointError(f"{path}: each benchmark object needs the keys {sorted(needed)} "
                                  "(the output of `flashpoint bench --json`)")
    return items


def eval_command(
    gold: Annotated[list[Path], typer.Option("--gold", help="Gold JSONL file (repeat for several).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object with all scores.")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Write a Markdown report (docs/EVALUATION.md).")] = None,
    bench_json: Annotated[Optional[Path], typer.Option("--bench-json", help="Benchmark figures (`flashpoint bench --json` output, one object or a list) to include in --report.")] = None,
    petrarch_dicts: Annotated[Optional[Path], typer.Option("--petrarch-dicts", help="Folder with PETR.Validate.actors.txt for petr_validate gold files (default: beside the gold folder).")] = None,
    records: Annotated[bool, typer.Option("--records", help="With --json: add every record's gold and predicted events.")] = False,
) -> None:
    """Code gold-standard sentences with the normal pipeline and score type, quad class, dyad, actors and calibration."""
    from flashpoint.bench.runner import machine_info
    from flashpoint.eval.harness import evaluate
    from flashpoint.eval.report import markdown_report, print_report

    err = Console(stderr=True)
    try:
        benches = _bench_figures(bench_json) if bench_json else []
        result = evaluate(gold, petrarch_dicts=petrarch_dicts, keep_records=records)
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if json_out:
        sys.stdout.write(json.dumps(result.to_dict(with_records=records), ensure_ascii=False) + "\n")
    else:
        print_report(result)
    if report is not None:
        command = "flashpoint eval " + " ".join(f"--gold {p}" for p in gold) + f" --report {report}"
        bench_command = None
        if bench_json:
            command += f" --bench-json {bench_json}"
            bench_command = f"# {bench_json} from: python benchmarks/bench_pipeline.py --out {bench_json}"
        text = markdown_report(result, command=command, machine=machine_info(), benches=benches,
                               bench_command=bench_command)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(text, encoding="utf-8")
        err.print(f"report written to {report}")


def register(app: typer.Typer) -> None:
    """Add ``eval`` to the ``flashpoint`` command line."""
    app.command("eval")(eval_command)
