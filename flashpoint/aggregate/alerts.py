"""Escalation alerts per dyad: change points (Bayesian online change-point detection) in the
volume-normalised escalation index, each explained by the incidents behind it."""
from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from flashpoint.aggregate.changepoints import bocpd
from flashpoint.aggregate.series import series
from flashpoint.store import Store

ALERT_SCHEMA = {
    "dyad": pl.Utf8, "start": pl.Date, "detected": pl.Date, "direction": pl.Utf8,
    "before": pl.Float64, "after": pl.Float64, "incident_ids": pl.List(pl.Utf8),
    "explanation": pl.Utf8,
}  # fmt: skip


def top_dyads(store: Store, *, min_incidents: int = 10, limit: int = 50) -> list[tuple[str, str]]:
    """Undirected dyads (two different countries) with the most incidents."""
    frame = store.sql(
        "SELECT least(source_country, target_country) AS a, "
        "greatest(source_country, target_country) AS b, count(*) AS n FROM incidents "
        "WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        "AND source_country <> target_country GROUP BY 1, 2 HAVING count(*) >= ? "
        "ORDER BY n DESC, a, b LIMIT ?", [min_incidents, limit])  # fmt: skip
    return [(r["a"], r["b"]) for r in frame.iter_rows(named=True)]


def dyad_alerts(store: Store, dyad: tuple[str, str], *, by: str = "day",
                hazard: float = 1 / 60, explain: int = 3) -> pl.DataFrame:  # fmt: skip
    """Change points of one (undirected) dyad's escalation index, with the incidents behind each."""
    s = series(store, dyad=dyad, by=by)
    rows = []
    if s.height >= 10:
        x = s["escalation_norm"].to_numpy().astype(float)
        periods: list[date] = s["period"].to_list()
        for cp in bocpd(x, hazard=hazard):
            lo, hi = periods[cp.index], periods[cp.detected_at]
            incidents = _behind(store, dyad, lo, hi, explain, rising=cp.direction > 0,
                                span_days=7 if by == "week" else 1)
            name = f"{dyad[0]}-{dyad[1]}"
            verb = "rose" if cp.direction > 0 else "fell"
            what = "; ".join(
                f"{r['event_type']} {r['source_country']}→{r['target_country']}"
                f"{' at ' + r['place'] if r['place'] else ''} on {r['day']} "
                f"({r['num_articles']} articles, Goldstein {r['goldstein']})"
                for r in incidents
            )
            rows.append({
                "dyad": name, "start": lo, "detected": hi,
                "direction": "up" if cp.direction > 0 else "down",
                "before": round(cp.before, 3), "after": round(cp.after, 3),
                "incident_ids": [r["id"] for r in incidents],
                "explanation": f"{name} escalation index {verb} from {cp.before:.1f} to "
                               f"{cp.after:.1f} a {by} from {lo}; driven by: {what or 'no incidents'}",
            })  # fmt: skip
    return pl.DataFrame(rows, schema=ALERT_SCHEMA)


def _behind(store: Store, dyad: tuple[str, str], lo: date, hi: date, n: int,
            rising: bool, span_days: int) -> list[dict]:  # fmt: skip
    order = "-coalesce(goldstein, 0) * num_articles DESC" if rising else \
        "coalesce(goldstein, 0) * num_articles DESC"  # fmt: skip
    return store.sql(
        "SELECT id, event_type, source_country, target_country, place, day, num_articles, "
        "goldstein FROM incidents WHERE day BETWEEN ? AND ? AND ((source_country = ? AND "
        "target_country = ?) OR (source_country = ? AND target_country = ?)) "
        f"ORDER BY {order}, id LIMIT ?",
        [lo, hi + timedelta(days=span_days - 1), dyad[0], dyad[1], dyad[1], dyad[0], n],
    ).to_dicts()


def alerts(store: Store, *, dyads: list[tuple[str, str]] | None = None, by: str = "day",
           min_incidents: int = 10, direction: str | None = "up") -> pl.DataFrame:  # fmt: skip
    """Alerts for the given dyads (default: every dyad with ``min_incidents`` incidents), newest
    first; ``direction`` "up" keeps escalations only, None keeps both."""
    frames = [dyad_alerts(store, d, by=by) for d in (dyads or top_dyads(store, min_incidents=min_incidents))]
    out = pl.concat(frames) if frames else pl.DataFrame(schema=ALERT_SCHEMA)
    if direction is not None:
        out = out.filter(pl.col("direction") == direction)
    return out.sort(["detected", "dyad"], descending=[True, False])
