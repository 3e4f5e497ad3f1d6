"""Raw source Poblacion_medellin_2018.csv (DAP projection): people by territory, age group
and sex, with the source's total rows checked and dropped."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from databuild.common import BuildError, Table, read_csv_dicts, to_int
from databuild.territories import Territory

AGE_GROUPS = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80+",
)


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
