"""The build script's own checks: raw hashes from PROVENANCE.md, GeoPackage parsing,
point-in-polygon, code normalisation, and word-for-word checks of curated text."""

from __future__ import annotations

import hashlib
import importlib.util
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


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_data"] = module
    spec.loader.exec_module(module)
    return module


def test_provenance_hash_parser_pairs_names_and_hashes(build):
    a, b = "1" * 64, "a" * 64
    text = (f"Files: x_mes.csv (10 rows; sha256 {b}), x.csv (700 rows; sha256 {a}).\n"
            f"| x.csv | copied from repo / x.csv / {'c' * 40} | {a} |\n")
    assert build.provenance_hashes(text, ["x.csv", "x_mes.csv"]) == {"x.csv": a, "x_mes.csv": b}
    with pytest.raises(build.BuildError, match="two different sha256"):
        build.provenance_hashes(f"x.csv {a} and x.csv {b}", ["x.csv"])


@NEEDS_RAW
def test_provenance_hashes_match_the_raw_files(build):
    for dataset, files in build.RAW_FILES.items():
        text = (RAW / dataset / "PROVENANCE.md").read_text(encoding="utf-8")
        found = build.provenance_hashes(text, files)
        for name in files:
            actual = hashlib.sha256((RAW / dataset / name).read_bytes()).hexdigest()
            assert found[name] == actual, (dataset, name)


@NEEDS_RAW
def test_altered_raw_file_stops_the_build(build, tmp_path):
    raw = tmp_path / "raw"
    for dataset, files in build.RAW_FILES.items():
        (raw / dataset).mkdir(parents=True)
        for name in (*files, "PROVENANCE.md"):
            (raw / dataset / name).symlink_to(RAW / dataset / name)
    target = raw / "poblacion_comunas_2018" / "Poblacion_medellin_2018.csv"
    content = target.read_bytes()
    target.unlink()
    target.write_bytes(content.replace(b"139716", b"139717", 1))
    with pytest.raises(build.BuildError, match=r"Poblacion_medellin_2018\.csv: sha256"):
        build.verify_raw(raw)
    assert build.main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 1


def test_sisc_codes_are_normalised(build):
    known = {"01", "13", "60"}
    assert build.normalise_sisc_code("13.0", known, "t") == "13"
    assert build.normalise_sisc_code("13", known, "t") == "13"
    assert build.normalise_sisc_code("1", known, "t") == "01"
    assert build.normalise_sisc_code("SIN DATO", known, "t") == "SIN DATO"
    for bad in ("13.5", "99", "trece"):
        with pytest.raises(build.BuildError):
            build.normalise_sisc_code(bad, known, "t")


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


def test_gpkg_parser_and_point_in_polygon_with_hole(build):
    outer = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    hole = [(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0), (1.0, 1.0)]
    polys = build.parse_gpkg_geometry(_gpkg_blob([outer, hole]))
    assert polys == [[outer, hole]]
    terr = build.Territory("01", "Uno", "comuna", "Uno", "UNO")
    locator = build.Locator([build.Boundary(terr, polys, 1, 0.0)])
    inside = locator.inside(np.array([[3.0, 3.0], [1.5, 1.5], [5.0, 5.0]]))
    assert inside[:, 0].tolist() == [True, False, False]  # the hole is outside
    with pytest.raises(build.BuildError, match="magic"):
        build.parse_gpkg_geometry(b"XX" + _gpkg_blob([outer])[2:])


def test_spherical_area_of_a_small_square(build):
    # a 0.01 x 0.01 degree square at the equator: about 1.1132 km x 1.1132 km
    ring = [(0.0, 0.0), (0.01, 0.0), (0.01, 0.01), (0.0, 0.01), (0.0, 0.0)]
    assert build.ring_area_m2(ring) == pytest.approx(1.2364e6, rel=2e-3)


@pytest.fixture(scope="module")
def text_check(build):
    seed = SHARED / "seeds" / "000_fce15378cb2f54d3.txt"
    facts = RAW.parent / "FACTS.md"
    if not (seed.is_file() and facts.is_file()):
        pytest.skip(f"seed and FACTS.md not found under {SHARED}")
    layout = [r["evidence"] for r in build.read_csv_dicts(build.SOURCES / "lab_days.csv")]
    return build.TextCheck(seed.read_text(encoding="utf-8"), facts.read_text(encoding="utf-8"),
                           layout)


def test_curated_text_must_be_in_the_seed(build, text_check):
    # spans a page heading in the seed, so it is found only in the running text
    assert text_check.in_seed("Medellín realizará agendas a Teresina")
    assert text_check.in_seed("intercambio de ideas y creación de lazos", casefold=True)
    with pytest.raises(build.BuildError, match="not found word for word in the seed"):
        text_check.require_seed("realizar un encuentro en Lima", "test")
    with pytest.raises(build.BuildError, match=r"FACTS\.md"):
        text_check.require_facts("Operación Orión: began 17 October 2002", "test")


def test_a_date_not_in_the_sources_stops_the_build(build, text_check, tmp_path, monkeypatch):
    sources = tmp_path / "sources"
    shutil.copytree(build.SOURCES, sources)
    timeline = sources / "timeline.csv"
    text = timeline.read_text(encoding="utf-8")
    assert "Parque Biblioteca San Javier: opened 31 December 2006" in text
    timeline.write_text(text.replace("Parque Biblioteca San Javier: opened 31 December 2006",
                                     "Parque Biblioteca San Javier: opened 30 December 2006"),
                        encoding="utf-8")
    monkeypatch.setattr(build, "SOURCES", sources)
    codes = {t.code for t in build.load_territories()}
    with pytest.raises(build.BuildError, match=r"timeline\.csv line \d+: not found"):
        build.build_curated(text_check, codes)
