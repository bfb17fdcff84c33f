"""``export_events``: one entry point dispatching to the writer of each format."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from flashpoint.export.gdelt import write_gdelt
from flashpoint.export.plover import write_plover
from flashpoint.export.tables import write_csv, write_jsonl, write_parquet
from flashpoint.model import Article, Event

Writer = Callable[[Iterable[Event], Path, "Mapping[str, Article] | None"], int]

WRITERS: dict[str, Writer] = {
    "plover": write_plover,
    "gdelt": write_gdelt,
    "parquet": write_parquet,
    "csv": write_csv,
    "jsonl": write_jsonl,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def export_events(
    events: Iterable[Event],
    fmt: str,
    out: str | Path,
    *,
    articles: Mapping[str, Article] | None = None,
) -> int:
    """Write ``events`` to ``out`` in format ``fmt``; return the number of events written.

    ``articles`` (keyed by content hash) supplies URL, outlet, title and publication date where a
    format has a place for them.
    """
    writer = WRITERS.get(fmt.lower())
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}; supported: {', '.join(FORMATS)}")
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    return writer(events, path, articles)
