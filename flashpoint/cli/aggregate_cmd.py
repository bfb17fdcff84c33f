"""``flashpoint link | incidents | series | alerts``: thin shells over :mod:`flashpoint.aggregate`."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.errors import FlashpointError

err = Console(stderr=True)
DB = Annotated[Path, typer.Option("--db", help="DuckDB file of the store.")]
JSON = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]


def _fail(exc: Exception) -> None:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


def _need(db: Path) -> None:
    if not db.exists():
        err.print(f"[red]error:[/red] no store at {db} (run `flashpoint code FILE --db {db}` first)")
        raise typer.Exit(2)


def _jsonl(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")


def link_command(
    db: DB = Path("flashpoint.duckdb"),
    relink: Annotated[bool, typer.Option("--relink", help="Forget incidents, link all again.")] = False,
    compact: Annotated[bool, typer.Option(
        "--compact", help="Then rewrite the trend aggregates clustered by dyad (after much "
        "incremental linking, so series read few row groups again).")] = False,
) -> None:
    """Link stored events not linked yet into incidents (all of them with --relink)."""
    from flashpoint.aggregate import link_store
    from flashpoint.store import Store
    from flashpoint.store.incidents import rebuild_trend_aggregates

    _need(db)
    try:
        with Store(db) as store:
            r = link_store(store, relink=relink)
            if compact and not relink:  # --relink rebuilds them already
                rebuild_trend_aggregates(store)
    except FlashpointError as exc:
        _fail(exc)
        return
    err.print(f"linked {r.events_linked} events into {r.incidents_written} incidents "
              f"({r.events_skipped} not factual, {r.comparisons} comparisons)"
              + ("; trend aggregates compacted" if compact else ""))  # fmt: skip


def incidents_command(
    db: DB = Path("flashpoint.duckdb"),
    json_out: JSON = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many incidents.")] = 50,
) -> None:
    """List incidents, most reported first."""
    from flashpoint.store import Store

    _need(db)
    try:
        with Store(db, read_only=True) as store:
            rows = store.sql(
                "SELECT id, day, event_type, source_country, target_country, place, num_articles, "
                "num_sources, first_seen, last_seen, goldstein, confidence, reading FROM incidents "
                "ORDER BY num_articles DESC, day DESC, id LIMIT ?", [limit]).to_dicts()
    except FlashpointError as exc:
        _fail(exc)
        return
    if json_out:
        _jsonl([{**r, "reading": json.loads(r["reading"])} for r in rows])
        return
    table = Table(title=f"incidents in {db} ({len(rows)} shown)")
    for col in ("id", "day", "type", "dyad", "place", "articles", "outlets", "conf"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"], str(r["day"]), r["event_type"] or "",
                      f"{r['source_country'] or '?'}→{r['target_country'] or '?'}", r["place"] or "",
                      str(r["num_articles"]), str(r["num_sources"]), f"{r['confidence']:.2f}")
    Console().print(table)


def series_command(
    dyad: Annotated[str | None, typer.Option("--dyad", help="Two country codes, e.g. IRN-USA.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="One country code.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    by: Annotated[str, typer.Option("--by", help="day or week.")] = "day",
    directed: Annotated[bool, typer.Option("--directed", help="Dyad source→target only.")] = False,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG figure here.")] = None,
    db: DB = Path("flashpoint.duckdb"),
    json_out: JSON = False,
) -> None:
    """Incident series by day/week (quad classes, Goldstein, escalation, news volume)."""
    from flashpoint.aggregate.alerts import dyad_alerts
    from flashpoint.aggregate.series import parse_dyad, series
    from flashpoint.store import Store

    _need(db)
    try:
        with Store(db, read_only=True) as store:
            frame = series(store, dyad=dyad, country=country, event_type=event_type, by=by,
                           directed=directed)  # fmt: skip
            marks = dyad_alerts(store, parse_dyad(dyad), by=by) if dyad and plot else None
    except FlashpointError as exc:
        _fail(exc)
        return
    if plot is not None:
        from flashpoint.aggregate.plot import plot_series

        title = f"{dyad or country or event_type or 'all'} incidents by {by}"
        plot_series(frame, plot, title=title, alerts=marks)
        err.print(f"wrote {plot}")
    if json_out:
        _jsonl(frame.to_dicts())
    elif plot is None:
        Console().print(frame)


def alerts_command(
    db: DB = Path("flashpoint.duckdb"),
    json_out: JSON = False,
    by: Annotated[str, typer.Option("--by", help="day or week.")] = "day",
    min_incidents: Annotated[int, typer.Option("--min-incidents", help="Dyads with at least this many incidents.")] = 10,
    both: Annotated[bool, typer.Option("--both", help="De-escalations too.")] = False,
) -> None:
    """Escalation alerts per dyad, each with the incidents behind it."""
    from flashpoint.aggregate.alerts import alerts
    from flashpoint.store import Store

    _need(db)
    try:
        with Store(db, read_only=True) as store:
            frame = alerts(store, by=by, min_incidents=min_incidents,
                           direction=None if both else "up")
    except FlashpointError as exc:
        _fail(exc)
        return
    if json_out:
        _jsonl(frame.to_dicts())
        return
    if frame.height == 0:
        err.print("no alerts")
    for r in frame.iter_rows(named=True):
        Console().print(f"[bold]{r['dyad']}[/bold] {r['direction']} from {r['start']}: {r['explanation']}")


def register(app: typer.Typer) -> None:
    app.command("link")(link_command)
    app.command("incidents")(incidents_command)
    app.command("series")(series_command)
    app.command("alerts")(alerts_command)
