"""Publication dates: parse metadata values, or infer the date from datelines and captions.

Inference is rule based and deterministic. In order, the first that gives a date wins:

1. a dateline that opens the first body paragraph: "PARIS, March 3, 2021 (AFP) -",
   "WASHINGTON, Jan. 8 (Reuters) -";
2. a date in the article URL path ("/2020/01/08/");
3. a dateline that opens the photo caption: "WASHINGTON, DC - JANUARY 07: ...";
4. a full date written in the caption ("... on January 7, 2020 in Washington").

A dateline without a year takes the year of a full date with the same month and day in the
caption or first body paragraph, else of any full date there in the same month, else of the URL
date, else (only when the caller passes ``reference``) the latest such day not after
``reference``; otherwise no date is inferred. Dates inside the body beyond the dateline are
never used: they usually name the events reported, not the day of publication.
"""
from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

from flashpoint.ingest.urls import date_from_url

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))"
)
_DAY_YEAR = r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:1[89]|20)\d{2})\b)?"
_WORD = r"[A-Z][A-Za-z.'’\-]*"
_PLACE = rf"{_WORD}(?:[ ]{_WORD}){{0,4}}(?:,[ ]?{_WORD}(?:[ ]{_WORD}){{0,4}}){{0,2}}"
_DATELINE = re.compile(
    rf"^(?:{_PLACE}\s*(?:,|\s[-–—])\s*)?{_MONTH}{_DAY_YEAR}\s*(?:\([^()\n]{{1,40}}\))?\s*[:\-–—]"
)
_FULL_DATE = re.compile(rf"\b{_MONTH}\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:1[89]|20)\d{{2}})\b")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|\s)")
_DATELINE_WINDOW = 160

_PARSE_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
}


def parse_published(value: str | None) -> date | None:
    """Parse a published-date metadata value ("2020-01-08T10:00:00Z", "Wed, 08 Jan 2020 …").

    Needs day, month and year; relative phrases ("yesterday") and bare timestamps give ``None``,
    so the result never depends on the clock or the time zone of the machine.
    """
    if not value or len(value) > 200 or not any(c.isdigit() for c in value):
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        parsed = dateparser.parse(value.strip(), settings=_PARSE_SETTINGS)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_dates(text: str) -> list[date]:
    found = []
    for m in _FULL_DATE.finditer(text):
        d = _make(int(m.group("year")), _month(m.group("month")), int(m.group("day")))
        if d:
            found.append(d)
    return found


def _dateline(
    paragraph: str, context: list[date], url_date: date | None, reference: date | None
) -> date | None:
    m = _DATELINE.match(paragraph[:_DATELINE_WINDOW])
    if not m:
        return None
    month, day = _month(m.group("month")), int(m.group("day"))
    if m.group("year"):
        return _make(int(m.group("year")), month, day)
    for d in context:
        if (d.month, d.day) == (month, day):
            return d
    for d in context:
        if d.month == month:
            return _make(d.year, month, day)
    if url_date:
        return _make(url_date.year, month, day)
    if reference:
        return _yearless_before(month, day, reference)
    return None


def _yearless_before(month: int, day: int, reference: date) -> date | None:
    """The latest ``month``/``day`` not after ``reference`` (dateparser, preferring the past)."""
    base = datetime(reference.year, reference.month, reference.day)
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "PARSERS": ["absolute-time"]}
    phrase = f"{day} {date(2000, month, 1):%B}"
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def infer_published(
    caption: str, body: str, *, url: str | None = None, reference: date | None = None
) -> date | None:
    """Infer the publication date from datelines, URL and caption (rules in the module doc)."""
    lead = body.lstrip().split("\n\n", 1)[0] if body else ""
    context = _full_dates(caption) + _full_dates(lead)
    url_date = date_from_url(url)
    found = _dateline(lead, context, url_date, reference)
    if found:
        return found
    if url_date:
        return url_date
    if caption:
        found = _dateline(caption.lstrip(), context, None, reference)
        if found:
            return found
        in_caption = _full_dates(caption)
        if in_caption:
            return in_caption[0]
    return None
