"""The kit's data: tidy tables described by ``datapackage.json``, with their provenance.

Why this module exists: a notebook never reads a CSV path by hand. ``load(name)`` returns a
pandas DataFrame with the types the package's schema declares (integers as int64, codes as strings
that keep their leading zero, categories, datetimes), after checking that the file is exactly the
one the build wrote (sha256 in datapackage.json). ``describe(name)`` keeps each table's sources
and caveats next to the numbers, and ``rate`` / ``population_total`` make the population base of
every rate explicit: 2018 has two bases and the caller must name one.

The tables ship inside the package (``medlab_teach/datasets/``, read through
``importlib.resources``), so they are there wherever the kit is installed; the environment
variable ``MEDLAB_TEACH_DATA`` names another copy of that folder instead.

>>> from medlab_teach import data
>>> crimes = data.load("crimes_annual")
>>> data.rate(92, data.population_total("13", base="dap_2018"))   # San Javier, 2018
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from medlab_teach.errors import UnknownIdError

if TYPE_CHECKING:  # pandas is imported when a table is loaded, not when the kit is imported
    from importlib.resources.abc import Traversable

    import pandas as pd

ENV_VAR = "MEDLAB_TEACH_DATA"
DESCRIPTOR = "datapackage.json"
DATA_FOLDER = "datasets"  # inside the package: medlab_teach/datasets/
PACKAGE_FOLDER = f"src/medlab_teach/{DATA_FOLDER}"  # the same folder in a checkout
GEOJSON_RESOURCE = "boundaries"
REBUILD_HINT = "make data RAW=../shared/data/raw"

Base = Literal["dap_2018", "dane_cnpv_2018"]

#: The two population bases for 2018, and what each one is.
POPULATION_BASES: dict[str, str] = {
    "dap_2018": "Alcaldía de Medellín (DAP) projection for 2018 by comuna/corregimiento, "
                "2005-census based (table population_2018)",
    "dane_cnpv_2018": "DANE municipal population for 2018 based on the CNPV 2018 census, city "
                      "total only (population column of police_homicides_2003_2024)",
}
_MEDELLIN_DANE = "05001"


class DataError(Exception):
    """Base class of every data problem the loaders report."""


class UnknownTableError(DataError, UnknownIdError):
    """The table name is not in the data package; the message lists the names to type."""

    def __init__(self, name: str, valid: list[str]) -> None:
        if name == GEOJSON_RESOURCE:
            advice = "The boundaries are GeoJSON, not a table: type data.boundaries()."
        else:
            close = difflib.get_close_matches(name, valid, n=1)
            example = close[0] if close else valid[0] if valid else "crimes_annual"
            advice = (f"Did you mean {example!r}? " if close else "") + (
                f"Type the name in quotes, e.g. data.load({example!r}); data.names() lists them.")
        super().__init__("table", name, valid, advice)


class DataIntegrityError(DataError):
    """A data file is missing or differs from the hash recorded in datapackage.json."""


class MalformedDataError(DataError, ValueError):
    """datapackage.json itself cannot be read (it is the one file without a recorded hash)."""


# --------------------------------------------------------------------------------------------
# Locating the package and checking files
# --------------------------------------------------------------------------------------------


def data_files() -> Traversable:
    """Where the tables are read from: $MEDLAB_TEACH_DATA, else the kit's own package data.

    The one locator of the kit's data: the loaders here and the grading sandbox both use it, so
    an installed wheel, an editable checkout and an override all resolve the same way.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        folder = Path(override).expanduser()
        if not (folder / DESCRIPTOR).is_file():
            raise DataIntegrityError(
                f"{ENV_VAR}={override} has no {DESCRIPTOR}. Point {ENV_VAR} at a copy of the "
                f"kit's data folder ({PACKAGE_FOLDER}), or unset it to use the installed data."
            )
        return folder
    shipped = resources.files(__package__ or "medlab_teach") / DATA_FOLDER
    if not (shipped / DESCRIPTOR).is_file():
        raise DataIntegrityError(
            f"The installed kit has no {DATA_FOLDER}/{DESCRIPTOR}. Reinstall it "
            "(`pip install --force-reinstall medlab-teach`, or `pip install -e .` in a checkout), "
            f"or set {ENV_VAR} to a data folder."
        )
    return shipped


def data_dir() -> Path:
    """The data folder as a path on disk, for tools that need one (the grading sandbox mounts it
    read-only); the loaders themselves only read through ``data_files()``."""
    folder = data_files()
    if not isinstance(folder, Path):
        raise DataIntegrityError(
            f"The kit's data are inside an archive ({folder}), not a folder. Install the kit "
            f"unpacked (pip does), or set {ENV_VAR} to a copy of {PACKAGE_FOLDER}."
        )
    return folder


_package_cache: dict[str, tuple[bytes, dict[str, Any]]] = {}


def _package() -> tuple[Traversable, dict[str, Any]]:
    """The folder and its parsed descriptor (parsed again only when the file's bytes change)."""
    folder = data_files()
    raw = (folder / DESCRIPTOR).read_bytes()
    cached = _package_cache.get(str(folder))
    if cached is None or cached[0] != raw:
        try:
            descriptor = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedDataError(
                f"{folder / DESCRIPTOR} is not valid JSON ({exc}). {_restore_hint(DESCRIPTOR)}"
            ) from exc
        _package_cache.clear()
        cached = _package_cache[str(folder)] = (raw, descriptor)
    return folder, cached[1]


def _resources() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in _package()[1]["resources"]}


def names() -> list[str]:
    """The tables ``load`` can return, in the package's order (the GeoJSON is separate)."""
    return [n for n, r in _resources().items() if r.get("format") == "csv"]


def _resource(name: str, *, tabular: bool = True) -> dict[str, Any]:
    if not isinstance(name, str):
        raise TypeError(
            f"A table name is text in quotes, e.g. data.load('crimes_annual'), not "
            f"{type(name).__name__} {name!r}."
        )
    resources = _resources()
    valid = [n for n, r in resources.items() if not tabular or r.get("format") == "csv"]
    if name not in valid:
        raise UnknownTableError(name, valid)
    return resources[name]


def _restore_hint(rel: str) -> str:
    return (f"Restore it with `git checkout -- {PACKAGE_FOLDER}/{rel}` in a checkout or "
            "`pip install --force-reinstall medlab-teach` for an installed kit, or rebuild "
            f"every table with `{REBUILD_HINT}`.")


def _checked_bytes(resource: dict[str, Any]) -> bytes:
    """The resource's file content, verified against the sha256 that the build recorded.

    A match means the bytes are exactly those the build wrote and CI validated against the
    schema, so nothing after this check needs to re-validate them.
    """
    folder, _ = _package()
    rel = resource["path"]
    path = folder / rel
    if not path.is_file():
        raise DataIntegrityError(f"{rel} is missing from {folder}. {_restore_hint(rel)}")
    content = path.read_bytes()
    expected = str(resource.get("hash", "")).removeprefix("sha256:")
    digest = hashlib.sha256(content).hexdigest()
    if digest != expected:
        raise DataIntegrityError(
            f"{rel} in {folder} has been altered: its sha256 is {digest}, {DESCRIPTOR} records "
            f"{expected or 'none'}. {_restore_hint(rel)}"
        )
    return content


# --------------------------------------------------------------------------------------------
# Reading a table by its schema
# --------------------------------------------------------------------------------------------


def _required(field: dict[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required", False))


def _parse_dtype(field: dict[str, Any]) -> Any:
    if field["type"] == "integer":
        return "int64" if _required(field) else "Int64"
    return "float64" if field["type"] == "number" else str


def _read(resource: dict[str, Any]) -> pd.DataFrame:
    import pandas as pd

    content = _checked_bytes(resource)
    fields = resource["schema"]["fields"]
    frame = pd.read_csv(
        io.BytesIO(content), encoding="utf-8", keep_default_na=False,
        dtype={f["name"]: _parse_dtype(f) for f in fields},
        na_values={f["name"]: [""] for f in fields if not _required(f)},
    )
    for field in fields:
        frame[field["name"]] = _final_dtype(frame[field["name"]], field)
    return frame


def _final_dtype(col: pd.Series, field: dict[str, Any]) -> pd.Series:
    """Give one column the dtype its schema field asks for (datetime, ordered category...)."""
    import pandas as pd

    if field["type"] in ("date", "datetime"):
        fmt = "%Y-%m-%d" if field["type"] == "date" else field.get("format", "%Y-%m-%dT%H:%M:%S")
        return pd.to_datetime(col, format=fmt)
    if "categories" in field:
        return pd.Series(
            pd.Categorical(col, categories=field["categories"],
                           ordered=bool(field.get("categoriesOrdered", False))),
            index=col.index, name=field["name"],
        )
    return col


def load(name: str) -> pd.DataFrame:
    """One table of the data package as a DataFrame with the schema's types.

    The file is checked against its recorded sha256 first; an unknown name lists the tables.
    """
    return _read(_resource(name))


def boundaries() -> dict[str, Any]:
    """The 21 comuna and corregimiento polygons as a GeoJSON FeatureCollection (a dict)."""
    res = _resource(GEOJSON_RESOURCE, tabular=False)
    return json.loads(_checked_bytes(res).decode("utf-8"))


def territory_names(*, include_unknown: bool = False) -> dict[str, str]:
    """Territory code -> name ('01' -> 'Popular' ... '90' -> 'Santa Elena').

    With ``include_unknown=True`` the crime tables' 'SIN DATO' code is added ('Sin dato').
    """
    frame = load("territories")
    out = dict(zip(frame["territory_code"], frame["territory_name"], strict=True))
    if include_unknown:
        out["SIN DATO"] = "Sin dato"
    return out


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableInfo:
    """Provenance of one resource: what it is, where it comes from, what to be careful about."""

    name: str
    title: str
    description: str
    path: str
    sources: tuple[str, ...]
    licenses: tuple[str, ...]
    caveats: tuple[str, ...]
    columns: tuple[tuple[str, str, str], ...]  # (name, type, description)
    primary_key: tuple[str, ...]
    sha256: str

    def __str__(self) -> str:
        lines = [f"{self.title} [{self.name}]", "", self.description, "",
                 f"File: {self.path} (sha256 {self.sha256[:12]}...)", "Sources:"]
        lines += [f"  - {s}" for s in self.sources]
        lines += ["Licence:"] + [f"  - {lic}" for lic in self.licenses]
        lines += ["Caveats:"] + [f"  - {c}" for c in self.caveats]
        if self.columns:
            lines += ["Columns:"] + [f"  - {n} ({t}): {d}" for n, t, d in self.columns]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        def esc(text: str) -> str:
            return text.replace("|", "\\|")

        parts = [f"**{self.title}** (`{self.name}`)", "", self.description, "",
                 "**Sources**", ""]
        parts += [f"- {s}" for s in self.sources]
        parts += ["", "**Licence**", ""] + [f"- {lic}" for lic in self.licenses]
        parts += ["", "**Caveats**", ""] + [f"- {c}" for c in self.caveats]
        if self.columns:
            parts += ["", "| column | type | description |", "|---|---|---|"]
            parts += [f"| `{n}` | {t} | {esc(d)} |" for n, t, d in self.columns]
        parts += ["", f"File `{self.path}`, sha256 `{self.sha256[:12]}…`"]
        return "\n".join(parts)


def describe(name: str) -> TableInfo:
    """Provenance and caveats of a table (or of 'boundaries'), readable in a notebook."""
    res = _resource(name, tabular=False)

    def source_text(s: dict[str, Any]) -> str:
        extra = f" (copied from {s['copied_from']})" if s.get("copied_from") else ""
        return f"{s.get('title', '')} <{s.get('path', '')}>{extra}"

    fields = res.get("schema", {}).get("fields", [])
    return TableInfo(
        name=res["name"], title=res.get("title", res["name"]),
        description=res.get("description", ""), path=res["path"],
        sources=tuple(source_text(s) for s in res.get("sources", [])),
        licenses=tuple(lic.get("title") or lic.get("name", "") for lic in res.get("licenses", [])),
        caveats=tuple(res.get("caveats", [])),
        columns=tuple((f["name"], f["type"], f.get("description", "")) for f in fields),
        primary_key=tuple(res.get("schema", {}).get("primaryKey", [])),
        sha256=str(res.get("hash", "")).removeprefix("sha256:"),
    )


# --------------------------------------------------------------------------------------------
# Rates with an explicit population base
# --------------------------------------------------------------------------------------------


def rate(cases: Any, population: Any, per: float = 100_000) -> Any:
    """Cases per ``per`` inhabitants (default per 100,000); works on numbers, arrays, Series.

    The population must be positive everywhere: a zero or missing population is an error, not
    an infinite or empty rate.
    """
    import numpy as np

    if isinstance(per, bool) or not isinstance(per, (int, float)):
        raise TypeError(f"per must be a number (e.g. 100_000), not {type(per).__name__} {per!r}")
    if not per > 0:
        raise ValueError(f"per must be a positive number (e.g. 100_000), not {per!r}")
    pop = np.asarray(population, dtype=float)
    bad = np.isnan(pop) | (pop <= 0)
    if bad.any():
        if pop.ndim == 0:
            raise ValueError(f"population must be a positive number, not {population!r}")
        raise ValueError(
            f"population must be positive and not missing in every row: {int(bad.sum())} of "
            f"{bad.size} are zero, negative or missing"
        )
    result = cases / population * per
    return float(result) if np.ndim(result) == 0 else result


def population_total(territory_code: str | None, base: Base) -> int:
    """People living in a territory (or the city, with ``None``) in 2018, on a named base.

    ``base`` has no default on purpose: ``"dap_2018"`` (Alcaldía projection, by comuna; city
    total 2,529,403) and ``"dane_cnpv_2018"`` (DANE, CNPV-2018 based; city only, 2,427,129)
    differ by about 4%, and a rate must say which one it used.
    """
    if base not in POPULATION_BASES:
        raise UnknownIdError(
            "population base", base, POPULATION_BASES,
            "Name one of them: " + "; ".join(f"{k!r} = {v}" for k, v in POPULATION_BASES.items()),
        )
    if territory_code is not None:
        _check_territory_code(territory_code)
    if base == "dane_cnpv_2018":
        if territory_code is not None:
            raise ValueError(
                "The DANE CNPV-2018 base gives only Medellín's city total in this kit, not "
                f"comuna {territory_code!r}. Use base='dap_2018' for comunas and "
                "corregimientos, or territory_code=None for the city."
            )
        police = load("police_homicides_2003_2024")
        row = police[(police["municipality_code"] == _MEDELLIN_DANE) & (police["year"] == 2018)]
        return int(row["population"].iloc[0])
    pop = load("population_2018")
    if territory_code is not None:
        pop = pop[pop["territory_code"] == territory_code]
    return int(pop["population"].sum())


def _check_territory_code(territory_code: object) -> None:
    """A territory code is a two-digit string that the territories table knows."""
    codes = territory_names()
    if not isinstance(territory_code, str):
        hint = (f" Write it as a two-digit string, e.g. '{territory_code:02d}'."
                if isinstance(territory_code, int) and not isinstance(territory_code, bool)
                else "")
        raise TypeError(f"A territory code is a string like '13', not "
                        f"{type(territory_code).__name__} {territory_code!r}.{hint}")
    if territory_code not in codes:
        padded = territory_code.zfill(2) if re.fullmatch(r"\d", territory_code) else ""
        advice = (f"Codes have two digits: type {padded!r}. " if padded in codes else "")
        raise UnknownIdError("territory code", territory_code, codes,
                             advice + "Or pass None for the whole city.")
