"""Bad input to the loaders: every problem is named, located and comes with a way to fix it.

Each test copies the files it needs from data/ into tmp_path, corrupts them, and points
MEDLAB_TEACH_DATA at the copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medlab_teach import data

DATA = Path(__file__).resolve().parents[1] / "data"


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *files: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("datapackage.json", *files):
        shutil.copy2(DATA / name, folder / name)
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    return folder


def _rehash(folder: Path, file: str) -> None:
    """Record the corrupted file's hash, as if someone edited the file and the descriptor."""
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    content = (folder / file).read_bytes()
    for res in package["resources"]:
        if res["path"] == file:
            res["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
            res["bytes"] = len(content)
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def _edit_line(folder: Path, file: str, line_no: int, old: str, new: str) -> str:
    path = folder / file
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line_no - 1], (old, lines[line_no - 1])
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    _rehash(folder, file)
    return lines[line_no - 1]


def test_unknown_table_lists_available():
    with pytest.raises(data.UnknownTableError) as err:
        data.load("crime_annual")
    msg = str(err.value)
    assert "crime_annual" in msg and "crimes_annual" in msg and "homicide_events" in msg
    with pytest.raises(data.UnknownTableError, match=r"boundaries\(\)"):
        data.load("boundaries")


def test_missing_file_names_it_and_how_to_restore(tmp_path, monkeypatch):
    _copy(tmp_path, monkeypatch)  # descriptor only
    with pytest.raises(data.DataIntegrityError) as err:
        data.load("crimes_annual")
    msg = str(err.value)
    assert "data/crimes_annual.csv is missing" in msg
    assert "git checkout -- data/crimes_annual.csv" in msg and "make data RAW=" in msg


def test_altered_file_fails_its_hash(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    path = folder / "crimes_annual.csv"
    path.write_bytes(path.read_bytes().replace(b",92\n", b",29\n", 1))
    with pytest.raises(data.DataIntegrityError) as err:
        data.load("crimes_annual")
    msg = str(err.value)
    assert "data/crimes_annual.csv has been altered" in msg
    assert "git checkout -- data/crimes_annual.csv" in msg


def test_change_after_a_verified_load_is_caught(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "territories.csv")
    assert len(data.load("territories")) == 21  # verified and cached
    path = folder / "territories.csv"
    path.write_bytes(path.read_bytes() + b"99,Nowhere,comuna,1.0,0,0,1.0,1\n")
    with pytest.raises(data.DataIntegrityError, match=r"territories\.csv has been altered"):
        data.load("territories")


def test_boundaries_hash_checked(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "boundaries.geojson")
    assert len(data.boundaries()["features"]) == 21
    (folder / "boundaries.geojson").write_text('{"type":"FeatureCollection","features":[]}')
    with pytest.raises(data.DataIntegrityError, match=r"boundaries\.geojson"):
        data.boundaries()


def test_env_var_pointing_nowhere(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    with pytest.raises(data.DataIntegrityError, match=data.ENV_VAR):
        data.names()


def test_non_integer_in_integer_column(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    _edit_line(folder, "crimes_annual.csv", 3, ",119", ",11x")
    with pytest.raises(data.MalformedDataError) as err:
        data.load("crimes_annual")
    msg = str(err.value)
    assert "data/crimes_annual.csv, line 3, column 'cases'" in msg and "'11x'" in msg


def test_decimal_in_integer_column_is_not_truncated(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    _edit_line(folder, "crimes_annual.csv", 5, "2003,", "2003.5,")
    with pytest.raises(data.MalformedDataError, match=r"line 5, column 'year'.*'2003.5'"):
        data.load("crimes_annual")


def test_value_outside_enum(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    _edit_line(folder, "crimes_annual.csv", 4, "Hurto a persona", "Robo")
    with pytest.raises(data.MalformedDataError,
                       match=r"line 4, column 'conduct': 'Robo' is not an allowed value"):
        data.load("crimes_annual")


def test_code_without_leading_zero_is_rejected(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "territories.csv")
    _edit_line(folder, "territories.csv", 5, "04,", "4,")
    with pytest.raises(data.MalformedDataError, match=r"line 5, column 'territory_code': '4'"):
        data.load("territories")


def test_missing_required_value(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "population_2018.csv")
    _edit_line(folder, "population_2018.csv", 6, ",hombres,", ",,")
    with pytest.raises(data.MalformedDataError,
                       match=r"line 6, column 'sex': missing value in a required column"):
        data.load("population_2018")


def test_short_row(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "territories.csv")
    path = folder / "territories.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[9] = ",".join(lines[9].split(",")[:5])  # line 10 loses its last three cells
    path.write_text("\n".join(lines), encoding="utf-8")
    _rehash(folder, "territories.csv")
    with pytest.raises(data.MalformedDataError, match=r"territories.csv, line 10, column"):
        data.load("territories")


def test_extra_cell_names_the_file(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "territories.csv")
    _edit_line(folder, "territories.csv", 6, ",comuna,", ",comuna,x,")
    with pytest.raises(data.MalformedDataError, match=r"data/territories.csv.*line 6"):
        data.load("territories")


def test_bad_datetime(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "homicide_events.csv")
    _edit_line(folder, "homicide_events.csv", 2, "2010-01-01T02:00:00", "2010-13-01T02:00:00")
    with pytest.raises(data.MalformedDataError,
                       match=r"line 2, column 'occurred_at': '2010-13-01T02:00:00'"):
        data.load("homicide_events")


def test_header_mismatch(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    _edit_line(folder, "crimes_annual.csv", 1, "conduct", "conducta")
    with pytest.raises(data.MalformedDataError,
                       match=r"line 1, column 5: header is 'conducta'.*expects 'conduct'"):
        data.load("crimes_annual")


def test_describe_is_readable():
    info = data.describe("crimes_annual")
    text = str(info)
    assert "Caveats:" in text and "2003-2008" in text and "SISC" in text
    md = info._repr_markdown_()
    assert "**Caveats**" in md and "| `cases` | integer |" in md
    assert "MEData" in " ".join(info.sources)
    with pytest.raises(data.UnknownTableError):
        data.describe("nope")


def test_rate_is_vectorised_and_strict():
    assert data.rate(50, 200_000) == pytest.approx(25.0)
    assert data.rate(1, 1000, per=1000) == pytest.approx(1.0)
    idx = ["a", "b"]
    series = data.rate(pd.Series([10, 20], index=idx), pd.Series([1e5, 2e5], index=idx))
    assert list(series.index) == ["a", "b"] and series.tolist() == pytest.approx([10.0, 10.0])
    assert data.rate(np.array([1, 2]), np.array([1e5, 1e5])).tolist() == pytest.approx([1, 2])
    for bad in (0, -5, float("nan")):
        with pytest.raises(ValueError, match="population"):
            data.rate(3, bad)
    with pytest.raises(ValueError, match="1 of 2"):
        data.rate(np.array([1, 2]), np.array([1e5, 0]))
    with pytest.raises(ValueError, match="per"):
        data.rate(1, 100, per=0)


def test_population_total_needs_a_named_base():
    with pytest.raises(TypeError):
        data.population_total("13")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match=r"dap_2018.*dane_cnpv_2018"):
        data.population_total("13", base="census")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="DANE CNPV-2018 base gives only Medellín's city total"):
        data.population_total("13", base="dane_cnpv_2018")
    with pytest.raises(ValueError, match="'04'"):
        data.population_total(4, base="dap_2018")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unknown territory code 'SIN DATO'"):
        data.population_total("SIN DATO", base="dap_2018")
