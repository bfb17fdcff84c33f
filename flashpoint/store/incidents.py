"""Rows of the ``incidents`` and ``incident_events`` tables (schema version 4): replaced in one
transaction by :mod:`flashpoint.aggregate`, which decides what an incident is; and the trend
aggregates kept beside them (schema version 5): ``incident_daily``, updated in that same
transaction, and ``article_volume``, synced from ``articles``."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa

from flashpoint.errors import StoreError
from flashpoint.store.arrow_insert import insert_arrow
from flashpoint.store.duckdb_store import Store

# Flat columns the linker reads for every event (see flashpoint.aggregate.records.make_record).
EVENT_LINK_COLUMNS = """
    e.id AS event_id, e.article_id, a.outlet, a.published, e.event_type, e.quad_class,
    e.goldstein, e.confidence, e.source_country, e.source_sector, e.source_actor_id,
    e.target_country, e.target_sector, e.target_actor_id, e.target_text, e.location_name,
    e.location_country, e.location_lat AS lat, e.location_lon AS lon, e.date AS event_date,
    e.date_precision, e.cameo, json_extract_string(e.payload, '$.date_source') AS date_source,
    json_extract_string(e.payload, '$.location.feature') AS location_feature,
    coalesce(e.background, false) AS background, e.modality,
    coalesce(a.language, 'en') AS language,
    json_extract_string(e.payload, '$.evidence.sentence') AS sentence
"""


def replace_incidents(
    store: Store, event_ids: Sequence[str], incidents: pa.Table, members: pa.Table,
    names: pa.Table | None = None,
) -> None:
    """Drop the incidents of ``event_ids`` and these events' memberships, then insert
    ``incidents`` and ``members`` (columns named as the tables'), and move ``incident_daily``
    by the difference, all in one transaction. ``names`` (event_id, name) replaces the
    ``event_names`` rows of the events it lists."""
    if store.read_only:
        raise StoreError(f"{store.path}: opened read-only; cannot link incidents")
    con = store._con  # the store package owns its connection
    con.execute("BEGIN TRANSACTION")
    try:
        ids = _id_set(con, "_fp_ids", list(event_ids))
        old = [r[0] for r in con.execute(
            f"SELECT DISTINCT incident_id FROM incident_events WHERE event_id IN {ids} "
            "AND incident_id IS NOT NULL").fetchall()]  # fmt: skip
        old_ids = _id_set(con, "_fp_old", old)
        con.register("_fp_new_incidents", incidents)
        try:
            _update_daily(con, old_ids, incidents.num_rows > 0)
        finally:
            con.unregister("_fp_new_incidents")
        if old:
            con.execute(f"DELETE FROM incidents WHERE id IN {old_ids}")
        con.execute(f"DELETE FROM incident_events WHERE event_id IN {ids}")
        if names is not None and names.num_rows:
            named = _id_set(con, "_fp_named", sorted(set(names.column("event_id").to_pylist())))
            con.execute(f"DELETE FROM event_names WHERE event_id IN {named}")
            insert_arrow(con, "event_names", names)
            con.execute("DROP TABLE IF EXISTS _fp_named")
        for name, table in (("incidents", incidents), ("incident_events", members)):
            if table.num_rows:
                insert_arrow(con, name, table)
        con.execute("DROP TABLE IF EXISTS _fp_ids")
        con.execute("DROP TABLE IF EXISTS _fp_old")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"{store.path}: writing incidents failed and was rolled back: {exc}") from exc


_LITERAL_MAX = 2000  # longer id lists go through a temporary table


def _id_set(con: duckdb.DuckDBPyConnection, name: str, ids: list[str]) -> str:
    """SQL for ``x IN …`` over ``ids``: constants for a few (index look-ups), else a temp table."""
    if len(ids) <= _LITERAL_MAX:
        return in_list(ids)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest(?::VARCHAR[]) AS id", [ids])
    return f"(SELECT id FROM {name})"


_KEYS = "day, source_country, target_country, event_type, quad_class"
_DAILY_ROW = """
    SELECT day, coalesce(source_country, '') AS source_country,
           coalesce(target_country, '') AS target_country, coalesce(event_type, '') AS event_type,
           coalesce(quad_class, 0) AS quad_class, {sign} AS incidents,
           {sign} * CAST(goldstein IS NOT NULL AS BIGINT) AS goldstein_n,
           {sign} * coalesce(CAST(goldstein AS DECIMAL(38, 10)), 0) AS goldstein_sum
    FROM {table} WHERE day IS NOT NULL"""


def _update_daily(con: duckdb.DuckDBPyConnection, old_ids: str, with_new: bool) -> None:
    """Take the incidents ``old_ids`` out of ``incident_daily`` and put those of the registered
    ``_fp_new_incidents`` in: only the (day, dyad, type, quad) rows they touch are rewritten (the
    day range keeps the scan to a few row groups)."""
    parts = [_DAILY_ROW.format(sign=-1, table="incidents") + f" AND id IN {old_ids}"]
    if with_new:
        parts.append(_DAILY_ROW.format(sign=1, table="_fp_new_incidents"))
    delta = con.sql(
        f"SELECT {_KEYS}, sum(incidents) AS incidents, sum(goldstein_n) AS goldstein_n, "
        f"sum(goldstein_sum) AS goldstein_sum FROM ({' UNION ALL '.join(parts)}) GROUP BY ALL"
    ).to_arrow_table()
    if delta.num_rows == 0:
        return
    days = delta.column("day").to_pylist()
    touched = (f"day BETWEEN DATE '{min(days)}' AND DATE '{max(days)}' AND ({_KEYS}) IN "
               f"(SELECT ({_KEYS}) FROM _fp_delta)")  # fmt: skip
    con.register("_fp_delta", delta)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _fp_merged AS SELECT "
            f"{_KEYS}, sum(incidents) AS incidents, sum(goldstein_n) AS goldstein_n, "
            "CAST(sum(goldstein_sum) AS DECIMAL(38, 10)) AS goldstein_sum FROM ("
            f"SELECT * FROM incident_daily WHERE {touched} UNION ALL "
            "SELECT * FROM _fp_delta) GROUP BY ALL HAVING sum(incidents) <> 0"
        )
        con.execute(f"DELETE FROM incident_daily WHERE {touched}")
    finally:
        con.unregister("_fp_delta")
    con.execute(f"INSERT INTO incident_daily ({_KEYS}, incidents, goldstein_n, goldstein_sum) "
                f"SELECT {_KEYS}, incidents, goldstein_n, goldstein_sum FROM _fp_merged")
    con.execute("DROP TABLE _fp_merged")


def clear_incidents(store: Store) -> None:
    """Forget every incident (``flashpoint link --relink`` starts over)."""
    con = store._con
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM incident_events")
    con.execute("DELETE FROM event_names")
    con.execute("DELETE FROM incidents")
    con.execute("DELETE FROM incident_daily")
    con.execute("COMMIT")


# incident_daily rows written in this order keep one dyad's rows in a few row groups, whose zone
# maps let a dyad series skip the rest; rows added later by linking go at the end.
_CLUSTER = "source_country, target_country, day"


def rebuild_trend_aggregates(store: Store) -> None:
    """Recompute ``incident_daily`` (clustered by dyad) and ``article_volume`` from the tables:
    for repair, for stores filled by bulk SQL, and to re-cluster after much incremental linking
    (``flashpoint link --relink`` does it)."""
    con = store._con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM incident_daily")
        con.execute(f"INSERT INTO incident_daily ({_KEYS}, incidents, goldstein_n, goldstein_sum) "
                    f"SELECT {_KEYS}, sum(incidents), sum(goldstein_n), sum(goldstein_sum) FROM ("
                    + _DAILY_ROW.format(sign=1, table="incidents") + ") GROUP BY ALL "
                    f"ORDER BY {_CLUSTER}")  # fmt: skip
        con.execute("DELETE FROM article_volume")
        con.execute("INSERT INTO article_volume SELECT published, count(*) FROM articles "
                    "WHERE published IS NOT NULL GROUP BY published")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"{store.path}: rebuilding trend aggregates failed: {exc}") from exc


def volume_in_sync(store: Store) -> bool:
    """Whether ``article_volume`` counts every dated article stored (articles are only ever
    added, so equal totals mean equal counts)."""
    row = store._con.execute(
        "SELECT (SELECT count(published) FROM articles), "
        "(SELECT coalesce(sum(articles), 0) FROM article_volume)").fetchall()[0]
    return bool(row[0] == row[1])


def sync_article_volume(store: Store, days: Sequence[date] | None = None) -> None:
    """Recount ``article_volume`` for ``days`` (the publication days of articles just added),
    then for every day if the totals still disagree (articles stored without the linker)."""
    if store.read_only:
        return
    con = store._con
    if days:
        day_list = ", ".join(f"DATE '{d.isoformat()}'" for d in sorted(set(days)))
        try:
            con.execute(
                f"BEGIN TRANSACTION; DELETE FROM article_volume WHERE day IN ({day_list}); "
                "INSERT INTO article_volume SELECT published, count(*) FROM articles "
                f"WHERE published BETWEEN DATE '{min(days).isoformat()}' "
                f"AND DATE '{max(days).isoformat()}' AND published IN ({day_list}) "
                "GROUP BY published; COMMIT")  # fmt: skip
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"{store.path}: updating article volume failed: {exc}") from exc
    if not volume_in_sync(store):
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM article_volume")
        con.execute("INSERT INTO article_volume SELECT published, count(*) FROM articles "
                    "WHERE published IS NOT NULL GROUP BY published")
        con.execute("COMMIT")


def frame(store: Store, query: str, params: list[Any] | None = None) -> pl.DataFrame:
    """A read query's result as a polars frame, through Arrow (no Python row objects)."""
    return store._con.sql(query, params=params or None).pl()



def block_frame(store: Store, block: pa.Table, query: str, params: list[Any]) -> pl.DataFrame:
    """:func:`frame` with ``block`` (the linker's new events' search keys) visible to the query
    as ``_fp_block``."""
    con = store._con
    con.register("_fp_block", block)
    try:
        return con.sql(query, params=params).pl()
    finally:
        con.unregister("_fp_block")


def in_list(values: Sequence[str]) -> str:
    """``('a', 'b')`` for ``x IN …``: constants, unlike a parameter list, let DuckDB use the
    ``events``/``incident_events`` indexes and zone maps for a handful of ids (a long list
    becomes a constant list to join against instead)."""
    if not values:
        return "(NULL)"
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    if len(values) > _LITERAL_MAX:
        return f"(SELECT unnest([{quoted}]))"
    return f"({quoted})"
