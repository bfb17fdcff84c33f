"""Library call behind ``flashpoint watch``: poll feeds, code new items, store them, repeat.

Order of work per new batch: code → ``Store.add`` (one transaction) → record the items' dedup
keys. A crash between the last two only means the items are found again on the next poll, and
then skipped by their content hash, which the store already holds.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.ingest.feeds import FeedPoller, FeedSource, FeedState, Fetcher, FetchLimits, read_feed_list
from flashpoint.ingest.feeds.poller import Backoff
from flashpoint.model import Article, Event
from flashpoint.pipeline import Pipeline, default_pipeline
from flashpoint.store import Store
from flashpoint.store.feed_ledger import FeedTables

log = logging.getLogger("flashpoint.feeds")


class StoreLedger:
    """The poller's :class:`~flashpoint.ingest.feeds.FeedLedger` on the DuckDB store."""

    def __init__(self, store: Store) -> None:
        self.tables = FeedTables(store)

    def load_state(self, url: str) -> FeedState | None:
        row = self.tables.load_state(url)
        return FeedState(**row) if row else None

    def save_state(self, state: FeedState) -> None:
        self.tables.save_state(asdict(state))

    def seen_keys(self, keys: Iterable[str]) -> set[str]:
        return self.tables.seen_keys(keys)

    def mark_seen(self, items: Iterable[tuple[str, str, str]]) -> None:
        self.tables.mark_seen(items)


@dataclass
class WatchReport:
    """Totals over all polls of one ``watch_feeds`` call."""

    polls: int = 0  # rounds
    feed_polls: int = 0
    not_modified: int = 0
    failures: list[str] = field(default_factory=list)  # "name: problem"
    items_new: int = 0
    items_already_seen: int = 0
    articles_already_stored: int = 0
    events: int = 0
    rejected: list[InputError] = field(default_factory=list)


def watch_feeds(
    feeds: Sequence[FeedSource] | str | Path,
    *,
    store: Store,
    pipeline: Pipeline | None = None,
    interval: float = 900.0,
    max_polls: int | None = None,
    fetch_pages: bool = False,
    allow_private: bool = False,
    limits: FetchLimits | None = None,
    backoff: Backoff | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_result: Callable[[Article, list[Event]], None] | None = None,
) -> WatchReport:
    """Poll ``feeds`` (a list or a feed-list file) every ``interval`` seconds until ``max_polls``
    rounds are done (forever when ``None``), coding and storing every new item once."""
    sources = read_feed_list(feeds) if isinstance(feeds, str | Path) else list(feeds)
    pipe = pipeline or default_pipeline()
    ledger = StoreLedger(store)
    poller = FeedPoller(sources, ledger, fetcher=Fetcher(limits=limits, allow_private=allow_private),
                        interval=interval, fetch_pages=fetch_pages, backoff=backoff)
    report = WatchReport()
    try:
        while max_polls is None or report.polls < max_polls:
            if report.polls:
                sleep(max(0.0, min(poller.next_due_in(), interval)))
            report.polls += 1
            for result in poller.poll_due():
                report.feed_polls += 1
                report.not_modified += result.status == "not-modified"
                report.items_already_seen += result.already_seen
                report.rejected.extend(result.rejected)
                if result.error:
                    report.failures.append(f"{result.feed.name}: {result.error}")
                    continue
                _code_and_store(result.items, store, pipe, ledger, report, on_result)
    finally:
        poller.close()
    return report


def _code_and_store(items, store: Store, pipe: Pipeline, ledger: StoreLedger, report: WatchReport,
                    on_result: Callable[[Article, list[Event]], None] | None) -> None:
    if not items:
        return
    stored = store.stored_ids(i.article.id for i in items)
    todo = [i for i in items if i.article.id not in stored]
    report.articles_already_stored += len(items) - len(todo)
    results = list(pipe.code_articles([i.article for i in todo]))
    if results:
        store.add(results)
    report.items_new += len(results)
    report.events += sum(len(evs) for _, evs in results)
    ledger.mark_seen((k, i.feed.url, i.article.id) for i in items for k in i.keys)
    if on_result is not None:
        for article, events in results:
            on_result(article, events)
