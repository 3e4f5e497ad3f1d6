"""Raw sources municipality_year.csv (Policía Nacional 2003-2024, aggregated by R. Badillo) and
homicidios.1990.a.2013.csv (finiterank/homicidios): homicides of the large municipalities.

Both tables keep the same municipalities, chosen by one documented rule, and spell their names the
same way (the 1990-2013 file's spelling); each keeps the source's own spelling beside it.
"""

from __future__ import annotations

from pathlib import Path

from databuild.common import BuildError, Table, fmt, read_csv_dicts, to_int

#: Selection rule for the municipal series: every municipality with at least this many
#: inhabitants in 2018 according to the population column of the 2003-2024 police file
#: (DANE, CNPV-2018 based). It keeps the big cities and their large neighbours (Soacha,
#: Soledad, Bello) and is documented in datapackage.json.
CITY_MIN_POPULATION_2018 = 350_000
MEDELLIN_DANE = "05001"
NEW_FILE = Path("homicidios_municipios_policia_2003_2024") / "municipality_year.csv"
OLD_FILE = Path("homicidios_municipios_1990_2013") / "homicidios.1990.a.2013.csv"
HEADER_NEW = ["municipality_code", "municipality", "department", "municipality_source",
              "department_source", "region", "year", "homicides", "population", "rate_per_100k",
              "rate_per_100k_source"]
HEADER_OLD = ["municipality_code", "municipality", "department", "municipality_source",
              "department_source", "year", "homicides", "population", "rate_per_100k",
              "rate_per_100k_source"]


class _Rates:
    """Own rate next to the source's, collecting where the two differ by more than 0.01."""

    def __init__(self) -> None:
        self.mismatches: list[str] = []

    def __call__(self, hom: int | None, pop: int | None, rate: str,
                 label: str) -> list[str | None]:
        """[own rate, source rate]; the kit's rate is homicides / population x 100,000."""
        source = None if rate in ("", "NA") else float(rate)
        own = hom / pop * 1e5 if hom is not None and pop else None
        if own is not None and source is not None and abs(own - source) > 0.01:
            self.mismatches.append(f"{label}: source {source:g}, homicides/population {own:.2f}")
        return [None if own is None else fmt(own, 4),
                None if source is None else fmt(source, 4)]


def select_municipalities(new: list[dict[str, str]], old: list[dict[str, str]],
                          old_name: str) -> tuple[list[str], dict[str, tuple[str, str]]]:
    """Codes kept by the population rule, and each one's (municipality, department) spelling."""
    selected = sorted({
        r["municipio_code"] for r in new
        if r["year"] == "2018"
        and to_int(r["population"], NEW_FILE.name) >= CITY_MIN_POPULATION_2018
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
        raise BuildError(f"{old_name} lacks municipalities {sorted(missing)}")
    return selected, canon


def _rows_2003_2024(new: list[dict[str, str]], selected: list[str],
                    canon: dict[str, tuple[str, str]], rates: _Rates) -> list[list]:
    rows = []
    seen = set()
    for i, r in enumerate(new, start=2):
        code = r["municipio_code"]
        if code not in selected:
            continue
        where = f"{NEW_FILE.name} line {i}"
        year = to_int(r["year"], where)
        if (code, year) in seen:
            raise BuildError(f"{where}: duplicate {code} {year}")
        seen.add((code, year))
        hom = to_int(r["total_homicides"], where)
        pop = to_int(r["population"], where)
        rows.append([code, *canon[code], r["municipio"], r["departamento"], r["region"],
                     year, hom, pop,
                     *rates(hom, pop, r["homic_rate"], f"{canon[code][0]} {year}")])
    rows.sort(key=lambda row: (row[0], row[6]))
    return rows


def _rows_1990_2013(old: list[dict[str, str]], selected: list[str],
                    canon: dict[str, tuple[str, str]], rates: _Rates) -> list[list]:
    """The wide 1990-2013 table (hom90 ... tas13 columns) reshaped to one row per year."""
    rows = []
    for i, r in enumerate(old, start=2):
        code = r["cod"].zfill(5)
        if code not in selected:
            continue
        where = f"{OLD_FILE.name} line {i}"
        for yy in [*range(90, 100), *range(0, 14)]:
            year = 1900 + yy if yy >= 90 else 2000 + yy
            sfx = f"{yy:02d}"
            hom_s, pop_s = r[f"hom{sfx}"], r[f"pob{sfx}"]
            hom = None if hom_s == "NA" else to_int(hom_s, where)
            pop = None if pop_s == "NA" else to_int(pop_s, where)
            rows.append([code, *canon[code], r["municipio"], r["departamento"], year,
                         hom, pop, *rates(hom, pop, r[f"tas{sfx}"],
                                          f"{canon[code][0]} {year} (1990-2013 file)")])
    rows.sort(key=lambda row: (row[0], row[5]))
    return rows


def build_police(raw: Path) -> tuple[Table, Table, dict]:
    """The two municipal tables (2003-2024, 1990-2013) and what the build found in them."""
    new = read_csv_dicts(raw / NEW_FILE)
    old = read_csv_dicts(raw / OLD_FILE)
    selected, canon = select_municipalities(new, old, OLD_FILE.name)
    rates = _Rates()
    new_rows = _rows_2003_2024(new, selected, canon, rates)
    old_rows = _rows_1990_2013(old, selected, canon, rates)
    report = {
        "rule": f"population >= {CITY_MIN_POPULATION_2018:,} in 2018 (police 2003-2024 file)",
        "municipalities": [f"{c} {canon[c][0]}" for c in selected],
        "rows_2003_2024": len(new_rows), "rows_1990_2013": len(old_rows),
        "missing_homicides_1990_2013": sum(1 for r in old_rows if r[6] is None),
        "rate_mismatches": rates.mismatches,
    }
    return (HEADER_NEW, new_rows), (HEADER_OLD, old_rows), report
