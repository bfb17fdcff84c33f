"""Load benchmark of ``GET /events``: C concurrent clients on loopback over a store of N events.

    python benchmarks/bench_api.py --events 1000000 --clients 50 --requests 5000 --max-seconds 120

Builds a synthetic store with DuckDB SQL (valid ``Event.to_dict()`` payloads, four events per
article, ten years of dates, 12 countries, 10 event types) unless ``--db`` already holds N events,
starts ``flashpoint serve``'s app in a subprocess (uvicorn on 127.0.0.1, a free port), and runs a
bounded number of requests (``--requests``) within a bounded time (``--max-seconds``) from C
asyncio clients. Each client cycles through realistic queries (first page, type, country, dyad,
date range, modality, actor, then the next page by cursor). Prints p50/p90/p99/max latency,
throughput and the error count, and writes them as JSON (``--out``).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TYPES = ["ASSAULT", "PROTEST", "CONSULT", "ACCUSE", "COERCE", "AGREE", "SUPPORT", "DEMAND",
         "THREATEN", "MOBILIZE"]  # fmt: skip
QUAD = {"ASSAULT": 4, "PROTEST": 3, "CONSULT": 1, "ACCUSE": 3, "COERCE": 4, "AGREE": 1,
        "SUPPORT": 2, "DEMAND": 3, "THREATEN": 3, "MOBILIZE": 4}  # fmt: skip
COUNTRIES = ["USA", "IRN", "IRQ", "ISR", "SYR", "RUS", "UKR", "CHN", "TUR", "SAU", "YEM", "LBN"]
MODALITIES = ["asserted", "asserted", "asserted", "reported", "reported", "future", "speculated"]


def build_store(db: Path, n_events: int) -> float:
    """Write ``n_events`` synthetic events (and n/4 articles) into a new store; seconds taken."""
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
                   printf('%020x', i) AS id,
                   printf('%024x', i // 4) AS article_id,
                   DATE '2015-01-01' + CAST((i // 4) % 3650 AS INTEGER) AS date,
                   list_element(?::VARCHAR[], CAST(hash(i) % 10 AS INTEGER) + 1) AS event_type,
                   list_element(?::VARCHAR[], CAST(hash(i + 7) % 12 AS INTEGER) + 1) AS sc,
                   list_element(?::VARCHAR[], CAST(hash(i + 13) % 12 AS INTEGER) + 1) AS tc,
                   list_element(?::VARCHAR[], CAST(hash(i + 17) % 7 AS INTEGER) + 1) AS modality,
                   0.3 + (hash(i + 3) % 70) / 100.0 AS confidence,
                   (hash(i + 5) % 40) / 10.0 - 2.0 AS lat, (hash(i + 11) % 60) / 2.0 + 20 AS lon
            FROM range(?) t(i)
            """, [TYPES, COUNTRIES, COUNTRIES, MODALITIES, n_events])  # fmt: skip
        quad = "CASE event_type " + " ".join(f"WHEN '{t}' THEN {q}" for t, q in QUAD.items()) + " END"
        con.execute(f"""
            INSERT INTO events (id, article_id, record_id, date, date_precision, event_type, mode,
                cameo, goldstein, quad_class, source_text, source_country, source_sector,
                source_actor_id, target_text, target_country, target_sector, target_actor_id,
                location_name, location_country, location_lat, location_lon, confidence,
                modality, trigger_start, payload, background)
            SELECT id, article_id, NULL, date, 'day', event_type, NULL, '190', -10.0, {quad},
                sc || ' forces', sc, 'MIL', sc || '-MIL', tc || ' forces', tc, 'MIL', tc || '-MIL',
                'Place ' || (i % 500), tc, 30 + lat, lon, confidence, modality, 0,
                json_object(
                    'id', id, 'article_id', article_id, 'article_hash', article_id,
                    'record_id', NULL, 'event_type', event_type, 'cameo', '190', 'goldstein', -10.0,
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


SERVER = """
import sys, uvicorn
from pathlib import Path
from flashpoint.api import create_app
app = create_app(Path(sys.argv[1]), api_key_hash=None)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", backlog=2048)
"""


def queries() -> list[dict[str, str]]:
    return [
        {}, {"type": "ASSAULT"}, {"country": "IRN"}, {"dyad": "IRN-USA"},
        {"date_from": "2019-01-01", "date_to": "2019-03-31"}, {"modality": "reported"},
        {"actor": "ISR-MIL"}, {"type": "PROTEST", "country": "IRQ", "sort": "-confidence"},
        {"dyad": "RUS-UKR", "date_from": "2020-01-01"}, {"quad_class": "1"},
    ]  # fmt: skip


async def run_load(url: str, clients: int, n_requests: int, max_seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    budget = {"left": n_requests}
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:

        async def client(k: int) -> None:
            qs = queries()
            j = k
            cursor: str | None = None
            while budget["left"] > 0 and time.perf_counter() < deadline:
                budget["left"] -= 1
                params = dict(qs[j % len(qs)], limit="50")
                if cursor:  # every other request follows the previous page's cursor
                    params["cursor"] = cursor
                t = time.perf_counter()
                try:
                    r = await http.get("/events", params=params)
                    latencies.append(time.perf_counter() - t)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code}: {r.text[:200]}")
                        cursor = None
                    else:
                        cursor = None if cursor else r.json()["next_cursor"]
                except httpx.HTTPError as exc:
                    latencies.append(time.perf_counter() - t)
                    errors.append(repr(exc))
                    cursor = None
                if cursor is None:
                    j += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(client(k) for k in range(clients)))
        wall = time.perf_counter() - t0
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else float("nan")

    return {"requests": len(lat), "errors": len(errors), "error_samples": errors[:5],
            "wall_s": round(wall, 2), "rps": round(len(lat) / wall, 1) if wall else 0.0,
            "p50_ms": pct(0.50), "p90_ms": pct(0.90), "p99_ms": pct(0.99),
            "max_ms": round(1000 * lat[-1], 1) if lat else float("nan")}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=5000, help="total requests (bound)")
    ap.add_argument("--max-seconds", type=float, default=120, help="time bound of the load phase")
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "flashpoint_bench_api.duckdb",
                    help="store to build (or reuse when it holds --events events)")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results_api.json"))
    args = ap.parse_args()

    build_s = None
    if not args.db.exists() or stored_events(args.db) != args.events:
        print(f"building a store of {args.events:,} events in {args.db} …", flush=True)
        build_s = build_store(args.db, args.events)
        print(f"built in {build_s:.1f} s", flush=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(args.db), str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        asyncio.run(run_load(url, min(args.clients, 10), 100, 30))  # warm-up, not counted
        serial = asyncio.run(run_load(url, 1, 200, 30))  # one client: the service time alone
        result = asyncio.run(run_load(url, args.clients, args.requests, args.max_seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["serial_one_client"] = {k: serial[k] for k in ("requests", "errors", "p50_ms", "p99_ms", "rps")}
    result.update({"events": args.events, "clients": args.clients, "build_s": build_s,
                   "cpus": os.cpu_count(), "machine": platform.platform(),
                   "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
                   "target": "p99 < 300 ms, 0 errors",
                   "met": result["errors"] == 0 and result["p99_ms"] < 300})  # fmt: skip
    print(json.dumps(result, indent=2))
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
