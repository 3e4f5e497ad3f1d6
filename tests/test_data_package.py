"""datapackage.json is valid and true: frictionless validates every file, and a fresh build from
the raw sources gives the committed bytes (run twice: byte-identical)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import frictionless
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "medlab_teach" / "datasets"
RAW = next((p / "shared/data/raw" for p in ROOT.parents if (p / "shared/data/raw").is_dir()),
           ROOT.parent / "shared/data/raw")  # CI keeps shared/ beside the checkout
BUILD = ROOT / "scripts" / "build_data.py"


def _descriptor() -> dict:
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_frictionless_validates_every_resource():
    report = frictionless.validate(str(DATA / "datapackage.json"))
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:20]
    names = {task.name for task in report.tasks}
    assert names == {r["name"] for r in _descriptor()["resources"]}


def test_every_resource_has_provenance_and_hash():
    package = _descriptor()
    files = {p.name for p in DATA.iterdir() if p.name != "datapackage.json"}
    assert {r["path"] for r in package["resources"]} == files
    for res in package["resources"]:
        assert res["hash"].startswith("sha256:") and len(res["hash"]) == 7 + 64, res["name"]
        assert res["sources"] and res["licenses"] and res["caveats"], res["name"]
        if res["format"] == "csv":
            fields = res["schema"]["fields"]
            assert all(f.get("description") for f in fields), res["name"]


def test_csv_files_are_utf8_with_lf_endings():
    for path in DATA.glob("*.csv"):
        raw = path.read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw, path.name
        assert raw.endswith(b"\n"), path.name


def _build(out: Path) -> None:
    proc = subprocess.run([sys.executable, str(BUILD), str(RAW), "--out", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_build_is_reproducible_and_matches_committed_data(tmp_path):
    if not RAW.is_dir():
        pytest.skip(f"raw sources not found at {RAW}: the reproducibility check needs the "
                    "shared/ folder beside the checkout (CI has it; a plain clone does not)")
    first, second = tmp_path / "a", tmp_path / "b"
    _build(first)
    _build(second)
    built = sorted(p.name for p in first.iterdir())
    assert built == sorted(p.name for p in second.iterdir())
    assert built == sorted(p.name for p in DATA.iterdir())
    for name in built:
        fresh = (first / name).read_bytes()
        assert fresh == (second / name).read_bytes(), f"{name} differs between two builds"
        assert fresh == (DATA / name).read_bytes(), (
            f"data/{name} differs from a fresh build: run `make data` and commit the result")
