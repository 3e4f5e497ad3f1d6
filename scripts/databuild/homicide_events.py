"""Raw source medellin_homicides.csv (MEData via crimemappingdata): one row per homicide
victim, 2010-2019, with its territory found by point-in-polygon."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from pathlib import Path

import numpy as np

from databuild.boundaries import Boundary, Locator
from databuild.common import BuildError, Table, read_csv_dicts, to_int

EVENT_YEARS = range(2010, 2020)


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
