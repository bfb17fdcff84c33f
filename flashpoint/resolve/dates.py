"""Event dates from the words of a sentence, resolved against the article's publish date.

dateparser handles explicit dates ("January 7, 2020", "March 3"); our own rules handle what
news uses most and dateparser gets wrong or cannot know: weekdays meaning the most recent one
on or before publication, "overnight", "last night", "yesterday", "last week", parts of day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PART_OF_DAY = re.compile(r"\b(morning|afternoon|evening|night|overnight|dawn|noon|midnight)\b", re.I)
_YEAR = re.compile(r"^\s*(?:in\s+)?((?:19|20)\d\d)\s*$", re.I)


@dataclass(frozen=True)
class ResolvedDate:
    date: date
    precision: str  # day | part-of-day | week | month | year


def resolve_date(expr: str, published: date | None) -> ResolvedDate | None:
    """Resolve a date expression ("Tuesday evening", "January 7, 2020", "last week")."""
    text = " ".join(expr.lower().split())
    if not text:
        return None
    part = _PART_OF_DAY.search(text)
    if published is not None:
        rel = _relative(text, published)
        if rel is not None:
            d, precision = rel
            return ResolvedDate(d, "part-of-day" if part and precision == "day" else precision)
    m = _YEAR.match(text)
    if m:
        return ResolvedDate(date(int(m.group(1)), 1, 1), "year")
    return _explicit(expr, published)


def _relative(text: str, published: date) -> tuple[date, str] | None:
    if "overnight" in text or "last night" in text:
        return published - timedelta(days=1), "part-of-day"
    if "yesterday" in text:
        return published - timedelta(days=1), "day"
    if "today" in text or "tonight" in text or "this morning" in text or "earlier in the day" in text:
        return published, "day"
    if "last week" in text:
        return published - timedelta(days=7), "week"
    if "last month" in text:
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    if "last year" in text:
        return date(published.year - 1, 1, 1), "year"
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text) and not re.search(r"\b(19|20)\d\d\b|\d", text):
            back = (published.weekday() - i) % 7
            if "next" in text or "coming" in text:
                return published + timedelta(days=(i - published.weekday()) % 7 or 7), "day"
            return published - timedelta(days=back), "day"
    return None


def _explicit(expr: str, published: date | None) -> ResolvedDate | None:
    import dateparser  # imported here: loading it costs ~0.3 s and most sentences never need it

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                   "REQUIRE_PARTS": ["month"]}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    try:
        parsed = dateparser.parse(expr, languages=["en"], settings=settings)
    except Exception:  # dateparser raises many types on odd input; an unparsable date is no date
        return None
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", expr.replace(str(parsed.year), "")))
    d = parsed.date()
    return ResolvedDate(d, "day") if has_day else ResolvedDate(d.replace(day=1), "month")
