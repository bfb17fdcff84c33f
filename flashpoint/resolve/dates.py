"""Event dates from the words of a sentence, resolved against the article's publish date.

dateparser handles explicit dates ("January 7, 2020", "March 3"); our own rules handle what
news uses most and dateparser gets wrong or cannot know: weekdays meaning the most recent one
on or before publication, "overnight", "last night", "yesterday", "last week", parts of day.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PART_OF_DAY = re.compile(r"\b(morning|afternoon|evening|night|overnight|dawn|noon|midnight|"
                          r"early hours|small hours)\b", re.I)
_YEAR = re.compile(r"^\s*(?:in\s+|since\s+)?(?:early\s+|late\s+|mid-?\s*)?((?:19|20)\d\d)\s*$", re.I)
_AGO = re.compile(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3}|"
                  r"several|a few|a couple of)\s+(day|week|month|year)s?\s+(?:ago|earlier|before)\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "several": 3, "a few": 3, "a couple of": 2}
# A part of the day with no day named: the article's day ("later in the evening", "this morning").
_BARE_PART = re.compile(r"^(?:(?:later|earlier|early|late)\s+)?(?:in\s+|on\s+|during\s+)?(?:the\s+|this\s+)?"
                        r"(?:early\s+|late\s+)?(morning|afternoon|evening|night|dawn|noon|midnight)$")


@dataclass(frozen=True)
class ResolvedDate:
    date: date
    precision: str  # day | part-of-day | week | month | year


@functools.lru_cache(maxsize=8192)  # the same expressions recur across events and articles
def resolve_date(expr: str, published: date | None) -> ResolvedDate | None:
    """Resolve a date expression ("Tuesday evening", "January 7, 2020", "last week")."""
    text = " ".join(expr.lower().split())
    if not text:
        return None
    part = _PART_OF_DAY.search(text) or re.search(r"\b(late|early)\s+(?:on\s+)?(?:" + "|".join(WEEKDAYS) + r")\b", text)
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
    ago = _AGO.search(text)
    if ago:
        n, unit = _NUMBERS.get(ago.group(1)) or int(ago.group(1)), ago.group(2)
        if unit == "day":
            return published - timedelta(days=n), "day"
        if unit == "week":
            return published - timedelta(weeks=n), "week"
        if unit == "month":
            y, m = divmod(published.year * 12 + published.month - 1 - n, 12)
            return date(y, m + 1, 1), "month"
        return date(published.year - n, 1, 1), "year"
    if _BARE_PART.match(text):
        return published, "part-of-day"
    if "previous day" in text or "day before" in text or "day earlier" in text:
        return published - timedelta(days=1), "day"
    if "overnight" in text or "last night" in text:
        return published - timedelta(days=1), "part-of-day"
    if "yesterday" in text:
        return published - timedelta(days=1), "day"
    if "today" in text or "tonight" in text or "this morning" in text or "earlier in the day" in text:
        return published, "day"
    if "last week" in text or "last weekend" in text:
        return published - timedelta(days=7), "week"
    if "this week" in text or "earlier this week" in text:
        return published, "week"
    if "this month" in text:
        return published.replace(day=1), "month"
    if "this year" in text:
        return date(published.year, 1, 1), "year"
    if "last month" in text:
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    if "last year" in text:
        return date(published.year - 1, 1, 1), "year"
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text) and not re.search(r"\b(19|20)\d\d\b|\d", text):
            back = (published.weekday() - i) % 7
            if back == 0 and re.search(r"\blast\b", text):
                back = 7  # "last Tuesday" said on a Tuesday
            if "next" in text or "coming" in text:
                return published + timedelta(days=(i - published.weekday()) % 7 or 7), "day"
            return published - timedelta(days=back), "day"
    return None


_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)?"
# The common written forms, parsed without dateparser: "January 7, 2020", "Jan. 7", "7 January
# 2020", "on Tuesday, March 3", "March 2020".
_MONTH_DAY = re.compile(r"^(?:on\s+)?" + _WEEKDAY + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d\d))?$")
_DAY_MONTH = re.compile(r"^(?:on\s+)?" + _WEEKDAY + r"(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+((?:19|20)\d\d))?$")
_MONTH_YEAR = re.compile(r"^(?:in\s+)?" + _MONTH + r",?\s+((?:19|20)\d\d)$")


def _written(text: str, published: date | None) -> ResolvedDate | None:
    """The common written date forms (``text`` lower case, single spaces); None when the text is
    something else (dateparser decides) or not a valid date."""
    m = _MONTH_DAY.match(text)
    if m:
        month, day, year = _MONTHS[m.group(1)], int(m.group(2)), m.group(3)
    else:
        m = _DAY_MONTH.match(text)
        if m:
            day, month, year = int(m.group(1)), _MONTHS[m.group(2)], m.group(3)
        else:
            m = _MONTH_YEAR.match(text)
            if m is None:
                return None
            return ResolvedDate(date(int(m.group(2)), _MONTHS[m.group(1)], 1), "month")
    if year is None and published is None:
        return None
    try:
        if year is not None:
            return ResolvedDate(date(int(year), month, day), "day")
        d = date(published.year, month, day)  # type: ignore[union-attr]
        if d > published:  # no year: the most recent such day (news looks back)
            d = date(published.year - 1, month, day)  # type: ignore[union-attr]
        return ResolvedDate(d, "day")
    except ValueError:  # "February 30"
        return None


# A weekday or a month, written out or abbreviated ("Friday", "Dec."): a date that names a day.
DAY_NAME = re.compile(r"\b(?:" + "|".join(WEEKDAYS + sorted(_MONTHS, key=len, reverse=True))
                      + r")\b", re.I)
# What dateparser is asked about: a month's name or a numeric date ("07/09/2024"). A duration
# ("a day after", "two days", "a week") or a decade ("the 1990s") is no date: dateparser would
# read it relative to the publication date and date the event to the first of that month.
_DATE_LIKE = re.compile(r"\b" + _MONTH + r"(?![a-z])|\d{1,4}[/.-]\d{1,2}")


def _explicit(expr: str, published: date | None) -> ResolvedDate | None:
    text = " ".join(expr.lower().split())
    written = _written(text, published)
    if written is not None:
        return written
    if not _DATE_LIKE.search(text):
        return None
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
