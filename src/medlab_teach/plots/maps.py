"""Maps of Medellín's comunas and corregimientos, drawn from GeoJSON with plain matplotlib.

No GIS library is needed: each polygon is drawn as a patch of a ``PolyCollection`` in
longitude/latitude degrees. At Medellín's latitude (about 6°N) a degree of longitude and one of
latitude are almost the same length, so the map keeps an equal aspect and is not distorted in a
way a reader would notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from medlab_teach.errors import UnknownIdError
from medlab_teach.i18n import N_, _, format_number
from medlab_teach.places import outer_rings
from medlab_teach.plots.style import GREY, PALETTE, finish, new_figure

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

BOUNDARIES_SOURCE = N_("comuna boundaries from crimemappingdata (origin not documented)")
STATIONS_SOURCE = N_("Metro and cable stations: Metro de Medellín open data")

#: Property names a feature's territory code may be stored under, in order of preference.
CODE_PROPERTIES = ("territory_code", "code", "COMUNA", "codigo")
NAME_PROPERTIES = ("territory_name", "name", "NOMBRE", "nombre")

#: Marker and colour for each transport system in the stations table.
#: Names of the transport systems as shown in a legend (translated there).
SYSTEM_NAMES = (N_("Metro"), N_("Cable"), N_("Metrocable"), N_("Tranvía"), N_("Tranvia"))
SYSTEM_STYLE = {
    "metro": ("s", PALETTE[7]),
    "cable": ("^", PALETTE[1]),
    "metrocable": ("^", PALETTE[1]),
    "tranvía": ("D", PALETTE[2]),
    "tranvia": ("D", PALETTE[2]),
}


def _property(props: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if name in props:
            return props[name]
    return None


def features(geojson: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each feature as {'code', 'name', 'polygons': [outer ring arrays]} (holes ignored)."""
    if not isinstance(geojson, Mapping):
        raise TypeError(_("Expected a GeoJSON FeatureCollection (a dict), e.g. "
                          "data.boundaries(); got {type}.").format(type=type(geojson).__name__))
    items = geojson.get("features")
    if not isinstance(items, list) or not items:
        raise ValueError(_("Expected a GeoJSON FeatureCollection with features, e.g. "
                           "data.boundaries()."))
    out = []
    for feature in items:
        props = feature.get("properties") or {}
        code = _property(props, CODE_PROPERTIES)
        out.append({
            "code": None if code is None else str(code),
            "name": _property(props, NAME_PROPERTIES),
            "polygons": outer_rings(feature),
        })
    return out


def comuna_map(
    boundaries: Mapping[str, Any],
    *,
    values: Mapping[str, float] | pd.Series | None = None,
    value_label: str | None = None,
    stations: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    points_label: str | None = None,
    highlight: Any = (),
    label_codes: bool = True,
    title: str | None = None,
    source: str = BOUNDARIES_SOURCE,
) -> Figure:
    """Comunas and corregimientos, optionally shaded by ``values`` (code -> number), with
    stations (columns longitude, latitude, system) and points (longitude, latitude) on top.

    ``highlight`` outlines some territories (codes) in a thick line, e.g. San Cristóbal ("60");
    ``points_label`` names the points in the legend (e.g. "Cells holding half the homicides").
    """
    feats = features(boundaries)
    value_label = value_label or _("Homicides (count of events)")
    points_label = points_label or _("Events")
    _fig, ax = new_figure(7.5, 7.5)
    verts = [ring for feat in feats for ring in feat["polygons"]]
    owners = [feat["code"] for feat in feats for _ring in feat["polygons"]]
    _draw_territories(ax, feats, verts, owners, values, value_label)
    _outline(ax, verts, owners, highlight)
    if label_codes:
        _label_codes(ax, feats)
    if points is not None and len(points):
        size, alpha = (3, 0.35) if len(points) > 300 else (12, 0.8)
        ax.scatter(points["longitude"], points["latitude"], s=size, color=PALETTE[5],
                   alpha=alpha, linewidths=0,
                   label=f"{points_label} ({format_number(len(points))})")
    if stations is not None and len(stations):
        _draw_stations(ax, stations)
        source = f"{source}; {STATIONS_SOURCE}"
    all_xy = np.vstack(verts)
    pad = 0.005
    ax.set_xlim(all_xy[:, 0].min() - pad, all_xy[:, 0].max() + pad)
    ax.set_ylim(all_xy[:, 1].min() - pad, all_xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    if (points is not None and len(points)) or (stations is not None and len(stations)):
        ax.legend(loc="lower left", fontsize=8, frameon=True, markerscale=1.5)
    return finish(ax, title=title or _("Medellín: comunas and corregimientos"),
                  xlabel=_("Longitude (degrees east, negative = west)"),
                  ylabel=_("Latitude (degrees north)"), source=source)


def _draw_territories(ax: Axes, feats: list[dict[str, Any]], verts: list[np.ndarray],
                      owners: list[str | None], values: Mapping[str, float] | pd.Series | None,
                      value_label: str) -> None:
    """The polygons: grey, or shaded by ``values`` (code -> number) with a colour bar."""
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Normalize

    if values is None:
        ax.add_collection(PolyCollection(verts, facecolors="#E8E8E8", edgecolors=GREY,
                                         linewidths=0.8))
        return
    mapping = dict(values.items()) if hasattr(values, "items") else dict(values)
    mapping = {str(k): float(v) for k, v in mapping.items()}
    on_map = sorted(str(f["code"]) for f in feats)
    unknown = sorted(set(mapping) - set(on_map))
    if unknown:
        raise UnknownIdError(_("territory code on the map"), unknown[0], on_map,
                             _("values must be keyed by codes written as text, such as '01' "
                               "or '60'."))
    shade = np.array([mapping.get(code, np.nan) for code in owners])
    norm = Normalize(vmin=0, vmax=float(np.nanmax(shade)) if np.isfinite(shade).any() else 1)
    polys = PolyCollection(verts, array=np.ma.masked_invalid(shade), cmap="cividis_r",
                           norm=norm, edgecolors="white", linewidths=0.8)
    ax.add_collection(polys)
    ax.get_figure().colorbar(polys, ax=ax, shrink=0.7, label=value_label)


def _outline(ax: Axes, verts: list[np.ndarray], owners: list[str | None], highlight: Any) -> None:
    """A thick outline around the ``highlight`` territories (one code or several)."""
    from matplotlib.collections import PolyCollection

    marked = {str(c) for c in ([highlight] if isinstance(highlight, str) else highlight)}
    if marked:
        thick = [ring for ring, code in zip(verts, owners, strict=True) if code in marked]
        ax.add_collection(PolyCollection(thick, facecolors="none", edgecolors=PALETTE[5],
                                         linewidths=2.5))


def _label_codes(ax: Axes, feats: list[dict[str, Any]]) -> None:
    """Each territory's code at the centre of its largest polygon."""
    for feat in feats:
        ring = max(feat["polygons"], key=len)
        x, y = ring[:, 0].mean(), ring[:, 1].mean()
        ax.text(x, y, feat["code"] or "", ha="center", va="center", fontsize=7, color="#222222")


def _draw_stations(ax: Axes, stations: pd.DataFrame) -> None:
    """Stations (longitude, latitude, system), one marker and colour per transport system."""
    systems = stations["system"] if "system" in stations.columns else ["metro"] * len(stations)
    frame = stations.assign(_system=[str(s).strip().lower() for s in systems])
    for system, group in frame.groupby("_system", sort=True):
        marker, face = SYSTEM_STYLE.get(system, ("o", PALETTE[4]))
        ax.scatter(group["longitude"], group["latitude"], marker=marker, s=22, color=face,
                   edgecolors="white", linewidths=0.6, zorder=3,
                   label=_("{system} stations").format(system=_(system.capitalize())))
