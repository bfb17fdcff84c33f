"""Live RSS/Atom feeds: feed lists, safe fetching (SSRF guard, limits), safe XML, polling with
conditional GET and backoff, dedup keys. No spaCy and no store here: ``flashpoint.watch`` codes
and stores what the poller finds."""
from __future__ import annotations

from flashpoint.ingest.feeds.entries import FeedItem, ParsedFeed, item_to_article, parse_feed
from flashpoint.ingest.feeds.feed_list import FeedSource, parse_feed_list, parse_opml, read_feed_list
from flashpoint.ingest.feeds.fetch import Fetcher, FetchLimits, FetchResult
from flashpoint.ingest.feeds.guard import check_url, is_public_address
from flashpoint.ingest.feeds.keys import canonical_url, item_keys
from flashpoint.ingest.feeds.poller import (
    Backoff, FeedLedger, FeedPoller, FeedState, MemoryLedger, NewItem, PollResult,
)
from flashpoint.ingest.feeds.xml_safety import check_feed_xml

__all__ = [
    "Backoff", "FeedItem", "FeedLedger", "FeedPoller", "FeedSource", "FeedState", "FetchLimits",
    "FetchResult", "Fetcher", "MemoryLedger", "NewItem", "ParsedFeed", "PollResult",
    "canonical_url", "check_feed_xml", "check_url", "is_public_address", "item_keys",
    "item_to_article", "parse_feed", "parse_feed_list", "parse_opml", "read_feed_list",
]
