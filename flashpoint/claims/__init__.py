"""Claims, not just events: who says an event happened (attribution chain), how it is asserted
(modality), when it happened by its own words, whether it is earlier context (background), and
where the article contradicts itself (consistency flags), with per-field confidence.

Functions over a parsed sentence (spaCy tokens) and a coder ``Candidate``; the pipeline calls
:func:`annotate_claims` once per article after its events are built.
"""
from flashpoint.claims.annotate import annotate_claims
from flashpoint.claims.attribution import AttributionLink, attribution_chain
from flashpoint.claims.background import background_cue, same_moment, stale
from flashpoint.claims.calibration import Calibration, CalibrationMap, calibrate, calibration_table, uncalibrated
from flashpoint.claims.confidence import field_confidence
from flashpoint.claims.consistency import consistency_flags, name_key, occurrence_groups, same_actor
from flashpoint.claims.counts import Count, CountReading, count_flags, event_counts, parse_count, severity
from flashpoint.claims.modality import MODALITIES, refine_modality
from flashpoint.claims.time import EventTime, event_time

__all__ = [
    "MODALITIES",
    "AttributionLink",
    "Calibration",
    "CalibrationMap",
    "Count",
    "CountReading",
    "EventTime",
    "annotate_claims",
    "attribution_chain",
    "background_cue",
    "calibrate",
    "calibration_table",
    "consistency_flags",
    "count_flags",
    "event_counts",
    "event_time",
    "field_confidence",
    "name_key",
    "occurrence_groups",
    "parse_count",
    "refine_modality",
    "same_actor",
    "same_moment",
    "severity",
    "stale",
    "uncalibrated",
]
