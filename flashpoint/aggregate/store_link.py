"""Link the events of a store into incidents, incrementally: only events not linked yet are
compared, against the stored events their blocking keys and date windows could match."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import polars as pl
import pyarrow as pa

from flashpoint.aggregate.incident import Incident, build_incident
from flashpoint.aggregate.linking import IncidentLinker, incident_id
from flashpoint.aggregate.partition import split_component
from flashpoint.aggregate.records import LinkRecord, make_record
from flashpoint.aggregate.settings import LinkSettings, load_settings
from flashpoint.model import FACTUAL_MODALITIES
from flashpoint.store import Store
from flashpoint.store.incidents import (
    EVENT_LINK_COLUMNS,
    block_frame,
    clear_incidents,
    in_list,
    rebuild_trend_aggregates,
    replace_incidents,
    sync_article_volume,
)
from flashpoint.store.incidents import frame as query_frame
from flashpoint.store.migrations import utc_now

_FROM = "FROM events e JOIN articles a ON a.id = e.article_id"


@dataclass
class LinkReport:
    events_linked: int = 0  # factual events newly given an incident
    events_skipped: int = 0  # not factual (future, hypothetical, negated): no incident
    incidents_written: int = 0  # incidents created or rewritten
    comparisons: int = 0  # pairs the rule was evaluated on


_UNLINKED = "NOT EXISTS (SELECT 1 FROM incident_events ie WHERE ie.event_id = e.id)"


def _make_records(frame: pl.DataFrame, s: LinkSettings) -> list[tuple[LinkRecord, dict[str, Any]]]:
    """Records of a frame of EVENT_LINK_COLUMNS, each with the row's other columns."""
    out = []
    extra = [c for c in ("modality", "incident_id", "component_id") if c in frame.columns]
    for row in frame.iter_rows(named=True):
        rest = {c: row.pop(c) for c in extra}
        row["sentence"] = row["sentence"] or ""
        out.append((make_record(settings=s, **row), rest))
    return out


def link_store(store: Store, *, article_ids: list[str] | None = None, relink: bool = False,
               settings: LinkSettings | None = None) -> LinkReport:
    """Link the store's events not linked yet (all of them with ``relink``) into incidents.

    Call it after :meth:`Store.add`; ``article_ids`` (the articles just added) spares it the
    search for unlinked events over the whole store. The result is the same whether events are
    linked as they arrive or all at once, and whatever order the articles came in. Also keeps
    the news volume aggregate (``article_volume``) in step with the articles stored.
    """
    s = settings or load_settings()
    if relink:
        clear_incidents(store)
    report = LinkReport()
    if article_ids is not None and not relink:
        ids = in_list(sorted(set(article_ids)))
        days = query_frame(store, f"SELECT DISTINCT published FROM articles WHERE id IN {ids} "
                           "AND published IS NOT NULL")  # fmt: skip
        sync_article_volume(store, days["published"].to_list())
        new_frame = query_frame(store, f"SELECT {EVENT_LINK_COLUMNS} {_FROM} "
                                f"WHERE e.article_id IN {ids} AND a.id IN {ids} ORDER BY e.id")
        if new_frame.height:
            done = query_frame(store, "SELECT event_id FROM incident_events WHERE event_id IN "
                               + in_list(new_frame["event_id"].to_list()))  # fmt: skip
            new_frame = new_frame.filter(~pl.col("event_id").is_in(done["event_id"].implode()))
    else:
        sync_article_volume(store)
        new_frame = query_frame(store, f"SELECT {EVENT_LINK_COLUMNS} {_FROM} WHERE {_UNLINKED} "
                                "ORDER BY e.id")  # fmt: skip
    if new_frame.height == 0:
        return report
    new = _make_records(new_frame, s)
    factual = [r for r, x in new if x["modality"] in FACTUAL_MODALITIES]
    skipped = [r for r, x in new if x["modality"] not in FACTUAL_MODALITIES]
    report.events_skipped = len(skipped)
    linker = IncidentLinker(s)
    stored_component = _seed(store, linker, factual, s)
    touched = linker.add(factual) if factual else set()
    report.comparisons = linker.comparisons
    # every event of a changed component, and every stored event of the components it absorbed
    components: dict[str, list[LinkRecord]] = {}
    for eid in sorted(touched):
        component = linker.component_of(eid)
        components[min(r.event_id for r in component)] = component
    absorbed = sorted({stored_component[r.event_id] for c in components.values() for r in c
                       if r.event_id in stored_component})  # fmt: skip
    if absorbed:
        member_ids = query_frame(store, "SELECT event_id FROM incident_events WHERE component_id "
                                 f"IN {in_list(absorbed)}")["event_id"].to_list()  # fmt: skip
        rest = _make_records(_rows_with_incident(store, member_ids), s)
        key_of_component = {stored_component[r.event_id]: key for key, c in components.items()
                            for r in c if r.event_id in stored_component}  # fmt: skip
        have = {r.event_id for c in components.values() for r in c}
        for r, x in rest:
            if r.event_id not in have:
                components[key_of_component[x["component_id"]]].append(r)
                have.add(r.event_id)
    incidents: list[Incident] = []
    members: list[tuple[str, str | None, str | None]] = []
    for component in components.values():
        component_id = incident_id(component)
        for group in split_component(component, s):
            inc = build_incident(group)
            incidents.append(inc)
            members += [(eid, inc.id, component_id) for eid in inc.event_ids]
    rewritten = sorted({r.event_id for c in components.values() for r in c}
                       | {r.event_id for r in skipped})
    members += [(r.event_id, None, None) for r in skipped]
    named = [(r.event_id, n, r.event_date if r.exact_day else None)
             for r in factual for n in sorted(r.names)]
    replace_incidents(store, rewritten, _incident_table(incidents), pa.table({
        "event_id": pa.array([m[0] for m in members], pa.string()),
        "incident_id": pa.array([m[1] for m in members], pa.string()),
        "component_id": pa.array([m[2] for m in members], pa.string()),
    }), names=pa.table({
        "event_id": pa.array([n[0] for n in named], pa.string()),
        "name": pa.array([n[1] for n in named], pa.string()),
        "day": pa.array([n[2] for n in named], pa.date32()),
    }))  # fmt: skip
    if relink:
        rebuild_trend_aggregates(store)  # re-clustered by dyad (see store.incidents)
    report.events_linked = len(factual)
    report.incidents_written = len(incidents)
    return report


# Stored events that could link to a new one: the new ones' search keys in ``_fp_block``, a
# compatible type, no other source country (unless the dyad may be reversed: its source is the
# new one's target or the other way round),
# a shared country in either role or the same place (events only: cheap; the date range in WHERE
# lets DuckDB skip row groups by zone map). Events sharing a dictionary actor, and a name (from
# ``event_names``), are looked up apart.
_BLOCK = """
SELECT DISTINCT e.id
FROM _fp_block q
JOIN events e ON list_contains(q.types, e.event_type)
    AND (q.sc IS NULL OR e.source_country IS NULL OR e.source_country = q.sc
         OR e.target_country = q.sc OR e.source_country = q.tr)
    AND (e.source_country IN (q.sc, q.tr) OR e.target_country IN (q.sc, q.tr)
         OR lower(replace(e.location_name, '-', ' ')) = q.place)
WHERE e.event_type IN (SELECT unnest(?::VARCHAR[]))
    AND (e.source_country IN (SELECT unnest(?::VARCHAR[]))
         OR e.target_country IN (SELECT unnest(?::VARCHAR[]))
         OR lower(replace(e.location_name, '-', ' ')) IN (SELECT unnest(?::VARCHAR[])))
    {dates}
"""
_BY_ACTOR = """
SELECT e.id FROM events e
WHERE e.event_type IN (SELECT unnest(?::VARCHAR[]))
    AND (e.source_actor_id IN (SELECT unnest(?::VARCHAR[]))
         OR e.target_actor_id IN (SELECT unnest(?::VARCHAR[])))
    {dates}
"""
_BY_NAME = """
SELECT DISTINCT event_id AS id FROM event_names
WHERE name IN (SELECT unnest(?::VARCHAR[])) {dates}
"""


def _rows_with_incident(store: Store, event_ids: list[str]) -> pl.DataFrame:
    """EVENT_LINK_COLUMNS, ``incident_id`` and ``component_id`` of these linked events (constant
    id lists: point look-ups, not scans)."""
    if not event_ids:
        return pl.DataFrame()
    ids = in_list(sorted(set(event_ids)))
    articles = query_frame(store, f"SELECT DISTINCT article_id FROM events WHERE id IN {ids}")
    return query_frame(store,
        f"SELECT {EVENT_LINK_COLUMNS}, ie.incident_id, ie.component_id {_FROM} "
        "JOIN incident_events ie ON ie.event_id = e.id "
        f"WHERE e.id IN {ids} AND ie.event_id IN {ids} AND ie.incident_id IS NOT NULL "
        f"AND a.id IN {in_list(articles['article_id'].to_list())} ORDER BY e.id")  # fmt: skip


def _seed(store: Store, linker: IncidentLinker, new: list[LinkRecord], s: LinkSettings) -> dict[
        str, str]:  # fmt: skip
    """Load the stored, linked events that could link to a new one (one query for the block of
    every new event, tightened by the rule's own necessary conditions: a compatible type, no
    other source country, a shared country in one role or the same place, the date range),
    grouped by their component (the events a chain of candidates joins, which may have been split
    into several incidents). Returns their component ids; the rest of a component is read only
    when a new event joins it. Extra candidates cost comparisons, never links: the rule decides."""
    if not new:
        return {}
    rows = [{
        "types": sorted({t for g in s.compatible_types if r.event_type in g for t in g}
                        | {r.event_type}),
        "sc": r.source_country, "tr": r.target_country, "place": r.place,
    } for r in new]  # fmt: skip
    block = pa.Table.from_pylist(rows, schema=pa.schema([
        ("types", pa.list_(pa.string())), ("sc", pa.string()), ("tr", pa.string()),
        ("place", pa.string())]))  # fmt: skip
    types = sorted({t for row in rows for t in row["types"]})
    countries = sorted({c for r in new for c in (r.source_country, r.target_country) if c})
    places = sorted({r.place for r in new if r.place})
    windows = [w for w in (_date_window(r, s) for r in new) if w is not None]
    dates = name_dates = ""
    if len(windows) == len(new):  # undated events (no window) are matched on any date
        # stored events with a date of their own are dated news: the first window applies;
        # the rest (dated by publication, undated retellings, dated only to a week, month or
        # year) are kept for the linker to judge
        lo, hi = min(w[0] for w in windows), max(w[1] for w in windows)
        coarse = lo - timedelta(days=366)  # a month- or year-dated event starts its span
        dates = (f"AND (e.date IS NULL OR e.date BETWEEN DATE '{lo}' AND DATE '{hi}' "
                 f"OR (e.date BETWEEN DATE '{coarse}' AND DATE '{hi}' "
                 "AND e.date_precision IN ('week', 'month', 'year')))")
        name_dates = f"AND (day IS NULL OR day BETWEEN DATE '{lo}' AND DATE '{hi}')"
    ids = block_frame(store, block, _BLOCK.format(dates=dates),
                      [types, countries, countries, places])["id"].to_list()  # fmt: skip
    names = sorted({n for r in new for n in r.names})
    if names:
        ids += query_frame(store, _BY_NAME.format(dates=name_dates), [names])["id"].to_list()
    actors = sorted({k for r in new for k in r.actor_ids})
    if actors:
        ids += query_frame(store, _BY_ACTOR.format(dates=dates),
                           [types, actors, actors])["id"].to_list()  # fmt: skip
    frame = _rows_with_incident(store, ids)
    groups: dict[str, list[LinkRecord]] = {}
    component_of: dict[str, str] = {}
    for rec, x in _make_records(frame, s):
        if rec.event_id not in component_of:
            component_of[rec.event_id] = x["component_id"]
            groups.setdefault(x["component_id"], []).append(rec)
    linker.seed(groups.values())
    return component_of


def _date_window(r: LinkRecord, s: LinkSettings) -> tuple[date, date] | None:
    """Dates of the stored dated news ``r`` could link to (pair_rule.dates_compatible), from the
    first to the second (stored undated retellings have no date and are always read). None:
    ``r`` has no date, no limit."""
    w = timedelta(days=s.window_days)
    if r.undated_background and r.published:
        return r.published - timedelta(days=s.background_lookback_days), r.published + w
    span = r.window_span
    if span is None:
        return None
    return span[0] - w, span[1] + w


def _incident_table(incidents: list[Incident]) -> pa.Table:
    now = utc_now()
    rows = [{
        "id": i.id, "day": i.date.value or i.first_seen, "event_type": i.event_type.value,
        "quad_class": i.quad_class, "source_country": i.source_country.value,
        "target_country": i.target_country.value, "source_actor": i.source_actor.value,
        "target_actor": i.target_actor.value, "place": i.place.value, "date": i.date.value,
        "first_seen": i.first_seen, "last_seen": i.last_seen, "num_events": i.num_events,
        "num_articles": i.num_articles, "num_sources": i.num_sources, "goldstein": i.goldstein,
        "confidence": i.confidence, "reading": json.dumps(i.to_dict(), ensure_ascii=False),
        "updated_at": now,
    } for i in incidents]  # fmt: skip
    schema = pa.schema([
        ("id", pa.string()), ("day", pa.date32()), ("event_type", pa.string()),
        ("quad_class", pa.int32()), ("source_country", pa.string()), ("target_country", pa.string()),
        ("source_actor", pa.string()), ("target_actor", pa.string()), ("place", pa.string()),
        ("date", pa.date32()), ("first_seen", pa.date32()), ("last_seen", pa.date32()),
        ("num_events", pa.int32()), ("num_articles", pa.int32()), ("num_sources", pa.int32()),
        ("goldstein", pa.float64()), ("confidence", pa.float64()), ("reading", pa.string()),
        ("updated_at", pa.timestamp("us")),
    ])  # fmt: skip
    return pa.Table.from_pylist(rows, schema=schema)
