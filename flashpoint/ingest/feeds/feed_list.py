"""The list of feeds to watch: a text file of URLs, or an OPML file (parsed with defusedxml).

Text form: one feed a line; blank lines and lines starting with ``#`` are skipped; a line may give
a name before the URL (``Reuters World  https://…``). OPML: every ``<outline>`` with an
``xmlUrl``, named by its ``title`` or ``text``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import defusedxml
import defusedxml.ElementTree
import xml.etree.ElementTree as std_etree

from flashpoint.errors import InputError
from flashpoint.ingest.urls import looks_like_url

MAX_LIST_BYTES = 5_000_000


@dataclass(frozen=True)
class FeedSource:
    """One feed: ``name`` is what logs and rejections call it (the host when none is given)."""

    url: str
    name: str

    @classmethod
    def from_url(cls, url: str, name: str | None = None) -> FeedSource:
        return cls(url=url, name=name or urlsplit(url).netloc or url)


def parse_feed_list(text: str, where: str) -> list[FeedSource]:
    """Feeds from the text form (see the module doc); a line without an http(s) URL is an error."""
    feeds: list[FeedSource] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        *name_words, url = line.split()
        if not looks_like_url(url):
            raise InputError(f"{where}:{lineno}", f"not an http(s) feed URL: {url[:100]!r}")
        feeds.append(FeedSource.from_url(url, " ".join(name_words) or None))
    return _unique(feeds)


def parse_opml(data: bytes, where: str) -> list[FeedSource]:
    """Feeds of an OPML document; DTDs and entities are refused."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise InputError(where, "refused: the OPML declares a DTD or entities") from None
    except std_etree.ParseError as exc:
        raise InputError(where, f"malformed OPML ({exc})") from None
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        if not looks_like_url(url):
            raise InputError(where, f"outline has a feed URL that is not http(s): {url[:100]!r}")
        feeds.append(FeedSource.from_url(url, (outline.get("title") or outline.get("text") or "").strip() or None))
    return _unique(feeds)


def read_feed_list(path: str | Path) -> list[FeedSource]:
    """Feeds from a file: OPML when it starts like XML, the text form otherwise."""
    path = Path(path)
    where = str(path)
    try:
        data = path.read_bytes()[: MAX_LIST_BYTES + 1]
    except OSError as exc:
        raise InputError(where, f"could not read the feed list ({exc.strerror or exc})") from None
    if len(data) > MAX_LIST_BYTES:
        raise InputError(where, f"feed list is over {MAX_LIST_BYTES:,} bytes")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        feeds = parse_opml(data, where)
    else:
        feeds = parse_feed_list(data.decode("utf-8", errors="replace"), where)
    if not feeds:
        raise InputError(where, "no feed URLs in the feed list")
    return feeds


def _unique(feeds: list[FeedSource]) -> list[FeedSource]:
    seen: set[str] = set()
    out = []
    for f in feeds:
        if f.url not in seen:
            seen.add(f.url)
            out.append(f)
    return out
