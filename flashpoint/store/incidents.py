"""Rows of the ``incidents`` and ``incident_events`` tables (schema version 4): replaced in one
transaction by :mod:`flashpoint.aggregate`, which decides what an incident is."""
from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pyarrow as pa

from flashpoint.errors import StoreError
from flashpoint.store.duckdb_store import Store

# Flat columns the linker reads for every event (see flashpoint.aggregate.records.make_record).
EVENT_LINK_COLUMNS = """
    e.id AS event_id, e.article_id, a.outlet, a.published, e.event_type, e.quad_class,
    e.goldstein, e.confidence, e.source_country, e.source_sector, e.source_actor_id,
    e.target_country, e.target_sector, e.target_actor_id, e.location_name,
    e.location_country, e.location_lat AS lat, e.location_lon AS lon, e.date AS event_date,
    coalesce(e.background, false) AS background, e.modality,
    json_extract_string(e.payload, '$.evidence.sentence') AS sentence
"""


def replace_incidents(
    store: Store, event_ids: Sequence[str], incidents: pa.Table, members: pa.Table
) -> None:
    """Drop the incidents of ``event_ids`` and these events' memberships, then insert
    ``incidents`` and ``members`` (columns named as the tables'), all in one transaction."""
    if store.read_only:
        raise StoreError(f"{store.path}: opened read-only; cannot link incidents")
    con = store._con  # the store package owns its connection
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _fp_ids AS SELECT unnest(?::VARCHAR[]) AS id",
                    [list(event_ids)])
        con.execute(
            "DELETE FROM incidents WHERE id IN (SELECT incident_id FROM incident_events "
            "WHERE event_id IN (SELECT id FROM _fp_ids) AND incident_id IS NOT NULL)"
        )
        con.execute("DELETE FROM incident_events WHERE event_id IN (SELECT id FROM _fp_ids)")
        for name, table in (("incidents", incidents), ("incident_events", members)):
            if table.num_rows == 0:
                continue
            view = f"_fp_new_{name}"
            con.register(view, table)
            try:
                cols = ", ".join(f'"{c}"' for c in table.column_names)
                con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {view}")
            finally:
                con.unregister(view)
        con.execute("DROP TABLE _fp_ids")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"{store.path}: writing incidents failed and was rolled back: {exc}") from exc


def clear_incidents(store: Store) -> None:
    """Forget every incident (``flashpoint link --relink`` starts over)."""
    con = store._con
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM incident_events")
    con.execute("DELETE FROM incidents")
    con.execute("COMMIT")
