"""URL helpers: the outlet of an article is the registered domain of its URL."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from tld import get_fld

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# /2020/01/08/ or /2020-01-08 or /20200108/ in a URL path
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)")


def looks_like_url(value: str) -> bool:
    """True for an absolute http(s) URL without whitespace."""
    return bool(_URL.match(value))


def outlet_from_url(url: str | None) -> str | None:
    """Registered domain of ``url`` ("http://feeds.dailykosmedia.com/x" → "dailykosmedia.com").

    Uses the public-suffix list shipped with the ``tld`` package (no network). Hosts that have no
    registered domain (an IP address, ``localhost``) give the bare host; no host gives ``None``.
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    domain = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(domain) if domain else host


def date_from_url(url: str | None) -> date | None:
    """A date written into a URL path (``/2020/01/08/``), or ``None``."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_DATE.search(path)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
