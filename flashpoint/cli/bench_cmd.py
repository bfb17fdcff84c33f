"""``flashpoint bench``: throughput of the whole coding path (shell over flashpoint.bench)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.errors import FlashpointError


def bench_command(
    n: Annotated[int, typer.Option("--n", min=1, help="Number of ~600-word articles to code.")] = 100,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object with the figures.")] = False,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="spaCy worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="spaCy nlp.pipe batch size.")] = 64,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Corpus seed (default: the fixed benchmark seed).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Also write the JSON figures to this file (for `flashpoint eval --bench-json`).")] = None,
) -> None:
    """Code a reproducible corpus through ingest, spaCy, coding, resolution and DuckDB; compare with bare spaCy."""
    from flashpoint.bench.corpus import DEFAULT_SEED
    from flashpoint.bench.runner import run_bench

    err = Console(stderr=True)
    try:
        result = run_bench(n, seed=DEFAULT_SEED if seed is None else seed, n_process=n_process, batch_size=batch_size)
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    data = result.to_dict()
    if out is not None:
        out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    if json_out:
        sys.stdout.write(json.dumps(data) + "\n")
        return
    table = Table(title=f"flashpoint bench: {n} articles, {result.n_words} words, n_process={n_process}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("articles/s", f"{result.articles_per_s:.1f}")
    table.add_row("words/s", f"{result.words_per_s:.0f}")
    table.add_row("peak RSS (MB)", f"{result.peak_rss_mb:.0f}")
    table.add_row("bare spaCy articles/s", f"{result.spacy_articles_per_s:.1f}")
    table.add_row("ratio vs bare spaCy", f"{result.ratio_vs_spacy:.2f}")
    table.add_row("events", str(result.n_events))
    table.add_row("pipeline load (s, not counted)", f"{result.load_seconds:.2f}")
    total = sum(result.stages.values()) or 1.0
    for stage, secs in result.stages.items():
        table.add_row(f"  {stage}", f"{secs:.2f} s ({100 * secs / total:.0f}%)")
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``bench`` to the ``flashpoint`` command line."""
    app.command("bench")(bench_command)
