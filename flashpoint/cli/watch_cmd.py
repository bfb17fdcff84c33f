"""`flashpoint watch FEEDS`: poll RSS/Atom feeds, code and store every new item once."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from flashpoint.errors import FlashpointError

err = Console(stderr=True)


def watch(
    feeds: Annotated[Path, typer.Argument(help="Feed list: a text file of feed URLs (optionally 'name URL' per line) or an OPML file.")],
    db: Annotated[Path, typer.Option("--db", help="DuckDB file of the store.")] = Path("flashpoint.duckdb"),
    interval: Annotated[float, typer.Option("--interval", min=0.0, help="Seconds between polls of a feed.")] = 900.0,
    once: Annotated[bool, typer.Option("--once", help="Poll every due feed once, then exit.")] = False,
    max_polls: Annotated[Optional[int], typer.Option("--max-polls", min=1, help="Stop after this many polling rounds.")] = None,
    fetch_pages: Annotated[bool, typer.Option("--fetch-pages", help="Fetch each item's page and extract its full text.")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow feeds and pages on private, loopback or link-local addresses.")] = False,
) -> None:
    """Watch feeds: code new items into the store continuously (Ctrl-C to stop)."""
    from flashpoint.pipeline import default_pipeline
    from flashpoint.store import Store
    from flashpoint.watch import watch_feeds

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        with Store(db) as store:
            report = watch_feeds(
                feeds, store=store, pipeline=default_pipeline(), interval=interval,
                max_polls=1 if once else max_polls, fetch_pages=fetch_pages, allow_private=allow_private,
                on_result=lambda a, evs: err.print(f"coded {a.public_id[:24]} {a.title[:80]!r}: {len(evs)} event(s)"),
            )
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        err.print("stopped")
        return
    for failure in report.failures:
        err.print(f"[yellow]feed failed[/yellow] {failure}")
    for problem in report.rejected:
        err.print(f"[red]rejected[/red] {problem}")
    err.print(f"{report.polls} round(s), {report.feed_polls} feed poll(s) ({report.not_modified} not modified, "
              f"{len(report.failures)} failed): {report.items_new} new item(s) coded, "
              f"{report.items_already_seen} already seen, {report.events} event(s) into {db}")


def register(app: typer.Typer) -> None:
    app.command(name="watch")(watch)
