"""Fit the confidence calibration tables (``resources/calibration/field_confidence.json``).

    python -m flashpoint.eval.calibrate --gold GOLD/plover_gsr.jsonl \\
        --gold GOLD/universalpetrarch_gsr_validation.jsonl [--out PATH]

Codes the gold files with calibration switched off (raw heuristic scores), collects per field
the (raw score, right) points of the gold-matched events (``Tally.field_points``; the event
confidence uses the type-scope points of ``Tally.calibration``) and fits one map per field:

1. **bins**: events with the same raw score (the heuristics give few distinct values) form one
   group; the smallest group is merged with its smaller neighbour until at most ``MAX_BINS``
   groups remain, each with at least ``MIN_BIN`` events;
2. **smoothing**: a bin's value is its fraction right shrunk towards the field's overall rate
   with ``PRIOR_WEIGHT`` pseudo-events (no bin says 0 or 1 on a few dozen events);
3. **monotone**: pool-adjacent-violators (weighted by bin size) makes the values non-decreasing
   in the raw score, so calibration never reorders two events.

A bin starts halfway between the raw scores of its neighbours. A map is written only when
its ECE on held-out points (``FOLDS``-fold) is below that of the raw scores; otherwise that score
stays raw (``checks.<name>.applied`` in the file says which). Few bins, monotone, no per-sentence fit: the
map should carry over to text it was not fitted on. It prints the ECE of the raw and calibrated
scores in-sample and across files (fit on one file, measured on the other), which is the fairer
estimate. Fitting is pure Python over the points; only the coding step needs spaCy.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from flashpoint.claims.calibration import EVENT_KEY, CalibrationMap, uncalibrated
from flashpoint.eval.metrics import FIELDS, Tally, reliability
from flashpoint.resources import resource_path

MAX_BINS = 5
MIN_BIN = 20
PRIOR_WEIGHT = 4.0
FOLDS = 5
VERSION = "field-confidence-2026.11.1"
Points = Sequence[tuple[float, bool]]


def fit_map(points: Points, *, max_bins: int = MAX_BINS, min_bin: int = MIN_BIN,
            prior_weight: float = PRIOR_WEIGHT) -> CalibrationMap:
    """The calibration map of one field's (raw score, right) points (module doc)."""
    if not points:
        raise ValueError("cannot fit a calibration map on no points")
    rate = sum(1 for _, r in points if r) / len(points)
    groups: dict[float, list[tuple[float, bool]]] = {}
    for conf, right in points:
        groups.setdefault(round(conf, 3), []).append((conf, right))
    bins = [sorted(groups[k]) for k in sorted(groups)]
    while len(bins) > 1 and (len(bins) > max_bins or min(len(b) for b in bins) < min_bin):
        i = min(range(len(bins)), key=lambda j: len(bins[j]))
        if i == 0:
            j = 1
        elif i == len(bins) - 1:
            j = i - 1
        else:
            j = i - 1 if len(bins[i - 1]) <= len(bins[i + 1]) else i + 1
        lo, hi = min(i, j), max(i, j)
        bins[lo:hi + 1] = [bins[lo] + bins[hi]]  # neighbours: still sorted
    # [n, lowest raw, highest raw, value] per bin, then pool adjacent violators
    stack: list[list[float]] = []
    for b in bins:
        n = len(b)
        hits = sum(1 for _, r in b if r)
        stack.append([n, b[0][0], b[-1][0], (hits + prior_weight * rate) / (n + prior_weight)])
        while len(stack) > 1 and stack[-2][3] >= stack[-1][3]:
            n2, _, hi2, y2 = stack.pop()
            n1, lo1, _, y1 = stack.pop()
            stack.append([n1 + n2, lo1, hi2, (n1 * y1 + n2 * y2) / (n1 + n2)])
    # a bin starts halfway between the previous bin's highest and its own lowest raw score
    edges = tuple(round((a[2] + b[1]) / 2, 4) for a, b in zip(stack, stack[1:]))
    return CalibrationMap(edges, tuple(s[3] for s in stack), tuple(int(s[0]) for s in stack))


def field_points(tally: Tally) -> dict[str, list[tuple[float, bool]]]:
    """Per table name ("type", "source", "target", "event"): the tally's points."""
    out = {name: list(tally.field_points.get(name, [])) for name in FIELDS}
    out[EVENT_KEY] = list(tally.calibration)
    return out


def ece(points: Points, m: CalibrationMap | None = None) -> float:
    """ECE (the harness's 10 equal bins) of the points, raw or through ``m``."""
    mapped = [(m(c) if m is not None else c, r) for c, r in points]
    return reliability(mapped)[1]


def fit(tallies: dict[str, Tally]) -> dict[str, Any]:
    """The resource file's content: maps fitted on all tallies pooled, with the ECE checks of
    :func:`fit_points`."""
    pooled = Tally()
    for t in tallies.values():
        pooled = pooled + t
    fitted, checks = fit_points(field_points(pooled), {name: field_points(t) for name, t in tallies.items()})
    # ship a map only where it beats the raw scores on held-out points
    maps = {name: m for name, m in fitted.items()
            if checks[name][f"ece_calibrated_{FOLDS}_fold"] < checks[name]["ece_raw"]}
    for name, c in checks.items():
        c["applied"] = name in maps
    return {
        "version": VERSION,
        "fitted": date.today().isoformat(),
        "fitted_on": sorted(tallies),
        "method": (f"histogram binning over distinct raw scores (at most {MAX_BINS} bins of at "
                   f"least {MIN_BIN} gold-matched events), each bin's fraction right shrunk "
                   f"towards the field's overall rate with {PRIOR_WEIGHT:g} pseudo-events, made "
                   "non-decreasing by pool-adjacent-violators; a step map: a raw score below edges[0] "
                   "gets y[0], between edges[i-1] and edges[i] y[i]. A map is shipped only where its "
                   f"{FOLDS}-fold held-out ECE is below the raw scores' ECE (checks.*.applied); "
                   "the other scores stay raw. See flashpoint/eval/calibrate.py."),
        "right_means": {"type": "matched gold event has the same PLOVER type",
                        "source": "matched gold source has a known country and it agrees",
                        "target": "matched gold target has a known country and it agrees",
                        EVENT_KEY: "prediction in the type scope is matched to a gold event of its type"},
        "command": "python -m flashpoint.eval.calibrate --gold ../shared/data/gold/plover_gsr.jsonl "
                   "--gold ../shared/data/gold/universalpetrarch_gsr_validation.jsonl",
        "checks": checks,
        "maps": {name: m.to_dict() for name, m in maps.items()},
    }


def fit_points(points: dict[str, list[tuple[float, bool]]], per_file: dict[str, dict[str, list[tuple[float, bool]]]]
               ) -> tuple[dict[str, CalibrationMap], dict[str, dict[str, Any]]]:
    """Maps fitted on ``points`` (table name -> points) and per table the ECE of the raw and
    calibrated scores: in-sample, over ``FOLDS`` folds of the pooled points (every FOLDS-th
    point held out, through the map fitted on the rest), and across files (each file through the
    map fitted on the others) where ``per_file`` has several."""
    maps: dict[str, CalibrationMap] = {}
    checks: dict[str, dict[str, Any]] = {}
    for name, pts in points.items():
        if not pts:
            continue
        maps[name] = fit_map(pts)
        held_out: list[tuple[float, bool]] = []
        for k in range(FOLDS):
            m = fit_map([p for i, p in enumerate(pts) if i % FOLDS != k])
            held_out += [(m(c), r) for i, (c, r) in enumerate(pts) if i % FOLDS == k]
        check: dict[str, Any] = {"n": len(pts), "ece_raw": round(ece(pts), 4),
                                 "ece_calibrated_in_sample": round(ece(pts, maps[name]), 4),
                                 f"ece_calibrated_{FOLDS}_fold": round(ece(held_out), 4)}
        if len(per_file) > 1:
            cross_raw: list[tuple[float, bool]] = []
            cross_cal: list[tuple[float, bool]] = []
            for held, held_pts in per_file.items():
                rest = [p for other, o in per_file.items() if other != held for p in o[name]]
                if not rest or not held_pts[name]:
                    continue
                m = fit_map(rest)
                cross_raw += held_pts[name]
                cross_cal += [(m(c), r) for c, r in held_pts[name]]
            check["ece_calibrated_cross_file"] = round(ece(cross_cal), 4)
        checks[name] = check
    return maps, checks


def main(argv: Sequence[str] | None = None) -> int:
    from flashpoint.eval.harness import evaluate

    parser = argparse.ArgumentParser(prog="python -m flashpoint.eval.calibrate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", required=True, type=Path, help="gold JSONL file (repeat)")
    parser.add_argument("--out", type=Path, default=resource_path("calibration", "field_confidence.json"),
                        help="where to write the table (default: the packaged resource)")
    args = parser.parse_args(argv)
    with uncalibrated():
        report = evaluate(args.gold)
    tallies = {name: report.tallies[name] for name in report.overall_files}
    table = fit(tallies)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, indent=2) + "\n", encoding="utf-8")
    for name, c in table["checks"].items():
        print(f"{name:7s} n={c['n']:4d}  ECE raw {c['ece_raw']:.3f} -> calibrated: in-sample "
              f"{c['ece_calibrated_in_sample']:.3f}, {FOLDS}-fold {c[f'ece_calibrated_{FOLDS}_fold']:.3f}"
              + (f", across files {c['ece_calibrated_cross_file']:.3f}" if "ece_calibrated_cross_file" in c else "")
              + ("" if c["applied"] else "  (not applied: no held-out gain)"),
              file=sys.stderr)
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
