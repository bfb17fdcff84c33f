"""Count phrases as ranges and when two readings of one count disagree (pure functions), then the
plain-text scan for other mentions of an event's munitions."""
from __future__ import annotations

import math

import pytest

from flashpoint.claims.counts import Count, noun_key, parse_count, severity, text_counts


@pytest.mark.parametrize(("phrase", "low", "high", "figure", "approximate"), [
    ("12", 12, 12, 12, False),
    ("1,200", 1200, 1200, 1200, False),
    ("at least 10", 10, math.inf, 10, False),
    ("at least a dozen", 12, math.inf, 12, False),
    ("a dozen", 12, 12, 12, False),
    ("about 200", 160, 240, 200, True),
    ("nearly 60", 51, 60, 60, False),
    ("up to 30", 0, 30, 30, False),
    ("dozens", 24, 99, 61.5, True),
    ("Hundreds of", 200, 999, 599.5, True),
    ("more than twenty", 20, math.inf, 20, False),
])
def test_count_phrases_become_ranges(phrase, low, high, figure, approximate):
    c = parse_count(phrase)
    assert c is not None
    assert (c.low, c.high, c.figure, c.approximate) == pytest.approx((low, high, figure, approximate))


@pytest.mark.parametrize("phrase", ["the", "several", "a series", "Tuesday", ""])
def test_non_counts_are_none(phrase):
    assert parse_count(phrase) is None


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("at least a dozen", "at least 10", "low"),  # both can hold; the figures differ
    ("12", "at least 10", "low"),
    ("12", "20", "high"),  # exclude each other
    ("at least 50", "12", "high"),
    ("27", "nearly 60", "high"),
    ("about 10", "12", None),  # approximate wording holds the other
    ("dozens", "40", None),
    ("at least 10", "10", None),  # the same figure
    ("12", "12", None),
])
def test_severity_of_two_readings(a, b, expected):
    ca, cb = parse_count(a), parse_count(b)
    assert ca is not None and cb is not None
    assert severity(ca, cb) == expected
    assert severity(cb, ca) == expected


def test_noun_keys_fold_plurals():
    assert noun_key("missiles") == noun_key("missile") == "missile"
    assert noun_key("casualties") == "casualty"
    assert noun_key("bases") == "base"
    assert noun_key("press") == "press"


def test_text_scan_finds_counted_mentions_outside_event_sentences():
    text = ("Iraqi militias launched at least 20 rockets at the U.S. embassy overnight. "
            "At least 15 Katyusha rockets landed near the compound. Two rockets were intercepted.")
    first_sentence = (0, text.index(".") + 1)
    found = text_counts(text, "rocket", [first_sentence])
    assert [r.span.text for r in found] == ["At least 15 Katyusha rockets", "Two rockets"]
    assert found[0].count == Count(15, math.inf, 15, False)
    assert all(text[r.span.start:r.span.end] == r.span.text for r in found)
    assert text_counts(text, "drone", []) == []
