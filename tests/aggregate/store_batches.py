"""Linking articles into a real DuckDB store a few at a time, in a shuffled order: what the
store's incidents are then (for the tests that compare them with the in-memory linker's)."""
from __future__ import annotations

import random
from pathlib import Path

from flashpoint.aggregate import link_store
from flashpoint.model import Article, Event
from flashpoint.store import Store


def incidents_in_store(pairs: list[tuple[Article, list[Event]]], db: Path, *, seed: int,
                       batch: int) -> list[list[str]]:
    """Sorted event ids of every stored incident after adding and linking the articles
    ``batch`` at a time in the order ``seed`` shuffles them into."""
    shuffled = pairs[:]
    random.Random(seed).shuffle(shuffled)
    with Store(db) as store:
        for i in range(0, len(shuffled), batch):
            part = shuffled[i : i + batch]
            store.add(part)
            link_store(store, article_ids=[a.id for a, _ in part])
        rows = store.sql("SELECT list(event_id ORDER BY event_id) AS ids FROM incident_events "
                         "GROUP BY incident_id").rows()
    return sorted(ids for (ids,) in rows)
