"""Throughput of the whole coding path for N = 100 and 1,000 articles (see flashpoint.bench).

    python benchmarks/bench_pipeline.py                    # N = 100, 1000
    python benchmarks/bench_pipeline.py --n 10000          # the manual long run (10+ min on 2 cores)
    python benchmarks/bench_pipeline.py --out bench.json   # figures for `flashpoint eval --bench-json`

Each N is one run: ingest (JSONL) → spaCy → coding → resolution → a fresh DuckDB store, then the
bare spaCy model's ``nlp.pipe`` on the same texts in the same process. Figures are printed as a
table (and as JSON with --out); a flat articles/s and peak RSS across N is the goal.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flashpoint.bench import run_bench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000], help="corpus sizes (default: 100 1000)")
    parser.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", type=Path, help="write the figures as a JSON list to this file")
    parser.add_argument("--no-spacy-baseline", action="store_true",
                        help="skip the bare-spaCy comparison (it doubles the run time of a long N)")
    args = parser.parse_args(argv)
    results = []
    print(f"{'N':>7} {'art/s':>8} {'words/s':>9} {'RSS MB':>7} {'spaCy art/s':>12} {'ratio':>6}  stages (s)")
    for n in args.n:
        r = run_bench(n, n_process=args.n_process, batch_size=args.batch_size,
                      spacy_baseline=not args.no_spacy_baseline)
        results.append(r.to_dict())
        stages = ", ".join(f"{k} {v:.1f}" for k, v in r.stages.items())
        print(f"{r.n_articles:>7} {r.articles_per_s:>8.1f} {r.words_per_s:>9.0f} {r.peak_rss_mb:>7.0f} "
              f"{r.spacy_articles_per_s:>12.1f} {r.ratio_vs_spacy:>6.2f}  {stages}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
