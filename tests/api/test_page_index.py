"""The in-memory page index answers ``GET /events`` pages exactly as the DuckDB query does: the
same event ids, the same cursors, over random queries with every filter and sort; it sees events
posted while the server runs; the queries it leaves to DuckDB still come back right."""
from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from api_seed import API_KEY, seed_pairs

from flashpoint.api import create_app
from flashpoint.api.serving import BackgroundServer
from flashpoint.model import Article, Event
from flashpoint.store import Store
from flashpoint.store.api_queries import EventPage, EventQuery, page_events, reader
from flashpoint.store.page_index import PageIndex, PayloadCache

COUNTRIES = ["ISR", "SYR", "IRN", "USA", "CHN", "RUS", "TUR", "IRQ"]
TEXTS = ["Israeli aircraft", "Iran", "The United States", "Türkiye's army", "ÉLYSÉE officials",
         "U.S. troops", "Chinese and Russian diplomats", None]  # fmt: skip
START = date(2021, 3, 1)


def _varied(pairs: list[tuple[Article, list[Event]]], seed: int) -> list[tuple[Article, list[Event]]]:
    """The seeded articles with their events varied: NULL dates and Goldstein scores, heavy
    ties, mixed-case and non-ASCII actor texts, missing actor ids, places and targets."""
    rng = random.Random(seed)
    out = []
    for article, events in pairs:
        varied = []
        for e in events:
            src = dataclasses.replace(e.source, text=rng.choice(TEXTS[:-1]),
                                      country=rng.choice(COUNTRIES + [None]),
                                      actor_id=rng.choice([None, f"{rng.choice(COUNTRIES)}-GOV"]))
            tgt = None if rng.random() < 0.05 else dataclasses.replace(
                e.target, text=rng.choice(TEXTS), country=rng.choice(COUNTRIES))
            varied.append(dataclasses.replace(
                e, source=src, target=tgt,
                goldstein=None if rng.random() < 0.1 else rng.choice([-10.0, -2.0, 1.0, 3.5, 7.4]),
                confidence=rng.choice([0.5, 0.55, 0.6, 0.9, round(rng.random(), 3)]),
                date=None if rng.random() < 0.08 else START + timedelta(days=rng.randrange(400)),
                quad_class=rng.randint(1, 4),
                location=None if rng.random() < 0.3 else e.location,
                background=rng.random() < 0.15))  # fmt: skip
        out.append((article, varied))
    return out


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 3,000 events; the last 300 articles added after :func:`index` was built."""
    db = tmp_path_factory.mktemp("page_index") / "news.duckdb"
    with Store(db) as store:
        store.add(_varied(seed_pairs(1100), seed=1))
    return db


@pytest.fixture(scope="module")
def index(store_db: Path) -> Iterator[tuple[Store, PageIndex]]:
    with Store(store_db) as store:
        con = reader(store)
        built = PageIndex.build(con)
        store.add(_varied(seed_pairs(300, start=date(2024, 1, 1)), seed=2))
        fresh = built.refreshed(con)
        con.close()
        assert built.rows < fresh.rows and fresh.delta_rows == fresh.rows - built.rows
        yield store, fresh


def _random_query(rng: random.Random) -> EventQuery:
    kw: dict = {}
    if rng.random() < 0.4:
        first = START + timedelta(days=rng.randrange(-30, 1100))
        if rng.random() < 0.8:
            kw["date_from"] = first
        if rng.random() < 0.7:
            kw["date_to"] = first + timedelta(days=rng.choice([0, 3, 30, 200, 800]))
    pick = {
        "event_type": lambda: rng.choice(["ASSAULT", "CONSULT", "ACCUSE", "MOBILIZE", "PROTEST"]),
        "quad_class": lambda: rng.randint(1, 4),
        "modality": lambda: rng.choice(["asserted", "reported", "speculated", "future"]),
        "background": lambda: rng.random() < 0.5,
        "outlet": lambda: rng.choice(["Example News", "Example Wire", "Nowhere Daily"]),
        "located": lambda: rng.random() < 0.5,
        "country": lambda: rng.choice(COUNTRIES + ["XXX"]),
        "actor": lambda: rng.choice(["IRN-GOV", "USA-GOV", "iran", "TROOPS", "u.s.", "army",
                                     "diplomats", "", "zz-none"]),
    }  # fmt: skip
    for name, value in pick.items():
        if rng.random() < 0.15:
            kw[name] = value()
    if rng.random() < 0.15:
        kw["dyad"] = tuple(rng.sample(COUNTRIES, 2))
        kw["directed"] = rng.random() < 0.4
    return EventQuery(**kw, sort=rng.choice(["date", "confidence", "goldstein"]),
                      descending=rng.random() < 0.6, limit=rng.choice([1, 2, 7, 20, 50, 60]))


def _ids(page: EventPage) -> list[str]:
    import json

    return [json.loads(p)["id"] for p in page.payloads]


def test_pages_equal_the_duckdb_query_over_random_queries(index: tuple[Store, PageIndex]) -> None:
    store, idx = index
    con = reader(store)
    rng = random.Random(8)
    pages = nonempty = deep = 0
    try:
        for _ in range(320):
            q = _random_query(rng)
            assert idx.answers(q)
            for depth in range(rng.choice([1, 2, 4, 8])):
                want, got = page_events(con, q), idx.page(con, q)
                assert _ids(got) == _ids(want), q
                assert got.payloads == want.payloads
                assert got.next_after == want.next_after, q
                pages += 1
                nonempty += bool(want.payloads)
                deep += depth > 0
                if want.next_after is None:
                    break
                q = dataclasses.replace(q, after=want.next_after)
    finally:
        con.close()
    assert pages > 600 and nonempty > 300 and deep > 150, (pages, nonempty, deep)


def test_pages_without_a_payload_cache(index: tuple[Store, PageIndex]) -> None:
    """``--payload-cache-mb 0``: every payload is read from DuckDB, the pages are the same."""
    store, _ = index
    con = reader(store)
    try:
        bare = PageIndex.build(con, payloads=PayloadCache(max_bytes=0))
        rng = random.Random(21)
        for _ in range(60):
            q = _random_query(rng)
            assert bare.page(con, q).payloads == page_events(con, q).payloads, q
        assert bare.payloads.bytes == 0 and bare.payloads.hits == 0
    finally:
        con.close()


def test_cursors_outside_the_stored_keys(index: tuple[Store, PageIndex]) -> None:
    """Cursors that name no stored row (a client's, or rows' keys between stored ones)."""
    store, idx = index
    con = reader(store)
    try:
        afters = [(date(2021, 6, 1), "0"), (date(2021, 6, 1), "zzzz"), (None, "8"), (None, ""),
                  (date(1999, 1, 1), "a"), (date(2100, 1, 1), "a")]  # fmt: skip
        for sort, keys in (("date", afters), ("confidence", [(0.55, "7"), (0.123456, "x"), (2.0, "")]),
                           ("goldstein", [(-10.0, "5"), (0.0, "a"), (None, "c"), (99.0, "")])):  # fmt: skip
            for after in keys:
                for desc in (True, False):
                    q = EventQuery(sort=sort, descending=desc, after=after, limit=13)
                    want, got = page_events(con, q), idx.page(con, q)
                    assert _ids(got) == _ids(want) and got.next_after == want.next_after, q
    finally:
        con.close()


def test_queries_left_to_duckdb_are_still_answered(index: tuple[Store, PageIndex]) -> None:
    store, idx = index
    con = reader(store)
    try:
        article_id = con.execute("SELECT article_id FROM events LIMIT 1").fetchall()[0][0]
        fallbacks = [
            EventQuery(article_id=article_id, sort="position", descending=False, limit=1000),
            EventQuery(article_id=article_id, sort="date"),
            EventQuery(actor="türkiye", sort="confidence", limit=20),  # DuckDB's own lower()
            EventQuery(actor="élysée", limit=5),
        ]
        for q in fallbacks:
            assert not idx.answers(q)
            want, got = page_events(con, q), idx.page(con, q)
            assert _ids(got) and _ids(got) == _ids(want) and got.next_after == want.next_after
        with pytest.raises(ValueError, match="unknown sort"):
            idx.page(con, EventQuery(sort="loudness"))
        with pytest.raises(ValueError, match="limit"):
            idx.page(con, EventQuery(limit=0))
    finally:
        con.close()


def test_index_reports_its_size(index: tuple[Store, PageIndex]) -> None:
    _, idx = index
    assert idx.rows > 2500
    assert 0 < idx.nbytes < 200 * idx.rows  # well under 200 bytes an event


# -- over HTTP: an event posted while serving is in the next page ---------------------------------
@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, key_hash: str,
         pipeline) -> Iterator[tuple[BackgroundServer, object]]:  # fmt: skip
    db = tmp_path_factory.mktemp("page_index_http") / "news.duckdb"
    with Store(db) as store:
        store.add(seed_pairs(40))
    app = create_app(db, api_key_hash=key_hash, pipeline=pipeline)
    svc = app.state.service
    assert svc.page_index is not None and svc.page_index.rows > 80
    with BackgroundServer(app) as srv:
        yield srv, svc


@pytest.mark.slow
def test_an_event_posted_while_serving_is_in_the_next_page(live: tuple[BackgroundServer, object]) -> None:
    srv, svc = live
    with httpx.Client(base_url=srv.url, timeout=60) as client:
        before = client.get("/events", params={"sort": "-date", "limit": 5}).json()["events"]
        body = {"title": "Iran strikes Kurdish groups in northern Iraq", "published": "2024-05-02",
                "outlet": "Example Tribune",
                "text": "Iran fired missiles at Kurdish militant bases in northern Iraq on "
                        "Thursday, Iraqi officials said."}  # fmt: skip
        r = client.post("/articles", json=body, headers={"X-API-Key": API_KEY})
        assert r.status_code == 201, r.text
        events = r.json()["events"]
        posted = {e["id"] for e in events}
        dated = {e["id"] for e in events if e["date"]}
        assert dated, events
        # newest first: the posted events (2024) come before every seeded one (2021)
        after = client.get("/events", params={"sort": "-date", "limit": 50}).json()["events"]
        assert {e["id"] for e in after[: len(dated)]} == dated
        assert not dated & {e["id"] for e in before}
        by_outlet = client.get("/events", params={"outlet": "Example Tribune"}).json()
        assert {e["id"] for e in by_outlet["events"]} == posted
        assert by_outlet["count"] == len(posted)
    assert svc.page_index.delta_rows == len(posted)  # answered by the index, from its delta


def test_serve_can_turn_the_index_off(store_db: Path, key_hash: str) -> None:
    import typer
    from typer.testing import CliRunner

    from flashpoint.cli.serve_cmd import register

    cli = typer.Typer()
    register(cli)
    cli.command("version")(lambda: None)
    out = CliRunner().invoke(cli, ["serve", "--help"], env={"COLUMNS": "200"})
    assert "--no-page-index" in out.output
    app = create_app(store_db, api_key_hash=key_hash, page_index=False)
    svc = app.state.service
    try:
        assert svc.page_index is None
        con = svc.reader()
        q = EventQuery(country="IRN", sort="goldstein", limit=7)
        assert svc.events_page(con, q).payloads == page_events(con, q).payloads != []
    finally:
        svc.close()
