"""Turn the parts every reader finds (title, caption, body, metadata) into an :class:`Article`."""
from __future__ import annotations

from datetime import date

from flashpoint.ingest.dates import infer_published
from flashpoint.ingest.language import detect_language
from flashpoint.ingest.urls import outlet_from_url
from flashpoint.model import Article


def assemble_article(
    *,
    title: str,
    caption: str,
    body: str,
    url: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
    language: str | None = None,
    record_id: str | None = None,
    origin: str | None = None,
    reference: date | None = None,
) -> Article:
    """Fill what the input did not give: outlet from the URL, date from datelines, language.

    ``published`` given here is metadata (``published_inferred=False``); otherwise the date is
    inferred from the text (``published_inferred=True``) or left ``None``.
    """
    inferred = False
    if published is None:
        published = infer_published(caption, body, url=url, reference=reference)
        inferred = published is not None
    text = "\n\n".join(p for p in (title, caption, body) if p)
    return Article(
        title=title,
        caption=caption,
        body=body,
        url=url or None,
        outlet=outlet or outlet_from_url(url),
        published=published,
        published_inferred=inferred,
        language=language or detect_language(text),
        record_id=record_id,
        origin=origin,
    )
