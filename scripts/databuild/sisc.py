"""Raw source sisc_criminalidad_comunas (SISC / MEData): crimes by territory, per year and
per month, checked against each other."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from databuild.common import BuildError, Table, read_csv_dicts, to_int
from databuild.raw import RAW_FILES
from databuild.territories import Territory

SISC_YEARS = range(2003, 2024)


SISC_FIRST_MONTH, SISC_LAST_MONTH = (2003, 1), (2021, 9)


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
