"""When and where homicides happen (``places``), on tiny hand-made data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tiny_tables import square, tiny_events

from medlab_teach import places
from medlab_teach.errors import UnknownIdError


@pytest.fixture()
def events() -> pd.DataFrame:
    return tiny_events()


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
