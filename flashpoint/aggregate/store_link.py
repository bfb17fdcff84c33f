"""Link the events of a store into incidents, incrementally: only events not linked yet are
compared, against the stored events their blocking keys and date windows could match."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from flashpoint.aggregate.incident import Incident, build_incident
from flashpoint.aggregate.linking import IncidentLinker, type_families
from flashpoint.aggregate.records import LinkRecord, make_record
from flashpoint.aggregate.settings import LinkSettings, load_settings
from flashpoint.model import FACTUAL_MODALITIES
from flashpoint.store import Store
from flashpoint.store.incidents import EVENT_LINK_COLUMNS, clear_incidents, replace_incidents
from flashpoint.store.migrations import utc_now

_FROM = "FROM events e JOIN articles a ON a.id = e.article_id"


@dataclass
class LinkReport:
    events_linked: int = 0  # factual events newly given an incident
    events_skipped: int = 0  # not factual (future, hypothetical, negated): no incident
    incidents_written: int = 0  # incidents created or rewritten
    comparisons: int = 0  # pairs the rule was evaluated on


def _records(store: Store, where: str, params: list[Any], s: LinkSettings) -> list[
        tuple[LinkRecord, str]]:  # fmt: skip
    frame = store.sql(f"SELECT {EVENT_LINK_COLUMNS} {_FROM} {where}", params)
    out = []
    for row in frame.iter_rows(named=True):
        modality = row.pop("modality")
        row["sentence"] = row["sentence"] or ""
        out.append((make_record(settings=s, **row), modality))
    return out


def link_store(store: Store, *, article_ids: list[str] | None = None, relink: bool = False,
               settings: LinkSettings | None = None) -> LinkReport:
    """Link the store's events not linked yet (all of them with ``relink``) into incidents.

    Call it after :meth:`Store.add`; ``article_ids`` (the articles just added) spares it the
    search for unlinked events over the whole store. The result is the same whether events are linked as they
    arrive or all at once, and whatever order the articles came in.
    """
    s = settings or load_settings()
    if relink:
        clear_incidents(store)
    report = LinkReport()
    where, params = "WHERE e.id NOT IN (SELECT event_id FROM incident_events)", []
    if article_ids is not None and not relink:
        where += " AND e.article_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(list(article_ids))
    new = _records(store, where + " ORDER BY e.id", params, s)
    if not new:
        return report
    factual = [r for r, modality in new if modality in FACTUAL_MODALITIES]
    skipped = [r for r, modality in new if modality not in FACTUAL_MODALITIES]
    report.events_skipped = len(skipped)
    linker = IncidentLinker(s)
    _seed(store, linker, factual, s)
    touched = linker.add(factual) if factual else set()
    report.comparisons = linker.comparisons
    # every event of a changed incident, and those of the stored incidents it absorbed
    groups: dict[str, list[LinkRecord]] = {}
    for eid in sorted(touched):
        group = linker.group_of(eid)
        groups[min(r.event_id for r in group)] = group
    incidents = [build_incident(g) for g in groups.values()]
    rewritten = sorted({r.event_id for g in groups.values() for r in g} | {r.event_id for r in skipped})
    members = [(eid, inc.id) for inc in incidents for eid in inc.event_ids]
    members += [(r.event_id, None) for r in skipped]
    replace_incidents(store, rewritten, _incident_table(incidents), pa.table({
        "event_id": pa.array([m[0] for m in members], pa.string()),
        "incident_id": pa.array([m[1] for m in members], pa.string()),
    }))  # fmt: skip
    report.events_linked = len(factual)
    report.incidents_written = len(incidents)
    return report


def _seed(store: Store, linker: IncidentLinker, new: list[LinkRecord], s: LinkSettings) -> None:
    """Load the stored, linked events the new ones could link to, grouped by their incident,
    together with every other event of those incidents."""
    if not new:
        return
    families = type_families(s)
    fam_of_new = {families.get(r.event_type, r.event_type) for r in new}
    types = sorted({t for t, f in families.items() if f in fam_of_new} | {r.event_type for r in new})
    countries = sorted({c for r in new for c in (r.source_country, r.target_country) if c})
    places = sorted({r.place for r in new if r.place})
    clauses = ["e.event_type IN (SELECT unnest(?::VARCHAR[]))",
               "(e.source_country IN (SELECT unnest(?::VARCHAR[])) "
               "OR e.target_country IN (SELECT unnest(?::VARCHAR[])) "
               "OR lower(replace(e.location_name, '-', ' ')) IN (SELECT unnest(?::VARCHAR[])))"]  # fmt: skip
    params: list[Any] = [types, countries, countries, places]
    window = _date_window(new, s)
    if window is not None:
        clauses.append(window[0])
        params += window[1]
    frame = store.sql(
        f"SELECT e.id, ie.incident_id {_FROM} JOIN incident_events ie ON ie.event_id = e.id "
        f"WHERE ie.incident_id IS NOT NULL AND {' AND '.join(clauses)}", params)
    incident_ids = sorted(set(frame["incident_id"].to_list())) if frame.height else []
    if not incident_ids:
        return
    members = store.sql(
        f"SELECT {EVENT_LINK_COLUMNS}, ie.incident_id {_FROM} "
        "JOIN incident_events ie ON ie.event_id = e.id "
        "WHERE ie.incident_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY e.id", [incident_ids])
    groups: dict[str, list[LinkRecord]] = {}
    for row in members.iter_rows(named=True):
        iid = row.pop("incident_id")
        row.pop("modality")
        row["sentence"] = row["sentence"] or ""
        rec = make_record(settings=s, **row)
        groups.setdefault(iid, []).append(rec)
    linker.seed(groups.values())


def _date_window(new: list[LinkRecord], s: LinkSettings) -> tuple[str, list[Any]] | None:
    """SQL keeping the stored events whose dates the new ones could match (the same windows as
    the in-memory index: dated news near each date, undated retellings published up to the
    look-back after it; an undated retelling among the new looks back itself). None: no limit."""
    if any(r.ref_date is None for r in new):
        return None
    w = timedelta(days=s.window_days + s.bucket_days)
    back = timedelta(days=s.background_lookback_days + s.bucket_days)
    dated = [r.ref_date for r in new if not r.undated_background and r.ref_date]
    undated = [r.published for r in new if r.undated_background and r.published]
    ranges: list[tuple[date, date, date, date]] = []  # dated-partner range, retelling range
    for d in dated:
        ranges.append((d - w, d + w, d - w, d + back))
    for d in undated:
        ranges.append((d - back, d + w, d - back, d + back))
    lo1, hi1 = min(r[0] for r in ranges), max(r[1] for r in ranges)
    lo2, hi2 = min(r[2] for r in ranges), max(r[3] for r in ranges)
    sql = ("((NOT (coalesce(e.background, false) AND e.date IS NULL) "
           "AND coalesce(e.date, a.published) BETWEEN ? AND ?) OR "
           "(coalesce(e.background, false) AND e.date IS NULL AND a.published BETWEEN ? AND ?))")
    return sql, [lo1, hi1, lo2, hi2]


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
