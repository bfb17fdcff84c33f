"""``Store``: coded articles and events in one DuckDB file, with bulk writes and typed queries."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import polars as pl

from flashpoint.errors import StoreError
from flashpoint.model import Article, Event
from flashpoint.store.arrow_insert import insert_arrow
from flashpoint.store.frames import frame_from_events
from flashpoint.store.migrations import LATEST_VERSION, apply_migrations, check_version
from flashpoint.store.migrations import current_version, utc_now
from flashpoint.store.rows import BatchTables, batch_tables

DEFAULT_BATCH_SIZE = 500
MIN_PREFIX = 8


@dataclass
class AddReport:
    """What one ``Store.add`` call did."""

    articles_added: int = 0
    articles_skipped_existing: int = 0  # already stored, or repeated within the input
    events_added: int = 0
    events_skipped_duplicate: int = 0  # the same event id given twice for a new article


class Store:
    """A DuckDB file holding articles, events, their evidence spans and resolved actors.

    >>> with Store(tmp / "news.duckdb") as store:       # doctest: +SKIP
    ...     store.add([(article, events)])
    ...     store.events(country="IRN", date_from=date(2020, 1, 1))
    """

    def __init__(self, path: str | Path = "flashpoint.duckdb", *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._where = str(self.path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self._where}: no such store (cannot create it read-only)")
        self._con = _connect(self.path, read_only)
        try:
            if read_only:
                version = current_version(self._con)
                check_version(version, self._where)
                if version < LATEST_VERSION:
                    raise StoreError(
                        f"{self._where}: the store has schema version {version}, this flashpoint "
                        f"uses {LATEST_VERSION}; open it once without read_only to migrate it"
                    )
            else:
                apply_migrations(self._con, self._where)
        except BaseException:
            self._con.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", read_only=True" if self.read_only else ""
        return f"Store({self._where!r}{mode})"

    @property
    def schema_version(self) -> int:
        return current_version(self._con)

    # -- writes ------------------------------------------------------------------------------
    def add(
        self,
        results: Iterable[tuple[Article, list[Event]]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> AddReport:
        """Store coded articles with their events, skipping articles already stored.

        Works in batches of ``batch_size`` articles, one transaction each. If a batch fails it is
        rolled back (earlier batches stay stored) and a StoreError says which batch failed.
        """
        if self.read_only:
            raise StoreError(f"{self._where}: opened read-only; cannot add articles")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        report = AddReport()
        it = iter(results)
        for number, batch in enumerate(_chunks(it, batch_size), start=1):
            try:
                self._add_batch(batch, report)
            except (StoreError, duckdb.Error) as exc:
                raise StoreError(
                    f"{self._where}: batch {number} ({len(batch)} articles) failed and was rolled "
                    f"back; {report.articles_added} articles from earlier batches were kept. "
                    f"Cause: {exc}"
                ) from exc
        return report

    def _add_batch(self, batch: list[tuple[Article, list[Event]]], report: AddReport) -> None:
        unique: dict[str, tuple[Article, list[Event]]] = {}
        for article, events in batch:
            if article.id in unique:
                report.articles_skipped_existing += 1
            else:
                unique[article.id] = (article, events)
        existing = self.stored_ids(unique)
        report.articles_skipped_existing += len(existing)
        new = [pair for aid, pair in unique.items() if aid not in existing]
        if not new:
            return
        deduped, dropped = _dedupe_events(new)
        tables = batch_tables(deduped, utc_now())  # may raise before anything is written
        self._write(tables)
        report.articles_added += tables.articles.num_rows
        report.events_added += tables.events.num_rows
        report.events_skipped_duplicate += dropped

    def _write(self, t: BatchTables) -> None:
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            for name, table in (
                ("articles", t.articles),
                ("events", t.events),
                ("evidence", t.evidence),
            ):
                insert_arrow(con, name, table)
            con.register("_fp_batch_actors", t.actors)
            try:
                con.execute(
                    "INSERT INTO actors SELECT actor_id, name, country, sector, first_seen "
                    "FROM _fp_batch_actors ON CONFLICT (actor_id) DO UPDATE SET "
                    "name = coalesce(actors.name, EXCLUDED.name), "
                    "country = coalesce(actors.country, EXCLUDED.country), "
                    "sector = coalesce(actors.sector, EXCLUDED.sector), "
                    "first_seen = least(actors.first_seen, EXCLUDED.first_seen)"
                )
            finally:
                con.unregister("_fp_batch_actors")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # -- queries -----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        rows = self._con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchall()
        return bool(rows)

    def stored_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids (content hashes) are stored: for resume / skip."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
        return {r[0] for r in rows}

    def article(self, key: str) -> Article | None:
        """An article by content hash, by a unique hash prefix (≥ 8 chars), or by record id."""
        select = f"SELECT {', '.join(_ARTICLE_COLS)} FROM articles"
        rows = self._con.execute(f"{select} WHERE id = ?", [key]).fetchall()
        if not rows:
            rows = self._con.execute(f"{select} WHERE record_id = ? LIMIT 2", [key]).fetchall()
        if not rows and len(key) >= MIN_PREFIX:
            rows = self._con.execute(
                f"{select} WHERE starts_with(id, ?) LIMIT 2", [key]
            ).fetchall()
        if not rows:
            return None
        if len(rows) > 1:
            raise StoreError(
                f"{self._where}: {key!r} matches more than one article "
                f"({rows[0][0]}, {rows[1][0]}, …); give the full content hash"
            )
        return _article_from_row(rows[0])

    def articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Stored articles by content hash (ids not stored are left out)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        rows = self._con.execute(
            f"SELECT {', '.join(_ARTICLE_COLS)} FROM articles "
            "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [wanted],
        ).fetchall()
        return {r[0]: _article_from_row(r) for r in rows}

    def events(
        self,
        *,
        article_id: str | None = None,
        event_type: str | None = None,
        country: str | None = None,
        source_country: str | None = None,
        target_country: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        modality: str | None = None,
        background: bool | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Stored events matching every filter given (``country``: source or target; dates
        inclusive; ``article_id``: content hash or record id; ``background``: False keeps only
        the article's news, True only events told as earlier context), ordered by date then
        position."""
        where, params = _filters(
            article_id=article_id, event_type=event_type, country=country,
            source_country=source_country, target_country=target_country,
            date_from=date_from, date_to=date_to, modality=modality, background=background,
        )  # fmt: skip
        sql = (
            f"SELECT payload FROM events{where} "
            "ORDER BY date NULLS LAST, article_id, trigger_start, id"
        )
        if limit is not None:
            if limit < 0:
                raise ValueError("limit must not be negative")
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._con.execute(sql, params).fetchall()
        return [Event.from_dict(json.loads(r[0])) for r in rows]

    def events_frame(self, **filters: Any) -> pl.DataFrame:
        """Like :meth:`events` (same filters), as a flat polars DataFrame with article columns."""
        events = self.events(**filters)
        return frame_from_events(events, self.articles(e.article_id for e in events))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in ("articles", "events", "evidence", "actors"):
            rows = self._con.execute(f"SELECT count(*) FROM {table}").fetchall()
            out[table] = int(rows[0][0])
        return out

    def export(self, fmt: str, out: str | Path, **filters: Any) -> int:
        """Export the events matching ``filters`` (see :meth:`events`); returns events written."""
        from flashpoint.export import export_events  # export sits above store: import on use

        events = self.events(**filters)
        return export_events(
            events, fmt, Path(out), articles=self.articles(e.article_id for e in events)
        )

    def sql(self, query: str, params: list[Any] | None = None) -> pl.DataFrame:
        """Run a read query of your own against the store (parameters with ``?``)."""
        cur = self._con.execute(query, params or [])
        names = [d[0] for d in cur.description or []]
        return pl.DataFrame(cur.fetchall(), schema=names, orient="row")


_ARTICLE_COLS = (
    "id", "record_id", "title", "caption", "body", "url", "outlet", "published",
    "published_inferred", "language", "origin",
)  # fmt: skip


def _article_from_row(r: tuple[Any, ...]) -> Article:
    d = dict(zip(_ARTICLE_COLS, r))
    return Article(**d)


def _filters(**given: Any) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    simple = {
        "event_type": "event_type = ?",
        "source_country": "source_country = ?",
        "target_country": "target_country = ?",
        "modality": "modality = ?",
        "background": "coalesce(background, false) = ?",
        "date_from": "date >= ?",
        "date_to": "date <= ?",
    }
    for key, clause in simple.items():
        if given.get(key) is not None:
            clauses.append(clause)
            params.append(given[key])
    if given.get("country") is not None:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [given["country"]] * 2
    if given.get("article_id") is not None:
        clauses.append("(article_id = ? OR record_id = ?)")
        params += [given["article_id"]] * 2
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _chunks(
    it: Iterator[tuple[Article, list[Event]]], size: int
) -> Iterator[list[tuple[Article, list[Event]]]]:
    while batch := list(islice(it, size)):
        yield batch


def _dedupe_events(
    pairs: list[tuple[Article, list[Event]]],
) -> tuple[list[tuple[Article, list[Event]]], int]:
    """Drop repeated event ids (same trigger, type and code given twice); keep the first."""
    seen: set[str] = set()
    dropped = 0
    out = []
    for article, events in pairs:
        kept = []
        for e in events:
            if e.id in seen:
                dropped += 1
            else:
                seen.add(e.id)
                kept.append(e)
        out.append((article, kept))
    return out, dropped


# DuckDB's buffer pool defaults to 80% of RAM and keeps what it wrote cached; a store that codes
# millions of articles should not grow without bound. Bigger working sets spill to disk.
DUCKDB_CONFIG = {"memory_limit": "256MB", "threads": "2"}


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise StoreError(
                f"{path}: the store is in use by another process (DuckDB lets one process write "
                f"a file at a time). Close the other flashpoint or DuckDB session and retry. "
                f"({msg})"
            ) from exc
        raise StoreError(f"{path}: cannot open the store: {msg}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc
