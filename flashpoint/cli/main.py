"""`flashpoint` command line: code, show, export (+ eval, bench). Thin shell over the library."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from flashpoint.errors import FlashpointError

app = typer.Typer(
    help="flashpoint: who did what to whom, where, when, according to whom, and how sure.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file of the store.")]
DEFAULT_DB = Path("flashpoint.duckdb")


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per event on stdout, nothing else.")] = False,
    db: DbOption = DEFAULT_DB,
    no_store: Annotated[bool, typer.Option("--no-store", help="Code without writing to the store.")] = False,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="spaCy worker processes.")] = 1,
    include_negated: Annotated[bool, typer.Option("--include-negated", help="Also emit negated events (modality 'negated').")] = False,
    actors: Annotated[Optional[Path], typer.Option("--actors", help="Your actor overlay (YAML, same format as people_orgs.yaml).")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="Config file (default: flashpoint.toml in the working directory, if present).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per store transaction (a crash loses at most one batch).")] = 200,
    dask: Annotated[bool, typer.Option("--dask", help="Code on Dask distributed (a local cluster unless --scheduler), via partitioned Parquet.")] = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); implies --dask.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes of the local Dask cluster.")] = 2,
) -> None:
    """Code news items into events, print them and store them in DuckDB."""
    from flashpoint.cli.render import print_article
    from flashpoint.jobs import code_sources
    from flashpoint.pipeline import Pipeline
    from flashpoint.store import Store

    out = Console(width=shutil.get_terminal_size((160, 40)).columns)
    emit = sys.stdout.write

    def show(article, events) -> None:
        if json_out:
            for e in events:
                emit(json.dumps(e.to_dict(), ensure_ascii=False, default=str) + "\n")
        else:
            print_article(out, article, events)

    try:
        from flashpoint.config import load_config

        overlay = actors or load_config(config).actors_overlay
        if dask or scheduler:
            _code_on_dask(paths, db=db, no_store=no_store, scheduler=scheduler, workers=workers,
                          options={"include_negated": include_negated, "actors_overlay": overlay})
            return
        pipe = Pipeline(n_process=n_process, include_negated=include_negated, actors_overlay=overlay)
        store = None if no_store else Store(db)
        try:
            report = code_sources(paths, store=store, pipeline=pipe, on_result=show, stdin=sys.stdin,
                                      batch_size=batch_size)
        finally:
            if store is not None:
                store.close()
    except FlashpointError as exc:
        _fail(str(exc))
        return
    for problem in report.rejected:
        err.print(f"[red]rejected[/red] {problem}")
    where = "" if no_store else f" into {db}"
    err.print(
        f"{report.articles_read} article(s) read, {report.articles_coded} coded, "
        f"{report.articles_already_stored} already stored, {report.events} event(s){where}; "
        f"{len(report.rejected)} rejected"
    )
    if report.rejected:
        raise typer.Exit(1)


def _code_on_dask(paths: list[str], *, db: Path, no_store: bool, scheduler: Optional[str], workers: int,
                  options: dict) -> None:
    """`code --dask`: partition outputs go to DB.parts/ (kept: a rerun resumes from them)."""
    from flashpoint.scale import code_corpus
    from flashpoint.store import Store

    parts = Path(f"{db}.parts")
    store = None if no_store else Store(db)
    try:
        report = code_corpus(paths, store=store, out_dir=parts, scheduler=scheduler, n_workers=workers,
                             pipeline_options=options)
    finally:
        if store is not None:
            store.close()
    for problem in report.rejected:
        err.print(f"[red]rejected[/red] {problem}")
    err.print(
        f"{report.partitions} partition(s) ({report.partitions_skipped} done before), "
        f"{report.articles_coded} article(s) coded at {report.articles_per_s:.1f}/s on {report.workers} worker(s), "
        f"{report.articles_loaded} stored into {db}, {report.events} event(s); {len(report.rejected)} rejected"
    )
    if report.rejected:
        raise typer.Exit(1)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Content hash (or a unique prefix) or the input's record id.")],
    db: DbOption = DEFAULT_DB,
    json_out: Annotated[bool, typer.Option("--json", help="Print the events as JSON lines.")] = False,
) -> None:
    """Show a stored article with its events and their evidence."""
    from flashpoint.cli.render import print_article
    from flashpoint.store import Store

    if not db.exists():
        _fail(f"no store at {db} (run `flashpoint code FILE --db {db}` first)")
    try:
        with Store(db, read_only=True) as store:
            article = store.article(article_id)
            if article is None:
                _fail(f"no article '{article_id}' in {db}")
                return
            events = store.events(article_id=article.id)
    except FlashpointError as exc:
        _fail(str(exc))
        return
    if json_out:
        for e in events:
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False, default=str) + "\n")
        return
    print_article(Console(width=shutil.get_terminal_size((160, 40)).columns), article, events)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="plover | gdelt | parquet | csv | jsonl")],
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    db: DbOption = DEFAULT_DB,
    event_type: Annotated[Optional[str], typer.Option("--type", help="Only this PLOVER type.")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="Only events with this ISO3 country as source or target.")] = None,
    modality: Annotated[Optional[str], typer.Option("--modality", help="Only this modality: asserted, reported, speculated, denied, negated, future, hypothetical, demanded.")] = None,
    no_background: Annotated[bool, typer.Option("--no-background", help="Leave out events told as earlier context (background).")] = False,
) -> None:
    """Export stored events (PLOVER JSON, GDELT 2.0 TSV, Parquet, CSV, JSONL)."""
    from flashpoint.export import FORMATS
    from flashpoint.store import Store

    # flashpoint.claims.MODALITIES (not imported here: it loads spaCy)
    modalities = ("asserted", "reported", "speculated", "denied", "negated", "future", "hypothetical", "demanded")

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}'; supported: {', '.join(FORMATS)}")
    if modality is not None and modality not in modalities:
        _fail(f"unknown modality '{modality}'; supported: {', '.join(modalities)}")
    if not db.exists():
        _fail(f"no store at {db} (run `flashpoint code FILE --db {db}` first)")
    try:
        with Store(db, read_only=True) as store:
            n = store.export(fmt, out, event_type=event_type, country=country, modality=modality,
                             background=False if no_background else None)
    except (FlashpointError, ValueError, OSError) as exc:
        _fail(str(exc))
        return
    err.print(f"{n} event(s) written to {out} ({fmt})")


def _register_optional() -> None:
    """Commands that live in their own modules (eval, bench) register themselves."""
    import importlib

    for name in ("flashpoint.cli.eval_cmd", "flashpoint.cli.bench_cmd", "flashpoint.cli.actors_cmd",
                 "flashpoint.cli.aggregate_cmd", "flashpoint.cli.watch_cmd", "flashpoint.cli.serve_cmd"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_register_optional()

if __name__ == "__main__":  # pragma: no cover
    app()
