"""Series of incidents by day or week for a dyad, a country or an event type: counts by quad
class, mean Goldstein, an escalation index, and the same normalised by news volume (articles
stored per period), as GDELT users do by hand. Counted on incidents, not articles."""
from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from flashpoint.errors import InputError
from flashpoint.store import Store

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
        if directed:
            clauses.append("source_country = ? AND target_country = ?")
            params += [a, b]
        else:
            clauses.append("((source_country = ? AND target_country = ?) OR "
                           "(source_country = ? AND target_country = ?))")
            params += [a, b, b, a]
    if country is not None:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [country.upper()] * 2
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
    ``dyad`` is undirected unless ``directed``."""
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
        SELECT CAST(date_trunc('{unit}', day) AS DATE) AS period, quad_class, goldstein
        FROM incidents WHERE {where}
    ),
    span AS (SELECT min(period) AS lo, max(period) AS hi FROM sel),
    periods AS (
        SELECT CAST(unnest(generate_series(lo, hi, INTERVAL {PERIODS[by]})) AS DATE) AS period
        FROM span WHERE lo IS NOT NULL
    ),
    agg AS (
        SELECT period, count(*) AS incidents,
               count(*) FILTER (WHERE quad_class = 1) AS q1,
               count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3,
               count(*) FILTER (WHERE quad_class = 4) AS q4,
               avg(goldstein) AS mean_goldstein,
               coalesce(sum(-goldstein), 0) AS escalation
        FROM sel GROUP BY period
    ),
    volume AS (
        SELECT CAST(date_trunc('{unit}', published) AS DATE) AS period, count(*) AS articles
        FROM articles WHERE published BETWEEN (SELECT lo FROM span)
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
    frame = store.sql(sql, params)
    schema = {"period": pl.Date, "incidents": pl.Int64, "q1": pl.Int64, "q2": pl.Int64,
              "q3": pl.Int64, "q4": pl.Int64, "mean_goldstein": pl.Float64,
              "escalation": pl.Float64, "articles": pl.Int64}  # fmt: skip
    frame = pl.DataFrame(frame.to_dict(), schema=schema) if frame.height else pl.DataFrame(
        schema=schema)
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
