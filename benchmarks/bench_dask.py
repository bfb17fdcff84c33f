"""Dask scale-out benchmark: articles/s with 1 and 2 workers (LocalCluster) on the reproducible
bench corpus, and the projected cost per million articles.

    python benchmarks/bench_dask.py --n 120 --words 300 --price-per-core-hour 0.04

Each worker loads the pipeline once; its load time is measured apart (a warm-up partition), so
articles/s is the steady state. Writes ``benchmarks/results_dask.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

from flashpoint.bench.corpus import build_corpus
from flashpoint.scale import code_corpus
from flashpoint.scale.run import _pipeline


def write_corpus(root: Path, n: int, words: int, files: int) -> None:
    arts = build_corpus(n, target_words=words)
    per = -(-n // files)
    for f in range(files):
        with (root / f"part-{f:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for a in arts[f * per:(f + 1) * per]:
                fh.write(json.dumps(a.record()) + "\n")


def run(workers: int, corpus: Path, chunk: int) -> dict:
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit=0) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        client.run(lambda: _pipeline({}) is not None)  # every worker loads its pipeline once
        load = time.perf_counter() - t0
        out = Path(tempfile.mkdtemp())
        report = code_corpus([corpus], store=None, out_dir=out, chunk_size=chunk, client=client)
        shutil.rmtree(out)
    return {"workers": workers, "articles": report.articles_coded, "seconds": round(report.seconds_coding, 2),
            "articles_per_s": round(report.articles_per_s, 2), "warmup_seconds": round(load, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--chunk", type=int, default=15)
    ap.add_argument("--price-per-core-hour", type=float, default=0.04,
                    help="USD per vCPU-hour (on-demand general-purpose cloud VM, roughly)")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("results_dask.json"))
    args = ap.parse_args()
    corpus = Path(tempfile.mkdtemp())
    write_corpus(corpus, args.n, args.words, args.files)
    results = [run(w, corpus, args.chunk) for w in (1, 2)]
    for r in results:
        per_core = r["articles_per_s"] / r["workers"]
        core_hours = 1_000_000 / per_core / 3600 if per_core else float("inf")
        r["core_hours_per_million"] = round(core_hours, 1)
        r["usd_per_million"] = round(core_hours * args.price_per_core_hour, 2)
    summary = {"n_articles": args.n, "words_per_article": args.words, "cpu_count": os.cpu_count(),
               "price_per_core_hour_usd": args.price_per_core_hour, "runs": results}
    args.out.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
