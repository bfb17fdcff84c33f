"""``PageIndex``: an in-memory columnar index of the events table that answers ``GET /events``
pages (:func:`flashpoint.store.api_queries.page_events`) without a DuckDB scan.

What it holds, per *segment* of rows (numpy arrays, one entry per event):

* the filter columns, categorical ones (event type, modality, countries, actor ids, the
  DuckDB-``lower()``-ed source/target texts, the article's outlet) as small integer codes with
  their dictionaries (code 0 is NULL), quad class, ``coalesce(background, false)``, "located";
* the sort columns: date as int32 days since 1970, confidence and goldstein as float64 (the
  stored DOUBLEs, so cursor keys compare exactly as in SQL), the event id (bytes), the rowid;
* for each sort (date, confidence, goldstein) the rows in ascending ``(key, id)`` order with the
  NULL keys after them by id (``perm``), and its inverse (``rank``). A descending page walks the
  same array backwards, NULLs still last: the order of ``ORDER BY k DESC NULLS LAST, id DESC``.

A query becomes a start position in that order (the cursor, found by binary search on key then
id; a date range on a date sort narrows the positions too) and a row mask; the first ``limit+1``
matching positions are collected by testing chunks of positions with numpy (chunks that grow,
and, once a walk runs long, a mask over the whole segment gathered by position). A date range on
another sort with few rows in it is answered from those rows instead (filtered, then ordered by
``rank``). The page's payloads then come from a :class:`PayloadCache` (most recently used
payloads, 64 MB by default: pages of the newest events repeat) or from DuckDB by rowid (a
semi-join on ``rowid``: 1.5-3 ms for 51 rows at 1M events against 3-4 ms by ``id IN (…)``;
checked against the ids, and read by id should a rowid no longer match).

Measured at 1M events (benchmarks/bench_api.py store, 2 cores): built in 2.2-2.6 s, 113 MB of
arrays; a page's rows in 0.2 ms median (0.4 ms mean, 4 ms p99 over the bench's query mix).

Freshness: the events table only grows (``Store.add`` appends; nothing updates or deletes
events). The index records the largest rowid it holds; :meth:`PageIndex.refreshed` reads the rows
appended since into a small second segment (rebuilt whole each time), and a page merges the
first ``limit+1`` rows of both. When that delta grows large the owner rebuilds the index.

Queries it leaves to DuckDB (:meth:`PageIndex.answers` is False, :func:`page` falls back):
``sort="position"`` and ``article_id`` (the article route: one article's events by index), and
an ``actor`` with non-ASCII characters (its substring match on ``lower()`` text must use DuckDB's
own case folding; ASCII folds the same in Python and DuckDB). Stores with NaN confidence or
goldstein values leave that sort to DuckDB too.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flashpoint.store.api_queries import (
    EventPage,
    EventQuery,
    check_page_query,
    page_events,
    payloads_by_id,
)

INDEXED_SORTS = ("date", "confidence", "goldstein")
_EPOCH = date(1970, 1, 1)
_NO_DATE = np.iinfo(np.int32).min  # the date of rows without one (never inside a date range)
_FIRST_CHUNK = 256
_MAX_CHUNK = 1 << 18
_FULL_MASK_AFTER = 1 << 16  # positions walked before the mask is computed over the whole segment

_COLUMNS = """
    SELECT e.rowid AS rid, e.id, CAST(e.date - DATE '1970-01-01' AS INTEGER) AS day,
           e.confidence, e.goldstein, e.event_type, e.quad_class, e.modality,
           coalesce(e.background, false) AS background,
           e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL AS located,
           e.source_country, e.target_country, e.source_actor_id, e.target_actor_id,
           lower(e.source_text) AS source_text, lower(e.target_text) AS target_text,
           a.outlet
    FROM events e LEFT JOIN articles a ON a.id = e.article_id
"""
_CATEGORIES = {  # dictionary name -> the columns coded with it
    "event_type": ("event_type",), "modality": ("modality",), "outlet": ("outlet",),
    "country": ("source_country", "target_country"),
    "actor_id": ("source_actor_id", "target_actor_id"),
    "text": ("source_text", "target_text"),
}  # fmt: skip

Mask = Callable[[Any], np.ndarray]  # rows (an index array or slice) -> bool per row


@dataclass(frozen=True)
class _Hit:
    key: Any  # the sort key as page_events returns it (date / float / None)
    id: str
    rowid: int


class _Order:
    """One sort of a segment: ``perm`` (ascending (key, id), then NULL keys by id), ``rank``
    (its inverse), the keys in ``perm`` order for binary search, ``n_keyed`` non-NULL rows."""

    def __init__(self, keys: np.ndarray, null: np.ndarray, id_rank: np.ndarray) -> None:
        keyed = np.flatnonzero(~null)
        nulls = np.flatnonzero(null)
        by_key = keyed[np.lexsort((id_rank[keyed], keys[keyed]))]
        self.perm = np.concatenate([by_key, nulls[np.argsort(id_rank[nulls])]]).astype(np.int32)
        self.rank = np.empty(len(self.perm), dtype=np.int32)
        self.rank[self.perm] = np.arange(len(self.perm), dtype=np.int32)
        self.n_keyed = len(keyed)
        self.sorted_keys = keys[by_key]

    @property
    def nbytes(self) -> int:
        return self.perm.nbytes + self.rank.nbytes + self.sorted_keys.nbytes

    def rows(self, desc: bool, a: int, b: int) -> np.ndarray:
        """Rows at positions [a, b) of the order (descending: NULL keys still last)."""
        if not desc:
            return self.perm[a:b]
        n, k = len(self.perm), self.n_keyed
        parts = []
        if a < k:  # keyed rows, walked backwards
            parts.append(self.perm[k - min(b, k): k - a][::-1])
        if b > k:  # NULL-key rows by id, backwards
            lo = max(a, k)
            parts.append(self.perm[n + k - b: n + k - lo][::-1])
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def position(self, desc: bool, rows: np.ndarray) -> np.ndarray:
        r = self.rank[rows].astype(np.int64)
        if not desc:
            return r
        n, k = len(self.perm), self.n_keyed
        return np.where(r < k, k - 1 - r, n + k - 1 - r)


class _Segment:
    """The index of one set of events (the rows present at a build, or those appended since)."""

    def __init__(self, table: pa.Table) -> None:
        self.n = table.num_rows
        self.rowid = table["rid"].to_numpy().astype(np.int64)
        ids = table["id"].to_numpy(zero_copy_only=False)
        self.ids_str = ids  # object array of str (page results)
        try:
            self.ids = ids.astype("S")
        except UnicodeEncodeError:  # byte order of UTF-8 is DuckDB's VARCHAR order
            self.ids = np.array([s.encode() for s in ids], dtype=object).astype("S")
        day = table["day"]
        self.day = pc.fill_null(day, _NO_DATE).to_numpy().astype(np.int32)
        self.day_null = pc.is_null(day).to_numpy(zero_copy_only=False)
        self.confidence = table["confidence"].to_numpy().astype(np.float64)
        gold = table["goldstein"]
        self.goldstein = pc.fill_null(gold, 0.0).to_numpy().astype(np.float64)
        self.goldstein_null = pc.is_null(gold).to_numpy(zero_copy_only=False)
        self.quad_class = table["quad_class"].to_numpy().astype(np.int64)
        self.background = table["background"].to_numpy(zero_copy_only=False).astype(bool)
        self.located = table["located"].to_numpy(zero_copy_only=False).astype(bool)
        self.codes: dict[str, np.ndarray] = {}
        self.dicts: dict[str, dict[str, int]] = {}
        self.words: dict[str, np.ndarray] = {}  # dictionary values in code order (code - 1)
        for name, cols in _CATEGORIES.items():
            values = pa.chunked_array(
                [c for col in cols for c in table[col].chunks], type=pa.string()
            ).unique().drop_null()
            words = values.to_pylist()
            lookup = pa.array(words, type=pa.string())
            self.dicts[name] = {w: i + 1 for i, w in enumerate(words)}
            self.words[name] = np.array(words, dtype=object)
            dtype = np.int8 if len(words) < 127 else np.int16 if len(words) < 32767 else np.int32
            for col in cols:
                idx = pc.fill_null(pc.index_in(table[col], value_set=lookup), -1)
                self.codes[col] = (idx.to_numpy() + 1).astype(dtype)
        id_rank = np.empty(self.n, dtype=np.int32)
        id_rank[np.argsort(self.ids, kind="stable")] = np.arange(self.n, dtype=np.int32)
        no_null = np.zeros(self.n, dtype=bool)
        self.orders: dict[str, _Order] = {}
        for sort, keys, null in (("date", self.day, self.day_null),
                                 ("confidence", self.confidence, no_null),
                                 ("goldstein", self.goldstein, self.goldstein_null)):  # fmt: skip
            if np.isnan(keys[~null]).any():  # NaN: DuckDB's ordering of it is not ours to copy
                continue
            self.orders[sort] = _Order(keys, null, id_rank)
        self.max_rowid = int(self.rowid.max()) if self.n else -1
        self._actor_cache: dict[str, np.ndarray] = {}

    @property
    def nbytes(self) -> int:
        arrays = [self.rowid, self.ids, self.day, self.day_null, self.confidence, self.goldstein,
                  self.goldstein_null, self.quad_class, self.background, self.located,
                  *self.codes.values()]  # fmt: skip
        return sum(a.nbytes for a in arrays) + sum(o.nbytes for o in self.orders.values())

    # -- filters -------------------------------------------------------------------------------
    def _code(self, name: str, value: str) -> int | None:
        return self.dicts[name].get(value)

    def masks(self, q: EventQuery, date_in_order: bool) -> list[Mask] | None:
        """The row tests of ``q`` (None: no row of this segment can match)."""
        out: list[Mask] = []
        if not date_in_order and (q.date_from is not None or q.date_to is not None):
            lo = _days(q.date_from) if q.date_from is not None else _NO_DATE + 1
            hi = _days(q.date_to) if q.date_to is not None else np.iinfo(np.int32).max
            if lo > hi:
                return None
            day = self.day
            out.append(lambda r: (day[r] >= lo) & (day[r] <= hi))
        for name, col, value in (("event_type", "event_type", q.event_type),
                                 ("modality", "modality", q.modality),
                                 ("outlet", "outlet", q.outlet)):  # fmt: skip
            if value is not None:
                code = self._code(name, value)
                if code is None:
                    return None
                out.append(_equals(self.codes[col], code))
        if q.quad_class is not None:
            quad, qc = self.quad_class, int(q.quad_class)
            out.append(lambda r: quad[r] == qc)
        if q.background is not None:
            bg, want = self.background, bool(q.background)
            out.append(lambda r: bg[r] if want else ~bg[r])
        if q.located is not None:
            loc, want_loc = self.located, bool(q.located)
            out.append(lambda r: loc[r] if want_loc else ~loc[r])
        src, tgt = self.codes["source_country"], self.codes["target_country"]
        if q.country is not None:
            c = self._code("country", q.country)
            if c is None:
                return None
            out.append(lambda r: (src[r] == c) | (tgt[r] == c))
        if q.dyad is not None:
            a, b = self._code("country", q.dyad[0]), self._code("country", q.dyad[1])
            if a is None or b is None:
                return None
            if q.directed:
                out.append(lambda r: (src[r] == a) & (tgt[r] == b))
            else:
                out.append(lambda r: ((src[r] == a) & (tgt[r] == b)) | ((src[r] == b) & (tgt[r] == a)))
        if q.actor is not None:
            out.append(self._actor_mask(q.actor))
        return out

    def _actor_mask(self, actor: str) -> Mask:
        """``source/target_actor_id = actor OR contains(lower(source/target_text), lower(actor))``
        as one lookup table over the text codes plus the id codes (ASCII ``actor`` only)."""
        hit = self._actor_cache.get(actor)
        if hit is None:
            words = self.words["text"]
            hit = np.zeros(len(words) + 1, dtype=bool)  # code 0: NULL text, never contains
            if len(words):
                found = np.strings.find(words.astype(str), actor.lower()) >= 0
                hit[1:] = found
            if len(self._actor_cache) > 256:
                self._actor_cache.clear()
            self._actor_cache[actor] = hit
        st, tt = self.codes["source_text"], self.codes["target_text"]
        sa, ta = self.codes["source_actor_id"], self.codes["target_actor_id"]
        code = self._code("actor_id", actor)
        few = np.flatnonzero(hit).tolist() if hit.sum() <= 6 else None

        def mask(r: Any) -> np.ndarray:
            s, t = st[r], tt[r]
            if few is not None and isinstance(r, slice):  # whole columns: compares beat lookups
                out = np.zeros(len(s), dtype=bool)
                for c in few:
                    out |= (s == c) | (t == c)
            else:
                out = hit[s] | hit[t]
            if code is not None:
                out |= (sa[r] == code) | (ta[r] == code)
            return out

        return mask

    # -- pages ---------------------------------------------------------------------------------
    def first(self, q: EventQuery) -> list[_Hit]:
        """The first ``q.limit + 1`` rows of this segment matching ``q`` after its cursor."""
        order = self.orders[q.sort]
        desc = q.descending
        by_date = q.sort == "date"
        masks = self.masks(q, date_in_order=by_date)
        if masks is None or self.n == 0:
            return []
        want = q.limit + 1
        start, end = self._cursor_start(order, q), self.n
        if by_date and (q.date_from is not None or q.date_to is not None):
            lo, hi = self._date_band(order, q)
            a, b = (order.n_keyed - hi, order.n_keyed - lo) if desc else (lo, hi)
            start, end = max(start, a), b
        elif q.date_from is not None or q.date_to is not None:
            band = self._date_rows(q)
            if band is not None and len(band) <= want * self.n / max(1, len(band)):
                return self._hits(q, self._from_band(order, band, masks, start, desc, want))
        return self._hits(q, self._walk(order, desc, start, end, masks, want))

    def _walk(self, order: _Order, desc: bool, start: int, end: int, masks: list[Mask],
              want: int) -> np.ndarray:  # fmt: skip
        found: list[np.ndarray] = []
        n_found = 0
        pos, size = start, max(_FIRST_CHUNK, 4 * want)
        while pos < end and n_found < want:
            walked = pos - start
            # the walk left, at the rate rows matched so far (a whole-segment test costs
            # about as much as walking a tenth of it)
            ahead = (want - n_found) * walked / max(n_found, 0.5)
            if masks and walked and (walked >= _FULL_MASK_AFTER or ahead > self.n / 8):
                # a long walk (few rows match): test every row at once, then order the
                # matching ones after ``pos`` by their position
                rows = np.flatnonzero(_all(masks, slice(None)))
                at = order.position(desc, rows)
                keep = (at >= pos) & (at < end)
                rest = self._smallest(rows[keep], at[keep], want - n_found)
                found.append(rest)
                break
            b = min(end, pos + size)
            rows = order.rows(desc, pos, b)
            hits = rows[_all(masks, rows)] if masks else rows
            found.append(hits[: want - n_found])
            n_found += len(found[-1])
            pos, size = b, min(_MAX_CHUNK, size * 4)
        return np.concatenate(found) if found else np.empty(0, dtype=np.int32)

    @staticmethod
    def _smallest(rows: np.ndarray, at: np.ndarray, want: int) -> np.ndarray:
        """The ``want`` rows of smallest position ``at``, in that order."""
        if len(rows) > want:
            part = np.argpartition(at, want - 1)[:want]
            rows, at = rows[part], at[part]
        return rows[np.argsort(at)]

    def _from_band(self, order: _Order, band: np.ndarray, masks: list[Mask], start: int,
                   desc: bool, want: int) -> np.ndarray:  # fmt: skip
        """The first ``want`` rows at or after ``start`` among ``band`` (a few rows)."""
        rows = band[_all(masks, band)] if masks else band
        pos = order.position(desc, rows)
        keep = pos >= start
        return self._smallest(rows[keep], pos[keep], want)

    def _date_band(self, order: _Order, q: EventQuery) -> tuple[int, int]:
        """Ascending positions [lo, hi) of the date order with a date inside ``q``'s range."""
        keys = order.sorted_keys
        # the value in the keys' own dtype: else numpy converts the whole array first
        lo = 0 if q.date_from is None else int(
            np.searchsorted(keys, np.int32(_days(q.date_from)), "left"))
        hi = order.n_keyed if q.date_to is None else int(
            np.searchsorted(keys, np.int32(_days(q.date_to)), "right"))
        return lo, max(lo, hi)

    def _date_rows(self, q: EventQuery) -> np.ndarray | None:
        dates = self.orders.get("date")
        if dates is None:
            return None
        lo, hi = self._date_band(dates, q)
        return dates.perm[lo:hi]

    def _cursor_start(self, order: _Order, q: EventQuery) -> int:
        """The first position (in ``q``'s direction) after the cursor's row."""
        if q.after is None:
            return 0
        last, last_id = q.after
        bid = last_id.encode()
        n, k = self.n, order.n_keyed
        perm, ids = order.perm, self.ids
        if last is None:  # among the NULL keys: by id
            side = "left" if q.descending else "right"
            j = _bisect(lambda i: ids[perm[i]], bid, k, n, side)
            return n - j + k if q.descending else j  # asc j: ids after; desc: n+k-j rows before
        key = np.int32(_days(last)) if q.sort == "date" else np.float64(last)
        keys = order.sorted_keys
        lo = int(np.searchsorted(keys, key, "left"))
        hi = int(np.searchsorted(keys, key, "right"))
        if q.descending:  # rows with (k, id) < (last, last_id): ascending positions < j
            j = _bisect(lambda i: ids[perm[i]], bid, lo, hi, "left")
            return k - j
        return _bisect(lambda i: ids[perm[i]], bid, lo, hi, "right")

    def _hits(self, q: EventQuery, rows: np.ndarray) -> list[_Hit]:
        if q.sort == "date":
            epoch = _EPOCH.toordinal()
            keys: list[Any] = [None if null else date.fromordinal(epoch + d) for d, null in
                               zip(self.day[rows].tolist(), self.day_null[rows].tolist())]
        elif q.sort == "confidence":
            keys = self.confidence[rows].tolist()
        else:
            keys = [None if null else k for k, null in
                    zip(self.goldstein[rows].tolist(), self.goldstein_null[rows].tolist())]
        return [_Hit(k, i, r) for k, i, r in
                zip(keys, self.ids_str[rows].tolist(), self.rowid[rows].tolist())]


class PageIndex:
    """The events table's filter and sort columns in memory, for pages of ``GET /events``.

    >>> index = PageIndex.build(con)            # ~3 s and ~100 MB at 1M events
    >>> page = index.page(con, EventQuery(country="IRN", sort="confidence"))
    >>> index = index.refreshed(con)            # after events were added to the store
    """

    def __init__(self, main: _Segment, delta: _Segment, build_s: float,
                 payloads: PayloadCache) -> None:  # fmt: skip
        self._main = main
        self._delta = delta
        self.build_s = build_s
        self.payloads = payloads

    @classmethod
    def build(cls, con: duckdb.DuckDBPyConnection, *,
              payloads: PayloadCache | None = None) -> PageIndex:  # fmt: skip
        """Index every event stored (``con``: a connection or cursor on the store's database).
        ``payloads``: the cache of page payloads to use (default: a new one of 64 MB)."""
        t0 = time.perf_counter()
        main = _Segment(_read(con, -1))
        empty = _Segment(_read(con, main.max_rowid, empty=True))
        return cls(main, empty, time.perf_counter() - t0, payloads or PayloadCache())

    def refreshed(self, con: duckdb.DuckDBPyConnection) -> PageIndex:
        """This index plus the events stored since it was built (a new object; this one is
        unchanged). Rebuilds the whole index when the rows do not add up (never expected:
        the events table only grows)."""
        con.execute("BEGIN TRANSACTION")  # one snapshot for the new rows and the count
        try:
            delta = _Segment(_read(con, self._main.max_rowid))
            stored = int(con.execute("SELECT count(*) FROM events").fetchall()[0][0])
        finally:
            con.execute("ROLLBACK")
        if self._main.n + delta.n != stored:
            return PageIndex.build(con, payloads=self.payloads)
        return PageIndex(self._main, delta, self.build_s, self.payloads)

    @property
    def rows(self) -> int:
        """Events indexed (built and appended since)."""
        return self._main.n + self._delta.n

    @property
    def delta_rows(self) -> int:
        """Events appended since the build (answered from the small second segment)."""
        return self._delta.n

    @property
    def nbytes(self) -> int:
        """Bytes of the index's arrays (dictionaries of the categorical columns left out)."""
        return self._main.nbytes + self._delta.nbytes

    def answers(self, q: EventQuery) -> bool:
        """Whether the index answers ``q`` itself (else :meth:`page` asks DuckDB)."""
        if q.sort not in INDEXED_SORTS or q.article_id is not None:
            return False
        if q.actor is not None and not q.actor.isascii():
            return False
        return all(q.sort in seg.orders for seg in (self._main, self._delta))

    def page(self, con: duckdb.DuckDBPyConnection, q: EventQuery) -> EventPage:
        """The page :func:`~flashpoint.store.api_queries.page_events` returns for ``q``, the
        same rows and cursor; payloads read from DuckDB by rowid."""
        check_page_query(q)
        if not self.answers(q):
            return page_events(con, q)
        hits = self._main.first(q)
        if self._delta.n:
            hits = _merge(hits, self._delta.first(q), q.descending)[: q.limit + 1]
        more = len(hits) > q.limit
        hits = hits[: q.limit]
        nxt = (hits[-1].key, hits[-1].id) if more and hits else None
        return EventPage(_payloads(con, hits, self.payloads), nxt)


def _read(con: duckdb.DuckDBPyConnection, after_rowid: int, *, empty: bool = False) -> pa.Table:
    if empty:
        where, params = " WHERE false", []
    elif after_rowid >= 0:
        where, params = " WHERE e.rowid > ?", [after_rowid]
    else:
        where, params = "", []
    return con.sql(_COLUMNS + where, params=params).to_arrow_table()


class PayloadCache:
    """Stored payloads by rowid, the most recently used kept up to ``max_bytes`` of text
    (payloads never change: events are only appended). Thread-safe."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, hits: list[_Hit]) -> dict[int, str]:
        found: dict[int, str] = {}
        with self._lock:
            for h in hits:
                got = self._items.get(h.rowid)
                if got is not None and got[0] == h.id:
                    self._items.move_to_end(h.rowid)
                    found[h.rowid] = got[1]
            self.hits += len(found)
            self.misses += len(hits) - len(found)
        return found

    def put(self, rows: list[tuple[int, str, str]]) -> None:
        if self.max_bytes <= 0:
            return
        with self._lock:
            for rowid, event_id, payload in rows:
                old = self._items.pop(rowid, None)
                if old is not None:
                    self.bytes -= len(old[1])
                self._items[rowid] = (event_id, payload)
                self.bytes += len(payload)
            while self.bytes > self.max_bytes and self._items:
                _, (_, gone) = self._items.popitem(last=False)
                self.bytes -= len(gone)


def _payloads(con: duckdb.DuckDBPyConnection, hits: list[_Hit], cache: PayloadCache) -> list[str]:
    """Payloads of the hits, in order: from the cache, else by rowid (one pass over the row
    groups they sit in, the fastest lookup measured), checked against the ids; by id when a
    rowid does not match."""
    if not hits:
        return []
    found = cache.get(hits)
    missing = sorted({h.rowid for h in hits if h.rowid not in found})
    if missing:
        rows = con.execute("SELECT rowid, id, payload FROM events "
                           "WHERE rowid IN (SELECT unnest(?::BIGINT[]))", [missing]).fetchall()
        cache.put(rows)
        found.update((r[0], r[2]) for r in rows)
        ids = {r[0]: r[1] for r in rows}
        if any(ids.get(h.rowid, h.id) != h.id or h.rowid not in found for h in hits):
            return payloads_by_id(con, [x.id for x in hits])
    return [found[h.rowid] for h in hits]


def _merge(a: list[_Hit], b: list[_Hit], desc: bool) -> list[_Hit]:
    """Two pages' rows in one order: keyed rows by (key, id), then NULL keys by id."""
    keyed = sorted((h for h in a + b if h.key is not None), key=lambda h: (h.key, h.id.encode()),
                   reverse=desc)  # fmt: skip
    nulls = sorted((h for h in a + b if h.key is None), key=lambda h: h.id.encode(), reverse=desc)
    return keyed + nulls


def _equals(codes: np.ndarray, code: int) -> Mask:
    return lambda r: codes[r] == code


def _all(masks: list[Mask], rows: Any) -> np.ndarray:
    keep = masks[0](rows)
    if isinstance(rows, slice):  # a view of a column, maybe: never write into it
        keep = keep.copy()
    for m in masks[1:]:
        keep &= m(rows)
    return keep


def _days(d: date) -> int:
    return (d - _EPOCH).days


def _bisect(key: Callable[[int], Any], x: Any, lo: int, hi: int, side: str) -> int:
    """First i in [lo, hi) with key(i) >= x (side 'left') or > x ('right'); key ascending."""
    while lo < hi:
        mid = (lo + hi) // 2
        k = key(mid)
        if k < x or (side == "right" and k == x):
            lo = mid + 1
        else:
            hi = mid
    return lo
