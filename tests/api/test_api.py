"""The REST API over HTTP against a real uvicorn server and a real DuckDB file."""
from __future__ import annotations

import io
import json
from datetime import date

import httpx
import pyarrow.parquet as pq
import pytest
from api_seed import API_KEY, N_ARTICLES, seed_pairs

from flashpoint.api import create_app
from flashpoint.api.serving import BackgroundServer

SEED = [e for _, events in seed_pairs(N_ARTICLES) for e in events]
STRIKE = (
    "Iran fires missiles at U.S. bases in Iraq\n\n"
    "Iran fired more than a dozen ballistic missiles at two Iraqi bases hosting U.S. troops early "
    "on Wednesday, the Pentagon said. The missiles struck the Ain al-Asad air base in Anbar "
    "province and a base in Erbil.\n\nSource: https://www.example-news.org/world/iran-missiles"
)


def _all(client: httpx.Client, **params: object) -> list[dict]:
    """Every event matching ``params``, following the cursor page by page."""
    out: list[dict] = []
    cursor = None
    while True:
        page = client.get("/events", params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        out += body["events"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out


# -- health, docs ------------------------------------------------------------------------------
def test_health_counts_the_seeded_store(client: httpx.Client) -> None:
    h = client.get("/health").json()
    assert h["status"] == "ok"
    assert h["counts"]["articles"] >= N_ARTICLES
    assert h["counts"]["events"] >= len(SEED)
    assert h["writes"] is True
    idx = h["page_index"]  # GET /events is served from the in-memory index by default
    assert idx["rows"] == h["counts"]["events"] and idx["bytes"] > 0  # rows: delta included


def test_openapi_docs_list_every_endpoint(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/articles", "/events", "/events/{event_id}", "/incidents", "/incidents/{incident_id}",
              "/series", "/alerts", "/export", "/health"):
        assert p in paths


# -- auth and validation -------------------------------------------------------------------------
def test_post_without_or_with_a_wrong_key_is_401(client: httpx.Client) -> None:
    r = client.post("/articles", content=STRIKE, headers={"Content-Type": "text/plain"})
    assert r.status_code == 401
    assert "X-API-Key" in r.json()["error"]
    r = client.post("/articles", content=STRIKE,
                    headers={"Content-Type": "text/plain", "X-API-Key": API_KEY + "x"})
    assert r.status_code == 401


@pytest.mark.parametrize(("body", "ctype", "status", "words"), [
    (b'{"text": "Troops clashed.", "published": "last Tuesday"}', "application/json", 422, "published"),
    (b'{"text": ', "application/json", 400, "not valid JSON"),
    (b'{"title": "x", "text": "   "}', "application/json", 422, "'text' is required"),
    (b'{"text": "Troops clashed.", "author": "me"}', "application/json", 422, "unknown field"),
    (b'["Troops clashed."]', "application/json", 422, "must be an object"),
    (b"<p>Troops clashed.</p>", "application/xml", 415, "not supported"),
    (b"\xff\xfe bad", "text/plain", 400, "not UTF-8"),
])  # fmt: skip
def test_bad_article_bodies_get_a_readable_4xx(client: httpx.Client, body: bytes, ctype: str,
                                               status: int, words: str) -> None:  # fmt: skip
    r = client.post("/articles", content=body, headers={"Content-Type": ctype, "X-API-Key": API_KEY})
    assert r.status_code == status, r.text
    assert words in r.json()["error"]


def test_a_body_over_the_limit_is_413_even_when_streamed(client: httpx.Client) -> None:
    big = ("Troops clashed near the border. " * 5000).encode()  # > 100 kB limit of the fixture
    r = client.post("/articles", content=big, headers={"Content-Type": "text/plain", "X-API-Key": API_KEY})
    assert r.status_code == 413
    assert "limit" in r.json()["error"]

    def chunks():  # no Content-Length: chunked transfer encoding
        for _ in range(40):
            yield b"Troops clashed near the border. " * 100

    r = client.post("/articles", content=chunks(),
                    headers={"Content-Type": "text/plain", "X-API-Key": API_KEY})
    assert r.status_code == 413


@pytest.mark.parametrize(("params", "words"), [
    ({"limit": 0}, "'limit'"),
    ({"limit": 5000}, "less than or equal to 1000"),
    ({"dyad": "IRN/USA"}, "e.g. IRN-USA"),
    ({"country": "Iran"}, "ISO alpha-3"),
    ({"date_from": "08/01/2020"}, "'date_from'"),
    ({"quad_class": 7}, "'quad_class'"),
    ({"sort": "random"}, "date, confidence or goldstein"),
    ({"cursor": "not-a-cursor"}, "cursor is damaged"),
])  # fmt: skip
def test_bad_query_parameters_get_a_readable_4xx(client: httpx.Client, params: dict, words: str) -> None:
    r = client.get("/events", params=params)
    assert 400 <= r.status_code < 500
    assert words in r.json()["error"]


def test_unknown_ids_are_404_with_the_id(client: httpx.Client) -> None:
    r = client.get("/events/ffffffffffffffffffff")
    assert r.status_code == 404 and "ffffffffffffffffffff" in r.json()["error"]
    assert client.get("/incidents/inc-nothing").status_code == 404


def test_reads_can_require_the_key(tmp_path, key_hash: str) -> None:
    app = create_app(tmp_path / "keyed.duckdb", api_key_hash=key_hash, read_key_required=True)
    with BackgroundServer(app) as srv, httpx.Client(base_url=srv.url) as c:
        assert c.get("/events").status_code == 401
        assert c.get("/events", headers={"X-API-Key": API_KEY}).json()["events"] == []
        assert c.get("/health").status_code == 200


def test_a_server_without_a_key_refuses_writes(tmp_path) -> None:
    with BackgroundServer(create_app(tmp_path / "ro.duckdb", api_key_hash=None)) as srv:
        r = httpx.post(srv.url + "/articles", content=STRIKE, headers={"X-API-Key": API_KEY})
        assert r.status_code == 403
        assert "--api-key-file" in r.json()["error"]


# -- filters and pagination ----------------------------------------------------------------------
@pytest.mark.parametrize(("params", "keep"), [
    ({"type": "assault"}, lambda e: e.event_type == "ASSAULT"),
    ({"country": "syr"}, lambda e: "SYR" in (e.source.country, e.target.country)),
    ({"dyad": "USA-IRN"}, lambda e: {e.source.country, e.target.country} == {"USA", "IRN"}),
    ({"dyad": "USA-IRN", "directed": "true"}, lambda e: (e.source.country, e.target.country) == ("USA", "IRN")),
    ({"quad_class": 1}, lambda e: e.quad_class == 1),
    ({"modality": "speculated"}, lambda e: e.modality == "speculated"),
    ({"background": "true"}, lambda e: e.background),
    ({"date_from": "2021-03-10", "date_to": "2021-03-12"}, lambda e: e.date is not None and date(2021, 3, 10) <= e.date <= date(2021, 3, 12)),
    ({"actor": "israeli"}, lambda e: "Israeli" in e.source.text),
    ({"actor": "TUR-GOV"}, lambda e: e.source.actor_id == "TUR-GOV"),
    ({"located": "false"}, lambda e: e.location is None),
])  # fmt: skip
def test_each_filter_returns_exactly_the_matching_seeded_events(client: httpx.Client, params: dict, keep) -> None:
    seeded = {e.id for e in SEED}
    got = {e["id"] for e in _all(client, limit=25, **params) if e["id"] in seeded}
    want = {e.id for e in SEED if keep(e)}
    assert want and got == want


def test_outlet_filter_joins_the_articles(client: httpx.Client) -> None:
    articles = {a.id: a for a, _ in seed_pairs(N_ARTICLES)}
    got = _all(client, outlet="Example Wire", limit=100)
    assert got
    assert all(articles[e["article_hash"]].outlet == "Example Wire" for e in got)
    assert len(got) == sum(1 for e in SEED if articles[e.article_id].outlet == "Example Wire")


@pytest.mark.parametrize("sort", ["-date", "date", "confidence", "-goldstein"])
def test_cursor_pages_cover_every_event_once_in_order(client: httpx.Client, sort: str) -> None:
    events = _all(client, quad_class=4, sort=sort, limit=7)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)) == len(_all(client, quad_class=4, limit=1000))
    field = sort.lstrip("-")
    keys = [e[field] for e in events]
    known = [k for k in keys if k is not None]
    assert keys == known + [None] * (len(keys) - len(known))  # events without the key come last
    assert known == sorted(known, reverse=sort.startswith("-"))
    if field == "date":
        assert len(known) < len(keys)  # the seed has undated events: their cursor is exercised


def test_a_cursor_is_refused_for_another_sort(client: httpx.Client) -> None:
    cursor = client.get("/events", params={"limit": 2}).json()["next_cursor"]
    assert cursor
    r = client.get("/events", params={"limit": 2, "sort": "confidence", "cursor": cursor})
    assert r.status_code == 400
    assert "sort" in r.json()["error"]


# -- one event, coding a new article, incidents ----------------------------------------------------
def test_event_detail_has_evidence_spans_article_and_attribution(client: httpx.Client) -> None:
    first = client.get("/events", params={"modality": "reported", "limit": 1}).json()["events"][0]
    d = client.get(f"/events/{first['id']}").json()
    roles = {s["role"]: s["text"] for s in d["evidence_spans"]}
    assert roles["trigger"] == d["evidence"]["trigger"]["text"]
    assert roles["source"] == d["source"]["text"]
    assert d["article"]["outlet"] in ("Example News", "Example Wire")
    assert "attribution" in d and d["modality"] == "reported"


@pytest.mark.slow
def test_posting_an_article_codes_stores_and_links_it(client: httpx.Client) -> None:
    r = client.post("/articles", content=STRIKE.encode(),
                    headers={"Content-Type": "text/plain", "X-API-Key": API_KEY})
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["stored"] is True
    text = out["article"]["text"]
    assaults = [e for e in out["events"] if e["event_type"] == "ASSAULT" and e["source"]["country"] == "IRN"]
    assert assaults, [(e["event_type"], e["source"]["country"]) for e in out["events"]]
    for e in out["events"]:
        t = e["evidence"]["trigger"]
        assert text[t["start"]:t["end"]] == t["text"]
    # stored: the same article comes back from GET, and posting it again stores nothing new
    again = client.post("/articles", content=STRIKE.encode(),
                        headers={"Content-Type": "text/plain", "X-API-Key": API_KEY}).json()
    assert again["stored"] is False
    stored = client.get(f"/articles/{out['article']['id']}").json()
    assert {e["id"] for e in stored["events"]} == {e["id"] for e in out["events"]}
    # linked into incidents, visible with their articles and outlets
    detail = client.get(f"/events/{assaults[0]['id']}").json()
    assert detail["incident_id"]
    inc = client.get(f"/incidents/{detail['incident_id']}").json()
    assert assaults[0]["id"] in {e["id"] for e in inc["events"]}
    assert inc["outlets"] == ["example-news.org"] or inc["articles"][0]["url"].startswith("https://www.example-news.org")
    listed = client.get("/incidents", params={"country": "IRN"}).json()["incidents"]
    assert detail["incident_id"] in {i["id"] for i in listed}


@pytest.mark.slow
def test_series_and_alerts_count_posted_incidents(client: httpx.Client) -> None:
    body = {"title": "Missiles hit U.S. base in western Iraq", "published": "2020-01-26",
            "text": "Iran fired a dozen missiles at a U.S. base in western Iraq on Sunday, "
                    "Iraqi security officials said."}  # fmt: skip
    r = client.post("/articles", json=body, headers={"X-API-Key": API_KEY})
    assert r.status_code == 201, r.text
    pairs = {(e["source"]["country"], (e["target"] or {}).get("country")) for e in r.json()["events"]}
    assert ("IRN", "USA") in pairs, pairs
    rows = client.get("/series", params={"dyad": "USA-IRN", "date_from": "2020-01-20"}).json()["rows"]
    assert sum(r["incidents"] for r in rows) >= 1
    assert all(r["period"] >= "2020-01-20" for r in rows)
    weekly = client.get("/series", params={"dyad": "IRN-USA", "by": "week"}).json()
    assert weekly["by"] == "week"
    assert isinstance(client.get("/alerts", params={"dyad": "IRN-USA"}).json()["alerts"], list)
    assert client.get("/alerts", params={"by": "month"}).status_code == 422


def test_json_articles_keep_title_url_and_date(client: httpx.Client) -> None:
    body = {"title": "Protesters rally in Baghdad", "published": "2020-01-24",
            "url": "https://example-wire.com/iraq/baghdad-march",
            "text": "Tens of thousands of protesters marched in central Baghdad on Friday to "
                    "demand the expulsion of U.S. forces from Iraq."}  # fmt: skip
    r = client.post("/articles", json=body, headers={"X-API-Key": API_KEY})
    assert r.status_code == 201, r.text
    art = r.json()["article"]
    assert art["title"] == body["title"] and art["published"] == "2020-01-24"
    assert art["text"].startswith(body["title"])


# -- export ----------------------------------------------------------------------------------------
def test_export_streams_jsonl_csv_and_parquet(client: httpx.Client) -> None:
    want = len(_all(client, type="CONSULT", limit=1000))
    with client.stream("GET", "/export", params={"format": "jsonl", "type": "CONSULT"}) as r:
        assert r.status_code == 200
        assert r.headers["transfer-encoding"] == "chunked"
        assert r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in r.iter_lines() if line]
    assert len(lines) == want and {x["event_type"] for x in lines} == {"CONSULT"}
    csv = client.get("/export", params={"format": "csv", "type": "CONSULT"})
    assert csv.text.splitlines()[0].startswith("id,") and len(csv.text.splitlines()) == want + 1
    table = pq.read_table(io.BytesIO(client.get("/export", params={"format": "parquet"}).content))
    assert table.num_rows >= len(SEED)
    bad = client.get("/export", params={"format": "xlsx"})
    assert bad.status_code == 422 and "jsonl" in bad.json()["error"]


# -- paging under load, and the bounded paging of tied scores ------------------------------------
def test_twenty_concurrent_requests_get_the_same_pages_as_one_at_a_time(server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    queries = [{"sort": s, "limit": n, **f} for s in ("-date", "confidence", "-goldstein")
               for n in (3, 10) for f in ({}, {"country": "IRN"}, {"type": "ASSAULT"})]
    queries = (queries * 2)[:20]  # fmt: skip

    def fetch(params: dict) -> tuple[int, list[str], str | None]:
        with httpx.Client(base_url=server.url, timeout=60) as c:
            r = c.get("/events", params=params)
            return r.status_code, [e["id"] for e in r.json()["events"]], r.json()["next_cursor"]

    serial = [fetch(p) for p in queries]
    with ThreadPoolExecutor(max_workers=20) as pool:
        concurrent = list(pool.map(fetch, queries))
    assert concurrent == serial
    assert all(status == 200 and ids for status, ids, _ in serial)


@pytest.mark.parametrize("sort", ["confidence", "-confidence", "goldstein", "-goldstein"])
def test_pages_of_tied_scores_are_the_exact_order_by_score_then_id(tmp_path, sort: str) -> None:
    """The score bound ``page_events`` adds for tied sorts must not change any page: the pages
    joined equal every event sorted by (score, id) in Python, nulls last."""
    from flashpoint.store import Store
    from flashpoint.store import api_queries as q

    field, desc = sort.lstrip("-"), sort.startswith("-")
    with Store(tmp_path / "tied.duckdb") as store:
        store.add(seed_pairs(N_ARTICLES))
        con = q.reader(store)
        got: list[str] = []
        after = None
        for _ in range(200):
            page = q.page_events(con, q.EventQuery(sort=field, descending=desc, limit=4, after=after))
            got += [json.loads(p)["id"] for p in page.payloads]
            if page.next_after is None:
                break
            after = page.next_after
        con.close()
    scored = [e for e in SEED if getattr(e, field) is not None]
    want = sorted(scored, key=lambda e: (getattr(e, field), e.id), reverse=desc)
    want += sorted((e for e in SEED if getattr(e, field) is None), key=lambda e: e.id, reverse=desc)
    assert len({getattr(e, field) for e in SEED}) < len(SEED)  # the seed has ties: pages cut them
    assert got == [e.id for e in want]
