"""Typed records shared by every layer: no I/O, no spaCy."""
from flashpoint.model.article import Article, content_hash
from flashpoint.model.event import (
    FACTUAL_MODALITIES,
    Actor,
    Attribution,
    Event,
    Evidence,
    Flag,
    Location,
    Span,
)

__all__ = ["FACTUAL_MODALITIES", "Article", "Attribution", "Flag", "Actor", "Event", "Evidence", "Location", "Span", "content_hash"]
