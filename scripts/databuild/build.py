"""The whole build: verify the raw sources, build every table, write the files and
datapackage.json (metadata from scripts/sources/datapackage.yaml, stamped by the build)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from databuild.boundaries import build_territories_and_geojson, load_boundaries
from databuild.common import DATA_OUT, SOURCES, BuildError, Table, csv_bytes, read_csv_dicts
from databuild.curated import TextCheck, build_curated, check_quotations
from databuild.geometry import COORD_DECIMALS, SLIVER_MAX_M2
from databuild.homicide_events import build_homicide_events
from databuild.metadata import (
    descriptor_text,
    load_metadata,
    package_descriptor,
    resource_descriptor,
    stamp,
)
from databuild.police import CITY_MIN_POPULATION_2018, build_police
from databuild.population import AGE_GROUPS, build_population
from databuild.raw import find_shared_text, verify_raw
from databuild.sisc import build_crimes
from databuild.stations import build_stations
from databuild.territories import Territory, load_territories

USAGE = """Build the kit's data package (src/medlab_teach/datasets/) from the raw public datasets.

Every raw file is verified against the sha256 in its dataset's PROVENANCE.md before it is read,
and every hand-curated text is checked word for word against the Lab's report or FACTS.md."""


def build_tables(raw: Path, territories: list[Territory],
                 text: TextCheck) -> tuple[dict[str, Table], dict[str, Any], dict[str, Any]]:
    """Every table by name, the GeoJSON, and what the build found on the way (its report)."""
    codes = {t.code for t in territories}
    boundaries = load_boundaries(raw / "medellin_homicides_2010_2019" / "medellin_comunas.gpkg",
                                 territories)
    reports: dict[str, Any] = {}
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
    return tables, geojson, reports


def metadata_values(territories: list[Territory], reports: dict[str, Any]) -> dict[str, Any]:
    """What the ``${name}`` placeholders of datapackage.yaml stand for in this build."""
    codes = [t.code for t in territories]
    events = reports["homicide_events"]["assignment"]
    police = reports["police"]
    mismatches = [m for m in police["rate_mismatches"] if "1990-2013" in m]
    return {
        "territory_codes": codes,
        "territory_codes_with_unknown": [*codes, "SIN DATO"],
        "conducts": reports["crimes"]["conducts"],
        "modalities": reports["homicide_events"]["modalities"],
        "age_groups": list(AGE_GROUPS),
        "events_assigned": events.get("assigned", 0),
        "events_no_coordinates": events.get("no coordinates", 0),
        "events_outside": events.get("outside boundaries", 0),
        "events_vs_sisc": "; ".join(f"{y}: {a:,} vs {b:,}"
                                    for y, a, b in reports["events_vs_sisc"]),
        "coord_decimals": COORD_DECIMALS,
        "sliver_max_m2": f"{SLIVER_MAX_M2:g}",
        "slivers": reports["slivers"],
        "city_total": f"{reports['population_2018']['city_total']:,}",
        "city_min_population_2018": f"{CITY_MIN_POPULATION_2018:,}",
        "missing_homicides_1990_2013": police["missing_homicides_1990_2013"],
        "rate_mismatches_1990_2013": "; ".join(mismatches) or "no case",
    }


def file_content(resource: dict[str, Any], tables: dict[str, Table],
                 geojson: dict[str, Any]) -> tuple[bytes, int | None]:
    """A resource's bytes as written, and its number of data rows (None for the GeoJSON)."""
    if resource["format"] == "geojson":
        text = json.dumps(geojson, ensure_ascii=False, separators=(",", ":")) + "\n"
        return text.encode(), None
    if resource["name"] not in tables:
        raise BuildError(f"datapackage.yaml describes {resource['name']!r}, which the build "
                         "does not make")
    header, rows = tables[resource["name"]]
    names = [fd["name"] for fd in resource["schema"]["fields"]]
    if names != header:
        raise BuildError(f"{resource['name']}: schema fields {names} != header {header}")
    return csv_bytes(header, rows), len(rows)


def build(raw: Path, out: Path, *, quiet: bool = False) -> dict:
    """Build every table into `out` and write datapackage.json; return a report."""
    raw = raw.resolve()
    hashes = verify_raw(raw)
    seed, facts = find_shared_text(raw)
    territories = load_territories()
    layout = [r["evidence"] for r in read_csv_dicts(SOURCES / "lab_days.csv")]
    tables, geojson, reports = build_tables(raw, territories, TextCheck(seed, facts, layout))
    reports["raw_sha256"] = hashes

    meta = load_metadata()
    values = metadata_values(territories, reports)
    resources = [resource_descriptor(spec, values) for spec in meta["resources"]]
    missing = set(tables) - {r["name"] for r in resources}
    if missing:
        raise BuildError(f"tables without a descriptor in datapackage.yaml: {sorted(missing)}")
    out.mkdir(parents=True, exist_ok=True)
    for res in resources:
        content, rows = file_content(res, tables, geojson)
        (out / res["path"]).write_bytes(content)
        stamp(res, content, rows)
    package = package_descriptor(meta, resources, hashes, {
        "municipality_rule": reports["police"]["rule"],
        "homicide_assignment": reports["homicide_events"]["assignment"],
    })
    (out / "datapackage.json").write_text(descriptor_text(package), encoding="utf-8",
                                          newline="\n")
    if not quiet:
        print_report(out, resources, reports)
    return reports


def print_report(out: Path, res: list[dict], reports: dict) -> None:
    print(f"Wrote {len(res)} resources + datapackage.json into {out}")
    for r in res:
        rows = f"{r['rows']:>7,} rows" if "rows" in r else ""
        print(f"  {r['path']:<34} {rows:>12} {r['bytes']:>10,} bytes")
    ev = reports["homicide_events"]
    print(f"Homicide events: {ev['events']:,}; assignment {ev['assignment']}")
    print(f"Sliver rings dropped from the GeoJSON: {reports['slivers']}")
    print(f"Population checks passed: {reports['population_2018']['checks_passed']}")
    print(f"Municipalities ({reports['police']['rule']}): "
          + ", ".join(reports["police"]["municipalities"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=USAGE.split("\n\n")[0])
    ap.add_argument("raw", type=Path, help="path to shared/data/raw")
    ap.add_argument("--out", type=Path, default=DATA_OUT,
                    help="output folder (default: the package's data, src/medlab_teach/datasets)")
    ap.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = ap.parse_args(argv)
    try:
        build(args.raw, args.out, quiet=args.quiet)
    except BuildError as exc:
        print(f"build_data: {exc}", file=sys.stderr)
        return 1
    return 0
