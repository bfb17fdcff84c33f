"""HTML pages → :class:`Article`: main text and metadata (title, date, URL, site name).

Main text comes from ``trafilatura`` where it can be imported. trafilatura 2.x needs
``lxml_html_clean`` with lxml ≥ 5.2; where that is missing the import fails, and a small
built-in extractor on ``lxml.html`` takes over (paragraphs of the ``<article>``/``<main>``
element, title/URL/site name from ``<meta>``/``<link>``/``<title>``) and logs that it did so.
The date is the page metadata's (trafilatura's, else ``htmldate``'s); only when the page has
none is it inferred from datelines in the text.
"""
from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import htmldate
import lxml.etree
import lxml.html

from flashpoint.errors import InputError
from flashpoint.ingest.assemble import assemble_article
from flashpoint.ingest.dates import parse_published
from flashpoint.ingest.decode import Decoded, check_not_binary, decode_bytes
from flashpoint.ingest.outcome import ReadOutcome, rejected
from flashpoint.ingest.text_item import split_text_item
from flashpoint.ingest.urls import looks_like_url, outlet_from_url

log = logging.getLogger("flashpoint.ingest")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure", "iframe", "svg", "template")


@dataclass(frozen=True)
class HtmlExtract:
    """What an extractor found in a page."""

    text: str  # paragraphs separated by newlines
    title: str | None = None
    date: str | None = None
    url: str | None = None
    sitename: str | None = None


@lru_cache(maxsize=1)
def _trafilatura() -> ModuleType | None:
    try:
        import trafilatura
    except ImportError as exc:
        log.info("trafilatura unavailable (%s); using the built-in HTML extractor", exc)
        return None
    return trafilatura


def trafilatura_available() -> bool:
    """True when ``trafilatura`` imports in this environment."""
    return _trafilatura() is not None


def decode_html(data: bytes, where: str) -> Decoded:
    """UTF-8 when valid; else the charset the page declares; else the general policy."""
    check_not_binary(data, where)
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace")
        try:
            codecs.lookup(name)
            return Decoded(data.decode(name, errors="replace"), name, f"decoded as declared charset {name}")
        except LookupError:
            pass
    return decode_bytes(data, where)


def _extract_with_trafilatura(module: ModuleType, html: str, url: str | None) -> HtmlExtract | None:
    doc = module.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # metadata dates only: the extensive search guesses from any year in the text
        date_extraction_params=module.settings.set_date_params(extensive=False),
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return None
    return HtmlExtract(
        text=text,
        title=getattr(doc, "title", None),
        date=getattr(doc, "date", None),
        url=getattr(doc, "url", None),
        sitename=getattr(doc, "sitename", None),
    )


def _meta(tree: lxml.html.HtmlElement, *names: str) -> str | None:
    for name in names:
        for el in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            content = (el.get("content") or "").strip()
            if content:
                return content
    return None


def _extract_with_lxml(html: str) -> HtmlExtract | None:
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    title = _meta(tree, "og:title", "twitter:title")
    if not title:
        found = tree.xpath("//title//text()") or tree.xpath("//h1//text()")
        title = " ".join(" ".join(found).split()) or None
    canonical = [el.get("href") for el in tree.xpath('//link[@rel="canonical"]') if el.get("href")]
    url = canonical[0] if canonical else _meta(tree, "og:url")
    sitename = _meta(tree, "og:site_name", "application-name")
    for el in list(tree.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    containers = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    container = containers[0]
    blocks = [el for el in container.iter(*_BLOCKS) if not any(a.tag in _BLOCKS for a in el.iterancestors())]
    if blocks:
        paragraphs = [" ".join(el.text_content().split()) for el in blocks]
    else:
        paragraphs = [" ".join(line.split()) for line in container.text_content().split("\n")]
    h1 = container.xpath(".//h1//text()")
    if h1 and not title:
        title = " ".join(" ".join(h1).split())
    text = "\n".join(p for p in paragraphs if p and p != title)
    if not text:
        return None
    return HtmlExtract(text=text, title=title, url=url, sitename=sitename)


def html_to_article(html: str, *, origin: str, url: str | None = None) -> ReadOutcome:
    """Extract the main text and metadata of one page; a page with no text is rejected."""
    module = _trafilatura()
    try:
        found = _extract_with_trafilatura(module, html, url) if module else _extract_with_lxml(html)
    except Exception as exc:  # a third-party parser on arbitrary input: any failure is a bad page
        return rejected(origin, f"HTML could not be parsed ({type(exc).__name__}: {exc})")
    if found is None or not found.text.strip():
        return rejected(origin, "no article text found in the HTML")
    page_url = url or (found.url if found.url and looks_like_url(found.url) else None)
    published = parse_published(found.date)
    if published is None and "<" in html:
        try:
            published = parse_published(htmldate.find_date(html, original_date=True, extensive_search=False))
        except Exception:  # htmldate on arbitrary markup: treat any failure as "no date"
            published = None
    title = " ".join((found.title or "").split())
    lines = [ln for ln in found.text.split("\n") if ln.strip()]
    if lines and " ".join(lines[0].split()) == title:
        lines = lines[1:]
    parts = split_text_item("\n\n".join(lines), title=title)
    if not (parts.title or parts.caption or parts.body):
        return rejected(origin, "no article text found in the HTML")
    return assemble_article(
        title=parts.title,
        caption=parts.caption,
        body=parts.body,
        url=page_url,
        outlet=outlet_from_url(page_url) or (found.sitename or None),
        published=published,
        origin=origin,
    )


def html_bytes_to_article(data: bytes, *, origin: str) -> ReadOutcome:
    """Decode and extract one HTML document."""
    try:
        decoded = decode_html(data, origin)
    except InputError as exc:
        return rejected(exc.where, exc.problem)
    if decoded.note:
        log.info("%s: %s", origin, decoded.note)
    if not decoded.text.strip():
        return rejected(origin, "empty file")
    return html_to_article(decoded.text, origin=origin)
