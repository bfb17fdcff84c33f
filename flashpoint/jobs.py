"""Library calls behind the CLI and API: code sources into a store, in resumable batches."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from flashpoint.aggregate import link_store
from flashpoint.errors import InputError
from flashpoint.ingest import Rejected, iter_articles
from flashpoint.model import Article, Event
from flashpoint.pipeline import Pipeline, default_pipeline
from flashpoint.store import Store


@dataclass
class CodeReport:
    """What one coding run did. ``rejected`` names every record that could not be read."""

    articles_read: int = 0
    articles_coded: int = 0
    articles_already_stored: int = 0
    events: int = 0
    rejected: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _batches(items: Iterable[Article | Rejected], size: int, report: CodeReport) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, Rejected):
            report.rejected.append(item.error)
            continue
        report.articles_read += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_sources(
    sources: Iterable[str | Path],
    *,
    store: Store | None,
    pipeline: Pipeline | None = None,
    batch_size: int = 200,
    stdin: TextIO | None = None,
    on_result: Callable[[Article, list[Event]], None] | None = None,
    recode: bool = False,
) -> CodeReport:
    """Read, code and store articles from files/dirs/globs/stdin.

    Each batch is one transaction in the store, so a crash loses at most the batch in flight, and
    a rerun skips articles already stored (by content hash) without coding them again, unless
    ``recode``. ``on_result`` sees every coded article (the CLI prints from it).
    """
    pipe = pipeline or default_pipeline()
    report = CodeReport()
    for batch in _batches(iter_articles(sources, stdin=stdin), batch_size, report):
        todo = batch
        if store is not None and not recode:
            done = store.stored_ids(a.id for a in batch)
            report.articles_already_stored += sum(1 for a in batch if a.id in done)
            todo = [a for a in batch if a.id not in done]
            if on_result is not None:  # already stored: show what the store holds
                for a in batch:
                    if a.id in done:
                        on_result(a, store.events(article_id=a.id))
        results = list(pipe.code_articles(todo))
        report.articles_coded += len(results)
        report.events += sum(len(evs) for _, evs in results)
        if store is not None and results:
            store.add(results)
            # link the new events to incidents (incremental: only these articles' blocks)
            link_store(store, article_ids=[a.id for a, _ in results])
        if on_result is not None:
            for article, events in results:
                on_result(article, events)
    return report


def code_file(path: str | Path, *, store: Store | None = None) -> list[Event]:
    """Code one file (any supported format) and return all its events; stores them if asked."""
    events: list[Event] = []
    report = code_sources([path], store=store, on_result=lambda a, evs: events.extend(evs))
    if report.rejected:
        raise report.rejected[0]
    return events
