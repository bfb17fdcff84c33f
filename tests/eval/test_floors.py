"""CI guard: the scores on the development gold sets must not fall below tests/eval/floors.json.

Raise a floor when a score rises; never lower one without saying why in the CHANGELOG.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.eval import EvalReport, evaluate

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
FLOORS = Path(__file__).with_name("floors.json")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED / "gold").is_dir(),
                       reason=f"gold sets not found at {SHARED}/gold (the shared/ folder beside the repo)"),
]


@pytest.fixture(scope="module")
def report() -> EvalReport:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    return evaluate([SHARED / "gold" / f"{name}.jsonl" for name in floors["gold_files"]])


def _below(scores: object, floors: dict[str, float]) -> list[str]:
    return [f"{k} {getattr(scores, k):.4f} < floor {v}" for k, v in floors.items() if getattr(scores, k) < v]


def test_overall_headline_scores_meet_floors(report: EvalReport) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert report.overall_files == floors["overall_files"]
    assert _below(report.overall, floors["overall"]) == []


def test_per_file_scores_meet_floors(report: EvalReport) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    by_name = {f.name: f for f in report.files}
    problems = {name: _below(by_name[name].scores, fl) for name, fl in floors["files"].items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_floors_file_is_well_formed() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for block in [floors["overall"], *floors["files"].values()]:
        assert all(0.0 <= v <= 1.0 for v in block.values())
    assert set(floors["files"]) <= set(floors["gold_files"])
