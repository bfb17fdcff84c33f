"""HTTP GET with limits: conditional requests, redirects followed by hand (each hop checked by
the SSRF guard), a byte limit on the decoded body and a wall-clock limit on the whole exchange.

Every failure is an :class:`InputError` naming the URL; the fetcher never raises anything else
for a bad server (timeouts, resets, bad TLS, oversize bodies, redirect loops).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from flashpoint.errors import InputError
from flashpoint.ingest.feeds.guard import Resolver, check_url, resolve_host

USER_AGENT = "flashpoint-feeds/0.1 (+https://github.com/flashpoint; polite poller)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchLimits:
    """``max_bytes``: decoded body size; ``timeout``: seconds for the whole request, redirects
    included; ``max_redirects``: hops followed before giving up."""

    max_bytes: int = 5_000_000
    timeout: float = 15.0
    max_redirects: int = 5


@dataclass(frozen=True)
class FetchResult:
    """A response: ``status`` 200 with ``content``, or 304 (not modified) with no content."""

    url: str  # what was asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _host_port(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    except ValueError:
        return ""


class Fetcher:
    """One pooled HTTP client; ``allow_private`` turns the SSRF guard off (local feeds, tests).

    ``trust_env=False``: proxy variables of the environment are not used, so the guard checks
    the host that is actually contacted.
    """

    def __init__(self, *, limits: FetchLimits | None = None, allow_private: bool = False,
                 allow_hosts: frozenset[str] = frozenset(), resolve: Resolver = resolve_host) -> None:
        self.limits = limits or FetchLimits()
        self.allow_private = allow_private
        self.allow_hosts = allow_hosts  # "host:port" exempt from the guard (one internal feed host)
        self._resolve = resolve
        t = self.limits.timeout
        self._client = httpx.Client(follow_redirects=False, trust_env=False,
                                    timeout=httpx.Timeout(t, connect=min(t, 10.0)),
                                    headers={"User-Agent": USER_AGENT})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> FetchResult:
        """GET ``url`` (conditional when ``etag``/``last_modified`` are given)."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        deadline = time.monotonic() + self.limits.timeout
        current = url
        for _ in range(self.limits.max_redirects + 1):
            check_url(current, allow_private=self.allow_private or _host_port(current) in self.allow_hosts,
                      resolve=self._resolve)
            result, location = self._once(url, current, headers, deadline)
            if result is not None:
                return result
            current = location
        raise InputError(url, f"more than {self.limits.max_redirects} redirects")

    def _once(self, url: str, current: str, headers: dict[str, str], deadline: float
              ) -> tuple[FetchResult | None, str]:
        try:
            with self._client.stream("GET", current, headers=headers) as resp:
                if resp.status_code in REDIRECTS:
                    location = resp.headers.get("location")
                    if not location:
                        raise InputError(url, f"HTTP {resp.status_code} redirect without a Location header")
                    return None, urljoin(current, location)
                if resp.status_code == 304:
                    return self._result(url, current, resp, b""), ""
                if resp.status_code >= 400 or resp.status_code < 200 or resp.status_code >= 300:
                    raise InputError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.limits.max_bytes:
                    raise InputError(url, f"response of {int(declared):,} bytes is over the limit of "
                                     f"{self.limits.max_bytes:,} bytes")
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > self.limits.max_bytes:
                        raise InputError(url, f"response is over the limit of {self.limits.max_bytes:,} bytes")
                    if time.monotonic() > deadline:
                        raise InputError(url, f"response took longer than {self.limits.timeout:g} s; gave up")
                return self._result(url, current, resp, bytes(body)), ""
        except httpx.TimeoutException:
            raise InputError(url, f"timed out (limit {self.limits.timeout:g} s)") from None
        except httpx.HTTPError as exc:
            raise InputError(url, f"request failed ({type(exc).__name__}: {exc})") from None

    @staticmethod
    def _result(url: str, current: str, resp: httpx.Response, body: bytes) -> FetchResult:
        return FetchResult(url=url, final_url=current, status=resp.status_code, content=body,
                           etag=resp.headers.get("etag"), last_modified=resp.headers.get("last-modified"),
                           content_type=resp.headers.get("content-type"))
