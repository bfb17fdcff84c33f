"""Typed queries over a store holding two coded news articles."""
from datetime import date

import polars as pl
import pytest
from fp_news_samples import protest_article, strike_article

from flashpoint.errors import StoreError
from flashpoint.model import Article
from flashpoint.store import FRAME_SCHEMA


@pytest.fixture
def filled(store, sample_results):
    store.add(sample_results)
    return store


def triggers(events):
    return sorted(e.evidence.trigger.text for e in events)


def test_filters(filled):
    assert triggers(filled.events(event_type="PROTEST")) == ["marched", "rallied"]
    assert triggers(filled.events(country="IRN")) == ["fired", "said"]
    assert triggers(filled.events(source_country="IRQ")) == ["accused", "arrested", "marched"]
    assert triggers(filled.events(target_country="USA")) == ["fired", "marched", "rallied"]
    assert triggers(filled.events(source_country="IRQ", target_country="USA")) == ["marched"]
    assert triggers(filled.events(modality="reported")) == ["accused", "said"]
    assert triggers(filled.events(date_from=date(2020, 1, 8), date_to=date(2020, 1, 8))) == [
        "fired",
        "said",
    ]
    assert triggers(filled.events(date_from=date(2020, 1, 9))) == ["arrested", "marched"]
    assert filled.events(event_type="ASSAULT", country="IRQ") == []


def test_article_filter_accepts_hash_or_record_id(filled):
    strike = strike_article()
    by_hash = filled.events(article_id=strike.id)
    assert triggers(by_hash) == ["fired", "rallied", "said"]
    assert filled.events(article_id="rss-2020-01-08-001") == by_hash


def test_order_and_limit(filled):
    events = filled.events()
    dates = [e.date for e in events if e.date]
    assert dates == sorted(dates)
    assert events[-1].date is None  # undated events come last
    assert filled.events(limit=2) == events[:2]
    with pytest.raises(ValueError):
        filled.events(limit=-1)


def test_article_lookup(filled):
    strike, protest = strike_article(), protest_article()
    assert filled.article(strike.id) == strike
    assert filled.article(strike.id[:8]) == strike
    assert filled.article("rss-2020-01-08-001") == strike
    assert filled.article(protest.id[:10]).title == protest.title
    assert filled.article(strike.id[:7]) is None  # prefixes shorter than 8 are not accepted
    assert filled.article("no-such-record") is None


def test_ambiguous_record_id_is_an_error(filled):
    other = Article(title="Iran denies downing airliner", body="Tehran blamed a technical fault.",
                    record_id="rss-2020-01-08-001")  # fmt: skip
    filled.add([(other, [])])
    with pytest.raises(StoreError, match="more than one article"):
        filled.article("rss-2020-01-08-001")


def test_has_article_stored_ids_and_counts(filled):
    strike = strike_article()
    assert filled.has_article(strike.id)
    assert not filled.has_article("0" * 24)
    assert filled.stored_ids([strike.id, "0" * 24, strike.id]) == {strike.id}
    assert filled.stored_ids([]) == set()
    counts = filled.counts()
    assert counts["articles"] == 2 and counts["events"] == 6 and counts["actors"] == 5
    assert counts["evidence"] >= 6 * 3  # sentence, trigger and source for every event


def test_events_frame_is_flat_and_filtered(filled):
    frame = filled.events_frame(country="IRQ")
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == list(FRAME_SCHEMA)
    assert frame.height == 3
    assert all(dtype != pl.List and dtype != pl.Struct for dtype in frame.dtypes)
    assert set(frame["article_url"]) == {protest_article().url}
    row = frame.filter(pl.col("event_type") == "COERCE").row(0, named=True)
    assert (row["source_country"], row["target_country"], row["cameo"]) == ("IRQ", "IRQ", "173")
    assert row["context"] == "repression"
    assert row["location_name"] == "Baghdad"


def test_user_values_are_parameters_not_sql(filled):
    hostile = "IRN' OR '1'='1"
    assert filled.events(country=hostile) == []
    assert filled.article(hostile) is None
    assert filled.stored_ids([hostile]) == set()
    assert filled.counts()["events"] == 6
