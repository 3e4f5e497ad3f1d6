"""Time-and-place analysis (places.py) and the figures of lessons 05-08, on tiny hand-made data."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from medlab_teach import places
from medlab_teach.errors import UnknownIdError
from medlab_teach.plots import figure_source, maps, patterns


@pytest.fixture()
def events() -> pd.DataFrame:
    # five events: three at 22:00 on Saturday in June, one at 03:00 Monday in January, one at
    # 22:00 Sunday in June; ages 19, 24, 24, 70 and unknown (-1)
    return pd.DataFrame({
        "hour": [22, 22, 22, 3, 22],
        "weekday": [5, 5, 5, 0, 6],
        "month": [6, 6, 6, 1, 6],
        "age": [19, 24, 24, 70, -1],
        "sex": ["Hombre", "Hombre", "Mujer", "Hombre", "Hombre"],
        "territory_code": ["01", "01", "01", "02", "03"],
        "longitude": [-75.600, -75.6001, -75.5999, -75.550, np.nan],
        "latitude": [6.200, 6.2001, 6.1999, 6.250, np.nan],
    })


def square(code: str, x0: float, y0: float, side: float) -> dict:
    ring = [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]
    return {"type": "Feature", "properties": {"territory_code": code, "territory_name": code},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


# ------------------------------------------------------------------------------------- time


def test_counts_by_time_fills_every_value(events: pd.DataFrame) -> None:
    hours = places.counts_by_time(events, "hour")
    assert list(hours.index) == list(range(24))
    assert hours[22] == 4 and hours[3] == 1 and hours.sum() == 5
    weekdays = places.counts_by_time(events, "weekday")
    assert weekdays.tolist() == [1, 0, 0, 0, 0, 3, 1]
    months = places.counts_by_time(events, "month")
    assert list(months.index) == list(range(1, 13)) and months[6] == 4


def test_counts_by_time_rejects_bad_units_and_values(events: pd.DataFrame) -> None:
    with pytest.raises(UnknownIdError, match=r"time unit 'year'.*'hour'"):
        places.counts_by_time(events, "year")
    with pytest.raises(ValueError, match="outside 0-23"):
        places.counts_by_time(events.assign(hour=[25, 1, 1, 1, 1]), "hour")
    with pytest.raises(ValueError, match="no column"):
        places.counts_by_time(events.drop(columns="hour"), "hour")


def test_share_at_times(events: pd.DataFrame) -> None:
    assert places.share_at_times(events, "weekday", [5, 6]) == pytest.approx(4 / 5)
    with pytest.raises(ValueError, match="not valid weekday"):
        places.share_at_times(events, "weekday", [7])


def test_hour_weekday_table(events: pd.DataFrame) -> None:
    table = places.hour_weekday_table(events)
    assert table.shape == (7, 24)
    assert table.loc["Sat", 22] == 3 and table.loc["Mon", 3] == 1
    assert table.to_numpy().sum() == 5


def test_age_sex_table_leaves_out_unknown_ages(events: pd.DataFrame) -> None:
    table = places.age_sex_table(events, bins=(0, 20, 25, 120))
    assert list(table.index) == ["0-19", "20-24", "25-119"]
    assert table.loc["20-24", "Hombre"] == 1 and table.loc["20-24", "Mujer"] == 1
    assert table.loc["0-19", "Hombre"] == 1 and table.loc["25-119", "Hombre"] == 1
    assert table.attrs["unknown_age"] == 1
    with pytest.raises(ValueError, match="increasing"):
        places.age_sex_table(events, bins=(0, 30, 20))


# ------------------------------------------------------------------------------------ place


def test_counts_by_place_counts_empty_places(events: pd.DataFrame) -> None:
    counts = places.counts_by_place(events, units=["01", "02", "03", "04"])
    assert counts.tolist() == [3, 1, 1, 0]
    assert counts.index[0] == "01"
    with pytest.raises(ValueError, match="not in `units`"):
        places.counts_by_place(events, units=["01"])


def test_share_in_top_and_places_for_share() -> None:
    counts = [6, 0, 3, 1]  # 10 events: top place 60%, top two 90%
    assert places.share_in_top(counts, 1) == pytest.approx(0.6)
    assert places.share_in_top(counts, 2) == pytest.approx(0.9)
    assert places.share_in_top(counts, 4) == pytest.approx(1.0)
    assert places.places_for_share(counts, 0.5) == 1
    assert places.places_for_share(counts, 0.6) == 1
    assert places.places_for_share(counts, 0.61) == 2
    assert places.places_for_share(counts, 1.0) == 3
    with pytest.raises(ValueError, match="between 1 and 4"):
        places.share_in_top(counts, 5)
    with pytest.raises(ValueError, match=">= 0"):
        places.share_in_top([1, -1], 1)
    with pytest.raises(ValueError, match="All counts are 0"):
        places.gini([0, 0])


def test_concentration_curve_by_hand() -> None:
    curve = places.concentration_curve(pd.Series([1, 3, 0, 4]))
    assert curve["share_of_places"].tolist() == [0, 0.25, 0.5, 0.75, 1.0]
    assert curve["share_of_events"].tolist() == pytest.approx([0, 0.5, 0.875, 1.0, 1.0])


def test_gini_extremes_and_a_hand_case() -> None:
    assert places.gini([5, 5, 5, 5]) == pytest.approx(0.0)
    assert places.gini([0, 0, 0, 8]) == pytest.approx(1 - 1 / 4)
    # [1, 3]: mean absolute difference over all ordered pairs = (0 + 2 + 2 + 0) / 4 = 1;
    # Gini = 1 / (2 * mean 2) = 0.25
    assert places.gini([1, 3]) == pytest.approx(0.25)


def test_points_in_rings() -> None:
    ring = np.array([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], dtype=float)
    inside = places.points_in_rings([1, 3, 0.5, -1], [1, 1, 1.9, 0.5], [ring])
    assert inside.tolist() == [True, False, True, False]


def test_grid_counts(events: pd.DataFrame) -> None:
    grid = places.grid_counts(events, cell_m=500)
    assert grid["events"].sum() == 4  # the event without coordinates is left out
    assert grid.attrs["without_coordinates"] == 1
    assert grid["events"].iloc[0] == 3  # the three events within ~15 m share a cell
    # bounding box ~5.5 km x 5.5 km in 500 m cells: 12 x 12 cells, all kept (no boundary given)
    assert len(grid) == 144
    with pytest.raises(ValueError, match="cell_m"):
        places.grid_counts(events, cell_m=0)


def test_grid_counts_within_boundaries_drops_outside_cells(events: pd.DataFrame) -> None:
    # one square of 0.01 degrees around the three close events (about 1.1 km a side)
    boundaries = {"type": "FeatureCollection",
                  "features": [square("01", -75.605, 6.195, 0.01)]}
    grid = places.grid_counts(events, cell_m=500, within=boundaries)
    # 3 x 3 cells of ~500 m cover the square (the last column/row partly); the close events are
    # in one of them; the far event is outside the grid and is counted in attrs
    assert grid["events"].sum() == 3
    assert grid.attrs["outside_grid"] == 1
    assert 4 <= len(grid) <= 9


# ------------------------------------------------------------------------------------ plots


def _assert_kit_figure(fig, *, unit_words: tuple[str, ...]) -> None:
    ax = fig.axes[0]
    assert ax.get_title(loc="left").strip(), "figure has no title"
    labels = ax.get_xlabel() + " " + ax.get_ylabel()
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()
    for word in unit_words:
        assert word in labels, f"axis labels {labels!r} lack the unit {word!r}"
    assert figure_source(fig).startswith(("Source", "Synthetic"))


def test_time_profile_figure(events: pd.DataFrame) -> None:
    fig = patterns.time_profile(places.counts_by_time(events, "hour"), highlight=[22])
    _assert_kit_figure(fig, unit_words=("0-23", "count"))
    assert "MEData" in figure_source(fig)
    bars = fig.axes[0].patches
    assert len(bars) == 24 and bars[22].get_height() == 4
    with pytest.raises(ValueError, match="counts_by_time"):
        patterns.time_profile(pd.Series([1, 2]))


def test_weekday_heatmap_and_age_sex_figures(events: pd.DataFrame) -> None:
    _assert_kit_figure(patterns.hour_weekday_heatmap(places.hour_weekday_table(events)),
                       unit_words=("0-23",))
    fig = patterns.age_sex_bars(places.age_sex_table(events))
    _assert_kit_figure(fig, unit_words=("years", "count"))
    assert "1 victims of unknown age" in figure_source(fig)


def test_concentration_and_bars_figures(events: pd.DataFrame) -> None:
    curves = {"comunas": places.concentration_curve([3, 1, 1, 0]),
              "cells": places.concentration_curve([3, 1, 0, 0, 0, 0])}
    fig = patterns.concentration(curves, units="places")
    _assert_kit_figure(fig, unit_words=("%",))
    assert len(fig.axes[0].lines) == 3  # the diagonal and two curves
    with pytest.raises(ValueError, match="concentration_curve"):
        patterns.concentration(pd.DataFrame({"x": [0, 1]}))
    bars = patterns.territory_bars(places.counts_by_place(events), {"01": "Popular"},
                                   title="Events by territory")
    _assert_kit_figure(bars, unit_words=("count",))
    assert "Popular (01)" in [t.get_text() for t in bars.axes[0].get_yticklabels()]


def test_comuna_map(events: pd.DataFrame) -> None:
    boundaries = {"type": "FeatureCollection", "features": [
        square("01", -75.61, 6.19, 0.02), square("02", -75.56, 6.24, 0.02)]}
    stations = pd.DataFrame({"longitude": [-75.6], "latitude": [6.2], "system": ["Cable"]})
    fig = maps.comuna_map(boundaries, values={"01": 3, "02": 1}, stations=stations,
                          points=events.dropna(subset=["longitude"]), highlight="02",
                          points_label="Homicides", title="Test map")
    ax = fig.axes[0]
    assert "Homicides (4)" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert ax.get_title(loc="left") == "Test map"
    assert "degrees" in ax.get_xlabel() and "degrees" in ax.get_ylabel()
    assert "Metro de Medellín" in figure_source(fig)
    assert math.isclose(ax.get_xlim()[0], -75.615, abs_tol=1e-9)
    with pytest.raises(UnknownIdError, match="territory code on the map '99'"):
        maps.comuna_map(boundaries, values={"99": 1})
    with pytest.raises(ValueError, match="FeatureCollection"):
        maps.comuna_map({"type": "Feature"})
