"""Code a corpus on Dask distributed: one task per partition, results as Parquet, then one bulk
load into the store.

* Each worker process builds the pipeline once (a module-level cache keyed by the options) and
  reuses it for every partition it is given.
* A partition's output is written to ``part-<key>.parquet.tmp`` and renamed when complete, so a
  file named ``part-<key>.parquet`` is always whole; a rerun skips those partitions.
* The store is written only by this (the client) process: DuckDB allows one writer per file.
  ``Store.add`` skips articles already stored, so loading twice stores nothing twice.
"""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from flashpoint.errors import FlashpointError, InputError
from flashpoint.ingest.outcome import Rejected
from flashpoint.scale.partitions import Partition, plan_partitions, read_partition
from flashpoint.scale.records import rows_to_table, table_to_rows
from flashpoint.store import Store

log = logging.getLogger("flashpoint.scale")

_PIPELINES: dict[tuple[tuple[str, Any], ...], Any] = {}  # per worker process: options -> Pipeline


def _pipeline(options: dict[str, Any]) -> Any:
    key = tuple(sorted((k, str(v)) for k, v in options.items()))
    if key not in _PIPELINES:
        from flashpoint.pipeline import Pipeline

        _PIPELINES[key] = Pipeline(**options, n_process=1)
    return _PIPELINES[key]


@dataclass(frozen=True)
class PartitionDone:
    """What one task did (``skipped``: its output existed already)."""

    key: str
    output: str
    articles: int
    events: int
    rejected: int
    seconds: float
    skipped: bool


def output_path(out_dir: str | Path, part: Partition) -> Path:
    return Path(out_dir) / f"part-{part.key}.parquet"


def code_partition(part: Partition, out_dir: str, options: dict[str, Any]) -> PartitionDone:
    """Task body: read, code and write one partition (skipped when its output exists)."""
    out = output_path(out_dir, part)
    if out.exists():
        return PartitionDone(part.key, str(out), 0, 0, 0, 0.0, True)
    t0 = time.perf_counter()
    articles, rejections = [], []
    for outcome in read_partition(part):
        if isinstance(outcome, Rejected):
            rejections.append(outcome.error)
        else:
            articles.append(outcome)
    results = list(_pipeline(options).code_articles(articles))
    tmp = out.with_name(out.name + f".{os.getpid()}.tmp")
    pq.write_table(rows_to_table(results, rejections), tmp, compression="zstd")
    os.replace(tmp, out)  # atomic: the final name only ever holds a complete file
    return PartitionDone(part.key, str(out), len(results), sum(len(e) for _, e in results),
                         len(rejections), time.perf_counter() - t0, False)


@dataclass
class ScaleReport:
    partitions: int = 0
    partitions_skipped: int = 0  # output found from an earlier run
    articles_coded: int = 0  # in this run's tasks
    articles_loaded: int = 0  # newly added to the store
    articles_already_stored: int = 0
    events: int = 0  # in all partition outputs
    rejected: list[InputError] = field(default_factory=list)
    seconds_coding: float = 0.0  # wall time of the Dask phase
    seconds_loading: float = 0.0
    workers: int = 0

    @property
    def articles_per_s(self) -> float:
        return self.articles_coded / self.seconds_coding if self.seconds_coding else 0.0


def _client(scheduler: str | None, n_workers: int) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise FlashpointError(
            f"Dask is not installed ({exc}); install it with: pip install 'dask[distributed]'"
        ) from None
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, memory_limit=0)
    return Client(cluster), cluster


def code_corpus(
    sources: Iterable[str | Path],
    *,
    store: Store | None,
    out_dir: str | Path,
    scheduler: str | None = None,
    n_workers: int = 2,
    chunk_size: int = 500,
    pipeline_options: dict[str, Any] | None = None,
    client: Any = None,
) -> ScaleReport:
    """Code ``sources`` on Dask (a LocalCluster of ``n_workers`` processes, or the scheduler at
    ``scheduler``, or an existing ``client``), write one Parquet file per partition under
    ``out_dir`` (which every worker must be able to write: a shared file system on a real
    cluster), then load them into ``store`` in input order."""
    options = dict(pipeline_options or {})
    parts, problems = plan_partitions(sources, chunk_size=chunk_size)
    report = ScaleReport(partitions=len(parts), rejected=[p.error for p in problems])
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    out = str(Path(out_dir).resolve())
    owned = None
    if client is None:
        client, owned = _client(scheduler, n_workers)
    try:
        report.workers = len(client.scheduler_info().get("workers", {}))
        t0 = time.perf_counter()
        futures = client.map(code_partition, parts, out_dir=out, options=options, pure=False)
        done: list[PartitionDone] = client.gather(futures)
        report.seconds_coding = time.perf_counter() - t0
    finally:
        if owned is not None:
            client.close()
            owned.close()
    for d in done:
        report.partitions_skipped += d.skipped
        report.articles_coded += d.articles
    t1 = time.perf_counter()
    for part in parts:
        results, rejections = table_to_rows(pq.read_table(output_path(out, part)))
        report.events += sum(len(e) for _, e in results)
        report.rejected.extend(rejections)
        if store is not None and results:
            added = store.add(results)
            report.articles_loaded += added.articles_added
            report.articles_already_stored += added.articles_skipped_existing
    report.seconds_loading = time.perf_counter() - t1
    return report
