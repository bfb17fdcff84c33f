"""Calibration of confidence values: heuristic scores -> probabilities that the field is right.

The heuristic scores of :mod:`flashpoint.claims.confidence` and the assembler's event confidence
are mapped through monotone step tables (histogram binning) fitted on the development gold sets
by ``python -m flashpoint.eval.calibrate`` and stored, with how and on what they were fitted, in
``resources/calibration/field_confidence.json``. A table has a few bins of raw scores; a bin's
value is the smoothed fraction of its gold-matched events where the field was right, made
non-decreasing (pool-adjacent-violators), so calibration never reorders two events (it may tie
them). Fields without a table (date, location, modality: the gold sets say nothing about them)
keep their heuristic value.

``uncalibrated()`` switches the mapping off in its ``with`` block (the fitting tool needs the raw
scores); it is a context variable, not a global switch.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flashpoint.errors import ResourceError
from flashpoint.model import Event
from flashpoint.resources import resource_path

EVENT_KEY = "event"  # the table for Event.confidence; the others are field_confidence keys
_ENABLED: ContextVar[bool] = ContextVar("flashpoint_calibration_enabled", default=True)


@dataclass(frozen=True)
class CalibrationMap:
    """A monotone step map from a raw score to a probability (histogram binning): raw scores
    below ``edges[0]`` get ``y[0]``, from ``edges[i-1]`` up to ``edges[i]`` get ``y[i]``, from
    ``edges[-1]`` up get ``y[-1]``."""

    edges: tuple[float, ...]
    y: tuple[float, ...]
    n: tuple[int, ...] = ()  # gold-matched events behind each bin (documentation only)

    def __post_init__(self) -> None:
        if not self.y or len(self.edges) != len(self.y) - 1:
            raise ValueError("a calibration map needs one value more than it has edges")
        if any(b <= a for a, b in zip(self.edges, self.edges[1:])) or any(b < a for a, b in zip(self.y, self.y[1:])):
            raise ValueError("a calibration map needs increasing edges and non-decreasing values")
        if not all(0.0 <= v <= 1.0 for v in self.y):
            raise ValueError("calibrated values must lie in [0, 1]")

    def __call__(self, raw: float) -> float:
        return self.y[bisect_right(self.edges, raw)]

    def to_dict(self) -> dict[str, list[float] | list[int]]:
        return {"edges": [round(v, 4) for v in self.edges], "y": [round(v, 4) for v in self.y], "n": list(self.n)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "CalibrationMap":
        return cls(tuple(float(v) for v in d["edges"]), tuple(float(v) for v in d["y"]),
                   tuple(int(v) for v in d.get("n", ())))


@dataclass(frozen=True)
class Calibration:
    """The fitted tables (``maps``: field name or ``"event"`` -> map) and their provenance."""

    maps: Mapping[str, CalibrationMap]
    about: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, event: Event) -> None:
        """Map ``event.confidence`` and its ``field_confidence`` values in place."""
        for name, raw in list(event.field_confidence.items()):
            m = self.maps.get(name)
            if m is not None:
                event.field_confidence[name] = round(m(raw), 3)
        m = self.maps.get(EVENT_KEY)
        if m is not None:
            event.confidence = round(m(event.confidence), 3)


@lru_cache(maxsize=1)
def calibration_table() -> Calibration:
    """The shipped table ``resources/calibration/field_confidence.json`` (read once)."""
    path = resource_path("calibration", "field_confidence.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        maps = {name: CalibrationMap.from_dict(d) for name, d in data["maps"].items()}
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ResourceError(f"{path}: cannot read the confidence calibration table: {exc}") from exc
    return Calibration(maps=maps, about={k: v for k, v in data.items() if k != "maps"})


def calibrate(event: Event) -> None:
    """Apply the shipped calibration to one event (in place), unless ``uncalibrated()`` is on."""
    if _ENABLED.get():
        calibration_table().apply(event)


@contextmanager
def uncalibrated() -> Iterator[None]:
    """Inside this block events keep their raw heuristic scores (for fitting the tables)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)
