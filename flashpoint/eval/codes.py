"""Normalise gold codes to what flashpoint predicts: PLOVER type, quad class, (country, sector).

Every mapping lives in data files under ``flashpoint/resources/eval/`` (documented in its
README.md) or in the reference tables under ``flashpoint/resources/tables/``; nothing here is a
hand-typed list of codes.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flashpoint.errors import ResourceError
from flashpoint.resources import resource_path

SCHEMES = ("cameo", "petr_validate", "plover")
UNKNOWN_COUNTRY = frozenset({"---", "###", "+++", "UNK", "XXX"})


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror})") from exc


@dataclass(frozen=True)
class GoldActor:
    """A gold actor normalised for comparison.

    ``countries`` holds every country code a prediction may carry to count as right (several for
    compound actors and for equivalent codes); empty means the gold leaves the country unknown.
    ``sectors`` likewise; empty means the gold gives no sector.
    """

    raw: str
    countries: frozenset[str]
    sectors: frozenset[str]

    @property
    def known_country(self) -> bool:
        return bool(self.countries)


class CodeTables:
    """The reference tables and mapping files, loaded once per process (see :func:`tables`)."""

    def __init__(self) -> None:
        tab = ("tables",)
        self.cameo_quad: dict[str, int] = {}
        for row in _read_csv(resource_path(*tab, "cameo_codes.csv")):
            self.cameo_quad[row["code"]] = int(row["quad_class"])
        self.plover_quad: dict[str, int] = {
            row["type"]: int(row["quad_class"])
            for row in _read_csv(resource_path(*tab, "plover_types.csv"))
        }
        self.cameo_plover: dict[str, str | None] = {}
        for row in _read_csv(resource_path(*tab, "cameo_to_plover.csv")):
            # First row wins: root 08 is listed under CONCEDE before RETREAT; 175 is listed twice.
            self.cameo_plover.setdefault(row["cameo_code"], row["plover_type"] or None)
        roles = {r["code"] for r in _read_csv(resource_path(*tab, "cameo_actor_types.csv"))}
        roles |= {r["code"] for r in _read_csv(resource_path(*tab, "plover_sectors.csv"))}
        self.nonstate: frozenset[str] = frozenset(
            r["code"] for r in _read_csv(resource_path(*tab, "plover_nonstate_actor_codes.csv"))
        ) | frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "INT", "ISM", "UNO"})
        self.known_groups: frozenset[str] = frozenset(
            r["code"] for r in _read_csv(resource_path(*tab, "cameo_knowngroups.csv"))
        )
        self.country_map: dict[tuple[str, str], frozenset[str]] = {}
        for row in _read_csv(resource_path("eval", "country_codes.csv")):
            for scheme in row["scheme"].split("|"):
                self.country_map[(scheme, row["gold_code"])] = frozenset(row["accepted"].split("|"))
        self.sector_map: dict[tuple[str, str], frozenset[str]] = {}
        for row in _read_csv(resource_path("eval", "sector_codes.csv")):
            for scheme in row["scheme"].split("|"):
                self.sector_map[(scheme, row["gold_sector"])] = frozenset(row["accepted"].split("|"))
        # Sector chunks: CAMEO/PLOVER role codes plus the alias rows (CIV, PPL ...), but never the
        # non-state codes (IGO, NGO ...), which lead a code as its "country".
        self.roles: frozenset[str] = frozenset(roles | {k[1] for k in self.sector_map}) - {
            "IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UNO", "UIS"
        }

    # -- event codes -------------------------------------------------------------------------
    def plover_type(self, cameo: str) -> str | None:
        """PLOVER type of a CAMEO code: the code itself, then its 3-digit parent, then its root.

        Roots 01 (make statement) and 02 (appeal) have no PLOVER type: returns ``None``.
        """
        for key in (cameo, cameo[:3], cameo[:2]):
            if key in self.cameo_plover:
                return self.cameo_plover[key]
        return None

    def cameo_quad_class(self, cameo: str) -> int | None:
        """Quad class of a CAMEO code by its root (cameo_codes.csv: 01-05 → 1 … 14-20 → 4)."""
        return self.cameo_quad.get(cameo[:2])

    def plover_quad_class(self, plover: str) -> int | None:
        return self.plover_quad.get(plover)

    def is_cameo(self, code: str) -> bool:
        return code in self.cameo_quad

    # -- actors ------------------------------------------------------------------------------
    def _countries(self, scheme: str, code: str) -> frozenset[str]:
        if code in UNKNOWN_COUNTRY or not code:
            return frozenset()
        if scheme == "petr_validate":  # the suite's own dictionary codes: the overlay uses them
            return frozenset({code})
        return self.country_map.get((scheme, code), frozenset({code}))

    def _sectors(self, scheme: str, chunks: list[str]) -> frozenset[str]:
        out: set[str] = set()
        for chunk in chunks:
            if scheme == "petr_validate":
                if chunk.isupper():
                    out.add(chunk)
                continue
            if chunk in self.roles:
                out |= self.sector_map.get((scheme, chunk), frozenset({chunk}))
        return frozenset(out)

    def cameo_actor(self, code: str | None, scheme: str = "cameo") -> GoldActor | None:
        """Split a CAMEO actor code into 3-letter chunks: country first, then roles.

        "USAGOV" → USA/GOV; "IRQMUS" → IRQ, no sector (MUS is a religion); "PSEGZA" → PSE (GZA is
        a region); "IGOEUREEC" → IGO (+ EUR, EEC accepted); "---REB" → unknown country, REB.
        Quoted new-actor strings ('"INJURY TOLL"') have no country.
        """
        if code is None:
            return None
        code = code.strip()
        if not code or code.startswith(('"', "'")):
            return GoldActor(raw=code, countries=frozenset(), sectors=frozenset())
        chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
        head, rest = chunks[0].upper(), chunks[1:]
        countries = set(self._countries(scheme, head))
        if head in self.nonstate and scheme != "petr_validate":
            # IGOUNO, IGOEUREEC, IMGMUSISI: the named body is accepted as well as the generic code
            for chunk in rest:
                if chunk in self.nonstate or chunk in self.known_groups:
                    countries |= self._countries(scheme, chunk) | {chunk}
        return GoldActor(raw=code, countries=frozenset(countries), sectors=self._sectors(scheme, rest))

    def plover_actor(self, actors: list[dict] | str | None) -> GoldActor | None:
        """A PLOVER GSR actor list (``[{actorText, code, sector}]``) as one compound actor."""
        if actors is None:
            return None
        if isinstance(actors, str):  # one source defect: a target given as the string "diplomatic"
            return GoldActor(raw=actors, countries=frozenset(), sectors=frozenset())
        countries: set[str] = set()
        sectors: set[str] = set()
        for actor in actors:
            code = (actor.get("code") or "").strip().upper()
            if code:
                part = self.cameo_actor(code, "plover")
                if part is not None:
                    countries |= part.countries
                    sectors |= part.sectors
            raw_sector = actor.get("sector") or ""
            upper = raw_sector[: len(raw_sector) - len(raw_sector.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ*"))]
            chunks = [upper[i : i + 3] for i in range(0, len(upper), 3)]
            sectors |= self._sectors("plover", chunks)
        raw = "+".join(f"{a.get('code')}/{a.get('sector')}" for a in actors)
        return GoldActor(raw=raw, countries=frozenset(countries), sectors=frozenset(sectors))


@lru_cache(maxsize=1)
def tables() -> CodeTables:
    """The process-wide, read-only code tables (loaded on first use, not at import)."""
    return CodeTables()
