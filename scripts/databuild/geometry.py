"""Polygon geometry without GIS libraries: GeoPackage blobs parsed with struct, areas on a
sphere, centroids, and rings rounded for GeoJSON."""

from __future__ import annotations

import itertools
import math
import struct

from databuild.common import BuildError

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), for spherical polygon areas


COORD_DECIMALS = 6


SLIVER_MAX_M2 = 1.0  # rings this small may vanish when coordinates are rounded


Ring = list[tuple[float, float]]


Polygon = list[Ring]  # exterior ring first, then holes


def parse_gpkg_geometry(blob: bytes) -> list[Polygon]:
    """GeoPackage binary geometry -> list of polygons (each a list of rings of (x, y))."""
    if blob[:2] != b"GP":
        raise BuildError("geometry blob lacks the GeoPackage 'GP' magic")
    flags = blob[3]
    if flags & 0b0010_0000:
        raise BuildError("extended GeoPackage geometry types are not supported")
    if flags & 0b0001_0000:
        return []  # empty geometry
    envelope = (flags >> 1) & 0b111
    env_len = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(envelope)
    if env_len is None:
        raise BuildError(f"invalid GeoPackage envelope indicator {envelope}")
    polys, end = _parse_wkb(blob, 8 + env_len)
    if end != len(blob):
        raise BuildError("trailing bytes after WKB geometry")
    return polys


def _parse_wkb(b: bytes, off: int) -> tuple[list[Polygon], int]:
    bo = "<" if b[off] == 1 else ">"
    (gtype,) = struct.unpack_from(bo + "I", b, off + 1)
    off += 5
    if gtype == 6:  # MultiPolygon
        (n,) = struct.unpack_from(bo + "I", b, off)
        off += 4
        polys: list[Polygon] = []
        for _ in range(n):
            sub, off = _parse_wkb(b, off)
            polys.extend(sub)
        return polys, off
    if gtype == 3:  # Polygon
        (n_rings,) = struct.unpack_from(bo + "I", b, off)
        off += 4
        rings: Polygon = []
        for _ in range(n_rings):
            (n_pts,) = struct.unpack_from(bo + "I", b, off)
            off += 4
            xy = struct.unpack_from(f"{bo}{2 * n_pts}d", b, off)
            off += 16 * n_pts
            rings.append(list(zip(xy[0::2], xy[1::2], strict=True)))
        return [rings], off
    raise BuildError(f"unsupported WKB geometry type {gtype} (expected Polygon or MultiPolygon)")


def ring_signed_area_deg(ring: Ring) -> float:
    """Shoelace area in square degrees; positive when counter-clockwise."""
    s = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        s += x1 * y2 - x2 * y1
    return s / 2


def ring_area_m2(ring: Ring) -> float:
    """Area of a lon/lat ring on a sphere (m²), after Chamberlain & Duquette (2007)."""
    s = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        s += math.radians(x2 - x1) * (2 + math.sin(math.radians(y1)) + math.sin(math.radians(y2)))
    return abs(s) * EARTH_RADIUS_M**2 / 2


def polygon_area_m2(polys: list[Polygon]) -> float:
    return sum(ring_area_m2(p[0]) - sum(ring_area_m2(h) for h in p[1:]) for p in polys)


def centroid(polys: list[Polygon]) -> tuple[float, float]:
    """Area-weighted planar centroid in lon/lat (holes subtract); fine at a city's scale."""
    a_tot = cx = cy = 0.0
    for poly in polys:
        for i, ring in enumerate(poly):
            a = abs(ring_signed_area_deg(ring))
            sign = 1.0 if i == 0 else -1.0
            rx = ry = 0.0
            s = 0.0
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                cross = x1 * y2 - x2 * y1
                s += cross
                rx += (x1 + x2) * cross
                ry += (y1 + y2) * cross
            if s == 0:
                continue
            rx, ry = rx / (3 * s), ry / (3 * s)
            a_tot += sign * a
            cx += sign * a * rx
            cy += sign * a * ry
    return cx / a_tot, cy / a_tot


def rounded_ring(ring: Ring, exterior: bool) -> list[list[float]] | None:
    """Round to COORD_DECIMALS, drop repeated points, orient per RFC 7946 (exterior CCW).

    Returns None for a sliver ring that collapses (no area left) when rounded; the
    caller checks it was tiny (the file has a few slivers well under 1 m²).
    """
    pts: list[tuple[float, float]] = []
    for x, y in ring:
        p = (round(x, COORD_DECIMALS), round(y, COORD_DECIMALS))
        if not pts or p != pts[-1]:
            pts.append(p)
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    if len(pts) < 4 or len(set(pts)) < 3 or ring_signed_area_deg(pts) == 0:
        if ring_area_m2(ring) >= SLIVER_MAX_M2:
            raise BuildError(f"a ring of {ring_area_m2(ring):.1f} m² collapsed after rounding")
        return None
    ccw = ring_signed_area_deg(pts) > 0
    if ccw != exterior:
        pts.reverse()
    return [[x, y] for x, y in pts]
