"""The build's own checks: raw hashes from PROVENANCE.md, GeoPackage parsing, point-in-polygon,
code normalisation, word-for-word checks of curated text, and the metadata file's conventions."""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = next((p / "shared/data/raw" for p in ROOT.parents if (p / "shared/data/raw").is_dir()),
           ROOT.parent / "shared/data/raw")  # CI keeps shared/ beside the checkout
SHARED = RAW.parent.parent
NEEDS_RAW = pytest.mark.skipif(
    not RAW.is_dir(),
    reason=f"raw sources not found at {RAW}; these checks need shared/ beside the checkout",
)


sys.path.insert(0, str(ROOT / "scripts"))
from databuild import (  # noqa: E402  (the build's package lives in scripts/)
    boundaries,
    build,
    common,
    curated,
    geometry,
    metadata,
    raw,
    sisc,
    territories,
)


def test_provenance_hash_parser_pairs_names_and_hashes():
    a, b = "1" * 64, "a" * 64
    text = (f"Files: x_mes.csv (10 rows; sha256 {b}), x.csv (700 rows; sha256 {a}).\n"
            f"| x.csv | copied from repo / x.csv / {'c' * 40} | {a} |\n")
    assert raw.provenance_hashes(text, ["x.csv", "x_mes.csv"]) == {"x.csv": a, "x_mes.csv": b}
    with pytest.raises(common.BuildError, match="two different sha256"):
        raw.provenance_hashes(f"x.csv {a} and x.csv {b}", ["x.csv"])


@NEEDS_RAW
def test_provenance_hashes_match_the_raw_files():
    for dataset, files in raw.RAW_FILES.items():
        text = (RAW / dataset / "PROVENANCE.md").read_text(encoding="utf-8")
        found = raw.provenance_hashes(text, files)
        for name in files:
            actual = hashlib.sha256((RAW / dataset / name).read_bytes()).hexdigest()
            assert found[name] == actual, (dataset, name)


@NEEDS_RAW
def test_altered_raw_file_stops_the_build(tmp_path):
    copy = tmp_path / "raw"
    for dataset, files in raw.RAW_FILES.items():
        (copy / dataset).mkdir(parents=True)
        for name in (*files, "PROVENANCE.md"):
            (copy / dataset / name).symlink_to(RAW / dataset / name)
    target = copy / "poblacion_comunas_2018" / "Poblacion_medellin_2018.csv"
    content = target.read_bytes()
    target.unlink()
    target.write_bytes(content.replace(b"139716", b"139717", 1))
    with pytest.raises(common.BuildError, match=r"Poblacion_medellin_2018\.csv: sha256"):
        raw.verify_raw(copy)
    assert build.main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 1


def test_sisc_codes_are_normalised():
    known = {"01", "13", "60"}
    assert sisc.normalise_sisc_code("13.0", known, "t") == "13"
    assert sisc.normalise_sisc_code("13", known, "t") == "13"
    assert sisc.normalise_sisc_code("1", known, "t") == "01"
    assert sisc.normalise_sisc_code("SIN DATO", known, "t") == "SIN DATO"
    for bad in ("13.5", "99", "trece"):
        with pytest.raises(common.BuildError):
            sisc.normalise_sisc_code(bad, known, "t")


def _gpkg_blob(rings: list[list[tuple[float, float]]]) -> bytes:
    """A GeoPackage geometry: header with an XY envelope, then a little-endian WKB polygon."""
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    header = b"GP" + bytes([0, 0b0000_0011]) + struct.pack("<i", 4326)
    header += struct.pack("<4d", min(xs), max(xs), min(ys), max(ys))
    wkb = struct.pack("<BII", 1, 6, 1) + struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        wkb += struct.pack("<I", len(ring)) + b"".join(struct.pack("<2d", *p) for p in ring)
    return header + wkb


def test_gpkg_parser_and_point_in_polygon_with_hole():
    outer = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    hole = [(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0), (1.0, 1.0)]
    polys = geometry.parse_gpkg_geometry(_gpkg_blob([outer, hole]))
    assert polys == [[outer, hole]]
    terr = territories.Territory("01", "Uno", "comuna", "Uno", "UNO")
    locator = boundaries.Locator([boundaries.Boundary(terr, polys, 1, 0.0)])
    inside = locator.inside(np.array([[3.0, 3.0], [1.5, 1.5], [5.0, 5.0]]))
    assert inside[:, 0].tolist() == [True, False, False]  # the hole is outside
    with pytest.raises(common.BuildError, match="magic"):
        geometry.parse_gpkg_geometry(b"XX" + _gpkg_blob([outer])[2:])


def test_spherical_area_of_a_small_square():
    # a 0.01 x 0.01 degree square at the equator: about 1.1132 km x 1.1132 km
    ring = [(0.0, 0.0), (0.01, 0.0), (0.01, 0.01), (0.0, 0.01), (0.0, 0.0)]
    assert geometry.ring_area_m2(ring) == pytest.approx(1.2364e6, rel=2e-3)


@pytest.fixture(scope="module")
def text_check():
    seed = SHARED / "seeds" / "000_fce15378cb2f54d3.txt"
    facts = RAW.parent / "FACTS.md"
    if not (seed.is_file() and facts.is_file()):
        pytest.skip(f"seed and FACTS.md not found under {SHARED}")
    layout = [r["evidence"] for r in common.read_csv_dicts(common.SOURCES / "lab_days.csv")]
    return curated.TextCheck(seed.read_text(encoding="utf-8"), facts.read_text(encoding="utf-8"),
                           layout)


def test_curated_text_must_be_in_the_seed(text_check):
    # spans a page heading in the seed, so it is found only in the running text
    assert text_check.in_seed("Medellín realizará agendas a Teresina")
    assert text_check.in_seed("intercambio de ideas y creación de lazos", casefold=True)
    with pytest.raises(common.BuildError, match="not found word for word in the seed"):
        text_check.require_seed("realizar un encuentro en Lima", "test")
    with pytest.raises(common.BuildError, match=r"FACTS\.md"):
        text_check.require_facts("Operación Orión: began 17 October 2002", "test")


def test_a_date_not_in_the_sources_stops_the_build(text_check, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(common.SOURCES, sources)
    timeline = sources / "timeline.csv"
    text = timeline.read_text(encoding="utf-8")
    assert "Parque Biblioteca San Javier: opened 31 December 2006" in text
    timeline.write_text(text.replace("Parque Biblioteca San Javier: opened 31 December 2006",
                                     "Parque Biblioteca San Javier: opened 30 December 2006"),
                        encoding="utf-8")
    codes = {t.code for t in territories.load_territories(sources)}
    with pytest.raises(common.BuildError, match=r"timeline\.csv line \d+: not found"):
        curated.build_curated(text_check, codes, sources)


def test_field_short_form_expands_to_table_schema():
    spec = {"name": "age_group", "type": "string", "description": "Age group.",
            "enum": ["0-4", "5-9"], "categorical": True, "ordered": True}
    assert metadata.table_field(spec, "t") == {
        "name": "age_group", "type": "string", "description": "Age group.",
        "constraints": {"required": True, "enum": ["0-4", "5-9"]},
        "categories": ["0-4", "5-9"], "categoriesOrdered": True,
    }
    optional = {"name": "age", "type": "integer", "description": "Age.", "required": False,
                "minimum": 0}
    assert metadata.table_field(optional, "t")["constraints"] == {"minimum": 0}
    with pytest.raises(common.BuildError, match="unknown field keys"):
        metadata.table_field({**optional, "maximun": 120}, "t")
    with pytest.raises(common.BuildError, match="categorical field needs an enum"):
        metadata.table_field({**optional, "categorical": True}, "t")


def test_placeholders_take_the_build_values_and_typos_stop_the_build():
    values = {"codes": ["01", "02"], "slivers": 4}
    assert metadata.fill("${codes}", values, "t") == ["01", "02"]
    assert metadata.fill(["(${slivers} in the source)"], values, "t") == ["(4 in the source)"]
    with pytest.raises(common.BuildError, match=r"unknown placeholder \$\{sliver\}"):
        metadata.fill({"description": "${sliver} rings"}, values, "t")


def test_every_table_is_described_and_shared_caveats_are_spliced():
    meta = metadata.load_metadata()
    specs = {r["name"]: r for r in meta["resources"]}
    assert set(specs) == {p.stem for p in (ROOT / "src/medlab_teach/datasets").iterdir()} - {
        "datapackage"}
    text = metadata.METADATA.read_text(encoding="utf-8")
    values = {name: ["x"] for name in re.findall(r"\$\{(\w+)\}", text)}
    monthly = metadata.resource_descriptor(specs["crimes_monthly"], values)
    annual = metadata.resource_descriptor(specs["crimes_annual"], values)
    assert monthly["caveats"][:-1] == annual["caveats"] and len(annual["caveats"]) == 6
    assert monthly["path"] == "crimes_monthly.csv" and monthly["mediatype"] == "text/csv"
