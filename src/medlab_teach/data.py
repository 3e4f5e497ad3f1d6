"""The kit's data: tidy tables described by ``datapackage.json``, with their provenance.

Why this module exists: a notebook never reads a CSV path by hand. ``load(name)`` returns a
pandas DataFrame with the types the package's schema declares (integers as int64, codes as strings
that keep their leading zero, categories, datetimes), after checking that the file is exactly the
one the build wrote (sha256 in datapackage.json). ``describe(name)`` keeps each table's sources
and caveats next to the numbers, and ``rate`` / ``population_total`` make the population base of
every rate explicit: 2018 has two bases and the caller must name one.

The data package is written in English; ``describe`` shows its titles, descriptions, licences,
caveats and column descriptions through the kit's catalog, in the language in force when it is
shown (``set_language``), and so do this module's messages. Sources stay as cited.

The tables ship inside the package (``medlab_teach/datasets/``, read through
``importlib.resources``), so they are there wherever the kit is installed; the environment
variable ``MEDLAB_TEACH_DATA`` names another copy of that folder instead.

>>> from medlab_teach import data
>>> crimes = data.load("crimes_annual")
>>> data.rate(92, data.population_total("13", base="dap_2018"))   # San Javier, 2018
"""

from __future__ import annotations

import contextlib
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
from medlab_teach.i18n import N_, _, format_number

if TYPE_CHECKING:  # pandas is imported when a table is loaded, not when the kit is imported
    from importlib.resources.abc import Traversable

    import pandas as pd

ENV_VAR = "MEDLAB_TEACH_DATA"
DESCRIPTOR = "datapackage.json"
DATA_FOLDER = "datasets"  # inside the package: medlab_teach/datasets/
PACKAGE_FOLDER = f"src/medlab_teach/{DATA_FOLDER}"  # the same folder in a checkout
GEOJSON_RESOURCE = "boundaries"
REBUILD_HINT = "make data RAW=path/to/raw"

Base = Literal["dap_2018", "dane_cnpv_2018"]

#: The two population bases for 2018, and what each one is (in English; shown through ``_()``).
POPULATION_BASES: dict[str, str] = {
    "dap_2018": N_("Alcaldía de Medellín (DAP) projection for 2018 by comuna/corregimiento, "
                   "2005-census based (table population_2018)"),
    "dane_cnpv_2018": N_("DANE municipal population for 2018 based on the CNPV 2018 census, "
                         "city total only (population column of police_homicides_2003_2024)"),
}
_MEDELLIN_DANE = "05001"


class DataError(Exception):
    """Base class of every data problem the loaders report."""


class UnknownTableError(DataError, UnknownIdError):
    """The table name is not in the data package; the message lists the names to type."""

    def __init__(self, name: str, valid: list[str]) -> None:
        if name == GEOJSON_RESOURCE:
            advice = _("The boundaries are GeoJSON, not a table: type data.boundaries().")
        else:
            close = difflib.get_close_matches(name, valid, n=1)
            example = close[0] if close else valid[0] if valid else "crimes_annual"
            guess = _("Did you mean {example!r}? ").format(example=example) if close else ""
            advice = guess + _("Type the name in quotes, e.g. data.load({example!r}); "
                               "data.names() lists them.").format(example=example)
        super().__init__(_("table"), name, valid, advice)


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
                _("{variable}={value} has no {descriptor}. Point {variable} at a copy of the "
                  "kit's data folder ({folder}), or unset it to use the installed data.").format(
                    variable=ENV_VAR, value=override, descriptor=DESCRIPTOR,
                    folder=PACKAGE_FOLDER)
            )
        return folder
    shipped = resources.files(__package__ or "medlab_teach") / DATA_FOLDER
    if not (shipped / DESCRIPTOR).is_file():
        raise DataIntegrityError(
            _("The installed kit has no {path}. Reinstall it "
              "(`pip install --force-reinstall medlab-teach`, or `pip install -e .` in a "
              "checkout), or set {variable} to a data folder.").format(
                path=f"{DATA_FOLDER}/{DESCRIPTOR}", variable=ENV_VAR)
        )
    return shipped


def data_dir() -> Path:
    """The data folder as a path on disk, for tools that need one (the grading sandbox mounts it
    read-only); the loaders themselves only read through ``data_files()``."""
    folder = data_files()
    if not isinstance(folder, Path):
        raise DataIntegrityError(
            _("The kit's data are inside an archive ({archive}), not a folder. Install the kit "
              "unpacked (pip does), or set {variable} to a copy of {folder}.").format(
                archive=folder, variable=ENV_VAR, folder=PACKAGE_FOLDER)
        )
    return folder


_package_cache: dict[str, tuple[bytes, dict[str, Any]]] = {}
_table_cache: dict[tuple[str, str], tuple[tuple[int, int], Any]] = {}


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
                _("{path} is not valid JSON ({error}). {hint}").format(
                    path=folder / DESCRIPTOR, error=exc, hint=_restore_hint(DESCRIPTOR))
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
            _("A table name is text in quotes, e.g. data.load('crimes_annual'), not "
              "{type} {value!r}.").format(type=type(name).__name__, value=name)
        )
    resources = _resources()
    valid = [n for n, r in resources.items() if not tabular or r.get("format") == "csv"]
    if name not in valid:
        raise UnknownTableError(name, valid)
    return resources[name]


def _restore_hint(rel: str) -> str:
    return _("Restore it with `git checkout -- {path}` in a checkout or "
             "`pip install --force-reinstall medlab-teach` for an installed kit, or rebuild "
             "every table with `{command}`.").format(path=f"{PACKAGE_FOLDER}/{rel}",
                                                     command=REBUILD_HINT)


def _checked_bytes(resource: dict[str, Any]) -> bytes:
    """The resource's file content, verified against the sha256 that the build recorded.

    A match means the bytes are exactly those the build wrote and CI validated against the
    schema, so nothing after this check needs to re-validate them.
    """
    folder = _package()[0]
    rel = resource["path"]
    path = folder / rel
    if not path.is_file():
        raise DataIntegrityError(_("{file} is missing from {folder}. {hint}").format(
            file=rel, folder=folder, hint=_restore_hint(rel)))
    content = path.read_bytes()
    expected = str(resource.get("hash", "")).removeprefix("sha256:")
    digest = hashlib.sha256(content).hexdigest()
    if digest != expected:
        raise DataIntegrityError(
            _("{file} in {folder} has been altered: its sha256 is {digest}, {descriptor} "
              "records {expected}. {hint}").format(
                file=rel, folder=folder, digest=digest, descriptor=DESCRIPTOR,
                expected=expected or _("none"), hint=_restore_hint(rel))
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
    """One table of the data package as a DataFrame with the schema's types (a fresh copy).

    The file is checked against its recorded sha256 when it is read; a table is read again
    (and checked again) whenever its file changes. An unknown name lists the tables.
    """
    return _parsed(_resource(name)).copy()


def _parsed(resource: dict[str, Any]) -> pd.DataFrame:
    """The table as last read, reused while its file is unchanged (same time stamp and size).

    Lessons, exercises and the grader's tests load the same tables again and again; parsing a
    table costs 1-17 ms, copying it a fraction of that.
    """
    path = data_files() / resource["path"]  # the descriptor was just read by _resource
    try:
        found = path.stat()  # type: ignore[attr-defined]
        stamp: tuple[int, int] | None = (found.st_mtime_ns, found.st_size)
    except (AttributeError, OSError):
        stamp = None  # not a plain file (or missing): read, and report, as usual
    key = (str(path), str(resource.get("hash", "")))
    cached = _table_cache.get(key)
    if stamp is not None and cached is not None and cached[0] == stamp:
        return cached[1]
    frame = _read(resource)
    if stamp is not None:
        _table_cache[key] = (stamp, frame)
    return frame


def preload_tables() -> None:
    """Read every table once, so that processes forked from this one find them parsed.

    A table that cannot be read is skipped: whoever loads it later gets the error itself.
    """
    for name in names():
        with contextlib.suppress(DataError, OSError):
            _parsed(_resource(name))


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


def _shown(text: str) -> str:
    """A text of the data package in the learner's language (the package itself is English)."""
    return _(text) if text else text


@dataclass(frozen=True)
class TableInfo:
    """Provenance of one resource: what it is, where it comes from, what to be careful about.

    The fields hold the data package's own (English) text, the single source; printing the
    object or showing it in a notebook translates it into the language in force at that moment.
    Sources are citations and stay as their authors titled them.
    """

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
        lines = [f"{_shown(self.title)} [{self.name}]", "", _shown(self.description), "",
                 _("File: {path} (sha256 {digest}...)").format(path=self.path,
                                                               digest=self.sha256[:12]),
                 _("Sources:")]
        lines += [f"  - {s}" for s in self.sources]
        lines += [_("Licence:")] + [f"  - {_shown(lic)}" for lic in self.licenses]
        lines += [_("Caveats:")] + [f"  - {_shown(c)}" for c in self.caveats]
        if self.columns:
            lines += [_("Columns:")] + [f"  - {n} ({t}): {_shown(d)}" for n, t, d in self.columns]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        def esc(text: str) -> str:
            return text.replace("|", "\\|")

        sources, licence, caveats = _("Sources"), _("Licence"), _("Caveats")
        parts = [f"**{_shown(self.title)}** (`{self.name}`)", "", _shown(self.description), "",
                 f"**{sources}**", ""]
        parts += [f"- {s}" for s in self.sources]
        parts += ["", f"**{licence}**", ""] + [f"- {_shown(lic)}" for lic in self.licenses]
        parts += ["", f"**{caveats}**", ""] + [f"- {_shown(c)}" for c in self.caveats]
        if self.columns:
            header = (_("column"), _("type"), _("description"))
            parts += ["", "| {} | {} | {} |".format(*header), "|---|---|---|"]
            parts += [f"| `{n}` | {t} | {esc(_shown(d))} |" for n, t, d in self.columns]
        parts += ["", _("File `{path}`, sha256 `{digest}…`").format(path=self.path,
                                                                  digest=self.sha256[:12])]
        return "\n".join(parts)


def describe(name: str) -> TableInfo:
    """Provenance and caveats of a table (or of 'boundaries'), readable in a notebook."""
    res = _resource(name, tabular=False)
    fields = res.get("schema", {}).get("fields", [])
    return TableInfo(
        name=res["name"], title=res.get("title", res["name"]),
        description=res.get("description", ""), path=res["path"],
        sources=tuple(_source_text(s) for s in res.get("sources", [])),
        licenses=tuple(lic.get("title") or lic.get("name", "") for lic in res.get("licenses", [])),
        caveats=tuple(res.get("caveats", [])),
        columns=tuple((f["name"], f["type"], f.get("description", "")) for f in fields),
        primary_key=tuple(res.get("schema", {}).get("primaryKey", [])),
        sha256=str(res.get("hash", "")).removeprefix("sha256:"),
    )


def _source_text(source: dict[str, Any]) -> str:
    """A source as cited: its own title and link, and the copy the build read it from."""
    where = f" <{source['path']}>" if source.get("path") else ""
    copied = source.get("copied_from")
    extra = " " + _("(copied from {origin})").format(origin=copied) if copied else ""
    return f"{source.get('title', '')}{where}{extra}"


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
        raise TypeError(_("per must be a number (e.g. 100_000), not {type} {value!r}").format(
            type=type(per).__name__, value=per))
    if not per > 0:
        raise ValueError(_("per must be a positive number (e.g. 100_000), not {value!r}").format(
            value=per))
    pop = np.asarray(population, dtype=float)
    bad = np.isnan(pop) | (pop <= 0)
    if bad.any():
        if pop.ndim == 0:
            raise ValueError(_("population must be a positive number, not {value!r}").format(
                value=population))
        raise ValueError(
            _("population must be positive and not missing in every row: {bad} of {rows} are "
              "zero, negative or missing").format(bad=format_number(int(bad.sum())),
                                                  rows=format_number(bad.size))
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
            _("population base"), base, POPULATION_BASES,
            _("Name one of them: {bases}").format(
                bases="; ".join(f"{k!r} = {_(v)}" for k, v in POPULATION_BASES.items())),
        )
    if territory_code is not None:
        _check_territory_code(territory_code)
    if base == "dane_cnpv_2018":
        if territory_code is not None:
            raise ValueError(
                _("The DANE CNPV-2018 base gives only Medellín's city total in this kit, not "
                  "comuna {code!r}. Use base='dap_2018' for comunas and corregimientos, or "
                  "territory_code=None for the city.").format(code=territory_code)
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
        hint = (" " + _("Write it as a two-digit string, e.g. {example!r}.").format(
                    example=f"{territory_code:02d}")
                if isinstance(territory_code, int) and not isinstance(territory_code, bool)
                else "")
        raise TypeError(_("A territory code is a string like '13', not {type} {value!r}.").format(
            type=type(territory_code).__name__, value=territory_code) + hint)
    if territory_code not in codes:
        padded = territory_code.zfill(2) if re.fullmatch(r"\d", territory_code) else ""
        advice = (_("Codes have two digits: type {code!r}. ").format(code=padded)
                  if padded in codes else "")
        raise UnknownIdError(_("territory code"), territory_code, codes,
                             advice + _("Or pass None for the whole city."))
