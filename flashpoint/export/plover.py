"""PLOVER JSON records (one JSON array, or JSON Lines when the file ends in ``.jsonl``).

Field names follow the event record of the PLOVER manual ("Event data format"). flashpoint codes
actor sectors CAMEO-style, where ``MED`` means media; PLOVER uses ``JRN`` for journalists/media and
``MED`` for health. The export therefore writes ``JRN`` for our ``MED`` (see SECTOR_TO_PLOVER).

PLOVER's own fields carry ``mode`` and ``context``. What PLOVER has no field for is written as
extra keys after them: ``cameo``, ``modality`` (asserted, reported, speculated, denied, negated,
future, hypothetical, demanded), ``confidence``, ``attribution`` (the chain of who says it,
outermost first: ``text``, ``verb``, resolved ``actor``/``country``/``agent``), ``background``
(told as earlier context), ``date_precision`` and ``flags`` (kinds of self-contradiction).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from flashpoint.model import Actor, Article, Event

PLOVER_VERSION = "PLOVER 2024 (flashpoint)"
SECTOR_TO_PLOVER = {"MED": "JRN"}  # CAMEO media -> PLOVER journalists/media


def plover_sector(sector: str | None) -> str | None:
    return SECTOR_TO_PLOVER.get(sector, sector) if sector else None


def _actor_fields(prefix: str, actor: Actor | None) -> dict[str, Any]:
    return {
        prefix: actor.country if actor else None,
        f"{prefix}_actor": (actor.name or actor.text) if actor else None,
        f"{prefix}_agent": plover_sector(actor.sector) if actor else None,
    }


def plover_record(event: Event, article: Article | None = None) -> dict[str, Any]:
    """One event as a PLOVER event record."""
    loc = event.location
    day = event.date or (article.published if article else None)
    return {
        "id": event.id,
        "date": day.isoformat() if day else None,
        **_actor_fields("source", event.source),
        **_actor_fields("target", event.target),
        "event_type": event.event_type,
        "mode": event.mode,
        "context": list(event.context),
        "event_text": event.evidence.sentence,
        "language": article.language if article else None,
        "publication": article.title if article else None,
        "publisher": article.outlet if article else None,
        "url": article.url if article else None,
        "location": (
            {"name": loc.name, "lat": loc.lat, "lon": loc.lon, "country": loc.country}
            if loc
            else None
        ),
        "article_id": event.record_id or event.article_id,
        "cameo": event.cameo,
        "modality": event.modality,
        "confidence": event.confidence,
        # flashpoint extras (PLOVER has no field for them): who says it, outermost first; whether
        # the article tells it as earlier context; how precise the date is; self-contradictions
        "attribution": [
            {"text": a.text, "verb": a.verb,
             "actor": (a.actor.name or a.actor.text) if a.actor else None,
             "country": a.actor.country if a.actor else None,
             "agent": plover_sector(a.actor.sector) if a.actor else None}
            for a in event.attribution
        ],
        "background": event.background,
        "date_precision": event.date_precision if event.date else None,
        "flags": [f.kind for f in event.flags],
        "version": PLOVER_VERSION,
    }


def write_plover(
    events: Iterable[Event], out: Path, articles: Mapping[str, Article] | None = None
) -> int:
    arts = articles or {}
    n = 0
    with out.open("w", encoding="utf-8") as f:
        if out.suffix.lower() == ".jsonl":
            for e in events:
                f.write(json.dumps(plover_record(e, arts.get(e.article_id)), ensure_ascii=False))
                f.write("\n")
                n += 1
            return n
        f.write("[")
        for e in events:
            f.write(",\n" if n else "\n")
            f.write(json.dumps(plover_record(e, arts.get(e.article_id)), ensure_ascii=False))
            n += 1
        f.write("\n]\n" if n else "]\n")
    return n
