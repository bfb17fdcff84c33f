"""``flashpoint actors``: the unknown-actor review queue and overlay validation (thin shell over
:func:`flashpoint.store.unknown_actors.unknown_actors` and
:func:`flashpoint.resolve.actors.validate_overlay`)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from flashpoint.errors import FlashpointError

actors_app = typer.Typer(help="Actor knowledge base: unresolved names, user overlays.",
                         no_args_is_help=True)
err = Console(stderr=True)


@actors_app.command("unknown")
def unknown_command(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file of the store.")] = Path("flashpoint.duckdb"),
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many names to list.")] = 50,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per name.")] = False,
) -> None:
    """List unresolved actor names by frequency, with example sentences."""
    from flashpoint.store import Store
    from flashpoint.store.unknown_actors import unknown_actors

    if not db.exists():
        err.print(f"[red]error:[/red] no store at {db} (run `flashpoint code FILE --db {db}` first)")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as store:
            rows = unknown_actors(store, limit=limit)
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if json_out:
        for r in rows:
            sys.stdout.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"unresolved actors in {db} ({len(rows)} shown)")
    for col in ("name", "mentions", "articles", "as", "example"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.text, str(r.count), str(r.articles), "/".join(r.roles),
                      r.examples[0] if r.examples else "")
    Console().print(table)


@actors_app.command("validate")
def validate_command(
    path: Annotated[Path, typer.Argument(help="Actor overlay YAML (people_orgs.yaml format).")],
) -> None:
    """Check a user actor overlay; errors name the file and the entry."""
    from flashpoint.resolve.actors import validate_overlay

    try:
        n = validate_overlay(path)
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    err.print(f"{path}: {n} valid actor entr{'y' if n == 1 else 'ies'}")


def register(app: typer.Typer) -> None:
    """Add ``actors`` (unknown, validate) to the ``flashpoint`` command line."""
    app.add_typer(actors_app, name="actors")
