"""Dedup keys of feed items: guid, canonical URL and content hash (``Article.id``).

An item is new only when none of its keys has been seen; all of them are recorded once it is
stored. The canonical URL lower-cases scheme and host, drops the default port, the fragment,
tracking parameters (``utm_*``, ``fbclid``, ``gclid`` …) and a trailing slash, and sorts the query.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "smid", "soc_src"})


def canonical_url(url: str) -> str | None:
    """The canonical form of an http(s) URL (see the module doc), or ``None`` if it is not one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not k.lower().startswith("utm_") and k.lower() not in _TRACKING)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if scheme == "https" else "http", host, path, urlencode(query), ""))


def item_keys(*, guid: str | None, urls: list[str | None], content_id: str) -> tuple[str, ...]:
    """``guid:…``, ``url:…`` (each URL canonical) and ``hash:…`` keys of one item, without repeats."""
    keys = []
    if guid and guid.strip():
        keys.append("guid:" + guid.strip())
    for url in urls:
        canon = canonical_url(url) if url else None
        if canon:
            keys.append("url:" + canon)
    keys.append("hash:" + content_id)
    return tuple(dict.fromkeys(keys))
