"""The raw datasets the build reads, each file verified against the sha256 that its
dataset's PROVENANCE.md records, and the two texts curated rows are checked against."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from databuild.common import BuildError, sha256_file

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


SEED_PATH_IN_SHARED = Path("seeds") / "000_fce15378cb2f54d3.txt"


FACTS_NAME = "FACTS.md"


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


def find_shared_text(raw: Path) -> tuple[str, str]:
    """The seed and FACTS.md live beside the raw folder: shared/seeds, shared/data/FACTS.md."""
    facts = raw.parent / FACTS_NAME
    seed = raw.parent.parent / SEED_PATH_IN_SHARED
    for p in (facts, seed):
        if not p.is_file():
            raise BuildError(f"missing {p} (expected beside the raw folder)")
    return seed.read_text(encoding="utf-8"), facts.read_text(encoding="utf-8")
