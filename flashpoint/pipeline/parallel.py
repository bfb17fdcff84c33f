"""Whole-pipeline worker processes: each worker loads spaCy, the lexicon and the knowledge base
once and codes chunks of articles end to end; the parent only feeds chunks and collects events.

With ``nlp.pipe(n_process=N)`` only spaCy runs in the workers and coding/resolution stay in the
parent, which then becomes the bottleneck on a 2-core machine; here all of it is parallel.
Results come back in input order. Workers are started with "spawn" (no fork of a parent that
may hold DuckDB or other threads).
"""
from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from flashpoint.model import Article, Event

_worker: Any = None  # the worker process's own Pipeline (module global: one per process)


def _init(options: dict[str, Any]) -> None:
    global _worker
    from flashpoint.pipeline.runner import Pipeline

    _worker = Pipeline(**options, n_process=1)


def _code_chunk(articles: list[Article]) -> tuple[list[tuple[Article, list[Event]]], dict[str, float]]:
    before = dict(_worker.timings)
    results = list(_worker.code_articles(articles))
    spent = {k: _worker.timings[k] - before.get(k, 0.0) for k in _worker.timings}
    return results, spent


def code_in_workers(articles: Iterable[Article], *, n_process: int, chunk_size: int,
                    options: dict[str, Any], timings: dict[str, float]
                    ) -> Iterator[tuple[Article, list[Event]]]:
    """Code ``articles`` in ``n_process`` workers, in order; add the workers' stage times to
    ``timings`` (summed over workers: CPU-seconds, not wall time)."""
    it = iter(articles)
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=ctx, initializer=_init,
                             initargs=(options,)) as pool:
        pending: deque[Future] = deque()
        while True:
            while len(pending) < 2 * n_process:
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    break
                pending.append(pool.submit(_code_chunk, chunk))
            if not pending:
                return
            results, spent = pending.popleft().result()
            for k, v in spent.items():
                timings[k] = timings.get(k, 0.0) + v
            yield from results
