"""Load benchmark of ``GET /events``: C concurrent clients on loopback over a store of N events.

    python benchmarks/bench_api.py --events 1000000 --clients 50 --requests 3000 \
        --db /tmp/api_bench/1m.duckdb --out benchmarks/results_api.json

Builds a synthetic store with DuckDB SQL (valid ``Event.to_dict()`` payloads, four events per
article, ten years of dates, 12 countries, 10 event types) unless ``--db`` already holds N events,
starts ``flashpoint serve`` itself in a subprocess (uvicorn on 127.0.0.1, a free port), and runs a
bounded number of requests (``--requests``) within a bounded time (``--max-seconds``).
``--page-index`` (default) / ``--no-page-index`` is passed to ``flashpoint serve``: pages from
the in-memory index (flashpoint/store/page_index.py) or from DuckDB scans; run both back to back
with the same seed to compare (``--out benchmarks/results_api_no_index.json`` for the second).

The load: C closed-loop clients (each sends its next request as soon as the last one answered, no
think time), each on its own keep-alive HTTP/1.1 connection, all in one asyncio process that
writes raw requests and reads raw responses over asyncio streams (httpx costs several times more
CPU per request, and the clients share the server's cores). Every response is checked: status
200, a complete body (Content-Length), JSON that parses, an ``events`` list of ``count`` items,
no more than ``limit``. The query mix is seeded random over the filters the API takes (date
ranges, types, countries, dyads, modalities, actors, quad classes, located, every sort, page
sizes), and a client follows ``next_cursor`` up to four pages deep. Prints p50/p90/p99/max
latency overall and by sort, throughput, the error count, the CPU the server and the clients
used, and the load average before and after, and writes them as JSON (``--out``).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

TYPES = ["ASSAULT", "PROTEST", "CONSULT", "ACCUSE", "COERCE", "AGREE", "SUPPORT", "DEMAND",
         "THREATEN", "MOBILIZE"]  # fmt: skip
QUAD = {"ASSAULT": 4, "PROTEST": 3, "CONSULT": 1, "ACCUSE": 3, "COERCE": 4, "AGREE": 1,
        "SUPPORT": 2, "DEMAND": 3, "THREATEN": 3, "MOBILIZE": 4}  # fmt: skip
COUNTRIES = ["USA", "IRN", "IRQ", "ISR", "SYR", "RUS", "UKR", "CHN", "TUR", "SAU", "YEM", "LBN"]
# two CAMEO codes per type with their Goldstein scores (resources/tables/cameo_codes.csv): a
# Goldstein sort meets the heavy ties real stores have
CAMEO = {"ASSAULT": [("190", -10.0), ("195", -10.0)], "PROTEST": [("140", -6.5), ("145", -7.5)],
         "CONSULT": [("040", 1.0), ("036", 4.0)], "ACCUSE": [("112", -2.0), ("111", -2.0)],
         "COERCE": [("170", -7.0), ("172", -5.0)], "AGREE": [("057", 8.0), ("050", 3.5)],
         "SUPPORT": [("070", 7.0), ("073", 7.4)], "DEMAND": [("100", -5.0), ("102", -5.0)],
         "THREATEN": [("130", -4.4), ("138", -7.0)], "MOBILIZE": [("150", -7.2), ("154", -7.2)]}
MODALITIES = ["asserted", "asserted", "asserted", "reported", "reported", "future", "speculated"]


def build_store(db: Path, n_events: int) -> float:
    """Write ``n_events`` synthetic events (and n/4 articles) into a new store; seconds taken.
    Event ids are 20 hex digits of a hash, as :class:`flashpoint.model.Event` makes them (not in
    storage order), rows are stored in date order (as a store fed news as it comes)."""
    from flashpoint.store import Store

    t0 = time.perf_counter()
    if db.exists():
        db.unlink()
    n_articles = max(1, n_events // 4)
    with Store(db) as store:
        con = store._con  # a benchmark fixture: bulk SQL straight into the store's tables
        con.execute("SET memory_limit = '3GB'")  # the sort by date; the server keeps its own limit
        con.execute(
            "INSERT INTO articles SELECT printf('%024x', i), NULL, 'Synthetic briefing ' || i, '', "
            "'Body of synthetic briefing ' || i, 'https://outlet' || (i % 20) || '.example/' || i, "
            "'outlet' || (i % 20) || '.example', DATE '2015-01-01' + CAST(i % 3650 AS INTEGER), "
            "false, 'en', 'bench', now()::TIMESTAMP FROM range(?) t(i)", [n_articles])
        con.execute(
            """
            CREATE TEMP TABLE gen AS
            SELECT i,
                   substr(md5('event-' || i), 1, 20) AS id,
                   printf('%024x', i // 4) AS article_id,
                   DATE '2015-01-01' + CAST((i // 4) % 3650 AS INTEGER) AS date,
                   list_element(?::VARCHAR[], CAST(hash(i) % 10 AS INTEGER) + 1) AS event_type,
                   list_element(?::VARCHAR[], CAST(hash(i + 7) % 12 AS INTEGER) + 1) AS sc,
                   list_element(?::VARCHAR[], CAST(hash(i + 13) % 12 AS INTEGER) + 1) AS tc,
                   list_element(?::VARCHAR[], CAST(hash(i + 17) % 7 AS INTEGER) + 1) AS modality,
                   CAST(hash(i + 19) % 2 AS INTEGER) AS variant,
                   0.3 + (hash(i + 3) % 70) / 100.0 AS confidence,
                   (hash(i + 5) % 40) / 10.0 - 2.0 AS lat, (hash(i + 11) % 60) / 2.0 + 20 AS lon
            FROM range(?) t(i)
            """, [TYPES, COUNTRIES, COUNTRIES, MODALITIES, n_events])  # fmt: skip
        quad = "CASE event_type " + " ".join(f"WHEN '{t}' THEN {q}" for t, q in QUAD.items()) + " END"
        cameo = "CASE " + " ".join(f"WHEN event_type = '{t}' AND variant = {v} THEN '{c}'"
                                   for t, codes in CAMEO.items() for v, (c, _) in enumerate(codes)) + " END"
        gold = "CASE " + " ".join(f"WHEN event_type = '{t}' AND variant = {v} THEN {g}"
                                  for t, codes in CAMEO.items() for v, (_, g) in enumerate(codes)) + " END"
        con.execute(f"""
            INSERT INTO events (id, article_id, record_id, date, date_precision, event_type, mode,
                cameo, goldstein, quad_class, source_text, source_country, source_sector,
                source_actor_id, target_text, target_country, target_sector, target_actor_id,
                location_name, location_country, location_lat, location_lon, confidence,
                modality, trigger_start, payload, background)
            SELECT id, article_id, NULL, date, 'day', event_type, NULL, {cameo}, {gold}, {quad},
                sc || ' forces', sc, 'MIL', sc || '-MIL', tc || ' forces', tc, 'MIL', tc || '-MIL',
                'Place ' || (i % 500), tc, 30 + lat, lon, confidence, modality, 0,
                json_object(
                    'id', id, 'article_id', article_id, 'article_hash', article_id,
                    'record_id', NULL, 'event_type', event_type, 'cameo', {cameo}, 'goldstein', {gold},
                    'quad_class', {quad},
                    'source', json_object('text', sc || ' forces', 'country', sc, 'sector', 'MIL',
                        'actor_id', sc || '-MIL', 'name', NULL, 'span', NULL, 'resolved', true,
                        'confidence', 0.9),
                    'target', json_object('text', tc || ' forces', 'country', tc, 'sector', 'MIL',
                        'actor_id', tc || '-MIL', 'name', NULL, 'span', NULL, 'resolved', true,
                        'confidence', 0.9),
                    'evidence', json_object('sentence', sc || ' forces attacked ' || tc || ' forces.',
                        'start', 0, 'end', 30, 'trigger', json_object('start', 11, 'end', 19,
                        'text', 'attacked'), 'source', NULL, 'target', NULL),
                    'confidence', confidence, 'mode', NULL, 'context', [],
                    'date', strftime(date, '%Y-%m-%d'), 'date_precision', 'day',
                    'location', json_object('name', 'Place ' || (i % 500), 'country', tc,
                        'admin1', NULL, 'lat', 30 + lat, 'lon', lon, 'feature', 'city',
                        'geonames_id', NULL, 'span', NULL),
                    'modality', modality, 'modality_span', NULL, 'attribution', [],
                    'background', false, 'flags', [], 'field_confidence', json_object()),
                false
            FROM gen ORDER BY date, i
        """)  # fmt: skip
        con.execute("DROP TABLE gen")
        con.execute("CHECKPOINT")
    return time.perf_counter() - t0


def stored_events(db: Path) -> int:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute("SELECT count(*) FROM events").fetchall()[0][0])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# `flashpoint serve`, the command users run (its uvicorn options, its app), on one port
SERVER = ("import typer; from flashpoint.cli.serve_cmd import register; app = typer.Typer(); "
          "register(app); app.command('version')(lambda: None); app()")
CLIENT_IMPL = ("one asyncio process, raw HTTP/1.1 GET over asyncio streams, one keep-alive "
               "connection per client, closed loop without think time; every body parsed as JSON "
               "and checked")  # fmt: skip


def random_query(rng: random.Random) -> dict[str, str]:
    """One first-page query, seeded: each filter the API takes, with realistic odds."""
    params: dict[str, str] = {}
    if rng.random() < 0.4:  # a date range: a week to two years, anywhere in the ten years
        first = 16436 + rng.randrange(3650)  # days since 1970: 2015-01-01 + k
        span = rng.choice([7, 30, 90, 365, 730])
        params["date_from"] = _iso(first)
        if rng.random() < 0.8:
            params["date_to"] = _iso(first + span)
    if rng.random() < 0.25:
        params["type"] = rng.choice(TYPES)
    if rng.random() < 0.15:
        a, b = rng.sample(COUNTRIES, 2)
        params["dyad"] = f"{a}-{b}"
        if rng.random() < 0.3:
            params["directed"] = "true"
    elif rng.random() < 0.25:
        params["country"] = rng.choice(COUNTRIES)
    if rng.random() < 0.15:
        params["modality"] = rng.choice(["asserted", "reported", "future", "speculated"])
    if rng.random() < 0.1:
        c = rng.choice(COUNTRIES)
        params["actor"] = f"{c}-MIL" if rng.random() < 0.7 else f"{c.lower()} forces"
    if rng.random() < 0.08:
        params["quad_class"] = str(rng.randint(1, 4))
    if rng.random() < 0.05:
        params["located"] = "true"
    params["sort"] = rng.choices(["-date", "date", "-confidence", "confidence", "-goldstein"],
                                 weights=[55, 15, 15, 5, 10])[0]  # fmt: skip
    params["limit"] = str(rng.choice([20, 50, 50, 50, 100]))
    return params


def _iso(days: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(days * 86400))


def _path(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return "/events?" + urlencode(params)


class Http:
    """One keep-alive HTTP/1.1 connection: raw GET requests, Content-Length responses."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise ValueError(f"status {status}: response without Content-Length")
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()
            self.writer = None


def check(status: int, body: bytes, limit: int) -> dict:
    """The parsed page; ValueError when it is not a complete, well-formed page."""
    if status != 200:
        raise ValueError(f"status {status}: {body[:200]!r}")
    page = json.loads(body)
    if not isinstance(page, dict) or not isinstance(page.get("events"), list):
        raise ValueError(f"no events list: {body[:200]!r}")
    if len(page["events"]) != page.get("count") or len(page["events"]) > limit:
        raise ValueError(f"count {page.get('count')} for {len(page['events'])} events")
    if page["next_cursor"] is not None and not isinstance(page["next_cursor"], str):
        raise ValueError("next_cursor is not a string")
    return page


async def run_load(port: int, clients: int, n_requests: int, max_seconds: float,
                   seed: int) -> dict:  # fmt: skip
    samples: list[tuple[float, str]] = []  # (latency, sort)
    errors: list[str] = []
    budget = {"left": n_requests}
    pages = {"first": 0, "next": 0, "empty": 0}
    deadline = time.perf_counter() + max_seconds

    async def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        http = Http("127.0.0.1", port)
        params: dict[str, str] = {}
        depth = 0
        try:
            while budget["left"] > 0 and time.perf_counter() < deadline:
                budget["left"] -= 1
                if depth <= 0 or "cursor" not in params:
                    params = random_query(rng)
                    depth = rng.choice([0, 0, 1, 2, 4])  # next pages to follow after this one
                    pages["first"] += 1
                else:
                    depth -= 1
                    pages["next"] += 1
                t = time.perf_counter()
                try:
                    status, body = await http.get(_path(params))
                    page = check(status, body, int(params["limit"]))
                    samples.append((time.perf_counter() - t, params["sort"]))
                    pages["empty"] += not page["events"]
                    if page["next_cursor"]:
                        params = {**params, "cursor": page["next_cursor"]}
                    else:
                        params.pop("cursor", None)
                        depth = 0
                except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
                    samples.append((time.perf_counter() - t, params["sort"]))
                    errors.append(repr(exc)[:300])
                    await http.close()
                    depth = 0
        finally:
            await http.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    wall = time.perf_counter() - t0
    out = {"requests": len(samples), "errors": len(errors), "error_samples": errors[:5],
           "wall_s": round(wall, 2), "rps": round(len(samples) / wall, 1) if wall else 0.0,
           **_percentiles([s[0] for s in samples]), "pages": pages}  # fmt: skip
    out["by_sort"] = {sort: {"requests": len(lat), **_percentiles(lat)}
                      for sort in sorted({s[1] for s in samples})
                      for lat in [[s[0] for s in samples if s[1] == sort]]}  # fmt: skip
    return out


def _percentiles(latencies: list[float]) -> dict[str, float]:
    lat = sorted(latencies)
    if not lat:
        return {}

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1)

    return {"p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
            "max_ms": round(1000 * lat[-1], 1)}  # fmt: skip


def _cpu_s(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return t.user + t.system


def _self_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def wait_ready(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if re.match(rb"HTTP/1\.1 200", s.recv(64)):
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000, help="total requests (bound)")
    ap.add_argument("--max-seconds", type=float, default=120, help="time bound of the load phase")
    ap.add_argument("--seed", type=int, default=8, help="seed of the query mix")
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "flashpoint_bench_api.duckdb",
                    help="store to build (or reuse when it holds --events events)")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results_api.json"))
    ap.add_argument("--page-index", action=argparse.BooleanOptionalAction, default=True,
                    help="serve GET /events from the in-memory page index (flashpoint serve "
                    "--page-index, the default) or from DuckDB (--no-page-index)")
    ap.add_argument("--payload-cache-mb", type=int, default=64,
                    help="flashpoint serve --payload-cache-mb (0: every payload read from DuckDB)")
    args = ap.parse_args()

    build_s = None
    if not args.db.exists() or stored_events(args.db) != args.events:
        print(f"building a store of {args.events:,} events in {args.db} …", flush=True)
        build_s = build_store(args.db, args.events)
        print(f"built in {build_s:.1f} s", flush=True)
    load_start = [round(x, 2) for x in os.getloadavg()]
    port = free_port()
    cmd = [sys.executable, "-c", SERVER, "serve", "--db", str(args.db), "--port", str(port),
           "--page-index" if args.page_index else "--no-page-index",
           "--payload-cache-mb", str(args.payload_cache_mb)]
    t_start = time.perf_counter()
    server = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, server)
        startup_s = time.perf_counter() - t_start  # the page index is built before it listens
        proc = psutil.Process(server.pid)
        asyncio.run(run_load(port, min(args.clients, 10), 200, 30, seed=args.seed + 1))  # warm-up
        serial = asyncio.run(run_load(port, 1, 300, 60, seed=args.seed + 2))  # service time alone
        cpu0, me0 = _cpu_s(proc), _self_cpu_s()
        result = asyncio.run(run_load(port, args.clients, args.requests, args.max_seconds,
                                      seed=args.seed))  # fmt: skip
        cpu1, me1 = _cpu_s(proc), _self_cpu_s()
    finally:
        server.terminate()
        server.wait(timeout=30)
    import duckdb
    import uvicorn

    result["serial_one_client"] = {k: serial[k] for k in ("requests", "errors", "p50_ms", "p99_ms", "rps")}
    result.update({
        "events": args.events, "clients": args.clients, "seed": args.seed, "build_s": build_s,
        "page_index": args.page_index, "payload_cache_mb": args.payload_cache_mb,
        "server_startup_s": round(startup_s, 2),
        "server": "flashpoint serve (uvicorn " + uvicorn.__version__ + ", duckdb "
                  + duckdb.__version__ + ")",
        "client_impl": CLIENT_IMPL,
        "cpu_s": {"server": round(cpu1 - cpu0, 1), "clients": round(me1 - me0, 1),
                  "wall": result["wall_s"]},
        "cpus": os.cpu_count(), "machine": platform.platform(),
        "load_avg_at_start": load_start, "load_avg_at_end": [round(x, 2) for x in os.getloadavg()],
        "target": "p99 < 300 ms, 0 errors",
        "met": result["errors"] == 0 and result["p99_ms"] < 300,
    })  # fmt: skip
    print(json.dumps(result, indent=2))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
