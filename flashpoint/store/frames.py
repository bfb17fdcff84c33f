"""Flat, one-row-per-event tables of events: the single place where an Event is flattened.

Used by the store (``events`` table rows, ``Store.events_frame``) and by the exports (parquet,
CSV, GDELT, PLOVER). Nested parts become prefixed columns (``source_country``, ``location_lat``);
``context`` becomes one ``;``-separated string so that every column is a scalar.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from flashpoint.model import Actor, Article, Event

FRAME_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "article_id": pl.String(),  # content hash of the article
    "record_id": pl.String(),  # the input's own id, where it had one
    "date": pl.Date(),
    "date_precision": pl.String(),
    "event_type": pl.String(),
    "mode": pl.String(),
    "context": pl.String(),
    "cameo": pl.String(),
    "goldstein": pl.Float64(),
    "quad_class": pl.Int64(),
    "source_text": pl.String(),
    "source_name": pl.String(),
    "source_country": pl.String(),
    "source_sector": pl.String(),
    "source_actor_id": pl.String(),
    "source_resolved": pl.Boolean(),
    "target_text": pl.String(),
    "target_name": pl.String(),
    "target_country": pl.String(),
    "target_sector": pl.String(),
    "target_actor_id": pl.String(),
    "target_resolved": pl.Boolean(),
    "location_name": pl.String(),
    "location_country": pl.String(),
    "location_admin1": pl.String(),
    "location_lat": pl.Float64(),
    "location_lon": pl.Float64(),
    "location_feature": pl.String(),
    "location_geonames_id": pl.Int64(),
    "confidence": pl.Float64(),
    "modality": pl.String(),
    "sentence": pl.String(),
    "trigger_text": pl.String(),
    "trigger_start": pl.Int64(),
    "trigger_end": pl.Int64(),
    "article_title": pl.String(),
    "article_url": pl.String(),
    "article_outlet": pl.String(),
    "article_published": pl.Date(),
}

CONTEXT_SEPARATOR = ";"


def _actor_columns(prefix: str, actor: Actor | None) -> dict[str, object]:
    if actor is None:
        return {
            f"{prefix}_{k}": None
            for k in ("text", "name", "country", "sector", "actor_id", "resolved")
        }
    return {
        f"{prefix}_text": actor.text,
        f"{prefix}_name": actor.name,
        f"{prefix}_country": actor.country,
        f"{prefix}_sector": actor.sector,
        f"{prefix}_actor_id": actor.actor_id,
        f"{prefix}_resolved": actor.resolved,
    }


def flat_event(event: Event, article: Article | None = None) -> dict[str, object]:
    """One event as a flat dict with exactly the keys of :data:`FRAME_SCHEMA`."""
    loc = event.location
    row: dict[str, object] = {
        "id": event.id,
        "article_id": event.article_id,
        "record_id": event.record_id,
        "date": event.date,
        "date_precision": event.date_precision,
        "event_type": event.event_type,
        "mode": event.mode,
        "context": CONTEXT_SEPARATOR.join(event.context) if event.context else None,
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        **_actor_columns("source", event.source),
        **_actor_columns("target", event.target),
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_admin1": loc.admin1 if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_feature": loc.feature if loc else None,
        "location_geonames_id": loc.geonames_id if loc else None,
        "confidence": event.confidence,
        "modality": event.modality,
        "sentence": event.evidence.sentence,
        "trigger_text": event.evidence.trigger.text,
        "trigger_start": event.evidence.trigger.start,
        "trigger_end": event.evidence.trigger.end,
        "article_title": article.title if article else None,
        "article_url": article.url if article else None,
        "article_outlet": article.outlet if article else None,
        "article_published": article.published if article else None,
    }
    return row


def frame_from_events(
    events: Iterable[Event], articles: Mapping[str, Article] | None = None
) -> pl.DataFrame:
    """Events as a flat polars DataFrame (columns and types of :data:`FRAME_SCHEMA`).

    ``articles`` (keyed by content hash) fills the ``article_*`` columns; without it they are null.
    """
    arts = articles or {}
    rows = [flat_event(e, arts.get(e.article_id)) for e in events]
    columns = {name: [r[name] for r in rows] for name in FRAME_SCHEMA}
    return pl.DataFrame(columns, schema=FRAME_SCHEMA)
