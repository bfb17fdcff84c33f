"""Typed records of the actor knowledge base and their validated loading from YAML.

Files (all under ``flashpoint/resources/actors/``): ``countries.yaml`` (generated),
``countries_extra.yaml``, ``sectors.yaml``, ``people_orgs.yaml`` (curated), ``version.yaml``.
Every problem is raised as :class:`~flashpoint.errors.ResourceError` naming the file and entry.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from flashpoint.errors import ResourceError
from flashpoint.resolve._text import key_of, plural_forms
from flashpoint.resources import resource_path

try:  # libyaml is ~10x faster; the pure-Python loader gives the same result
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Role:
    role: str
    start: date | None
    end: date | None  # None: still holds it
    country: str | None
    sector: str | None

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One person or organisation of ``people_orgs.yaml`` (or of a user overlay)."""

    id: str
    name: str
    kind: str  # "person" | "org"
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    surnames: tuple[str, ...] | None = None  # None: default (last word of the name)
    group: str | None = None  # CAMEO known-group code
    wikidata: str | None = None
    roles: tuple[Role, ...] = ()

    def role_at(self, when: date) -> Role | None:
        for r in self.roles:
            if r.covers(when):
                return r
        return None


@dataclass(frozen=True)
class CountryRecord:
    iso3: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    population: int
    centroid: tuple[float, float] | None
    centroid_source: str | None
    geonames_id: int | None
    metonyms: dict[str, str] = field(default_factory=dict)  # alias -> sector


@dataclass(frozen=True)
class SectorNoun:
    sector: str
    weak: bool


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except FileNotFoundError:
        raise ResourceError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path}: not valid YAML: {exc}") from None
    except ValueError as exc:  # e.g. a date such as 2020-13-01
        raise ResourceError(f"{path}: invalid value ({exc}); dates must be ISO dates "
                            "(YYYY-MM-DD)") from None


def kb_version() -> str:
    data = read_yaml(resource_path("actors", "version.yaml"))
    return str(data["version"])


def us_state_keys() -> frozenset[str]:
    """Lookup keys of US state names and USPS codes (``places/us_states.tsv``)."""
    path = resource_path("places", "us_states.tsv")
    with path.open(encoding="utf-8", newline="") as fh:
        next(fh)  # provenance comment
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return frozenset(key_of(r[k]) for r in rows for k in ("name", "code"))


def valid_sectors() -> frozenset[str]:
    codes: set[str] = set()
    for name in ("cameo_actor_types.csv", "plover_sectors.csv"):
        with resource_path("tables", name).open(encoding="utf-8", newline="") as fh:
            codes.update(row["code"] for row in csv.DictReader(fh))
    return frozenset(codes)


def nonstate_codes() -> frozenset[str]:
    with resource_path("tables", "plover_nonstate_actor_codes.csv").open(encoding="utf-8") as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh))


def known_groups() -> frozenset[str]:
    with resource_path("tables", "cameo_knowngroups.csv").open(encoding="utf-8") as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh))


def load_countries() -> dict[str, CountryRecord]:
    """countries.yaml merged with countries_extra.yaml (extras add names, demonyms, metonyms)."""
    gen_path = resource_path("actors", "countries.yaml")
    extra_path = resource_path("actors", "countries_extra.yaml")
    out: dict[str, CountryRecord] = {}
    for i, e in enumerate(read_yaml(gen_path) or []):
        try:
            iso3 = e["iso3"]
            centroid = tuple(e["centroid"]) if e.get("centroid") else None
            capital = e.get("capital")
            out[iso3] = CountryRecord(
                iso3=iso3, name=e["name"], names=tuple(e.get("names") or ()),
                demonyms=tuple(e.get("demonyms") or ()), capital=capital,
                population=int(e.get("population") or 0), centroid=centroid,  # type: ignore[arg-type]
                centroid_source=e.get("centroid_source"), geonames_id=e.get("geonames_id"))
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"{gen_path}: entry {i}: {exc!r}") from None
    sectors = valid_sectors()
    for i, e in enumerate(read_yaml(extra_path) or []):
        where = f"{extra_path}: entry {i} ({e.get('iso3') if isinstance(e, dict) else e!r})"
        if not isinstance(e, dict) or e.get("iso3") not in out:
            raise ResourceError(f"{where}: 'iso3' must be a country code of countries.yaml")
        base = out[e["iso3"]]
        metonyms = dict(e.get("metonyms") or {})
        bad = [s for s in metonyms.values() if s not in sectors]
        if bad:
            raise ResourceError(f"{where}: unknown sector code(s) {bad}")
        out[base.iso3] = CountryRecord(
            iso3=base.iso3, name=base.name,
            names=tuple(dict.fromkeys((*base.names, *(e.get("names") or ())))),
            demonyms=tuple(dict.fromkeys((*base.demonyms, *(e.get("demonyms") or ())))),
            capital=base.capital, population=base.population, centroid=base.centroid,
            centroid_source=base.centroid_source, geonames_id=base.geonames_id,
            metonyms=metonyms)
    return out


def load_sectors() -> tuple[dict[str, SectorNoun], dict[str, str], dict[str, str | None]]:
    """(noun form -> SectorNoun, role alias -> role, title -> sector or None), keys as given."""
    path = resource_path("actors", "sectors.yaml")
    data = read_yaml(path)
    codes = valid_sectors()
    nouns: dict[str, SectorNoun] = {}
    for sector, items in (data.get("sectors") or {}).items():
        if sector not in codes:
            raise ResourceError(f"{path}: sectors: unknown sector code {sector!r}")
        for item in items:
            if isinstance(item, dict):
                ((lemma, opts),) = item.items()
                opts = opts or {}
            else:
                lemma, opts = item, {}
            forms = [lemma, *(opts.get("forms") or plural_forms(lemma))]
            for form in forms:
                prev = nouns.get(form)
                if prev and prev.sector != sector:
                    raise ResourceError(
                        f"{path}: sector noun {form!r} listed under both {prev.sector} and {sector}")
                nouns[form] = SectorNoun(sector, bool(opts.get("weak")))
    roles = {alias: role for role, aliases in (data.get("roles") or {}).items() for alias in aliases}
    titles = {str(k): v for k, v in (data.get("titles") or {}).items()}
    for t, s in titles.items():
        if s is not None and s not in codes:
            raise ResourceError(f"{path}: titles: {t!r} has unknown sector {s!r}")
    return nouns, roles, titles


def load_namesake_heads() -> frozenset[str]:
    """Head nouns (singular and plural forms) that a person's name may modify as a place name."""
    path = resource_path("actors", "sectors.yaml")
    heads = read_yaml(path).get("namesake_heads") or []
    return frozenset(f for h in heads for f in (str(h), *plural_forms(str(h))))


def _date(value: Any, where: str, key: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ResourceError(f"{where}: {key} {value!r} is not an ISO date (YYYY-MM-DD)") from None


_ENTRY_KEYS = {"id", "name", "kind", "country", "sector", "aliases", "surnames", "group",
               "wikidata", "roles"}


def parse_entries(raw: Any, path: Path, countries: frozenset[str]) -> list[ActorEntry]:
    """Validate the people_orgs.yaml format (also used for user overlays)."""
    if not isinstance(raw, list):
        raise ResourceError(f"{path}: expected a list of actor entries, got {type(raw).__name__}")
    sectors, groups = valid_sectors(), known_groups()
    seen: set[str] = set()
    out = []
    for i, e in enumerate(raw):
        label = e.get("id") if isinstance(e, dict) else None
        where = f"{path}: entry {i}" + (f" (id {label!r})" if label else "")
        if not isinstance(e, dict):
            raise ResourceError(f"{where}: expected a mapping with id, name, country, sector")
        unknown = set(e) - _ENTRY_KEYS
        if unknown:
            raise ResourceError(f"{where}: unknown field(s) {sorted(unknown)}; "
                                f"allowed: {sorted(_ENTRY_KEYS)}")
        for req in ("id", "name"):
            if not isinstance(e.get(req), str) or not e[req].strip():
                raise ResourceError(f"{where}: '{req}' is required and must be a non-empty string")
        if e["id"] in seen:
            raise ResourceError(f"{where}: duplicate id {e['id']!r}")
        seen.add(e["id"])
        kind = e.get("kind", "org")
        if kind not in ("person", "org"):
            raise ResourceError(f"{where}: kind must be 'person' or 'org', not {kind!r}")
        country, sector = e.get("country"), e.get("sector")
        if country is not None and country not in countries:
            raise ResourceError(f"{where}: country {country!r} is not an ISO 3166 alpha-3 code "
                                "or a PLOVER non-state code (IGO, UNO, EUR, NGO, ...)")
        if sector is not None and sector not in sectors:
            raise ResourceError(f"{where}: sector {sector!r} is not a CAMEO/PLOVER sector code")
        aliases = e.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ResourceError(f"{where}: 'aliases' must be a list of strings")
        surnames = e.get("surnames")
        if surnames is not None and (not isinstance(surnames, list)
                                     or not all(isinstance(a, str) for a in surnames)):
            raise ResourceError(f"{where}: 'surnames' must be a list of strings")
        group = e.get("group")
        if group is not None and group not in groups:
            raise ResourceError(f"{where}: group {group!r} is not a CAMEO known-group code")
        roles = []
        for j, r in enumerate(e.get("roles") or []):
            rw = f"{where}: roles[{j}]"
            if not isinstance(r, dict) or not isinstance(r.get("role"), str):
                raise ResourceError(f"{rw}: expected a mapping with 'role', 'start', 'end'")
            start, end = _date(r.get("start"), rw, "start"), _date(r.get("end"), rw, "end")
            if start and end and end < start:
                raise ResourceError(f"{rw}: end {end} is before start {start}")
            rc, rs = r.get("country", country), r.get("sector", sector)
            if rc is not None and rc not in countries:
                raise ResourceError(f"{rw}: country {rc!r} is not a known code")
            if rs is not None and rs not in sectors:
                raise ResourceError(f"{rw}: sector {rs!r} is not a known sector code")
            roles.append(Role(r["role"], start, end, rc, rs))
        out.append(ActorEntry(
            id=e["id"], name=e["name"], kind=kind, country=country, sector=sector,
            aliases=tuple(aliases), surnames=tuple(surnames) if surnames is not None else None,
            group=group, wikidata=e.get("wikidata"), roles=tuple(roles)))
    return out
