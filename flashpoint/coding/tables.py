"""CAMEO and PLOVER reference tables: Goldstein weights, quad classes, CAMEO -> PLOVER."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from flashpoint.errors import ResourceError
from flashpoint.resources import resource_path


@dataclass(frozen=True)
class PloverMapping:
    event_type: str
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True)
class CameoTables:
    names: dict[str, str]
    goldstein: dict[str, float | None]
    quad: dict[str, int]
    to_plover: dict[str, PloverMapping]
    plover_quad: dict[str, int]
    plover_modes: dict[str, frozenset[str]]

    def goldstein_of(self, code: str) -> float | None:
        """Goldstein weight of the most specific code that has one (GDELT lookup table)."""
        for c in _prefixes(code):
            g = self.goldstein.get(c)
            if g is not None:
                return g
        return None

    def quad_of(self, code: str) -> int:
        """Quad class 1..4 by CAMEO root (1 verbal coop ... 4 material conflict)."""
        return self.quad[code[:2]]

    def plover_of(self, code: str) -> PloverMapping | None:
        """PLOVER type/mode/context of a CAMEO code, most specific row first (None for 01/02 roots
        that PLOVER dropped, unless flashpoint's documented extension maps them)."""
        for c in _prefixes(code):
            m = self.to_plover.get(c)
            if m is not None:
                return m
        return None

    def is_known(self, code: str) -> bool:
        return code in self.names


def _prefixes(code: str) -> list[str]:
    """"0841" -> ["0841", "084", "08"]: most specific first, down to the 2-digit root."""
    return [code[:n] for n in range(len(code), 1, -1)]


def _rows(*parts: str) -> list[dict[str, str]]:
    path = resource_path(*parts)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise ResourceError(f"cannot read resource {path}: {exc}") from exc


@lru_cache(maxsize=1)
def load_tables() -> CameoTables:
    names: dict[str, str] = {}
    goldstein: dict[str, float | None] = {}
    quad: dict[str, int] = {}
    for r in _rows("tables", "cameo_codes.csv"):
        names[r["code"]] = r["name"]
        goldstein[r["code"]] = float(r["goldstein"]) if r["goldstein"] else None
        if r["n_digits"] == "2":
            quad[r["code"]] = int(r["quad_class"])
    plover_modes: dict[str, set[str]] = {}
    for r in _rows("tables", "plover_modes.csv"):
        plover_modes.setdefault(r["type"], set()).add(r["mode"])
    plover_quad = {r["type"]: int(r["quad_class"]) for r in _rows("tables", "plover_types.csv")}
    contexts = {r["context"] for r in _rows("tables", "plover_contexts.csv")}

    def mapping(ptype: str, mode: str, context: str) -> PloverMapping:
        # Keep only modes/contexts the current manual defines (the 2021 table has a few old ones).
        m = mode if mode in plover_modes.get(ptype, ()) else None
        ctx = tuple(c.strip() for c in context.split(";") if c.strip() in contexts)
        return PloverMapping(ptype, m, ctx)

    to_plover: dict[str, PloverMapping] = {}
    for r in _rows("tables", "cameo_to_plover.csv"):
        if r["plover_type"] and r["cameo_code"] not in to_plover:
            to_plover[r["cameo_code"]] = mapping(r["plover_type"], r["mode"], r["context"])
    for r in _rows("lexicon", "plover_extensions.csv"):
        to_plover.setdefault(r["cameo_prefix"], mapping(r["plover_type"], r["mode"], ""))
    return CameoTables(
        names=names,
        goldstein=goldstein,
        quad=quad,
        to_plover=to_plover,
        plover_quad=plover_quad,
        plover_modes={k: frozenset(v) for k, v in plover_modes.items()},
    )
