"""Feed documents (RSS/Atom bytes already fetched) → items → :class:`Article`.

``feedparser`` only ever sees a ``BytesIO`` of bytes that passed :func:`check_feed_xml`: given a
``str`` or ``bytes`` it would fetch URLs or open local files named by them. An item's text is its
``content`` (else ``summary``) with HTML reduced to paragraphs; its title, link, guid and date
come from the item.
"""
from __future__ import annotations

import calendar
import io
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import feedparser
import lxml.etree
import lxml.html

from flashpoint.errors import InputError
from flashpoint.ingest.assemble import assemble_article
from flashpoint.ingest.decode import normalise_text
from flashpoint.ingest.feeds.xml_safety import check_feed_xml
from flashpoint.ingest.outcome import ReadOutcome, rejected
from flashpoint.ingest.text_item import split_text_item
from flashpoint.ingest.urls import looks_like_url

log = logging.getLogger("flashpoint.feeds")

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")
_TAG = re.compile(r"<[^>]{0,2000}>")
MAX_ITEM_CHARS = 2_000_000


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as plain text."""

    guid: str | None
    link: str | None
    title: str
    text: str
    published: date | None
    where: str  # "feed name: guid or link" (for rejections and logs)


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[FeedItem]
    note: str | None = None  # malformed-but-readable XML


def html_fragment_text(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element; plain text is kept as is."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        for el in root.iter(*_BLOCK_TAGS):
            el.tail = "\n\n" + (el.tail or "")
        for el in root.iter("script", "style"):
            el.drop_tree()
        text = root.text_content()
    except (lxml.etree.ParserError, ValueError, RecursionError):
        text = _TAG.sub(" ", fragment)
    return re.sub(r"\n\s*\n\s*", "\n\n", text)


def _struct_date(value: Any) -> date | None:
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _text_of(entry: Any) -> str:
    contents = entry.get("content") or []
    for c in contents:
        value = c.get("value") if isinstance(c, dict) else None
        if value and value.strip():
            return str(value)
    return str(entry.get("summary") or entry.get("description") or "")


def parse_feed(data: bytes, *, name: str, url: str | None = None) -> ParsedFeed:
    """Parse one fetched feed document; raise :class:`InputError` (``where`` = ``name``) for a
    refused, unreadable or item-less malformed document."""
    note = check_feed_xml(data, name)
    # no base URL given: a relative guid stays as written (feedparser would resolve it)
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except Exception as exc:  # feedparser on hostile input (e.g. a surrogate &#xD800; crashes it)
        raise InputError(name, f"feed could not be parsed ({type(exc).__name__}: {exc})") from None
    entries = parsed.get("entries") or []
    if note and not entries:
        raise InputError(name, f"{note}; no feed items could be read")
    version = parsed.get("version") or ""
    if not entries and not version:
        problem = parsed.get("bozo_exception")
        raise InputError(name, "not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    if note:
        log.warning("%s: %s; read %d item(s) with the tolerant parser", name, note, len(entries))
    items = [_item(entry, name) for entry in entries]
    feed_title = str((parsed.get("feed") or {}).get("title") or "")
    return ParsedFeed(title=feed_title, items=items, note=note)


def _item(entry: Any, feed_name: str) -> FeedItem:
    guid = str(entry.get("id") or "").strip() or None
    link = str(entry.get("link") or "").strip() or None
    if link and not looks_like_url(link):
        link = None
    title = " ".join(normalise_text(html_fragment_text(str(entry.get("title") or ""))).split())
    text = normalise_text(html_fragment_text(_text_of(entry)[:MAX_ITEM_CHARS]))
    published = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    return FeedItem(guid=guid, link=link, title=title, text=text, published=published,
                    where=f"{feed_name}: {guid or link or title[:60] or 'item'}")


def item_to_article(item: FeedItem, *, origin: str | None = None) -> ReadOutcome:
    """An item's own text → Article, or a rejection when it has no words."""
    parts = split_text_item(item.text, title=item.title)
    if not any(c.isalpha() for c in parts.title + parts.caption + parts.body):
        return rejected(item.where, "feed item has no text (no title, summary or content with words)")
    return assemble_article(title=parts.title, caption=parts.caption, body=parts.body, url=item.link,
                            published=item.published, record_id=item.guid, origin=origin or item.where)
