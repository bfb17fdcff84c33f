"""Polling feeds: per-feed state (ETag, Last-Modified, failures, next poll time), exponential
backoff with jitter, and dedup of items against a ledger of seen keys.

The poller finds new items; it neither codes nor stores them. Whoever stores them records their
keys with :meth:`FeedLedger.mark_seen` afterwards, so an item whose coding was interrupted is
found again on the next poll. A feed that fails (DNS, refused target, timeout, HTTP error,
oversize, malformed or dangerous XML) is logged with its name and retried later; the other feeds
go on.
"""
from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from flashpoint.errors import InputError
from flashpoint.ingest.feeds.entries import FeedItem, item_to_article, parse_feed
from flashpoint.ingest.feeds.feed_list import FeedSource
from flashpoint.ingest.feeds.fetch import Fetcher
from flashpoint.ingest.feeds.keys import item_keys
from flashpoint.ingest.html import decode_html, html_to_article
from flashpoint.model import Article

log = logging.getLogger("flashpoint.feeds")

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


@dataclass
class FeedState:
    """What is remembered about one feed between polls (``next_poll_at``: epoch seconds)."""

    url: str
    name: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll_at: float = 0.0
    last_status: str | None = None  # "ok", "not-modified", "error"
    last_error: str | None = None


class FeedLedger(Protocol):
    """Where feed state and seen item keys persist (the DuckDB store implements it)."""

    def load_state(self, url: str) -> FeedState | None: ...

    def save_state(self, state: FeedState) -> None: ...

    def seen_keys(self, keys: Iterable[str]) -> set[str]: ...

    def mark_seen(self, items: Iterable[tuple[str, str, str]]) -> None:
        """Record ``(key, feed_url, article_id)`` triples."""


class MemoryLedger:
    """A ledger in memory (one process's lifetime)."""

    def __init__(self) -> None:
        self.states: dict[str, FeedState] = {}
        self.seen: dict[str, tuple[str, str]] = {}

    def load_state(self, url: str) -> FeedState | None:
        state = self.states.get(url)
        return dataclasses.replace(state) if state else None

    def save_state(self, state: FeedState) -> None:
        self.states[state.url] = dataclasses.replace(state)

    def seen_keys(self, keys: Iterable[str]) -> set[str]:
        return {k for k in keys if k in self.seen}

    def mark_seen(self, items: Iterable[tuple[str, str, str]]) -> None:
        for key, feed_url, article_id in items:
            self.seen.setdefault(key, (feed_url, article_id))


@dataclass(frozen=True)
class NewItem:
    """A feed item not seen before, read as an article, with the keys to record once stored."""

    feed: FeedSource
    article: Article
    keys: tuple[str, ...]


@dataclass
class PollResult:
    """One poll of one feed. ``status``: ok, not-modified, error."""

    feed: FeedSource
    status: str
    items: list[NewItem] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    already_seen: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Backoff:
    """After ``n`` consecutive failures a feed waits ``min(cap, base * 2**(n-1))`` seconds, times a
    random factor in ``[1, 1 + jitter]``; a good poll waits ``interval`` times ``[1 - j, 1 + j]``."""

    base: float = 60.0
    cap: float = 6 * 3600.0
    jitter: float = 0.2

    def after_failure(self, failures: int, rng: random.Random) -> float:
        return min(self.cap, self.base * 2 ** max(0, failures - 1)) * (1 + self.jitter * rng.random())

    def after_success(self, interval: float, rng: random.Random) -> float:
        return interval * (1 + self.jitter * (2 * rng.random() - 1))


class FeedPoller:
    """Polls ``feeds`` when due; returns the new items of each."""

    def __init__(self, feeds: Sequence[FeedSource], ledger: FeedLedger, *, fetcher: Fetcher | None = None,
                 interval: float = 900.0, fetch_pages: bool = False, allow_private: bool = False,
                 backoff: Backoff | None = None, rng: random.Random | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.feeds = list(feeds)
        self.ledger = ledger
        self.fetcher = fetcher or Fetcher(allow_private=allow_private)
        self.interval = interval
        self.fetch_pages = fetch_pages
        self.backoff = backoff or Backoff()
        self.rng = rng or random.Random()
        self.clock = clock

    def close(self) -> None:
        self.fetcher.close()

    def state(self, feed: FeedSource) -> FeedState:
        return self.ledger.load_state(feed.url) or FeedState(url=feed.url, name=feed.name)

    def due(self, now: float | None = None) -> list[FeedSource]:
        now = self.clock() if now is None else now
        return [f for f in self.feeds if self.state(f).next_poll_at <= now]

    def next_due_in(self) -> float:
        """Seconds until the next feed is due (0 when one is due now)."""
        now = self.clock()
        return max(0.0, min((self.state(f).next_poll_at for f in self.feeds), default=now) - now)

    def poll_due(self) -> list[PollResult]:
        return [self.poll(feed) for feed in self.due()]

    def poll(self, feed: FeedSource) -> PollResult:
        """Poll one feed now; never raises for the feed's own failures."""
        state = self.state(feed)
        state.name = feed.name
        try:
            fetched = self.fetcher.get(feed.url, etag=state.etag, last_modified=state.last_modified,
                                       accept=FEED_ACCEPT)
            if fetched.not_modified:
                result = PollResult(feed, "not-modified")
            else:
                parsed = parse_feed(fetched.content, name=feed.name, url=fetched.final_url)
                result = PollResult(feed, "ok")
                self._collect(feed, parsed.items, result)
        except InputError as exc:
            problem = exc.problem if exc.where in (feed.name, feed.url) else str(exc)
            log.warning("feed %s (%s) failed: %s", feed.name, feed.url, problem)
            state.failures += 1
            state.last_status, state.last_error = "error", problem
            state.next_poll_at = self.clock() + self.backoff.after_failure(state.failures, self.rng)
            self.ledger.save_state(state)
            return PollResult(feed, "error", error=problem)
        if result.status == "ok":
            state.etag, state.last_modified = fetched.etag, fetched.last_modified
        state.failures, state.last_status, state.last_error = 0, result.status, None
        state.next_poll_at = self.clock() + self.backoff.after_success(self.interval, self.rng)
        self.ledger.save_state(state)
        return result

    def _collect(self, feed: FeedSource, items: list[FeedItem], result: PollResult) -> None:
        batch_keys: set[str] = set()
        for item in items:
            quick = item_keys(guid=item.guid, urls=[item.link], content_id="")[:-1]
            if quick and (self.ledger.seen_keys(quick) or batch_keys & set(quick)):
                result.already_seen += 1
                continue
            outcome = self._article(item)
            if not isinstance(outcome, Article):
                result.rejected.append(outcome.error)
                log.info("feed %s: %s", feed.name, outcome)
                continue
            keys = item_keys(guid=item.guid, urls=[item.link, outcome.url], content_id=outcome.id)
            if self.ledger.seen_keys(keys) or batch_keys & set(keys):
                result.already_seen += 1
                continue
            batch_keys.update(keys)
            result.items.append(NewItem(feed, outcome, keys))

    def _article(self, item: FeedItem):  # -> ReadOutcome
        own = item_to_article(item, origin=item.link or item.where)
        if not (self.fetch_pages and item.link):
            return own
        try:
            page = self.fetcher.get(item.link, accept="text/html, */*;q=0.5")
            decoded = decode_html(page.content, item.link)
        except InputError as exc:
            log.info("feed item %s: page not fetched (%s); using the feed's text", item.where, exc.problem)
            return own
        found = html_to_article(decoded.text, origin=item.link, url=page.final_url)
        if not isinstance(found, Article):
            log.info("feed item %s: %s; using the feed's text", item.where, found.problem)
            return own
        return dataclasses.replace(
            found, title=found.title or item.title, published=found.published or item.published,
            published_inferred=found.published_inferred if found.published else False,
            record_id=item.guid, id="",
        )
