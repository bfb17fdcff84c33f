"""Series of incidents by day or week for a dyad, a country or an event type: counts by quad
class, mean Goldstein, an escalation index, and the same normalised by news volume (articles
stored per period), as GDELT users do by hand. Counted on incidents, not articles."""
from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from flashpoint.errors import InputError
from flashpoint.store import Store
from flashpoint.store.incidents import frame as query_frame
from flashpoint.store.incidents import sync_article_volume, volume_in_sync
from flashpoint.store.sql_filters import country_clause, dyad_clause

PERIODS = {"day": "1 day", "week": "1 week"}


def parse_dyad(dyad: str) -> tuple[str, str]:
    """"IRN-USA" (or "IRN>USA", "IRN,USA") -> ("IRN", "USA")."""
    for sep in ("->", ">", "-", ",", "/"):
        if sep in dyad:
            a, b = (p.strip().upper() for p in dyad.split(sep, 1))
            if a and b:
                return a, b
    raise InputError("--dyad", f"{dyad!r} is not a dyad; write two country codes, e.g. IRN-USA")


def _where(dyad: str | tuple[str, str] | None, country: str | None, event_type: str | None,
           directed: bool) -> tuple[str, list[Any]]:  # fmt: skip
    clauses, params = ["day IS NOT NULL"], []
    if dyad is not None:
        a, b = parse_dyad(dyad) if isinstance(dyad, str) else dyad
        clause, values = dyad_clause(a, b, directed=directed)
        clauses.append(clause)
        params += values
    if country is not None:
        clause, values = country_clause(country.upper())
        clauses.append(clause)
        params += values
    if event_type is not None:
        clauses.append("event_type = ?")
        params.append(event_type.upper())
    return " AND ".join(clauses), params


def series(
    store: Store,
    *,
    dyad: str | tuple[str, str] | None = None,
    country: str | None = None,
    event_type: str | None = None,
    by: str = "day",
    directed: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pl.DataFrame:
    """One row per period (no gaps) with columns ``period``, ``incidents``, ``q1``…``q4``
    (incidents by quad class), ``mean_goldstein``, ``escalation`` (sum of −Goldstein over the
    incidents: conflict raises it, cooperation lowers it), ``articles`` (news volume: articles
    published in the period, whole store), and ``incidents_norm`` / ``escalation_norm``: the
    same scaled by (mean volume / this period's volume), so busier news days weigh less.
    ``dyad`` is undirected unless ``directed``.

    Reads the maintained aggregates ``incident_daily`` and ``article_volume`` (schema 5), not
    the whole tables; the news volume falls back to counting ``articles`` when articles were
    stored without the linker and the store is read-only. Same result as
    :func:`series_from_tables`."""
    if not volume_in_sync(store):
        sync_article_volume(store)
    volume = "article_volume" if volume_in_sync(store) else _VOLUME_FROM_ARTICLES
    return _series(store, "incident_daily", volume, _SUMS, dyad=dyad, country=country,
                   event_type=event_type, by=by, directed=directed, date_from=date_from,
                   date_to=date_to)  # fmt: skip


def series_from_tables(
    store: Store,
    *,
    dyad: str | tuple[str, str] | None = None,
    country: str | None = None,
    event_type: str | None = None,
    by: str = "day",
    directed: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
) -> pl.DataFrame:
    """:func:`series` computed from the ``incidents`` and ``articles`` tables themselves (a scan
    of both): the reference the maintained aggregates are checked against."""
    return _series(store, "incidents", _VOLUME_FROM_ARTICLES, _COUNTS, dyad=dyad,
                   country=country, event_type=event_type, by=by, directed=directed,
                   date_from=date_from, date_to=date_to)  # fmt: skip


# per-period aggregates over one incident per row (incidents) or one (day, key) row each
_COUNTS = """count(*) AS incidents,
               count(*) FILTER (WHERE quad_class = 1) AS q1,
               count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3,
               count(*) FILTER (WHERE quad_class = 4) AS q4,
               avg(goldstein) AS mean_goldstein,
               coalesce(sum(-goldstein), 0) AS escalation"""
_SUMS = """CAST(sum(incidents) AS BIGINT) AS incidents,
               CAST(coalesce(sum(incidents) FILTER (WHERE quad_class = 1), 0) AS BIGINT) AS q1,
               CAST(coalesce(sum(incidents) FILTER (WHERE quad_class = 2), 0) AS BIGINT) AS q2,
               CAST(coalesce(sum(incidents) FILTER (WHERE quad_class = 3), 0) AS BIGINT) AS q3,
               CAST(coalesce(sum(incidents) FILTER (WHERE quad_class = 4), 0) AS BIGINT) AS q4,
               CASE WHEN sum(goldstein_n) > 0 THEN
                   CAST(sum(goldstein_sum) AS DOUBLE) / sum(goldstein_n) END AS mean_goldstein,
               coalesce(-CAST(sum(goldstein_sum) AS DOUBLE), 0) AS escalation"""
_VOLUME_FROM_ARTICLES = (
    "(SELECT published AS day, 1 AS articles FROM articles WHERE published IS NOT NULL)")
_COLUMNS = {"period": pl.Date, "incidents": pl.Int64, "q1": pl.Int64, "q2": pl.Int64,
            "q3": pl.Int64, "q4": pl.Int64, "mean_goldstein": pl.Float64,
            "escalation": pl.Float64, "articles": pl.Int64}  # fmt: skip


def _series(store: Store, incidents: str, volume: str, aggregates: str, *,
            dyad: str | tuple[str, str] | None, country: str | None, event_type: str | None,
            by: str, directed: bool, date_from: date | None, date_to: date | None,
            ) -> pl.DataFrame:  # fmt: skip
    if by not in PERIODS:
        raise InputError("--by", f"{by!r}: use one of {', '.join(PERIODS)}")
    where, params = _where(dyad, country, event_type, directed)
    if date_from is not None:
        where += " AND day >= ?"
        params.append(date_from)
    if date_to is not None:
        where += " AND day <= ?"
        params.append(date_to)
    unit = by
    sql = f"""
    WITH sel AS (
        SELECT CAST(date_trunc('{unit}', day) AS DATE) AS period, * FROM {incidents}
        WHERE {where}
    ),
    span AS (SELECT min(period) AS lo, max(period) AS hi FROM sel),
    periods AS (
        SELECT CAST(unnest(generate_series(lo, hi, INTERVAL {PERIODS[by]})) AS DATE) AS period
        FROM span WHERE lo IS NOT NULL
    ),
    agg AS (SELECT period, {aggregates} FROM sel GROUP BY period),
    volume AS (
        SELECT CAST(date_trunc('{unit}', day) AS DATE) AS period,
               CAST(sum(articles) AS BIGINT) AS articles
        FROM {volume} v WHERE day BETWEEN (SELECT lo FROM span)
              AND (SELECT hi FROM span) + INTERVAL {PERIODS[by]}
        GROUP BY 1
    )
    SELECT p.period, coalesce(incidents, 0) AS incidents, coalesce(q1, 0) AS q1,
           coalesce(q2, 0) AS q2, coalesce(q3, 0) AS q3, coalesce(q4, 0) AS q4,
           mean_goldstein, coalesce(escalation, 0.0) AS escalation,
           coalesce(v.articles, 0) AS articles
    FROM periods p LEFT JOIN agg USING (period) LEFT JOIN volume v USING (period)
    ORDER BY p.period
    """
    frame = query_frame(store, sql, params).cast(_COLUMNS)  # type: ignore[arg-type]
    if frame.height == 0:
        return frame.with_columns(incidents_norm=pl.lit(None, pl.Float64),
                                  escalation_norm=pl.lit(None, pl.Float64))
    mean_vol = frame["articles"].mean() or 0.0
    weight = (
        pl.when(pl.col("articles") > 0).then(mean_vol / pl.col("articles")).otherwise(1.0)
        if mean_vol
        else pl.lit(1.0)
    )
    return frame.with_columns(
        incidents_norm=pl.col("incidents") * weight, escalation_norm=pl.col("escalation") * weight
    )
