"""Per-field confidence of an event (``Event.field_confidence``): heuristic values in [0, 1].

Each value says how much the field rests on: a dictionary match (its resolver confidence), a
syntactic slot with text but no match, an explicit date expression versus the publish date, a
place phrase in the sentence versus an actor's country. These raw scores are then calibrated
(:mod:`flashpoint.claims.calibration`, applied by ``annotate_claims``): ``type``, ``source`` and
``target`` through tables fitted on the development gold sets, so that they read as the
probability that the field is right; the event's own ``confidence`` too where the shipped table
has an ``event`` map (the fit ships one only when it beats the raw score on held-out data: the
current table has none). ``date``, ``location`` and ``modality`` stay heuristic (no gold data to
fit them on).
"""
from __future__ import annotations

from flashpoint.model import Actor, Event

# type: a verbal trigger whose lexicon sense was confirmed by its object/preposition/modifier is
# the surest; a bare noun the least.
TYPE_CONFIRMED, TYPE_VERB, TYPE_NOUN = 0.85, 0.7, 0.55
ACTOR_UNRESOLVED, ACTOR_PRONOUN, ACTOR_INSTRUMENT = 0.35, 0.5, 0.3
DATE_BY_PRECISION = {"part-of-day": 0.85, "day": 0.9, "week": 0.6, "month": 0.5, "year": 0.45}
DATE_FROM_PUBLISHED, DATE_FROM_INFERRED, DATE_UNKNOWN = 0.55, 0.4, 0.0
LOCATION_PHRASE, LOCATION_FROM_ACTOR = 0.8, 0.4
MODALITY_PLAIN, MODALITY_CUED, MODALITY_CHAIN, MODALITY_HEDGED = 0.8, 0.85, 0.75, 0.6


def actor_confidence(actor: Actor | None, *, instrument: bool = False) -> float:
    if actor is None:
        return ACTOR_INSTRUMENT if instrument else 0.0
    if actor.text is None:  # no words, only a convention (a protest's government target)
        return round(actor.confidence, 3) if actor.country else (ACTOR_INSTRUMENT if instrument else 0.0)
    if actor.resolved:
        return round(max(actor.confidence, ACTOR_PRONOUN), 3)
    return ACTOR_UNRESOLVED


def field_confidence(event: Event, *, confirmed_sense: bool, nominal: bool, instrument: bool,
                     own_date: bool, published_inferred: bool, modality_changed: bool) -> dict[str, float]:
    """The ``field_confidence`` dict of one event (keys: type, source, target, date, location,
    modality)."""
    if event.date is None:
        date_conf = DATE_UNKNOWN
    elif own_date:
        date_conf = DATE_BY_PRECISION.get(event.date_precision or "", 0.5)
    else:
        date_conf = DATE_FROM_INFERRED if published_inferred else DATE_FROM_PUBLISHED
    if event.location is None:
        loc_conf = 0.0
    else:
        loc_conf = LOCATION_PHRASE if event.location.span is not None else LOCATION_FROM_ACTOR
    if event.modality in {"speculated", "hypothetical"}:
        mod_conf = MODALITY_HEDGED
    elif modality_changed:
        mod_conf = MODALITY_CHAIN
    elif event.modality_span is not None:
        mod_conf = MODALITY_CUED
    else:
        mod_conf = MODALITY_PLAIN
    return {
        "type": TYPE_CONFIRMED if confirmed_sense else (TYPE_NOUN if nominal else TYPE_VERB),
        "source": actor_confidence(event.source, instrument=instrument),
        "target": actor_confidence(event.target),
        "date": date_conf,
        "location": loc_conf,
        "modality": mod_conf,
    }
