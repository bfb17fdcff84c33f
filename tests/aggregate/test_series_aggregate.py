"""The maintained trend aggregates (incident_daily, article_volume) give the same series as a scan
of the incidents and articles tables, whether incidents were linked at once or article by
article, and stay right when incidents are rewritten or cleared."""
from __future__ import annotations

import random

import polars as pl
import pytest
from synthetic_store import synthetic_pairs

from flashpoint.aggregate import link_store
from flashpoint.aggregate.series import series, series_from_tables
from flashpoint.store import Store
from flashpoint.store.incidents import rebuild_trend_aggregates

QUERIES = [
    {"dyad": "IRN-USA", "by": "day"},
    {"dyad": "IRN-USA", "by": "week"},
    {"dyad": "USA-IRN", "directed": True},
    {"dyad": "FRA-DEU", "by": "week"},
    {"country": "IRN", "by": "week"},
    {"event_type": "ASSAULT", "by": "day"},
    {"event_type": "consult", "by": "week", "country": "DEU"},
]


def _assert_same(store: Store) -> None:
    for q in QUERIES:
        new, old = series(store, **q), series_from_tables(store, **q)  # type: ignore[arg-type]
        assert new.columns == old.columns and new.height == old.height, q
        exact = [c for c in new.columns if new[c].dtype != pl.Float64]
        assert new.select(exact).equals(old.select(exact)), q
        for c in set(new.columns) - set(exact):
            a, b = new[c].to_list(), old[c].to_list()
            assert [x is None for x in a] == [x is None for x in b], (q, c)
            assert [x for x in a if x is not None] == pytest.approx(
                [x for x in b if x is not None], rel=1e-9, abs=1e-9), (q, c)


def _daily(store: Store) -> list[tuple]:
    return sorted(store.sql("SELECT * FROM incident_daily").rows())


def test_aggregates_equal_table_scan_batch_and_incremental(tmp_path):
    pairs = synthetic_pairs(seed=9)
    with Store(tmp_path / "batch.duckdb") as batch:
        batch.add(pairs)
        link_store(batch)
        _assert_same(batch)
        daily = _daily(batch)
        assert sum(r[5] for r in daily) == batch.sql(
            "SELECT count(*) AS n FROM incidents")["n"][0]
    shuffled = pairs[:]
    random.Random(3).shuffle(shuffled)  # rewrites incidents as later reports merge into them
    with Store(tmp_path / "inc.duckdb") as inc:
        for i in range(0, len(shuffled), 40):
            part = shuffled[i : i + 40]
            inc.add(part)
            link_store(inc, article_ids=[a.id for a, _ in part])
        _assert_same(inc)
        assert _daily(inc) == daily  # exact: Goldstein sums are decimals
        stored_order = "SELECT source_country, target_country, day FROM incident_daily"
        assert inc.sql(stored_order).rows() != sorted(inc.sql(stored_order).rows())
        rebuild_trend_aggregates(inc)  # `flashpoint link --compact`: clustered by dyad again
        assert inc.sql(stored_order).rows() == sorted(inc.sql(stored_order).rows())
        assert _daily(inc) == daily
        link_store(inc, relink=True)
        assert _daily(inc) == daily
        _assert_same(inc)


def test_volume_recounted_for_articles_stored_without_linker(tmp_path):
    pairs = synthetic_pairs(seed=4)
    with Store(tmp_path / "v.duckdb") as store:
        store.add(pairs[:500])
        link_store(store)
        store.add(pairs[500:])  # no link_store: article_volume is behind
        stale = store.sql("SELECT sum(articles) AS n FROM article_volume")["n"][0]
        assert stale < len(pairs)
    with Store(tmp_path / "v.duckdb", read_only=True) as ro:
        _assert_same(ro)  # read-only: volume counted from the articles table
    with Store(tmp_path / "v.duckdb") as store:
        _assert_same(store)  # writable: volume recounted first
        assert store.sql("SELECT sum(articles) AS n FROM article_volume")["n"][0] == len(pairs)


def test_one_large_batch_links_as_small_ones(tmp_path):
    """Over 2,000 articles in one call (id lists go through a join, not constants) give the
    incidents and aggregates of linking them a few hundred at a time."""
    pairs = synthetic_pairs(seed=9) + synthetic_pairs(seed=10)
    with Store(tmp_path / "big.duckdb") as big, Store(tmp_path / "small.duckdb") as small:
        big.add(pairs)
        ids = [a.id for a, _ in pairs]
        assert len(set(ids)) > 2000
        link_store(big, article_ids=ids)
        for i in range(0, len(pairs), 300):
            small.add(pairs[i : i + 300])
            link_store(small, article_ids=[a.id for a, _ in pairs[i : i + 300]])
        members = "SELECT event_id, incident_id FROM incident_events ORDER BY event_id"
        assert big.sql(members).rows() == small.sql(members).rows()
        assert _daily(big) == _daily(small)
        _assert_same(big)
