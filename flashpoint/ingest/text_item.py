"""RSS-item text and plain text → title, caption, body and URL.

The RSS-item form (see ``shared/examples/*.txt``)::

    Headline on the first line

    WASHINGTON, DC - JANUARY 07: Photo caption ... (Photo by A. Name/Getty Images)

    Body paragraph one ...

    Source: http://example.com/story

Rules:

* Paragraphs are separated by blank lines; the lines inside one paragraph are joined by a space
  (hard-wrapped text is unwrapped), and paragraphs are joined by one blank line.
* A last line ``Source: <http(s) URL>`` gives the URL and is removed from the text.
* The first line is the title when it stands alone as a paragraph and is short (under 200
  characters, or 300 in the RSS form with a Source line) and, outside the RSS form, does not end
  like a sentence (``. , ; :``). When it is followed directly by another line, that line must not
  start in lower case (a wrapped sentence). Otherwise the title is empty and all text is body.
* The paragraph after the title is the caption when it looks like a photo caption: it opens with
  an all-caps Getty-style dateline ("WASHINGTON, DC - JANUARY 07:"), or ends with a photo credit
  ("(Photo by …)", "(AP Photo/…)", "… Getty Images)", "(REUTERS/…)", "REUTERS/Name"), or
  opens with "Photo:".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flashpoint.ingest.assemble import assemble_article
from flashpoint.ingest.decode import normalise_text
from flashpoint.ingest.urls import looks_like_url
from flashpoint.model import Article

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SOURCE_LINE = re.compile(r"^\s*source\s*:\s*(\S+)\s*$", re.IGNORECASE)
_CAPS_MONTH = r"(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
_CAPTION_DATELINE = re.compile(rf"^[A-Z][A-Z .,'’&\-]{{1,80}}\s[-–—]\s{_CAPS_MONTH}\.?\s\d{{1,2}}(?:,\s\d{{4}})?\s?:")
_CAPTION_CREDIT = re.compile(
    r"\((?:[^()]{0,160}?)(?:\bPhotos?\b|\bPhotograph|\bPicture|\bImages?\)|Getty Images|\bCredit\b|REUTERS/|/AFP\b|/EPA\b|\bPool\b)[^()]{0,160}\)\s*$",
    re.IGNORECASE,
)
_CAPTION_AGENCY_CREDIT = re.compile(r"\b(?:REUTERS|AFP|EPA|AP)/[A-Z][\w.'’ -]{1,60}$")
_CAPTION_LEAD = re.compile(r"^(?:Photo|Image|Pictured|Caption)\s*:", re.IGNORECASE)
_MAX_CAPTION = 1500
_SENTENCE_END = (".", ",", ";", ":")


@dataclass(frozen=True)
class TextParts:
    """What :func:`split_text_item` found in a text."""

    title: str
    caption: str
    body: str
    url: str | None


def looks_like_caption(paragraph: str) -> bool:
    """True for a paragraph that reads as a photo caption (see the module doc)."""
    if len(paragraph) > _MAX_CAPTION:
        return False
    return bool(
        _CAPTION_DATELINE.match(paragraph)
        or _CAPTION_CREDIT.search(paragraph)
        or _CAPTION_AGENCY_CREDIT.search(paragraph)
        or _CAPTION_LEAD.match(paragraph)
    )


def _take_source_line(text: str) -> tuple[str, str | None]:
    lines = text.rstrip().split("\n")
    if lines:
        m = _SOURCE_LINE.match(lines[-1])
        if m and looks_like_url(m.group(1)):
            return "\n".join(lines[:-1]), m.group(1)
    return text, None


def _unwrap(paragraph: str) -> str:
    return " ".join(" ".join(line.split()) for line in paragraph.split("\n") if line.strip())


def _is_title(line: str, next_line: str | None, rss_form: bool) -> bool:
    if not line or not any(c.isalpha() for c in line):
        return False
    if rss_form and next_line is None:
        return len(line) < 300
    if len(line) >= 200 or line.endswith(_SENTENCE_END):
        return False
    return next_line is None or not next_line[:1].islower()


def split_text_item(text: str, *, title: str | None = None) -> TextParts:
    """Split an RSS item or plain text into parts; ``title`` given means the text is all body."""
    text, url = _take_source_line(normalise_text(text))
    paragraphs = [p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    found_title = ""
    if title is not None:
        found_title = " ".join(title.split())
    elif paragraphs:
        lines = [ln.strip() for ln in paragraphs[0].split("\n") if ln.strip()]
        next_line = lines[1] if len(lines) > 1 else None
        if _is_title(lines[0], next_line, url is not None):
            found_title = " ".join(lines[0].split())
            rest = "\n".join(lines[1:])
            paragraphs = ([rest] if rest else []) + paragraphs[1:]
    units = [u for u in (_unwrap(p) for p in paragraphs) if u]
    caption = ""
    if units and looks_like_caption(units[0]):
        caption = units.pop(0)
    return TextParts(title=found_title, caption=caption, body="\n\n".join(units), url=url)


def read_text_item(
    text: str,
    *,
    origin: str | None = None,
    url: str | None = None,
    published: date | None = None,
    reference: date | None = None,
) -> Article:
    """An RSS item or plain text string → :class:`Article`. Never raises on odd text.

    ``url`` given here wins over a ``Source:`` line; ``published`` given here is metadata,
    otherwise the date is inferred from datelines (``reference`` anchors a dateline that has no
    year; see :mod:`flashpoint.ingest.dates`).
    """
    parts = split_text_item(text)
    return assemble_article(
        title=parts.title,
        caption=parts.caption,
        body=parts.body,
        url=url or parts.url,
        published=published,
        origin=origin,
        reference=reference,
    )
