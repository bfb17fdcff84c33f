"""Incident benchmarks (prints figures). Run: python benchmarks/bench_incidents.py [--big]

1. Linking cost per new article as the store grows (10k -> 100k -> 1M events; --big adds 1M).
   Synthetic events at a constant density of 1,000 events a day (a store grows by covering more
   days, not by packing more into one): 40 countries, random dyads, 8 PLOVER types, 300 places
   with coordinates, sentences from 60 content words and two of 5,000 names ("Kal0042": places,
   people; the linker's name index, event_names, is filled for the stored events). (a) the in-memory IncidentLinker with the
   N events indexed; (b) the store path, link_store after Store.add of one article, with the N
   events generated in DuckDB SQL (range()) and marked linked.
2. A dyad series (flashpoint.aggregate.series, reading the maintained aggregates incident_daily
   and article_volume of schema 5) over N stored incidents and N articles generated in DuckDB SQL
   (1M; 10M too with --big or --series-10m), median and p95 of 21 runs, against the same series
   computed by a scan of the tables (series_from_tables).
3. Splitting one crowded component (50-1,200 events of one dyad, 100 a day) into incidents.
Flags: --big (1M events in (1)/(b) and 10M in (2)), --series-only (skip (1) and (3)).
"""
from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from flashpoint.aggregate import IncidentLinker, link_store
from flashpoint.aggregate.records import make_record
from flashpoint.aggregate.series import series, series_from_tables
from flashpoint.aggregate.vectors import sentence_vector
from flashpoint.model import Actor, Article, Event, Evidence, Location, Span
from flashpoint.store import Store
from flashpoint.store.incidents import rebuild_trend_aggregates

COUNTRIES = ["USA", "IRN", "IRQ", "RUS", "UKR", "CHN", "TWN", "ISR", "PSE", "SYR", "TUR", "IND",
             "PAK", "AFG", "NGA", "SDN", "ETH", "SOM", "YEM", "SAU", "EGY", "LBY", "MLI", "FRA",
             "GBR", "DEU", "JPN", "PRK", "KOR", "VEN", "COL", "MEX", "BRA", "ARM", "AZE", "GEO",
             "LBN", "JOR", "QAT", "ARE"]  # fmt: skip
TYPES = [("ASSAULT", 4, -10.0), ("ACCUSE", 3, -2.0), ("THREATEN", 3, -7.0), ("CONSULT", 1, 1.0),
         ("SANCTION", 4, -8.0), ("PROTEST", 4, -6.5), ("AGREE", 1, 4.0), ("MOBILIZE", 4, -7.2)]  # fmt: skip
WORDS = ("missile strike rocket attack border talks sanctions embassy protest drone troops "
         "ceasefire convoy militia airbase shelling summit minister envoy accord port oil "
         "refinery pipeline village checkpoint hostage raid ambush artillery navy vessel "
         "election parliament court general commander police camp refugee aid corridor "
         "bridge airport tanker frigate satellite nuclear uranium reactor deal trade tariff "
         "bank currency grain wheat fuel power grid hospital school market").split()
PER_DAY = 1000
DAY0 = date(2020, 1, 1)


N_NAMES = 5000


def _sentence(rng: random.Random) -> str:
    names = [f"Kal{rng.randrange(N_NAMES):04d}" for _ in range(2)]
    return " ".join(rng.sample(WORDS, 9) + names)


def _record(rng: random.Random, i: int, day: int):
    src, tgt = rng.sample(COUNTRIES, 2)
    etype, quad, gold = rng.choice(TYPES)
    p = rng.randrange(300)
    return make_record(
        event_id=f"e{i:09d}", article_id=f"a{i // 3:09d}", outlet=f"o{rng.randrange(50)}",
        published=DAY0 + timedelta(days=day), event_type=etype, quad_class=quad, goldstein=gold,
        confidence=0.7, source_country=src, source_sector="GOV", source_actor_id=None,
        target_country=tgt, target_sector="MIL", target_actor_id=None,
        location_name=f"place{p}", location_country=tgt, lat=-60 + p * 0.4, lon=p * 1.1,
        event_date=DAY0 + timedelta(days=day), background=False, sentence=_sentence(rng),
    )  # fmt: skip


def bench_memory(sizes: list[int]) -> None:
    print("(a) in-memory IncidentLinker: ms per new article (3 events), 300 articles on the last day")
    sentence_vector("the sentence-vector model loads once, before timing")
    for n in sizes:
        rng = random.Random(1)
        t0 = time.perf_counter()
        linker = IncidentLinker()
        linker.seed([[_record(rng, i, i // PER_DAY)] for i in range(n)])
        build = time.perf_counter() - t0
        last = n // PER_DAY
        new = [_record(rng, n + i, last) for i in range(900)]
        before = linker.comparisons
        t0 = time.perf_counter()
        for k in range(0, 900, 3):
            linker.add(new[k : k + 3])
        per = (time.perf_counter() - t0) * 1000 / 300
        print(f"  {n:>9,} events indexed ({build:5.1f} s to index): {per:6.3f} ms/article, "
              f"{(linker.comparisons - before) / 300:5.1f} comparisons/article")


_GEN = """
INSERT INTO {table} SELECT {cols} FROM range(?) t(i)
"""


def _fill_store(path: Path, n: int) -> None:
    """N events (and N/3 articles), all marked linked, generated in SQL."""
    with Store(path):
        pass
    con = duckdb.connect(str(path), config={"memory_limit": "4GB", "threads": "2"})
    c = ", ".join(f"'{x}'" for x in COUNTRIES)
    t = ", ".join(f"'{x[0]}'" for x in TYPES)
    w = ", ".join(f"'{x}'" for x in WORDS)
    con.execute(f"""
        INSERT INTO articles (id, title, caption, body, outlet, published, published_inferred,
                              language, ingested_at)
        SELECT 'a' || lpad(i::VARCHAR, 9, '0'), '', '', '', 'o' || (i % 50),
               DATE '{DAY0}' + CAST(i * 3 // {PER_DAY} AS INTEGER), false, 'en', now()
        FROM range({n // 3 + 1}) t(i)""")
    con.execute(f"""
        INSERT INTO events (id, article_id, date, event_type, cameo, goldstein, quad_class,
            source_country, source_sector, target_country, target_sector, location_name,
            location_country, location_lat, location_lon, confidence, modality, trigger_start,
            background, payload)
        SELECT 'e' || lpad(i::VARCHAR, 9, '0'), 'a' || lpad((i // 3)::VARCHAR, 9, '0'),
            DATE '{DAY0}' + CAST(i // {PER_DAY} AS INTEGER), [{t}][1 + (i * 7) % 8], '190', -5.0,
            4, [{c}][1 + (i * 13) % 40], 'GOV', [{c}][1 + (i * 17 + 5) % 40], 'MIL',
            'place' || (i % 300), [{c}][1 + (i * 17 + 5) % 40], -60 + (i % 300) * 0.4,
            (i % 300) * 1.1, 0.7, 'asserted', 0, false,
            json_object('evidence', json_object('sentence',
                [{w}][1 + (i * 31) % 60] || ' ' || [{w}][1 + (i * 37) % 60] || ' ' ||
                [{w}][1 + (i * 41) % 60] || ' ' || [{w}][1 + (i * 43) % 60] || ' Kal' ||
                lpad(((i * 53) % {N_NAMES})::VARCHAR, 4, '0') || ' Kal' ||
                lpad(((i * 59 + 7) % {N_NAMES})::VARCHAR, 4, '0')))
        FROM range({n}) t(i)""")
    con.execute("INSERT INTO incident_events SELECT id, 'inc-' || id, 'inc-' || id FROM events")
    con.execute(f"""
        INSERT INTO event_names
        SELECT 'e' || lpad(i::VARCHAR, 9, '0'),
               'kal' || lpad(((i * k + j) % {N_NAMES})::VARCHAR, 4, '0'),
               DATE '{DAY0}' + CAST(i // {PER_DAY} AS INTEGER)
        FROM range({n}) t(i), (VALUES (53, 0), (59, 7)) v(k, j) ORDER BY i""")
    con.close()


def _one_article(rng: random.Random, k: int, day: date) -> tuple[Article, list[Event]]:
    body = " ".join(_sentence(rng) + "." for _ in range(3))
    art = Article(title=f"bench {k}", body=body, outlet="Bench", published=day)
    evs = []
    for j, sent in enumerate(body.split(".")[:3]):
        sent = sent.strip()
        start = len(art.title) + 2 + body.index(sent)
        src, tgt = rng.sample(COUNTRIES, 2)
        etype, quad, gold = rng.choice(TYPES)
        evs.append(Event(article_id=art.id, event_type=etype, cameo="190", goldstein=gold,
                         quad_class=quad, source=Actor(src, src, "GOV"),
                         target=Actor(tgt, tgt, "MIL"),
                         evidence=Evidence(sent, start, start + len(sent), Span(start, start + 3, sent[:3])),
                         confidence=0.7, date=day,
                         location=Location(name=f"place{rng.randrange(300)}", country=tgt)))  # fmt: skip
    return art, evs


def bench_store(sizes: list[int], tmp: Path) -> None:
    print("(b) store path: Store.add(one article) + link_store, ms per article (median of 15)")
    for n in sizes:
        path = tmp / f"link{n}.duckdb"
        t0 = time.perf_counter()
        _fill_store(path, n)
        gen = time.perf_counter() - t0
        rng = random.Random(2)
        day = DAY0 + timedelta(days=n // PER_DAY)
        times, add_times = [], []
        with Store(path) as store:
            for k in range(15):
                pair = _one_article(rng, k, day)
                t0 = time.perf_counter()
                store.add([pair])
                t1 = time.perf_counter()
                link_store(store, article_ids=[pair[0].id])
                times.append((time.perf_counter() - t1) * 1000)
                add_times.append((t1 - t0) * 1000)
        print(f"  {n:>9,} events ({gen:5.1f} s to generate): link {statistics.median(times):7.1f} ms/article "
              f"(Store.add itself {statistics.median(add_times):6.1f} ms)")
        path.unlink()


def _ms(f, runs: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(runs):
        t1 = time.perf_counter()
        out = f()
        times.append((time.perf_counter() - t1) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], out


def bench_series(n: int, tmp: Path, runs: int = 21) -> None:
    """N incidents over ten years (random directed dyads of 40 countries, quad 1-4, Goldstein
    -5..4) and N articles, generated in DuckDB SQL; the trend aggregates (incident_daily,
    article_volume) built from them as migration 5 / rebuild_trend_aggregates does; a dyad
    series read from the aggregates (series) against a scan of the tables (series_from_tables)."""
    path = tmp / "series.duckdb"
    with Store(path):
        pass
    con = duckdb.connect(str(path), config={"memory_limit": "4GB", "threads": "2"})
    c = ", ".join(f"'{x}'" for x in COUNTRIES)
    t0 = time.perf_counter()
    days = 3650
    con.execute(f"""
        INSERT INTO incidents (id, day, event_type, quad_class, source_country, target_country,
            date, first_seen, last_seen, num_events, num_articles, num_sources, goldstein,
            confidence, reading, updated_at)
        SELECT 'inc-' || i, DATE '2015-01-01' + CAST(i * {days} // {n} AS INTEGER),
            [{', '.join(repr(t[0]) for t in TYPES)}][1 + CAST(hash(i + 3) % 8 AS BIGINT)],
            1 + (i % 4), [{c}][1 + CAST(hash(i) % 40 AS BIGINT)],
            [{c}][1 + CAST(hash(i + 7) % 40 AS BIGINT)],
            NULL, NULL, NULL, 1, 1, 1, -5.0 + (i % 10) + 0.1 * (i % 7), 0.7, '{{}}', now()
        FROM range({n}) t(i)""")
    con.execute(f"""
        INSERT INTO articles (id, title, caption, body, published, published_inferred, language,
                              ingested_at)
        SELECT 'a' || i, '', '', '', DATE '2015-01-01' + CAST(i * {days} // {n} AS INTEGER),
               false, 'en', now() FROM range({n}) t(i)""")
    con.close()
    gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    with Store(path) as store:
        rebuild_trend_aggregates(store)
        rows = store.sql("SELECT count(*) AS n FROM incident_daily")["n"][0]
    agg = time.perf_counter() - t0
    size = path.stat().st_size / 1e9
    print(f"  {n:,} incidents + {n:,} articles generated in {gen:.0f} s ({size:.1f} GB); "
          f"aggregates built in {agg:.0f} s ({rows:,} incident_daily rows)")
    with Store(path, read_only=True) as store:
        dyad_n = store.sql("SELECT count(*) AS n FROM incidents WHERE (source_country='IRN' AND "
                           "target_country='USA') OR (source_country='USA' AND target_country='IRN')")["n"][0]
        for by in ("day", "week"):
            new_med, new_p95, new = _ms(lambda: series(store, dyad="IRN-USA", by=by), runs)
            old_med, old_p95, old = _ms(
                lambda: series_from_tables(store, dyad="IRN-USA", by=by), max(5, runs // 3))
            ints = ["period", "incidents", "q1", "q2", "q3", "q4", "articles"]
            same = new.select(ints).equals(old.select(ints)) and all(  # type: ignore[union-attr]
                (new[c] - old[c]).abs().max() < 1e-9  # type: ignore[index]
                for c in ("mean_goldstein", "escalation", "escalation_norm"))
            print(f"  dyad series IRN-USA by {by} ({dyad_n:,} incidents in the dyad, "
                  f"{new.height} periods): aggregates median {new_med:.1f} ms, p95 {new_p95:.1f} ms "  # type: ignore[union-attr]
                  f"({runs} runs); table scan median {old_med:.1f} ms, p95 {old_p95:.1f} ms; "
                  f"same result: {same}")
    path.unlink()


def bench_split(sizes: list[int]) -> None:
    """Splitting one component of N events (partition.split_component): one dyad, 100 events a
    day (so 300 events cover three days, 1,200 twelve), five cities or no place, 16 words and
    40 names. Up to split_max_events (300) every pair is judged; above, only pairs near in
    time."""
    from flashpoint.aggregate.partition import split_component
    from flashpoint.aggregate.settings import load_settings

    s = load_settings()
    rng = random.Random(7)
    cities = [("Kharkiv", 49.99, 36.23), ("Odesa", 46.48, 30.72), ("Dnipro", 48.46, 35.04),
              ("Sumy", 50.91, 34.80), ("Lviv", 49.84, 24.03)] + [(None, None, None)] * 3
    print("(3) splitting one component (a crowded dyad, 100 events a day), ms per split")
    for n in sizes:
        records = []
        for i in range(n):
            name, lat, lon = rng.choice(cities)
            records.append(make_record(
                event_id=f"e{i:05d}", article_id=f"a{i}", outlet=f"o{i % 30}",
                published=DAY0 + timedelta(days=i // 100), event_type="ASSAULT", quad_class=4,
                goldstein=-10.0,
                confidence=0.8, source_country="RUS", source_sector="MIL", source_actor_id=None,
                target_country="UKR", target_sector="CVL", target_actor_id=None,
                location_name=name, location_country="UKR" if name else None, lat=lat, lon=lon,
                event_date=DAY0 + timedelta(days=i // 100), background=False,
                sentence=" ".join(rng.sample(WORDS[:16], 5)) + f" Kal{i % 40:04d}",
                date_source=rng.choice(["text", "published"])))  # fmt: skip
        t = time.perf_counter()
        parts = split_component(records, s)
        print(f"  {n:>5} events: {(time.perf_counter() - t) * 1000:7.1f} ms, "
              f"{len(parts)} incidents")


def main() -> None:
    big = "--big" in sys.argv
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if "--series-only" not in sys.argv:
            bench_memory([10_000, 100_000] + ([1_000_000] if big else []))
            bench_store([10_000, 100_000] + ([1_000_000] if big else []), tmp)
            bench_split([50, 100, 200, 300, 600, 1200])
        print("(2) dyad series")
        for n in [1_000_000] + ([10_000_000] if big or "--series-10m" in sys.argv else []):
            bench_series(n, tmp)


if __name__ == "__main__":
    main()
