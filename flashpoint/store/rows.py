"""Arrow tables for one batch of ``(Article, [Event])`` pairs: the rows the store bulk-inserts."""
from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa

from flashpoint.errors import StoreError
from flashpoint.model import Actor, Article, Event, Span
from flashpoint.store.frames import frame_from_events

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("record_id", pa.string()),
        ("title", pa.string()),
        ("caption", pa.string()),
        ("body", pa.string()),
        ("url", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.date32()),
        ("published_inferred", pa.bool_()),
        ("language", pa.string()),
        ("origin", pa.string()),
        ("ingested_at", pa.timestamp("us")),
    ]
)

# Columns of the ``events`` table taken from the flat frame (frames.py); ``background`` and
# ``payload`` are added here.
EVENT_COLUMNS = (
    "id", "article_id", "record_id", "date", "date_precision", "event_type", "mode", "cameo",
    "goldstein", "quad_class",
    "source_text", "source_country", "source_sector", "source_actor_id",
    "target_text", "target_country", "target_sector", "target_actor_id",
    "location_name", "location_country", "location_lat", "location_lon",
    "confidence", "modality", "trigger_start",
)  # fmt: skip

EVIDENCE_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("role", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
    ]
)

ACTOR_SCHEMA = pa.schema(
    [
        ("actor_id", pa.string()),
        ("name", pa.string()),
        ("country", pa.string()),
        ("sector", pa.string()),
        ("first_seen", pa.date32()),
    ]
)


@dataclass
class BatchTables:
    articles: pa.Table
    events: pa.Table
    evidence: pa.Table
    actors: pa.Table


def payload_json(event: Event) -> str:
    """``Event.to_dict()`` as strict JSON (no NaN); StoreError naming the event otherwise."""
    d = event.to_dict()
    for key in ("goldstein", "confidence"):
        v = d.get(key)
        if isinstance(v, float) and not math.isfinite(v):
            raise StoreError(f"event {event.id} (article {event.article_id}): {key} is {v}")
    try:
        return json.dumps(d, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"event {event.id} (article {event.article_id}) cannot be stored as JSON: {exc}"
        ) from exc


def _evidence_rows(event: Event) -> list[dict[str, object]]:
    ev = event.evidence
    spans: list[tuple[str, Span | None]] = [
        ("sentence", Span(ev.start, ev.end, ev.sentence)),
        ("trigger", ev.trigger),
        ("source", ev.source or event.source.span),
        ("target", ev.target or (event.target.span if event.target else None)),
        ("location", event.location.span if event.location else None),
    ]
    return [
        {"event_id": event.id, "role": role, "start": s.start, "end": s.end, "text": s.text}
        for role, s in spans
        if s is not None
    ]


def _seen(event: Event, article: Article, ingested: datetime) -> date:
    return event.date or article.published or ingested.date()


def batch_tables(pairs: Sequence[tuple[Article, list[Event]]], ingested: datetime) -> BatchTables:
    """Arrow tables for new articles and their events (already deduplicated by the caller)."""
    articles = [
        {
            "id": a.id, "record_id": a.record_id, "title": a.title, "caption": a.caption,
            "body": a.body, "url": a.url, "outlet": a.outlet, "published": a.published,
            "published_inferred": a.published_inferred, "language": a.language,
            "origin": a.origin, "ingested_at": ingested,
        }  # fmt: skip
        for a, _ in pairs
    ]
    events: list[Event] = []
    evidence: list[dict[str, object]] = []
    actors: dict[str, dict[str, object]] = {}
    for article, evs in pairs:
        for e in evs:
            if e.article_id != article.id:
                raise StoreError(
                    f"event {e.id} belongs to article {e.article_id}, "
                    f"but was given with article {article.id}"
                )
            events.append(e)
            evidence.extend(_evidence_rows(e))
            seen = _seen(e, article, ingested)
            for actor in (e.source, e.target):
                _note_actor(actors, actor, seen)
    payloads = [payload_json(e) for e in events]
    frame = frame_from_events(events).select(EVENT_COLUMNS)
    event_table = (
        frame.to_arrow()
        .append_column("background", pa.array([e.background for e in events], pa.bool_()))
        .append_column("payload", pa.array(payloads, pa.string()))
    )
    return BatchTables(
        articles=pa.Table.from_pylist(articles, schema=ARTICLE_SCHEMA),
        events=event_table,
        evidence=pa.Table.from_pylist(evidence, schema=EVIDENCE_SCHEMA),
        actors=pa.Table.from_pylist(list(actors.values()), schema=ACTOR_SCHEMA),
    )


def _note_actor(actors: dict[str, dict[str, object]], actor: Actor | None, seen: date) -> None:
    """Keep dictionary-resolved actors, with the earliest date they were seen in this batch."""
    if actor is None or not actor.resolved or not actor.actor_id:
        return
    row = actors.get(actor.actor_id)
    if row is None:
        actors[actor.actor_id] = {
            "actor_id": actor.actor_id, "name": actor.name or actor.text,
            "country": actor.country, "sector": actor.sector, "first_seen": seen,
        }  # fmt: skip
    elif seen < row["first_seen"]:  # type: ignore[operator]
        row["first_seen"] = seen
