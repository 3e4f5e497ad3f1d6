"""Bad input to the loaders: every problem is named, located and comes with a way to fix it.

Each test copies the files it needs from the kit's data folder into tmp_path, corrupts them, and
points MEDLAB_TEACH_DATA at the copy. A file whose sha256 matches datapackage.json is exactly what
the build wrote (and CI validates those bytes against the schema), so the loaders check the hash
and nothing else: any change to a table's bytes is reported as an altered file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from medlab_teach import data
from medlab_teach.errors import UnknownIdError

DATA = Path(__file__).resolve().parents[1] / "src" / "medlab_teach" / "datasets"


def _copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *files: str) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("datapackage.json", *files):
        shutil.copy2(DATA / name, folder / name)
    monkeypatch.setenv(data.ENV_VAR, str(folder))
    return folder


def test_the_locator_finds_the_package_data(monkeypatch):
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    assert data.data_dir() == DATA
    assert (data.data_files() / "datapackage.json").is_file()


def test_unknown_table_lists_available_and_what_to_type():
    with pytest.raises(data.UnknownTableError) as err:
        data.load("crime_annual")
    assert isinstance(err.value, UnknownIdError) and isinstance(err.value, LookupError)
    assert "crimes_annual" in err.value.choices and "homicide_events" in err.value.choices
    msg = str(err.value)
    assert "'crime_annual'" in msg and "Did you mean 'crimes_annual'?" in msg
    assert "data.load('crimes_annual')" in msg
    with pytest.raises(UnknownIdError, match=r"data\.boundaries\(\)"):
        data.load("boundaries")


def test_a_table_name_that_is_not_text_is_a_type_error():
    with pytest.raises(TypeError, match=r"text in quotes, e\.g\. data\.load\('crimes_annual'\)"):
        data.load(3)  # type: ignore[arg-type]


def test_missing_file_names_it_and_how_to_restore(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch)  # descriptor only
    with pytest.raises(data.DataIntegrityError) as err:
        data.load("crimes_annual")
    msg = str(err.value)
    assert f"crimes_annual.csv is missing from {folder}" in msg
    assert "git checkout -- src/medlab_teach/datasets/crimes_annual.csv" in msg
    assert "pip install --force-reinstall medlab-teach" in msg and "make data RAW=" in msg


def test_altered_file_fails_its_hash(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    path = folder / "crimes_annual.csv"
    path.write_bytes(path.read_bytes().replace(b",92\n", b",29\n", 1))
    with pytest.raises(data.DataIntegrityError) as err:
        data.load("crimes_annual")
    msg = str(err.value)
    assert "crimes_annual.csv in" in msg and "has been altered" in msg
    assert "git checkout -- src/medlab_teach/datasets/crimes_annual.csv" in msg


def test_change_after_a_verified_load_is_caught(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "territories.csv")
    assert len(data.load("territories")) == 21
    path = folder / "territories.csv"
    path.write_bytes(path.read_bytes() + b"99,Nowhere,comuna,1.0,0,0,1.0,1\n")
    with pytest.raises(data.DataIntegrityError, match=r"territories\.csv in .* has been altered"):
        data.load("territories")


def test_same_size_edit_after_a_load_is_caught(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch, "crimes_annual.csv")
    assert len(data.load("crimes_annual")) > 0  # read once: the parsed table is kept
    path = folder / "crimes_annual.csv"
    before = path.read_bytes()
    after = before.replace(b",92\n", b",29\n", 1)
    assert len(after) == len(before) and after != before
    path.write_bytes(after)
    with pytest.raises(data.DataIntegrityError, match=r"crimes_annual\.csv in .* has been altered"):
        data.load("crimes_annual")


def test_each_load_is_a_copy_a_learner_may_change(tmp_path, monkeypatch):
    _copy(tmp_path, monkeypatch, "territories.csv")
    first = data.load("territories")
    first.loc[0, "territory_name"] = "changed"
    first.drop(columns=first.columns[-1], inplace=True)
    second = data.load("territories")
    assert second.loc[0, "territory_name"] != "changed"
    assert len(second.columns) == len(first.columns) + 1


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


def test_broken_descriptor_is_named(tmp_path, monkeypatch):
    folder = _copy(tmp_path, monkeypatch)
    (folder / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(data.MalformedDataError, match=r"datapackage\.json is not valid JSON"):
        data.names()


def test_describe_is_readable():
    info = data.describe("crimes_annual")
    text = str(info)
    assert "Caveats:" in text and "2003-2008" in text and "SISC" in text
    md = info._repr_markdown_()
    assert "**Caveats**" in md and "| `cases` | integer |" in md
    assert "MEData" in " ".join(info.sources)
    with pytest.raises(UnknownIdError):
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
    with pytest.raises(TypeError, match="per must be a number"):
        data.rate(1, 100, per="100000")  # type: ignore[arg-type]


def test_population_total_needs_a_named_base():
    with pytest.raises(TypeError):
        data.population_total("13")  # type: ignore[call-arg]
    with pytest.raises(UnknownIdError, match=r"dap_2018.*dane_cnpv_2018"):
        data.population_total("13", base="census")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="DANE CNPV-2018 base gives only Medellín's city total"):
        data.population_total("13", base="dane_cnpv_2018")
    with pytest.raises(TypeError, match="'04'"):
        data.population_total(4, base="dap_2018")  # type: ignore[arg-type]
    with pytest.raises(UnknownIdError, match="type '04'"):
        data.population_total("4", base="dap_2018")
    with pytest.raises(UnknownIdError, match="no territory code 'SIN DATO'"):
        data.population_total("SIN DATO", base="dap_2018")
