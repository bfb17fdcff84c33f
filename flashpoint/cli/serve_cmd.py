"""``flashpoint serve``: the REST API and dashboard (a thin shell over :func:`flashpoint.api.create_app`)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from flashpoint.errors import FlashpointError

err = Console(stderr=True)


def serve_command(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file of the store (created if missing).")] = Path("flashpoint.duckdb"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    api_key_file: Annotated[Optional[Path], typer.Option("--api-key-file", help="File holding the API key HASH (see --hash-key); else $FLASHPOINT_API_KEY_HASH; without either, writes are refused.")] = None,
    read_key: Annotated[bool, typer.Option("--read-key", help="Require the API key for reads too.")] = False,
    max_body: Annotated[int, typer.Option("--max-body", min=1024, help="Largest request body in bytes.")] = 2_000_000,
    hash_key_flag: Annotated[bool, typer.Option("--hash-key", help="Read an API key (prompt or stdin), print its hash for --api-key-file, and exit.")] = False,
    page_index: Annotated[bool, typer.Option("--page-index/--no-page-index", help="Answer GET /events from an in-memory index built at start (about 110 MB and 3 s per million events); --no-page-index: from DuckDB scans.")] = True,
    payload_cache_mb: Annotated[int, typer.Option("--payload-cache-mb", min=0, help="Memory for recently served event payloads, with the page index (0: none).")] = 64,
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) and the dashboard at /."""
    from flashpoint.api import hash_key, load_key_hash

    try:
        if hash_key_flag:
            key = sys.stdin.readline().strip() if not sys.stdin.isatty() else typer.prompt(
                "API key", hide_input=True, confirmation_prompt=True)
            sys.stdout.write(hash_key(key) + "\n")
            return
        key_hash = load_key_hash(api_key_file)
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        import uvicorn

        from flashpoint.api import create_app
        from flashpoint.api.serving import uvicorn_options
    except ModuleNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}; install the server with: pip install \"flashpoint[serve]\"")
        raise typer.Exit(2) from None
    try:
        app = create_app(db, api_key_hash=key_hash, read_key_required=read_key, max_body_bytes=max_body,
                         page_index=page_index, payload_cache_mb=payload_cache_mb)
    except FlashpointError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    if key_hash is None:
        err.print("[yellow]no API key configured: POST /articles is refused[/yellow] "
                  "(flashpoint serve --hash-key > key.hash; flashpoint serve --api-key-file key.hash)")
    err.print(f"flashpoint: dashboard http://{host}:{port}/ · API docs http://{host}:{port}/docs · store {db}")
    uvicorn.run(app, host=host, port=port, **uvicorn_options())


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
