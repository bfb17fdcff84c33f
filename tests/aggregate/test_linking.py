"""Incident linking on the written-for-the-tests set: quality, order independence, incremental
linking in a real DuckDB store, background retellings."""
from __future__ import annotations

import dataclasses
import random
from datetime import date

from incident_data import pairwise_scores
from store_batches import incidents_in_store

from flashpoint.aggregate import IncidentLinker, link_store, record_from_event
from flashpoint.aggregate.settings import load_settings
from flashpoint.model import Actor, Article, Event, Evidence, Location, Span
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

    from flashpoint.aggregate.pair_rule import same_incident

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
    from flashpoint.aggregate.pair_rule import same_incident

    a = "Russian missiles hit central Kyiv on Monday, killing commuters near a park."
    b = "Russian drones struck Kyiv on Tuesday, hitting an energy facility and a residential block."
    assert not same_incident(_strike("1", 10, "text", a), _strike("2", 11, "text", b))
    assert same_incident(_strike("1", 10, "published", a), _strike("2", 11, "published", b))


def test_overnight_may_fall_either_side_of_midnight():
    from flashpoint.aggregate.pair_rule import days_apart

    a = _strike("1", 10, "text", "Russian missiles hit Kyiv overnight.")
    b = _strike("2", 11, "text", "Russian missiles hit Kyiv on Tuesday.")
    assert days_apart(a, b)
    overnight = dataclasses.replace(a, date_precision="part-of-day")
    assert not days_apart(overnight, b) and not days_apart(b, overnight)
    assert days_apart(dataclasses.replace(overnight, event_date=date(2022, 10, 9)), b)


# Two strikes a day apart, each dated by its article, and a report of the next day that names no
# day and tells of both: it links to each, and the chain must not make the two strikes one.
_MONDAY = "Russian missiles slammed into central Kyiv on Monday, hitting a park and a footbridge."
_TUESDAY = "Russian drones struck Kyiv on Tuesday, setting an energy facility and a block ablaze."
_BRIDGE = "Russian missiles and drones have pounded Kyiv, hitting a park and an energy facility."


def test_a_report_without_a_day_does_not_chain_two_strikes_into_one():
    from flashpoint.aggregate.pair_rule import cannot_link, same_incident

    a, b = _strike("1", 10, "text", _MONDAY), _strike("2", 11, "text", _TUESDAY)
    bridge = _strike("3", 11, "published", _BRIDGE)
    assert same_incident(a, bridge) and same_incident(b, bridge)
    assert not same_incident(a, b) and cannot_link(a, b, load_settings())
    linker = IncidentLinker()
    linker.add([a, b, bridge])
    assert len(linker.components()) == 1
    incidents = sorted(sorted(r.event_id for r in m) for m in linker.incidents().values())
    assert len(incidents) == 2 and (["1"] in incidents or ["2"] in incidents)
    assert not any({"1", "2"} <= set(m) for m in incidents)


def _article_with_strike(key: str, day: int, published: int, sentence: str, from_text: bool):
    article = Article(title=f"Kyiv report {key}", body=sentence, outlet=f"Outlet {key}",
                      published=date(2022, 10, published))
    start = len(article.title) + 2
    event = Event(
        article_id=article.id, event_type="ASSAULT", cameo="195", goldstein=-10.0, quad_class=4,
        source=Actor(text="Russian forces", country="RUS", sector="MIL"),
        target=Actor(text="Kyiv", country="UKR", sector="CVL"),
        evidence=Evidence(sentence=sentence, start=start, end=start + len(sentence),
                          trigger=Span(start, start + 7, sentence[:7])),
        confidence=0.8, date=date(2022, 10, day), date_precision="day",
        date_source="text" if from_text else "published",
        location=Location(name="Kyiv", country="UKR", lat=50.45, lon=30.52))
    return article, [event]


def test_a_stored_component_is_split_again_when_a_bridge_arrives(tmp_path):
    """Two strikes linked on their own, then a report that joins them in one component: the
    store re-splits the component, as linking all three at once does, whatever the order."""
    pairs = [_article_with_strike("a", 10, 10, _MONDAY, True),
             _article_with_strike("b", 11, 11, _TUESDAY, True),
             _article_with_strike("c", 11, 11, _BRIDGE, False)]
    results = []
    for order in ([0, 1, 2], [2, 0, 1], [1, 2, 0]):
        with Store(tmp_path / f"s{order[0]}.duckdb") as store:
            for i in order:
                store.add([pairs[i]])
                link_store(store, article_ids=[pairs[i][0].id])
            rows = store.sql("SELECT event_id, incident_id, component_id FROM incident_events "
                             "ORDER BY event_id").rows()
            n = store.sql("SELECT count(*) AS n FROM incidents")["n"][0]
        assert len({r[2] for r in rows}) == 1  # one component
        assert len({r[1] for r in rows}) == 2 == n  # split into two incidents, no stale rows
        results.append(rows)
    assert results[0] == results[1] == results[2]
    strike_a, strike_b = pairs[0][1][0].id, pairs[1][1][0].id
    incident = {r[0]: r[1] for r in results[0]}
    assert incident[strike_a] != incident[strike_b]


def test_store_linking_in_any_order_equals_in_memory_on_the_held_out_set(tmp_path):
    """The held-out set's components split (near misses a day apart, joined by reports that say
    neither day): linking articles into a store in small batches, in several orders, gives the
    in-memory linker's incidents every time."""
    from incident_data import HOLDOUT, build_corpus

    pairs, _ = build_corpus(HOLDOUT)
    linker = IncidentLinker()
    linker.add(record_from_event(e, a) for a, evs in pairs for e in evs)
    expected = sorted(sorted(r.event_id for r in m) for m in linker.incidents().values())
    assert len(expected) < len(linker.components()) + 20  # some components are split
    assert len(expected) > len(linker.components())
    for seed in (1, 2, 3):
        assert incidents_in_store(pairs, tmp_path / f"h{seed}.duckdb", seed=seed,
                                  batch=3) == expected, seed


def test_reports_of_one_statement_may_name_different_places():
    """Where a statement was made and the place it is about are both written as its place:
    a different place does not keep two reports of one statement apart (it does for strikes)."""
    from flashpoint.aggregate.pair_rule import place_agreement, same_incident
    from flashpoint.aggregate.records import make_record

    def statement(eid: str, event_type: str, place: str, lat: float, lon: float, country: str,
                  sentence: str):
        return make_record(
            event_id=eid, article_id="a" + eid, outlet="o" + eid, published=date(2019, 8, 21),
            event_type=event_type, quad_class=3, goldstein=-4.0, confidence=0.8,
            source_country="USA", source_sector="GOV", source_actor_id="donald_trump",
            target_country="DNK", target_sector="GOV", target_actor_id=None,
            location_name=place, location_country=country, lat=lat, lon=lon,
            event_date=date(2019, 8, 20), background=False, sentence=sentence,
            date_source="text")  # fmt: skip

    a = ("1", "Trump called off his state visit to Copenhagen on Tuesday over the Greenland row.")
    b = ("2", "At the White House, Trump said on Tuesday he scrapped the Denmark trip over Greenland.")
    s = load_settings()
    for etype, expected in (("REJECT", 0), ("ASSAULT", -1)):
        x = statement(a[0], etype, "Copenhagen", 55.68, 12.57, "DNK", a[1])
        y = statement(b[0], etype, "Washington", 38.90, -77.04, "USA", b[1])
        assert place_agreement(x, y, s) == expected == place_agreement(y, x, s)
        assert same_incident(x, y) == (expected == 0)


def test_an_accusation_and_its_denial_by_two_speakers_are_two_statements():
    """"Erdogan blamed the cleric" and "the cleric denied any role" share a country (both
    speakers are Turkish) and most of their words, and ACCUSE and REJECT are types one
    statement is often coded as; two differently named speakers still make them two
    statements. Two reports of the accusation naming its speaker differently still link."""
    from flashpoint.aggregate.pair_rule import same_incident, two_speakers
    from flashpoint.aggregate.records import make_record

    def statement(eid: str, event_type: str, speaker: tuple[str, str | None], addressee: str,
                  sentence: str):
        return make_record(
            event_id=eid, article_id="a" + eid, outlet="o" + eid, published=date(2016, 7, 16),
            event_type=event_type, quad_class=3, goldstein=-2.0, confidence=0.8,
            source_country="TUR", source_sector=speaker[0], source_actor_id=speaker[1],
            target_country="TUR", target_sector=addressee, target_actor_id=None,
            location_name=None, location_country=None, lat=None, lon=None,
            event_date=date(2016, 7, 16), background=False, sentence=sentence,
            date_source="text")  # fmt: skip

    blame = statement("1", "ACCUSE", ("GOV", "recep_tayyip_erdogan"), "REL",
                      "Erdogan blamed Saturday's coup attempt on the cleric Fethullah Gulen.")
    blame2 = statement("2", "ACCUSE", ("GOV", None), "REL",
                       "Turkey's government blamed the coup attempt on Gulen on Saturday.")
    denial = statement("3", "REJECT", ("REL", None), "GOV",
                       "Gulen denied on Saturday any role in the coup attempt he was blamed for.")
    assert same_incident(blame, blame2)
    assert not same_incident(blame, denial) and not same_incident(denial, blame2)
    s = load_settings()
    assert two_speakers(blame, denial, s) and not two_speakers(blame, blame2, s)


def test_a_report_cannot_tell_what_happened_after_it_was_published():
    """A report published on the 10th without a date of its own is not the strike its partner's
    article dates to the 11th, however alike they read ("overnight" may cross midnight)."""
    from flashpoint.aggregate.pair_rule import cannot_link, same_incident

    early = _strike("1", 10, "published", "Russian missiles hit an energy plant in Kyiv.")
    later = _strike("2", 11, "text", "Russian missiles hit an energy plant in Kyiv on Tuesday.")
    assert not same_incident(early, later) and not same_incident(later, early)
    assert cannot_link(early, later, load_settings())
    same_day = _strike("3", 10, "text", "Russian missiles hit an energy plant in Kyiv on Monday.")
    assert same_incident(early, same_day)
    overnight = dataclasses.replace(later, date_precision="part-of-day")
    assert not cannot_link(early, overnight, load_settings())


def _crowded_war(days: int, per_day: int, seed: int = 5):
    """Strikes by one side on five cities day after day, told by reports of which half name no
    place and half say no day (the publication date stands in): one component that chains
    through time."""
    from datetime import timedelta

    from flashpoint.aggregate.records import make_record

    rng = random.Random(seed)
    cities = [("Kharkiv", 49.99, 36.23), ("Odesa", 46.48, 30.72), ("Dnipro", 48.46, 35.04),
              ("Sumy", 50.91, 34.80), ("Lviv", 49.84, 24.03)] + [(None, None, None)] * 5
    words = ("missile drone strike energy plant apartment block port warehouse factory school "
             "hospital market bridge station depot").split()
    records = []
    for day in range(days):
        d = date(2024, 4, 1) + timedelta(days=day)
        for k in range(per_day):
            name, lat, lon = rng.choice(cities)
            records.append(make_record(
                event_id=f"e{day:02d}{k:03d}", article_id=f"a{day}-{k}", outlet=f"o{k % 9}",
                published=d, event_type="ASSAULT", quad_class=4, goldstein=-10.0, confidence=0.8,
                source_country="RUS", source_sector="MIL", source_actor_id=None,
                target_country="UKR", target_sector="CVL", target_actor_id=None,
                location_name=name, location_country="UKR" if name else None, lat=lat, lon=lon,
                event_date=d, background=False, sentence="Russian " + " ".join(rng.sample(words, 5)),
                date_source=rng.choice(["text", "published"])))  # fmt: skip
    return records


def test_a_war_told_day_after_day_is_split_by_day_and_place_beyond_the_size_limit():
    """Over split_max_events, a component judges only pairs near in time, and no incident spreads
    over stated days more than a day apart; the result does not depend on the input order."""
    from flashpoint.aggregate.partition import split_component

    s = dataclasses.replace(load_settings(), split_max_events=40)
    records = _crowded_war(days=6, per_day=20)
    linker = IncidentLinker(s)
    linker.add(records)
    assert len(linker.components()) == 1  # one chain through six days
    parts = split_component(records, s)
    assert len(parts) >= 12  # not one chain: places and stated days keep strikes apart
    for part in parts:
        stated = [r.event_date for r in part if r.exact_day]
        assert not stated or (max(stated) - min(stated)).days <= 1
        assert len({r.place for r in part if r.place}) <= 1
    shuffled = records[:]
    random.Random(2).shuffle(shuffled)
    assert split_component(shuffled, s) == parts
