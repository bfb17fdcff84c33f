"""Read queries the REST API serves: filtered, keyset-paginated events; one event with its
evidence, article and incident; incidents with their events and outlets; store health.

Every user value reaches DuckDB as a ``?`` parameter. The only SQL text chosen by a caller is a
sort key, looked up in :data:`SORT_KEYS` (a fixed whitelist), never formatted from input.

The functions take a DuckDB connection: :func:`reader` gives each thread its own cursor on the
store's database, so reads run beside the store's single writing connection (DuckDB MVCC).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from flashpoint.store.duckdb_store import Store
from flashpoint.store.sql_filters import country_clause, dyad_clause

# sort name -> column (plain columns: DuckDB prunes a top-N on them far better than on an
# expression); NULLs sort last in either direction
SORT_KEYS: dict[str, str] = {
    "date": "e.date",
    "confidence": "e.confidence",
    "goldstein": "e.goldstein",
    "position": "e.trigger_start",  # text order, with ``article_id``
}
MAX_PAGE = 1000
# sorts on scores with few distinct values (many ties): paged with a bound first, see page_events
TIED_SORTS = frozenset({"confidence", "goldstein"})


def reader(store: Store) -> duckdb.DuckDBPyConnection:
    """A new connection to the store's database for reads in one thread (close it after use)."""
    return store._con.cursor()  # the store package owns its connection


@dataclass(frozen=True)
class EventQuery:
    """Filters, order and page of ``GET /events``. ``dyad`` is undirected unless ``directed``;
    ``actor`` matches a dictionary actor id exactly or the source/target text (case-insensitive
    substring); ``located`` keeps events with (True) or without (False) coordinates."""

    date_from: date | None = None
    date_to: date | None = None
    actor: str | None = None
    country: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    event_type: str | None = None
    quad_class: int | None = None
    modality: str | None = None
    background: bool | None = None
    outlet: str | None = None
    located: bool | None = None
    article_id: str | None = None  # content hash
    sort: str = "date"
    descending: bool = True
    limit: int = 50
    after: tuple[Any, str] | None = None  # (sort key, event id) of the last row already seen


@dataclass
class EventPage:
    payloads: list[str]  # Event.to_dict() as stored, JSON text
    next_after: tuple[Any, str] | None  # keyset of the last row when more rows may follow


def _event_where(q: EventQuery) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    simple: list[tuple[Any, str]] = [
        (q.date_from, "e.date >= ?"),
        (q.date_to, "e.date <= ?"),
        (q.event_type, "e.event_type = ?"),
        (q.quad_class, "e.quad_class = ?"),
        (q.modality, "e.modality = ?"),
        (q.background, "coalesce(e.background, false) = ?"),
        (q.article_id, "e.article_id = ?"),
    ]
    for value, clause in simple:
        if value is not None:
            clauses.append(clause)
            params.append(value)
    if q.country is not None:
        clause, values = country_clause(q.country, prefix="e.")
        clauses.append(clause)
        params += values
    if q.dyad is not None:
        clause, values = dyad_clause(*q.dyad, directed=q.directed, prefix="e.")
        clauses.append(clause)
        params += values
    if q.actor is not None:
        clauses.append("(e.source_actor_id = ? OR e.target_actor_id = ? OR "
                       "contains(lower(e.source_text), lower(?)) OR "
                       "contains(lower(e.target_text), lower(?)))")
        params += [q.actor] * 4
    if q.outlet is not None:
        clauses.append("e.article_id IN (SELECT id FROM articles WHERE outlet = ?)")
        params.append(q.outlet)
    if q.located is True:
        clauses.append("e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL")
    elif q.located is False:
        clauses.append("(e.location_lat IS NULL OR e.location_lon IS NULL)")
    return clauses, params


def check_page_query(q: EventQuery) -> None:
    """ValueError for a sort or page size no page query accepts."""
    if q.sort not in SORT_KEYS:
        raise ValueError(f"unknown sort {q.sort!r}; use one of {', '.join(SORT_KEYS)}")
    if not 1 <= q.limit <= MAX_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_PAGE}")


def page_events(con: duckdb.DuckDBPyConnection, q: EventQuery) -> EventPage:
    """One page of events matching ``q`` in its order, ties broken by event id."""
    check_page_query(q)
    key = SORT_KEYS[q.sort]
    clauses, params = _event_where(q)
    cmp, order = ("<", "DESC") if q.descending else (">", "ASC")
    if q.after is not None:
        last, last_id = q.after
        if last is None:  # already among the rows without a sort key (they come last)
            clauses.append(f"({key} IS NULL AND e.id {cmp} ?)")
            params.append(last_id)
        else:
            clauses.append(f"({key} {cmp} ? OR ({key} = ? AND e.id {cmp} ?) OR {key} IS NULL)")
            params += [last, last, last_id]
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    if q.sort in TIED_SORTS and q.date_from is None and q.date_to is None:
        # Many rows share a score: DuckDB's top-N on (score, id) then reads the id of every row
        # (its dynamic filter cannot prune on the tie-break). The score of the row after the
        # page, from a top-N over the score alone, bounds the page: only rows at least as good
        # are read (an exact bound: the same page, about 2x faster at 1M events; within a date
        # range the scan is narrow already and the extra query costs more than it saves).
        bound = con.execute(
            f"SELECT {key} FROM events e{where} ORDER BY {key} {order} NULLS LAST "
            "LIMIT 1 OFFSET ?", [*params, q.limit]).fetchall()  # fmt: skip
        if bound and bound[0][0] is not None:
            clauses.append(f"{key} {'>=' if q.descending else '<='} ?")
            params.append(bound[0][0])
            where = " WHERE " + " AND ".join(clauses)
    # two steps: the page's keys by a top-N over narrow columns, then the payloads of those rows
    # by primary key (carrying the wide JSON payload through the top-N costs 10x more)
    rows = con.execute(
        f"SELECT {key} AS k, e.id FROM events e{where} "
        f"ORDER BY k {order} NULLS LAST, e.id {order} LIMIT ?", [*params, q.limit + 1]).fetchall()
    more = len(rows) > q.limit
    rows = rows[: q.limit]
    nxt = (rows[-1][0], rows[-1][1]) if more and rows else None
    return EventPage(payloads_by_id(con, [r[1] for r in rows]), nxt)


def payloads_by_id(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[str]:
    """Stored payloads of these event ids, in the order given (ids not stored are left out)."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)  # one placeholder per id: an index lookup each
    found = dict(con.execute(f"SELECT id, payload FROM events WHERE id IN ({marks})", ids).fetchall())
    return [found[i] for i in ids if i in found]


_ARTICLE_FIELDS = ("id", "record_id", "title", "url", "outlet", "published", "language")


def event_detail(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """The event (its public JSON shape) plus ``evidence_spans`` (every stored span with its
    role), ``article`` (title, URL, outlet, published) and ``incident_id`` (None: not linked)."""
    rows = con.execute("SELECT payload, article_id FROM events WHERE id = ?", [event_id]).fetchall()
    if not rows:
        return None
    out: dict[str, Any] = json.loads(rows[0][0])
    spans = con.execute(
        'SELECT role, start, "end", text FROM evidence WHERE event_id = ? ORDER BY start, role',
        [event_id]).fetchall()  # fmt: skip
    out["evidence_spans"] = [dict(zip(("role", "start", "end", "text"), s)) for s in spans]
    art = con.execute(f"SELECT {', '.join(_ARTICLE_FIELDS)} FROM articles WHERE id = ?",
                      [rows[0][1]]).fetchall()  # fmt: skip
    out["article"] = _jsonable(dict(zip(_ARTICLE_FIELDS, art[0]))) if art else None
    inc = con.execute("SELECT incident_id FROM incident_events WHERE event_id = ? LIMIT 1",
                      [event_id]).fetchall()  # fmt: skip
    out["incident_id"] = inc[0][0] if inc else None
    return out


_INCIDENT_FIELDS = ("id", "day", "event_type", "quad_class", "source_country", "target_country",
                    "source_actor", "target_actor", "place", "first_seen", "last_seen",
                    "num_events", "num_articles", "num_sources", "goldstein", "confidence")


def list_incidents(
    con: duckdb.DuckDBPyConnection,
    *,
    dyad: tuple[str, str] | None = None,
    country: str | None = None,
    event_type: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Incidents matching the filters, most reported first (as ``flashpoint incidents``)."""
    clauses: list[str] = []
    params: list[Any] = []
    if dyad is not None:
        a, b = dyad
        clauses.append("((source_country = ? AND target_country = ?) OR "
                       "(source_country = ? AND target_country = ?))")
        params += [a, b, b, a]
    if country is not None:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [country] * 2
    for value, clause in ((event_type, "event_type = ?"), (date_from, "day >= ?"),
                          (date_to, "day <= ?")):  # fmt: skip
        if value is not None:
            clauses.append(clause)
            params.append(value)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = con.execute(
        f"SELECT {', '.join(_INCIDENT_FIELDS)} FROM incidents{where} "
        "ORDER BY num_articles DESC, day DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()  # fmt: skip
    return [_jsonable(dict(zip(_INCIDENT_FIELDS, r))) for r in rows]


def incident_detail(con: duckdb.DuckDBPyConnection, incident_id: str) -> dict[str, Any] | None:
    """An incident with its ``reading`` (readings and confidences), its ``events`` (public JSON
    shape) and its ``articles`` (id, title, URL, outlet, published)."""
    rows = con.execute(
        f"SELECT {', '.join(_INCIDENT_FIELDS)}, reading FROM incidents WHERE id = ? LIMIT 1",
        [incident_id]).fetchall()  # fmt: skip
    if not rows:
        return None
    out = _jsonable(dict(zip(_INCIDENT_FIELDS, rows[0][:-1])))
    out["reading"] = json.loads(rows[0][-1])
    events = con.execute(
        "SELECT e.payload FROM incident_events ie JOIN events e ON e.id = ie.event_id "
        "WHERE ie.incident_id = ? ORDER BY e.date NULLS LAST, e.id", [incident_id]).fetchall()
    out["events"] = [json.loads(r[0]) for r in events]
    arts = con.execute(
        f"SELECT DISTINCT {', '.join('a.' + f for f in _ARTICLE_FIELDS)} FROM incident_events ie "
        "JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id "
        "WHERE ie.incident_id = ? ORDER BY a.published NULLS LAST, a.id", [incident_id]).fetchall()
    out["articles"] = [_jsonable(dict(zip(_ARTICLE_FIELDS, r))) for r in arts]
    out["outlets"] = sorted({a["outlet"] for a in out["articles"] if a["outlet"]})
    return out


def article_text(con: duckdb.DuckDBPyConnection, article_id: str) -> str | None:
    """``Article.text`` of a stored article (title, caption, body joined as the coder saw them)."""
    rows = con.execute("SELECT title, caption, body FROM articles WHERE id = ?",
                       [article_id]).fetchall()  # fmt: skip
    if not rows:
        return None
    return "\n\n".join(p for p in rows[0] if p)


def distinct_modalities(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The modalities stored events have, alphabetically."""
    return [r[0] for r in con.execute("SELECT DISTINCT modality FROM events ORDER BY 1").fetchall()]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the main tables (``GET /health``)."""
    rows = con.execute(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
        "(SELECT count(*) FROM incidents)").fetchall()
    return dict(zip(("articles", "events", "incidents"), (int(x) for x in rows[0])))


def _jsonable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in d.items()}
