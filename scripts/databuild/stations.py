"""Raw source medellin_metro_stns.csv (Metro de Medellín open data via crimemappingdata):
stations with the territory that contains each."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from databuild.boundaries import Boundary, Locator
from databuild.common import BuildError, Table, fmt, read_csv_dicts
from databuild.geometry import COORD_DECIMALS


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
