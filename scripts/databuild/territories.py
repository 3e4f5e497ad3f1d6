"""The 21 territories (scripts/sources/territories.csv): codes, names, and how each raw
source spells them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from databuild.common import SOURCES, BuildError, read_csv_dicts


@dataclass(frozen=True)
class Territory:
    code: str
    name: str
    kind: str
    population_name: str
    boundary_name: str


def load_territories(sources: Path = SOURCES) -> list[Territory]:
    rows = read_csv_dicts(sources / "territories.csv")
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
