"""``create_app``: the FastAPI application over one store (REST API + the dashboard at ``/``).

One DuckDB database per process: the store's own connection does every write and every
:mod:`flashpoint.aggregate` call, one at a time under a lock; plain reads (events, incidents,
health) run beside it on a small pool of reader threads, one cursor each on the same database.

The pool has as many threads as there are cores: that many reads run side by side and the rest
wait their turn in arrival order (the executor's queue is FIFO) instead of dozens of threadpool
threads contending for the cores and the GIL (see benchmarks/bench_api.py for the figures).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from flashpoint.api.article_body import BodyError, article_from_body
from flashpoint.api.body_limit import BodyLimit
from flashpoint.api.cursor import BadCursor, decode_cursor, encode_cursor
from flashpoint.api.keys import check_hash, verify_key
from flashpoint.api.map_routes import router as map_router
from flashpoint.errors import FlashpointError, InputError
from flashpoint.export import FORMATS, export_events
from flashpoint.model import Article, Event
from flashpoint.store import Store
from flashpoint.store import api_queries as q
from flashpoint.store.page_index import PageIndex, PayloadCache
from flashpoint.web import STATIC_DIR

KEY_HEADER = "X-API-Key"
EXPORT_MAX = 1_000_000
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson", "csv": "text/csv", "gdelt": "text/tab-separated-values",
    "plover": "application/json", "parquet": "application/vnd.apache.parquet",
}  # fmt: skip
SUFFIX = {"jsonl": "jsonl", "csv": "csv", "gdelt": "tsv", "plover": "json", "parquet": "parquet"}
T = TypeVar("T")


def default_read_threads() -> int:
    """Reader threads of a server: one per core (at least 1, at most 8)."""
    return max(1, min(8, os.cpu_count() or 1))


class _Service:
    """What the routes share: the store, its write lock, per-thread read cursors, the pipeline."""

    def __init__(self, db: Path, key_hash: str | None, read_key_required: bool,
                 pipeline: Any, read_threads: int, page_index: bool = True,
                 payload_cache_mb: int = 64) -> None:  # fmt: skip
        self.store = Store(db)
        self.write_lock = threading.Lock()  # the store's own connection: writes + aggregate
        self.code_lock = threading.Lock()  # the spaCy pipeline is not thread-safe
        self.key_hash = key_hash
        self.read_key_required = read_key_required
        self._pipeline = pipeline
        self._verified: set[str] = set()  # sha256 of keys already verified (pbkdf2 is slow)
        self._local = threading.local()
        self._cursors: list[Any] = []
        self._cursors_lock = threading.Lock()
        # reads run here, at most ``read_threads`` at once; queued ones wait in arrival order
        self.read_pool = ThreadPoolExecutor(max_workers=read_threads,
                                            thread_name_prefix="flashpoint-read")
        # GET /events pages from memory (None: from DuckDB); built now, caught up after each
        # write, rebuilt in the background when the rows added since grow large
        self.page_index: PageIndex | None = None
        self._index_lock = threading.Lock()
        self._rebuild: threading.Thread | None = None
        if page_index:
            con = q.reader(self.store)
            try:
                self.page_index = PageIndex.build(
                    con, payloads=PayloadCache(max_bytes=payload_cache_mb << 20))
            except Exception:  # serve all the same, from DuckDB
                logging.getLogger(__name__).exception("page index build failed")
            finally:
                con.close()

    def events_page(self, con: Any, query: q.EventQuery) -> q.EventPage:
        """``GET /events``: from the page index when there is one (it falls back to DuckDB for
        the queries it cannot answer), else from DuckDB."""
        index = self.page_index
        return index.page(con, query) if index is not None else q.page_events(con, query)

    def refresh_index(self) -> None:
        """Catch the page index up with the events just stored (call after each write)."""
        if self.page_index is None:
            return
        con = q.reader(self.store)
        try:
            with self._index_lock:
                self.page_index = self.page_index.refreshed(con)
                index = self.page_index
        finally:
            con.close()
        if index.delta_rows > max(50_000, index.rows // 10) and self._rebuild is None:
            self._rebuild = threading.Thread(target=self._rebuild_index, daemon=True,
                                             name="flashpoint-page-index")
            self._rebuild.start()

    def _rebuild_index(self) -> None:
        con = q.reader(self.store)
        try:
            old = self.page_index
            fresh = PageIndex.build(con, payloads=old.payloads if old is not None else None)
            with self._index_lock:  # the rows stored while it was built, then swap
                self.page_index = fresh.refreshed(con)
        except Exception:  # the current index (and its delta) keeps answering
            logging.getLogger(__name__).exception("page index rebuild failed")
        finally:
            con.close()
            self._rebuild = None

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(self.reader(), *args)`` on a reader thread, awaited from the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.read_pool, lambda: fn(self.reader(), *args))

    def reader(self) -> Any:
        con = getattr(self._local, "con", None)
        if con is None:
            con = q.reader(self.store)
            self._local.con = con
            with self._cursors_lock:
                self._cursors.append(con)
        return con

    def close(self) -> None:
        rebuild = self._rebuild
        if rebuild is not None:
            rebuild.join()
        self.read_pool.shutdown(wait=True)
        with self._cursors_lock:
            for con in self._cursors:
                con.close()
            self._cursors.clear()
        with self.write_lock:
            self.store.close()

    def key_ok(self, key: str | None) -> bool:
        if not key or self.key_hash is None:
            return False
        tag = hashlib.sha256(key.encode()).hexdigest()
        if tag in self._verified:
            return True
        if verify_key(key, self.key_hash):
            self._verified.add(tag)
            return True
        return False

    def pipeline(self) -> Any:
        if self._pipeline is None:
            from flashpoint.pipeline import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    def code_and_store(self, article: Article) -> dict[str, Any]:
        from flashpoint.aggregate import link_store

        with self.code_lock:
            events = self.pipeline().code_article(article)
        with self.write_lock:
            report = self.store.add([(article, events)])
            linked = link_store(self.store, article_ids=[article.id]) if events else None
            if report.events_added:
                self.refresh_index()
        return {
            "article": {
                "id": article.id, "record_id": article.record_id, "title": article.title,
                "url": article.url, "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
                "text": article.text,
            },
            "stored": report.articles_added == 1,
            "incidents_written": linked.incidents_written if linked else 0,
            "events": [e.to_dict() for e in events],
        }  # fmt: skip


def create_app(
    db: Path,
    *,
    api_key_hash: str | None,
    read_key_required: bool = False,
    max_body_bytes: int = 2_000_000,
    pipeline: Any = None,
    read_threads: int | None = None,
    page_index: bool = True,
    payload_cache_mb: int = 64,
) -> FastAPI:
    """The API over the store at ``db`` (created if missing). Writes need the key whose hash is
    ``api_key_hash`` in header ``X-API-Key`` (None: writes refused); reads too when
    ``read_key_required``. ``pipeline``: a :class:`flashpoint.pipeline.Pipeline` to code with
    (default: the process-wide one, loaded on the first POST). ``read_threads``: how many reads
    run at once (default :func:`default_read_threads`, one per core); the others queue.
    ``page_index``: answer ``GET /events`` from an in-memory index built at start
    (:class:`flashpoint.store.page_index.PageIndex`, ~3 s and ~110 MB at 1M events) instead of
    DuckDB scans, with up to ``payload_cache_mb`` of recently served event payloads (0: none)."""
    if api_key_hash is not None:
        api_key_hash = check_hash(api_key_hash)
    if read_key_required and api_key_hash is None:
        raise InputError("read_key_required", "reads cannot require a key when none is configured")
    if read_threads is not None and read_threads < 1:
        raise InputError("read_threads", f"must be at least 1 (got {read_threads})")
    svc = _Service(Path(db), api_key_hash, read_key_required, pipeline,
                   read_threads or default_read_threads(), page_index, payload_cache_mb)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        svc.close()

    app = FastAPI(
        title="flashpoint",
        description="Political events coded from news text: who did what to whom, where, when, "
        "according to whom, and how sure.",
        lifespan=lifespan,
    )
    app.state.service = svc
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    _install_error_handlers(app)

    def need_write_key(request: Request) -> None:
        if svc.key_hash is None:
            raise HTTPException(403, "this server accepts no writes: it was started without an "
                                "API key (see `flashpoint serve --help`, --api-key-file)")
        if not svc.key_ok(request.headers.get(KEY_HEADER)):
            raise HTTPException(401, f"a valid API key is required in the {KEY_HEADER} header",
                                headers={"WWW-Authenticate": "ApiKey"})

    def need_read_key(request: Request) -> None:
        if svc.read_key_required and not svc.key_ok(request.headers.get(KEY_HEADER)):
            raise HTTPException(401, f"this server requires an API key in the {KEY_HEADER} "
                                "header for reads too", headers={"WWW-Authenticate": "ApiKey"})

    read = [Depends(need_read_key)]

    # -- dashboard ---------------------------------------------------------------------------
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(map_router)  # GET /map/boundaries: static, open like /static

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    # -- writes ------------------------------------------------------------------------------
    @app.post("/articles", status_code=201, dependencies=[Depends(need_write_key)],
              summary="Code an article and store it; returns its events")
    async def post_article(request: Request) -> dict[str, Any]:
        """Body: plain text (``text/plain``; the RSS-item form with a title line and a
        ``Source: URL`` line works) or JSON ``{"title", "text", "url", "published", "outlet"}``.
        Storing is idempotent: the same text twice is stored once (``stored`` false)."""
        body = await request.body()
        try:
            article = article_from_body(body, request.headers.get("content-type", ""))
        except BodyError as exc:
            raise HTTPException(exc.status, str(exc)) from exc
        return await run_in_threadpool(svc.code_and_store, article)

    # -- reads -------------------------------------------------------------------------------
    @app.get("/health", summary="Liveness and store counts")
    async def health() -> dict[str, Any]:
        index = svc.page_index
        return {"status": "ok", "store": str(svc.store.path),
                "counts": await svc.read(q.table_counts),
                "writes": svc.key_hash is not None, "read_key_required": svc.read_key_required,
                "page_index": None if index is None else {
                    "rows": index.rows, "delta_rows": index.delta_rows, "bytes": index.nbytes,
                    "payload_cache_bytes": index.payloads.bytes}}

    @app.get("/vocab", dependencies=read, summary="Event types and the modalities in the store")
    async def vocab() -> dict[str, Any]:
        return {"event_types": _plover_types(),
                "modalities": await svc.read(q.distinct_modalities)}

    @app.get("/events", dependencies=read, summary="Events, filtered, sorted, cursor-paginated")
    async def list_events(
        date_from: Annotated[date | None, Query(description="First event date (inclusive), YYYY-MM-DD.")] = None,
        date_to: Annotated[date | None, Query(description="Last event date (inclusive).")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="Actor id, or words of the source/target text.")] = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="Source or target country (ISO alpha-3).")] = None,
        dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$", description="Two countries, e.g. IRN-USA.")] = None,
        directed: Annotated[bool, Query(description="Dyad as source-target only.")] = False,
        type: Annotated[str | None, Query(max_length=40, description="PLOVER event type, e.g. ASSAULT.")] = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
        modality: Annotated[str | None, Query(max_length=20, description="asserted, reported, future, …")] = None,
        background: Annotated[bool | None, Query(description="true: context events only; false: news only.")] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        located: Annotated[bool | None, Query(description="true: with coordinates only.")] = None,
        sort: Annotated[str, Query(pattern=r"^-?(date|confidence|goldstein)$", description="date, confidence or goldstein; '-' first for descending.")] = "-date",
        limit: Annotated[int, Query(ge=1, le=q.MAX_PAGE)] = 50,
        cursor: Annotated[str | None, Query(max_length=500, description="next_cursor of the previous page.")] = None,
    ) -> Response:
        query = q.EventQuery(
            date_from=date_from, date_to=date_to, actor=actor,
            country=country.upper() if country else None,
            dyad=_dyad(dyad), directed=directed, event_type=type.upper() if type else None,
            quad_class=quad_class, modality=modality.lower() if modality else None,
            background=background, outlet=outlet, located=located,
            sort=sort.lstrip("-"), descending=sort.startswith("-"), limit=limit,
            after=_after(cursor, sort),
        )  # fmt: skip
        page = await svc.read(svc.events_page, query)
        nxt = encode_cursor(sort, page.next_after) if page.next_after else None
        # the stored payloads are Event.to_dict() JSON already: pass them through unparsed
        body = ('{"events":[' + ",".join(page.payloads) + '],"next_cursor":'
                + json.dumps(nxt) + ',"count":' + str(len(page.payloads)) + "}")
        return Response(body, media_type="application/json")

    @app.get("/events/{event_id}", dependencies=read,
             summary="One event with its evidence spans, attribution, article and incident")
    async def get_event(event_id: str) -> dict[str, Any]:
        found = await svc.read(q.event_detail, event_id)
        if found is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return found

    @app.get("/articles/{article_id}", dependencies=read, summary="An article's text and events")
    async def get_article(article_id: str) -> dict[str, Any]:
        text = await svc.read(q.article_text, article_id)
        if text is None:
            raise HTTPException(404, f"no article with id {article_id!r} (give the content hash)")
        events = await svc.read(q.page_events, _article_query(article_id))
        return {"id": article_id, "text": text, "events": [json.loads(p) for p in events.payloads]}

    @app.get("/incidents", dependencies=read, summary="Incidents, most reported first")
    async def list_incidents(
        dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$")] = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
        type: Annotated[str | None, Query(max_length=40)] = None,
        date_from: date | None = None,
        date_to: date | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> dict[str, Any]:
        rows = await svc.read(lambda con: q.list_incidents(
            con, dyad=_dyad(dyad), country=country.upper() if country else None,
            event_type=type.upper() if type else None, date_from=date_from, date_to=date_to,
            limit=limit, offset=offset))  # fmt: skip
        return {"incidents": rows, "count": len(rows)}

    @app.get("/incidents/{incident_id}", dependencies=read,
             summary="One incident with its readings, events, articles and outlets")
    async def get_incident(incident_id: str) -> dict[str, Any]:
        found = await svc.read(q.incident_detail, incident_id)
        if found is None:
            raise HTTPException(404, f"no incident with id {incident_id!r}")
        return found

    @app.get("/series", dependencies=read, summary="Incident series by day or week")
    def get_series(
        dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$")] = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
        type: Annotated[str | None, Query(max_length=40)] = None,
        by: Annotated[str, Query(pattern=r"^(day|week)$")] = "day",
        directed: bool = False,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> dict[str, Any]:
        from flashpoint.aggregate.series import series

        with svc.write_lock:
            frame = series(svc.store, dyad=_dyad(dyad), country=country, event_type=type, by=by,
                           directed=directed, date_from=date_from, date_to=date_to)  # fmt: skip
        return {"by": by, "rows": _rows(frame.to_dicts())}

    @app.get("/alerts", dependencies=read, summary="Escalation alerts with the incidents behind them")
    def get_alerts(
        dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$")] = None,
        by: Annotated[str, Query(pattern=r"^(day|week)$")] = "day",
        min_incidents: Annotated[int, Query(ge=1, le=100_000)] = 10,
        both: Annotated[bool, Query(description="De-escalations too.")] = False,
    ) -> dict[str, Any]:
        from flashpoint.aggregate.alerts import alerts, dyad_alerts

        with svc.write_lock:
            if dyad is not None:
                frame = dyad_alerts(svc.store, _dyad(dyad), by=by)  # type: ignore[arg-type]
                if not both:
                    frame = frame.filter(frame["direction"] == "up")
            else:
                frame = alerts(svc.store, by=by, min_incidents=min_incidents,
                               direction=None if both else "up")
        return {"alerts": _rows(frame.to_dicts())}

    @app.get("/export", dependencies=read, summary="Events as a file, streamed",
             response_class=StreamingResponse)
    def export(
        format: Annotated[str, Query(description=f"One of {', '.join(FORMATS)}.")],
        date_from: date | None = None,
        date_to: date | None = None,
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
        dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$")] = None,
        type: Annotated[str | None, Query(max_length=40)] = None,
        modality: Annotated[str | None, Query(max_length=20)] = None,
        background: bool | None = None,
        limit: Annotated[int, Query(ge=1, le=EXPORT_MAX)] = 100_000,
    ) -> StreamingResponse:
        fmt = format.lower()
        if fmt not in FORMATS:
            raise HTTPException(422, f"format {format!r} is not supported; use one of "
                                f"{', '.join(FORMATS)}")
        query = q.EventQuery(
            date_from=date_from, date_to=date_to, country=country.upper() if country else None,
            dyad=_dyad(dyad), event_type=type.upper() if type else None,
            modality=modality.lower() if modality else None, background=background,
            sort="date", descending=False, limit=q.MAX_PAGE)  # fmt: skip
        events = list(_iter_events(svc.reader(), query, limit))
        articles = {}
        ids = sorted({e.article_id for e in events})
        if ids:
            with svc.write_lock:
                articles = svc.store.articles(ids)
        tmp = Path(tempfile.mkdtemp(prefix="flashpoint-export-"))
        path = tmp / f"events.{SUFFIX[fmt]}"
        try:
            n = export_events(events, fmt, path, articles=articles)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return StreamingResponse(
            _stream_then_delete(path, tmp), media_type=MEDIA_TYPES.get(fmt),
            headers={"Content-Disposition": f'attachment; filename="{path.name}"',
                     "X-Events": str(n)})  # fmt: skip

    return app


def _plover_types() -> list[dict[str, Any]]:
    import csv

    from flashpoint.resources import resource_path

    with resource_path("tables", "plover_types.csv").open(encoding="utf-8", newline="") as fh:
        return [{"type": r["type"], "quad_class": int(r["quad_class"])} for r in csv.DictReader(fh)]


def _iter_events(con: Any, query: q.EventQuery, limit: int) -> Iterator[Event]:
    seen = 0
    after = None
    while seen < limit:
        page = q.page_events(con, _with(query, after=after, limit=min(q.MAX_PAGE, limit - seen)))
        for payload in page.payloads:
            yield Event.from_dict(json.loads(payload))
        seen += len(page.payloads)
        if page.next_after is None:
            return
        after = page.next_after


def _with(query: q.EventQuery, **changes: Any) -> q.EventQuery:
    return replace(query, **changes)


def _article_query(article_id: str) -> q.EventQuery:
    return q.EventQuery(article_id=article_id, sort="position", descending=False, limit=q.MAX_PAGE)


def _stream_then_delete(path: Path, tmp: Path, chunk: int = 1 << 16) -> Iterator[bytes]:
    try:
        with path.open("rb") as fh:
            while block := fh.read(chunk):
                yield block
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _dyad(dyad: str | None) -> tuple[str, str] | None:
    if dyad is None:
        return None
    a, b = dyad.upper().split("-")
    return a, b


def _after(cursor: str | None, sort: str) -> tuple[Any, str] | None:
    if cursor is None:
        return None
    try:
        return decode_cursor(cursor, sort)
    except BadCursor as exc:
        raise HTTPException(400, f"query parameter 'cursor': {exc}") from exc


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in rows]


def _install_error_handlers(app: FastAPI) -> None:
    """Every error answers ``{"error": "<message for a person>"}`` with a 4xx/5xx status."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_explain(e) for e in exc.errors()]
        return JSONResponse({"error": "; ".join(problems), "problems": problems}, status_code=422)

    @app.exception_handler(FlashpointError)
    async def flashpoint_error(request: Request, exc: FlashpointError) -> JSONResponse:
        status = 400 if isinstance(exc, InputError) else 500
        return JSONResponse({"error": str(exc)}, status_code=status)


def _explain(err: dict[str, Any]) -> str:
    loc = [str(x) for x in err.get("loc", ())]
    where = {"query": "query parameter", "path": "path parameter", "header": "header",
             "body": "body"}.get(loc[0], loc[0]) if loc else "request"  # fmt: skip
    name = ".".join(loc[1:])
    got = err.get("input")
    msg = err.get("msg", "is not valid")
    ctx = err.get("ctx") or {}
    if err.get("type") == "string_pattern_mismatch":
        hints = {"dyad": "two ISO alpha-3 country codes joined by '-', e.g. IRN-USA",
                 "country": "an ISO alpha-3 country code, e.g. IRN",
                 "sort": "date, confidence or goldstein, with '-' first for descending",
                 "by": "day or week"}  # fmt: skip
        msg = f"must be {hints.get(name, 'of the form ' + str(ctx.get('pattern')))}"
    elif err.get("type") == "missing":
        return f"{where} '{name}' is required"
    return f"{where} '{name}': {msg} (got {got!r})"
