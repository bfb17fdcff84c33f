"""Bulk insert of an Arrow table into a DuckDB table (by column name), the one way the store writes."""
from __future__ import annotations

import duckdb
import pyarrow as pa


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, rows: pa.Table) -> None:
    """``INSERT INTO table (cols) SELECT cols FROM rows`` through a temporary view; ``table`` is
    one of our own table names (never user input), values travel as Arrow data."""
    view = f"_fp_new_{table}"
    con.register(view, rows)
    try:
        cols = ", ".join(f'"{c}"' for c in rows.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
    finally:
        con.unregister(view)
