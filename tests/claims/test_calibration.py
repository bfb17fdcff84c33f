"""Confidence calibration: the fitting (monotone, few bins, smoothed), the shipped table, and
its application in the pipeline (raw heuristic scores only inside ``uncalibrated()``)."""
from __future__ import annotations

import json
import random

import pytest

import flashpoint
from flashpoint.claims.calibration import CalibrationMap, calibration_table, uncalibrated
from flashpoint.claims.confidence import TYPE_CONFIRMED, TYPE_NOUN, TYPE_VERB
from flashpoint.eval.calibrate import MAX_BINS, ece, fit_map
from flashpoint.resources import resource_path

TEXT = "Russian forces shelled the city of Kharkiv overnight, killing two civilians."


def test_map_is_a_monotone_step_function():
    m = CalibrationMap(edges=(0.4, 0.7), y=(0.2, 0.5, 0.9))
    assert [m(x) for x in (0.0, 0.39, 0.4, 0.69, 0.7, 1.0)] == [0.2, 0.2, 0.5, 0.5, 0.9, 0.9]
    with pytest.raises(ValueError):
        CalibrationMap(edges=(0.5,), y=(0.8, 0.3))  # decreasing
    with pytest.raises(ValueError):
        CalibrationMap(edges=(0.5,), y=(0.3,))  # one value too few


def test_fit_recovers_rates_with_few_monotone_bins():
    rng = random.Random(7)
    # raw scores that overstate: 0.9 is right 60% of the time, 0.5 is right 30%, 0.2 never
    points = [(c, rng.random() < p) for c, p, n in ((0.2, 0.0, 60), (0.5, 0.3, 200), (0.9, 0.6, 300))
              for _ in range(n)]
    m = fit_map(points)
    assert len(m.y) <= MAX_BINS
    assert list(m.y) == sorted(m.y)
    assert m(0.2) < 0.1 and m(0.5) == pytest.approx(0.3, abs=0.08) and m(0.9) == pytest.approx(0.6, abs=0.08)
    assert ece(points, m) < 0.05 < ece(points)


def test_fit_never_reverses_order_and_pools_small_bins():
    # 0.6 scores do worse than 0.4 ones (a violation): pooled, not reversed
    points = [(0.4, i % 2 == 0) for i in range(40)] + [(0.6, i % 4 == 0) for i in range(40)] \
        + [(0.95, True)] * 3  # too few for a bin of their own
    m = fit_map(points)
    assert list(m.y) == sorted(m.y)
    assert m(0.4) <= m(0.6) <= m(0.95)
    assert sum(m.n) == len(points) and min(m.n) >= 20


def test_shipped_table_is_documented_and_covers_the_gold_fields():
    table = calibration_table()
    assert {"type", "source", "target"} <= set(table.maps)
    for m in table.maps.values():
        assert list(m.y) == sorted(m.y) and all(0.0 <= v <= 1.0 for v in m.y)
        assert 1 <= len(m.y) <= MAX_BINS
    raw = json.loads(resource_path("calibration", "field_confidence.json").read_text(encoding="utf-8"))
    assert raw["version"] and raw["fitted"] and raw["method"] and raw["command"]
    assert raw["fitted_on"] == ["plover_gsr", "universalpetrarch_gsr_validation"]
    for name, c in raw["checks"].items():  # a map ships only where it beats the raw scores held out
        assert c["applied"] == (name in raw["maps"]) == (c["ece_calibrated_5_fold"] < c["ece_raw"])


def test_pipeline_applies_the_table_and_uncalibrated_keeps_raw_scores(pipeline):
    with uncalibrated():
        raw = flashpoint.code_text(TEXT)
    calibrated = flashpoint.code_text(TEXT)
    assert raw and len(raw) == len(calibrated)
    table = calibration_table()
    for r, c in zip(raw, calibrated):
        assert r.field_confidence["type"] in {TYPE_CONFIRMED, TYPE_VERB, TYPE_NOUN}
        for name in ("type", "source", "target"):
            assert c.field_confidence[name] == pytest.approx(table.maps[name](r.field_confidence[name]), abs=1e-3)
        event_map = table.maps.get("event")
        assert c.confidence == pytest.approx(event_map(r.confidence) if event_map else r.confidence, abs=1e-3)
        assert c.field_confidence["date"] == r.field_confidence["date"]  # no table: heuristic kept
