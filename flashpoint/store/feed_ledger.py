"""Feed poll state and seen-item keys in the store (tables ``feed_state`` / ``feed_seen``,
schema version 3). Plain dicts in and out: the store does not import the ingest layer;
``flashpoint.watch`` adapts them to ``FeedState``."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flashpoint.store.duckdb_store import Store
from flashpoint.store.migrations import utc_now

__all__ = ["FEED_STATE_FIELDS", "FeedTables"]

FEED_STATE_FIELDS = ("url", "name", "etag", "last_modified", "failures", "next_poll_at",
                     "last_status", "last_error")


class FeedTables:
    """Read and write the feed tables of an open (writable) :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self._con = store._con  # same package: the store's one connection
        self._store = store

    def load_state(self, url: str) -> dict[str, Any] | None:
        rows = self._con.execute(
            f"SELECT {', '.join(FEED_STATE_FIELDS)} FROM feed_state WHERE url = ?", [url]
        ).fetchall()
        return dict(zip(FEED_STATE_FIELDS, rows[0])) if rows else None

    def save_state(self, state: dict[str, Any]) -> None:
        values = [state.get(f) for f in FEED_STATE_FIELDS] + [utc_now()]
        cols = ", ".join(FEED_STATE_FIELDS)
        updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in FEED_STATE_FIELDS[1:])
        self._con.execute(
            f"INSERT INTO feed_state ({cols}, updated_at) VALUES ({', '.join('?' * (len(values)))}) "
            f"ON CONFLICT (url) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at",
            values,
        )

    def seen_keys(self, keys: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return set()
        rows = self._con.execute(
            "SELECT key FROM feed_seen WHERE key IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
        return {r[0] for r in rows}

    def mark_seen(self, items: Iterable[tuple[str, str, str]]) -> None:
        rows = list(items)
        if not rows:
            return
        keys, feeds, ids = (list(col) for col in zip(*rows))
        self._con.execute(
            "INSERT INTO feed_seen SELECT * FROM (SELECT unnest(?::VARCHAR[]) AS key, "
            "unnest(?::VARCHAR[]) AS feed_url, unnest(?::VARCHAR[]) AS article_id, ?::TIMESTAMP AS seen_at) "
            "ON CONFLICT (key) DO NOTHING",
            [keys, feeds, ids, utc_now()],
        )

    def seen_count(self) -> int:
        return int(self._con.execute("SELECT count(*) FROM feed_seen").fetchall()[0][0])
