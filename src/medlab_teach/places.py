"""When and where homicides happen: counts by time and place, and how concentrated they are.

Violence is not spread evenly over the hours of the day or the streets of a city. Reaction and
control (*reacción y control*) and situational prevention target the few times and places where
much of it happens, so measuring that concentration is a first step; reading its limits (recorded
events, not all violence; places where police look more record more) is the second. These
functions work on any table shaped like ``data.load("homicide_events")`` (columns ``hour``,
``weekday`` 0 = Monday, ``month``, ``age``, ``sex``, ``longitude``, ``latitude``...), so they can
be tried on a tiny hand-made table first. Pure pandas and numpy.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _, format_number

if TYPE_CHECKING:
    import pandas as pd

#: The time units events can be counted by, with the values each one takes.
TIME_UNITS: Mapping[str, tuple[int, ...]] = {
    "hour": tuple(range(24)),
    "weekday": tuple(range(7)),
    "month": tuple(range(1, 13)),
}

#: Short names of weekdays and months: the tables keep them as written here; figures show them
#: in the learner's language (``_(name)``).
WEEKDAY_NAMES: tuple[str, ...] = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                  N_("Sat"), N_("Sun"))
MONTH_NAMES: tuple[str, ...] = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"),
                                N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"),
                                N_("Nov"), N_("Dec"))

#: Default age groups (years): children, teenagers, young adults in detail, then wider groups.
AGE_BINS: tuple[int, ...] = (0, 15, 20, 25, 30, 40, 50, 65, 120)

#: Metres per degree of latitude (mean Earth radius 6,371 km).
METRES_PER_DEGREE = 2 * math.pi * 6_371_000 / 360


def _check_unit(unit: str) -> None:
    if unit not in TIME_UNITS:
        raise UnknownIdError(_("time unit"), unit, TIME_UNITS)


def _require(events: pd.DataFrame, *columns: str) -> None:
    import pandas as pd

    if not isinstance(events, pd.DataFrame):
        raise TypeError(_("Expected a table of events (a pandas DataFrame, e.g. "
                          "data.load('homicide_events')); got {type}.").format(
                              type=type(events).__name__))
    missing = [c for c in columns if c not in events.columns]
    if missing:
        raise ValueError(_("The events table has no column(s) {missing}; it has {columns}. "
                           "Use a table shaped like data.load('homicide_events').").format(
                               missing=missing, columns=list(events.columns)))


# ------------------------------------------------------------------------------------------ time

def counts_by_time(events: pd.DataFrame, unit: str) -> pd.Series:
    """Events per hour (0-23), weekday (0 = Monday) or month (1-12), every value present.

    Hours, days or months with no event count 0 rather than disappearing, so the profile is
    complete and two profiles line up.
    """
    _check_unit(unit)
    _require(events, unit)
    values = events[unit].dropna()
    allowed = set(TIME_UNITS[unit])
    bad = sorted({v for v in values.unique() if v not in allowed})
    if bad:
        raise ValueError(_("Column {unit!r} has values outside {low}-{high}: {bad}. Check that "
                           "it holds the {unit} as a number.").format(
                               unit=unit, low=min(allowed), high=max(allowed), bad=bad[:5]))
    counts = values.astype(int).value_counts().reindex(TIME_UNITS[unit], fill_value=0)
    counts.index.name = unit
    counts.name = "events"
    return counts


def hour_weekday_table(events: pd.DataFrame) -> pd.DataFrame:
    """A 7 x 24 table of events: rows weekdays (Mon..Sun), columns hours 0-23."""
    import pandas as pd

    _require(events, "weekday", "hour")
    for unit in ("weekday", "hour"):
        counts_by_time(events, unit)  # same validation
    table = pd.crosstab(events["weekday"].astype(int), events["hour"].astype(int))
    table = table.reindex(index=TIME_UNITS["weekday"], columns=TIME_UNITS["hour"], fill_value=0)
    table.index = pd.Index(WEEKDAY_NAMES, name="weekday")
    table.columns.name = "hour"
    return table


def share_at_times(events: pd.DataFrame, unit: str, values: Iterable[int]) -> float:
    """Share (0-1) of events whose ``unit`` (hour, weekday, month) is one of ``values``."""
    counts = counts_by_time(events, unit)
    chosen = list(values)
    unknown = [v for v in chosen if v not in TIME_UNITS[unit]]
    if unknown:
        raise ValueError(_("{unknown} are not valid {unit} values ({low}-{high}).").format(
            unknown=unknown, unit=unit, low=TIME_UNITS[unit][0], high=TIME_UNITS[unit][-1]))
    total = counts.sum()
    if total == 0:
        raise ValueError(_("There are no events to share out."))
    return float(counts.loc[sorted(set(chosen))].sum() / total)


# ------------------------------------------------------------------------------------------ who

def age_sex_table(events: pd.DataFrame, bins: Sequence[int] = AGE_BINS) -> pd.DataFrame:
    """Victims by age group (rows, e.g. '20-24') and sex (columns).

    Ages that are missing or negative (the source uses -1 for 'unknown') are left out; how many
    were left out is kept in ``table.attrs['unknown_age']`` so the reader can be told.
    """
    import pandas as pd

    _require(events, "age", "sex")
    edges = list(bins)
    if len(edges) < 2 or any(b >= a for b, a in itertools.pairwise(edges)):
        raise ValueError(_("bins must be at least two increasing ages, e.g. {example}; got "
                           "{edges}.").format(example=AGE_BINS, edges=edges))
    age = pd.to_numeric(events["age"], errors="coerce")
    known = age.notna() & (age >= 0)
    labels = [f"{lo}-{hi - 1}" for lo, hi in itertools.pairwise(edges)]
    groups = pd.cut(age[known], bins=edges, right=False, labels=labels)
    table = pd.crosstab(groups, events.loc[known, "sex"], dropna=False)
    table = table.reindex(labels, fill_value=0)
    table.index.name = N_("age group (years)")
    table.columns.name = N_("sex")
    table.attrs["unknown_age"] = int((~known).sum())
    return table


# ----------------------------------------------------------------------------------------- place

def counts_by_place(events: pd.DataFrame, column: str = "territory_code",
                    units: Iterable[Any] | None = None) -> pd.Series:
    """Events per place (comuna, corregimiento, grid cell...), most events first.

    ``units`` lists every place that exists, so places with no event count 0: leaving them out
    would make violence look less concentrated than it is.
    """
    _require(events, column)
    counts = events[column].dropna().value_counts()
    if units is not None:
        all_units = list(units)
        unknown = sorted(set(counts.index) - set(all_units), key=str)
        if unknown:
            raise ValueError(_("Events fall in places not in `units`: {unknown}. Add them to "
                               "units or drop those events first.").format(unknown=unknown[:5]))
        counts = counts.reindex(all_units, fill_value=0)
    counts = counts.sort_values(ascending=False, kind="stable")
    counts.index.name = column
    counts.name = "events"
    return counts


def _as_counts(counts: Any) -> np.ndarray:
    values = np.asarray(list(counts.values) if hasattr(counts, "values") and not isinstance(
        counts, np.ndarray) else counts, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(_("Give the counts as a non-empty list or Series of events per "
                           "place."))
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(_("Counts must be finite numbers >= 0 (events per place)."))
    if values.sum() <= 0:
        raise ValueError(_("All counts are 0: there are no events to measure concentration "
                           "on."))
    return values


def share_in_top(counts: Any, k: int) -> float:
    """Share (0-1) of all events that happen in the ``k`` places with the most events."""
    values = _as_counts(counts)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= values.size:
        raise ValueError(_("k must be a whole number of places between 1 and {most}; got "
                           "{k!r}.").format(most=values.size, k=k))
    ordered = np.sort(values)[::-1]
    return float(ordered[:k].sum() / values.sum())


def places_for_share(counts: Any, share: float = 0.5) -> int:
    """The fewest places that together hold at least ``share`` (0-1) of all events."""
    values = _as_counts(counts)
    if not 0 < share <= 1:
        raise ValueError(_("share is a proportion between 0 and 1 (e.g. 0.5); got "
                           "{share!r}.").format(share=share))
    cumulative = np.cumsum(np.sort(values)[::-1]) / values.sum()
    return int(np.searchsorted(cumulative, share - 1e-12) + 1)


def concentration_curve(counts: Any) -> pd.DataFrame:
    """Cumulative share of events against cumulative share of places, most violent first.

    Starts at (0, 0) and ends at (1, 1). If events were spread evenly the curve would be the
    diagonal; the higher it bends above it, the more concentrated they are (this is a Lorenz
    curve read from the top).
    """
    import pandas as pd

    values = np.sort(_as_counts(counts))[::-1]
    n = values.size
    return pd.DataFrame({
        "share_of_places": np.concatenate([[0.0], np.arange(1, n + 1) / n]),
        "share_of_events": np.concatenate([[0.0], np.cumsum(values) / values.sum()]),
    })


def gini(counts: Any) -> float:
    """Gini coefficient of events over places: 0 = spread evenly, near 1 = all in one place.

    Computed as the mean absolute difference between all pairs of places over twice the mean
    (for n places it cannot exceed 1 - 1/n).
    """
    values = np.sort(_as_counts(counts))
    n = values.size
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * values) / (n * values.sum()))


# ------------------------------------------------------------------------------------------ grid

def outer_rings(feature: Mapping[str, Any]) -> list[np.ndarray]:
    """The outer ring of each polygon of one GeoJSON feature, as (n, 2) lon/lat arrays.

    Holes are ignored: the comuna layer has none that matter at the scale of a grid cell or a
    city map. Maps (``plots.maps``) and the grid both read boundaries through this.
    """
    geometry = feature.get("geometry") or {}
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:
        raise ValueError(_("Only Polygon and MultiPolygon features can be used; got "
                           "{kind!r}.").format(kind=kind))
    return [np.asarray(poly[0], dtype=float)[:, :2] for poly in polygons]


def polygon_rings(geojson: Mapping[str, Any]) -> list[np.ndarray]:
    """The outer rings of every polygon in a GeoJSON FeatureCollection, as (n, 2) lon/lat arrays."""
    if not isinstance(geojson, Mapping):
        raise TypeError(_("Expected a GeoJSON FeatureCollection (a dict with a 'features' "
                          "list), e.g. data.boundaries(); got {type}.").format(
                              type=type(geojson).__name__))
    features = geojson.get("features")
    if not isinstance(features, list):
        raise ValueError(_("Expected a GeoJSON FeatureCollection (a dict with a 'features' "
                           "list), e.g. data.boundaries()."))
    return [ring for feature in features for ring in outer_rings(feature)]


def points_in_rings(lon: Any, lat: Any, rings: Sequence[np.ndarray]) -> np.ndarray:
    """Whether each point lies inside any of the rings (even-odd ray casting, vectorised)."""
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    inside_any = np.zeros(x.shape, dtype=bool)
    flat_x, flat_y, flat_in = x.ravel(), y.ravel(), inside_any.ravel()
    for ring in rings:
        x1, y1 = ring[:, 0], ring[:, 1]
        # only points in the ring's bounding box can be inside it
        candidates = np.flatnonzero((flat_x >= x1.min()) & (flat_x <= x1.max())
                                    & (flat_y >= y1.min()) & (flat_y <= y1.max()))
        if candidates.size == 0:
            continue
        x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
        sloped = y1 != y2
        x1, y1, x2, y2 = x1[sloped], y1[sloped], x2[sloped], y2[sloped]
        for start in range(0, candidates.size, 500):  # keeps the (points x edges) arrays small
            chunk = candidates[start:start + 500]
            px, py = flat_x[chunk, None], flat_y[chunk, None]
            crosses = (y1 > py) != (y2 > py)
            x_cross = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
            odd = np.count_nonzero(crosses & (px < x_cross), axis=1) % 2 == 1
            flat_in[chunk] |= odd
    inside_any = flat_in.reshape(x.shape)
    return inside_any


def grid_counts(events: pd.DataFrame, cell_m: float = 500.0,
                within: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Events per square cell of about ``cell_m`` metres, empty cells included.

    Comunas are large and unequal in size; a grid of equal cells asks the sharper question of
    how many *places* hold most of the violence. The grid covers the events' bounding box, or
    the boundaries in ``within`` (a GeoJSON dict such as ``data.boundaries()``), in which case
    only cells whose centre lies inside them are kept. Events without coordinates are left out
    (their number is in ``attrs['without_coordinates']``). Degrees are turned into metres with
    an equirectangular approximation, fine at a city's scale.
    """
    import pandas as pd

    _require(events, "longitude", "latitude")
    if not (isinstance(cell_m, (int, float)) and not isinstance(cell_m, bool)
            and 10 <= cell_m <= 50_000):
        raise ValueError(_("cell_m is the side of a cell in metres, between 10 and {most} "
                           "(e.g. 500); got {cell_m!r}.").format(most=format_number(50_000),
                                                                cell_m=cell_m))
    located = events[["longitude", "latitude"]].dropna()
    if located.empty:
        raise ValueError(_("No event has coordinates: there is nothing to put on a grid."))
    rings = polygon_rings(within) if within is not None else None
    if rings:
        all_xy = np.vstack(rings)
        lon_min, lat_min = all_xy.min(axis=0)
        lon_max, lat_max = all_xy.max(axis=0)
    else:
        lon_min, lat_min = located.min()
        lon_max, lat_max = located.max()
    mid_lat = math.radians((lat_min + lat_max) / 2)
    dlat = cell_m / METRES_PER_DEGREE
    dlon = cell_m / (METRES_PER_DEGREE * math.cos(mid_lat))
    nx = math.floor((lon_max - lon_min) / dlon) + 1
    ny = math.floor((lat_max - lat_min) / dlat) + 1
    ix = np.floor((located["longitude"].to_numpy() - lon_min) / dlon).astype(int)
    iy = np.floor((located["latitude"].to_numpy() - lat_min) / dlat).astype(int)
    on_grid = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
    counts = np.zeros((ny, nx), dtype=int)
    np.add.at(counts, (iy[on_grid], ix[on_grid]), 1)
    gx, gy = np.meshgrid(np.arange(nx), np.arange(ny))
    frame = pd.DataFrame({
        "cell_x": gx.ravel(), "cell_y": gy.ravel(),
        "longitude": lon_min + (gx.ravel() + 0.5) * dlon,
        "latitude": lat_min + (gy.ravel() + 0.5) * dlat,
        "events": counts.ravel(),
    })
    if rings:
        keep = points_in_rings(frame["longitude"], frame["latitude"], rings)
        frame = frame[keep | (frame["events"] > 0)]
    frame = frame.sort_values("events", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs["cell_m"] = float(cell_m)
    frame.attrs["without_coordinates"] = int(len(events) - len(located))
    frame.attrs["outside_grid"] = int((~on_grid).sum())
    return frame
