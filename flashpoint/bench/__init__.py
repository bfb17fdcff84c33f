"""Throughput benchmark of the whole coding path on a reproducible news corpus."""
from flashpoint.bench.corpus import BenchArticle, build_article, build_corpus
from flashpoint.bench.runner import BenchResult, machine_info, run_bench

__all__ = ["BenchArticle", "BenchResult", "build_article", "build_corpus", "machine_info", "run_bench"]
