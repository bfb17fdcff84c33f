"""Ingest: text, RSS items, JSONL, JSON and HTML → :class:`flashpoint.model.Article`.

Readers never raise for bad records: each problem is a :class:`Rejected` carrying an
:class:`~flashpoint.errors.InputError` whose ``where`` is ``path`` or ``path:line``.
"""
from __future__ import annotations

from flashpoint.ingest.dates import infer_published, parse_published
from flashpoint.ingest.language import LanguageDetector, detect_language
from flashpoint.ingest.outcome import ReadOutcome, Rejected
from flashpoint.ingest.sources import MAX_BYTES, SUPPORTED_EXTENSIONS, iter_articles
from flashpoint.ingest.text_item import read_text_item
from flashpoint.ingest.urls import outlet_from_url

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "LanguageDetector",
    "ReadOutcome",
    "Rejected",
    "detect_language",
    "infer_published",
    "iter_articles",
    "outlet_from_url",
    "parse_published",
    "read_text_item",
]
