"""The data package's tables, checked from the loaded DataFrames against published figures.

Expected numbers come from the raw datasets' PROVENANCE.md files, FACTS.md and the seed report,
never from the build script's own output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from medlab_teach import data, model

CONTRACT_COLUMNS = {
    "crimes_annual": ["territory_code", "territory_name", "territory_kind", "year", "conduct",
                      "cases"],
    "crimes_monthly": ["territory_code", "territory_name", "territory_kind", "year", "month",
                       "period", "conduct", "cases"],
    "homicide_events": ["occurred_at", "year", "month", "weekday", "hour", "longitude",
                        "latitude", "sex", "age", "modality", "territory_code",
                        "territory_name", "assignment"],
    "territories": ["territory_code", "territory_name", "territory_kind", "area_km2",
                    "centroid_longitude", "centroid_latitude"],
    "stations": ["station_name", "line", "longitude", "latitude"],
    "population_2018": ["territory_code", "territory_name", "territory_kind", "age_group", "sex",
                        "population"],
    "police_homicides_2003_2024": ["municipality_code", "municipality", "department", "year",
                                   "homicides", "population", "rate_per_100k"],
    "police_homicides_1990_2013": ["municipality_code", "municipality", "department", "year",
                                   "homicides", "population", "rate_per_100k"],
    "timeline": ["date", "year", "event", "territory", "model_line", "source", "note"],
    "lab_days": ["day", "date", "theme_es", "theme_en", "sites", "model_lines"],
    "lab_participants": ["kind", "name_es", "name_en"],
    "open_space_groups": ["group_number", "title_es", "objective_es"],
    "open_space_participants": ["group_number", "participant_es"],
    "open_space_commitments": ["group_number", "term", "commitment"],
}
CODES = [f"{i:02d}" for i in range(1, 17)] + ["50", "60", "70", "80", "90"]


@pytest.fixture(scope="module")
def crimes() -> pd.DataFrame:
    return data.load("crimes_annual")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return data.load("homicide_events")


def test_names_cover_the_contract():
    assert set(CONTRACT_COLUMNS) <= set(data.names())


@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_contract_columns_present(name):
    frame = data.load(name)
    missing = [c for c in CONTRACT_COLUMNS[name] if c not in frame.columns]
    assert not missing, f"{name} lacks {missing}"
    assert len(frame) > 0


def test_sisc_city_homicides_match_published_totals(crimes):
    hom = crimes[crimes["conduct"] == "Homicidio"].groupby("year")["cases"].sum()
    assert hom[2009] == 2095
    assert hom[2019] == 593
    assert hom[2003] == 1624  # lower than the police count: a documented source difference


def test_san_javier_2018_rate_on_dap_base(crimes):
    rows = crimes[(crimes["territory_code"] == "13") & (crimes["year"] == 2018)
                  & (crimes["conduct"] == "Homicidio")]
    assert rows["territory_name"].tolist() == ["San Javier"]
    cases = int(rows["cases"].iloc[0])
    assert cases == 92
    pop = data.population_total("13", base="dap_2018")
    assert pop == 139_716
    assert data.rate(cases, pop) == pytest.approx(65.8, abs=0.05)


def test_crimes_annual_grid_is_complete_with_explicit_zeros(crimes):
    assert sorted(crimes["territory_code"].unique()) == sorted([*CODES, "SIN DATO"])
    assert crimes["year"].min() == 2003 and crimes["year"].max() == 2023
    n_conducts = crimes["conduct"].nunique()
    assert n_conducts == 7
    assert len(crimes) == 22 * 21 * n_conducts
    assert not crimes.duplicated(["territory_code", "year", "conduct"]).any()
    assert (crimes["cases"] == 0).any()  # the source omits zeros; here they are explicit
    sin_dato = crimes[crimes["territory_code"] == "SIN DATO"]
    assert set(sin_dato["territory_kind"]) == {"sin dato"}
    assert sin_dato["cases"].sum() > 0


def test_crimes_dtypes(crimes):
    assert crimes["year"].dtype == "int64" and crimes["cases"].dtype == "int64"
    assert isinstance(crimes["conduct"].dtype, pd.CategoricalDtype)
    assert "Hurto a persona" in crimes["conduct"].cat.categories
    assert pd.api.types.is_string_dtype(crimes["territory_code"])
    assert "04" in set(crimes["territory_code"])  # leading zero kept


def test_monthly_sums_to_annual_2003_2020(crimes):
    monthly = data.load("crimes_monthly")
    assert monthly["period"].min() == "2003-01" and monthly["period"].max() == "2021-09"
    assert (monthly["period"] == monthly["year"].astype(str) + "-"
            + monthly["month"].map("{:02d}".format)).all()
    m = monthly[monthly["year"] <= 2020].groupby(
        ["territory_code", "year", "conduct"], observed=True)["cases"].sum()
    a = crimes[crimes["year"] <= 2020].set_index(["territory_code", "year", "conduct"])["cases"]
    assert m.sort_index().equals(a.sort_index())


def test_thefts_rise_documented(crimes):
    theft = crimes[crimes["conduct"] == "Hurto a persona"].groupby("year")["cases"].sum()
    assert theft[2010] == 3310 and theft[2019] == 45502
    caveats = " ".join(data.describe("crimes_annual").caveats)
    assert "reporting changes" in caveats
    assert "2003-2008" in caveats


def test_homicide_events_counts_and_assignment(events):
    assert len(events) == 9360
    per_year = events.groupby("year").size()
    assert per_year[2010] == 2025 and per_year[2019] == 594
    assignment = events["assignment"].value_counts()
    assert assignment["no coordinates"] == 81
    assert events["longitude"].isna().sum() == 81
    unassigned = events["territory_code"].isna()
    assert unassigned.sum() == assignment["no coordinates"] + assignment["outside boundaries"]
    assert (events.loc[~unassigned, "assignment"] == "assigned").all()
    assert set(events["territory_code"].dropna()) <= set(CODES)
    # the description reports the unassigned counts with their reasons
    desc = data.describe("homicide_events").description
    assert f"no coordinates: {assignment['no coordinates']}" in desc
    assert f"outside every polygon: {assignment['outside boundaries']}" in desc


def test_homicide_events_dtypes(events):
    assert pd.api.types.is_datetime64_any_dtype(events["occurred_at"])
    assert events["age"].dtype == "Int64" and events["hour"].dtype == "int64"
    assert events["longitude"].dtype == "float64"
    first = events["occurred_at"].iloc[0]
    assert first.tzinfo is None  # local time as given; the source's 'Z' is not trusted
    assert (events["weekday"] == events["occurred_at"].dt.day_of_week).all()
    assert (events["hour"] == events["occurred_at"].dt.hour).all()
    assert any("'Z'" in c for c in data.describe("homicide_events").caveats)


def test_events_close_to_sisc_and_differences_documented(events, crimes):
    ev = events.groupby("year").size()
    sisc = crimes[crimes["conduct"] == "Homicidio"].groupby("year")["cases"].sum()
    caveats = " ".join(data.describe("homicide_events").caveats)
    for year in range(2010, 2020):
        assert abs(int(ev[year]) - int(sisc[year])) <= 0.04 * sisc[year], year
        assert f"{year}: {int(ev[year]):,} vs {int(sisc[year]):,}" in caveats


def test_territories_and_boundaries():
    terr = data.load("territories")
    assert terr["territory_code"].tolist() == CODES
    assert terr["area_km2"].sum() == pytest.approx(380, rel=0.02)
    geo = data.boundaries()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 21
    assert {f["properties"]["territory_code"] for f in geo["features"]} == set(CODES)
    names = data.territory_names()
    assert names["13"] == "San Javier" and names["60"] == "San Cristóbal" and len(names) == 21
    assert data.territory_names(include_unknown=True)["SIN DATO"] == "Sin dato"
    assert any("undocumented" in c for c in data.describe("boundaries").caveats)


def test_stations_include_line_j_in_san_javier():
    st = data.load("stations")
    line_j = st[st["line"] == "J"].set_index("station_name")
    assert {"San Javier", "Juan XXIII", "Vallejuelos", "La Aurora"} == set(line_j.index)
    assert line_j.loc["San Javier", "territory_code"] == "13"
    assert line_j.loc["Juan XXIII", "territory_code"] == "13"
    outside = st[st["municipality"] != "Medellín"]
    assert len(outside) > 0 and outside["territory_code"].isna().all()


def test_population_has_no_double_counting():
    pop = data.load("population_2018")
    assert pop["population"].sum() == 2_529_403
    assert not pop["age_group"].isin(["Total", " Total"]).any()
    assert set(pop["sex"]) == {"hombres", "mujeres"}
    assert pop["age_group"].cat.ordered and pop["age_group"].cat.categories[-1] == "80+"
    assert len(pop) == 21 * 17 * 2
    sj = pop[pop["territory_code"] == "13"]["population"].sum()
    assert sj == 139_716


def test_two_population_bases():
    assert data.population_total(None, base="dap_2018") == 2_529_403
    assert data.population_total(None, base="dane_cnpv_2018") == 2_427_129


def test_police_series():
    p = data.load("police_homicides_2003_2024")
    med = p[p["municipality_code"] == "05001"].set_index("year")
    assert med.loc[2003, "homicides"] == 1923
    assert med.loc[2009, "homicides"] == 1416
    assert med.index.min() == 2003 and med.index.max() == 2024
    required = {"11001", "76001", "08001", "13001", "68001", "54001", "66001", "17001",
                "73001", "47001", "50001", "52001", "23001"}
    assert required <= set(p["municipality_code"])
    assert p["municipality_code"].str.fullmatch(r"\d{5}").all()
    assert (p["rate_per_100k"] - p["homicides"] / p["population"] * 1e5).abs().max() < 1e-3
    old = data.load("police_homicides_1990_2013")
    old_med = old[old["municipality_code"] == "05001"].set_index("year")
    assert old_med.loc[2003, "homicides"] == 1938 and old_med.loc[1991, "homicides"] == 4585
    assert old["homicides"].dtype == "Int64" and old["homicides"].isna().any()
    assert set(old["municipality_code"]) == set(p["municipality_code"])


def test_timeline_model_lines_and_disagreements():
    tl = data.load("timeline")
    valid = {c.id for c in (*model.LINES, *model.AXES)}
    lines = set(tl["model_line"].dropna())
    assert lines <= valid and lines
    assert (tl["year"] == tl["date"].str[:4].astype(int)).all()
    assert tl["date"].str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all()
    assert tl["source"].str.len().gt(0).all()
    moravia = tl[tl["case_id"] == "moravia"]
    # the seed (1976) and El Tiempo (1977) disagree on the dump: both rows are kept
    assert {"1976", "1977"} <= set(moravia["date"])
    assert set(moravia.loc[moravia["date"] == "1976", "source_kind"]) == {"report"}
    for case in ("comuna_13", "moravia", "la_loma", "cepar", "museo_casa_memoria", "sies_m",
                 "politica_publica"):
        assert (tl["case_id"] == case).any(), case


def test_lab_tables_follow_the_seed():
    days = data.load("lab_days")
    assert days["day"].tolist() == [1, 2, 3, 4, 5]
    assert days["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2017-05-29", "2017-05-30", "2017-05-31", "2017-06-01", "2017-06-02"]
    ids = {c.id for c in model.components()}
    for value in days["model_lines"].dropna():
        assert set(value.split(";")) <= ids
    parts = data.load("lab_participants")
    assert (parts["kind"] == "country").sum() == 15
    assert (parts["kind"] == "organiser").sum() == 5
    groups = data.load("open_space_groups")
    assert groups["group_number"].tolist() == list(range(1, 9))
    members = data.load("open_space_participants")
    assert members.groupby("group_number").size().to_dict() == dict(
        zip(groups["group_number"], groups["participants"], strict=True))
    commits = data.load("open_space_commitments")
    assert set(commits["term"]) == {"short", "medium", "long"}
    assert list(commits["term"].cat.categories) == ["short", "medium", "long"]
    g1 = commits[commits["group_number"] == 1]
    assert g1.loc[g1["term"] == "short", "commitment"].str.contains("compartir literatura").any()
