"""Evaluation against public gold data: gold loading, code normalisation, matching, metrics.

>>> report = evaluate(["../shared/data/gold/plover_gsr.jsonl"])      # doctest: +SKIP
>>> report.overall.type_f1                                          # doctest: +SKIP
"""
from flashpoint.eval.codes import GoldActor, tables
from flashpoint.eval.gold import GoldEvent, GoldRecord, GoldSet, load_gold
from flashpoint.eval.harness import EvalReport, FileResult, evaluate
from flashpoint.eval.matching import match_record
from flashpoint.eval.metrics import FieldReliability, ReliabilityBin, Scores, Tally
from flashpoint.eval.overlay import write_overlay

__all__ = [
    "EvalReport",
    "FieldReliability",
    "FileResult",
    "GoldActor",
    "GoldEvent",
    "GoldRecord",
    "GoldSet",
    "ReliabilityBin",
    "Scores",
    "Tally",
    "evaluate",
    "load_gold",
    "match_record",
    "tables",
    "write_overlay",
]
