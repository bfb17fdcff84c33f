"""Bulk writes: exact round-trip, idempotency by content hash, one transaction per batch."""
from dataclasses import replace

import pytest
from fp_news_samples import protest_article, protest_events, strike_article, strike_events
from fp_news_samples import synthetic_results

from flashpoint.errors import StoreError
from flashpoint.model import Article


def test_events_round_trip_exactly(store, sample_results):
    report = store.add(sample_results)
    assert (report.articles_added, report.events_added) == (2, 6)
    given = {e.id: e for _, events in sample_results for e in events}
    stored = store.events()
    assert len(stored) == 6
    for e in stored:
        assert e == given[e.id]  # every field, nested actors, spans and locations included
    undated = [e for e in stored if e.date is None]
    assert [e.evidence.trigger.text for e in undated] == ["accused"]  # None survives as None


def test_articles_round_trip_exactly(store, sample_results):
    store.add(sample_results)
    for article, _ in sample_results:
        assert store.article(article.id) == article


def test_evidence_and_actor_rows(store, sample_results):
    store.add(sample_results)
    strike = sample_results[0][1][0]
    rows = store.sql(
        'SELECT role, start, "end", text FROM evidence WHERE event_id = ? ORDER BY role',
        [strike.id],
    ).rows()
    assert rows == [
        ("location", strike.location.span.start, strike.location.span.end, "Ain al-Asad air base"),
        ("sentence", strike.evidence.start, strike.evidence.end, strike.evidence.sentence),
        ("source", strike.source.span.start, strike.source.span.end, "Iran"),
        ("target", strike.target.span.start, strike.target.span.end, "U.S. troops"),
        ("trigger", strike.evidence.trigger.start, strike.evidence.trigger.end, "fired"),
    ]
    text = sample_results[0][0].text
    assert all(text[s:e] == t for _, s, e, t in rows)
    actors = store.sql("SELECT actor_id, first_seen FROM actors ORDER BY actor_id").rows()
    ids = [a for a, _ in actors]
    # only dictionary-resolved actors; unresolved "Hundreds of protesters" is not one
    assert ids == ["IRN_GOV", "IRQ_COP", "USA_GOV", "USA_MIL", "zarif_javad"]
    assert dict(actors)["USA_GOV"].isoformat() == "2020-01-07"


def test_same_article_twice_in_one_batch_is_stored_once(store):
    a = strike_article()
    again = strike_article(url="https://mirror.example.org/iran-missiles")  # same text, same hash
    report = store.add([(a, strike_events(a)), (again, strike_events(again))])
    assert report.articles_added == 1
    assert report.articles_skipped_existing == 1
    assert report.events_added == 3
    assert store.counts()["events"] == 3
    assert store.article(a.id).url == a.url  # the first one given wins


def test_same_article_across_runs_is_stored_once(store, sample_results):
    store.add(sample_results)
    before = store.counts()
    report = store.add(sample_results)
    assert report.articles_added == 0 and report.events_added == 0
    assert report.articles_skipped_existing == 2
    assert store.counts() == before


def test_actor_first_seen_keeps_the_earliest_date(store):
    later = protest_article()
    store.add([(later, protest_events(later))])
    assert store.sql("SELECT first_seen FROM actors WHERE actor_id = 'USA_MIL'").rows() == [
        (later.published,)
    ]
    earlier = strike_article()
    store.add([(earlier, strike_events(earlier))])
    first = store.sql("SELECT first_seen FROM actors WHERE actor_id = 'USA_MIL'").item()
    assert first.isoformat() == "2020-01-08"


def test_repeated_event_id_within_an_article_is_kept_once(store):
    a = strike_article()
    events = strike_events(a)
    report = store.add([(a, events + [events[0]])])
    assert report.events_added == 3
    assert report.events_skipped_duplicate == 1


def test_event_given_with_the_wrong_article_is_refused(store):
    a, b = strike_article(), protest_article()
    with pytest.raises(StoreError, match="belongs to article"):
        store.add([(a, protest_events(b))])
    assert store.counts()["articles"] == 0


def test_unserialisable_event_rolls_back_its_batch_only(store):
    results = synthetic_results(5, 2)
    bad_article, bad_events = results[3]
    bad_events[1] = replace(bad_events[1], goldstein=float("nan"))
    with pytest.raises(StoreError, match=r"batch 2 .*rolled back.*2 articles.*kept.*goldstein"):
        store.add(results, batch_size=2)
    assert store.stored_ids(a.id for a, _ in results) == {results[0][0].id, results[1][0].id}
    assert store.counts()["events"] == 4


def test_failure_inside_the_transaction_leaves_earlier_data_intact(store, sample_results):
    store.add(sample_results)
    before = store.counts()
    kept = store.events()
    # A new article whose event reuses an id already stored: the events insert fails after the
    # article rows of the same batch were written, so the batch must be rolled back as a whole.
    intruder = Article(title="Iraq summons U.S. ambassador", body="Baghdad protested the strike.")
    clash = replace(sample_results[0][1][0], article_id=intruder.id, record_id=None)
    fresh = protest_article(body=protest_article().body + "\n\nMore protests are planned.")
    with pytest.raises(StoreError, match="rolled back"):
        store.add([(fresh, protest_events(fresh)), (intruder, [clash])])
    assert store.counts() == before
    assert not store.has_article(intruder.id) and not store.has_article(fresh.id)
    assert store.events() == kept
    # the store is still usable after the rollback
    assert store.add([(fresh, protest_events(fresh))]).events_added == 3


def test_bulk_insert_of_five_thousand_events(store):
    results = synthetic_results(1000, 5)
    report = store.add(results)  # two batches of 500 articles
    assert report.articles_added == 1000
    assert report.events_added == 5000
    assert store.counts()["events"] == 5000
    assert store.events(article_id="wire-00999")[0].article_id == results[999][0].id
