"""Flat table exports (parquet, CSV) and JSON Lines of ``Event.to_dict()``."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from flashpoint.model import Article, Event
from flashpoint.store.frames import frame_from_events


def write_parquet(
    events: Iterable[Event], out: Path, articles: Mapping[str, Article] | None = None
) -> int:
    frame = frame_from_events(events, articles)
    frame.write_parquet(out)
    return frame.height


def write_csv(
    events: Iterable[Event], out: Path, articles: Mapping[str, Article] | None = None
) -> int:
    frame = frame_from_events(events, articles)
    frame.write_csv(out)
    return frame.height


def write_jsonl(
    events: Iterable[Event], out: Path, articles: Mapping[str, Article] | None = None
) -> int:
    """One ``Event.to_dict()`` per line (ISO dates); ``articles`` is not used."""
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for e in events:
            f.write(json.dumps(e.to_dict(), ensure_ascii=False))
            f.write("\n")
            n += 1
    return n
