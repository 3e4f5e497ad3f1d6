"""Raw source medellin_comunas.gpkg (crimemappingdata): the territories table, the GeoJSON,
and the point-in-polygon locator the event and station tables use."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath

from databuild.common import BuildError, Table, fmt
from databuild.geometry import (
    COORD_DECIMALS,
    Polygon,
    centroid,
    parse_gpkg_geometry,
    polygon_area_m2,
    rounded_ring,
)
from databuild.territories import Territory


@dataclass
class Boundary:
    territory: Territory
    polygons: list[Polygon]
    sector: int
    shape_area_m2: float


def load_boundaries(gpkg: Path, territories: list[Territory]) -> list[Boundary]:
    by_code = {t.code: t for t in territories}
    con = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True)
    try:
        contents = con.execute(
            "SELECT table_name, data_type, srs_id FROM gpkg_contents"
        ).fetchall()
        if contents != [("medellin_comunas", "features", 4326)]:
            raise BuildError(f"{gpkg}: unexpected gpkg_contents {contents!r}")
        rows = con.execute(
            "SELECT COMUNA, NOMBRE, SECTOR, SHAPE__Area, geom FROM medellin_comunas ORDER BY COMUNA"
        ).fetchall()
    finally:
        con.close()
    out = []
    for code, name, sector, area, blob in rows:
        t = by_code.get(code)
        if t is None:
            raise BuildError(f"{gpkg}: unknown COMUNA code {code!r}")
        if name != t.boundary_name:
            raise BuildError(f"{gpkg}: code {code} is named {name!r}, expected {t.boundary_name!r}")
        out.append(Boundary(t, parse_gpkg_geometry(blob), int(sector), float(area)))
    if sorted(b.territory.code for b in out) != sorted(by_code):
        raise BuildError(f"{gpkg}: expected one polygon for each of the 21 territories")
    return out


class Locator:
    """Point-in-polygon against the boundaries (exterior rings minus holes), vectorised."""

    def __init__(self, boundaries: list[Boundary]):
        self.codes = [b.territory.code for b in boundaries]
        self.parts = [
            [(MplPath(np.asarray(p[0])), [MplPath(np.asarray(h)) for h in p[1:]])
             for p in b.polygons]
            for b in boundaries
        ]

    def inside(self, xy: np.ndarray) -> np.ndarray:
        """Boolean matrix (points x territories)."""
        res = np.zeros((len(xy), len(self.codes)), dtype=bool)
        for j, parts in enumerate(self.parts):
            for ext, holes in parts:
                hit = ext.contains_points(xy)
                for h in holes:
                    hit &= ~h.contains_points(xy)
                res[:, j] |= hit
        return res


def build_territories_and_geojson(boundaries: list[Boundary]) -> tuple[Table, dict, int]:
    rows = []
    features = []
    slivers = 0
    for b in sorted(boundaries, key=lambda b: b.territory.code):
        t = b.territory
        cx, cy = centroid(b.polygons)
        rows.append([
            t.code, t.name, t.kind, fmt(polygon_area_m2(b.polygons) / 1e6, 3),
            fmt(cx, COORD_DECIMALS), fmt(cy, COORD_DECIMALS),
            fmt(b.shape_area_m2 / 1e6, 3), b.sector,
        ])
        coords = []
        for poly in b.polygons:
            exterior = rounded_ring(poly[0], exterior=True)
            if exterior is None:
                slivers += len(poly)  # the part and its holes
                continue
            holes = [rounded_ring(h, exterior=False) for h in poly[1:]]
            slivers += sum(h is None for h in holes)
            coords.append([exterior, *(h for h in holes if h is not None)])
        features.append({
            "type": "Feature",
            "properties": {"territory_code": t.code, "territory_name": t.name,
                           "territory_kind": t.kind},
            "geometry": {"type": "MultiPolygon", "coordinates": coords},
        })
    header = ["territory_code", "territory_name", "territory_kind", "area_km2",
              "centroid_longitude", "centroid_latitude", "source_shape_area_km2",
              "boundary_sector"]
    geojson = {"type": "FeatureCollection", "features": features}
    return (header, rows), geojson, slivers
