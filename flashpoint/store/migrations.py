"""Numbered schema migrations of the DuckDB store, applied in order at open.

Each migration is a ``Migration(number, description, statements)``. To change the schema, append a
new migration with the next number; never edit one that has shipped. ``apply_migrations`` runs
every pending migration in a single transaction and records each in ``schema_version``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from flashpoint.errors import StoreError


@dataclass(frozen=True)
class Migration:
    number: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    """
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY,          -- content hash (dedup key)
        record_id VARCHAR,               -- the input's own id, where it had one
        title VARCHAR NOT NULL,
        caption VARCHAR NOT NULL,
        body VARCHAR NOT NULL,
        url VARCHAR,
        outlet VARCHAR,
        published DATE,
        published_inferred BOOLEAN NOT NULL,
        language VARCHAR NOT NULL,
        origin VARCHAR,
        ingested_at TIMESTAMP NOT NULL   -- UTC
    )
    """,
    "CREATE INDEX articles_record_id ON articles(record_id)",
    """
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,     -- content hash of the article
        record_id VARCHAR,
        date DATE,
        date_precision VARCHAR,
        event_type VARCHAR NOT NULL,
        mode VARCHAR,
        cameo VARCHAR NOT NULL,
        goldstein DOUBLE,
        quad_class INTEGER NOT NULL,
        source_text VARCHAR,
        source_country VARCHAR,
        source_sector VARCHAR,
        source_actor_id VARCHAR,
        target_text VARCHAR,
        target_country VARCHAR,
        target_sector VARCHAR,
        target_actor_id VARCHAR,
        location_name VARCHAR,
        location_country VARCHAR,
        location_lat DOUBLE,
        location_lon DOUBLE,
        confidence DOUBLE NOT NULL,
        modality VARCHAR NOT NULL,
        trigger_start INTEGER NOT NULL,  -- offset of the trigger in Article.text (for ordering)
        payload JSON NOT NULL            -- Event.to_dict(): exact round-trip
    )
    """,
    "CREATE INDEX events_article_id ON events(article_id)",
    "CREATE INDEX events_date ON events(date)",
    "CREATE INDEX events_dyad ON events(source_country, target_country)",
    "CREATE INDEX events_event_type ON events(event_type)",
    """
    CREATE TABLE evidence (
        event_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL
            CHECK (role IN ('trigger', 'source', 'target', 'sentence', 'location')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text VARCHAR NOT NULL
    )
    """,
    "CREATE INDEX evidence_event_id ON evidence(event_id)",
    """
    CREATE TABLE actors (
        actor_id VARCHAR PRIMARY KEY,    -- id in the actor dictionary
        name VARCHAR,
        country VARCHAR,
        sector VARCHAR,
        first_seen DATE                  -- earliest event date (else publication / ingest date)
    )
    """,
)

# Background events (told as earlier context, Event.background) as a column for filtering;
# rows stored before it get the value kept in their payload.
_V2 = (
    "ALTER TABLE events ADD COLUMN background BOOLEAN",
    "UPDATE events SET background = "
    "coalesce(CAST(json_extract(payload, '$.background') AS BOOLEAN), false)",
)

# Live feeds: per-feed poll state (conditional GET validators, backoff) and the dedup keys
# (guid / canonical URL / content hash) of every feed item already stored.
_V3 = (
    """
    CREATE TABLE feed_state (
        url VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        etag VARCHAR,
        last_modified VARCHAR,           -- the server's Last-Modified header, verbatim
        failures INTEGER NOT NULL,       -- consecutive failed polls (backoff)
        next_poll_at DOUBLE NOT NULL,    -- epoch seconds
        last_status VARCHAR,
        last_error VARCHAR,
        updated_at TIMESTAMP NOT NULL    -- UTC
    )
    """,
    """
    CREATE TABLE feed_seen (
        key VARCHAR PRIMARY KEY,         -- 'guid:…', 'url:…' (canonical) or 'hash:…'
        feed_url VARCHAR NOT NULL,
        article_id VARCHAR,
        seen_at TIMESTAMP NOT NULL       -- UTC
    )
    """,
)

# Incidents: one real-world occurrence told by many events (flashpoint.aggregate links them).
# ``incident_events`` has a row for every event the linker has seen; ``incident_id`` is NULL for
# events that are not factual (future, hypothetical, negated) and so tell no incident.
_V4 = (
    """
    CREATE TABLE incidents (
        id VARCHAR NOT NULL,             -- "inc-" + id of its earliest event
        day DATE,                        -- best-supported date, else first_seen
        event_type VARCHAR,
        quad_class INTEGER,
        source_country VARCHAR,
        target_country VARCHAR,
        source_actor VARCHAR,
        target_actor VARCHAR,
        place VARCHAR,
        date DATE,                       -- best-supported event date (NULL: none resolved)
        first_seen DATE,
        last_seen DATE,
        num_events INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        goldstein DOUBLE,
        confidence DOUBLE NOT NULL,
        reading JSON NOT NULL,           -- Incident.to_dict(): readings with confidences
        updated_at TIMESTAMP NOT NULL
    )
    """,
    "CREATE INDEX incidents_id ON incidents(id)",
    "CREATE INDEX incidents_day ON incidents(day)",
    "CREATE INDEX incidents_dyad ON incidents(source_country, target_country)",
    """
    CREATE TABLE incident_events (
        event_id VARCHAR NOT NULL,
        incident_id VARCHAR
    )
    """,
    "CREATE INDEX incident_events_event ON incident_events(event_id)",
    "CREATE INDEX incident_events_incident ON incident_events(incident_id)",
)

# Maintained aggregates for trend series (flashpoint.aggregate.series reads them, not the whole
# ``incidents`` and ``articles`` tables): incidents per (day, directed dyad, type, quad class)
# with their Goldstein sum, kept up to date in the transaction that replaces incidents; and
# articles per publication day (news volume), synced by the linker and checked against the
# article count before use. Missing values are '' (countries, type) and 0 (quad class) so the
# keys can be compared with ``=``; Goldstein sums are DECIMAL so adding and removing an incident
# is exact and the sums do not depend on the order incidents were written in.
_V5 = (
    """
    CREATE TABLE incident_daily (
        day DATE NOT NULL,
        source_country VARCHAR NOT NULL,
        target_country VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        quad_class INTEGER NOT NULL,
        incidents BIGINT NOT NULL,
        goldstein_n BIGINT NOT NULL,     -- incidents with a Goldstein value
        goldstein_sum DECIMAL(38, 10) NOT NULL
    )
    """,
    """
    INSERT INTO incident_daily
    SELECT day, coalesce(source_country, ''), coalesce(target_country, ''),
           coalesce(event_type, ''), coalesce(quad_class, 0), count(*), count(goldstein),
           coalesce(sum(CAST(goldstein AS DECIMAL(38, 10))), 0)
    FROM incidents WHERE day IS NOT NULL GROUP BY ALL
    ORDER BY 2, 3, 1
    """,
    "CREATE TABLE article_volume (day DATE NOT NULL, articles BIGINT NOT NULL)",
    """
    INSERT INTO article_volume SELECT published, count(*) FROM articles
    WHERE published IS NOT NULL GROUP BY published
    """,
)

# Names (capitalised words: "Kuriga", "Moskva") of the evidence sentences of linked events, the
# incident linker's search key for events without a country or place (written with the events'
# incidents; events linked before this version are found by name after ``link --relink``).
# ``day``: the event's own date where the coder resolved it to a day, else NULL; rows are
# written as events are linked (roughly in time order), so a date range skips most row groups.
_V6 = (
    "CREATE TABLE event_names (event_id VARCHAR NOT NULL, name VARCHAR NOT NULL, day DATE)",
    "CREATE INDEX event_names_name ON event_names(name)",
    "CREATE INDEX event_names_event ON event_names(event_id)",
)

# The component (events joined by a chain of candidate links) each incident was split from
# (flashpoint.aggregate.partition): an event linked later re-splits its whole component, so the
# component's other incidents must be found. Stores linked before this version had no splitting:
# each incident was its own component.
_V7 = (
    "ALTER TABLE incident_events ADD COLUMN component_id VARCHAR",
    # (the index first: DuckDB cannot create one over updates not yet committed)
    "CREATE INDEX incident_events_component ON incident_events(component_id)",
    "UPDATE incident_events SET component_id = incident_id",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, evidence, actors", _V1),
    Migration(2, "events.background", _V2),
    Migration(3, "feed_state, feed_seen (live feeds)", _V3),
    Migration(4, "incidents, incident_events", _V4),
    Migration(5, "incident_daily, article_volume (trend aggregates)", _V5),
    Migration(6, "event_names (incident linking search key)", _V6),
    Migration(7, "incident_events.component_id (incidents split from one component)", _V7),
)

LATEST_VERSION = MIGRATIONS[-1].number


def utc_now() -> datetime:
    """Current UTC time as a naive timestamp (DuckDB TIMESTAMP columns hold UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Schema version of an open database; 0 for a database flashpoint never touched."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_name = 'schema_version' AND table_schema = 'main'"
    ).fetchall()
    if not found[0][0]:
        return 0
    rows = con.execute("SELECT max(version) FROM schema_version").fetchall()
    return int(rows[0][0]) if rows[0][0] is not None else 0


def check_version(version: int, where: str, latest: int = LATEST_VERSION) -> None:
    """Refuse a database written by a newer flashpoint than this one."""
    if version > latest:
        raise StoreError(
            f"{where}: the store has schema version {version}, but this flashpoint knows only "
            f"versions up to {latest}. Upgrade flashpoint to open it."
        )


def apply_migrations(
    con: duckdb.DuckDBPyConnection, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> list[int]:
    """Apply every pending migration in one transaction; return the numbers applied."""
    version = current_version(con)
    check_version(version, where, migrations[-1].number)
    pending = [m for m in migrations if m.number > version]
    if not pending:
        return []
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
        for m in pending:
            for sql in m.statements:
                con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)", [m.number, m.description, utc_now()]
            )
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(
            f"{where}: migration to schema version {pending[-1].number} failed: {exc}"
        ) from exc
    return [m.number for m in pending]
