"""DuckDB store of coded articles and events: schema + migrations, bulk writes, typed queries.

Imports only ``flashpoint.model``, ``flashpoint.errors`` and libraries (``Store.export`` imports
``flashpoint.export`` when called).
"""
from flashpoint.store.duckdb_store import AddReport, Store
from flashpoint.store.frames import FRAME_SCHEMA, frame_from_events
from flashpoint.store.migrations import LATEST_VERSION, MIGRATIONS

__all__ = [
    "AddReport",
    "FRAME_SCHEMA",
    "LATEST_VERSION",
    "MIGRATIONS",
    "Store",
    "frame_from_events",
]
