"""Incidents across articles, dyad/country/type series and escalation alerts.

Imports model, store, errors and resources only (never spaCy, nlp, coding or pipeline).
"""
from flashpoint.aggregate.incident import Incident, Reading, build_incident
from flashpoint.aggregate.linking import IncidentLinker
from flashpoint.aggregate.pair_rule import same_incident
from flashpoint.aggregate.records import LinkRecord, record_from_event
from flashpoint.aggregate.store_link import LinkReport, link_store

__all__ = [
    "Incident",
    "IncidentLinker",
    "LinkRecord",
    "LinkReport",
    "Reading",
    "build_incident",
    "link_store",
    "record_from_event",
    "same_incident",
]
