#!/usr/bin/env python
"""Build the kit's data package (``data/``) from the raw public datasets.

Usage::

    python scripts/build_data.py ../shared/data/raw            # writes into data/
    python scripts/build_data.py ../shared/data/raw --out /tmp/d

Why a script and committed outputs: students get tidy tables that work without the raw folder,
and anyone can check that the tables are exactly what the raw sources give (the build is
byte-for-byte reproducible). Every raw file is verified against the sha256 written in its
dataset's PROVENANCE.md before it is read, and every hand-curated text (timeline, the Lab's days
and Open Space groups, in ``scripts/sources/``) is checked word for word against the seed report
or FACTS.md, so nothing enters the package that its sources do not say.

Only the standard library, numpy and matplotlib (for point-in-polygon) are used: the boundary
GeoPackage is read with sqlite3 and its geometry blobs are parsed with struct.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import hashlib
import io
import itertools
import json
import math
import re
import sqlite3
import struct
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.path import Path as MplPath

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOURCES = HERE / "sources"
sys.path.insert(0, str(REPO / "src"))

from medlab_teach import lab_report, model  # noqa: E402  (light modules: no pandas, no matplotlib)

#: Raw datasets and the files the build reads from each (all verified by sha256).
RAW_FILES: dict[str, tuple[str, ...]] = {
    "sisc_criminalidad_comunas": (
        "consolidado_cantidad_casos_criminalidad_en_comunas_por_anio.csv",
        "consolidado_cantidad_casos_criminalidad_en_comunas_por_anio_mes.csv",
    ),
    "medellin_homicides_2010_2019": (
        "medellin_homicides.csv", "medellin_comunas.gpkg", "medellin_metro_stns.csv",
    ),
    "poblacion_comunas_2018": ("Poblacion_medellin_2018.csv",),
    "homicidios_municipios_policia_2003_2024": ("municipality_year.csv", "department_year.csv"),
    "homicidios_municipios_1990_2013": ("homicidios.1990.a.2013.csv",),
}

SISC_YEARS = range(2003, 2024)
SISC_FIRST_MONTH, SISC_LAST_MONTH = (2003, 1), (2021, 9)
EVENT_YEARS = range(2010, 2020)
#: Selection rule for the municipal series: every municipality with at least this many
#: inhabitants in 2018 according to the population column of the 2003-2024 police file
#: (DANE, CNPV-2018 based). It keeps the big cities and their large neighbours (Soacha,
#: Soledad, Bello) and is documented in datapackage.json.
CITY_MIN_POPULATION_2018 = 350_000
MEDELLIN_DANE = "05001"
AGE_GROUPS = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80+",
)
TERMS = ("short", "medium", "long")
EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), for spherical polygon areas
COORD_DECIMALS = 6
SLIVER_MAX_M2 = 1.0  # rings this small may vanish when coordinates are rounded

SEED_PATH_IN_SHARED = Path("seeds") / "000_fce15378cb2f54d3.txt"
FACTS_NAME = "FACTS.md"


class BuildError(Exception):
    """A raw file or a curated source does not say what the build expects."""


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_csv_dicts(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def to_int(value: str, where: str) -> int:
    if not re.fullmatch(r"-?\d+", value):
        raise BuildError(f"{where}: {value!r} is not an integer")
    return int(value)


def fmt(x: float, decimals: int) -> str:
    """Fixed-decimal text for a float, with '-0.0...' normalised, so rebuilds are identical."""
    s = f"{x:.{decimals}f}"
    return "0." + "0" * decimals if s.strip("-0.") == "" else s


def normalise_ws(text: str) -> str:
    return " ".join(text.split())


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV as UTF-8 with LF endings and minimal quoting; None is written as an empty cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    n = len(header)
    for row in rows:
        if len(row) != n:
            raise BuildError(f"row has {len(row)} cells, header has {n}: {row!r}")
        cells = ["" if v is None else str(v) for v in row]
        for c in cells:
            if "\n" in c or "\r" in c:
                raise BuildError(f"line break inside a cell: {c!r}")
        w.writerow(cells)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------------------------
# Raw-file verification (sha256 parsed from each PROVENANCE.md)
# --------------------------------------------------------------------------------------------


def provenance_hashes(text: str, filenames: Iterable[str]) -> dict[str, str]:
    """Map file name -> sha256 as written in a PROVENANCE.md.

    Each 64-hex-digit string belongs to the file named last before it in the text (the files
    are named in prose, lists or table rows, always before their hash).
    """
    names = sorted(set(filenames), key=len, reverse=True)
    name_re = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w.])"
    )
    mentions = [(m.start(), m.group(1)) for m in name_re.finditer(text)]
    found: dict[str, str] = {}
    for m in re.finditer(r"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])", text):
        before = [name for pos, name in mentions if pos < m.start()]
        if not before:
            raise BuildError(f"sha256 {m.group(0)} appears before any file name")
        name, digest = before[-1], m.group(0).lower()
        if name in found and found[name] != digest:
            raise BuildError(f"two different sha256 values for {name}")
        found[name] = digest
    return found


def verify_raw(raw: Path) -> dict[str, dict[str, str]]:
    """Check every raw file against its PROVENANCE.md sha256; return dataset -> file -> sha."""
    if not raw.is_dir():
        raise BuildError(f"raw folder not found: {raw} (pass the path to shared/data/raw)")
    out: dict[str, dict[str, str]] = {}
    for dataset, files in RAW_FILES.items():
        prov = raw / dataset / "PROVENANCE.md"
        if not prov.is_file():
            raise BuildError(f"missing {prov}")
        expected = provenance_hashes(prov.read_text(encoding="utf-8"), files)
        out[dataset] = {}
        for name in files:
            path = raw / dataset / name
            if name not in expected:
                raise BuildError(f"{prov} gives no sha256 for {name}")
            if not path.is_file():
                raise BuildError(f"missing raw file {path}")
            actual = sha256_file(path)
            if actual != expected[name]:
                raise BuildError(
                    f"{path}: sha256 {actual} does not match {expected[name]} in {prov}. "
                    "The raw file was changed; restore the byte-for-byte copy."
                )
            out[dataset][name] = actual
    return out


# --------------------------------------------------------------------------------------------
# Territories
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    kind: str
    population_name: str
    boundary_name: str


def load_territories() -> list[Territory]:
    rows = read_csv_dicts(SOURCES / "territories.csv")
    out = [
        Territory(r["territory_code"], r["territory_name"], r["territory_kind"],
                  r["population_file_name"], r["boundary_file_name"])
        for r in rows
    ]
    codes = [t.code for t in out]
    if len(out) != 21 or len(set(codes)) != 21:
        raise BuildError("scripts/sources/territories.csv must list 21 distinct territories")
    for t in out:
        if t.kind not in ("comuna", "corregimiento"):
            raise BuildError(f"territories.csv: bad kind {t.kind!r}")
        if not re.fullmatch(r"\d\d", t.code):
            raise BuildError(f"territories.csv: bad code {t.code!r}")
    return out


def normalise_sisc_code(raw_code: str, known: set[str], where: str) -> str:
    """'13.0' (homicide rows) and '13' (other conducts) -> '13'; '1' -> '01'; keep 'SIN DATO'."""
    s = raw_code.strip()
    if s == "SIN DATO":
        return s
    m = re.fullmatch(r"(\d{1,2})(?:\.0)?", s)
    if not m:
        raise BuildError(f"{where}: unexpected Codigo_comuna {raw_code!r}")
    code = m.group(1).zfill(2)
    if code not in known:
        raise BuildError(f"{where}: Codigo_comuna {raw_code!r} is not a known territory")
    return code


# --------------------------------------------------------------------------------------------
# GeoPackage geometry (GPKG header + WKB), parsed with struct
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Table builders. Each returns (header, rows, report) with rows already sorted.
# --------------------------------------------------------------------------------------------

Table = tuple[list[str], list[list[Any]]]


def build_crimes(raw: Path, territories: list[Territory]) -> tuple[Table, Table, dict]:
    folder = raw / "sisc_criminalidad_comunas"
    known = {t.code for t in territories}
    names = {t.code: (t.name, t.kind) for t in territories} | {"SIN DATO": ("Sin dato", "sin dato")}
    codes = [t.code for t in territories] + ["SIN DATO"]

    annual_file = folder / RAW_FILES["sisc_criminalidad_comunas"][0]
    annual: dict[tuple[str, int, str], int] = {}
    for i, r in enumerate(read_csv_dicts(annual_file), start=2):
        where = f"{annual_file.name} line {i}"
        key = (normalise_sisc_code(r["Codigo_comuna"], known, where),
               to_int(r["Fecha_hecho"], where), r["Conducta"].strip())
        if key in annual:
            raise BuildError(f"{where}: duplicate row for {key}")
        annual[key] = to_int(r["Cantidad_casos"], where)

    monthly_file = folder / RAW_FILES["sisc_criminalidad_comunas"][1]
    monthly: dict[tuple[str, str, str], int] = {}
    for i, r in enumerate(read_csv_dicts(monthly_file, delimiter=";"), start=2):
        where = f"{monthly_file.name} line {i}"
        period = r["Fecha_hecho"].strip()
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
            raise BuildError(f"{where}: bad period {period!r}")
        key = (normalise_sisc_code(r["Codigo_comuna"], known, where), period,
               r["Conducta"].strip())
        if key in monthly:
            raise BuildError(f"{where}: duplicate row for {key}")
        monthly[key] = to_int(r["Cantidad_casos"], where)

    conducts = sorted({k[2] for k in annual})
    if sorted({k[2] for k in monthly}) != conducts:
        raise BuildError("the annual and monthly SISC files list different conducts")
    years = sorted({k[1] for k in annual})
    if years != list(SISC_YEARS):
        raise BuildError(f"SISC annual years {years[0]}-{years[-1]}, expected 2003-2023")
    periods = [
        f"{y}-{m:02d}" for y in range(SISC_FIRST_MONTH[0], SISC_LAST_MONTH[0] + 1)
        for m in range(1, 13)
        if SISC_FIRST_MONTH <= (y, m) <= SISC_LAST_MONTH
    ]
    if sorted({k[1] for k in monthly}) != periods:
        raise BuildError("SISC monthly file does not cover exactly 2003-01 .. 2021-09")

    # Consistency: the monthly file summed by year equals the annual file for 2003-2020.
    mismatches = []
    by_year: Counter = Counter()
    for (code, period, conduct), n in monthly.items():
        by_year[(code, int(period[:4]), conduct)] += n
    for y in range(2003, 2021):
        for code in codes:
            for c in conducts:
                if by_year.get((code, y, c), 0) != annual.get((code, y, c), 0):
                    mismatches.append((code, y, c))
    if mismatches:
        raise BuildError(f"monthly SISC sums differ from the annual file: {mismatches[:5]}")

    a_rows = [
        [code, *names[code], y, c, annual.get((code, y, c), 0)]
        for code in codes for y in SISC_YEARS for c in conducts
    ]
    m_rows = [
        [code, *names[code], int(p[:4]), int(p[5:]), p, c, monthly.get((code, p, c), 0)]
        for code in codes for p in periods for c in conducts
    ]
    header = ["territory_code", "territory_name", "territory_kind"]
    report = {
        "annual_source_rows": len(annual), "annual_rows": len(a_rows),
        "monthly_source_rows": len(monthly), "monthly_rows": len(m_rows),
        "conducts": conducts,
    }
    return (
        ([*header, "year", "conduct", "cases"], a_rows),
        ([*header, "year", "month", "period", "conduct", "cases"], m_rows),
        report,
    )


def parse_decimal_comma(value: str, where: str) -> float | None:
    if value == "NA":
        return None
    if not re.fullmatch(r"-?\d+(,\d+)?", value):
        raise BuildError(f"{where}: {value!r} is not a decimal-comma number")
    return float(value.replace(",", "."))


def build_homicide_events(raw: Path, boundaries: list[Boundary]) -> tuple[Table, dict]:
    path = raw / "medellin_homicides_2010_2019" / "medellin_homicides.csv"
    records = []
    negative_ages = 0
    for i, r in enumerate(read_csv_dicts(path, delimiter=";"), start=2):
        where = f"{path.name} line {i}"
        stamp = r["fecha_hecho"]
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z", stamp)
        if not m:
            raise BuildError(f"{where}: unexpected fecha_hecho {stamp!r}")
        lon = parse_decimal_comma(r["longitud"], where)
        lat = parse_decimal_comma(r["latitud"], where)
        if (lon is None) != (lat is None):
            raise BuildError(f"{where}: only one of longitude/latitude is given")
        age: int | None = to_int(r["edad"], where)
        if age is not None and age < 0:  # one record has -1: an unknown age, not an age
            negative_ages += 1
            age = None
        if r["sexo"] not in ("Hombre", "Mujer"):
            raise BuildError(f"{where}: unexpected sexo {r['sexo']!r}")
        records.append({
            "occurred_at": stamp[:-1], "ymdhms": tuple(int(g) for g in m.groups()),
            "lon": lon, "lat": lat, "sex": r["sexo"], "age": age,
            "modality": r["modalidad"].strip(),
        })

    def sort_key(rec: dict) -> tuple:
        return (rec["occurred_at"], rec["lon"] is None, rec["lon"] or 0.0, rec["lat"] or 0.0,
                rec["sex"], -1 if rec["age"] is None else rec["age"], rec["modality"])

    records.sort(key=sort_key)
    with_xy = [k for k, rec in enumerate(records) if rec["lon"] is not None]
    xy = np.array([(records[k]["lon"], records[k]["lat"]) for k in with_xy])
    hits = Locator(boundaries).inside(xy)
    codes = [b.territory.code for b in boundaries]
    names = {b.territory.code: b.territory.name for b in boundaries}
    multi = int((hits.sum(axis=1) > 1).sum())
    if multi:
        raise BuildError(f"{multi} homicide points fall in more than one polygon")
    assigned: dict[int, str] = {}
    for row_k, k in enumerate(with_xy):
        js = np.flatnonzero(hits[row_k])
        if len(js):
            assigned[k] = codes[int(js[0])]

    rows = []
    reasons: Counter = Counter()
    for k, rec in enumerate(records):
        y, mo, d, hh, _mm, _ss = rec["ymdhms"]
        if y not in EVENT_YEARS:
            raise BuildError(f"homicide event outside 2010-2019: {rec['occurred_at']}")
        if rec["lon"] is None:
            status, code = "no coordinates", None
        elif k in assigned:
            status, code = "assigned", assigned[k]
        else:
            status, code = "outside boundaries", None
        reasons[status] += 1
        rows.append([
            k + 1, rec["occurred_at"], y, mo, _dt.date(y, mo, d).weekday(), hh,
            None if rec["lon"] is None else repr(rec["lon"]),
            None if rec["lat"] is None else repr(rec["lat"]),
            rec["sex"], rec["age"], rec["modality"], code,
            None if code is None else names[code], status,
        ])
    header = ["event_id", "occurred_at", "year", "month", "weekday", "hour", "longitude",
              "latitude", "sex", "age", "modality", "territory_code", "territory_name",
              "assignment"]
    report = {"events": len(rows), "assignment": dict(sorted(reasons.items())),
              "negative_ages_set_missing": negative_ages,
              "per_year": dict(sorted(Counter(r[2] for r in rows).items())),
              "modalities": sorted({r[10] for r in rows})}
    return (header, rows), report


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


def build_stations(raw: Path, boundaries: list[Boundary]) -> Table:
    path = raw / "medellin_homicides_2010_2019" / "medellin_metro_stns.csv"
    recs = []
    for i, r in enumerate(read_csv_dicts(path), start=2):
        m = re.fullmatch(r"Estación (.+) \(Línea ([A-Z])\)", r["nombre"])
        if not m or m.group(2) != r["linea"]:
            raise BuildError(f"{path.name} line {i}: unexpected station name {r['nombre']!r}")
        if r["sistema"] not in ("Metro", "Cable"):
            raise BuildError(f"{path.name} line {i}: unexpected sistema {r['sistema']!r}")
        recs.append((r["linea"], m.group(1), r["sistema"], r["municipio"],
                     float(r["x"]), float(r["y"]), r["nombre"]))
    recs.sort(key=lambda t: (t[0], t[1]))
    if len({(t[0], t[1]) for t in recs}) != len(recs):
        raise BuildError(f"{path.name}: duplicate (line, station) pairs")
    xy = np.array([(t[4], t[5]) for t in recs])
    hits = Locator(boundaries).inside(xy)
    codes = [b.territory.code for b in boundaries]
    rows = []
    for k, (line, name, system, muni, x, y, label) in enumerate(recs):
        js = np.flatnonzero(hits[k])
        rows.append([line, name, system, muni, fmt(x, COORD_DECIMALS), fmt(y, COORD_DECIMALS),
                     codes[int(js[0])] if len(js) else None, label])
    return ["line", "station_name", "system", "municipality", "longitude", "latitude",
            "territory_code", "station_label"], rows


def build_population(raw: Path, territories: list[Territory]) -> tuple[Table, dict]:
    path = raw / "poblacion_comunas_2018" / "Poblacion_medellin_2018.csv"
    by_name = {t.population_name: t for t in territories}
    table: dict[tuple[str, str], tuple[int, int, int]] = {}
    kinds: dict[str, str] = {}
    for i, r in enumerate(read_csv_dicts(path), start=2):
        where = f"{path.name} line {i}"
        if r["Código Dane_Municipio"] != "5001":
            raise BuildError(f"{where}: not Medellín (5001)")
        name = r["Código"].strip()
        age = r["Grupo_Edad"].strip()
        age = "80+" if age == "80 Y MÁS" else age
        if age != "Total" and age not in AGE_GROUPS:
            raise BuildError(f"{where}: unexpected age group {r['Grupo_Edad']!r}")
        tot, men, women = (to_int(r[c], where) for c in ("Total_2018", "Hombres_2018",
                                                          "Mujeres_2018"))
        if tot != men + women:
            raise BuildError(f"{where}: Total_2018 {tot} != Hombres + Mujeres {men + women}")
        if (name, age) in table:
            raise BuildError(f"{where}: duplicate row {name}/{age}")
        table[(name, age)] = (tot, men, women)
        kinds[name] = r["Tipo_división_geográfica"]

    aggregates = {"Suma Comunas", "Suma Corregimientos", "Total Medellín"}
    names_in_file = set(kinds)
    if names_in_file != set(by_name) | aggregates:
        raise BuildError(f"{path.name}: territories differ from scripts/sources/territories.csv: "
                         f"{sorted(names_in_file ^ (set(by_name) | aggregates))}")
    for name, t in by_name.items():
        expected_kind = "Comuna" if t.kind == "comuna" else "Corregimiento"
        if kinds[name] != expected_kind:
            raise BuildError(f"{path.name}: {name} is a {kinds[name]}, expected {expected_kind}")

    def vec(name: str, age: str) -> np.ndarray:
        if (name, age) not in table:
            raise BuildError(f"{path.name}: missing row {name} / {age}")
        return np.array(table[(name, age)])

    # The "Total" age rows must equal the sum of the age groups, and the aggregate rows
    # must equal the sums of their territories: checked here, then dropped (no double count).
    checks = 0
    for name in names_in_file:
        summed = sum(vec(name, a) for a in AGE_GROUPS)
        if not np.array_equal(summed, vec(name, "Total")):
            raise BuildError(f"{path.name}: {name}: age groups sum to {summed}, Total row differs")
        checks += 1
    comunas = [t.population_name for t in territories if t.kind == "comuna"]
    corregs = [t.population_name for t in territories if t.kind == "corregimiento"]
    for age in (*AGE_GROUPS, "Total"):
        for agg, members in (("Suma Comunas", comunas), ("Suma Corregimientos", corregs),
                             ("Total Medellín", comunas + corregs)):
            summed = sum(vec(n, age) for n in members)
            if not np.array_equal(summed, vec(agg, age)):
                raise BuildError(f"{path.name}: {agg} / {age} differs from the sum of its parts")
            checks += 1

    rows = []
    for t in territories:
        for a_idx, age in enumerate(AGE_GROUPS):
            _, men, women = table[(t.population_name, age)]
            lo = 5 * a_idx
            hi = None if age == "80+" else lo + 4
            rows.append([t.code, t.name, t.kind, age, lo, hi, "hombres", men])
            rows.append([t.code, t.name, t.kind, age, lo, hi, "mujeres", women])
    header = ["territory_code", "territory_name", "territory_kind", "age_group", "age_min",
              "age_max", "sex", "population"]
    report = {"rows": len(rows), "checks_passed": checks,
              "city_total": int(vec("Total Medellín", "Total")[0])}
    return (header, rows), report


def build_police(raw: Path) -> tuple[Table, Table, dict]:
    new_path = raw / "homicidios_municipios_policia_2003_2024" / "municipality_year.csv"
    old_path = raw / "homicidios_municipios_1990_2013" / "homicidios.1990.a.2013.csv"
    new = read_csv_dicts(new_path)
    old = read_csv_dicts(old_path)

    selected = sorted({
        r["municipio_code"] for r in new
        if r["year"] == "2018"
        and to_int(r["population"], new_path.name) >= CITY_MIN_POPULATION_2018
    })
    if MEDELLIN_DANE not in selected:
        raise BuildError("Medellín is not among the selected municipalities")
    canon: dict[str, tuple[str, str]] = {}
    for r in old:
        code = r["cod"].zfill(5)
        if code in selected:
            canon[code] = (r["municipio"], r["departamento"])
    missing = set(selected) - set(canon)
    if missing:
        raise BuildError(f"{old_path.name} lacks municipalities {sorted(missing)}")

    mismatches: list[str] = []

    def rates(hom: int | None, pop: int | None, rate: str, label: str) -> list[str | None]:
        """[own rate, source rate]; the kit's rate is homicides / population x 100,000."""
        source = None if rate in ("", "NA") else float(rate)
        own = hom / pop * 1e5 if hom is not None and pop else None
        if own is not None and source is not None and abs(own - source) > 0.01:
            mismatches.append(f"{label}: source {source:g}, homicides/population {own:.2f}")
        return [None if own is None else fmt(own, 4),
                None if source is None else fmt(source, 4)]

    new_rows = []
    seen = set()
    for i, r in enumerate(new, start=2):
        code = r["municipio_code"]
        if code not in selected:
            continue
        where = f"{new_path.name} line {i}"
        year = to_int(r["year"], where)
        if (code, year) in seen:
            raise BuildError(f"{where}: duplicate {code} {year}")
        seen.add((code, year))
        hom = to_int(r["total_homicides"], where)
        pop = to_int(r["population"], where)
        new_rows.append([code, *canon[code], r["municipio"], r["departamento"], r["region"],
                         year, hom, pop,
                         *rates(hom, pop, r["homic_rate"], f"{canon[code][0]} {year}")])
    new_rows.sort(key=lambda row: (row[0], row[6]))

    old_rows = []
    for i, r in enumerate(old, start=2):
        code = r["cod"].zfill(5)
        if code not in selected:
            continue
        where = f"{old_path.name} line {i}"
        for yy in [*range(90, 100), *range(0, 14)]:
            year = 1900 + yy if yy >= 90 else 2000 + yy
            sfx = f"{yy:02d}"
            hom_s, pop_s = r[f"hom{sfx}"], r[f"pob{sfx}"]
            hom = None if hom_s == "NA" else to_int(hom_s, where)
            pop = None if pop_s == "NA" else to_int(pop_s, where)
            old_rows.append([code, *canon[code], r["municipio"], r["departamento"], year,
                             hom, pop, *rates(hom, pop, r[f"tas{sfx}"],
                                              f"{canon[code][0]} {year} (1990-2013 file)")])
    old_rows.sort(key=lambda row: (row[0], row[5]))

    header_new = ["municipality_code", "municipality", "department", "municipality_source",
                  "department_source", "region", "year", "homicides", "population",
                  "rate_per_100k", "rate_per_100k_source"]
    header_old = ["municipality_code", "municipality", "department", "municipality_source",
                  "department_source", "year", "homicides", "population", "rate_per_100k",
                  "rate_per_100k_source"]
    report = {
        "rule": f"population >= {CITY_MIN_POPULATION_2018:,} in 2018 (police 2003-2024 file)",
        "municipalities": [f"{c} {canon[c][0]}" for c in selected],
        "rows_2003_2024": len(new_rows), "rows_1990_2013": len(old_rows),
        "missing_homicides_1990_2013": sum(1 for r in old_rows if r[6] is None),
        "rate_mismatches": mismatches,
    }
    return (header_new, new_rows), (header_old, old_rows), report


# --------------------------------------------------------------------------------------------
# Hand-curated tables, checked word for word against the seed and FACTS.md
# --------------------------------------------------------------------------------------------


class TextCheck:
    """Verbatim checks of curated text against the seed report and FACTS.md."""

    def __init__(self, seed: str, facts: str, layout_headings: Sequence[str]):
        self.seed = normalise_ws(seed)
        self.facts = normalise_ws(facts)
        running = self.seed
        for heading in layout_headings:  # page headings that interrupt the running text
            h = normalise_ws(heading)
            if h not in running:
                raise BuildError(f"seed heading not found: {heading!r}")
            running = running.replace(h + " ", "")
        self.seed_running = running

    def in_seed(self, fragment: str, *, casefold: bool = False) -> bool:
        f = normalise_ws(fragment)
        hay = (self.seed, self.seed_running)
        if casefold:
            return any(f.casefold() in h.casefold() for h in hay)
        return any(f in h for h in hay)

    def in_report_text(self, passage: str) -> bool:
        """A quotation-table row, as lab_report compares it (quote marks alike, joined hyphens)."""
        wanted = lab_report.normalise(passage)
        return any(wanted in lab_report.normalise(re.sub(r"(?<=\w)- (?=\w)", "-", h))
                   or wanted in lab_report.normalise(h)
                   for h in (self.seed, self.seed_running))

    def require_seed(self, fragment: str, where: str, *, casefold: bool = False) -> None:
        if fragment and not self.in_seed(fragment, casefold=casefold):
            raise BuildError(f"{where}: not found word for word in the seed: {fragment!r}")

    def require_facts(self, fragment: str, where: str) -> None:
        if normalise_ws(fragment) not in self.facts:
            raise BuildError(f"{where}: not found word for word in FACTS.md: {fragment!r}")


def check_quotations(text: TextCheck) -> None:
    """Every row of the kit's table of quotations (medlab_teach.lab_report) is in the report."""
    for i, quotation in enumerate(lab_report.QUOTATIONS):
        if not text.in_report_text(quotation.text):
            raise BuildError(f"medlab_teach.lab_report.QUOTATIONS[{i}] is not word for word in "
                             f"the Lab's report: {quotation.text!r}")


def model_ids() -> tuple[set[str], set[str]]:
    """(ids of lines and axes, ids of every model component)."""
    lines_axes = {c.id for c in (*model.LINES, *model.AXES)}
    return lines_axes, {c.id for c in model.components()}


def check_date(value: str, where: str) -> int:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not m:
        raise BuildError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        _dt.date(y, mo, d)
    except ValueError as exc:
        raise BuildError(f"{where}: invalid date {value!r}") from exc
    return y


def build_curated(text: TextCheck, territory_codes: set[str]) -> dict[str, Table]:
    lines_axes, all_ids = model_ids()
    out: dict[str, Table] = {}

    # Timeline -------------------------------------------------------------------------------
    src = SOURCES / "timeline.csv"
    rows = []
    for i, r in enumerate(read_csv_dicts(src), start=2):
        where = f"scripts/sources/timeline.csv line {i}"
        year = check_date(r["date"], where)
        if r["model_line"] and r["model_line"] not in lines_axes:
            raise BuildError(f"{where}: model_line {r['model_line']!r} is not a line or axis id")
        if r["territory_code"] and r["territory_code"] not in territory_codes:
            raise BuildError(f"{where}: unknown territory_code {r['territory_code']!r}")
        if not r["event"] or not r["source"] or not r["evidence"]:
            raise BuildError(f"{where}: event, source and evidence are required")
        if r["source_kind"] == "report":
            text.require_seed(r["evidence"], where)
        elif r["source_kind"] == "secondary":
            text.require_facts(r["evidence"], where)
        else:
            raise BuildError(f"{where}: source_kind must be 'report' or 'secondary'")
        rows.append([r["date"], year, r["event"], r["territory"], r["model_line"], r["source"],
                     r["note"], r["case_id"], r["territory_code"], r["source_kind"],
                     r["evidence"]])
    rows.sort(key=lambda x: (x[0], x[7], x[9], x[2]))
    out["timeline"] = (["date", "year", "event", "territory", "model_line", "source", "note",
                        "case_id", "territory_code", "source_kind", "evidence"], rows)

    # Lab days ---------------------------------------------------------------------------------
    rows = []
    for i, r in enumerate(read_csv_dicts(SOURCES / "lab_days.csv"), start=2):
        where = f"scripts/sources/lab_days.csv line {i}"
        check_date(r["date"], where)
        text.require_seed(r["theme_es"], where, casefold=True)
        text.require_seed(r["evidence"], where)
        for mid in filter(None, r["model_lines"].split(";")):
            if mid not in all_ids:
                raise BuildError(f"{where}: unknown model id {mid!r}")
        for code in filter(None, r["territory_codes"].split(";")):
            if code not in territory_codes:
                raise BuildError(f"{where}: unknown territory code {code!r}")
        rows.append([int(r["day"]), r["date"], r["theme_es"], r["theme_en"], r["sites"],
                     r["model_lines"], r["territory_codes"], r["activities"], r["evidence"]])
    rows.sort(key=lambda x: x[0])
    if [x[0] for x in rows] != [1, 2, 3, 4, 5]:
        raise BuildError("lab_days.csv must have days 1-5")
    out["lab_days"] = (["day", "date", "theme_es", "theme_en", "sites", "model_lines",
                        "territory_codes", "activities", "report_heading"], rows)

    # Participants (organisers and countries) ---------------------------------------------------
    rows = []
    for i, r in enumerate(read_csv_dicts(SOURCES / "lab_participants.csv"), start=2):
        where = f"scripts/sources/lab_participants.csv line {i}"
        text.require_seed(r["report_wording"], where)
        if r["kind"] not in ("organiser", "country"):
            raise BuildError(f"{where}: kind must be organiser or country")
        rows.append([r["kind"], r["name_es"], r["name_en"], r["report_wording"]])
    rows.sort(key=lambda x: (x[0] != "organiser", x[1]))
    if sum(1 for x in rows if x[0] == "country") != 15:
        raise BuildError("the seed lists 15 participating countries")
    out["lab_participants"] = (["kind", "name_es", "name_en", "report_wording"], rows)

    # Open Space ------------------------------------------------------------------------------
    groups = []
    for i, r in enumerate(read_csv_dicts(SOURCES / "open_space_groups.csv"), start=2):
        where = f"scripts/sources/open_space_groups.csv line {i}"
        n = int(r["group_number"])
        text.require_seed(f"{n}. {r['title_es']}", where)
        text.require_seed(r["objective_es"], where)
        text.require_seed(r["other_commitments_es"], where)
        groups.append([n, r["title_es"], r["title_en"], r["objective_es"], r["objective_en"],
                       r["other_commitments_es"], r["note"]])
    groups.sort(key=lambda x: x[0])
    if [g[0] for g in groups] != list(range(1, 9)):
        raise BuildError("open_space_groups.csv must have groups 1-8")

    parts = []
    for i, r in enumerate(read_csv_dicts(SOURCES / "open_space_participants.csv"), start=2):
        where = f"scripts/sources/open_space_participants.csv line {i}"
        text.require_seed(r["participant_es"], where)
        parts.append([int(r["group_number"]), int(r["order"]), r["participant_es"],
                      r["participant_en"]])
    parts.sort(key=lambda x: (x[0], x[1]))
    counts = Counter(p[0] for p in parts)

    commits = []
    for i, r in enumerate(read_csv_dicts(SOURCES / "open_space_commitments.csv"), start=2):
        where = f"scripts/sources/open_space_commitments.csv line {i}"
        text.require_seed(r["commitment"], where)
        if r["term"] not in TERMS:
            raise BuildError(f"{where}: term must be one of {TERMS}")
        commits.append([int(r["group_number"]), r["term"], int(r["item"]), r["commitment"],
                        r["commitment_en"]])
    commits.sort(key=lambda x: (x[0], TERMS.index(x[1]), x[2]))
    ccounts = Counter(c[0] for c in commits)
    for g in groups:
        g.insert(5, counts[g[0]])
        g.insert(6, ccounts[g[0]])
    out["open_space_groups"] = (
        ["group_number", "title_es", "title_en", "objective_es", "objective_en",
         "participants", "termed_commitments", "other_commitments_es", "note"], groups)
    out["open_space_participants"] = (
        ["group_number", "order", "participant_es", "participant_en"], parts)
    out["open_space_commitments"] = (
        ["group_number", "term", "item", "commitment", "commitment_en"], commits)
    return out


# --------------------------------------------------------------------------------------------
# datapackage.json: schemas, sources, licences, caveats
# --------------------------------------------------------------------------------------------


def f(name: str, ftype: str, description: str, *, required: bool = True,
      enum: Sequence[Any] | None = None, categorical: bool = False, ordered: bool = False,
      fmt_: str | None = None, **constraints: Any) -> dict:
    """One Table Schema field; `categorical` asks loaders for a pandas category."""
    field: dict[str, Any] = {"name": name, "type": ftype, "description": description}
    if fmt_:
        field["format"] = fmt_
    cons: dict[str, Any] = {"required": True} if required else {}
    if enum is not None:
        cons["enum"] = list(enum)
    cons.update(constraints)
    if cons:
        field["constraints"] = cons
    if categorical:
        if enum is None:
            raise BuildError(f"categorical field {name} needs an enum")
        field["categories"] = list(enum)
        field["categoriesOrdered"] = ordered
    return field


SRC_SISC = {
    "title": "Alcaldía de Medellín – SISC / MEData: Consolidado cantidad de casos criminalidad "
             "en comunas (por año: distribution 1-027-23-000303; por año-mes: 1-027-23-000304)",
    "path": "https://medata.gov.co/sites/default/files/distribution/1-027-23-000303/"
            "consolidado_cantidad_casos_criminalidad_en_comunas_por_anio.csv",
    "copied_from": "Luis-Agudelo/Talento-Tech-Censa@f89f5f5a1ae9feb99a7bfda03eb24c49f561dc06 "
                   "(annual); andreamolina13/hurtoanalitica@"
                   "a20ea6d49b1d0535959bd8242571e43407010f2a (monthly)",
}
SRC_EVENTS = {
    "title": "Alcaldía de Medellín – MEData / SISC, dataset 'homicidio', via crimemappingdata "
             "(M. Ashby)",
    "path": "http://medata.gov.co/dataset/homicidio/resource/"
            "4cec9df8-f60b-448f-977c-72256e752fce",
    "copied_from": "mpjashby/crimemappingdata@28bce25110f5afb0909faa486ac2bf6ca213209d "
                   "(inst/extdata/medellin_homicides.csv)",
}
SRC_BOUNDS = {
    "title": "Comuna and corregimiento boundaries (medellin_comunas.gpkg) from crimemappingdata; "
             "original source not documented",
    "path": "https://github.com/mpjashby/crimemappingdata",
    "copied_from": "mpjashby/crimemappingdata@6ac69057c71a30904e43e0f63200dca0ef6dcc6f "
                   "(inst/extdata/medellin_comunas.gpkg)",
}
SRC_STATIONS = {
    "title": "Metro de Medellín open data (ArcGIS hub dataset 5e0ac28dbeca42218bca925682c962cc_0)"
             ", via crimemappingdata",
    "path": "https://github.com/mpjashby/crimemappingdata",
    "copied_from": "mpjashby/crimemappingdata@28bce25110f5afb0909faa486ac2bf6ca213209d "
                   "(inst/extdata/medellin_metro_stns.csv)",
}
SRC_POP = {
    "title": "Alcaldía de Medellín, Departamento Administrativo de Planeación (DAP): population "
             "projections by comuna/corregimiento, sex and age, 2018 (inferred origin)",
    "path": "https://github.com/josecamachobravo/CienciaDatos",
    "copied_from": "josecamachobravo/CienciaDatos@88f571134abddc0f00253af4b4d5664fca63adcc "
                   "(CienciaDatos/Poblacion_medellin_2018.csv)",
}
SRC_POLICE_NEW = {
    "title": "Policía Nacional de Colombia, yearly homicide statistics, with DANE population, "
             "aggregated by R. Badillo (homicidios_Colombia_2003_2024)",
    "path": "https://github.com/reynellbadillo/homicidios_Colombia_2003_2024",
    "copied_from": "reynellbadillo/homicidios_Colombia_2003_2024@"
                   "8e2b0c0d337d3247352060428688507756cf24b9 (municipality_year.csv)",
}
SRC_POLICE_OLD = {
    "title": "Homicidios 1990-2013 by municipality, compiled by J. Moreno and A. Peláez "
             "(finiterank/homicidios); mostly Policía Nacional, not documented precisely",
    "path": "https://github.com/finiterank/homicidios",
    "copied_from": "finiterank/homicidios@4a93956f16cb3325b781341813006d408ec1bec9 "
                   "(data/homicidios.1990.a.2013.csv)",
}
SRC_SEED = {
    "title": "The Lab's report: " + lab_report.REPORT_REFERENCE,
    "path": "docs/sources.md",
}
SRC_FACTS = {
    "title": "Secondary public sources (news, NGO, academic and official pages), each named in "
             "the row's source column; full references and links in the kit's sources page",
    "path": "docs/sources.md",
}

LIC_NOT_STATED = {
    "name": "notspecified",
    "title": "Not stated by the copying repository; public data of the Alcaldía de Medellín "
             "(MEData). Verify on medata.gov.co / datos.gov.co before redistribution.",
}
LIC_CC_BY_SA = {
    "name": "CC-BY-SA",
    "title": "Creative Commons Attribution Share-Alike (version not stated), as given in "
             "crimemappingdata's documentation; attribute Alcaldía de Medellín – MEData / SISC",
}
LIC_UNDOC = {
    "name": "notspecified",
    "title": "Origin and licence undocumented in the copying repository (crimemappingdata, "
             "package code MIT)",
}
LIC_GOV = {
    "name": "notspecified",
    "title": "None stated; public Colombian government statistics (Policía Nacional, DANE). "
             "Attribute them and the compiling repository.",
}
LIC_SEED = {
    "name": "notspecified",
    "title": "Public report; no licence stated. Quoted and summarised for teaching.",
}

CAV_SISC = [
    "SISC totals for 2003-2008 are lower than other published counts (Medellín 2003: SISC "
    "1,624 homicides, Policía Nacional 1,923): a source difference to teach, not to 'fix'.",
    "Reported thefts rose partly through reporting changes (e.g. online complaints), not only "
    "through crime, as the source's provenance note says: 'Hurto a persona' went from 3,310 "
    "(2010) to 45,502 (2019).",
    "The source omits zero counts; here every territory x period x conduct appears, with 0 "
    "where the source has no row.",
    "The source writes comuna codes as '13.0' on homicide rows and '13' otherwise; codes are "
    "normalised to two digits ('01'..'16', '50'..'90'). 'SIN DATO' (location unknown) is kept "
    "as its own territory.",
    "Covers only the conducts in the source (homicide, thefts, extortion); no injuries or "
    "domestic violence.",
    "Licence not restated by the copying repositories; attribute 'Alcaldía de Medellín – SISC "
    "/ MEData'.",
]
CAV_BOUNDS = [
    "The boundary file's origin is undocumented (field names suggest an ArcGIS Hub export of "
    "the Alcaldía's comuna/corregimiento layer): treat the boundaries as unverified.",
]


def resource(name: str, title: str, description: str, fields: list[dict], *,
             primary_key: list[str] | None, sources: list[dict], licenses: list[dict],
             caveats: list[str], path: str | None = None) -> dict:
    res: dict[str, Any] = {
        "name": name, "path": path or f"{name}.csv", "profile": "tabular-data-resource",
        "title": title, "description": description, "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": fields, "missingValues": [""]},
        "sources": sources, "licenses": licenses, "caveats": caveats,
    }
    if primary_key:
        res["schema"]["primaryKey"] = primary_key
    return res


def descriptors(territories: list[Territory], conducts: list[str], modalities: list[str],
                reports: dict) -> list[dict]:
    codes = [t.code for t in territories]
    codes_sd = [*codes, "SIN DATO"]
    kinds_sd = ["comuna", "corregimiento", "sin dato"]
    terr_fields = [
        f("territory_code", "string", "Comuna ('01'..'16') or corregimiento ('50','60','70',"
          "'80','90') code, two digits; 'SIN DATO' where the source gives no location.",
          enum=codes_sd),
        f("territory_name", "string", "Name of the comuna or corregimiento ('Sin dato' for "
          "unknown location)."),
        f("territory_kind", "string", "comuna (urban), corregimiento (rural) or sin dato.",
          enum=kinds_sd, categorical=True),
    ]
    conduct_field = f("conduct", "string", "Crime type as spelled in the SISC source "
                      "(Conducta).", enum=conducts, categorical=True)
    cases = f("cases", "integer", "Number of cases (count of reported events) in the period.",
              minimum=0)
    ev = reports["homicide_events"]["assignment"]
    res = [
        resource(
            "crimes_annual", "Crimes by territory, year and conduct (SISC), 2003-2023",
            "Annual counts of reported crimes by comuna/corregimiento, from the SISC "
            "consolidated table. Every territory x year x conduct is present (0 where the "
            "source has no row).",
            [*terr_fields,
             f("year", "integer", "Calendar year of the events.", minimum=2003, maximum=2023),
             conduct_field, cases],
            primary_key=["territory_code", "year", "conduct"],
            sources=[SRC_SISC], licenses=[LIC_NOT_STATED], caveats=CAV_SISC),
        resource(
            "crimes_monthly", "Crimes by territory, month and conduct (SISC), 2003-01 to 2021-09",
            "Monthly counts of reported crimes by comuna/corregimiento, from the SISC "
            "consolidated table by year-month. Summed by year they equal crimes_annual exactly "
            "for 2003-2020 (checked in the build); 2021 stops in September.",
            [*terr_fields,
             f("year", "integer", "Calendar year.", minimum=2003, maximum=2021),
             f("month", "integer", "Month of the year, 1-12.", minimum=1, maximum=12),
             f("period", "string", "Year and month, 'YYYY-MM'.", pattern=r"\d{4}-\d{2}"),
             conduct_field, cases],
            primary_key=["territory_code", "period", "conduct"],
            sources=[SRC_SISC], licenses=[LIC_NOT_STATED],
            caveats=[*CAV_SISC, "The monthly series ends in 2021-09 (the copy was taken in "
                     "2022)."]),
        resource(
            "homicide_events", "Homicide events in Medellín, 2010-2019 (MEData)",
            "One row per homicide victim validated by the SISC homicide review board, with "
            "the comuna or corregimiento assigned in the build by point-in-polygon against the "
            f"boundary file. Assigned: {ev.get('assigned', 0)}; no coordinates: "
            f"{ev.get('no coordinates', 0)}; outside every polygon: "
            f"{ev.get('outside boundaries', 0)}.",
            [
                f("event_id", "integer", "Row number after sorting by time, place and victim "
                  "attributes (stable across rebuilds of the same source).", minimum=1),
                f("occurred_at", "datetime", "Date and time of the event, local time (Colombia, "
                  "UTC-5) as given; the source's 'Z' (UTC) suffix is wrong and was removed.",
                  fmt_="%Y-%m-%dT%H:%M:%S"),
                f("year", "integer", "Year of occurred_at.", minimum=2010, maximum=2019),
                f("month", "integer", "Month of occurred_at, 1-12.", minimum=1, maximum=12),
                f("weekday", "integer", "Day of the week of occurred_at, 0 = Monday ... "
                  "6 = Sunday.", minimum=0, maximum=6),
                f("hour", "integer", "Hour of occurred_at, 0-23 (local time).", minimum=0,
                  maximum=23),
                f("longitude", "number", "Longitude, decimal degrees (WGS 84); empty when the "
                  "source has no coordinates.", required=False),
                f("latitude", "number", "Latitude, decimal degrees (WGS 84); empty when the "
                  "source has no coordinates.", required=False),
                f("sex", "string", "Sex of the victim as in the source.",
                  enum=["Hombre", "Mujer"], categorical=True),
                f("age", "integer", "Age of the victim in years; empty when unknown.",
                  required=False, minimum=0),
                f("modality", "string", "Means of the homicide as in the source (modalidad).",
                  enum=modalities, categorical=True),
                f("territory_code", "string", "Comuna/corregimiento containing the point; "
                  "empty when not assigned (see assignment).", required=False, enum=codes),
                f("territory_name", "string", "Name of that territory; empty when not "
                  "assigned.", required=False),
                f("assignment", "string", "'assigned', 'no coordinates' (the source has none) "
                  "or 'outside boundaries' (the point lies outside every polygon).",
                  enum=["assigned", "no coordinates", "outside boundaries"], categorical=True),
            ],
            primary_key=["event_id"], sources=[SRC_EVENTS, SRC_BOUNDS],
            licenses=[LIC_CC_BY_SA],
            caveats=[
                "Times carry a 'Z' (UTC) suffix in the source although they are local times; "
                "the suffix was dropped and times are kept as given.",
                f"{ev.get('no coordinates', 0)} events have no coordinates and "
                f"{ev.get('outside boundaries', 0)} fall outside every comuna/corregimiento "
                "polygon: their territory is empty.",
                "Yearly totals here vs the SISC consolidated table (crimes_annual): "
                + "; ".join(f"{y}: {a:,} vs {b:,}" for y, a, b in reports["events_vs_sisc"])
                + ". Both are SISC-validated counts, taken at different dates.",
                "MEData revises records over time: this is the file as downloaded in Feb 2023.",
                "One record gives age -1 in the source; it is treated as unknown.",
                *CAV_BOUNDS,
            ]),
        resource(
            "territories", "The 16 comunas and 5 corregimientos of Medellín",
            "Codes, names and kinds of the 21 territories, with area and centroid computed "
            "from the boundary file. Geometry: boundaries.geojson.",
            [
                f("territory_code", "string", "Two-digit code ('01'..'16' comunas, '50'..'90' "
                  "corregimientos).", enum=codes),
                f("territory_name", "string", "Name of the comuna or corregimiento."),
                f("territory_kind", "string", "comuna (urban) or corregimiento (rural).",
                  enum=["comuna", "corregimiento"], categorical=True),
                f("area_km2", "number", "Area in square kilometres (km²), computed from the "
                  "polygon on a sphere of mean Earth radius (about 0.3% precision).",
                  minimum=0),
                f("centroid_longitude", "number", "Longitude of the area-weighted centroid, "
                  "decimal degrees (WGS 84)."),
                f("centroid_latitude", "number", "Latitude of the area-weighted centroid, "
                  "decimal degrees (WGS 84)."),
                f("source_shape_area_km2", "number", "The boundary file's own SHAPE__Area "
                  "field / 10^6 (km², projection undocumented; about 1.4% above area_km2).",
                  minimum=0),
                f("boundary_sector", "integer", "The boundary file's SECTOR field, as given "
                  "(undocumented grouping of territories)."),
            ],
            primary_key=["territory_code"], sources=[SRC_BOUNDS], licenses=[LIC_UNDOC],
            caveats=CAV_BOUNDS),
        {
            "name": "boundaries", "path": "boundaries.geojson", "profile": "data-resource",
            "title": "Boundaries of the 21 comunas and corregimientos (GeoJSON)",
            "description": "RFC 7946 FeatureCollection, one MultiPolygon per territory, "
                           "properties territory_code, territory_name, territory_kind. "
                           f"Coordinates WGS 84, rounded to {COORD_DECIMALS} decimals (about "
                           "0.1 m); rings oriented exterior counter-clockwise. Sliver rings "
                           f"under {SLIVER_MAX_M2:g} m² that collapse when rounded "
                           f"({reports['slivers']} in the source) are left out; the build's "
                           "point-in-polygon uses the unrounded source geometry.",
            "format": "geojson", "mediatype": "application/geo+json", "encoding": "utf-8",
            "sources": [SRC_BOUNDS], "licenses": [LIC_UNDOC], "caveats": CAV_BOUNDS,
        },
        resource(
            "stations", "Metro and Metrocable stations (Metro de Medellín open data)",
            "Stations of the Metro and cable lines, with the territory containing each station "
            "(point-in-polygon in the build; empty outside Medellín's boundaries).",
            [
                f("line", "string", "Line letter as in the source (A, B metro; H, J, K, L, M, "
                  "P cable)."),
                f("station_name", "string", "Station name without the 'Estación ... (Línea X)' "
                  "wrapper."),
                f("system", "string", "Metro or Cable, as in the source.",
                  enum=["Cable", "Metro"], categorical=True),
                f("municipality", "string", "Municipality as in the source."),
                f("longitude", "number", "Longitude, decimal degrees (WGS 84), 6 decimals."),
                f("latitude", "number", "Latitude, decimal degrees (WGS 84), 6 decimals."),
                f("territory_code", "string", "Comuna/corregimiento containing the station; "
                  "empty outside Medellín's boundaries.", required=False, enum=codes),
                f("station_label", "string", "The source's full station name."),
            ],
            primary_key=["line", "station_name"], sources=[SRC_STATIONS, SRC_BOUNDS],
            licenses=[LIC_UNDOC],
            caveats=["Station list as published when the copy was made; lines opened later "
                     "are missing.",
                     "The source gives municipality 'Itagüí' for Estación Envigado; kept as "
                     "given."]),
        resource(
            "population_2018", "Population 2018 by territory, age group and sex (DAP projection)",
            "Projected 2018 population of each comuna and corregimiento by five-year age group "
            "and sex. The source's 'Total' age rows and its 'Suma Comunas', 'Suma "
            "Corregimientos' and 'Total Medellín' rows are dropped after the build checked "
            "that they equal the sums (so nothing is double counted). City total: "
            f"{reports['population_2018']['city_total']:,}.",
            [
                f("territory_code", "string", "Two-digit territory code.", enum=codes),
                f("territory_name", "string", "Name of the comuna or corregimiento."),
                f("territory_kind", "string", "comuna or corregimiento.",
                  enum=["comuna", "corregimiento"], categorical=True),
                f("age_group", "string", "Five-year age group in years; '80+' is 80 and over.",
                  enum=AGE_GROUPS, categorical=True, ordered=True),
                f("age_min", "integer", "Lowest age in the group (years).", minimum=0),
                f("age_max", "integer", "Highest age in the group (years); empty for 80+.",
                  required=False),
                f("sex", "string", "hombres (men) or mujeres (women).",
                  enum=["hombres", "mujeres"], categorical=True),
                f("population", "integer", "Number of people (persons), 2018 projection.",
                  minimum=0),
            ],
            primary_key=["territory_code", "age_group", "sex"], sources=[SRC_POP],
            licenses=[{"name": "notspecified", "title": "Data of the Alcaldía de Medellín; the "
                       "copying repository is MIT-licensed but does not cite the download"}],
            caveats=[
                "Two population bases exist for 2018: this DAP projection (2005-census based, "
                "city total 2,529,403) and DANE's CNPV-2018-based series (city total "
                "2,427,129, see police_homicides_2003_2024). Rates differ by about 4%: always "
                "name the base.",
                "Origin inferred (DAP projections published on MEData); the copying repository "
                "does not cite the download URL.",
            ]),
        resource(
            "police_homicides_2003_2024",
            "Homicides by municipality, 2003-2024 (Policía Nacional, large cities)",
            "Yearly homicides, population and rate for the municipalities with at least "
            f"{CITY_MIN_POPULATION_2018:,} inhabitants in 2018 (population column of the same "
            "file), including Medellín, long format, to compare sources and cities.",
            [
                f("municipality_code", "string", "DANE municipality code, 5 digits.",
                  pattern=r"\d{5}"),
                f("municipality", "string", "Municipality name (spelling of the 1990-2013 file, "
                  "shared by both police tables)."),
                f("department", "string", "Department name (spelling of the 1990-2013 file)."),
                f("municipality_source", "string", "Municipality as written in this source "
                  "('(CT)' marks a department capital)."),
                f("department_source", "string", "Department as written in this source."),
                f("region", "string", "Region as given in the source."),
                f("year", "integer", "Calendar year.", minimum=2003, maximum=2024),
                f("homicides", "integer", "Homicides (count) reported by the police.",
                  minimum=0),
                f("population", "integer", "Population (persons), DANE projection.",
                  minimum=0),
                f("rate_per_100k", "number", "Homicides per 100,000 inhabitants, computed as "
                  "homicides / population x 100,000, 4 decimals.", minimum=0),
                f("rate_per_100k_source", "number", "The rate as given in the source, 4 "
                  "decimals (compare with rate_per_100k).", minimum=0),
            ],
            primary_key=["municipality_code", "year"], sources=[SRC_POLICE_NEW],
            licenses=[LIC_GOV],
            caveats=[
                "A third-party aggregation of official police files; counts differ from SISC "
                "and Medicina Legal in some years (Medellín 2009: police 1,416; SISC 2,095; "
                "Medicina Legal 2,186). Use for comparing sources and cities, not as 'the' "
                "official Medellín series.",
                "Population: DANE projections based on the 2005 census up to 2017 and on CNPV "
                "2018 from 2018, so rates jump at 2017/2018 (Medellín 2,508,452 -> 2,427,129).",
                f"Selection rule: population >= {CITY_MIN_POPULATION_2018:,} in 2018 in this "
                "file; Palmira (349,294) falls just below.",
            ]),
        resource(
            "police_homicides_1990_2013",
            "Homicides by municipality, 1990-2013 (compiled series, large cities)",
            "The same municipalities as police_homicides_2003_2024, from the 1990-2013 wide "
            "table reshaped to long format.",
            [
                f("municipality_code", "string", "DANE municipality code, 5 digits (the source "
                  "drops the leading zero).", pattern=r"\d{5}"),
                f("municipality", "string", "Municipality name as in this source."),
                f("department", "string", "Department name as in this source."),
                f("municipality_source", "string", "Municipality as written in this source."),
                f("department_source", "string", "Department as written in this source."),
                f("year", "integer", "Calendar year.", minimum=1990, maximum=2013),
                f("homicides", "integer", "Homicides (count); empty where the source has NA.",
                  required=False, minimum=0),
                f("population", "integer", "Population (persons); empty where the source has "
                  "NA.", required=False, minimum=0),
                f("rate_per_100k", "number", "Homicides per 100,000 inhabitants, computed as "
                  "homicides / population x 100,000, 4 decimals; empty where either is NA.",
                  required=False, minimum=0),
                f("rate_per_100k_source", "number", "The rate as given in the source, 4 "
                  "decimals; empty where the source has NA.", required=False, minimum=0),
            ],
            primary_key=["municipality_code", "year"], sources=[SRC_POLICE_OLD],
            licenses=[{"name": "notspecified", "title": "None stated by the compiling "
                       "repository"}],
            caveats=[
                "Low-medium confidence: 'different sources' per the compilers, most likely "
                "Policía Nacional throughout, with DANE (2005-census) population; not "
                "documented precisely.",
                "For Medellín the early-1990s counts are far below the vital-statistics series "
                "used by SISC (peak rate 388 per 100,000 in 1991 per García et al. 2012; this "
                "file gives 266). Good for 'which number is right?', not as the official "
                "series.",
                f"{reports['police']['missing_homicides_1990_2013']} municipality-years have "
                "no homicide count (NA in the source), e.g. Soacha in the early 1990s.",
                "The source's own rate differs from homicides / population by more than 0.01 "
                "in: " + ("; ".join(m for m in reports["police"]["rate_mismatches"]
                                     if "1990-2013" in m) or "no case") + ".",
            ]),
        resource(
            "timeline", "Timeline of the case territories and institutions",
            "Dated events for Comuna 13, Moravia, Vereda La Loma, CEPAR, the Museo Casa de la "
            "Memoria, SIES-M, the public policy and the Medellín Lab, each with its source. "
            "Hand-curated in scripts/sources/timeline.csv only from the Lab's report and "
            "named secondary sources; the build checks every 'evidence' excerpt word for word "
            "against the report and the kit's notes on those sources. "
            "Where sources disagree, each version has its own row.",
            [
                f("date", "string", "ISO date, possibly partial: 'YYYY', 'YYYY-MM' or "
                  "'YYYY-MM-DD'.", pattern=r"\d{4}(-\d{2}(-\d{2})?)?"),
                f("year", "integer", "Year of the date.", minimum=1900, maximum=2100),
                f("event", "string", "What happened (English; Spanish proper names kept)."),
                f("territory", "string", "Territory or scope of the event."),
                f("model_line", "string", "Id of the line of intervention or axis of "
                  "medlab_teach.model the event illustrates, or empty.", required=False),
                f("source", "string", "Where the fact comes from."),
                f("note", "string", "Disagreements, approximations, how a date was derived.",
                  required=False),
                f("case_id", "string", "Case the row belongs to.",
                  enum=sorted({"comuna_13", "moravia", "la_loma", "cepar",
                               "museo_casa_memoria", "sies_m", "politica_publica",
                               "medellin_lab"}), categorical=True),
                f("territory_code", "string", "Two-digit territory code, or empty for "
                  "city-wide rows.", required=False, enum=codes),
                f("source_kind", "string", "'report' (the Lab's report, Medellín Lab 2017) or "
                  "'secondary' (a public source named in the source column).",
                  enum=["report", "secondary"], categorical=True),
                f("evidence", "string", "Verbatim excerpt of the Lab's report, or of the kit's "
                  "note on the secondary source, supporting the row."),
            ],
            primary_key=None, sources=[SRC_SEED, SRC_FACTS], licenses=[LIC_SEED],
            caveats=[
                "The Lab's report is an account of the Lab by its organisers, the Alcaldía "
                "among them: teach it critically.",
                "The 2002 operations in Comuna 13 (Operación Orión) are contested history.",
                "Sources disagree on Moravia's dates and population and on the number of "
                "people displaced from La Loma in 2013: both versions are kept as rows.",
                "Dates of the Lab's visits are derived from the Lab's report (day n of 29 May "
                "- 2 June 2017); CEPAR's founding year is not verified and has no row.",
                "A date known only to the year is written as the year ('2013'), to the month "
                "as 'YYYY-MM'; no day is invented.",
            ]),
        resource(
            "lab_days", "The five days of the Medellín Lab 2017",
            "Theme (the Lab's report's day headings), sites, activities and the parts of the "
            "model "
            "each day covered.",
            [
                f("day", "integer", "Day of the Lab, 1-5.", minimum=1, maximum=5),
                f("date", "date", "Date of the day (the Lab ran 29 May - 2 June 2017)."),
                f("theme_es", "string", "The report's heading for the day (sentence case)."),
                f("theme_en", "string", "English gloss of the theme."),
                f("sites", "string", "Places visited, ';'-separated.", required=False),
                f("model_lines", "string", "Ids of medlab_teach.model components the day "
                  "covers, ';'-separated (the kit's mapping of the report's text).",
                  required=False),
                f("territory_codes", "string", "Territories visited, ';'-separated codes.",
                  required=False),
                f("activities", "string", "Activities of the day, ';'-separated, as named in "
                  "the Lab's report."),
                f("report_heading", "string", "The report's page heading for the day, "
                  "verbatim."),
            ],
            primary_key=["day"], sources=[SRC_SEED], licenses=[LIC_SEED],
            caveats=["The Lab's report is its organisers' own account of the Lab."]),
        resource(
            "lab_participants", "Organisers and participating countries of the Medellín Lab",
            "The five organisers and the 15 participating countries named in the Lab's "
            "report.",
            [
                f("kind", "string", "organiser or country.", enum=["country", "organiser"],
                  categorical=True),
                f("name_es", "string", "Name in Spanish."),
                f("name_en", "string", "English gloss."),
                f("report_wording", "string", "The report's wording, verbatim."),
            ],
            primary_key=["kind", "name_es"], sources=[SRC_SEED], licenses=[LIC_SEED],
            caveats=["The report spells the foundation 'Rockerfeller' (and 'Rockefeller' "
                     "later); name_es corrects it, report_wording keeps it.",
                     "Open Space group 8 includes Saint Kitts, which is not in the report's "
                     "list of 15 countries."]),
        resource(
            "open_space_groups", "The eight Open Space working groups (day 5)",
            "Title and objective of each working group, with the commitments the Lab's report "
            "gives without a term.",
            [
                f("group_number", "integer", "Group number as in the report, 1-8.", minimum=1,
                  maximum=8),
                f("title_es", "string", "Group title, as in the report."),
                f("title_en", "string", "English gloss."),
                f("objective_es", "string", "The group's objective, verbatim from the report."),
                f("objective_en", "string", "English gloss."),
                f("participants", "integer", "Number of participating bodies listed.",
                  minimum=1),
                f("termed_commitments", "integer", "Number of rows in open_space_commitments.",
                  minimum=0),
                f("other_commitments_es", "string", "Commitments without a short/medium/long "
                  "term, verbatim from the report.", required=False),
                f("note", "string", "Remarks on the report's text.", required=False),
            ],
            primary_key=["group_number"], sources=[SRC_SEED], licenses=[LIC_SEED],
            caveats=["Transcribed from the Lab's report; its typos are kept as written."]),
        resource(
            "open_space_participants", "Participants of the Open Space working groups",
            "One row per participating body per group, in the report's order.",
            [
                f("group_number", "integer", "Group number, 1-8.", minimum=1, maximum=8),
                f("order", "integer", "Position in the report's list.", minimum=1),
                f("participant_es", "string", "Participating body, verbatim from the report."),
                f("participant_en", "string", "English gloss."),
            ],
            primary_key=["group_number", "order"], sources=[SRC_SEED], licenses=[LIC_SEED],
            caveats=["Transcribed from the Lab's report."]),
        resource(
            "open_space_commitments", "Short, medium and long-term commitments of the Open Space",
            "One row per commitment with a term in the Lab's report; groups 2, 7 and 8 have "
            "none (see "
            "open_space_groups.other_commitments_es).",
            [
                f("group_number", "integer", "Group number, 1-8.", minimum=1, maximum=8),
                f("term", "string", "short, medium or long term (corto, mediano, largo plazo).",
                  enum=TERMS, categorical=True, ordered=True),
                f("item", "integer", "Position among the group's commitments of that term.",
                  minimum=1),
                f("commitment", "string", "The commitment, verbatim from the report (Spanish)."),
                f("commitment_en", "string", "English gloss."),
            ],
            primary_key=["group_number", "term", "item"], sources=[SRC_SEED],
            licenses=[LIC_SEED],
            caveats=["Transcribed from the Lab's report; its typos and one garbled sentence "
                     "(group 5, medium term) are kept as written."]),
    ]
    return res


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def find_shared_text(raw: Path) -> tuple[str, str]:
    """The seed and FACTS.md live beside the raw folder: shared/seeds, shared/data/FACTS.md."""
    facts = raw.parent / FACTS_NAME
    seed = raw.parent.parent / SEED_PATH_IN_SHARED
    for p in (facts, seed):
        if not p.is_file():
            raise BuildError(f"missing {p} (expected beside the raw folder)")
    return seed.read_text(encoding="utf-8"), facts.read_text(encoding="utf-8")


def build(raw: Path, out: Path, *, quiet: bool = False) -> dict:
    """Build every table into `out` and write datapackage.json; return a report."""
    raw = raw.resolve()
    hashes = verify_raw(raw)
    seed, facts = find_shared_text(raw)
    territories = load_territories()
    codes = {t.code for t in territories}
    boundaries = load_boundaries(raw / "medellin_homicides_2010_2019" / "medellin_comunas.gpkg",
                                 territories)
    layout = [r["evidence"] for r in read_csv_dicts(SOURCES / "lab_days.csv")]
    text = TextCheck(seed, facts, layout)

    reports: dict[str, Any] = {"raw_sha256": hashes}
    tables: dict[str, Table] = {}
    tables["crimes_annual"], tables["crimes_monthly"], reports["crimes"] = build_crimes(
        raw, territories)
    tables["homicide_events"], reports["homicide_events"] = build_homicide_events(raw, boundaries)
    tables["territories"], geojson, reports["slivers"] = build_territories_and_geojson(
        boundaries)
    tables["stations"] = build_stations(raw, boundaries)
    tables["population_2018"], reports["population_2018"] = build_population(raw, territories)
    (tables["police_homicides_2003_2024"], tables["police_homicides_1990_2013"],
     reports["police"]) = build_police(raw)
    tables.update(build_curated(text, codes))
    check_quotations(text)
    sisc_hom: Counter = Counter()
    for row in tables["crimes_annual"][1]:
        if row[4] == "Homicidio":
            sisc_hom[row[3]] += row[5]
    reports["events_vs_sisc"] = [
        (y, n, sisc_hom[y]) for y, n in reports["homicide_events"]["per_year"].items()
    ]

    res = descriptors(territories, reports["crimes"]["conducts"],
                      reports["homicide_events"]["modalities"], reports)
    out.mkdir(parents=True, exist_ok=True)
    for r in res:
        if r["name"] == "boundaries":
            data = (json.dumps(geojson, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        else:
            header, rows = tables[r["name"]]
            names = [fd["name"] for fd in r["schema"]["fields"]]
            if names != header:
                raise BuildError(f"{r['name']}: schema fields {names} != header {header}")
            data = csv_bytes(header, rows)
        (out / r["path"]).write_bytes(data)
        r["bytes"] = len(data)
        r["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    missing = set(tables) - {r["name"] for r in res}
    if missing:
        raise BuildError(f"tables without a descriptor: {sorted(missing)}")

    package = {
        "profile": "data-package",
        "name": "medlab-teach-data",
        "title": "medlab-teach data package: crime, homicides, population, boundaries and the "
                 "Medellín Lab 2017",
        "description": "Tidy tables built by scripts/build_data.py from public raw datasets "
                       "(each verified against the sha256 in its PROVENANCE.md) and from the "
                       "Medellín Lab 2017 report. Each resource keeps its sources, licence, "
                       "sha256 hash and caveats. Rebuild with `make data RAW=path/to/raw`.",
        "version": "1.0.0",
        "sources": [SRC_SISC, SRC_EVENTS, SRC_BOUNDS, SRC_STATIONS, SRC_POP, SRC_POLICE_NEW,
                    SRC_POLICE_OLD, SRC_SEED, SRC_FACTS],
        "raw_sha256": hashes,
        "build": {
            "script": "scripts/build_data.py",
            "municipality_rule": reports["police"]["rule"],
            "homicide_assignment": reports["homicide_events"]["assignment"],
        },
        "resources": res,
    }
    text_out = json.dumps(package, ensure_ascii=False, indent=2) + "\n"
    (out / "datapackage.json").write_text(text_out, encoding="utf-8", newline="\n")
    if not quiet:
        print_report(out, res, reports)
    return reports


def print_report(out: Path, res: list[dict], reports: dict) -> None:
    print(f"Wrote {len(res)} resources + datapackage.json into {out}")
    for r in res:
        rows = "" if r["name"] == "boundaries" else (
            f"{sum(1 for _ in (out / r['path']).open(encoding='utf-8')) - 1:>7,} rows")
        print(f"  {r['path']:<34} {rows:>12} {r['bytes']:>10,} bytes")
    ev = reports["homicide_events"]
    print(f"Homicide events: {ev['events']:,}; assignment {ev['assignment']}")
    print(f"Sliver rings dropped from the GeoJSON: {reports['slivers']}")
    print(f"Population checks passed: {reports['population_2018']['checks_passed']}")
    print(f"Municipalities ({reports['police']['rule']}): "
          + ", ".join(reports["police"]["municipalities"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("raw", type=Path, help="path to shared/data/raw")
    ap.add_argument("--out", type=Path, default=REPO / "data",
                    help="output folder (default: the kit's data/)")
    ap.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = ap.parse_args(argv)
    try:
        build(args.raw, args.out, quiet=args.quiet)
    except BuildError as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
