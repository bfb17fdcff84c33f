"""Incident linking on the written-for-the-tests set: quality, order independence, incremental
linking in a real DuckDB store, background retellings."""
from __future__ import annotations

import random

from incident_data import pairwise_scores

from flashpoint.aggregate import IncidentLinker, link_store, record_from_event
from flashpoint.store import Store


def _linked(store: Store) -> dict[str, str]:
    rows = store.sql("SELECT event_id, incident_id FROM incident_events").iter_rows(named=True)
    return {r["event_id"]: r["incident_id"] for r in rows}


def test_set_is_big_enough(corpus):
    pairs, gold = corpus
    assert len(set(gold.values())) >= 30
    assert len(pairs) >= 90 and len({a.outlet for a, _ in pairs}) >= 20


def test_pairwise_f1_at_least_090(corpus):
    pairs, gold = corpus
    linker = IncidentLinker()
    linker.add(record_from_event(e, a) for a, evs in pairs for e in evs)
    pred = {r.event_id: iid for iid, members in linker.incidents().items() for r in members}
    scores = pairwise_scores(pred, gold)
    print(f"incident linking: {scores}")
    assert scores["f1"] >= 0.90
    assert scores["precision"] >= 0.85 and scores["recall"] >= 0.85


def test_order_of_arrival_does_not_matter_in_memory(corpus):
    pairs, _ = corpus
    records = [record_from_event(e, a) for a, evs in pairs for e in evs]
    results = []
    for seed in range(4):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        linker = IncidentLinker()
        for r in shuffled:  # one at a time, as articles arrive
            linker.add([r])
        results.append({iid: [r.event_id for r in m] for iid, m in linker.incidents().items()})
    assert all(r == results[0] for r in results)


def test_incremental_store_equals_batch_and_any_order(corpus, tmp_path):
    pairs, gold = corpus
    with Store(tmp_path / "batch.duckdb") as store:
        store.add(pairs)
        report = link_store(store)
        batch = _linked(store)
        n_incidents = store.sql("SELECT count(*) AS n FROM incidents")["n"][0]
    assert report.events_linked == len(gold)
    assert n_incidents == len(set(batch.values()))
    shuffled = pairs[:]
    random.Random(11).shuffle(shuffled)
    with Store(tmp_path / "incremental.duckdb") as store:
        for i in range(0, len(shuffled), 7):  # articles arrive in small batches
            store.add(shuffled[i : i + 7])
            link_store(store)
        incremental = _linked(store)
        assert store.sql("SELECT count(*) AS n FROM incidents")["n"][0] == n_incidents
        # nothing left over: every incident row is referenced, every membership has its incident
        orphans = store.sql(
            "SELECT count(*) AS n FROM incidents WHERE id NOT IN "
            "(SELECT incident_id FROM incident_events WHERE incident_id IS NOT NULL)")["n"][0]
        assert orphans == 0
    assert incremental == batch
    with Store(tmp_path / "batch.duckdb") as store:
        assert link_store(store).events_linked == 0  # already linked


def test_background_retelling_joins_the_original_incident(corpus, tmp_path):
    pairs, gold = corpus
    by_id = {e.id: (a, e) for a, evs in pairs for e in evs}
    background = [eid for eid, (_, e) in by_id.items() if e.background]
    assert len(background) >= 5
    # store the retellings first: they must still end up with the original, linked later
    bg_articles = {by_id[eid][0].id for eid in background}
    first = [p for p in pairs if p[0].id in bg_articles]
    rest = [p for p in pairs if p[0].id not in bg_articles]
    with Store(tmp_path / "bg.duckdb") as store:
        store.add(first)
        link_store(store)
        store.add(rest)
        link_store(store)
        linked = _linked(store)
    for eid in background:
        original = [x for x, g in gold.items() if g == gold[eid] and not by_id[x][1].background]
        assert {linked[x] for x in original} == {linked[eid]}, by_id[eid][1].evidence.sentence
        # published weeks later, still the same incident, not a new one
        assert by_id[eid][0].published is not None


def test_incident_reading_counts_articles_and_outlets(corpus, tmp_path):
    pairs, gold = corpus
    with Store(tmp_path / "r.duckdb") as store:
        store.add(pairs)
        link_store(store)
        rows = store.sql(
            "SELECT i.* FROM incidents i JOIN incident_events ie ON ie.incident_id = i.id "
            "JOIN events e ON e.id = ie.event_id WHERE e.location_name = 'Mariupol' LIMIT 1"
        ).to_dicts()
    inc = rows[0]
    assert inc["num_events"] == 4 and inc["num_articles"] == 4
    assert inc["num_sources"] == 3  # AP twice (March and May), Reuters, Guardian
    assert inc["source_country"] == "RUS" and inc["target_country"] == "UKR"
    assert inc["place"] == "mariupol" and str(inc["date"]) == "2022-03-16"
    assert str(inc["first_seen"]) == "2022-03-16" and str(inc["last_seen"]) == "2022-05-04"
    assert 0.5 < inc["confidence"] <= 1.0


def test_non_factual_events_tell_no_incident(corpus, tmp_path):
    pairs, _ = corpus
    article, events = pairs[0]
    events[0].modality = "future"
    try:
        with Store(tmp_path / "m.duckdb") as store:
            store.add([(article, events)])
            report = link_store(store)
            linked = _linked(store)
    finally:
        events[0].modality = "asserted"
    assert report.events_skipped == 1
    assert linked[events[0].id] is None


def test_pair_rule_is_symmetric_on_every_pair():
    """Order independence rests on the pair rule being symmetric: check it on every pair of both
    written sets (near misses, reversed dyads, retellings, month-dated events included)."""
    from incident_data import HOLDOUT, build_corpus

    from flashpoint.aggregate.linking import same_incident

    for path in (None, HOLDOUT):
        pairs, _ = build_corpus() if path is None else build_corpus(path)
        records = [record_from_event(e, a) for a, evs in pairs for e in evs]
        linked = 0
        for i, a in enumerate(records):
            for b in records[i + 1 :]:
                ab = same_incident(a, b)
                assert ab == same_incident(b, a), (a.sentence, b.sentence)
                linked += ab
        assert linked > 50


def _strike(eid: str, day: int, source: str, sentence: str):
    from datetime import date

    from flashpoint.aggregate.records import make_record

    return make_record(
        event_id=eid, article_id="a" + eid, outlet="o" + eid, published=date(2022, 10, day),
        event_type="ASSAULT", quad_class=4, goldstein=-10.0, confidence=0.8,
        source_country="RUS", source_sector="MIL", source_actor_id=None, target_country="UKR",
        target_sector="CVL", target_actor_id=None, location_name="Kyiv", location_country="UKR",
        lat=50.45, lon=30.52, event_date=date(2022, 10, day), background=False, sentence=sentence,
        date_source=source)  # fmt: skip


def test_days_the_articles_state_keep_two_strikes_apart():
    """Two strikes on one city by the same side, told alike: apart when both articles say which
    day and the days differ; together when the days are only the publication dates."""
    from flashpoint.aggregate.linking import same_incident

    a = "Russian missiles hit central Kyiv on Monday, killing commuters near a park."
    b = "Russian drones struck Kyiv on Tuesday, hitting an energy facility and a residential block."
    assert not same_incident(_strike("1", 10, "text", a), _strike("2", 11, "text", b))
    assert same_incident(_strike("1", 10, "published", a), _strike("2", 11, "published", b))
